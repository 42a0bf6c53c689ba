// Probing: pkg/kubelet/prober/worker.go (doProbe's result counting, on-hold after a liveness or
// startup failure) and the defaults of pkg/apis/core/v1/defaults.go. Differs: analytic — the probe
// instants are workerStart + k·period and the outcome is a step function of container age, so a
// worker's whole life with one container is computed segment by segment (no event per probe).
// Not modelled: the random first delay after a kubelet restart, the manual readiness trigger
// UpdatePodStatus sends (it only adds probes off the period grid), probe timeouts (the simulated
// application always answers within timeoutSeconds).
import type { Probe } from '../../api/types.js';

export type ProbeResult = 'Success' | 'Failure' | 'Unknown';
export type ProbeKind = 'startup' | 'liveness' | 'readiness';

export interface ProbeParams {
  initialDelaySeconds: number;
  periodSeconds: number;
  successThreshold: number;
  failureThreshold: number;
}

/** The API server's probe defaults (period 10, success 1, failure 3, initial delay 0). */
export function probeParams(p: Probe): ProbeParams {
  return {
    initialDelaySeconds: Math.max(0, p.initialDelaySeconds ?? 0),
    periodSeconds: Math.max(1, p.periodSeconds ?? 10),
    successThreshold: Math.max(1, p.successThreshold ?? 1),
    failureThreshold: Math.max(1, p.failureThreshold ?? 3),
  };
}

/** worker.lastResult and worker.resultRun: they live as long as the worker, across containers. */
export interface WorkerRun {
  last: ProbeResult;
  run: number;
}

/** A new worker: lastResult Unknown, resultRun 0. */
export const NEW_WORKER: WorkerRun = { last: 'Unknown', run: 0 };

/** The result a worker stores for a container it sees for the first time (worker.initialValue). */
export const INITIAL_RESULT: Readonly<Record<ProbeKind, ProbeResult>> = { startup: 'Unknown', liveness: 'Success', readiness: 'Failure' };

/**
 * One probe result through doProbe's counting: consecutive equal results extend the run; the
 * stored result changes (`set`) only once the run reaches failureThreshold (Failure) or
 * successThreshold (Success).
 */
export function observe(w: WorkerRun, result: ProbeResult, params: ProbeParams): { worker: WorkerRun; set?: ProbeResult } {
  const worker: WorkerRun = w.last === result ? { last: result, run: w.run + 1 } : { last: result, run: 1 };
  if ((result === 'Failure' && worker.run < params.failureThreshold) || (result === 'Success' && worker.run < params.successThreshold)) {
    return { worker };
  }
  return { worker, set: result };
}

/** The first probe instant ≥ t on the grid workerStart + k·period (k ≥ 0). */
export function nextProbeAt(workerStart: number, periodSeconds: number, t: number): number {
  if (t <= workerStart) return workerStart;
  return workerStart + Math.ceil((t - workerStart) / periodSeconds) * periodSeconds;
}

// ------------------------------------------------------------------ outcomes

/** A probe's outcome as a step function of container age: constant between `breaks`. */
export interface Outcome {
  /** ages at which the outcome may change, ascending */
  readonly breaks: readonly number[];
  ok(age: number): boolean;
}

const inWindows = (age: number, w: readonly (readonly [number, number])[] | undefined): boolean => (w ?? []).some(([from, to]) => age >= from && age < to);

const sortedBreaks = (xs: number[]): number[] => [...new Set(xs.filter((x) => Number.isFinite(x)))].sort((a, b) => a - b);

/** Succeeds from `after` on (Infinity = never), except inside the windows. */
export function successFrom(after: number, failBetween?: readonly (readonly [number, number])[]): Outcome {
  return {
    breaks: sortedBreaks([after, ...(failBetween ?? []).flat()]),
    ok: (age) => age >= after && !inWindows(age, failBetween),
  };
}

/** Fails from `failAfter` on (Infinity = never) and inside the windows; succeeds otherwise. */
export function failureFrom(failAfter: number, failBetween?: readonly (readonly [number, number])[]): Outcome {
  return {
    breaks: sortedBreaks([failAfter, ...(failBetween ?? []).flat()]),
    ok: (age) => age < failAfter && !inWindows(age, failBetween),
  };
}

