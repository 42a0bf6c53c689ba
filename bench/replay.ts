// replay: fold a whole log (read pages from SQLite, JSON.parse, evolve into the projection).
import { EventStore } from '../src/store/eventlog.js';
import { ClusterState } from '../src/state/cluster.js';
import { podLifecycleEvents } from './workload.js';
import { tempDb, time, rate } from './util.js';

export function replayBench(): void {
  const ticks = podLifecycleEvents(100_000);
  const db = tempDb('replay');
  const store = EventStore.open(db.file);
  ticks.forEach((evs, i) => store.appendTick(evs, { tick: i, lastSeq: evs[evs.length - 1]!.seq, events: evs.length, stateHash: 'x' }));
  const total = store.lastSeq;
  store.close();
  const ro = EventStore.open(db.file, { readonly: true });
  const runs: number[] = [];
  let hash = '';
  for (let rep = 0; rep < 3; rep++) {
    const t = time(() => {
      const s = new ClusterState();
      for (const e of ro.events()) s.evolve(e);
      return s;
    });
    runs.push(t.seconds);
    hash = t.value.stateHash();
  }
  const readOnly = time(() => { let n = 0; for (const _ of ro.events()) n++; return n; });
  ro.close();
  db.cleanup();
  const best = Math.min(...runs);
  console.log(`log: ${total.toLocaleString('en-US')} events (100,000 pods)`);
  console.log(`read + parse only: ${rate(total, readOnly.seconds)}`);
  console.log(`fold (read + parse + evolve): ${rate(total, best)} (best of 3: ${runs.map((s) => s.toFixed(3)).join(', ')} s; budget ≥ 150,000/s); state hash ${hash.slice(0, 12)}…`);
}
