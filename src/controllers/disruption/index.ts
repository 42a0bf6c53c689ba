// The disruption controller (PodDisruptionBudget status) and its building blocks.
// Follows pkg/controller/disruption (v1.28); see controller.ts for where it differs.
export { DisruptionController, DISRUPTION_CONTROLLER_NAME, DISRUPTION_EVENT_SOURCE, staleConditionWait, type DisruptionControllerOptions } from './controller.js';
export { podControllerFinders, type ControllerAndScale, type FinderResult, type PodControllerFinder } from './finders.js';
export {
  buildDisruptedPodMap, conditionsAreUpToDate, countHealthyPods, DELETION_TIMEOUT_SECONDS, getExpectedPodCount, getExpectedScale,
  STALE_POD_DISRUPTION_TIMEOUT_SECONDS, updateDisruptionAllowedCondition, updatedStatus,
} from './status.js';
export { labelSelectorString, unmanagedPodsMessage } from './messages.js';
