import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  NEW_WORKER, carryAfter, nextProbeAt, observe, probeParams, readyAt, type ProbeParams, type ProbeResult, type ReadinessInstance, type WorkerRun,
} from './prober.js';

/** Feed results through observe(), tracking the stored result like the results manager. */
function run(params: ProbeParams, initial: ProbeResult, results: ProbeResult[]): ProbeResult[] {
  let worker: WorkerRun = NEW_WORKER;
  let stored = initial;
  const out: ProbeResult[] = [];
  for (const r of results) {
    const o = observe(worker, r, params);
    worker = o.worker;
    if (o.set) stored = o.set;
    out.push(stored);
  }
  return out;
}

describe('prober worker (worker_test.go)', () => {
  it('defaults: period 10, success 1, failure 3, initial delay 0', () => {
    expect(probeParams({})).toEqual({ initialDelaySeconds: 0, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 });
  });

  it('PR-1 TestFailureThreshold: failures 1–2 keep Success, the 3rd turns Failure; repeats identically', () => {
    const p = probeParams({ successThreshold: 1, failureThreshold: 3 });
    const S: ProbeResult = 'Success';
    const F: ProbeResult = 'Failure';
    const cycle = [S, S, S, F, F, F, F, F];
    expect(run(p, F, [...cycle, ...cycle])).toEqual([S, S, S, S, S, F, F, F, S, S, S, S, S, F, F, F]);
  });

  it('PR-2 TestSuccessThreshold: successes 1–2 keep Failure, the 3rd turns Success; one failure turns Failure', () => {
    const p = probeParams({ successThreshold: 3, failureThreshold: 1 });
    const S: ProbeResult = 'Success';
    const F: ProbeResult = 'Failure';
    expect(run(p, F, [S, S, S, S, F, S, S, S])).toEqual([F, F, S, S, F, F, F, S]);
  });

  it('PR-4 TestInitialDelay: a container started now keeps the initial Failure; one started 100 s ago is Success', () => {
    const params = probeParams({ initialDelaySeconds: 10 });
    const base = { params, successFromAge: 0, carry: NEW_WORKER };
    // the worker probes at 100: age 0 < 10 → skipped; the first counted probe is at 110
    expect(readyAt({ ...base, workerStart: 100, startedAt: 100 })).toBe(110);
    expect(readyAt({ ...base, workerStart: 100, startedAt: 0 })).toBe(100);
  });

  it('the probe grid: workerStart + k·period', () => {
    expect(nextProbeAt(3, 10, 0)).toBe(3);
    expect(nextProbeAt(3, 10, 3)).toBe(3);
    expect(nextProbeAt(3, 10, 4)).toBe(13);
    expect(nextProbeAt(3, 10, 13)).toBe(13);
  });

  it('worked example: success threshold 3 from the first success probe', () => {
    const i: ReadinessInstance = { workerStart: 0, params: probeParams({ successThreshold: 3 }), startedAt: 1, successFromAge: 15, carry: NEW_WORKER };
    expect(readyAt(i)).toBe(40);
    expect(carryAfter(i, 35)).toEqual({ last: 'Success', run: 2 });
    expect(carryAfter(i, 10)).toEqual(NEW_WORKER); // stopped before its first probe (at 10)
    expect(carryAfter(i, 11)).toEqual({ last: 'Failure', run: 1 });
  });

  it('a readiness that never succeeds', () => {
    const i: ReadinessInstance = { workerStart: 0, params: probeParams({}), startedAt: 1, successFromAge: Infinity, carry: NEW_WORKER };
    expect(readyAt(i)).toBe(Infinity);
    expect(carryAfter(i, 31)).toEqual({ last: 'Failure', run: 3 });
  });
});

/**
 * The reference: doProbe at every grid instant. The instance runs in [startedAt, stoppedAt); the
 * first probe at or after startedAt sees the new container ID (result := Failure).
 */
function simulate(i: ReadinessInstance, stoppedAt: number, horizon: number): { readyAt: number; carry: WorkerRun } {
  let worker = i.carry;
  let result: ProbeResult | undefined;
  let ready = Infinity;
  for (let g = i.workerStart; g <= horizon; g += i.params.periodSeconds) {
    if (g < i.startedAt) continue;
    if (result === undefined) result = 'Failure';
    if (g >= stoppedAt) break;
    if (g - i.startedAt < i.params.initialDelaySeconds) continue;
    const outcome: ProbeResult = g - i.startedAt >= i.successFromAge ? 'Success' : 'Failure';
    const o = observe(worker, outcome, i.params);
    worker = o.worker;
    if (o.set) result = o.set;
    if (result === 'Success' && ready === Infinity) ready = g;
  }
  return { readyAt: ready, carry: worker };
}

describe('analytic readiness = probe-by-probe readiness', () => {
  const results = fc.constantFrom<ProbeResult>('Success', 'Failure', 'Unknown');
  it('readyAt and carryAfter agree with doProbe for any timing', () => {
    fc.assert(fc.property(
      fc.record({
        workerStart: fc.integer({ min: 0, max: 50 }),
        startDelay: fc.integer({ min: 0, max: 100 }),
        period: fc.integer({ min: 1, max: 15 }),
        delay: fc.integer({ min: 0, max: 40 }),
        success: fc.integer({ min: 1, max: 4 }),
        failure: fc.integer({ min: 1, max: 4 }),
        successFromAge: fc.oneof(fc.integer({ min: 0, max: 60 }), fc.constant(Infinity)),
        carryLast: results,
        carryRun: fc.integer({ min: 0, max: 5 }),
        runFor: fc.integer({ min: 0, max: 200 }),
      }),
      (c) => {
        const i: ReadinessInstance = {
          workerStart: c.workerStart,
          params: { initialDelaySeconds: c.delay, periodSeconds: c.period, successThreshold: c.success, failureThreshold: c.failure },
          startedAt: c.workerStart + c.startDelay,
          successFromAge: c.successFromAge,
          carry: c.carryLast === 'Unknown' ? NEW_WORKER : { last: c.carryLast, run: Math.max(1, c.carryRun) },
        };
        const stoppedAt = i.startedAt + c.runFor;
        const horizon = stoppedAt + 2 * c.period;
        const sim = simulate(i, stoppedAt, horizon);
        const analytic = readyAt(i);
        expect(analytic < stoppedAt ? analytic : Infinity).toBe(sim.readyAt);
        expect(carryAfter(i, stoppedAt)).toEqual(sim.carry);
      },
    ), { numRuns: 2000 });
  });
});
