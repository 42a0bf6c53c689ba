// HPA-SB-1..11 (TestNormalizeDesiredReplicasWithBehavior), HPA-LIM-1..2 (TestCalculateScaleUp/DownLimit…)
// and HPA-SR-1..36 (TestScalingWithRules) of pkg/controller/podautoscaler/horizontal_test.go (v1.28).
import { describe, expect, it } from 'vitest';
import type { HPAScalingRules } from '../../api/types.js';
import {
  calculateScaleDownLimitWithBehaviors, calculateScaleUpLimitWithScalingRules, convertDesiredReplicasWithBehaviorRate, scaleDownRules, scaleUpRules,
  stabilizeRecommendationWithBehaviors, storeScaleEvent, type ScalingRules, type TimestampedScaleEvent,
} from './behavior.js';
import type { TimestampedRecommendation } from './normalize.js';

const NOW = 100_000;

/** generateScalingRules(pods, podsPeriod, percent, percentPeriod, stabilizationWindow); 0 = no such policy */
function gen(pods: number, podsPeriod: number, percent: number, percentPeriod: number, window: number): HPAScalingRules {
  const r: HPAScalingRules = { stabilizationWindowSeconds: window, selectPolicy: 'Max', policies: [] };
  if (pods !== 0) r.policies!.push({ type: 'Pods', value: pods, periodSeconds: podsPeriod });
  if (percent !== 0) r.policies!.push({ type: 'Percent', value: percent, periodSeconds: percentPeriod });
  return r;
}

/** generateEventsUniformDistribution: each event in the middle of its segment of the last `period` seconds. */
function events(raw: number[], period = 120): TimestampedScaleEvent[] {
  const segment = period / raw.length;
  return raw.map((replicaChange, idx) => ({ replicaChange, tick: NOW - Math.trunc(period - segment * (idx + 1) + segment / 2), outdated: false }));
}

describe('stabilizeRecommendationWithBehaviors', () => {
  const rules = (up: number, down: number): { scaleUp: ScalingRules; scaleDown: ScalingRules } => ({
    scaleUp: scaleUpRules({ stabilizationWindowSeconds: up }), scaleDown: scaleDownRules({ stabilizationWindowSeconds: down }, 300),
  });
  const cases: [string, [number, number][], number, number, number, number, number, number[] | undefined][] = [
    // id, recs (value, minutes ago), current, desired, up window, down window → stabilized, recs after
    ['HPA-SB-1', [], 100, 5, 0, 0, 5, [5]],
    ['HPA-SB-2', [[4, 2], [5, 1]], 100, 3, 0, 180, 5, [4, 5, 3]],
    ['HPA-SB-3', [[4, 2], [5, 1]], 1, 7, 300, 0, 4, [4, 5, 7]],
    ['HPA-SB-4', [[1, 2], [2, 1]], 100, 3, 300, 0, 3, undefined],
    ['HPA-SB-5', [[4, 2], [5, 1]], 1, 3, 0, 300, 3, undefined],
    ['HPA-SB-6', [[10, 10], [9, 9]], 100, 3, 0, 0, 3, [10, 3]],
    ['HPA-SB-7', [[10, 10], [9, 9]], 1, 100, 0, 0, 100, [10, 100]],
    ['HPA-SB-8', [[10, 10], [4, 1], [5, 2], [9, 9]], 100, 3, 0, 180, 5, [10, 4, 5, 3]],
    ['HPA-SB-9', [[10, 100], [6, 1], [5, 2], [9, 3]], 1, 100, 300, 0, 5, [100, 6, 5, 9]],
    ['HPA-SB-10', [[2, 100], [3, 3]], 2, 1, 300, 300, 2, undefined],
    ['HPA-SB-11', [[2, 100], [1, 3]], 2, 3, 300, 300, 2, undefined],
  ];
  it.each(cases)('%s', (_id, recs, current, desired, up, down, stabilized, after) => {
    const log: TimestampedRecommendation[] = recs.map(([recommendation, minutes]) => ({ recommendation, tick: NOW - minutes * 60 }));
    const r = stabilizeRecommendationWithBehaviors(log, { ...rules(up, down), minReplicas: 1, maxReplicas: 1000, currentReplicas: current, desiredReplicas: desired }, NOW);
    expect(r.recommendation).toBe(stabilized);
    if (after) expect(log.map((x) => x.recommendation)).toEqual(after);
  });

  it('names the direction: ScaleUpStabilized when desired ≥ current, else ScaleDownStabilized', () => {
    const arg = { ...rules(300, 300), minReplicas: 1, maxReplicas: 10, currentReplicas: 5, desiredReplicas: 5 };
    expect(stabilizeRecommendationWithBehaviors([], arg, NOW).reason).toBe('ScaleUpStabilized');
    expect(stabilizeRecommendationWithBehaviors([], { ...arg, desiredReplicas: 4 }, NOW).reason).toBe('ScaleDownStabilized');
  });
});

