// HPA-CV-1..5 (TestConvertDesiredReplicasWithRules) and HPA-ST-1..5 (TestNormalizeDesiredReplicas)
// of pkg/controller/podautoscaler/horizontal_test.go (v1.28).
import { describe, expect, it } from 'vitest';
import { calculateScaleUpLimit, convertDesiredReplicasWithRules, normalizeDesiredReplicas, stabilizeRecommendation, type TimestampedRecommendation } from './normalize.js';

const NOW = 10_000;
const ago = (minutes: number): number => NOW - minutes * 60;

describe('convertDesiredReplicasWithRules', () => {
  it.each([
    ['HPA-CV-1', 5, 7, 3, 8, 7, 'DesiredWithinRange'],
    ['HPA-CV-2', 3, 1, 2, 8, 2, 'TooFewReplicas'],
    ['HPA-CV-3', 1, 0, 0, 10, 0, 'DesiredWithinRange'],
    ['HPA-CV-4', 20, 1000, 1, 10, 10, 'TooManyReplicas'],
    ['HPA-CV-5', 3, 1000, 1, 2000, calculateScaleUpLimit(3), 'ScaleUpLimit'],
  ] as const)('%s: current %i, desired %i, min %i, max %i → %i %s', (_id, current, desired, min, max, replicas, reason) => {
    const r = convertDesiredReplicasWithRules(current, desired, min, max);
    expect([r.replicas, r.reason]).toEqual([replicas, reason]);
  });

  it('caps a scale-up at max(2 × current, 4)', () => {
    expect([0, 1, 2, 3, 10].map(calculateScaleUpLimit)).toEqual([4, 4, 4, 6, 20]);
  });
});

describe('stabilizeRecommendation (window 5m)', () => {
  const cases: [string, [number, number][], number, number, number][] = [
    ['HPA-ST-1 empty log', [], 5, 5, 1],
    ['HPA-ST-2 stabilize', [[4, 2], [5, 1]], 3, 5, 3],
    ['HPA-ST-3 no stabilize', [[1, 2], [2, 1]], 3, 3, 3],
    ['HPA-ST-4 no stabilize - old recommendations', [[10, 10], [9, 9]], 3, 3, 2],
    ['HPA-ST-5 stabilize - old recommendations', [[10, 10], [4, 1], [5, 2], [9, 9]], 3, 5, 4],
  ];
  it.each(cases)('%s', (_name, recs, desired, stabilized, length) => {
    const log: TimestampedRecommendation[] = recs.map(([recommendation, minutes]) => ({ recommendation, tick: ago(minutes) }));
    expect(stabilizeRecommendation(log, desired, 300, NOW)).toBe(stabilized);
    expect(log).toHaveLength(length);
  });

  it('overwrites the last entry older than the window, and counts one exactly at the cutoff', () => {
    const log: TimestampedRecommendation[] = [{ recommendation: 9, tick: NOW - 301 }, { recommendation: 8, tick: NOW - 400 }, { recommendation: 7, tick: NOW - 300 }];
    expect(stabilizeRecommendation(log, 3, 300, NOW)).toBe(7);
    expect(log).toEqual([{ recommendation: 9, tick: NOW - 301 }, { recommendation: 3, tick: NOW }, { recommendation: 7, tick: NOW - 300 }]);
  });
});

describe('normalizeDesiredReplicas', () => {
  it('reports ScaleDownStabilized, then clamps (HPA-INT-8 shape: initial recommendation 5 holds a scale-down to 3)', () => {
    const log: TimestampedRecommendation[] = [{ recommendation: 5, tick: NOW }];
    const n = normalizeDesiredReplicas(log, 5, 3, 2, 6, 300, NOW);
    expect(n).toEqual({
      stabilized: 5, desired: 5,
      ableToScale: { status: 'True', reason: 'ScaleDownStabilized', message: 'recent recommendations were higher than current one, applying the highest recent recommendation' },
      scalingLimited: { status: 'False', reason: 'DesiredWithinRange', message: 'the desired count is within the acceptable range' },
    });
  });

  it('marks ScalingLimited when the scale-up cap binds', () => {
    const n = normalizeDesiredReplicas([], 2, 10, 1, 20, 300, NOW);
    expect(n).toMatchObject({ stabilized: 10, desired: 4, limitedBy: 'max(2×current, 4)', ableToScale: { reason: 'ReadyForNewScale' }, scalingLimited: { status: 'True', reason: 'ScaleUpLimit' } });
  });
});
