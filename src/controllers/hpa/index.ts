// The HorizontalPodAutoscaler controller (pkg/controller/podautoscaler, v1.28): scales Deployments,
// ReplicaSets and StatefulSets from the metrics APIs. Public surface of the folder; see controller.ts and reconcile.ts.
export { HorizontalPodAutoscalerController, untilNextSync, type HorizontalPodAutoscalerControllerOptions } from './controller.js';
export { HPA_CONTROLLER_NAME, HPA_EVENT_SOURCE, recordType } from './commit.js';
export type { HpaDecision, HpaMetricDecision } from './decision.js';
export { DEFAULT_HPA_SETTINGS, hpaSettingsFrom, hpaSettingsOf, type HpaSettings } from './settings.js';
export { ReplicaCalculator, getReadyPodsCount, type CalculatorOptions, type PodCounts } from './calculator.js';
export { restMetricsClient, type MetricsClient } from './metricsclient.js';
export { calculatePodRequests, groupPods, ZERO_TIME_TICK, type PodGroups } from './podgroups.js';
export { getMetricUsageRatio, getResourceUtilizationRatio, type PodMetric, type PodMetricsInfo } from './utilization.js';
export { calculateScaleUpLimit, convertDesiredReplicasWithRules, normalizeDesiredReplicas, stabilizeRecommendation, type TimestampedRecommendation } from './normalize.js';
export {
  behaviorRules, calculateScaleDownLimitWithBehaviors, calculateScaleUpLimitWithScalingRules, convertDesiredReplicasWithBehaviorRate,
  normalizeDesiredReplicasWithBehaviors, stabilizeRecommendationWithBehaviors, storeScaleEvent, type ScalingRules, type TimestampedScaleEvent,
} from './behavior.js';
export { readMemory, SIM_KEY as HPA_SIM_KEY, type HpaMemory } from './memory.js';
export { getScale, podsForScale, type Scale } from './scale.js';
