// getMinTolerationTime (taint_manager_test.go TestGetMinTolerationTime) and the matching helpers.
import { describe, expect, it } from 'vitest';
import type { Taint, Toleration } from '../../api/types.js';
import { getMatchingTolerations, getMinTolerationTime, getNoExecuteTaints } from './tolerations.js';
import { toleratesTaint } from '../../api/tolerations.js';

const tol = (seconds?: number): Toleration => ({ key: 'k', operator: 'Exists', effect: 'NoExecute', ...(seconds !== undefined ? { tolerationSeconds: seconds } : {}) });

describe('getMinTolerationTime (TestGetMinTolerationTime)', () => {
  it.each<[string, Toleration[], number]>([
    ['TAINT-MIN-1 no tolerations → evict now', [], 0],
    ['TAINT-MIN-2 one without seconds → forever', [tol()], -1],
    ['TAINT-MIN-3 1s and 2s → 1s', [tol(1), tol(2)], 1],
    ['TAINT-MIN-4 1s and forever → 1s', [tol(1), tol()], 1],
    ['TAINT-MIN-5 forever and 1s → 1s', [tol(), tol(1)], 1],
  ])('%s', (_name, tolerations, want) => {
    expect(getMinTolerationTime(tolerations)).toBe(want);
  });

  it('a tolerationSeconds of 0 or less means now', () => {
    expect(getMinTolerationTime([tol(30), tol(0)])).toBe(0);
    expect(getMinTolerationTime([tol(-5), tol(30)])).toBe(0);
  });
});

describe('toleration matching (§4.1)', () => {
  const taint: Taint = { key: 'dedicated', value: 'db', effect: 'NoExecute' };
  it.each<[string, Toleration, boolean]>([
    ['Equal with the value', { key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoExecute' }, true],
    ['empty operator means Equal', { key: 'dedicated', value: 'db' }, true],
    ['another value', { key: 'dedicated', value: 'web' }, false],
    ['Exists on the key', { key: 'dedicated', operator: 'Exists' }, true],
    ['another effect', { key: 'dedicated', operator: 'Exists', effect: 'NoSchedule' }, false],
    ['another key', { key: 'gpu', operator: 'Exists' }, false],
    ['empty key + Exists tolerates everything', { operator: 'Exists' }, true],
  ])('%s', (_n, t, want) => {
    expect(toleratesTaint(t, taint)).toBe(want);
  });

  it('GetMatchingTolerations: the first tolerating toleration per taint, all or nothing', () => {
    const t1: Taint = { key: 'a', effect: 'NoExecute' };
    const t2: Taint = { key: 'b', effect: 'NoExecute' };
    const ta: Toleration = { key: 'a', operator: 'Exists', tolerationSeconds: 5 };
    const any: Toleration = { operator: 'Exists' };
    expect(getMatchingTolerations([], [])).toEqual([true, []]);
    expect(getMatchingTolerations([t1], [])).toEqual([false, []]);
    expect(getMatchingTolerations([t1, t2], [ta])).toEqual([false, []]);
    expect(getMatchingTolerations([t1, t2], [ta, any])).toEqual([true, [ta, any]]);
  });

  it('getNoExecuteTaints keeps NoExecute taints only', () => {
    expect(getNoExecuteTaints([{ key: 'a', effect: 'NoSchedule' }, { key: 'b', effect: 'NoExecute' }])).toEqual([{ key: 'b', effect: 'NoExecute' }]);
  });
});
