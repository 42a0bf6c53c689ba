// Deployment status and conditions: calculateStatus (sync.go) and the condition helpers of
// deployment_util.go. Differs: zero-valued fields are omitted, as Go's `omitempty` JSON does, so
// the stored status looks like a real cluster's; comparisons normalise both sides the same way.
import type { Deployment, DeploymentCondition, DeploymentStatus, ReplicaSet, ReplicaSetCondition } from '../../api/types.js';
import type { Draft } from '../../state/draft.js';
import {
  MINIMUM_REPLICAS_AVAILABLE, MINIMUM_REPLICAS_UNAVAILABLE, getActualReplicaCount, getAvailableReplicaCount,
  getReadyReplicaCount, getReplicaCount, maxUnavailable, replicasOf,
} from './util.js';

/** NewDeploymentCondition: both times are now. */
export function newDeploymentCondition(type: string, status: DeploymentCondition['status'], reason: string, message: string, now: string): DeploymentCondition {
  return { type, status, lastUpdateTime: now, lastTransitionTime: now, reason, message };
}

export function getDeploymentCondition(s: DeploymentStatus | undefined, type: string): DeploymentCondition | undefined {
  return s?.conditions?.find((c) => c.type === type);
}

/**
 * SetDeploymentCondition: no change when status and reason are the same; keeps
 * lastTransitionTime when only the reason changes; the condition moves to the end.
 */
export function setDeploymentCondition(s: DeploymentStatus, condition: DeploymentCondition): void {
  const current = getDeploymentCondition(s, condition.type);
  if (current && current.status === condition.status && current.reason === condition.reason) return;
  let c = condition;
  if (current && current.status === condition.status) {
    c = { ...condition };
    if (current.lastTransitionTime === undefined) delete c.lastTransitionTime;
    else c.lastTransitionTime = current.lastTransitionTime;
  }
  s.conditions = [...(s.conditions ?? []).filter((x) => x.type !== condition.type), c];
}

/** RemoveDeploymentCondition */
export function removeDeploymentCondition(s: DeploymentStatus, type: string): void {
  if (!s.conditions) return;
  const rest = s.conditions.filter((c) => c.type !== type);
  if (rest.length === 0) delete s.conditions;
  else s.conditions = rest;
}

/** ReplicaSetToDeploymentCondition: a ReplicaFailure of an RS, promoted to the deployment. */
export function replicaSetToDeploymentCondition(c: ReplicaSetCondition): DeploymentCondition {
  const out: DeploymentCondition = { type: c.type, status: c.status };
  if (c.lastTransitionTime !== undefined) {
    out.lastUpdateTime = c.lastTransitionTime;
    out.lastTransitionTime = c.lastTransitionTime;
  }
  if (c.reason !== undefined) out.reason = c.reason;
  if (c.message !== undefined) out.message = c.message;
  return out;
}

/** A status with Go's omitempty applied: zero counts and empty conditions dropped. */
export function normalizeStatus(s: DeploymentStatus | undefined): DeploymentStatus {
  const out: DeploymentStatus = {};
  if (!s) return out;
  if (s.observedGeneration) out.observedGeneration = s.observedGeneration;
  if (s.replicas) out.replicas = s.replicas;
  if (s.updatedReplicas) out.updatedReplicas = s.updatedReplicas;
  if (s.readyReplicas) out.readyReplicas = s.readyReplicas;
  if (s.availableReplicas) out.availableReplicas = s.availableReplicas;
  if (s.unavailableReplicas) out.unavailableReplicas = s.unavailableReplicas;
  if (s.conditions && s.conditions.length > 0) out.conditions = s.conditions.map((c) => ({ ...c }));
  if (s.collisionCount !== undefined) out.collisionCount = s.collisionCount;
  return out;
}

const COUNTS = ['observedGeneration', 'replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas'] as const;
const CONDITION_FIELDS = ['type', 'status', 'lastUpdateTime', 'lastTransitionTime', 'reason', 'message'] as const;

function conditionsEqual(a: readonly DeploymentCondition[] | undefined, b: readonly DeploymentCondition[] | undefined): boolean {
  const x = a ?? [];
  const y = b ?? [];
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) {
    for (const f of CONDITION_FIELDS) if (x[i]![f] !== y[i]![f]) return false;
  }
  return true;
}

/** reflect.DeepEqual of two statuses, after omitempty normalisation (zero counts = absent). */
export function statusEqual(a: DeploymentStatus | undefined, b: DeploymentStatus | undefined): boolean {
  for (const k of COUNTS) if ((a?.[k] || 0) !== (b?.[k] || 0)) return false;
  return a?.collisionCount === b?.collisionCount && conditionsEqual(a?.conditions, b?.conditions);
}

/**
 * calculateStatus: counts summed over the deployment's RSs (updated = the new RS's), the
 * conditions carried over, and the Available condition recomputed:
 * available ≥ replicas − MaxUnavailable → True MinimumReplicasAvailable.
 * @example 4 replicas, 25% → MaxUnavailable 1: 3 available is enough.
 */
export function calculateStatus(allRSs: readonly (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined, d: Deployment, now: string): DeploymentStatus {
  const available = getAvailableReplicaCount(allRSs);
  const status: DeploymentStatus = normalizeStatus({
    observedGeneration: d.metadata.generation ?? 0,
    replicas: getActualReplicaCount(allRSs),
    updatedReplicas: getActualReplicaCount([newRS]),
    readyReplicas: getReadyReplicaCount(allRSs),
    availableReplicas: available,
    // negative when scaling down with more available than desired: clamp to 0
    unavailableReplicas: Math.max(0, getReplicaCount(allRSs) - available),
    ...(d.status?.conditions ? { conditions: d.status.conditions } : {}),
    ...(d.status?.collisionCount !== undefined ? { collisionCount: d.status.collisionCount } : {}),
  });
  if (available >= replicasOf(d) - maxUnavailable(d)) {
    setDeploymentCondition(status, newDeploymentCondition('Available', 'True', MINIMUM_REPLICAS_AVAILABLE, 'Deployment has minimum availability.', now));
  } else {
    setDeploymentCondition(status, newDeploymentCondition('Available', 'False', MINIMUM_REPLICAS_UNAVAILABLE, 'Deployment does not have minimum availability.', now));
  }
  return status;
}

const KNOWN: ReadonlySet<string> = new Set([...COUNTS, 'conditions', 'collisionCount']);

/** Write `next` over the draft's status field by field, so the event's patch stays small. */
export function applyStatus(draft: Draft<Deployment>, next: DeploymentStatus): void {
  if (!draft.status) draft.status = {};
  const cur = draft.status as Record<string, unknown>;
  const want = normalizeStatus(next) as Record<string, unknown>;
  for (const k of Object.keys(cur)) if (!(k in want) || !KNOWN.has(k)) delete cur[k];
  for (const k of Object.keys(want)) {
    const same = k === 'conditions'
      ? conditionsEqual(cur[k] as DeploymentCondition[] | undefined, want[k] as DeploymentCondition[])
      : cur[k] === want[k];
    if (!same) cur[k] = want[k];
  }
}
