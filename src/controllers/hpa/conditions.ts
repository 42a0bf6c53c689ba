// The HPA's status conditions and status rebuild: setConditionInList and setStatus of
// pkg/controller/podautoscaler/horizontal.go (v1.28). lastTransitionTime changes only when the
// condition's status flips (or the condition is new).
import type { HorizontalPodAutoscalerCondition, HorizontalPodAutoscalerStatus, MetricStatus } from '../../api/types.js';

export type ConditionType = 'AbleToScale' | 'ScalingActive' | 'ScalingLimited';

/** setConditionInList: update in place (a new condition is appended), returns the list. */
export function setCondition(list: HorizontalPodAutoscalerCondition[], type: string, status: 'True' | 'False', reason: string, message: string, now: string): HorizontalPodAutoscalerCondition[] {
  let existing = list.find((c) => c.type === type);
  if (!existing) {
    existing = { type, status: '' as 'True' };
    list.push(existing);
  }
  if (existing.status !== status) existing.lastTransitionTime = now;
  existing.status = status;
  existing.reason = reason;
  existing.message = message;
  return list;
}

/** A condition object in the field order of the Go type (type, status, lastTransitionTime, reason, message). */
function ordered(c: HorizontalPodAutoscalerCondition): HorizontalPodAutoscalerCondition {
  const out: HorizontalPodAutoscalerCondition = { type: c.type, status: c.status };
  if (c.lastTransitionTime !== undefined) out.lastTransitionTime = c.lastTransitionTime;
  if (c.reason !== undefined) out.reason = c.reason;
  if (c.message !== undefined) out.message = c.message;
  return out;
}

/**
 * setStatus: the status rebuilt from the current and desired counts, the metric statuses and the
 * conditions; lastScaleTime is now after a rescale. Like upstream it carries nothing else over
 * (observedGeneration, which the v1.28 controller never sets, is dropped).
 */
export function buildStatus(prev: HorizontalPodAutoscalerStatus | undefined, currentReplicas: number, desiredReplicas: number,
  metricStatuses: MetricStatus[] | undefined, conditions: HorizontalPodAutoscalerCondition[], rescaleAt: string | undefined): HorizontalPodAutoscalerStatus {
  const status = {} as HorizontalPodAutoscalerStatus;
  const lastScaleTime = rescaleAt ?? prev?.lastScaleTime;
  if (lastScaleTime !== undefined) status.lastScaleTime = lastScaleTime;
  status.currentReplicas = currentReplicas;
  status.desiredReplicas = desiredReplicas;
  if (metricStatuses && metricStatuses.length > 0) status.currentMetrics = metricStatuses;
  if (conditions.length > 0) status.conditions = conditions.map(ordered);
  return status;
}

/** The status with only the conditions changed (the early-return paths of reconcileAutoscaler). */
export function withConditions(prev: HorizontalPodAutoscalerStatus | undefined, conditions: HorizontalPodAutoscalerCondition[]): HorizontalPodAutoscalerStatus {
  const status = { ...(prev ?? { currentReplicas: 0, desiredReplicas: 0 }) };
  if (conditions.length > 0) status.conditions = conditions.map(ordered);
  else delete status.conditions;
  return status;
}
