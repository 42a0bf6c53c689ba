// The garbage collector (pkg/controller/garbagecollector, v1.28): deletes objects whose owners are
// gone and finishes foreground and orphan deletions. Public surface of the folder.
export { GarbageCollector, MAX_GC_ROUNDS_PER_RECONCILE } from './controller.js';
export {
  attemptToDeleteItem, classifyReferences, GC_NAME, isDeletingDependents, isOrphaning, needsWork, orphanDependents,
  processDeletingDependentsItem, resolveOwner, type Classified,
} from './attempt.js';
