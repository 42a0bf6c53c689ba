import { describe, expect, it } from 'vitest';
import {
  KUBELET_BACKOFF, backOffEndsSince, gcBackoff, getBackoff, isInBackOffSince, isInBackOffSinceUpdate, nextBackoff, resetBackoff,
  type BackoffPolicy, type BackoffTable,
} from './backoff.js';

// client-go util/flowcontrol/backoff_test.go: initial 1 s, step 1 s per iteration.
const slow: BackoffPolicy = { initialSeconds: 1, maxSeconds: 50 };
const small: BackoffPolicy = { initialSeconds: 1, maxSeconds: 5 };

function saturate(policy: BackoffPolicy, id: string): { table: BackoffTable; t: number } {
  let table: BackoffTable = {};
  let t = 0;
  for (let i = 0; i <= policy.maxSeconds / policy.initialSeconds; i++) {
    t += 1;
    table = nextBackoff(table, id, t, t, policy);
  }
  return { table, t };
}

describe('flowcontrol backoff', () => {
  it('BO-1 TestSlowBackoff: 0, 1, 2, 4, 8, 16, 32, 50, 50, 50; Reset clears', () => {
    let table: BackoffTable = {};
    let t = 0;
    const seen: number[] = [];
    for (let i = 0; i < 10; i++) {
      t += 1;
      seen.push(getBackoff(table, 'slow'));
      table = nextBackoff(table, 'slow', t, t, slow);
    }
    expect(seen).toEqual([0, 1, 2, 4, 8, 16, 32, 50, 50, 50]);
    table = resetBackoff(nextBackoff(table, 'slow', t, t, slow), 'slow');
    expect(getBackoff(table, 'slow')).toBe(0);
  });

  it('BO-2 TestBackoffReset: in back-off when saturated; not after 2·max + 1 s', () => {
    const { table, t } = saturate(small, 'reset');
    expect(isInBackOffSince(table, 'reset', t, t, small)).toBe(true);
    const lastUpdate = t;
    expect(isInBackOffSince(table, 'reset', lastUpdate, t + 2 * small.maxSeconds + 1, small)).toBe(false);
  });

  it('BO-3 TestBackoffHighWaterMark: Next within 2·max stays at max', () => {
    const { table, t } = saturate(small, 'hwm');
    const after = nextBackoff(table, 'hwm', t + small.maxSeconds + 1, t + small.maxSeconds + 1, small);
    expect(getBackoff(after, 'hwm')).toBe(small.maxSeconds);
  });

  it('BO-4 TestBackoffGC: kept after max + 1 s, collected after 2·(max + 1) s', () => {
    const { table, t } = saturate(small, 'gc');
    const kept = gcBackoff(table, t + small.maxSeconds + 1, small);
    expect(kept).toBe(table);
    expect(kept['gc']).toBeDefined();
    expect(gcBackoff(table, t + 2 * (small.maxSeconds + 1), small)['gc']).toBeUndefined();
  });

  it('IsInBackOffSinceUpdate measures from the last Next (the image manager)', () => {
    const table = nextBackoff({}, 'pull:web', 100, 100, KUBELET_BACKOFF);
    expect(isInBackOffSinceUpdate(table, 'pull:web', 109, KUBELET_BACKOFF)).toBe(true);
    expect(isInBackOffSinceUpdate(table, 'pull:web', 110, KUBELET_BACKOFF)).toBe(false);
  });
});

/**
 * The kubelet's use (doBackOff): at each exit, IsInBackOffSince(key, FinishedAt) holds the start;
 * when it lets the start through, Next(key, FinishedAt) at the start instant.
 */
function restartDelays(runSeconds: readonly number[]): number[] {
  let table: BackoffTable = {};
  let t = 0;
  const delays: number[] = [];
  for (const run of runSeconds) {
    t += run; // the container exits
    const exitAt = t;
    const startAt = isInBackOffSince(table, 'web', exitAt, exitAt, KUBELET_BACKOFF) ? backOffEndsSince(table, 'web', exitAt, KUBELET_BACKOFF) : exitAt;
    table = nextBackoff(table, 'web', exitAt, startAt, KUBELET_BACKOFF);
    delays.push(startAt - exitAt);
    t = startAt;
  }
  return delays;
}

describe('kubelet restart back-off (derived)', () => {
  it('BO-K-1 delays from each exit: 0, 10, 20, 40, 80, 160, 300, 300', () => {
    expect(restartDelays([6, 6, 6, 6, 6, 6, 6, 6])).toEqual([0, 10, 20, 40, 80, 160, 300, 300]);
  });

  it('BO-K-2 a container that ran 11 minutes restarts at once, then 10 s', () => {
    expect(restartDelays([6, 6, 6, 660, 6, 6])).toEqual([0, 10, 20, 0, 10, 20]);
  });
});
