// A PodDisruptionBudget's status from its pods: getExpectedPodCount, getExpectedScale,
// countHealthyPods, buildDisruptedPodMap, updatePdbStatus and failSafe of
// pkg/controller/disruption/disruption.go, and the DisruptionAllowed condition helpers of
// component-helpers/apps/poddisruptionbudget and apimachinery meta.SetStatusCondition (v1.28).
// Pure functions of the budget, its pods, the finders and the tick. Differs: time is whole seconds.
import type { Clock } from '../../api/time.js';
import type { Pod, PodDisruptionBudget, PodDisruptionBudgetStatus } from '../../api/types.js';
import { controllerRef, isPodReady } from '../../api/podutil.js';
import { getScaledValueFromIntOrPercent, IntOrPercentError } from '../deployment/util.js';
import type { PodControllerFinder } from './finders.js';

/** DeletionTimeout: how long a disruptedPods entry waits for its pod's deletion. */
export const DELETION_TIMEOUT_SECONDS = 120;
/** stalePodDisruptionTimeout: how long a DisruptionTarget condition may stand without a deletion. */
export const STALE_POD_DISRUPTION_TIMEOUT_SECONDS = 120;

export const DISRUPTION_ALLOWED = 'DisruptionAllowed';
export const SUFFICIENT_PODS = 'SufficientPods';
export const INSUFFICIENT_PODS = 'InsufficientPods';
export const SYNC_FAILED = 'SyncFailed';

export type PdbCondition = NonNullable<PodDisruptionBudgetStatus['conditions']>[number];

export type Expected =
  | { ok: true; expectedCount: number; desiredHealthy: number; unmanagedPods: string[] }
  | { ok: false; error: string };

/**
 * getExpectedScale: the sum of the scales of the pods' distinct controllers; pods without a
 * controllerRef are "unmanaged"; a controllerRef no finder resolves is an error.
 */
export function getExpectedScale(pods: readonly Pod[], finders: readonly PodControllerFinder[]): { ok: true; expectedCount: number; unmanagedPods: string[] } | { ok: false; error: string } {
  const controllerScale = new Map<string, number>();
  const unmanagedPods: string[] = [];
  for (const pod of pods) {
    const ref = controllerRef(pod);
    if (!ref) {
      unmanagedPods.push(pod.metadata.name);
      continue;
    }
    if (controllerScale.has(ref.uid)) continue;
    let found = false;
    for (const finder of finders) {
      const r = finder(ref, pod.metadata.namespace ?? '');
      if (r === null) continue;
      if ('error' in r) return { ok: false, error: r.error };
      controllerScale.set(r.uid, r.scale);
      found = true;
      break;
    }
    if (!found) return { ok: false, error: `found no controllers for pod ${JSON.stringify(pod.metadata.name)}` };
  }
  let expectedCount = 0;
  for (const s of controllerScale.values()) expectedCount += s;
  return { ok: true, expectedCount, unmanagedPods };
}

/**
 * getExpectedPodCount: maxUnavailable → expected = controllers' scale, desired = expected −
 * ceil(maxUnavailable) (≥ 0); integer minAvailable → desired = minAvailable, expected = the number
 * of pods; percentage minAvailable → expected = controllers' scale, desired = ceil(pct · expected).
 */
export function getExpectedPodCount(pdb: PodDisruptionBudget, pods: readonly Pod[], finders: readonly PodControllerFinder[]): Expected {
  const { maxUnavailable, minAvailable } = pdb.spec ?? {};
  try {
    if (maxUnavailable !== undefined) {
      const s = getExpectedScale(pods, finders);
      if (!s.ok) return s;
      const max = getScaledValueFromIntOrPercent(maxUnavailable, s.expectedCount, true);
      return { ok: true, expectedCount: s.expectedCount, desiredHealthy: Math.max(0, s.expectedCount - max), unmanagedPods: s.unmanagedPods };
    }
    if (minAvailable !== undefined) {
      if (typeof minAvailable === 'number') return { ok: true, expectedCount: pods.length, desiredHealthy: minAvailable, unmanagedPods: [] };
      const s = getExpectedScale(pods, finders);
      if (!s.ok) return s;
      return { ok: true, expectedCount: s.expectedCount, desiredHealthy: getScaledValueFromIntOrPercent(minAvailable, s.expectedCount, true), unmanagedPods: s.unmanagedPods };
    }
  } catch (e) {
    if (e instanceof IntOrPercentError) return { ok: false, error: e.message };
    throw e;
  }
  return { ok: true, expectedCount: 0, desiredHealthy: 0, unmanagedPods: [] };
}

