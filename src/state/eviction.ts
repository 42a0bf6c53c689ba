// The Eviction subresource (POST pods/<name>/eviction, policy/v1): a graceful delete that honours
// the pod's PodDisruptionBudget. Follows pkg/registry/core/pod/storage/eviction.go (v1.28) with
// PodDisruptionConditions on (DisruptionTarget). Differs: one writer, so the PDB update and the
// pod delete never conflict (the 20 × 500 ms retries and the resourceVersion preconditions are moot).
import { selectorMatches } from '../api/labels.js';
import { isPodReady } from '../api/podutil.js';
import type { Pod, PodCondition, PodDisruptionBudget } from '../api/types.js';
import type { View } from './cluster.js';
import type { Ctx, WriteMeta } from './controller.js';
import { deleteObject } from './apiserver.js';

/** MaxDisruptedPodSize: more unconfirmed evictions than this and the budget refuses. */
export const MAX_DISRUPTED_POD_SIZE = 2000;
/** policyv1.DisruptionBudgetCause: the cause type of a refused eviction. */
export const DISRUPTION_BUDGET_CAUSE = 'DisruptionBudget';
export const EVICTION_REFUSED_MESSAGE = "Cannot evict pod as it would violate the pod's disruption budget.";
export const DISRUPTION_TARGET = 'DisruptionTarget';
export const EVICTION_BY_EVICTION_API = 'EvictionByEvictionAPI';

export interface EvictOptions {
  /** DeleteOptions.gracePeriodSeconds of the Eviction (undefined: the pod's own) */
  gracePeriodSeconds?: number;
  /** the Eviction object's metadata.name (default: the pod's); another name is a 400 */
  name?: string;
  /** seq of the event that caused the request (the writes' cause) */
  cause?: number;
}

/** What the API server answers: success, or the Status of the failure. */
export type EvictionResult =
  | { ok: true }
  | { ok: false; code: 400 | 403 | 404 | 409 | 429 | 500; reason: string; message: string; causes?: { type: string; message: string }[] };

/**
 * The budgets in the pod's namespace whose selector matches it, in name order (the lister's
 * order). policy/v1: an empty selector matches every pod, a missing or invalid one none.
 */
export function getPodDisruptionBudgets(view: View, pod: Pod, budgets?: readonly PodDisruptionBudget[]): PodDisruptionBudget[] {
  const ns = pod.metadata.namespace ?? '';
  const all = budgets ?? view.list('PodDisruptionBudget', ns);
  return all.filter((b) => (b.metadata.namespace ?? '') === ns && selectorMatches(b.spec?.selector, pod.metadata.labels))
    .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0));
}

/** canIgnorePDB: terminal, Pending and terminating pods are deleted without looking at budgets. */
export function canIgnorePDB(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed' || phase === 'Pending' || pod.metadata.deletionTimestamp !== undefined;
}

function meta(type: string, opts: EvictOptions, data: WriteMeta['data']): WriteMeta {
  const m: WriteMeta = { type };
  if (opts.cause !== undefined) m.cause = opts.cause;
  if (data) m.data = data;
  return m;
}

/**
 * podutil.UpdatePodCondition with the DisruptionTarget condition, then DELETE with the
 * eviction's options (addConditionAndDeletePod).
 */
function addConditionAndDeletePod(ctx: Ctx, pod: Pod, opts: EvictOptions): void {
  const now = ctx.now();
  const stored = ctx.update(pod, (d) => {
    d.status ??= {};
    const conditions = d.status.conditions ?? (d.status.conditions = []);
    const i = conditions.findIndex((c) => c.type === DISRUPTION_TARGET);
    const old = i >= 0 ? conditions[i]! : undefined;
    const next: PodCondition = {
      type: DISRUPTION_TARGET, status: 'True', lastProbeTime: null,
      lastTransitionTime: old && old.status === 'True' && old.lastTransitionTime !== undefined ? old.lastTransitionTime : now,
      reason: EVICTION_BY_EVICTION_API, message: 'Eviction API: evicting',
    };
    if (old && old.status === next.status && old.reason === next.reason && old.message === next.message && (old.lastProbeTime ?? null) === null && old.lastTransitionTime === next.lastTransitionTime) return;
    if (i < 0) conditions.push(next);
    else conditions[i] = next;
  }, meta('PodDisruptionTargetSet', opts, { reason: EVICTION_BY_EVICTION_API }));
  const del: Omit<WriteMeta, 'type'> = { data: { evicted: true } };
  if (opts.cause !== undefined) del.cause = opts.cause;
  deleteObject(ctx, stored, del, opts.gracePeriodSeconds !== undefined ? { gracePeriodSeconds: opts.gracePeriodSeconds } : {});
}

function tooManyRequests(cause: string): EvictionResult {
  return { ok: false, code: 429, reason: 'TooManyRequests', message: EVICTION_REFUSED_MESSAGE, causes: [{ type: DISRUPTION_BUDGET_CAUSE, message: cause }] };
}

/**
 * checkAndDecrement: refuse (429) a budget whose status is not observed yet or that allows no
 * disruption; else decrement disruptionsAllowed, note the pod in disruptedPods and write the
 * status (the condition turns InsufficientPods when the count reaches 0).
 */
