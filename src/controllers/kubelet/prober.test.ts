import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  INITIAL_RESULT, NEW_WORKER, carryAfter, failureFrom, nextProbeAt, nextReportAfter, observe, probeParams, probeTimeline, readyAt, reportAt,
  storedAt, successFrom, type ProbeKind, type ProbeParams, type ProbeResult, type ProbeRunSpec, type ReadinessInstance, type WorkerRun,
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

// ------------------------------------------------------------------ the generic worker timeline

/** doProbe at every grid instant of one container instance (the reference for probeTimeline). */
function referenceWorker(s: ProbeRunSpec, horizon: number) {
  let worker: WorkerRun = s.carry;
  let stored = s.initial;
  const sets: { at: number; result: ProbeResult }[] = [];
  const failures: number[] = [];
  let halt: { at: number; result: ProbeResult } | undefined;
  for (let g = s.workerStart; g <= horizon; g += s.params.periodSeconds) {
    if (g >= s.until) break;
    if (g < s.from || g - s.startedAt < s.params.initialDelaySeconds) continue;
    const result: ProbeResult = s.outcome.ok(g - s.startedAt) ? 'Success' : 'Failure';
    if (result === 'Failure') failures.push(g);
    const o = observe(worker, result, s.params);
    worker = o.worker;
    if (!o.set) continue;
    if (o.set !== stored) sets.push({ at: g, result: o.set });
    stored = o.set;
    if ((o.set === 'Failure' && s.holdOnFailure) || (o.set === 'Success' && s.stopOnSuccess)) {
      halt = { at: g, result: o.set };
      if (o.set === 'Failure') worker = { last: 'Failure', run: 0 };
      break;
    }
  }
  return { sets, failures, halt, carry: worker };
}

const windowArb = fc.array(fc.tuple(fc.integer({ min: 0, max: 80 }), fc.integer({ min: 1, max: 40 })).map(([a, l]) => [a, a + l] as [number, number]), { maxLength: 3 });

describe('probeTimeline = doProbe probe by probe (startup, liveness, readiness)', () => {
  it('sets, halts, failure streaks and carried counters agree for any outcome and timing', () => {
    fc.assert(fc.property(
      fc.record({
        kind: fc.constantFrom<ProbeKind>('startup', 'liveness', 'readiness'),
        workerStart: fc.integer({ min: 0, max: 30 }),
        startDelay: fc.integer({ min: 0, max: 40 }),
        gate: fc.integer({ min: 0, max: 30 }),
        period: fc.integer({ min: 1, max: 12 }),
        delay: fc.integer({ min: 0, max: 20 }),
        success: fc.integer({ min: 1, max: 4 }),
        failure: fc.integer({ min: 1, max: 4 }),
        edge: fc.oneof(fc.integer({ min: 0, max: 100 }), fc.constant(Infinity)),
        windows: windowArb,
        carryLast: fc.constantFrom<ProbeResult>('Success', 'Failure', 'Unknown'),
        carryRun: fc.integer({ min: 0, max: 5 }),
        runFor: fc.oneof(fc.integer({ min: 0, max: 200 }), fc.constant(Infinity)),
      }),
      (c) => {
        const startedAt = c.workerStart + c.startDelay;
        const spec: ProbeRunSpec = {
          workerStart: c.workerStart,
          params: { initialDelaySeconds: c.delay, periodSeconds: c.period, successThreshold: c.kind === 'readiness' ? c.success : 1, failureThreshold: c.failure },
          startedAt, from: startedAt + c.gate, until: startedAt + c.runFor,
          outcome: c.kind === 'liveness' ? failureFrom(c.edge, c.windows) : successFrom(c.edge, c.windows),
          carry: c.carryLast === 'Unknown' ? NEW_WORKER : { last: c.carryLast, run: c.carryRun },
          initial: INITIAL_RESULT[c.kind], holdOnFailure: c.kind !== 'readiness', stopOnSuccess: c.kind === 'startup',
        };
        const horizon = startedAt + 400;
        const ref = referenceWorker(spec, horizon);
        const tl = probeTimeline(spec);
        const within = <T extends { at: number }>(xs: T[]) => xs.filter((x) => x.at <= horizon);
        expect(within(tl.sets)).toEqual(ref.sets);
        expect(tl.halt && tl.halt.at <= horizon ? tl.halt : undefined).toEqual(ref.halt);
        const failures: number[] = [];
        for (const st of tl.streaks) for (let i = 0; i < st.count && st.start + i * c.period <= horizon; i++) failures.push(st.start + i * c.period);
        expect(failures).toEqual(ref.failures);
        if (Number.isFinite(c.runFor) && startedAt + c.runFor <= horizon) expect(tl.carry).toEqual(ref.carry);
        // every failure is reported exactly once: report counts tile each streak
        let covered = 0;
        for (let t = nextReportAfter(tl, -1); t <= horizon; t = nextReportAfter(tl, t)) {
          const r = reportAt(tl, t)!;
          expect(r.first).toBe(t - (r.count - 1) * c.period);
          covered += r.count;
        }
        const lastReported = failures.filter((f) => f <= horizon);
        const unreportedTail = tl.streaks.length > 0 ? failures.length - covered : 0;
        expect(covered).toBeLessThanOrEqual(lastReported.length);
        // within a finished streak nothing is left unreported; an ongoing one lags by at most its gap
        if (tl.streaks.every((st) => Number.isFinite(st.count) && st.start + (st.count - 1) * c.period <= horizon)) expect(unreportedTail).toBe(0);
      },
    ), { numRuns: 3000 });
  });
});

