// The RollingUpdate strategy: rolloutRolling, reconcileNewReplicaSet, reconcileOldReplicaSets,
// cleanupUnhealthyReplicas, scaleDownOldReplicaSetsForRollingUpdate (pkg/controller/deployment/
// rolling.go). The arithmetic is in pure planners (tested against rolling_test.go); same data flow.
import type { Deployment, ReplicaSet } from '../../api/types.js';
import type { DeploymentClient } from './client.js';
import { syncRolloutStatus } from './progress.js';
import { cleanupDeployment, getAllReplicaSetsAndSyncRevision } from './sync.js';
import {
  byCreationTimestamp, deploymentComplete, filterActiveReplicaSets, getAvailableReplicaCount, getReplicaCount,
  maxUnavailable, newRSNewReplicas, replicasOf, rsReplicas,
} from './util.js';

/** rolloutRolling: create the new RS if missing; scale it up, else old ones down; cleanup when complete. */
export function rolloutRolling(c: DeploymentClient, rsList: readonly ReplicaSet[]): void {
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(c, rsList, true);
  const allRSs = [...oldRSs, newRS];
  // create=true always yields a new RS (or aborts)
  const rs = newRS!;
  if (reconcileNewReplicaSet(c, allRSs, rs)) return syncRolloutStatus(c, allRSs, rs);
  if (reconcileOldReplicaSets(c, allRSs, filterActiveReplicaSets(oldRSs), rs)) return syncRolloutStatus(c, allRSs, rs);
  if (deploymentComplete(c.d, c.d.status)) cleanupDeployment(c, oldRSs);
  return syncRolloutStatus(c, allRSs, rs);
}

/**
 * The size reconcileNewReplicaSet scales the new RS to, or undefined when it stays:
 * down to replicas if above, else NewRSNewReplicas (bounded by replicas + maxSurge in all).
 */
export function planReconcileNewReplicaSet(d: Deployment, allRSs: readonly (ReplicaSet | undefined)[], newRS: ReplicaSet): number | undefined {
  if (rsReplicas(newRS) === replicasOf(d)) return undefined;
  if (rsReplicas(newRS) > replicasOf(d)) return replicasOf(d);
  const n = newRSNewReplicas(d, allRSs, newRS);
  return n === rsReplicas(newRS) ? undefined : n;
}

function reconcileNewReplicaSet(c: DeploymentClient, allRSs: readonly (ReplicaSet | undefined)[], newRS: ReplicaSet): boolean {
  const to = planReconcileNewReplicaSet(c.d, allRSs, newRS);
  return to === undefined ? false : c.scaleReplicaSetAndRecordEvent(newRS, to).scaled;
}

/** One RS resize decided by a planner. */
export interface Resize {
  rs: ReplicaSet;
  to: number;
}

/**
 * maxScaledDown of reconcileOldReplicaSets: how many old pods may go without dropping below
 * minAvailable, counting the new RS's unavailable pods as already missing.
 * @example 10 replicas, maxUnavailable 2, maxSurge 3: new 3 (none available), old 8 →
 *   13 − 8 − 3 = 2; once the 3 are available → 13 − 8 − 0 = 5.
 */
export function maxScaledDown(d: Deployment, allRSs: readonly (ReplicaSet | undefined)[], newRS: ReplicaSet): number {
  const minAvailable = replicasOf(d) - maxUnavailable(d);
  const newRSUnavailable = rsReplicas(newRS) - (newRS.status?.availableReplicas ?? 0);
  return getReplicaCount(allRSs) - minAvailable - newRSUnavailable;
}

/**
 * cleanupUnhealthyReplicas: scale old RSs (oldest first) down by their unavailable replicas, at
 * most `maxCleanup` in all. Returns the resizes and the RS list with the resized values.
 */
