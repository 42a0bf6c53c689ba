// replay: fold a whole log — read from SQLite, JSON.parse, evolve into the projection — on the
// realistic event mix of a real run (1,500 Deployments × 10 replicas on 500 nodes: pods created,
// scheduled, started, with the controllers' status updates). Reported sequentially (one core)
// and partitioned across worker threads (every core; what `kreplay verify` uses), and with the
// per-tick state-hash check.
import { dirname } from 'node:path';
import { EventStore } from '../src/store/eventlog.js';
import { ClusterState } from '../src/state/cluster.js';
import { loadScenario } from '../src/scenario/load.js';
import { runScenario } from '../src/scenario/runner.js';
import { foldParallel } from '../src/timetravel/fold.js';
import { writeEnvelopeScenario } from './envelope.js';
import { tempDb, time, rate } from './util.js';

export function replayBench(): void {
  const db = tempDb('replay');
  const file = writeEnvelopeScenario(dirname(db.file), { nodes: 500, deployments: 300, replicas: 100 });
  runScenario(loadScenario(file), { db: db.file });
  const ro = EventStore.open(db.file, { readonly: true });
  const total = ro.lastSeq;
  let bytes = 0;
  for (const r of ro.rawEvents()) bytes += r.meta.length + r.change.length;
  const recorded = ro.lastTick()!.stateHash;
  const best = (f: () => unknown): number => Math.min(...[0, 1, 2].map(() => time(f).seconds));
  const cow = best(() => { const s = new ClusterState({ hashing: false }); for (const e of ro.events()) s.evolve(e); });
  const readOnly = best(() => { let n = 0; for (const _ of ro.events()) n++; return n; });
  ro.close();
  const one = best(() => foldParallel(db.file, { parts: 1 }));
  const par = best(() => foldParallel(db.file));
  let checked = '';
  const check = time(() => foldParallel(db.file, { perTick: true }));
  checked = check.value.stateHash === recorded ? 'matches the recorded hash' : `MISMATCH (${check.value.stateHash} vs ${recorded})`;
  console.log(`log: ${total.toLocaleString('en-US')} events of a 30,000-pod run, ${(bytes / total).toFixed(0)} bytes each on average`);
  console.log(`read + JSON.parse only, one thread: ${rate(total, readOnly)}`);
  console.log(`fold, copy-on-write (the engine's resume path), one thread: ${rate(total, cow)}`);
  console.log(`fold, owned objects, one thread:                           ${rate(total, one)}`);
  console.log(`fold, owned objects, ${check.value.parts} partitions on all cores:             ${rate(total, par)} (budget ≥ 150,000/s)`);
  console.log(`fold with the state hash of every tick, partitioned: ${rate(total, check.seconds)}; final state hash ${checked}`);
  db.cleanup();
}
