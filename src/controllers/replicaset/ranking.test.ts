// Deletion preference tables ported from upstream: replica_set_test.go TestGetPodsToDelete (RS-DEL)
// and controller_utils_test.go TestSortingActivePodsWithRanks (RS-RANK), k8s-semantics.md §2.4.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Pod, PodPhase } from '../../api/types.js';
import { formatRfc3339, parseRfc3339 } from '../../api/time.js';
import {
  ActivePodsWithRanks, getDeletionCostFromPodAnnotations, getPodsToDelete, log2Bucket, POD_DELETION_COST,
} from './ranking.js';

const NOW = '2024-03-01T12:00:00Z';
const ago = (secs: number): string => formatRfc3339(parseRfc3339(NOW) - secs);
const HOUR = 3600;
const MONTH = 29 * 24 * HOUR; // now.AddDate(0, -1, 0) from 1 March 2024 (a leap year)

interface PodOpts {
  node?: string;
  phase?: PodPhase;
  ready?: boolean;
  restarts?: number;
  readySince?: string;
  created?: string;
  annotations?: Record<string, string>;
  uid?: string;
}

function pod(name: string, o: PodOpts = {}): Pod {
  const p: Pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', uid: o.uid ?? '' }, spec: { containers: [] }, status: {} };
  if (o.node) p.spec.nodeName = o.node;
  if (o.phase) p.status.phase = o.phase;
  if (o.ready) {
    p.status.conditions = [{ type: 'Ready', status: 'True', ...(o.readySince ? { lastTransitionTime: o.readySince } : {}) }];
    p.status.containerStatuses = [{ name: 'c', state: {}, lastState: {}, ready: true, restartCount: o.restarts ?? 0, image: '', imageID: '' }];
  } else if (o.phase === 'Running') {
    p.status.conditions = [{ type: 'Ready', status: 'False' }];
  }
  if (o.created) p.metadata.creationTimestamp = o.created;
  if (o.annotations) p.metadata.annotations = o.annotations;
  return p;
}

describe('getDeletionCostFromPodAnnotations', () => {
  it.each([
    [undefined, 0], ['10', 10], ['-10', -10], ['0', 0], ['+10', 0], ['008', 0], ['-08', -8], ['', 0], ['1e3', 0],
    ['2147483647', 2147483647], ['2147483648', 0], ['-2147483648', -2147483648], ['abc', 0],
  ])('%s → %s', (v, want) => {
    expect(getDeletionCostFromPodAnnotations(v === undefined ? undefined : { [POD_DELETION_COST]: v })).toBe(want);
  });
});

describe('log2Bucket (nanoseconds, exact)', () => {
  it('puts 5 h and 8 h in bucket 44, 2 h in 42', () => {
    expect(log2Bucket(5 * HOUR)).toBe(44);
    expect(log2Bucket(8 * HOUR)).toBe(44);
    expect(log2Bucket(2 * HOUR)).toBe(42);
    expect(log2Bucket(0)).toBe(-1);
    expect(log2Bucket(-5)).toBe(-1);
    expect(log2Bucket(1)).toBe(29); // 1e9 ns: 2^29 = 536,870,912 ≤ 1e9 < 2^30
  });
  it('agrees with an exact BigInt bit length for any whole-second duration', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 2 ** 40 }), (s) => {
      const exact = (BigInt(s) * 1_000_000_000n).toString(2).length - 1;
      // beyond 2^53 ns Go rounds the duration to a float64 first; both agree there as well
      return s * 1e9 > 2 ** 53 || log2Bucket(s) === exact;
    }));
  });
});

