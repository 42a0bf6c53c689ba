// Readiness probing: pkg/kubelet/prober/worker.go (doProbe's result counting) and the defaults of
// pkg/apis/core/v1/defaults.go. Differs: analytic — the probe instants are workerStart + k·period,
// so when readiness turns is computed from the container's start instead of simulated probe by
// probe (no per-probe events). Not modelled: the random first delay after a kubelet restart, the
// manual trigger UpdatePodStatus sends when a started container has no result yet (it only adds
// probes off the period grid), probe timeouts, Unhealthy events. Liveness and startup probes: TODO
// (a later issue) — observe() already counts like doProbe; they need the on-hold reset and a kill.
import type { Probe } from '../../api/types.js';

export type ProbeResult = 'Success' | 'Failure' | 'Unknown';

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

/** How many grid instants lie in [from, to) when `from` is itself on the grid. */
function gridCount(from: number, to: number, periodSeconds: number): number {
  return to > from ? Math.ceil((to - from) / periodSeconds) : 0;
}

/**
 * One container instance under a readiness worker. The probe outcome is a step function of the
 * container's age: Failure before `successFromAge`, Success from it on (Infinity = never).
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

interface Grid {
  /** first probed instant: on the grid and not skipped by initialDelaySeconds */
  probed: number;
  /** first probed instant whose outcome is Success (Infinity = never) */
  success: number;
}

function grid(i: ReadinessInstance): Grid {
  const { workerStart, params, startedAt } = i;
  // doProbe skips while int(secondsSince(startedAt)) < initialDelaySeconds.
  const probed = nextProbeAt(workerStart, params.periodSeconds, startedAt + params.initialDelaySeconds);
  const success = Number.isFinite(i.successFromAge)
    ? nextProbeAt(workerStart, params.periodSeconds, startedAt + Math.max(params.initialDelaySeconds, i.successFromAge))
    : Infinity;
  return { probed, success };
}

/**
 * The instant the instance's readiness result becomes Success (Infinity = never), if it keeps
 * running. The first probe after the start sees the new container ID and resets the result to
 * Failure; failures before the first success break the run; without them the run continues from
 * the previous instance (resultRun is not reset on a new container — an upstream quirk kept here).
 * Worked example: worker at 0, period 10, start at 1, success from age 15, successThreshold 3 →
 * probes at 10 (F), 20 (S, run 1), 30 (S, 2), 40 (S, 3) → ready at 40.
 */
export function readyAt(i: ReadinessInstance): number {
  const g = grid(i);
  if (!Number.isFinite(g.success)) return Infinity;
  const hadFailure = g.probed < g.success;
  const runAtFirstSuccess = !hadFailure && i.carry.last === 'Success' ? i.carry.run + 1 : 1;
  return g.success + Math.max(0, i.params.successThreshold - runAtFirstSuccess) * i.params.periodSeconds;
}

/**
 * The worker's counters after the instance stopped at `stoppedAt` (probes at stoppedAt and later
 * see a container that is not running: they store Failure but leave lastResult/resultRun alone).
 */
export function carryAfter(i: ReadinessInstance, stoppedAt: number): WorkerRun {
  const g = grid(i);
  const p = i.params.periodSeconds;
  const failures = gridCount(g.probed, Math.min(g.success, stoppedAt), p);
  const successes = Number.isFinite(g.success) ? gridCount(g.success, stoppedAt, p) : 0;
  if (successes > 0) return { last: 'Success', run: successes + (failures === 0 && i.carry.last === 'Success' ? i.carry.run : 0) };
  if (failures > 0) return { last: 'Failure', run: failures + (i.carry.last === 'Failure' ? i.carry.run : 0) };
  return i.carry;
}