/** countHealthyPods: ready pods, not being deleted, not in disruptedPods (unless the entry is 2 minutes old). */
export function countHealthyPods(pods: readonly Pod[], disruptedPods: Readonly<Record<string, string>>, now: number, clock: Clock): number {
  let healthy = 0;
  for (const pod of pods) {
    if (pod.metadata.deletionTimestamp !== undefined) continue;
    const t = disruptedPods[pod.metadata.name];
    if (t !== undefined && clock.tickOf(t) + DELETION_TIMEOUT_SECONDS > now) continue;
    if (isPodReady(pod)) healthy++;
  }
  return healthy;
}

/**
 * buildDisruptedPodMap: keep the entries of pods that exist and are not yet being deleted, until
 * their DeletionTimeout has strictly passed (then the pod gets a NotDeleted event); `recheck` is
 * the earliest expiry among the kept entries.
 */
export function buildDisruptedPodMap(pods: readonly Pod[], pdb: PodDisruptionBudget, now: number, clock: Clock): { disruptedPods: Record<string, string>; recheck?: number; notDeleted: Pod[] } {
  const old = pdb.status?.disruptedPods;
  const out: Record<string, string> = {};
  const notDeleted: Pod[] = [];
  let recheck: number | undefined;
  if (!old) return { disruptedPods: out, notDeleted };
  for (const pod of pods) {
    if (pod.metadata.deletionTimestamp !== undefined) continue;
    const t = old[pod.metadata.name];
    if (t === undefined) continue;
    const expected = clock.tickOf(t) + DELETION_TIMEOUT_SECONDS;
    if (expected < now) notDeleted.push(pod);
    else {
      if (recheck === undefined || expected < recheck) recheck = expected;
      out[pod.metadata.name] = t;
    }
  }
  return recheck === undefined ? { disruptedPods: out, notDeleted } : { disruptedPods: out, recheck, notDeleted };
}

/** meta.SetStatusCondition on a mutable list: reports whether anything changed. */
export function setStatusCondition(conditions: PdbCondition[], c: { type: string; status: 'True' | 'False'; reason: string; message: string; observedGeneration: number }, now: string): boolean {
  const existing = conditions.find((x) => x.type === c.type);
  if (!existing) {
    const n: PdbCondition = { type: c.type, status: c.status };
    if (c.observedGeneration) n.observedGeneration = c.observedGeneration;
    n.lastTransitionTime = now;
    n.reason = c.reason;
    n.message = c.message;
    conditions.push(n);
    return true;
  }
  let changed = false;
  if (existing.status !== c.status) {
    existing.status = c.status;
    existing.lastTransitionTime = now;
    changed = true;
  }
  if ((existing.reason ?? '') !== c.reason) { existing.reason = c.reason; changed = true; }
  if ((existing.message ?? '') !== c.message) { existing.message = c.message; changed = true; }
  if ((existing.observedGeneration ?? 0) !== c.observedGeneration) {
    if (c.observedGeneration) existing.observedGeneration = c.observedGeneration;
    else delete existing.observedGeneration;
    changed = true;
  }
  return changed;
}

/** pdbhelper.UpdateDisruptionAllowedCondition: True/SufficientPods when disruptions are allowed, else False/InsufficientPods. */
export function updateDisruptionAllowedCondition(status: PodDisruptionBudgetStatus, now: string): void {
  const conditions = status.conditions ? status.conditions.map((c) => ({ ...c })) : [];
  const allowed = status.disruptionsAllowed > 0;
  setStatusCondition(conditions, {
    type: DISRUPTION_ALLOWED, status: allowed ? 'True' : 'False', reason: allowed ? SUFFICIENT_PODS : INSUFFICIENT_PODS, message: '',
    observedGeneration: status.observedGeneration ?? 0,
  }, now);
  status.conditions = conditions;
}

