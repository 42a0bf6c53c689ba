// TestSlowStartBatch from pkg/controller/replicaset/replica_set_test.go (RS-SSB, k8s-semantics.md §2.4).
import { describe, expect, it } from 'vitest';
import { ApiError, slowStartBatch } from './slowstart.js';

describe('slowStartBatch (count 10, initial batch 1)', () => {
  const run = (fail: (call: number) => boolean): { successes: number; error: boolean; calls: number } => {
    let calls = 0;
    const r = slowStartBatch(10, 1, () => (fail(++calls) ? new ApiError('fake error') : undefined));
    return { successes: r.successes, error: r.error !== undefined, calls };
  };

  it('RS-SSB-1: all calls fail → 0 successes, an error, 1 call', () => {
    expect(run(() => true)).toEqual({ successes: 0, error: true, calls: 1 });
  });

  it('RS-SSB-2: all succeed → 10 successes, 10 calls (batches 1+2+4+3)', () => {
    expect(run(() => false)).toEqual({ successes: 10, error: false, calls: 10 });
  });

  it('RS-SSB-3: first 5 succeed then fail → 5 successes, an error, 7 calls', () => {
    expect(run((n) => n > 5)).toEqual({ successes: 5, error: true, calls: 7 });
  });

  it('batch sizes double and are capped by what remains', () => {
    const sizes: number[] = [];
    let inBatch = 0;
    let calls = 0;
    // record batch boundaries: 1, 2, 4, 8, 5 for count 20
    const boundaries = new Set([1, 3, 7, 15, 20]);
    slowStartBatch(20, 1, () => {
      calls++;
      inBatch++;
      if (boundaries.has(calls)) { sizes.push(inBatch); inBatch = 0; }
      return undefined;
    });
    expect(sizes).toEqual([1, 2, 4, 8, 5]);
    expect(slowStartBatch(0, 1, () => new ApiError('x'))).toEqual({ successes: 0 });
  });
});
