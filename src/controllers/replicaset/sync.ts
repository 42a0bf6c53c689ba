// One ReplicaSet sync: syncReplicaSet, claimPods, manageReplicas, getIndirectlyRelatedPods from
// pkg/controller/replicaset/replica_set.go (v1.28). Differs: no expectations (the view already holds
// this controller's own writes), pods are found through the owner index rather than a namespace list.
import type { LabelSelector, Pod, ReplicaSet } from '../../api/types.js';
import { compiled, fromLabelSelector, matches } from '../../api/labels.js';
import { controllerRef, isPodActive } from '../../api/podutil.js';
import type { View } from '../../state/cluster.js';
import type { Ctx } from '../../state/controller.js';
import { keyOfObject } from '../../state/events.js';
import { createPod, deletePod, failCreate, getPodFromTemplate, newControllerRef } from './podcontrol.js';
import { getPodsToDelete, type RankFeatures } from './ranking.js';
import { calculateStatus, nextAvailableTick, updateReplicaSetStatus } from './status.js';
import { ApiError, SLOW_START_INITIAL_BATCH_SIZE, slowStartBatch } from './slowstart.js';

/** BurstReplicas: at most this many creates or deletes per sync. */
export const BURST_REPLICAS = 500;

/**
 * The pods each ReplicaSet has created in the current tick. A ReplicaSet creates at most
 * spec.replicas pods in one simulated second; the rest wait for the next second.
 *
 * Why: a replacement that is removed in the second it was created (bound to a node whose
 * NoExecute taint it tolerates for 0 s, rejected at admission …) is replaced again at once, and
 * upstream runs that loop in wall-clock time, throttled only by kube-controller-manager's API
 * client (--kube-api-qps 20, burst 30) — dozens of pods a second until whatever causes it stops.
 * kreplay settles each tick by running controllers until quiet, so an unbounded loop would never
 * end the tick. Bounding it at spec.replicas per second changes nothing when no pod of the second
 * is lost (no ReplicaSet needs more than spec.replicas creates in a second then), and turns the
 * storm into one round a second — fewer churned pods than a real cluster, the same outcome.
 * Deterministic and resume-safe: the ledger covers only the tick being simulated, and ticks are
 * atomic.
 */
export class CreateLedger {
  private tick = -1;
  private readonly created = new Map<string, number>();

  /** Pods `key` may still create in `tick` out of `replicas`. */
  allowance(tick: number, key: string, replicas: number): number {
    if (tick !== this.tick) {
      this.tick = tick;
      this.created.clear();
    }
    return Math.max(0, replicas - (this.created.get(key) ?? 0));
  }

  spend(key: string, n: number): void {
    if (n > 0) this.created.set(key, (this.created.get(key) ?? 0) + n);
  }
}

const validSelectors = new WeakMap<LabelSelector, boolean>();

/** metav1.LabelSelectorAsSelector succeeds (memoised per immutable selector). */
export function selectorIsValid(sel: LabelSelector | undefined): boolean {
  if (!sel) return true; // nil selector: selects nothing, but is not an error
  let ok = validSelectors.get(sel);
  if (ok === undefined) {
    try {
      fromLabelSelector(sel);
      ok = true;
    } catch {
      ok = false;
    }
    validSelectors.set(sel, ok);
  }
  return ok;
}

const byName = (a: Pod, b: Pod): number => (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0);

/**
 * The pods a sync looks at: the active pods in the RS's namespace that carry an ownerReference to
 * it (the owner index), plus orphan candidates found by the caller (re-read: an earlier sync in
 * this run may have adopted them). Upstream lists every pod of the namespace; only these can be
 * claimed or released, so the outcome is the same.
 */
export function candidatePods(view: View, rs: ReplicaSet, orphans: readonly Pod[]): Pod[] {
  const ns = rs.metadata.namespace ?? '';
  const out: Pod[] = [];
  for (const p of view.ownedBy(rs.metadata.uid ?? '', 'Pod')) {
    if ((p.metadata.namespace ?? '') === ns && isPodActive(p)) out.push(p);
  }
  if (orphans.length === 0) return out;
  const seen = new Set(out.map((p) => p.metadata.name));
  for (const o of orphans) {
    const p = view.get('Pod', o.metadata.namespace ?? '', o.metadata.name);
    if (!p || seen.has(p.metadata.name) || (p.metadata.namespace ?? '') !== ns || !isPodActive(p)) continue;
    seen.add(p.metadata.name);
    out.push(p);
  }
  return out;
}

/**
 * claimPods (PodControllerRefManager.ClaimPods): keep owned pods that match the selector, release
 * owned ones that no longer match, adopt matching orphans — neither while the RS is being deleted.
 * Writes go in pod-name order; the adopted pods follow the owned ones in the result.
 */
export function claimPods(ctx: Ctx, rs: ReplicaSet, pods: readonly Pod[], cause: number): Pod[] {
  const uid = rs.metadata.uid ?? '';
  const deleting = rs.metadata.deletionTimestamp !== undefined;
  const sel = compiled(rs.spec.selector);
  const claimed: Pod[] = [];
  const toRelease: Pod[] = [];
  const toAdopt: Pod[] = [];
  for (const pod of pods) {
    const ref = controllerRef(pod);
    const match = matches(sel, pod.metadata.labels);
    if (ref) {
      if (ref.uid !== uid) continue; // owned by someone else
      if (match) claimed.push(pod);
      else if (!deleting) toRelease.push(pod);
      continue;
    }
    if (deleting || !match || pod.metadata.deletionTimestamp !== undefined) continue;
    if ((pod.metadata.namespace ?? '') !== (rs.metadata.namespace ?? '')) continue;
    toAdopt.push(pod);
  }
  for (const pod of toRelease.sort(byName)) releasePod(ctx, rs, pod, cause);
  for (const pod of toAdopt.sort(byName)) claimed.push(adoptPod(ctx, rs, pod, cause));
  return claimed;
}

