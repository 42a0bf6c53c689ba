// The disruption controller: its event handlers (addPod/updatePod/deletePod, addDB/updateDB),
// sync/trySync/failSafe, the recheck queue and the stale DisruptionTarget cleanup of
// pkg/controller/disruption/disruption.go (v1.28), over kreplay's dirty set and timers.
// Differs: see DisruptionController's doc (all matching budgets woken; events only with writes).
import { fromLabelSelector, SelectorError } from '../../api/labels.js';
import { controllerRef, getCondition, isTerminal } from '../../api/podutil.js';
import type { Json, KObject, Pod, PodDisruptionBudget, PodDisruptionBudgetStatus } from '../../api/types.js';
import type { View } from '../../state/cluster.js';
import type { Controller, Ctx, WorkItem, WorkSet } from '../../state/controller.js';
import { DISRUPTION_TARGET } from '../../state/eviction.js';
import { keyOfObject } from '../../state/events.js';
import type { KubeEventNote } from '../../state/events.js';
import { jsonEqual } from '../../state/patch.js';
import { podControllerFinders, type PodControllerFinder } from './finders.js';
import { Budgets, NamespacePods } from './lookup.js';
import { unmanagedPodsMessage } from './messages.js';
import {
  buildDisruptedPodMap, countHealthyPods, failSafeStatus, getExpectedPodCount, STALE_POD_DISRUPTION_TIMEOUT_SECONDS, updatedStatus,
} from './status.js';

export const DISRUPTION_CONTROLLER_NAME = 'disruption-controller';
/** The event recorder's component (v1.EventSource{Component: "controllermanager"}). */
export const DISRUPTION_EVENT_SOURCE = 'controllermanager';

export interface DisruptionControllerOptions {
  /** the controller finders (default: podControllerFinders over the view; tests add others) */
  finders?: (view: View) => PodControllerFinder[];
}