/** pdbhelper.ConditionsAreUpToDate. */
export function conditionsAreUpToDate(pdb: PodDisruptionBudget): boolean {
  const st = pdb.status;
  const cond = st?.conditions?.find((c) => c.type === DISRUPTION_ALLOWED);
  if (!cond) return false;
  if ((st!.observedGeneration ?? 0) !== (pdb.metadata.generation ?? 0)) return false;
  if ((st!.disruptionsAllowed ?? 0) > 0) return cond.status === 'True' && cond.reason === SUFFICIENT_PODS;
  return cond.status === 'False' && cond.reason === INSUFFICIENT_PODS;
}

function sameDisruptedPods(a: Readonly<Record<string, string>> | undefined, b: Readonly<Record<string, string>>): boolean {
  const ka = Object.keys(a ?? {});
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => a![k] === b[k]);
}

/** A status in policy/v1's field order (the map's keys sorted, as Go's encoder writes them). */
function orderedStatus(s: PodDisruptionBudgetStatus): PodDisruptionBudgetStatus {
  const out = {} as PodDisruptionBudgetStatus;
  if (s.observedGeneration) out.observedGeneration = s.observedGeneration;
  const keys = Object.keys(s.disruptedPods ?? {}).sort();
  if (keys.length > 0) {
    out.disruptedPods = {};
    for (const k of keys) out.disruptedPods[k] = s.disruptedPods![k]!;
  }
  out.disruptionsAllowed = s.disruptionsAllowed;
  out.currentHealthy = s.currentHealthy;
  out.desiredHealthy = s.desiredHealthy;
  out.expectedPods = s.expectedPods;
  if (s.conditions && s.conditions.length > 0) out.conditions = s.conditions;
  return out;
}

/**
 * updatePdbStatus: the status to write, or undefined when the stored one is already up to date.
 * disruptionsAllowed = currentHealthy − desiredHealthy, 0 when that is negative or nothing is expected.
 */
export function updatedStatus(pdb: PodDisruptionBudget, currentHealthy: number, desiredHealthy: number, expectedCount: number, disruptedPods: Record<string, string>, now: string): PodDisruptionBudgetStatus | undefined {
  let disruptionsAllowed = currentHealthy - desiredHealthy;
  if (expectedCount <= 0 || disruptionsAllowed <= 0) disruptionsAllowed = 0;
  const st = pdb.status;
  const generation = pdb.metadata.generation ?? 0;
  if (st && (st.currentHealthy ?? 0) === currentHealthy && (st.desiredHealthy ?? 0) === desiredHealthy && (st.expectedPods ?? 0) === expectedCount
    && (st.disruptionsAllowed ?? 0) === disruptionsAllowed && sameDisruptedPods(st.disruptedPods, disruptedPods)
    && (st.observedGeneration ?? 0) === generation && conditionsAreUpToDate(pdb)) return undefined;
  const next: PodDisruptionBudgetStatus = {
    observedGeneration: generation, disruptedPods, disruptionsAllowed, currentHealthy, desiredHealthy, expectedPods: expectedCount,
    ...(st?.conditions ? { conditions: st.conditions } : {}),
  };
  updateDisruptionAllowedCondition(next, now);
  return orderedStatus(next);
}

/** failSafe: disruptionsAllowed 0 and DisruptionAllowed False/SyncFailed with the error. */
export function failSafeStatus(pdb: PodDisruptionBudget, error: string, now: string): PodDisruptionBudgetStatus {
  const st = pdb.status ?? { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 };
  const conditions = (st.conditions ?? []).map((c) => ({ ...c }));
  setStatusCondition(conditions, { type: DISRUPTION_ALLOWED, status: 'False', reason: SYNC_FAILED, message: error, observedGeneration: st.observedGeneration ?? 0 }, now);
  return orderedStatus({ ...st, disruptionsAllowed: 0, currentHealthy: st.currentHealthy ?? 0, desiredHealthy: st.desiredHealthy ?? 0, expectedPods: st.expectedPods ?? 0, conditions });
}