describe('scale limits with scaling rules', () => {
  const minRules: ScalingRules = { stabilizationWindowSeconds: 300, selectPolicy: 'Min', policies: [{ type: 'Pods', value: 2, periodSeconds: 60 }, { type: 'Percent', value: 50, periodSeconds: 60 }] };
  it('HPA-LIM-1: scale up, Min of [Pods 2/60s, Percent 50/60s] from 1 → min(3, ceil(1.5)) = 2', () => {
    expect(calculateScaleUpLimitWithScalingRules(1, [], [], minRules, NOW)).toEqual({ limit: 2, policy: 'Percent 50 per 60s' });
  });
  it('HPA-LIM-2: scale down, Min of [Pods 2/60s, Percent 50/60s] from 5 → max(3, int(2.5)) = 3', () => {
    expect(calculateScaleDownLimitWithBehaviors(5, [], [], minRules, NOW)).toEqual({ limit: 3, policy: 'Pods 2 per 60s' });
  });
  it('Disabled keeps the current count', () => {
    expect(calculateScaleUpLimitWithScalingRules(7, [], [], { ...minRules, selectPolicy: 'Disabled' }, NOW).limit).toBe(7);
    expect(calculateScaleDownLimitWithBehaviors(7, [], [], { ...minRules, selectPolicy: 'Disabled' }, NOW).limit).toBe(7);
  });
});

