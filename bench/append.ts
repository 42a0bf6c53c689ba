// append: our EventStore.appendTick (envelope serialisation + SHA-256 chain + tick row, one
// transaction per tick) against raw better-sqlite3 inserts of exactly the same rows into the same
// table, in the same process, best of three.
import Database from 'better-sqlite3';
import { EventStore, chainHash, GENESIS } from '../src/store/eventlog.js';
import { migrate } from '../src/store/migrations.js';
import { toStored, type LogEvent } from '../src/state/events.js';
import { fnv32a } from '../src/state/hash.js';
import { realisticTicks } from './workload.js';
import { tempDb, time, rate } from './util.js';

export function appendBench(): void {
  const ticks = realisticTicks();
  const total = ticks.reduce((n, t) => n + t.length, 0);
  console.log(`workload: ${total.toLocaleString('en-US')} events of a real run (1,500 Deployments × 20 replicas on 500 nodes), ${ticks.length} ticks`);
  // Rows as the store writes them, precomputed for the raw baseline.
  let prev = GENESIS;
  const rows = ticks.map((evs) => evs.map((e) => {
    const st = toStored(e);
    prev = chainHash(prev, st);
    return [st.seq, st.tick, st.type, st.actor, st.object, fnv32a(st.object), st.meta, st.change, prev] as const;
  }));
  const ours: number[] = [];
  const threaded: number[] = [];
  const raw: number[] = [];
  for (let rep = 0; rep < 3; rep++) {
    {
      const db = tempDb('ours');
      const store = EventStore.open(db.file);
      const t = time(() => {
        ticks.forEach((evs, i) => store.appendTick(evs, { tick: i, lastSeq: evs[evs.length - 1]!.seq, events: evs.length, stateHash: 'x' }));
      });
      store.close();
      db.cleanup();
      ours.push(t.seconds);
    }
    {
      const db = tempDb('threaded');
      const store = EventStore.open(db.file);
      store.useWriterThread();
      const t = time(() => {
        ticks.forEach((evs, i) => store.appendTick(evs, { tick: i, lastSeq: evs[evs.length - 1]!.seq, events: evs.length, stateHash: 'x' }));
        store.flush();
      });
      store.close();
      db.cleanup();
      threaded.push(t.seconds);
    }
    {
      const db = tempDb('raw');
      const sql = new Database(db.file);
      sql.pragma('journal_mode = WAL');
      sql.pragma('synchronous = NORMAL');
      migrate(sql, db.file);
      const ins = sql.prepare('INSERT INTO events (seq, tick, type, actor, object, oid, meta, change, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
      const insTick = sql.prepare('INSERT INTO ticks (tick, last_seq, events, state_hash) VALUES (?, ?, ?, ?)');
      const t = time(() => {
        rows.forEach((rs, i) => sql.transaction(() => {
          for (const r of rs) ins.run(...r);
          insTick.run(i, rs[rs.length - 1]![0], rs.length, 'x');
        })());
      });
      sql.close();
      db.cleanup();
      raw.push(t.seconds);
    }
  }
  const best = (xs: number[]) => Math.min(...xs);
  console.log(`raw better-sqlite3 inserts of the same rows: ${rate(total, best(raw))} (best of 3: ${raw.map((s) => s.toFixed(3)).join(', ')} s)`);
  console.log(`kreplay appendTick, one thread:             ${rate(total, best(ours))} (best of 3: ${ours.map((s) => s.toFixed(3)).join(', ')} s) = ${((best(raw) / best(ours)) * 100).toFixed(0)} % of raw`);
  console.log(`kreplay appendTick, writer thread (as runs do): ${rate(total, best(threaded))} (best of 3: ${threaded.map((s) => s.toFixed(3)).join(', ')} s, until durable)`);
  console.log(`append / raw = ${((best(raw) / best(threaded)) * 100).toFixed(0)} % (budget ≥ 50 %)`);
}

export type { LogEvent };