function nextBreak(breaks: readonly number[], age: number): number {
  for (const b of breaks) if (b > age) return b;
  return Infinity;
}

// ------------------------------------------------------------------ one worker, one container

/** A worker probing one container instance. */
export interface ProbeRunSpec {
  workerStart: number;
  params: ProbeParams;
  /** tick the container started running (state.running.startedAt) */
  startedAt: number;
  /** probes at instants ≥ from count (the started gate); initialDelaySeconds is applied on top */
  from: number;
  /** probes at instants < until count (the container stopped, the worker stopped or was put on hold) */
  until: number;
  outcome: Outcome;
  /** the worker's counters when this instance started */
  carry: WorkerRun;
  initial: ProbeResult;
  /** liveness, startup: a Failure that crosses the threshold puts the worker on hold (resultRun = 0) */
  holdOnFailure: boolean;
  /** startup: probing stops once the result is Success (the container counts as started) */
  stopOnSuccess: boolean;
}

/** A run of consecutive failing probes: the first instant and how many (Infinity = until forever). */
export interface FailureStreak {
  start: number;
  count: number;
}

export interface ProbeTimeline {
  period: number;
  /** changes of the stored result, in time order (the initial value is not listed) */
  sets: { at: number; result: ProbeResult }[];
  /** the probe that halted the worker (on hold after a Failure, or startup Success), if any */
  halt?: { at: number; result: ProbeResult };
  streaks: FailureStreak[];
  /** the worker's counters after every counted probe (until `until` or the halt) */
  carry: WorkerRun;
}

/**
 * The worker's whole life with one container, segment by segment: within a segment the outcome is
 * constant, so the probe that crosses a threshold is found by arithmetic. Cost O(outcome breaks).
 * Matches doProbe probe by probe (tested against a reference loop).
 */
export function probeTimeline(s: ProbeRunSpec): ProbeTimeline {
  const p = s.params.periodSeconds;
  let g = nextProbeAt(s.workerStart, p, Math.max(s.from, s.startedAt + s.params.initialDelaySeconds));
  let { last, run } = s.carry;
  let stored = s.initial;
  const sets: ProbeTimeline['sets'] = [];
  const streaks: FailureStreak[] = [];
  let halt: ProbeTimeline['halt'];
  while (g < s.until) {
    const age = g - s.startedAt;
    const ok = s.outcome.ok(age);
    const segEnd = Math.min(s.startedAt + nextBreak(s.outcome.breaks, age), s.until);
    const m = Number.isFinite(segEnd) ? Math.ceil((segEnd - g) / p) : Infinity;
    const result: ProbeResult = ok ? 'Success' : 'Failure';
    const runBefore = last === result ? run : 0;
    const k = Math.max(0, (ok ? s.params.successThreshold : s.params.failureThreshold) - runBefore - 1);
    let taken = m;
    if (k < m) {
      const at = g + k * p;
      if (stored !== result) {
        sets.push({ at, result });
        stored = result;
      }
      if ((!ok && s.holdOnFailure) || (ok && s.stopOnSuccess)) {
        taken = k + 1;
        halt = { at, result };
      }
    }
    if (!ok) {
      const prev = streaks[streaks.length - 1];
      if (prev && prev.start + prev.count * p === g) prev.count += taken;
      else streaks.push({ start: g, count: taken });
    }
    last = result;
    run = runBefore + taken;
    if (halt) {
      if (!ok) run = 0; // on hold: resultRun = 0
      break;
    }
    if (!Number.isFinite(m)) break;
    g += m * p;
  }
  return { period: p, sets, ...(halt ? { halt } : {}), streaks, carry: { last, run } };
}

/** The stored result at instant t (after any probe at t). */
export function storedAt(tl: ProbeTimeline, initial: ProbeResult, t: number): ProbeResult {
  let r = initial;
  for (const s of tl.sets) {
    if (s.at > t) break;
    r = s.result;
  }
  return r;
}