const sameLabels = (a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean => {
  if (a === b) return true;
  const ka = Object.keys(a ?? {});
  return ka.length === Object.keys(b ?? {}).length && ka.every((k) => a![k] === b?.[k]);
};

/**
 * Keeps each PodDisruptionBudget's status (currentHealthy, desiredHealthy, expectedPods,
 * disruptionsAllowed, disruptedPods, the DisruptionAllowed condition) in line with its pods, and
 * resets DisruptionTarget conditions left on pods that were never deleted (after 2 minutes).
 *
 * Differs from upstream, so that a full resync writes exactly what targeted runs wrote:
 * - a pod change wakes every budget that matches the pod now or before the change (upstream: the
 *   first budget matching it now); a change of a ReplicaSet's or Deployment's scale or controller
 *   wakes the budgets of its namespace (upstream notices at the next pod event);
 * - the Events NoPods, UnmanagedPods and CalculateExpectedPodCountFailed are recorded only by a
 *   sync that writes the status (upstream: on every sync, and the recorder counts repeats);
 *   MultiplePodDisruptionBudgets when a pod is created or relabelled (upstream: every pod update);
 * - a recheck due at an entry's expiry second runs again one second later (time is whole seconds).
 */
export class DisruptionController implements Controller {
  readonly name = DISRUPTION_CONTROLLER_NAME;
  readonly watches = ['PodDisruptionBudget', 'Pod', 'ReplicaSet', 'Deployment', 'StatefulSet'] as const;

  constructor(private readonly opts: DisruptionControllerOptions = {}) {}

  reconcile(ctx: Ctx, work: WorkSet): void {
    const budgets = new Budgets(ctx.view);
    const queue = new Map<string, number>();
    const stale = new Map<string, number>();
    const enqueue = (key: string, cause: number): void => {
      const c = queue.get(key);
      if (c === undefined || cause > c) queue.set(key, cause);
    };
    if (work.all) {
      for (const pdb of ctx.view.list('PodDisruptionBudget')) enqueue(keyOfObject(pdb), Number(pdb.metadata.resourceVersion ?? 0));
      for (const pod of ctx.view.list('Pod')) if (staleConditionWait(pod, ctx).has) stale.set(keyOfObject(pod), Number(pod.metadata.resourceVersion ?? 0));
    }
    for (const item of work.items) {
      switch (item.kind) {
        case 'PodDisruptionBudget':
          if (!item.deleted) enqueue(item.key, item.seq);
          break;
        case 'Pod':
          this.podChanged(ctx, item, budgets, enqueue);
          if (!item.deleted && staleConditionWait(item.obj as Pod, ctx).has) stale.set(item.key, item.seq);
          break;
        case 'ReplicaSet': case 'Deployment': case 'StatefulSet': {
          const prev = item.prev as (KObject & { spec?: { replicas?: number } }) | undefined;
          const cur = item.obj as KObject & { spec?: { replicas?: number } };
          const changed = item.deleted || !prev || prev.metadata.uid !== cur.metadata.uid || (prev.spec?.replicas ?? 1) !== (cur.spec?.replicas ?? 1)
            || controllerRef(prev)?.uid !== controllerRef(cur)?.uid;
          if (changed) for (const pdb of budgets.in(cur.metadata.namespace ?? '')) enqueue(keyOfObject(pdb), item.seq);
          break;
        }
        default: break;
      }
    }
    if (queue.size > 0) {
      const keys = [...queue.keys()].sort();
      const pdbs = keys.map((k) => ctx.view.getByKey(k) as PodDisruptionBudget | undefined);
      const pods = new NamespacePods(ctx.view, pdbs.filter((p): p is PodDisruptionBudget => p !== undefined));
      const finders = (this.opts.finders ?? podControllerFinders)(ctx.view);
      keys.forEach((key, i) => {
        // re-read: an earlier sync of this run may not change another budget, but stay safe
        const pdb = pdbs[i] && (ctx.view.getByKey(key) as PodDisruptionBudget | undefined);
        if (pdb) this.sync(ctx, pdb, pods, finders, queue.get(key) || Number(pdb.metadata.resourceVersion ?? 0));
      });
    }
    for (const key of [...stale.keys()].sort()) {
      const pod = ctx.view.getByKey(key) as Pod | undefined;
      if (pod) syncStalePodDisruption(ctx, pod, stale.get(key) || Number(pod.metadata.resourceVersion ?? 0));
    }
  }

  /** addPod / updatePod / deletePod: wake the budgets the pod matches (now, and before a relabel). */
  private podChanged(ctx: Ctx, item: WorkItem, budgets: Budgets, enqueue: (key: string, cause: number) => void): void {
    if (ctx.view.count('PodDisruptionBudget') === 0) return;
    const pod = item.obj as Pod;
    const prev = item.prev as Pod | undefined;
    const ns = pod.metadata.namespace ?? '';
    const now = budgets.matching(pod);
    for (const b of now) enqueue(keyOfObject(b), item.seq);
    const relabelled = !prev || prev.metadata.uid !== pod.metadata.uid || !sameLabels(prev.metadata.labels, pod.metadata.labels);
    if (prev && relabelled) for (const b of budgets.matching(prev)) enqueue(keyOfObject(b), item.seq);
    if (!item.deleted && relabelled && now.length > 1) {
      const msg = `Pod ${JSON.stringify(ns)}/${JSON.stringify(pod.metadata.name)} matches multiple PodDisruptionBudgets.  Chose ${JSON.stringify(now[0]!.metadata.name)} arbitrarily.`;
      ctx.record(pod, { type: 'PodMatchedMultipleDisruptionBudgets', cause: item.seq, data: { budgets: now.map((b) => b.metadata.name) }, note: note('Warning', 'MultiplePodDisruptionBudgets', msg) });
    }
  }

  /** sync / trySync: compute the status and write it when it differs; schedule the recheck. */
  private sync(ctx: Ctx, pdb: PodDisruptionBudget, nsPods: NamespacePods, finders: readonly PodControllerFinder[], cause: number): void {
    let selector;
    try {
      selector = fromLabelSelector(pdb.spec?.selector);
    } catch (e) {
      if (!(e instanceof SelectorError)) throw e;
      return failSafe(ctx, pdb, e.message, [note('Warning', 'NoPods', `Failed to get pods: ${e.message}`)], cause);
    }
    const pods = nsPods.matching(pdb, selector);
    const notes: KubeEventNote[] = [];
    if (pods.length === 0) notes.push(note('Normal', 'NoPods', 'No matching pods found'));
    const expected = getExpectedPodCount(pdb, pods, finders);
    if (!expected.ok) {
      notes.push(note('Warning', 'CalculateExpectedPodCountFailed', `Failed to calculate the number of expected pods: ${expected.error}`));
      return failSafe(ctx, pdb, expected.error, notes, cause);
    }
    if (expected.unmanagedPods.length > 0) notes.push(note('Warning', 'UnmanagedPods', unmanagedPodsMessage(pdb.spec?.selector)));
    const { disruptedPods, recheck, notDeleted } = buildDisruptedPodMap(pods, pdb, ctx.tick, ctx.clock);
    const currentHealthy = countHealthyPods(pods, disruptedPods, ctx.tick, ctx.clock);
    const next = updatedStatus(pdb, currentHealthy, expected.desiredHealthy, expected.expectedCount, disruptedPods, ctx.now());
    if (next) {
      for (const n of notes) ctx.record(pdb, { type: recordType(n.reason), cause, note: n });
      for (const pod of notDeleted) {
        ctx.record(pod, {
          type: 'PodNotDeletedAfterEviction', cause,
          // upstream formats the budget as namespace/namespace
          note: note('Warning', 'NotDeleted', `Pod was expected by PDB ${pdb.metadata.namespace}/${pdb.metadata.namespace} to be deleted but it wasn't`),
        });
      }
      writeStatus(ctx, pdb, next, { type: 'PodDisruptionBudgetStatusUpdated', cause, data: {
        disruptionsAllowed: next.disruptionsAllowed, currentHealthy: next.currentHealthy, desiredHealthy: next.desiredHealthy, expectedPods: next.expectedPods,
      } });
    }
    // recheckQueue.AddAfter(expiry − now); a wake-up due now runs next second (see the class doc)
    if (recheck !== undefined) ctx.requeueAfter(keyOfObject(pdb), Math.max(1, recheck - ctx.tick));
  }
}

function note(type: 'Normal' | 'Warning', reason: string, message: string): KubeEventNote {
  return { type, reason, message, source: DISRUPTION_EVENT_SOURCE };
}

function recordType(reason: string): string {
  switch (reason) {
    case 'NoPods': return 'PodDisruptionBudgetMatchedNoPods';
    case 'UnmanagedPods': return 'PodDisruptionBudgetFoundUnmanagedPods';
    default: return 'PodDisruptionBudgetSyncFailed';
  }
}

/** UpdateStatus with the whole status, as a minimal patch. */
function writeStatus(ctx: Ctx, pdb: PodDisruptionBudget, next: PodDisruptionBudgetStatus, meta: Parameters<Ctx['update']>[2]): void {
  ctx.update(pdb, (d) => {
    const target = next as unknown as Record<string, Json>;
    if (!d.status) {
      d.status = structuredClone(next);
      return;
    }
    const s = d.status as unknown as Record<string, Json>;
    for (const k of Object.keys(target)) if (!jsonEqual(s[k], target[k])) s[k] = structuredClone(target[k]!);
    for (const k of Object.keys(s)) if (!(k in target)) delete s[k];
  }, meta);
}

/** failSafe: disruptionsAllowed 0 and SyncFailed; the sync's Events go with the write. */
function failSafe(ctx: Ctx, pdb: PodDisruptionBudget, error: string, notes: readonly KubeEventNote[], cause: number): void {
  const next = failSafeStatus(pdb, error, ctx.now());
  if (jsonEqual(next, pdb.status)) return;
  const last = notes[notes.length - 1];
  for (const n of notes.slice(0, -1)) ctx.record(pdb, { type: recordType(n.reason), cause, note: n });
  writeStatus(ctx, pdb, next, { type: 'PodDisruptionBudgetSyncFailed', cause, data: { error }, ...(last ? { note: last } : {}) });
}

/**
 * nonTerminatingPodHasStaleDisruptionCondition: a DisruptionTarget=True condition (not the
 * kubelet's) on a pod that is neither being deleted nor finished; how long until it is stale.
 */
export function staleConditionWait(pod: Pod, ctx: Pick<Ctx, 'tick' | 'clock'>): { has: boolean; waitFor: number } {
  if (pod.metadata.deletionTimestamp !== undefined) return { has: false, waitFor: 0 };
  const cond = getCondition(pod, DISRUPTION_TARGET);
  if (!cond || cond.status !== 'True' || cond.reason === 'TerminationByKubelet' || isTerminal(pod)) return { has: false, waitFor: 0 };
  const since = cond.lastTransitionTime ? ctx.clock.tickOf(cond.lastTransitionTime) : ctx.tick;
  return { has: true, waitFor: Math.max(0, STALE_POD_DISRUPTION_TIMEOUT_SECONDS - (ctx.tick - since)) };
}

/** syncStalePodDisruption: after 2 minutes, DisruptionTarget becomes False (no reason, no message). */
function syncStalePodDisruption(ctx: Ctx, pod: Pod, cause: number): void {
  const { has, waitFor } = staleConditionWait(pod, ctx);
  if (!has) return;
  if (waitFor > 0) {
    ctx.requeueAfter(keyOfObject(pod), waitFor);
    return;
  }
  const now = ctx.now();
  ctx.update(pod, (d) => {
    const conditions = d.status.conditions!;
    const i = conditions.findIndex((c) => c.type === DISRUPTION_TARGET);
    conditions[i] = { type: DISRUPTION_TARGET, status: 'False', lastProbeTime: null, lastTransitionTime: now };
  }, { type: 'PodDisruptionTargetCleared', cause });
}