export function planCleanupUnhealthyReplicas(oldRSs: readonly ReplicaSet[], maxCleanup: number): { resizes: Resize[]; oldRSs: ReplicaSet[]; cleaned: number; invalid?: Resize } {
  const sorted = [...oldRSs].sort(byCreationTimestamp);
  const resizes: Resize[] = [];
  let total = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (total >= maxCleanup) break;
    const rs = sorted[i]!;
    const available = rs.status?.availableReplicas ?? 0;
    if (rsReplicas(rs) === 0 || rsReplicas(rs) === available) continue;
    const n = Math.min(maxCleanup - total, rsReplicas(rs) - available);
    const to = rsReplicas(rs) - n;
    // Upstream refuses a "cleanup" that would scale up — an RS whose status still counts pods it
    // was just told to drop (available > spec): "when cleaning up unhealthy replicas, got invalid
    // request to scale down …". The resizes planned before it still happen; the sync then scales
    // nothing more (reconcileOldReplicaSets returns false).
    if (to > rsReplicas(rs)) return { resizes, oldRSs: sorted, cleaned: total, invalid: { rs, to } };
    resizes.push({ rs, to });
    sorted[i] = { ...rs, spec: { ...rs.spec, replicas: to } };
    total += n;
  }
  return { resizes, oldRSs: sorted, cleaned: total };
}

/**
 * scaleDownOldReplicaSetsForRollingUpdate: while Σ available (as the RS objects say) exceeds
 * minAvailable, take the excess from the old RSs, oldest first.
 */
export function planScaleDownOldReplicaSets(d: Deployment, allRSs: readonly (ReplicaSet | undefined)[], oldRSs: readonly ReplicaSet[]): Resize[] {
  const minAvailable = replicasOf(d) - maxUnavailable(d);
  const available = getAvailableReplicaCount(allRSs);
  if (available <= minAvailable) return [];
  const toScaleDown = available - minAvailable;
  const out: Resize[] = [];
  let scaled = 0;
  for (const rs of [...oldRSs].sort(byCreationTimestamp)) {
    if (scaled >= toScaleDown) break;
    if (rsReplicas(rs) === 0) continue;
    const n = Math.min(rsReplicas(rs), toScaleDown - scaled);
    out.push({ rs, to: rsReplicas(rs) - n });
    scaled += n;
  }
  return out;
}

/**
 * The whole of reconcileOldReplicaSets as a plan: cleanup of unhealthy replicas (bounded by
 * maxScaledDown), then the availability-bounded scale-down over the cleaned-up RS values.
 */
export function planReconcileOldReplicaSets(d: Deployment, allRSs: readonly (ReplicaSet | undefined)[], oldRSs: readonly ReplicaSet[], newRS: ReplicaSet): { cleanup: Resize[]; scaleDown: Resize[] } {
  if (getReplicaCount(oldRSs) === 0) return { cleanup: [], scaleDown: [] };
  const max = maxScaledDown(d, allRSs, newRS);
  if (max <= 0) return { cleanup: [], scaleDown: [] };
  const cleaned = planCleanupUnhealthyReplicas(oldRSs, max);
  if (cleaned.invalid) return { cleanup: cleaned.resizes, scaleDown: [] };
  return { cleanup: cleaned.resizes, scaleDown: planScaleDownOldReplicaSets(d, [...cleaned.oldRSs, newRS], cleaned.oldRSs) };
}

function reconcileOldReplicaSets(c: DeploymentClient, allRSs: readonly (ReplicaSet | undefined)[], oldRSs: readonly ReplicaSet[], newRS: ReplicaSet): boolean {
  if (getReplicaCount(oldRSs) === 0) return false;
  const max = maxScaledDown(c.d, allRSs, newRS);
  if (max <= 0) return false;
  const cleaned = planCleanupUnhealthyReplicas(oldRSs, max);
  // the cleaned-up RSs carry their new size into the scale-down (upstream: oldRSs[i] = updated)
  const current = cleaned.oldRSs;
  for (const { rs, to } of cleaned.resizes) {
    const r = c.scaleReplicaSetAndRecordEvent(rs, to);
    const i = current.findIndex((x) => x.metadata.uid === rs.metadata.uid);
    if (i >= 0) current[i] = r.rs;
  }
  if (cleaned.invalid) return false; // upstream: cleanupUnhealthyReplicas errs, `return false, nil`
  let scaledDown = 0;
  for (const { rs, to } of planScaleDownOldReplicaSets(c.d, [...current, newRS], current)) {
    c.scaleReplicaSetAndRecordEvent(rs, to);
    scaledDown += rsReplicas(rs) - to;
  }
  return cleaned.cleaned + scaledDown > 0;
}