describe('convertDesiredReplicasWithBehaviorRate (TestScalingWithRules)', () => {
  type Row = [string, number, number, number, number, HPAScalingRules | undefined, HPAScalingRules | undefined, TimestampedScaleEvent[], TimestampedScaleEvent[], number, string];
  // id, current, desired, min, max, up rules, down rules, up events, down events → replicas, condition
  const rows: Row[] = [
    ['HPA-SR-1', 5, 7, 3, 8, undefined, undefined, [], [], 7, 'DesiredWithinRange'],
    ['HPA-SR-2', 3, 1, 2, 8, undefined, undefined, [], [], 2, 'TooFewReplicas'],
    ['HPA-SR-3', 1, 0, 0, 10, undefined, undefined, [], [], 0, 'DesiredWithinRange'],
    ['HPA-SR-4', 20, 1000, 1, 10, undefined, undefined, [], [], 10, 'TooManyReplicas'],
    ['HPA-SR-5', 100, 1000, 100, 150, undefined, undefined, [], [], 150, 'TooManyReplicas'],
    ['HPA-SR-6', 3, 1000, 1, 2000, gen(0, 0, 1, 60, 0), undefined, [], [], 4, 'ScaleUpLimit'],
    ['HPA-SR-7', 10, 50, 1, 1000, undefined, undefined, [], [], 20, 'ScaleUpLimit'],
    ['HPA-SR-8', 10, 500, 1, 1000, gen(100, 60, 100, 60, 0), undefined, [], [], 110, 'ScaleUpLimit'],
    ['HPA-SR-9', 10, 500, 1, 1000, gen(2, 60, 100, 60, 0), undefined, [], [], 20, 'ScaleUpLimit'],
    ['HPA-SR-10', 10, 50, 1, 1000, gen(100, 60, 0, 0, 0), undefined, [], [], 50, 'DesiredWithinRange'],
    ['HPA-SR-11', 10, 50, 1, 1000, gen(10000, 60, 0, 0, 0), undefined, [], [], 50, 'DesiredWithinRange'],
    ['HPA-SR-12', 10, 50, 1, 1000, gen(30, 60, 0, 0, 0), undefined, [], [], 40, 'ScaleUpLimit'],
    ['HPA-SR-13', 10, 50, 1, 1000, gen(0, 0, 200, 60, 0), undefined, [], [], 30, 'ScaleUpLimit'],
    ['HPA-SR-14', 100, 2, 1, 1000, undefined, gen(20, 60, 1, 60, 300), [], [], 80, 'ScaleDownLimit'],
    ['HPA-SR-15', 100, 2, 1, 1000, undefined, gen(2, 60, 1, 60, 300), [], [], 98, 'ScaleDownLimit'],
    ['HPA-SR-16', 10, 0, 1, 1000, undefined, gen(100, 60, 0, 0, 300), [], [], 1, 'TooFewReplicas'],
    ['HPA-SR-17', 10, 2, 5, 1000, undefined, gen(0, 0, 100, 60, 300), [], [], 5, 'TooFewReplicas'],
    ['HPA-SR-18', 10, 2, 1, 1000, undefined, gen(5, 60, 0, 0, 300), [], [], 5, 'ScaleDownLimit'],
    ['HPA-SR-19', 10, 5, 1, 1000, undefined, gen(0, 0, 50, 60, 300), [], [], 5, 'DesiredWithinRange'],
    ['HPA-SR-20', 100, 500, 1, 200, gen(300, 60, 0, 0, 0), undefined, events([1, 5, 9]), [], 200, 'TooManyReplicas'],
    ['HPA-SR-21', 100, 500, 1, 200, gen(0, 0, 10000, 60, 0), undefined, events([1, 5, 9]), [], 200, 'TooManyReplicas'],
    ['HPA-SR-22', 100, 500, 1, 1000, gen(5, 120, 0, 0, 0), undefined, events([1, 5, 9]), [], 100, 'ScaleUpLimit'],
    ['HPA-SR-23', 100, 500, 1, 1000, gen(150, 120, 0, 0, 0), undefined, events([1, 5, 9]), [], 235, 'ScaleUpLimit'],
    ['HPA-SR-24', 100, 500, 1, 1000, gen(0, 0, 200, 120, 0), undefined, events([1, 5, 9]), [], 255, 'ScaleUpLimit'],
    ['HPA-SR-25', 6, 24, 1, 1000, gen(0, 0, 300, 300, 0), undefined, events([4]), events([2]), 16, 'ScaleUpLimit'],
    ['HPA-SR-26', 10, 5, 1, 1000, undefined, undefined, [], events([1, 5, 9]), 5, 'DesiredWithinRange'],
    ['HPA-SR-27', 100, 0, 1, 1000, undefined, gen(115, 120, 0, 0, 300), [], events([1, 5, 9]), 1, 'TooFewReplicas'],
    ['HPA-SR-28', 100, 0, 5, 1000, undefined, gen(130, 120, 0, 0, 300), [], events([1, 5, 9]), 5, 'TooFewReplicas'],
    ['HPA-SR-29', 100, 2, 5, 1000, undefined, gen(0, 0, 100, 120, 300), [], events([1, 5, 9]), 5, 'TooFewReplicas'],
    ['HPA-SR-30', 100, 2, 1, 1000, undefined, gen(5, 120, 0, 0, 300), [], events([1, 5, 9]), 100, 'ScaleDownLimit'],
    ['HPA-SR-31', 100, 0, 1, 1000, undefined, gen(0, 0, 50, 120, 300), [], events([2, 4, 6]), 56, 'ScaleDownLimit'],
    ['HPA-SR-32', 10, 1, 1, 1000, undefined, gen(0, 0, 50, 180, 0), events([2]), events([4]), 6, 'ScaleDownLimit'],
    ['HPA-SR-33', 100, 0, 1, 1000, undefined, gen(0, 0, 10, 120, 300), [], events([10, 10, 10]), 100, 'ScaleDownLimit'],
    ['HPA-SR-34', 10, 5, 1, 1000, undefined, gen(0, 0, 1000, 120, 300), [], events([10, 10, 10]), 5, 'DesiredWithinRange'],
    ['HPA-SR-35', 100, 200, 1, 1000, gen(1000, 60, 0, 0, 0), undefined, events([8, 12, 9, 11]), [], 200, 'DesiredWithinRange'],
    ['HPA-SR-36', 100, 5, 1, 1000, undefined, gen(1000, 60, 0, 0, 300), [], events([8, 12, 9, 11]), 5, 'DesiredWithinRange'],
  ];
  it.each(rows)('%s: current %i desired %i min %i max %i', (_id, current, desired, min, max, up, down, upEvents, downEvents, replicas, condition) => {
    const r = convertDesiredReplicasWithBehaviorRate(
      { scaleUp: scaleUpRules(up), scaleDown: scaleDownRules(down, 300), minReplicas: min, maxReplicas: max, currentReplicas: current, desiredReplicas: desired },
      upEvents, downEvents, NOW);
    expect([r.replicas, r.reason]).toEqual([replicas, condition]);
  });

  it('names the limiting policy', () => {
    const r = convertDesiredReplicasWithBehaviorRate({ scaleUp: scaleUpRules(undefined), scaleDown: scaleDownRules(undefined, 300), minReplicas: 1, maxReplicas: 1000, currentReplicas: 10, desiredReplicas: 50 }, [], [], NOW);
    expect(r).toMatchObject({ replicas: 20, reason: 'ScaleUpLimit', limitedBy: 'Percent 100 per 15s' });
  });
});

describe('storeScaleEvent (TestStoreScaleEvents)', () => {
  const rules = { up: scaleUpRules(gen(10, 60, 100, 60, 0)), down: scaleDownRules(gen(10, 60, 100, 60, 0), 300) };
  it('replaces the last outdated entry (older than the longest period) and keeps recent ones', () => {
    const up: TimestampedScaleEvent[] = [{ replicaChange: 7, tick: NOW - 61, outdated: false }, { replicaChange: 6, tick: NOW - 59, outdated: false }];
    storeScaleEvent(rules, up, [], 10, 15, NOW);
    expect(up).toEqual([{ replicaChange: 5, tick: NOW, outdated: false }, { replicaChange: 6, tick: NOW - 59, outdated: false }]);
  });
  it('appends when nothing is outdated; scale-downs go to the down history as positive changes', () => {
    const down: TimestampedScaleEvent[] = [{ replicaChange: 7, tick: NOW - 58, outdated: false }];
    storeScaleEvent(rules, [], down, 15, 10, NOW);
    expect(down.map((e) => e.replicaChange)).toEqual([7, 5]);
  });
});
