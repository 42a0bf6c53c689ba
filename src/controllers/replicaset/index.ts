// The ReplicaSet controller (pkg/controller/replicaset, v1.28): keeps spec.replicas active pods per
// ReplicaSet and reports them in status. Public surface of the folder; see controller.ts.
export { ReplicaSetController } from './controller.js';
export { BURST_REPLICAS, claimPods, getIndirectlyRelatedPods, manageReplicas, syncReplicaSet } from './sync.js';
export { calculateStatus, nextAvailableTick, REPLICA_FAILURE } from './status.js';
export {
  ActivePodsWithRanks, DEFAULT_RANK_FEATURES, getDeletionCostFromPodAnnotations, getPodsRankedByRelatedPodsOnSameNode,
  getPodsToDelete, log2Bucket, logarithmicRankDiff, POD_DELETION_COST, type RankFeatures,
} from './ranking.js';
export { ApiError, SLOW_START_INITIAL_BATCH_SIZE, slowStartBatch, type BatchResult } from './slowstart.js';
export { CONTROLLER_NAME, getPodFromTemplate, getPodsPrefix, newControllerRef } from './podcontrol.js';