describe('worker_test.go through the timeline', () => {
  const grid = (over: Partial<ProbeRunSpec> & Pick<ProbeRunSpec, 'outcome' | 'params'>, kind: ProbeKind): ProbeRunSpec => ({
    workerStart: 0, startedAt: 0, from: 0, until: Infinity, carry: NEW_WORKER, initial: INITIAL_RESULT[kind],
    holdOnFailure: kind !== 'readiness', stopOnSuccess: kind === 'startup', ...over,
  });

  it('PR-1 TestFailureThreshold (readiness, success 1, failure 3): 3 successes, then failures 1–2 keep Success, the 3rd fails; repeats', () => {
    // probes every 10 s from 0: S S S F F F F F | S S S F F F F F
    const tl = probeTimeline(grid({ params: probeParams({ failureThreshold: 3 }), outcome: successFrom(0, [[30, 80], [110, 160]]) }, 'readiness'));
    const seen = Array.from({ length: 16 }, (_, i) => storedAt(tl, 'Failure', i * 10));
    const S = 'Success', F = 'Failure';
    expect(seen).toEqual([S, S, S, S, S, F, F, F, S, S, S, S, S, F, F, F]);
  });

  it('PR-2 TestSuccessThreshold (readiness, success 3, failure 1): successes 1–2 keep Failure, the 3rd succeeds; one failure fails', () => {
    const tl = probeTimeline(grid({ params: probeParams({ successThreshold: 3, failureThreshold: 1 }), outcome: successFrom(0, [[40, 50]]) }, 'readiness'));
    const seen = Array.from({ length: 8 }, (_, i) => storedAt(tl, 'Failure', i * 10));
    const S = 'Success', F = 'Failure';
    expect(seen).toEqual([F, F, S, S, F, F, F, S]);
  });

  it('PR-3 TestResultRunOnLivenessCheckFailure (liveness, failure 3): S; F → S (run 1); F → S (run 2); F → Failure, resultRun 0', () => {
    const spec = grid({ params: probeParams({ failureThreshold: 3 }), outcome: failureFrom(5) }, 'liveness');
    const tl = probeTimeline(spec);
    expect([0, 10, 20, 30].map((t) => storedAt(tl, 'Success', t))).toEqual(['Success', 'Success', 'Success', 'Failure']);
    expect(probeTimeline({ ...spec, until: 11 }).carry).toEqual({ last: 'Failure', run: 1 });
    expect(probeTimeline({ ...spec, until: 21 }).carry).toEqual({ last: 'Failure', run: 2 });
    expect(tl.halt).toEqual({ at: 30, result: 'Failure' });
    expect(tl.carry).toEqual({ last: 'Failure', run: 0 });
    expect(tl.streaks).toEqual([{ start: 10, count: 3 }]);
  });

  it('PR-4 TestInitialDelay: a container started now keeps every initial result; one started 100 s ago succeeds', () => {
    for (const kind of ['startup', 'liveness', 'readiness'] as const) {
      const params = probeParams({ initialDelaySeconds: 10 });
      const outcome = kind === 'liveness' ? failureFrom(Infinity) : successFrom(0);
      // the worker ticks at 100: the container that started at 100 is skipped (age 0 < 10)
      const fresh = probeTimeline(grid({ params, outcome, workerStart: 100, startedAt: 100, from: 100, until: 101 }, kind));
      expect(storedAt(fresh, INITIAL_RESULT[kind], 100)).toBe(INITIAL_RESULT[kind]);
      const old = probeTimeline(grid({ params, outcome, workerStart: 100, startedAt: 0, from: 0, until: 101 }, kind));
      expect(storedAt(old, INITIAL_RESULT[kind], 100)).toBe('Success');
    }
  });
});

describe('Unhealthy reports', () => {
  it('after 1, 4, 8, 16 … failures and at the streak end; the gap stops doubling at 300 s', () => {
    const never = probeTimeline({ workerStart: 0, params: probeParams({ periodSeconds: 10 }), startedAt: 0, from: 0, until: Infinity, outcome: successFrom(Infinity), carry: NEW_WORKER, initial: 'Failure', holdOnFailure: false, stopOnSuccess: false });
    const at: number[] = [];
    for (let t = nextReportAfter(never, -1); t < 2000; t = nextReportAfter(never, t)) at.push(t);
    expect(at).toEqual([0, 30, 70, 150, 310, 610, 910, 1210, 1510, 1810]);
    expect(reportAt(never, 150)).toEqual({ at: 150, count: 8, first: 80 });
    const window = probeTimeline({ workerStart: 0, params: probeParams({ periodSeconds: 5 }), startedAt: 0, from: 0, until: Infinity, outcome: successFrom(0, [[30, 60]]), carry: NEW_WORKER, initial: 'Failure', holdOnFailure: false, stopOnSuccess: false });
    expect([30, 45, 55].map((t) => reportAt(window, t))).toEqual([{ at: 30, count: 1, first: 30 }, { at: 45, count: 3, first: 35 }, { at: 55, count: 2, first: 50 }]);
    expect(nextReportAfter(window, 55)).toBe(Infinity);
  });
});
