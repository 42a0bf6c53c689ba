// Upcasters: pure functions that bring an envelope written by an older kreplay to the current
// schema on read, keyed by the envelope's `v`. Version 1 is current; the table is where a future
// change of shape registers its conversion (and its property test: upcast(old) folds to the same
// state as the new event would).
import { EVENT_SCHEMA_VERSION, type LogEvent } from '../state/events.js';

type Upcaster = (e: LogEvent) => LogEvent;

const UPCASTERS: Readonly<Record<number, Upcaster>> = {};

export class EventVersionError extends Error {}

export function upcast(e: LogEvent): LogEvent {
  let cur = e;
  while (cur.v < EVENT_SCHEMA_VERSION) {
    const up = UPCASTERS[cur.v];
    if (!up) throw new EventVersionError(`no upcaster for event schema version ${cur.v} (seq ${cur.seq})`);
    cur = up(cur);
  }
  if (cur.v > EVENT_SCHEMA_VERSION) {
    throw new EventVersionError(`event seq ${cur.seq} has schema version ${cur.v}, newer than this kreplay (${EVENT_SCHEMA_VERSION}); upgrade kreplay`);
  }
  return cur;
}
