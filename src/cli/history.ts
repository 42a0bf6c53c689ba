// kreplay log / diff / verify
import { EventStore } from '../store/eventlog.js';
import { diffStates, formatLogLine, matchesFilter, type LogFilter } from '../timetravel/history.js';
import { parseTime, runInfo, seek } from '../timetravel/seek.js';
import { verifyRun } from '../timetravel/verify.js';
import { parseRef } from '../scenario/expect.js';
import { fmtTime } from '../scenario/load.js';
import type { Io } from './main.js';
import { parse, UsageError } from './main.js';

export function openRead(db: string): EventStore {
  return EventStore.open(db, { readonly: true });
}

function objectArg(v: string | undefined): LogFilter['object'] {
  if (v === undefined) return undefined;
  if (!/^[^/\s]+\/([^/\s]+\/)?[^/\s]+$/.test(v)) throw new UsageError(`--object ${JSON.stringify(v)} is not KIND/NAME or KIND/NAMESPACE/NAME`);
  return parseRef(v);
}

export function logCommand(args: string[], io: Io): number {
  const { values } = parse(args, {
    db: { type: 'string', default: 'kreplay.db' }, object: { type: 'string' }, type: { type: 'string' },
    from: { type: 'string' }, to: { type: 'string' }, json: { type: 'boolean', default: false },
  }, { min: 0, max: 0, usage: 'kreplay log [--object KIND/NAME] [--type TYPE] [--from T] [--to T] [--json]' });
  const filter: LogFilter = {};
  const obj = objectArg(values.object);
  if (obj) filter.object = obj;
  if (values.type) filter.type = values.type;
  if (values.from) filter.fromTick = parseTime(values.from);
  if (values.to) filter.toTick = parseTime(values.to);
  const store = openRead(values.db!);
  try {
    runInfo(store);
    let out = '';
    let n = 0;
    for (const e of store.events()) {
      if (!matchesFilter(e, filter)) continue;
      out += values.json ? JSON.stringify(e) + '\n' : formatLogLine(e) + '\n';
      if (++n % 10_000 === 0) { io.out(out); out = ''; }
    }
    io.out(out);
    return 0;
  } finally {
    store.close();
  }
}

export function diffCommand(args: string[], io: Io): number {
  const { values } = parse(args, {
    db: { type: 'string', default: 'kreplay.db' }, from: { type: 'string' }, to: { type: 'string' },
    object: { type: 'string' }, json: { type: 'boolean', default: false },
  }, { min: 0, max: 0, usage: 'kreplay diff --from T1 --to T2 [--object KIND/NAME] [--json]' });
  if (!values.from) throw new UsageError('--from is required (usage: kreplay diff --from T1 --to T2 [--object KIND/NAME])');
  const store = openRead(values.db!);
  try {
    const info = runInfo(store);
    const from = parseTime(values.from);
    const to = values.to ? parseTime(values.to) : info.lastTick;
    const a = seek(store, from, info).state;
    const b = seek(store, to, info).state;
    const diffs = diffStates(a, b, objectArg(values.object));
    if (values.json) {
      io.out(JSON.stringify({ from, to, objects: diffs }) + '\n');
      return 0;
    }
    if (diffs.length === 0) {
      io.out(`no changes between ${fmtTime(from)} and ${fmtTime(to)}\n`);
      return 0;
    }
    let out = `changes from ${fmtTime(from)} to ${fmtTime(to)}:\n`;
    for (const d of diffs) {
      out += `${d.change.padEnd(8)} ${d.kind}/${d.namespace ? `${d.namespace}/` : ''}${d.name}\n`;
      if (d.change === 'changed') for (const op of d.patch) out += `    ${JSON.stringify(op)}\n`;
    }
    io.out(out);
    return 0;
  } finally {
    store.close();
  }
}

export function verifyCommand(args: string[], io: Io): number {
  const { values } = parse(args, { db: { type: 'string', default: 'kreplay.db' }, json: { type: 'boolean', default: false } }, { min: 0, max: 0, usage: 'kreplay verify [--db FILE]' });
  const store = openRead(values.db!);
  try {
    const r = verifyRun(store);
    if (values.json) io.out(JSON.stringify(r) + '\n');
    else if (r.ok) io.out(`deterministic: re-running the controllers over the recorded inputs reproduces all ${r.events.toLocaleString('en-US')} events of ${r.ticks} ticks (state hash ${r.stateHash})\n`);
    else {
      const m = r.mismatch!;
      let s = `NOT deterministic: ${m.reason} (seq ${m.seq}, tick ${m.tick})\n`;
      if (m.recorded) s += `  recorded: ${m.recorded}\n`;
      if (m.rerun) s += `  re-run:   ${m.rerun}\n`;
      io.out(s);
    }
    return r.ok ? 0 : 1;
  } finally {
    store.close();
  }
}
