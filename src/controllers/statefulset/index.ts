// The StatefulSet controller (pkg/controller/statefulset, v1.28): pods "<set>-<ordinal>" with stable
// identity, ordered or parallel scaling, rolling updates by partition. Public surface of the folder.
export { StatefulSetController } from './controller.js';
export { getPodsForStatefulSet, syncStatefulSet, updateStatefulSet, versionFor } from './control.js';
export { createStatefulPod, deleteStatefulPod, PodControlError } from './podcontrol.js';
export { getStatefulSetRevisions, revisionName, SIM_KEY, type Revisions, type StoredRevision } from './revision.js';
export { completeRollingUpdate, computeReplicaStatus, inconsistentStatus, updateStatefulSetStatus, type ReplicaStatus, type SyncStatus } from './status.js';
export {
  CONTROLLER_NAME, CONTROLLER_REVISION_HASH_LABEL, getParentNameAndOrdinal, getPodName, getPodRevision, identityMatches,
  isHealthy, isMemberOf, newStatefulSetPod, POD_INDEX_LABEL, STATEFULSET_POD_NAME_LABEL,
} from './utils.js';
