// Normalization with spec.behavior: stabilizeRecommendationWithBehaviors, convertDesiredReplicasWithBehaviorRate,
// the scale-up/down limits of the policies and the scale-event history (storeScaleEvent,
// markScaleEventsOutdated) of pkg/controller/podautoscaler/horizontal.go (v1.28); the defaults of
// pkg/apis/autoscaling/v2/defaults.go for nil parts. Timestamps are ticks; After/Before are strict.
import type { HorizontalPodAutoscalerBehavior, HPAScalingPolicy, HPAScalingRules } from '../../api/types.js';
import {
  READY_FOR_NEW_SCALE, SCALE_DOWN_LIMIT, SCALE_DOWN_STABILIZED, SCALE_UP_LIMIT, SCALE_UP_STABILIZED, TOO_FEW, TOO_MANY, WITHIN_RANGE,
  type Normalized, type TimestampedRecommendation,
} from './normalize.js';

/** timestampedScaleEvent: replicaChange is the (positive) number of replicas added or removed */
export interface TimestampedScaleEvent {
  replicaChange: number;
  tick: number;
  outdated: boolean;
}

/** HPAScalingRules with every field set (after defaulting). */
export interface ScalingRules {
  stabilizationWindowSeconds: number;
  selectPolicy: 'Max' | 'Min' | 'Disabled';
  policies: HPAScalingPolicy[];
}

const MAX_INT32 = 2147483647;
const MIN_INT32 = -2147483648;

/** GenerateHPAScaleUpRules: stabilization 0, Max, [Pods 4 / 15s, Percent 100 / 15s] for the nil parts. */
export function scaleUpRules(r: HPAScalingRules | undefined): ScalingRules {
  return {
    stabilizationWindowSeconds: r?.stabilizationWindowSeconds ?? 0,
    selectPolicy: r?.selectPolicy ?? 'Max',
    policies: r?.policies ?? [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }],
  };
}

/**
 * GenerateHPAScaleDownRules (Max, [Percent 100 / 15s]) and maybeInitScaleDownStabilizationWindow:
 * a nil window is the controller's --horizontal-pod-autoscaler-downscale-stabilization.
 */
export function scaleDownRules(r: HPAScalingRules | undefined, downscaleStabilizationSeconds: number): ScalingRules {
  return {
    stabilizationWindowSeconds: r?.stabilizationWindowSeconds ?? downscaleStabilizationSeconds,
    selectPolicy: r?.selectPolicy ?? 'Max',
    policies: r?.policies ?? [{ type: 'Percent', value: 100, periodSeconds: 15 }],
  };
}

export function behaviorRules(b: HorizontalPodAutoscalerBehavior, downscaleStabilizationSeconds: number): { up: ScalingRules; down: ScalingRules } {
  return { up: scaleUpRules(b.scaleUp), down: scaleDownRules(b.scaleDown, downscaleStabilizationSeconds) };
}

export interface NormalizationArg {
  scaleUp: ScalingRules;
  scaleDown: ScalingRules;
  minReplicas: number;
  maxReplicas: number;
  currentReplicas: number;
  desiredReplicas: number;
}

/**
 * stabilizeRecommendationWithBehaviors: the current count brought within [min of the recent
 * recommendations in the scale-up window, max of those in the scale-down window] (both including
 * the new one; "recent" = strictly after now − window); records the recommendation over the last
 * entry older than both windows, or appends it. Mutates `recs`.
 * Worked (HPA-SB-3): recs 4 (2m ago), 5 (1m ago), current 1, desired 7, up window 300 → up = 4,
 * down = 7 → clamp(1, 4, 7) = 4.
 */
export function stabilizeRecommendationWithBehaviors(recs: TimestampedRecommendation[], args: NormalizationArg, nowTick: number): { recommendation: number; reason: string; message: string } {
  let upRecommendation = args.desiredReplicas;
  const upCutoff = nowTick - args.scaleUp.stabilizationWindowSeconds;
  let downRecommendation = args.desiredReplicas;
  const downCutoff = nowTick - args.scaleDown.stabilizationWindowSeconds;
  let oldSampleIndex = -1;
  recs.forEach((rec, i) => {
    if (rec.tick > upCutoff) upRecommendation = Math.min(rec.recommendation, upRecommendation);
    if (rec.tick > downCutoff) downRecommendation = Math.max(rec.recommendation, downRecommendation);
    if (rec.tick < upCutoff && rec.tick < downCutoff) oldSampleIndex = i;
  });
  // Bring the recommendation to within the upper and lower limits (stabilize).
  let recommendation = args.currentReplicas;
  if (recommendation < upRecommendation) recommendation = upRecommendation;
  if (recommendation > downRecommendation) recommendation = downRecommendation;
  // Record the unstabilized recommendation.
  const entry = { recommendation: args.desiredReplicas, tick: nowTick };
  if (oldSampleIndex >= 0) recs[oldSampleIndex] = entry;
  else recs.push(entry);
  const why = args.desiredReplicas >= args.currentReplicas ? SCALE_UP_STABILIZED : SCALE_DOWN_STABILIZED;
  return { recommendation, ...why };
}

