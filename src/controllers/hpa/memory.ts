// What the HPA controller keeps in process memory upstream — recommendations[key] and
// scaleUpEvents/scaleDownEvents[key] of horizontal.go — kept in the HPA's hidden `sim.hpa`, written
// with the sync's other writes, so a resumed run continues identically. (Upstream loses them when
// kube-controller-manager restarts: the first sync after a restart records a fresh initial
// recommendation and forgets recent scale events.)
//
// Encoding. Every sync records a recommendation with the time, so writing the list each time
// would turn every converged 15 s sync into an event. Instead the record holds the list as of the
// sync that last wrote it (`at`) and what each later sync did — every sync period, until the next
// write — `repeat`: recorded that same recommendation under the same staleness rule, or nothing.
// A sync that does something else (another value, another rule, an initial record) writes.
// Replaying the repeats (materialize) gives upstream's exact list; for the max/min over the
// stabilization windows only entries inside the windows matter, and those were never
// overwritten, so the stored list plus the latest repeat gives the same answer (recommendationsFor).
import type { Json, KObject } from '../../api/types.js';
import type { TimestampedScaleEvent } from './behavior.js';
import type { TimestampedRecommendation } from './normalize.js';

export const SIM_KEY = 'hpa';

export interface HpaMemory {
  /** upstream's recommendations list as of `at`; undefined = nothing recorded yet (nil) */
  recs: TimestampedRecommendation[] | undefined;
  /** the sync tick that wrote this record */
  at: number;
  /** each sync after `at` recorded this recommendation (undefined: recorded nothing) … */
  repeat: number | undefined;
  /** … overwriting entries strictly older than now − stale (legacy: the downscale window; behavior: max of both windows) */
  stale: number;
  /** scale events (behavior only), exact */
  up: TimestampedScaleEvent[];
  down: TimestampedScaleEvent[];
}

interface StoredMemory {
  recs?: [number, number][];
  at: number;
  repeat?: number;
  stale?: number;
  up?: [number, number, number][];
  down?: [number, number, number][];
}

const toEvents = (a: [number, number, number][] | undefined): TimestampedScaleEvent[] =>
  (a ?? []).map(([replicaChange, tick, outdated]) => ({ replicaChange, tick, outdated: outdated === 1 }));
const fromEvents = (a: readonly TimestampedScaleEvent[]): [number, number, number][] => a.map((e) => [e.replicaChange, e.tick, e.outdated ? 1 : 0]);

export function readMemory(obj: KObject): HpaMemory | undefined {
  const raw = obj.sim?.[SIM_KEY] as unknown as StoredMemory | undefined;
  if (!raw) return undefined;
  return {
    recs: raw.recs?.map(([recommendation, tick]) => ({ recommendation, tick })),
    at: raw.at,
    repeat: raw.repeat,
    stale: raw.stale ?? 0,
    up: toEvents(raw.up),
    down: toEvents(raw.down),
  };
}

/** The record as plain JSON (no undefined-valued keys; empty histories left out). */
export function memoryJson(m: HpaMemory): Json {
  const out: StoredMemory = { at: m.at };
  if (m.recs) out.recs = m.recs.map((r) => [r.recommendation, r.tick]);
  if (m.repeat !== undefined) {
    out.repeat = m.repeat;
    out.stale = m.stale;
  }
  if (m.up.length > 0) out.up = fromEvents(m.up);
  if (m.down.length > 0) out.down = fromEvents(m.down);
  return out as unknown as Json;
}

/** The ticks of the syncs between `at` and `now` (exclusive), one per period. */
function repeatTicks(m: HpaMemory, nowTick: number, periodSeconds: number): number[] {
  if (m.repeat === undefined) return [];
  const out: number[] = [];
  for (let s = m.at + periodSeconds; s < nowTick; s += periodSeconds) out.push(s);
  return out;
}

/** Upstream's store: over the last entry older than now − stale, else appended. */
export function storeRecommendation(recs: TimestampedRecommendation[], recommendation: number, staleSeconds: number, nowTick: number): void {
  let last = -1;
  recs.forEach((r, i) => { if (r.tick < nowTick - staleSeconds) last = i; });
  if (last >= 0) recs[last] = { recommendation, tick: nowTick };
  else recs.push({ recommendation, tick: nowTick });
}

/** The exact recommendations list just before the sync at `nowTick` (a fresh copy). */
export function materialize(m: HpaMemory, nowTick: number, periodSeconds: number): TimestampedRecommendation[] | undefined {
  if (!m.recs) return undefined;
  const recs = m.recs.map((r) => ({ ...r }));
  for (const s of repeatTicks(m, nowTick, periodSeconds)) storeRecommendation(recs, m.repeat!, m.stale, s);
  return recs;
}

/**
 * A working list for the sync at `nowTick` whose entries inside any window of at most `stale`
 * seconds are exactly upstream's: the stored list plus the latest repeat (all repeats carry the
 * same value, so the latest one stands for them in a max or min). With another staleness rule the
 * replay matters, so the exact list is built.
 */
export function recommendationsFor(m: HpaMemory, nowTick: number, periodSeconds: number, staleSeconds: number): TimestampedRecommendation[] | undefined {
  if (!m.recs) return undefined;
  const ticks = repeatTicks(m, nowTick, periodSeconds);
  if (ticks.length === 0) return m.recs.map((r) => ({ ...r }));
  if (staleSeconds !== m.stale) return materialize(m, nowTick, periodSeconds);
  return [...m.recs.map((r) => ({ ...r })), { recommendation: m.repeat!, tick: ticks[ticks.length - 1]! }];
}
