// Rollout status and the progress deadline: syncRolloutStatus, getReplicaFailures and
// requeueStuckDeployment (pkg/controller/deployment/progress.go). Differs: the requeue is a tick
// timer — never "now", a tick being the smallest step — set one second past the deadline.
import type { Deployment, DeploymentCondition, DeploymentStatus, ReplicaSet } from '../../api/types.js';
import type { DeploymentClient } from './client.js';
import {
  calculateStatus, getDeploymentCondition, newDeploymentCondition, removeDeploymentCondition,
  replicaSetToDeploymentCondition, setDeploymentCondition, statusEqual,
} from './status.js';
import {
  NEW_RS_AVAILABLE_REASON, REPLICA_SET_UPDATED_REASON, TIMED_OUT_REASON, deploymentComplete, deploymentProgressing,
  deploymentTimedOut, hasProgressDeadline, secondsBetween,
} from './util.js';

/** getReplicaFailures: the new RS's ReplicaFailure conditions, else those of the others. */
export function getReplicaFailures(allRSs: readonly (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined): DeploymentCondition[] {
  const out: DeploymentCondition[] = [];
  for (const c of newRS?.status?.conditions ?? []) if (c.type === 'ReplicaFailure') out.push(replicaSetToDeploymentCondition(c));
  if (out.length > 0) return out;
  for (const rs of allRSs) {
    for (const c of rs?.status?.conditions ?? []) if (c.type === 'ReplicaFailure') out.push(replicaSetToDeploymentCondition(c));
  }
  return out;
}

/**
 * The status syncRolloutStatus writes: calculateStatus plus the Progressing condition —
 * NewReplicaSetAvailable when complete, ReplicaSetUpdated (lastUpdateTime = now) on any
 * progress, ProgressDeadlineExceeded once lastUpdateTime + progressDeadlineSeconds < now — and
 * the ReplicaFailure condition promoted from the RSs. Nothing is estimated for a rollout that
 * already completed (updated = replicas and reason NewReplicaSetAvailable).
 */
export function computeRolloutStatus(d: Deployment, allRSs: readonly (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined, now: string): DeploymentStatus {
  const s = calculateStatus(allRSs, newRS, d, now);
  if (!hasProgressDeadline(d)) removeDeploymentCondition(s, 'Progressing');
  const current = getDeploymentCondition(d.status, 'Progressing');
  const isComplete = (s.replicas ?? 0) === (s.updatedReplicas ?? 0) && current?.reason === NEW_RS_AVAILABLE_REASON;
  if (hasProgressDeadline(d) && !isComplete) {
    const subject = newRS ? `ReplicaSet "${newRS.metadata.name}"` : `Deployment "${d.metadata.name}"`;
    if (deploymentComplete(d, s)) {
      setDeploymentCondition(s, newDeploymentCondition('Progressing', 'True', NEW_RS_AVAILABLE_REASON, `${subject} has successfully progressed.`, now));
    } else if (deploymentProgressing(d, s)) {
      // Progressing with the same reason still moves lastUpdateTime; lastTransitionTime stays
      // only if the condition was already True.
      const c = newDeploymentCondition('Progressing', 'True', REPLICA_SET_UPDATED_REASON, `${subject} is progressing.`, now);
      if (current) {
        if (current.status === 'True') {
          if (current.lastTransitionTime === undefined) delete c.lastTransitionTime;
          else c.lastTransitionTime = current.lastTransitionTime;
        }
        removeDeploymentCondition(s, 'Progressing');
      }
      setDeploymentCondition(s, c);
    } else if (deploymentTimedOut(d, s, now)) {
      setDeploymentCondition(s, newDeploymentCondition('Progressing', 'False', TIMED_OUT_REASON, `${subject} has timed out progressing.`, now));
    }
  }
  const failures = getReplicaFailures(allRSs, newRS);
  if (failures.length > 0) setDeploymentCondition(s, failures[0]!);
  else removeDeploymentCondition(s, 'ReplicaFailure');
  return s;
}

/**
 * requeueStuckDeployment: seconds until the progress check is due — lastUpdateTime +
 * progressDeadlineSeconds − now; 0 when less than a second is left; −1 when no check is needed
 * (no deadline, no Progressing condition, complete, or already timed out).
 * @example lastUpdate 18:49:00, deadline 60 s, now 18:49:30 → 30
 */
export function requeueStuckDeployment(d: Deployment, newStatus: DeploymentStatus, now: string): number {
  const current = getDeploymentCondition(d.status, 'Progressing');
  if (!hasProgressDeadline(d) || !current) return -1;
  if (deploymentComplete(d, newStatus) || current.reason === TIMED_OUT_REASON) return -1;
  if (current.lastUpdateTime === undefined) return 0;
  const after = d.spec.progressDeadlineSeconds! - secondsBetween(current.lastUpdateTime, now);
  return after < 1 ? 0 : after;
}

/** syncRolloutStatus: write the rollout status, or set the progress-deadline timer if unchanged. */
export function syncRolloutStatus(c: DeploymentClient, allRSs: readonly (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined): void {
  const now = c.now();
  const s = computeRolloutStatus(c.d, allRSs, newRS, now);
  if (!statusEqual(c.d.status, s)) {
    c.updateStatus(s, 'RolloutStatus');
    return;
  }
  const after = requeueStuckDeployment(c.d, s, now);
  // Upstream requeues "now" (rate limited) below a second, else after `after` + 1 s. A tick is
  // the smallest step, and the deadline passes only strictly after lastUpdate + deadline, so the
  // check is due one second after that instant.
  if (after === 0) c.requeueAfter(1);
  else if (after > 0) c.requeueAfter(Math.ceil(after) + 1);
}
