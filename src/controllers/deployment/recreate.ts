// The Recreate strategy: scale every old RS to 0, wait until no old pod runs, then create (or
// scale up) the new RS (pkg/controller/deployment/recreate.go, v1.28 — before the
// podReplacementPolicy branch). Old pods are found through the pod index of each RS.
import type { Deployment, ReplicaSet } from '../../api/types.js';
import { controllerRef } from '../../api/podutil.js';
import { selectorMatches } from '../../api/labels.js';
import type { View } from '../../state/cluster.js';
import type { DeploymentClient } from './client.js';
import { syncRolloutStatus } from './progress.js';
import { cleanupDeployment, getAllReplicaSetsAndSyncRevision } from './sync.js';
import { deploymentComplete, filterActiveReplicaSets, getActualReplicaCount, replicasOf } from './util.js';

/** rolloutRecreate: never scale up before every old pod is gone. */
export function rolloutRecreate(c: DeploymentClient, rsList: readonly ReplicaSet[]): void {
  // don't create the new RS yet, so that nothing scales up before the old pods are down
  let { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(c, rsList, false);
  let allRSs = [...oldRSs, newRS];
  if (scaleDownOldReplicaSetsForRecreate(c, filterActiveReplicaSets(oldRSs))) return syncRolloutStatus(c, allRSs, newRS);
  if (oldPodsRunning(c.ctx.view, c.d, newRS, oldRSs, rsList)) return syncRolloutStatus(c, allRSs, newRS);
  if (!newRS) {
    ({ newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(c, rsList, true));
    allRSs = [...oldRSs, newRS];
  }
  // created at spec.replicas already (NewRSNewReplicas for Recreate); this scales an existing one
  c.scaleReplicaSetAndRecordEvent(newRS!, replicasOf(c.d));
  if (deploymentComplete(c.d, c.d.status)) cleanupDeployment(c, oldRSs);
  return syncRolloutStatus(c, allRSs, newRS);
}

/** scaleDownOldReplicaSetsForRecreate: every active old RS to 0. */
function scaleDownOldReplicaSetsForRecreate(c: DeploymentClient, activeOldRSs: readonly ReplicaSet[]): boolean {
  let scaled = false;
  for (const rs of activeOldRSs) {
    if (c.scaleReplicaSetAndRecordEvent(rs, 0).scaled) scaled = true;
  }
  return scaled;
}

/**
 * oldPodsRunning: an old RS still reports replicas, or a pod controlled by one of the
 * deployment's RSs other than the new one is not Succeeded/Failed (Unknown and terminating pods
 * count as running).
 */
export function oldPodsRunning(view: View, d: Deployment, newRS: ReplicaSet | undefined, oldRSs: readonly ReplicaSet[], rsList: readonly ReplicaSet[]): boolean {
  if (getActualReplicaCount(oldRSs) > 0) return true;
  for (const rs of rsList) {
    const uid = rs.metadata.uid;
    if (uid === undefined || (newRS && newRS.metadata.uid === uid)) continue;
    for (const pod of view.ownedBy(uid, 'Pod')) {
      if (controllerRef(pod)?.uid !== uid || !selectorMatches(d.spec.selector, pod.metadata.labels)) continue;
      const phase = pod.status?.phase;
      if (phase === 'Succeeded' || phase === 'Failed') continue;
      return true;
    }
  }
  return false;
}
