// kreplay explain KIND/NAME [--at T]: why an object is as it is (src/timetravel/explain.ts), read
// from a run's database.
import { KINDS } from '../api/types.js';
import { resolveKind } from '../scenario/refs.js';
import { keyOf } from '../state/events.js';
import { explain, formatExplanation } from '../timetravel/explain.js';
import { parseTime, runInfo, seek, tickRow } from '../timetravel/seek.js';
import { openRead } from './history.js';
import type { Io } from './main.js';
import { parse, UsageError } from './main.js';

const USAGE = 'kreplay explain KIND/NAME [-n NS] [--at T] [--json]';

export function explainCommand(args: string[], io: Io): number {
  const { values, positionals } = parse(args, {
    db: { type: 'string', default: 'kreplay.db' }, namespace: { type: 'string', short: 'n' }, at: { type: 'string' },
    json: { type: 'boolean', default: false },
  }, { min: 1, max: 2, usage: USAGE });
  let kindArg: string;
  let name: string;
  if (positionals.length === 2) [kindArg, name] = positionals as [string, string];
  else {
    const parts = positionals[0]!.split('/');
    if (parts.length !== 2 || !parts[0] || !parts[1]) throw new UsageError(`${JSON.stringify(positionals[0])} is not KIND/NAME (usage: ${USAGE})`);
    [kindArg, name] = parts as [string, string];
  }
  const kind = resolveKind(kindArg);
  const namespace = KINDS[kind].namespaced ? (values.namespace ?? 'default') : '';
  const store = openRead(values.db!);
  try {
    const info = runInfo(store);
    const tick = values.at === undefined ? info.lastTick : parseTime(values.at);
    const row = tickRow(store, tick, info);
    const state = seek(store, tick, info).state;
    const object = state.get(kind, namespace, name);
    const history = [...store.eventsOfObject(keyOf(kind, namespace, name), row.lastSeq)];
    if (!object && history.length === 0) {
      const group = KINDS[kind].apiVersion.includes('/') ? `.${KINDS[kind].apiVersion.split('/')[0]}` : '';
      io.err(`Error from server (NotFound): ${KINDS[kind].plural}${group} "${name}" not found\n`);
      return 1;
    }
    const config = state.list('SimConfig')[0];
    const inputs = config ? [...store.eventsOfObject(keyOf('SimConfig', '', config.metadata.name), row.lastSeq)] : [];
    const x = explain({ ref: { kind, namespace, name }, tick, object, history, inputs, lookup: (seq) => (seq <= row.lastSeq ? store.event(seq) : undefined) });
    io.out(values.json ? JSON.stringify(x) + '\n' : formatExplanation(x));
    return 0;
  } finally {
    store.close();
  }
}