// ------------------------------------------------------------------ Unhealthy events

/**
 * Upstream records an Unhealthy event at every failing probe. kreplay records one per report
 * instant of a failure streak, carrying how many failures it stands for: at the streak's first
 * failure, after 4, 8, 16 … failures (the gap doubling up to REPORT_CAP_SECONDS), and at its last
 * failure — so describe's "(xN over …)" is exact at every report and lags by at most the gap.
 */
export const REPORT_CAP_SECONDS = 300;

/** The failure indexes (0-based) within a streak at which a report is recorded, ascending, < limit. */
function* reportIndexes(count: number, period: number): Generator<number> {
  const cap = Math.max(1, Math.floor(REPORT_CAP_SECONDS / period));
  let r = 0;
  while (r < count) {
    yield r;
    const next = r + Math.min(r === 0 ? 3 : r + 1, cap);
    if (next >= count - 1) {
      if (Number.isFinite(count) && count - 1 > r) yield count - 1;
      return;
    }
    r = next;
  }
}

export interface UnhealthyReport {
  at: number;
  /** failures the report stands for */
  count: number;
  /** instant of the first of them */
  first: number;
}

/** The report recorded at instant t, if any (streaks are disjoint, so at most one). */
export function reportAt(tl: ProbeTimeline, t: number): UnhealthyReport | undefined {
  const p = tl.period;
  for (const s of tl.streaks) {
    if (t < s.start || (Number.isFinite(s.count) && t > s.start + (s.count - 1) * p) || (t - s.start) % p !== 0) continue;
    const idx = (t - s.start) / p;
    let prev = -1;
    for (const r of reportIndexes(s.count, p)) {
      if (r > idx) break;
      if (r === idx) return { at: t, count: r - prev, first: s.start + (prev + 1) * p };
      prev = r;
    }
  }
  return undefined;
}

/** The first report instant after t (Infinity = none). */
export function nextReportAfter(tl: ProbeTimeline, t: number): number {
  const p = tl.period;
  for (const s of tl.streaks) {
    if (Number.isFinite(s.count) && s.start + (s.count - 1) * p <= t) continue;
    for (const r of reportIndexes(s.count, p)) {
      const at = s.start + r * p;
      if (at > t) return at;
    }
  }
  return Infinity;
}

// ------------------------------------------------------------------ readiness (kept API)

/**
 * One container instance under a readiness worker whose outcome is Failure before
 * `successFromAge` and Success from it on (Infinity = never).
 */
export interface ReadinessInstance {
  workerStart: number;
  params: ProbeParams;
  /** tick the container started running (state.running.startedAt) */
  startedAt: number;
  successFromAge: number;
  /** the worker's counters when this instance started */
  carry: WorkerRun;
}

function readinessSpec(i: ReadinessInstance, until: number): ProbeRunSpec {
  return {
    workerStart: i.workerStart, params: i.params, startedAt: i.startedAt, from: i.startedAt, until,
    outcome: successFrom(i.successFromAge), carry: i.carry, initial: 'Failure', holdOnFailure: false, stopOnSuccess: false,
  };
}

/**
 * The instant the instance's readiness result becomes Success (Infinity = never), if it keeps
 * running. resultRun is not reset on a new container — an upstream quirk kept here.
 * Worked example: worker at 0, period 10, start at 1, success from age 15, successThreshold 3 →
 * probes at 10 (F), 20 (S, run 1), 30 (S, 2), 40 (S, 3) → ready at 40.
 */
export function readyAt(i: ReadinessInstance): number {
  return probeTimeline(readinessSpec(i, Infinity)).sets.find((s) => s.result === 'Success')?.at ?? Infinity;
}

/**
 * The worker's counters after the instance stopped at `stoppedAt` (probes at stoppedAt and later
 * see a container that is not running: they store Failure but leave lastResult/resultRun alone).
 */
export function carryAfter(i: ReadinessInstance, stoppedAt: number): WorkerRun {
  return probeTimeline(readinessSpec(i, stoppedAt)).carry;
}