/** getReplicasChangePerPeriod: Σ replicaChange of the events strictly after now − period. */
export function getReplicasChangePerPeriod(periodSeconds: number, events: readonly TimestampedScaleEvent[], nowTick: number): number {
  const cutoff = nowTick - periodSeconds;
  let replicas = 0;
  for (const e of events) if (e.tick > cutoff) replicas += e.replicaChange;
  return replicas;
}

const policyLabel = (p: HPAScalingPolicy): string => `${p.type} ${p.value} per ${p.periodSeconds}s`;

type Limit = { limit: number; policy?: string };

/**
 * calculateScaleUpLimitWithScalingRules: per policy, from the count at the start of its period
 * (current − added + removed within it): Pods → start + value, Percent → ceil(start × (1 + value/100));
 * Max takes the largest, Min the smallest; Disabled → current.
 * Worked (HPA-SR-23): events +1,+5,+9 in the last 120s → start 85, Pods 150 → 235.
 */
export function calculateScaleUpLimitWithScalingRules(currentReplicas: number, up: readonly TimestampedScaleEvent[], down: readonly TimestampedScaleEvent[], rules: ScalingRules, nowTick: number): Limit {
  if (rules.selectPolicy === 'Disabled') return { limit: currentReplicas, policy: 'selectPolicy Disabled' };
  const min = rules.selectPolicy === 'Min';
  let out: Limit = { limit: min ? MAX_INT32 : MIN_INT32 };
  for (const p of rules.policies) {
    const periodStartReplicas = currentReplicas - getReplicasChangePerPeriod(p.periodSeconds, up, nowTick) + getReplicasChangePerPeriod(p.periodSeconds, down, nowTick);
    // the proposal has to be rounded up because the proposed change might not increase the replica count causing the target to never scale up
    const proposed = p.type === 'Pods' ? periodStartReplicas + p.value : Math.ceil(periodStartReplicas * (1 + p.value / 100));
    if (min ? proposed < out.limit : proposed > out.limit) out = { limit: proposed, policy: policyLabel(p) };
  }
  return out;
}

/**
 * calculateScaleDownLimitWithBehaviors: Pods → start − value, Percent → int(start × (1 − value/100))
 * (truncated); Max ("largest change") takes the smallest, Min the largest; Disabled → current.
 * Worked (HPA-SR-31): removals 2,4,6 in the last 120s → start 112, Percent 50 → int(56.0) = 56.
 */
export function calculateScaleDownLimitWithBehaviors(currentReplicas: number, up: readonly TimestampedScaleEvent[], down: readonly TimestampedScaleEvent[], rules: ScalingRules, nowTick: number): Limit {
  if (rules.selectPolicy === 'Disabled') return { limit: currentReplicas, policy: 'selectPolicy Disabled' };
  const min = rules.selectPolicy === 'Min';
  let out: Limit = { limit: min ? MIN_INT32 : MAX_INT32 };
  for (const p of rules.policies) {
    const periodStartReplicas = currentReplicas - getReplicasChangePerPeriod(p.periodSeconds, up, nowTick) + getReplicasChangePerPeriod(p.periodSeconds, down, nowTick);
    const proposed = p.type === 'Pods' ? periodStartReplicas - p.value : Math.trunc(periodStartReplicas * (1 - p.value / 100));
    if (min ? proposed > out.limit : proposed < out.limit) out = { limit: proposed, policy: policyLabel(p) };
  }
  return out;
}

/**
 * convertDesiredReplicasWithBehaviorRate: scale up at most to min(maxReplicas, the policies'
 * limit), down at least to max(minReplicas, the policies' limit); a limit beyond the current
 * count (recent changes used it up) keeps the current count.
 */
