import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { EventStore } from './eventlog.js';
import { Sim } from '../engine/testing.js';
import type { LogEvent } from '../state/events.js';

const dirs: string[] = [];
const tmp = () => { const d = mkdtempSync(join(tmpdir(), 'kreplay-')); dirs.push(d); return join(d, 'run.db'); };
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

function someTicks(): { events: LogEvent[]; hashes: string[] }[] {
  const sim = new Sim({ controllers: [] });
  const out = [];
  for (let t = 0; t < 3; t++) {
    sim.when((ctx) => { ctx.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: `ns-${t}` } }, { type: 'NamespaceCreated' }); });
    const r = sim.step();
    out.push({ events: r.events, hashes: [r.stateHash] });
  }
  return out;
}

describe('EventStore', () => {
  it('commits ticks, reads them back in order, and keeps the chain intact', () => {
    const file = tmp();
    const store = EventStore.open(file);
    for (const [t, { events, hashes }] of someTicks().entries()) {
      store.appendTick(events, { tick: t, lastSeq: events[events.length - 1]!.seq, events: events.length, stateHash: hashes[0]! });
    }
    expect(store.lastSeq).toBe(5);
    store.close();
    const ro = EventStore.open(file, { readonly: true });
    expect([...ro.events()].map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(ro.lastTick()!.tick).toBe(2);
    expect(ro.checkChain()).toBeUndefined();
    ro.close();
  });

  it('a tick that fails to commit writes nothing', () => {
    const store = EventStore.open(tmp());
    const [first] = someTicks();
    expect(() => store.appendTick(first!.events, { tick: 0, lastSeq: 99, events: 1, stateHash: 'x' })).toThrow(/ends at seq 99/);
    expect(store.eventCount()).toBe(0);
    expect(store.lastTick()).toBeUndefined();
  });

  it('names the first altered event', () => {
    const file = tmp();
    const store = EventStore.open(file);
    for (const [t, { events, hashes }] of someTicks().entries()) store.appendTick(events, { tick: t, lastSeq: events[events.length - 1]!.seq, events: events.length, stateHash: hashes[0]! });
    store.db.prepare("UPDATE events SET change = replace(change, 'ns-1', 'ns-X') WHERE seq = 4").run();
    expect(store.checkChain()).toMatchObject({ seq: 4 });
    store.close();
  });

  it('refuses a database from a newer kreplay, and a file that is not a database', () => {
    const file = tmp();
    EventStore.open(file).close();
    const raw = new Database(file);
    raw.pragma('user_version = 99');
    raw.close();
    expect(() => EventStore.open(file)).toThrow(/newer kreplay \(schema version 99/);
    expect(() => EventStore.open(file, { readonly: true })).toThrow(/newer kreplay/);
    const junk = tmp();
    writeFileSync(junk, 'this is not sqlite at all, just some text that is long enough to be a header......');
    expect(() => EventStore.open(junk)).toThrow(/not a kreplay database or is corrupted/);
    expect(() => EventStore.open(join(tmpdir(), 'missing-kreplay.db'), { readonly: true })).toThrow(/does not exist/);
  });
});
