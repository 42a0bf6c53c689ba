// ReplicaSet status: calculateStatus and updateReplicaSetStatus from
// pkg/controller/replicaset/replica_set_utils.go (v1.28). Differs: zero-valued omitempty fields are
// left out of the object (as the API server's JSON would), and the write is one status event.
import type { Pod, ReplicaSet, ReplicaSetCondition, ReplicaSetStatus } from '../../api/types.js';
import type { Clock } from '../../api/time.js';
import { availableAtTick, isPodAvailable, isPodReady } from '../../api/podutil.js';
import type { Ctx } from '../../state/controller.js';

export const REPLICA_FAILURE = 'ReplicaFailure';

/** The numbers updateReplicaSetStatus compares, with Go's zero values for absent fields. */
interface Counts {
  replicas: number;
  fullyLabeledReplicas: number;
  readyReplicas: number;
  availableReplicas: number;
}

function countsOf(s: ReplicaSetStatus | undefined): Counts {
  return {
    replicas: s?.replicas ?? 0,
    fullyLabeledReplicas: s?.fullyLabeledReplicas ?? 0,
    readyReplicas: s?.readyReplicas ?? 0,
    availableReplicas: s?.availableReplicas ?? 0,
  };
}

/** labels.Set(template.Labels).AsSelectorPreValidated().Matches(pod labels) */
function hasTemplateLabels(template: Readonly<Record<string, string>> | undefined, labels: Readonly<Record<string, string>> | undefined): boolean {
  if (!template) return true;
  for (const k of Object.keys(template)) if (labels?.[k] !== template[k]) return false;
  return true;
}

/**
 * calculateStatus: counts over the claimed active pods, and the ReplicaFailure condition (added
 * with reason FailedCreate/FailedDelete when manageReplicas failed and none exists; removed when
 * it succeeded). `observedGeneration` is set by updateReplicaSetStatus.
 */
export function calculateStatus(rs: ReplicaSet, filteredPods: readonly Pod[], manageReplicasErr: Error | undefined, nowTick: number, clock: Clock): ReplicaSetStatus {
  const minReady = rs.spec.minReadySeconds ?? 0;
  const templateLabels = rs.spec.template.metadata?.labels;
  let fullyLabeled = 0;
  let ready = 0;
  let available = 0;
  for (const pod of filteredPods) {
    if (hasTemplateLabels(templateLabels, pod.metadata.labels)) fullyLabeled++;
    if (isPodReady(pod)) {
      ready++;
      if (isPodAvailable(pod, minReady, nowTick, clock)) available++;
    }
  }
  let conditions = rs.status?.conditions;
  const failure = conditions?.find((c) => c.type === REPLICA_FAILURE);
  if (manageReplicasErr && !failure) {
    const diff = filteredPods.length - (rs.spec.replicas ?? 1);
    // upstream leaves the reason empty when diff == 0 (the error came from elsewhere)
    const reason = diff < 0 ? 'FailedCreate' : diff > 0 ? 'FailedDelete' : '';
    const cond: ReplicaSetCondition = { type: REPLICA_FAILURE, status: 'True', lastTransitionTime: clock.at(nowTick) };
    if (reason) cond.reason = reason;
    cond.message = manageReplicasErr.message;
    conditions = [...(conditions ?? []), cond];
  } else if (!manageReplicasErr && failure) {
    conditions = conditions!.filter((c) => c.type !== REPLICA_FAILURE);
  }
  const status: ReplicaSetStatus = { replicas: filteredPods.length };
  if (fullyLabeled) status.fullyLabeledReplicas = fullyLabeled;
  if (ready) status.readyReplicas = ready;
  if (available) status.availableReplicas = available;
  if (rs.status?.observedGeneration !== undefined) status.observedGeneration = rs.status.observedGeneration;
  if (conditions?.length) status.conditions = conditions;
  return status;
}

function sameConditions(a: readonly ReplicaSetCondition[] | undefined, b: readonly ReplicaSetCondition[] | undefined): boolean {
  if (a === b) return true;
  const x = a ?? [];
  const y = b ?? [];
  if (x.length !== y.length) return false;
  return x.every((c, i) => {
    const d = y[i]!;
    return c.type === d.type && c.status === d.status && c.reason === d.reason && c.message === d.message && c.lastTransitionTime === d.lastTransitionTime;
  });
}

/** Is there nothing to write? (updateReplicaSetStatus's steady-state check) */
export function statusUnchanged(rs: ReplicaSet, next: ReplicaSetStatus): boolean {
  const a = countsOf(rs.status);
  const b = countsOf(next);
  return a.replicas === b.replicas && a.fullyLabeledReplicas === b.fullyLabeledReplicas &&
    a.readyReplicas === b.readyReplicas && a.availableReplicas === b.availableReplicas &&
    (rs.metadata.generation ?? 0) === (rs.status?.observedGeneration ?? 0) &&
    sameConditions(rs.status?.conditions, next.conditions);
}

/**
 * updateReplicaSetStatus: write the new status with observedGeneration = generation, unless
 * nothing changed. One 'ReplicaSetStatusUpdated' event (upstream emits no Kubernetes Event).
 */
export function updateReplicaSetStatus(ctx: Ctx, rs: ReplicaSet, next: ReplicaSetStatus, cause: number): ReplicaSet {
  if (statusUnchanged(rs, next)) return rs;
  const generation = rs.metadata.generation ?? 0;
  const c = countsOf(next);
  const setOrDrop = (s: Record<string, unknown>, field: string, v: number): void => {
    if (v !== 0) s[field] = v;
    else delete s[field];
  };
  return ctx.update(rs, (d) => {
    const draft = d as unknown as { status?: Record<string, unknown> };
    if (!draft.status) draft.status = {};
    const s = draft.status;
    s.replicas = c.replicas;
    setOrDrop(s, 'fullyLabeledReplicas', c.fullyLabeledReplicas);
    setOrDrop(s, 'readyReplicas', c.readyReplicas);
    setOrDrop(s, 'availableReplicas', c.availableReplicas);
    setOrDrop(s, 'observedGeneration', generation);
    if (!sameConditions(rs.status?.conditions, next.conditions)) {
      if (next.conditions?.length) s.conditions = next.conditions.map((x) => ({ ...x }));
      else delete s.conditions;
    }
  }, {
    type: 'ReplicaSetStatusUpdated', cause,
    data: { replicas: c.replicas, readyReplicas: c.readyReplicas, availableReplicas: c.availableReplicas, observedGeneration: generation },
  });
}

/**
 * The first tick at which one of the ready pods becomes available (minReadySeconds elapsed,
 * strictly), or undefined. The controller requeues the ReplicaSet for that tick.
 */
export function nextAvailableTick(rs: ReplicaSet, filteredPods: readonly Pod[], nowTick: number, clock: Clock): number | undefined {
  const minReady = rs.spec.minReadySeconds ?? 0;
  if (minReady <= 0) return undefined;
  let next: number | undefined;
  for (const pod of filteredPods) {
    const t = availableAtTick(pod, minReady, clock);
    if (t !== undefined && t > nowTick && (next === undefined || t < next)) next = t;
  }
  return next;
}