/** AdoptPod: a strategic-merge patch adding the controllerRef (merged by uid). */
function adoptPod(ctx: Ctx, rs: ReplicaSet, pod: Pod, cause: number): Pod {
  const ref = newControllerRef(rs);
  return ctx.update(pod, (d) => {
    const refs = d.metadata.ownerReferences ?? [];
    const i = refs.findIndex((r) => r.uid === ref.uid);
    if (i >= 0) refs[i] = ref;
    else refs.push(ref);
    d.metadata.ownerReferences = refs;
  }, { type: 'PodAdopted', cause, data: { owner: rs.metadata.name } });
}

/** ReleasePod: a strategic-merge patch deleting the ownerReference with the RS's uid. */
function releasePod(ctx: Ctx, rs: ReplicaSet, pod: Pod, cause: number): void {
  const uid = rs.metadata.uid;
  ctx.update(pod, (d) => {
    const rest = (d.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid);
    if (rest.length) d.metadata.ownerReferences = rest;
    else delete d.metadata.ownerReferences;
  }, { type: 'PodReleased', cause, data: { owner: rs.metadata.name } });
}

/**
 * getIndirectlyRelatedPods: the pods of every ReplicaSet with the same controller (e.g. all
 * ReplicaSets of one Deployment), each RS contributing the pods it owns that match its selector
 * (upstream: every pod of the namespace matching its selector), de-duplicated. None when the RS
 * has no controller.
 */
export function getIndirectlyRelatedPods(view: View, rs: ReplicaSet): Pod[] {
  const owner = controllerRef(rs);
  if (!owner) return [];
  const out: Pod[] = [];
  const seen = new Set<string>();
  for (const related of view.ownedBy(owner.uid, 'ReplicaSet')) {
    if (controllerRef(related)?.uid !== owner.uid || !selectorIsValid(related.spec.selector)) continue;
    const sel = compiled(related.spec.selector);
    for (const p of view.ownedBy(related.metadata.uid ?? '', 'Pod')) {
      const uid = p.metadata.uid ?? '';
      if (seen.has(uid) || p.metadata.namespace !== related.metadata.namespace || !matches(sel, p.metadata.labels)) continue;
      seen.add(uid);
      out.push(p);
    }
  }
  return out;
}

/**
 * manageReplicas: create min(missing, 500) pods with slow start, or delete min(extra, 500) pods
 * chosen by getPodsToDelete. Returns the error that sets ReplicaFailure.
 */
export function manageReplicas(ctx: Ctx, filteredPods: readonly Pod[], rs: ReplicaSet, cause: number, features?: Readonly<RankFeatures>, ledger?: CreateLedger): ApiError | undefined {
  const replicas = rs.spec.replicas ?? 1;
  const diff = filteredPods.length - replicas;
  if (diff < 0) {
    const key = keyOfObject(rs);
    const wanted = Math.min(-diff, BURST_REPLICAS);
    const count = ledger ? Math.min(wanted, ledger.allowance(ctx.tick, key, replicas)) : wanted;
    if (count < wanted) ctx.requeueAfter(key, 1);
    if (count === 0) return undefined;
    const settings = ctx.view.count('SimConfig') > 0 ? ctx.view.config().settings.apiServer : undefined;
    const pod = getPodFromTemplate(rs.spec.template, rs, newControllerRef(rs), settings);
    if (pod instanceof ApiError) return slowStartBatch(count, SLOW_START_INITIAL_BATCH_SIZE, () => failCreate(ctx, rs, pod, cause)).error;
    const result = slowStartBatch(count, SLOW_START_INITIAL_BATCH_SIZE, () => createPod(ctx, rs, pod, cause));
    ledger?.spend(key, result.successes);
    return result.error;
  }
  if (diff > 0) {
    const count = Math.min(diff, BURST_REPLICAS);
    const related = getIndirectlyRelatedPods(ctx.view, rs);
    let victims = getPodsToDelete(filteredPods, related, count, ctx.now(), features);
    // Deleting them all: upstream deletes in parallel, in no order; we go by name.
    if (count >= filteredPods.length) victims = victims.sort(byName);
    for (const pod of victims) deletePod(ctx, rs, pod, cause);
  }
  return undefined;
}

/**
 * syncReplicaSet: claim, manage (unless the RS is being deleted), then write the status computed
 * from the pods seen before this sync's creates and deletes (as upstream: those show up when the
 * pod events wake the next sync). Requeues for the tick a ready pod becomes available.
 */
export function syncReplicaSet(ctx: Ctx, rs: ReplicaSet, orphans: readonly Pod[], cause: number, features?: Readonly<RankFeatures>, ledger?: CreateLedger): void {
  if (!selectorIsValid(rs.spec.selector)) return; // upstream: HandleError, no status update
  const filteredPods = claimPods(ctx, rs, candidatePods(ctx.view, rs, orphans), cause);
  let manageErr: ApiError | undefined;
  if (rs.metadata.deletionTimestamp === undefined) manageErr = manageReplicas(ctx, filteredPods, rs, cause, features, ledger);
  const key = keyOfObject(rs);
  const current = (ctx.view.getByKey(key) as ReplicaSet | undefined) ?? rs;
  const status = calculateStatus(current, filteredPods, manageErr, ctx.tick, ctx.clock);
  updateReplicaSetStatus(ctx, current, status, cause);
  const at = nextAvailableTick(current, filteredPods, ctx.tick, ctx.clock);
  if (at !== undefined) ctx.requeueAfter(key, at - ctx.tick);
}