function checkAndDecrement(ctx: Ctx, pod: Pod, pdb: PodDisruptionBudget, opts: EvictOptions): EvictionResult {
  const st = pdb.status ?? { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 };
  const name = pdb.metadata.name;
  if ((st.observedGeneration ?? 0) < (pdb.metadata.generation ?? 0)) return tooManyRequests(`The disruption budget ${name} is still being processed by the server.`);
  if ((st.disruptionsAllowed ?? 0) < 0) return { ok: false, code: 403, reason: 'Forbidden', message: `poddisruptionbudget.policy "${name}" is forbidden: pdb disruptions allowed is negative` };
  if (Object.keys(st.disruptedPods ?? {}).length > MAX_DISRUPTED_POD_SIZE) {
    return { ok: false, code: 403, reason: 'Forbidden', message: `poddisruptionbudget.policy "${name}" is forbidden: DisruptedPods map too big - too many evictions not confirmed by PDB controller` };
  }
  if ((st.disruptionsAllowed ?? 0) === 0) return tooManyRequests(`The disruption budget ${name} needs ${st.desiredHealthy ?? 0} healthy pods and has ${st.currentHealthy ?? 0} currently`);
  const now = ctx.now();
  const allowed = st.disruptionsAllowed - 1;
  ctx.update(pdb, (d) => {
    const s = d.status;
    s.disruptionsAllowed = allowed;
    if (allowed === 0) {
      // pdbhelper.UpdateDisruptionAllowedCondition: False / InsufficientPods
      s.conditions ??= [];
      const c = s.conditions.find((x) => x.type === 'DisruptionAllowed');
      const gen = s.observedGeneration ?? 0;
      if (!c) s.conditions.push({ type: 'DisruptionAllowed', status: 'False', ...(gen ? { observedGeneration: gen } : {}), lastTransitionTime: now, reason: 'InsufficientPods', message: '' });
      else {
        if (c.status !== 'False') { c.status = 'False'; c.lastTransitionTime = now; }
        c.reason = 'InsufficientPods';
        c.message = '';
        if (gen) c.observedGeneration = gen;
        else delete c.observedGeneration;
      }
    }
    const pods: Record<string, string> = { ...(s.disruptedPods ?? {}), [pod.metadata.name]: now };
    const sorted: Record<string, string> = {};
    for (const k of Object.keys(pods).sort()) sorted[k] = pods[k]!;
    s.disruptedPods = sorted;
  }, meta('EvictionAdmitted', opts, { pod: pod.metadata.name, disruptionsAllowed: allowed }));
  return { ok: true };
}

/**
 * Evict a pod: EvictionREST.Create. Terminal, Pending and terminating pods are deleted at once;
 * a pod matched by no budget is deleted; by more than one, refused with 500; an unready pod is
 * deleted without touching its budget when the policy is AlwaysAllow or the budget is met
 * (currentHealthy ≥ desiredHealthy > 0); otherwise the budget must allow a disruption (429 if
 * not). A deleted pod first gets DisruptionTarget=True (EvictionByEvictionAPI), then a graceful
 * delete (`gracePeriodSeconds`, else the pod's own). Event types: EvictionAdmitted (the budget),
 * PodDisruptionTargetSet, PodDeletionRequested / PodDeleted. A refused eviction writes nothing.
 *
 * @example evictPod(ctx, pod)
 *   // { ok: false, code: 429, reason: 'TooManyRequests', message: "Cannot evict pod as it would violate the pod's disruption budget.",
 *   //   causes: [{ type: 'DisruptionBudget', message: 'The disruption budget web needs 2 healthy pods and has 2 currently' }] }
 */
export function evictPod(ctx: Ctx, pod: Pick<Pod, 'metadata'>, opts: EvictOptions = {}): EvictionResult {
  const ns = pod.metadata.namespace ?? 'default';
  const name = pod.metadata.name;
  if (opts.name !== undefined && opts.name !== name) return { ok: false, code: 400, reason: 'BadRequest', message: 'name in URL does not match name in Eviction object' };
  const current = ctx.view.get('Pod', ns, name);
  if (!current) return { ok: false, code: 404, reason: 'NotFound', message: `pods "${name}" not found` };
  if (canIgnorePDB(current)) {
    addConditionAndDeletePod(ctx, current, opts);
    return { ok: true };
  }
  const pdbs = getPodDisruptionBudgets(ctx.view, current);
  // returned as a Status object with code 500 and no reason (not an error value)
  if (pdbs.length > 1) return { ok: false, code: 500, reason: '', message: 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.' };
  if (pdbs.length === 1) {
    const pdb = pdbs[0]!;
    let skipBudget = false;
    if (!isPodReady(current)) {
      // the unhealthy pod does not count towards the budget: deleting it disrupts nothing more
      if (pdb.spec?.unhealthyPodEvictionPolicy === 'AlwaysAllow') skipBudget = true;
      else if ((pdb.status?.currentHealthy ?? 0) >= (pdb.status?.desiredHealthy ?? 0) && (pdb.status?.desiredHealthy ?? 0) > 0) skipBudget = true;
    }
    if (!skipBudget) {
      const r = checkAndDecrement(ctx, current, pdb, opts);
      if (!r.ok) return r;
    }
  }
  addConditionAndDeletePod(ctx, ctx.view.get('Pod', ns, name)!, opts);
  return { ok: true };
}
