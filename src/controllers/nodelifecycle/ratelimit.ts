// The per-zone NoExecute tainter: RateLimitedTimedQueue with a token bucket of burst 1
// (pkg/controller/nodelifecycle/scheduler/rate_limited_queue.go, flowcontrol token bucket), v1.28.
// Differs: the bucket is "the instant the next token is available" in simulated seconds, kept in
// the controller's record so a resumed run sees it; rates are the flags' decimal values, not float32.
import type { Json } from '../../api/types.js';
import type { ZoneState } from './zones.js';

/** EvictionRateLimiterBurst */
export const EVICTION_RATE_LIMITER_BURST = 1;

/**
 * One zone as the controller keeps it in memory upstream: its state (zoneStates, absent once the
 * zone has no counted node) and its tainter's limiter. With burst 1 a token bucket is exactly
 * "a token is available from `readyAt` on": consuming at time c leaves the next token at
 * c + 1/qps. qps 0 is flowcontrol's NeverRateLimiter.
 */
export interface ZoneRecord {
  state?: ZoneState;
  qps: number;
  /** simulated seconds (may be fractional): the next token's instant; meaningless when qps is 0 */
  readyAt: number;
}

/** NewTokenBucketRateLimiter(qps, 1) created at `now`: full. */
export function newZoneRecord(qps: number, now: number): ZoneRecord {
  return { state: 'Initial', qps, readyAt: now };
}

/**
 * TryAccept within tick `tick` (the tainting pass runs every 100 ms upstream, so a token that
 * becomes available during the second is taken during that second): the instant the token is
 * taken, or undefined when none is available before the tick ends.
 *
 * Worked numbers: qps 0.1, last token taken at 100 → readyAt 110 → taken at tick 110 (instant
 * 110), next at 120. qps 0.3: readyAt 103.33 → taken at tick 103 (instant 103.33), next 106.67.
 */
export function tryAccept(z: ZoneRecord, tick: number): number | undefined {
  if (z.qps <= 0) return undefined;
  const at = Math.max(z.readyAt, tick);
  return at < tick + 1 ? at : undefined;
}

/**
 * An instant a whole number of seconds away within float error is that whole second, so that
 * sums of fractional intervals do not drift across a tick: 3 tokens at qps 0.3 take exactly 10 s
 * (100 + 3 × 3.333… = 110, not 109.99999999999999).
 */
function snap(x: number): number {
  const r = Math.round(x);
  return Math.abs(x - r) < 1e-6 ? r : x;
}

/** The zone after taking a token at instant `at`. */
export function consume(z: ZoneRecord, at: number): ZoneRecord {
  return { ...z, readyAt: snap(at + 1 / z.qps) };
}

/** The first tick ≥ `tick` at which a token can be taken (Infinity for qps 0). */
export function nextTokenTick(z: ZoneRecord, tick: number): number {
  if (z.qps <= 0) return Infinity;
  return Math.max(tick, Math.floor(z.readyAt));
}

/**
 * RateLimitedTimedQueue.SwapLimiter at instant `now`: same qps → unchanged; 0 → never; otherwise
 * a fresh bucket, drained when the old one had no token ("If we're currently waiting on limiter,
 * we drain the new one").
 */
export function swapLimiter(z: ZoneRecord, qps: number, now: number): ZoneRecord {
  if (z.qps === qps) return z;
  if (qps <= 0) return { ...z, qps: 0, readyAt: 0 };
  const oldHadToken = z.qps > 0 && z.readyAt <= now;
  return { ...z, qps, readyAt: oldHadToken ? now : snap(now + 1 / qps) };
}

export function zoneRecordJson(z: ZoneRecord): Json {
  const out: { [k: string]: Json } = {};
  if (z.state !== undefined) out.state = z.state;
  out.qps = z.qps;
  out.readyAt = z.readyAt;
  return out;
}
