// Legacy normalization, when spec.behavior is nil: stabilizeRecommendation, normalizeDesiredReplicas,
// convertDesiredReplicasWithRules and calculateScaleUpLimit of pkg/controller/podautoscaler/
// horizontal.go (v1.28). Timestamps are ticks; "Before(cutoff)" is strict, as in Go.

/** timestampedRecommendation */
export interface TimestampedRecommendation {
  recommendation: number;
  tick: number;
}

/** A condition the normalization sets (type AbleToScale or ScalingLimited). */
export interface ConditionChange {
  status: 'True' | 'False';
  reason: string;
  message: string;
}

export interface Normalized {
  /** the replica count after stabilization */
  stabilized: number;
  /** after the rate limits and min/max */
  desired: number;
  ableToScale: ConditionChange;
  scalingLimited: ConditionChange;
  /** the bound that limited the change, for the decision record */
  limitedBy?: string;
}

const scaleUpLimitFactor = 2.0;
const scaleUpLimitMinimum = 4.0;

/** calculateScaleUpLimit: max(2 × current, 4). */
export function calculateScaleUpLimit(currentReplicas: number): number {
  return Math.trunc(Math.max(scaleUpLimitFactor * currentReplicas, scaleUpLimitMinimum));
}

/**
 * stabilizeRecommendation: the max of the recommendation and those not older than the window
 * (a timestamp equal to now − window still counts); records the recommendation over the LAST
 * entry older than the window, or appends it. Mutates `recs`.
 */
export function stabilizeRecommendation(recs: TimestampedRecommendation[], prenormalizedDesiredReplicas: number, windowSeconds: number, nowTick: number): number {
  let maxRecommendation = prenormalizedDesiredReplicas;
  let oldSampleIndex = -1;
  const cutoff = nowTick - windowSeconds;
  recs.forEach((rec, i) => {
    if (rec.tick < cutoff) oldSampleIndex = i;
    else if (rec.recommendation > maxRecommendation) maxRecommendation = rec.recommendation;
  });
  const entry = { recommendation: prenormalizedDesiredReplicas, tick: nowTick };
  if (oldSampleIndex >= 0) recs[oldSampleIndex] = entry;
  else recs.push(entry);
  return maxRecommendation;
}

export const TOO_MANY = { reason: 'TooManyReplicas', message: 'the desired replica count is more than the maximum replica count' };
export const TOO_FEW = { reason: 'TooFewReplicas', message: 'the desired replica count is less than the minimum replica count' };
export const SCALE_UP_LIMIT = { reason: 'ScaleUpLimit', message: 'the desired replica count is increasing faster than the maximum scale rate' };
export const SCALE_DOWN_LIMIT = { reason: 'ScaleDownLimit', message: 'the desired replica count is decreasing faster than the maximum scale rate' };
export const WITHIN_RANGE = { reason: 'DesiredWithinRange', message: 'the desired count is within the acceptable range' };
export const READY_FOR_NEW_SCALE = { reason: 'ReadyForNewScale', message: 'recommended size matches current size' };
export const SCALE_DOWN_STABILIZED = { reason: 'ScaleDownStabilized', message: 'recent recommendations were higher than current one, applying the highest recent recommendation' };
export const SCALE_UP_STABILIZED = { reason: 'ScaleUpStabilized', message: 'recent recommendations were lower than current one, applying the lowest recent recommendation' };

/**
 * convertDesiredReplicasWithRules: clamp to [minReplicas, min(maxReplicas, max(2 × current, 4))].
 * Worked (HPA-CV-5): current 3, desired 1000, max 2000 → scaleUpLimit 6 < 2000 → 6, ScaleUpLimit.
 */
export function convertDesiredReplicasWithRules(currentReplicas: number, desiredReplicas: number, hpaMinReplicas: number, hpaMaxReplicas: number):
  { replicas: number; reason: string; message: string; limitedBy?: string } {
  const scaleUpLimit = calculateScaleUpLimit(currentReplicas);
  const [maximumAllowedReplicas, limiting, limitedBy] = hpaMaxReplicas > scaleUpLimit
    ? [scaleUpLimit, SCALE_UP_LIMIT, 'max(2×current, 4)']
    : [hpaMaxReplicas, TOO_MANY, `maxReplicas ${hpaMaxReplicas}`];
  if (desiredReplicas < hpaMinReplicas) return { replicas: hpaMinReplicas, ...TOO_FEW, limitedBy: `minReplicas ${hpaMinReplicas}` };
  if (desiredReplicas > maximumAllowedReplicas) return { replicas: maximumAllowedReplicas, ...limiting, limitedBy };
  return { replicas: desiredReplicas, ...WITHIN_RANGE };
}

/** normalizeDesiredReplicas: stabilization (downscale window), then convertDesiredReplicasWithRules. */
export function normalizeDesiredReplicas(recs: TimestampedRecommendation[], currentReplicas: number, prenormalizedDesiredReplicas: number, minReplicas: number, maxReplicas: number, windowSeconds: number, nowTick: number): Normalized {
  const stabilized = stabilizeRecommendation(recs, prenormalizedDesiredReplicas, windowSeconds, nowTick);
  const ableToScale: ConditionChange = { status: 'True', ...(stabilized !== prenormalizedDesiredReplicas ? SCALE_DOWN_STABILIZED : READY_FOR_NEW_SCALE) };
  const c = convertDesiredReplicasWithRules(currentReplicas, stabilized, minReplicas, maxReplicas);
  const out: Normalized = {
    stabilized, desired: c.replicas, ableToScale,
    scalingLimited: { status: c.replicas === stabilized ? 'False' : 'True', reason: c.reason, message: c.message },
  };
  if (c.replicas !== stabilized && c.limitedBy !== undefined) out.limitedBy = c.limitedBy;
  return out;
}
