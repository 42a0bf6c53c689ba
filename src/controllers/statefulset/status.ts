// StatefulSet status: computeReplicaStatus/updateStatus, completeRollingUpdate, inconsistentStatus and
// updateStatefulSetStatus of pkg/controller/statefulset/stateful_set_control.go and stateful_set_utils.go
// (v1.28). Differs: the write also stores the current revision's template in sim.statefulset (revision.ts).
import type { Clock } from '../../api/time.js';
import type { Pod, StatefulSet, StatefulSetStatus } from '../../api/types.js';
import { availableAtTick } from '../../api/podutil.js';
import type { Ctx } from '../../state/controller.js';
import { SIM_KEY, storedRevision, toStored, type Revisions } from './revision.js';
import { getPodRevision, isCreated, isRunningAndAvailable, isRunningAndReady, isTerminating } from './utils.js';

/** The counts of a status, Go zero values for the absent fields. */
export interface ReplicaStatus {
  replicas: number;
  readyReplicas: number;
  availableReplicas: number;
  currentReplicas: number;
  updatedReplicas: number;
}

/**
 * computeReplicaStatus over the pods of the sync (null: a pod this sync created or is about to
 * create — upstream's local object has no phase, so it is not counted yet).
 */
export function computeReplicaStatus(pods: readonly (Pod | null)[], minReadySeconds: number, revs: Revisions, nowTick: number, clock: Clock): ReplicaStatus {
  const s: ReplicaStatus = { replicas: 0, readyReplicas: 0, availableReplicas: 0, currentReplicas: 0, updatedReplicas: 0 };
  for (const pod of pods) {
    if (!pod || !isCreated(pod)) continue;
    s.replicas++;
    if (isRunningAndReady(pod)) {
      s.readyReplicas++;
      if (isRunningAndAvailable(pod, minReadySeconds, nowTick, clock)) s.availableReplicas++;
    }
    if (!isTerminating(pod)) {
      const revision = getPodRevision(pod);
      if (revision === revs.currentRevision) s.currentReplicas++;
      if (revision === revs.updateRevision) s.updatedReplicas++;
    }
  }
  return s;
}

/** The full status a sync computed: counts, revisions, observedGeneration, collisionCount. */
export interface SyncStatus extends ReplicaStatus {
  observedGeneration: number;
  currentRevision: string;
  updateRevision: string;
  collisionCount: number;
}

/**
 * completeRollingUpdate: with RollingUpdate, once every replica is updated and ready the update
 * revision becomes the current one.
 */
export function completeRollingUpdate(set: StatefulSet, s: SyncStatus): void {
  if ((set.spec.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate' && s.updatedReplicas === s.replicas && s.readyReplicas === s.replicas) {
    s.currentReplicas = s.updatedReplicas;
    s.currentRevision = s.updateRevision;
  }
}

/** inconsistentStatus: does the computed status differ from the stored one? */
export function inconsistentStatus(set: StatefulSet, s: SyncStatus): boolean {
  const o = set.status ?? { replicas: 0 };
  return s.observedGeneration > (o.observedGeneration ?? 0) || s.replicas !== (o.replicas ?? 0) ||
    s.currentReplicas !== (o.currentReplicas ?? 0) || s.readyReplicas !== (o.readyReplicas ?? 0) ||
    s.updatedReplicas !== (o.updatedReplicas ?? 0) || s.currentRevision !== (o.currentRevision ?? '') ||
    s.availableReplicas !== (o.availableReplicas ?? 0) || s.updateRevision !== (o.updateRevision ?? '');
}

/** The API object of a status: omitempty fields left out when zero (replicas and availableReplicas always present). */
function toStatus(set: StatefulSet, s: SyncStatus): StatefulSetStatus {
  const out: StatefulSetStatus = { replicas: s.replicas };
  if (s.observedGeneration) out.observedGeneration = s.observedGeneration;
  if (s.readyReplicas) out.readyReplicas = s.readyReplicas;
  if (s.currentReplicas) out.currentReplicas = s.currentReplicas;
  if (s.updatedReplicas) out.updatedReplicas = s.updatedReplicas;
  if (s.currentRevision) out.currentRevision = s.currentRevision;
  if (s.updateRevision) out.updateRevision = s.updateRevision;
  out.collisionCount = s.collisionCount;
  if (set.status?.conditions?.length) out.conditions = set.status.conditions;
  out.availableReplicas = s.availableReplicas;
  return out;
}

/**
 * updateStatefulSetStatus: completeRollingUpdate, then one write when the status is inconsistent
 * with the stored one (or the remembered current template is not the current revision's).
 * Upstream emits no Kubernetes Event for it.
 */
export function updateStatefulSetStatus(ctx: Ctx, set: StatefulSet, s: SyncStatus, revs: Revisions, cause: number): StatefulSet {
  completeRollingUpdate(set, s);
  const template = s.currentRevision === revs.updateRevision ? revs.updateTemplate : revs.currentTemplate;
  const stored = storedRevision(set);
  // the name is the template's hash: the same name is the same template (compared by value, so a
  // resumed run that folded the log into new objects writes nothing)
  const storeStale = stored?.revision !== s.currentRevision;
  if (!inconsistentStatus(set, s) && !storeStale) return set;
  const status = toStatus(set, s);
  return ctx.update(set, (d) => {
    d.status = status as typeof d.status;
    if (storeStale) d.sim = { ...(d.sim ?? {}), [SIM_KEY]: toStored(s.currentRevision, template) };
  }, {
    type: 'StatefulSetStatusUpdated', cause,
    data: { replicas: s.replicas, readyReplicas: s.readyReplicas, currentReplicas: s.currentReplicas, updatedReplicas: s.updatedReplicas, currentRevision: s.currentRevision, updateRevision: s.updateRevision },
  });
}

/** The first tick after `nowTick` at which a ready pod becomes available (minReadySeconds), for requeueing. */
export function nextAvailableTick(set: StatefulSet, pods: readonly (Pod | null)[], nowTick: number, clock: Clock): number | undefined {
  const minReady = set.spec.minReadySeconds ?? 0;
  if (minReady <= 0) return undefined;
  let next: number | undefined;
  for (const pod of pods) {
    const t = pod ? availableAtTick(pod, minReady, clock) : undefined;
    if (t !== undefined && t > nowTick && (next === undefined || t < next)) next = t;
  }
  return next;
}
