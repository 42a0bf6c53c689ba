// verify: prove a run is deterministic, or name the first event that is not. Three checks:
//   1. the hash chain — any edit, loss or reordering of stored events is found at its seq;
//   2. the fold — folding the log (partitioned over every core) reproduces the state hash that
//      was recorded at every tick;
//   3. re-simulation — the recorded inputs (actor 'user' / 'scenario', always at the start of
//      their tick) are fed to fresh controllers tick by tick, and every event the controllers
//      emit must equal the recorded one byte for byte, and every tick's state hash must match.
import { Engine } from '../engine/engine.js';
import { defaultControllers } from '../controllers/index.js';
import type { Controller } from '../state/controller.js';
import { serializeEvent, type LogEvent } from '../state/events.js';
import type { EventStore } from '../store/eventlog.js';
import { runInfo } from './seek.js';
import { foldParallel } from './fold.js';

export const INPUT_ACTORS: ReadonlySet<string> = new Set(['user', 'scenario']);

export interface VerifyResult {
  ok: boolean;
  events: number;
  ticks: number;
  stateHash?: string;
  /** the first difference */
  mismatch?: { seq: number; tick: number; reason: string; recorded?: string; rerun?: string };
}

export function verifyRun(store: EventStore, controllers: () => Controller[] = defaultControllers): VerifyResult {
  const info = runInfo(store);
  const broken = store.checkChain();
  if (broken) {
    const e = [...store.events(broken.seq, broken.seq)][0];
    return { ok: false, events: store.lastSeq, ticks: info.lastTick + 1, mismatch: { seq: broken.seq, tick: e?.tick ?? -1, reason: `event ${broken.seq} ${broken.reason}` } };
  }
  const fold = foldParallel(store.file, { perTick: true });
  for (const row of store.ticks()) {
    const h = fold.tickHashes!.get(row.tick);
    if (h !== row.stateHash) {
      return { ok: false, events: store.lastSeq, ticks: info.lastTick + 1, mismatch: { seq: row.lastSeq, tick: row.tick, reason: `folding the log does not give the state hash recorded for tick ${row.tick} (recorded ${row.stateHash}, folded ${h ?? 'none'})` } };
    }
  }
  const engine = new Engine({ seed: info.seed, clock: info.clock, controllers: controllers() });
  const it = store.events();
  let next = it.next().value as LogEvent | undefined;
  let ticks = 0;
  let lastHash: string | undefined;
  for (const row of store.ticks()) {
    const recorded: LogEvent[] = [];
    while (next && next.seq <= row.lastSeq) {
      recorded.push(next);
      next = it.next().value as LogEvent | undefined;
    }
    const inputs: LogEvent[] = [];
    for (const e of recorded) {
      if (!INPUT_ACTORS.has(e.actor)) break;
      inputs.push(e);
    }
    let produced: LogEvent[];
    let stateHash: string;
    try {
      const r = engine.runTick(row.tick, () => { for (const e of inputs) engine.replayInput(e); });
      produced = r.events;
      stateHash = r.stateHash;
    } catch (err) {
      const at = recorded[inputs.length] ?? recorded[0];
      return { ok: false, events: store.lastSeq, ticks, mismatch: { seq: at?.seq ?? row.lastSeq, tick: row.tick, reason: `re-running tick ${row.tick} failed: ${(err as Error).message}` } };
    }
    const n = Math.max(recorded.length, produced.length);
    for (let i = 0; i < n; i++) {
      const a = recorded[i];
      const b = produced[i];
      const sa = a ? serializeEvent(a) : undefined;
      const sb = b ? serializeEvent(b) : undefined;
      if (sa !== sb) {
        const seq = a?.seq ?? b!.seq;
        const reason = !a ? `the re-run emits event ${seq} that the log does not have` : !b ? `the log has event ${seq} that the re-run does not emit` : `event ${seq} differs from what the controllers emit`;
        const mismatch: NonNullable<VerifyResult['mismatch']> = { seq, tick: row.tick, reason };
        if (sa !== undefined) mismatch.recorded = sa;
        if (sb !== undefined) mismatch.rerun = sb;
        return { ok: false, events: store.lastSeq, ticks, mismatch };
      }
    }
    if (stateHash !== row.stateHash) {
      return { ok: false, events: store.lastSeq, ticks, mismatch: { seq: row.lastSeq, tick: row.tick, reason: `the state hash of tick ${row.tick} differs (recorded ${row.stateHash}, re-run ${stateHash})` } };
    }
    lastHash = stateHash;
    ticks++;
  }
  const res: VerifyResult = { ok: true, events: store.lastSeq, ticks };
  if (lastHash !== undefined) res.stateHash = lastHash;
  return res;
}