describe('TestSortingActivePodsWithRanks', () => {
  const unscheduled = pod('unscheduled', { phase: 'Pending' });
  const pending = pod('pending', { node: 'node', phase: 'Pending' });
  const unknownPhase = pod('unknown-phase', { node: 'node', phase: 'Unknown' });
  const notReady = pod('not-ready', { node: 'node', phase: 'Running' });
  const readyNoLTT = pod('ready-no-last-transition-time', { node: 'node', phase: 'Running', ready: true });
  const readyNow = pod('ready-now', { node: 'node', phase: 'Running', ready: true, readySince: NOW, created: NOW });
  const readyThen = pod('ready-then', { node: 'node', phase: 'Running', ready: true, readySince: ago(MONTH), created: ago(MONTH) });
  const highRestarts = pod('ready-high-restarts', { node: 'node', phase: 'Running', ready: true, restarts: 9001, readySince: NOW, created: NOW });
  const nowCreatedThen = pod('ready-now-created-then', { node: 'node', phase: 'Running', ready: true, readySince: NOW, created: ago(MONTH) });
  const lowCost = pod('low-deletion-cost', { node: 'node', phase: 'Running', ready: true, readySince: NOW, created: ago(MONTH), annotations: { [POD_DELETION_COST]: '10' } });
  const highCost = pod('high-deletion-cost', { node: 'node', phase: 'Running', ready: true, readySince: NOW, created: ago(MONTH), annotations: { [POD_DELETION_COST]: '100' } });
  const unscheduled5h = pod('unscheduled-5-hours', { phase: 'Pending', readySince: ago(5 * HOUR), created: ago(5 * HOUR) });
  const unscheduled8h = pod('unscheduled-10-hours', { phase: 'Pending', readySince: ago(8 * HOUR), created: ago(8 * HOUR) });
  const ready2h = pod('ready-2-hours', { phase: 'Running', ready: true, readySince: ago(2 * HOUR), created: ago(MONTH) });
  const ready5h = pod('ready-5-hours', { phase: 'Running', ready: true, readySince: ago(5 * HOUR), created: ago(MONTH) });
  const ready8h = pod('ready-10-hours', { phase: 'Running', ready: true, readySince: ago(8 * HOUR), created: ago(MONTH) });

  const equal: [Pod, Pod][] = [
    [unscheduled, unscheduled], [pending, pending], [unknownPhase, unknownPhase], [notReady, notReady],
    [nowCreatedThen, nowCreatedThen], [readyNow, readyNow], [readyThen, readyThen], [highRestarts, highRestarts],
    [unscheduled5h, unscheduled8h], [ready5h, ready8h],
  ];
  it.each(equal.map(([a, b]) => [a.metadata.name, b.metadata.name, a, b] as const))('equal: %s ~ %s', (_a, _b, a, b) => {
    const s = new ActivePodsWithRanks([a, b], [1, 1], NOW);
    expect(s.less(0, 1)).toBe(false);
    expect(s.less(1, 0)).toBe(false);
  });

  const cases: [string, Pod, number, Pod, number, { podDeletionCost?: boolean }?][] = [
    ['RS-RANK-1', unscheduled, 1, pending, 2],
    ['RS-RANK-2', unscheduled, 2, pending, 1],
    ['RS-RANK-3', pending, 1, unknownPhase, 2],
    ['RS-RANK-4', unknownPhase, 1, notReady, 2],
    ['RS-RANK-5', notReady, 1, readyNoLTT, 1],
    ['RS-RANK-6', readyNoLTT, 1, readyNow, 1],
    ['RS-RANK-7', readyNow, 2, readyNoLTT, 1],
    ['RS-RANK-8', readyNow, 1, readyThen, 1],
    ['RS-RANK-9', readyNow, 2, readyThen, 1],
    ['RS-RANK-10', highRestarts, 1, readyNow, 1],
    ['RS-RANK-11', readyNow, 2, highRestarts, 1],
    ['RS-RANK-12', readyNow, 1, nowCreatedThen, 1],
    ['RS-RANK-13', nowCreatedThen, 2, readyNow, 1],
    ['RS-RANK-14', lowCost, 2, highCost, 1],
    ['RS-RANK-15', highCost, 2, lowCost, 1, { podDeletionCost: false }],
    ['RS-RANK-16', ready2h, 1, ready5h, 1],
  ];
  it.each(cases)('%s: %s(rank %s) < %s(rank %s)', (_id, lesser, lr, greater, gr, f) => {
    const s = new ActivePodsWithRanks([lesser, greater], [lr, gr], NOW, { podDeletionCost: f?.podDeletionCost ?? true, logarithmicScaleDown: true });
    expect(s.less(0, 1)).toBe(true);
    expect(s.less(1, 0)).toBe(false);
  });

  it('same log2 bucket falls back to the UID (rule 6)', () => {
    const a = pod('a', { node: 'n', phase: 'Running', ready: true, readySince: ago(5 * HOUR), uid: 'bbb' });
    const b = pod('b', { node: 'n', phase: 'Running', ready: true, readySince: ago(8 * HOUR), uid: 'aaa' });
    const s = new ActivePodsWithRanks([a, b], [1, 1], NOW);
    expect(s.less(1, 0)).toBe(true);
    expect(s.less(0, 1)).toBe(false);
    // without log buckets the later-ready pod (a) goes first
    const exact = new ActivePodsWithRanks([a, b], [1, 1], NOW, { podDeletionCost: true, logarithmicScaleDown: false });
    expect(exact.less(0, 1)).toBe(true);
  });

  it('sorts to the same order whatever the input order (total order)', () => {
    const all = [unscheduled, pending, unknownPhase, notReady, readyNoLTT, readyNow, readyThen, highRestarts, nowCreatedThen, lowCost, highCost, unscheduled5h, unscheduled8h, ready2h, ready5h, ready8h];
    const names = (ps: Pod[]): string[] => new ActivePodsWithRanks(ps, ps.map(() => 1), NOW).sort().pods.map((p) => p.metadata.name);
    const want = names(all);
    fc.assert(fc.property(fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length }), (ps) => {
      expect(names(ps)).toEqual(want);
    }));
  });
});