export function convertDesiredReplicasWithBehaviorRate(args: NormalizationArg, up: readonly TimestampedScaleEvent[], down: readonly TimestampedScaleEvent[], nowTick: number):
  { replicas: number; reason: string; message: string; limitedBy?: string } {
  if (args.desiredReplicas > args.currentReplicas) {
    const l = calculateScaleUpLimitWithScalingRules(args.currentReplicas, up, down, args.scaleUp, nowTick);
    // We shouldn't scale up further until the scaleUpEvents will be cleaned up
    const scaleUpLimit = Math.max(l.limit, args.currentReplicas);
    const [maximumAllowedReplicas, why, limitedBy] = args.maxReplicas > scaleUpLimit
      ? [scaleUpLimit, SCALE_UP_LIMIT, l.policy] : [args.maxReplicas, TOO_MANY, `maxReplicas ${args.maxReplicas}`];
    if (args.desiredReplicas > maximumAllowedReplicas) return { replicas: maximumAllowedReplicas, ...why, ...(limitedBy !== undefined ? { limitedBy } : {}) };
  } else if (args.desiredReplicas < args.currentReplicas) {
    const l = calculateScaleDownLimitWithBehaviors(args.currentReplicas, up, down, args.scaleDown, nowTick);
    // We shouldn't scale down further until the scaleDownEvents will be cleaned up
    const scaleDownLimit = Math.min(l.limit, args.currentReplicas);
    const [minimumAllowedReplicas, why, limitedBy] = args.minReplicas < scaleDownLimit
      ? [scaleDownLimit, SCALE_DOWN_LIMIT, l.policy] : [args.minReplicas, TOO_FEW, `minReplicas ${args.minReplicas}`];
    if (args.desiredReplicas < minimumAllowedReplicas) return { replicas: minimumAllowedReplicas, ...why, ...(limitedBy !== undefined ? { limitedBy } : {}) };
  }
  return { replicas: args.desiredReplicas, ...WITHIN_RANGE };
}

/** normalizeDesiredReplicasWithBehaviors: stabilization by the behavior's windows, then the rate limits. */
export function normalizeDesiredReplicasWithBehaviors(recs: TimestampedRecommendation[], up: readonly TimestampedScaleEvent[], down: readonly TimestampedScaleEvent[], args: NormalizationArg, nowTick: number): Normalized {
  const prenormalized = args.desiredReplicas;
  const s = stabilizeRecommendationWithBehaviors(recs, args, nowTick);
  const stabilized = s.recommendation;
  const ableToScale = stabilized !== prenormalized ? { status: 'True' as const, reason: s.reason, message: s.message } : { status: 'True' as const, ...READY_FOR_NEW_SCALE };
  const c = convertDesiredReplicasWithBehaviorRate({ ...args, desiredReplicas: stabilized }, up, down, nowTick);
  const out: Normalized = {
    stabilized, desired: c.replicas, ableToScale,
    scalingLimited: { status: c.replicas === stabilized ? 'False' : 'True', reason: c.reason, message: c.message },
  };
  if (c.replicas !== stabilized && c.limitedBy !== undefined) out.limitedBy = c.limitedBy;
  return out;
}

/** getLongestPolicyPeriod */
export function getLongestPolicyPeriod(rules: ScalingRules): number {
  let longest = 0;
  for (const p of rules.policies) if (p.periodSeconds > longest) longest = p.periodSeconds;
  return longest;
}

/** markScaleEventsOutdated: events strictly older than the longest policy period may be reused. */
export function markScaleEventsOutdated(events: TimestampedScaleEvent[], longestPolicyPeriod: number, nowTick: number): void {
  const cutoff = nowTick - longestPolicyPeriod;
  for (const e of events) if (e.tick < cutoff) e.outdated = true;
}

/**
 * storeScaleEvent (only with a behavior): records |new − prev| in the up or down history, over the
 * last outdated entry or appended. Mutates the arrays.
 */
export function storeScaleEvent(rules: { up: ScalingRules; down: ScalingRules }, up: TimestampedScaleEvent[], down: TimestampedScaleEvent[], prevReplicas: number, newReplicas: number, nowTick: number): void {
  const [events, r, change] = newReplicas > prevReplicas ? [up, rules.up, newReplicas - prevReplicas] : [down, rules.down, prevReplicas - newReplicas];
  markScaleEventsOutdated(events, getLongestPolicyPeriod(r), nowTick);
  let oldSampleIndex = -1;
  events.forEach((e, i) => { if (e.outdated) oldSampleIndex = i; });
  const entry = { replicaChange: change, tick: nowTick, outdated: false };
  if (oldSampleIndex >= 0) events[oldSampleIndex] = entry;
  else events.push(entry);
}
