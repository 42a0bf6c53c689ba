// Seeking: the state of the cluster at the end of any tick, by folding the log up to that tick's
// last event. Times are durations from the start ("90s", "5m") or "tick:N".
import { Clock, parseDurationSeconds } from '../api/time.js';
import { ClusterState } from '../state/cluster.js';
import type { KubeEventNote, LogEvent } from '../state/events.js';
import type { EventStore, TickRow } from '../store/eventlog.js';

export class TimeError extends Error {}

/** Parse a --at/--from/--to value into a tick. */
export function parseTime(v: string): number {
  const m = /^tick:(\d+)$/.exec(v.trim());
  if (m) return Number(m[1]);
  const s = parseDurationSeconds(v);
  if (Number.isNaN(s) || !Number.isInteger(s)) throw new TimeError(`${JSON.stringify(v)} is not a time: use a duration from the start (90s, 5m, 1h30m) or tick:N`);
  return s;
}

export interface RunInfo {
  seed: number;
  start: string;
  clock: Clock;
  lastTick: number;
  scenario: string;
  status: string;
}

export function runInfo(store: EventStore): RunInfo {
  const last = store.lastTick();
  if (!last) throw new TimeError(`${store.file} holds no committed tick yet`);
  const start = store.getMeta('start') ?? '2024-01-01T00:00:00Z';
  return {
    seed: Number(store.getMeta('seed') ?? '1'),
    start,
    clock: new Clock(start),
    lastTick: last.tick,
    scenario: store.getMeta('scenario_name') ?? '',
    status: store.getMeta('status') ?? 'unknown',
  };
}

/** The committed tick row at or before `tick` (ticks are contiguous, so exactly `tick`). */
export function tickRow(store: EventStore, tick: number, info: RunInfo): TickRow {
  if (tick < 0 || tick > info.lastTick) throw new TimeError(`tick ${tick} is outside the run (0 … ${info.lastTick})`);
  const row = store.tickRow(tick);
  if (!row) throw new TimeError(`tick ${tick} was not committed`);
  return row;
}

export interface Snapshot {
  tick: number;
  state: ClusterState;
  /** Kubernetes Event notes up to the tick, oldest first */
  notes: { note: KubeEventNote; event: LogEvent }[];
}

/** Fold the log up to the end of `tick`. */
export function seek(store: EventStore, tick: number, info: RunInfo, opts: { notes?: boolean } = {}): Snapshot {
  const row = tickRow(store, tick, info);
  const state = new ClusterState({ hashing: false, owned: true });
  const notes: Snapshot['notes'] = [];
  for (const e of store.events(1, row.lastSeq)) {
    state.evolve(e);
    if (opts.notes && e.note) notes.push({ note: e.note, event: e });
  }
  return { tick, state, notes };
}