describe('TestGetPodsToDelete', () => {
  const U = pod('unscheduled-pending-pod', { phase: 'Pending', uid: 'u' });
  const P = pod('scheduled-pending-pod', { node: 'fake-node', phase: 'Pending', uid: 'p' });
  const NR = pod('scheduled-running-not-ready-pod', { node: 'fake-node', phase: 'Running', uid: 'nr' });
  const R1 = pod('scheduled-running-ready-pod-on-node-1', { node: 'fake-node-1', phase: 'Running', ready: true, uid: 'r1' });
  const R2 = pod('scheduled-running-ready-pod-on-node-2', { node: 'fake-node-2', phase: 'Running', ready: true, uid: 'r2' });
  const cases: [string, Pod[], Pod[] | undefined, number, Pod[]][] = [
    ['RS-DEL-1', [], undefined, 0, []],
    ['RS-DEL-2', [NR, R1], undefined, 2, [NR, R1]],
    ['RS-DEL-3', [R1, NR], undefined, 1, [NR]],
    ['RS-DEL-4', [R1, R1, R2, NR, P, U], undefined, 6, [R1, R1, R2, NR, P, U]],
    ['RS-DEL-5', [R1, R1, R2, NR, P, U], [], 6, [R1, R1, R2, NR, P, U]],
    ['RS-DEL-6', [P, U], undefined, 1, [U]],
    ['RS-DEL-7', [R1, NR, NR], undefined, 2, [NR, NR]],
    ['RS-DEL-8', [R1, R2], [R1, R2, R2], 1, [R2]],
    ['RS-DEL-9', [P, NR], undefined, 1, [P]],
    ['RS-DEL-10', [R1, R2, NR, P, U], undefined, 3, [U, P, NR]],
  ];
  it.each(cases)('%s', (_id, pods, related, diff, want) => {
    const got = getPodsToDelete(pods, related ?? pods, diff, NOW);
    expect(got.map((p) => p.metadata.name)).toEqual(want.map((p) => p.metadata.name));
  });
});
