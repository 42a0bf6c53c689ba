// Folding the log on every core. Events are partitioned by a hash of their object's key (the
// `oid` column, so SQLite filters rows without JSON parsing), every partition is folded on its
// own worker thread, and because the state hash is a multiset sum the partitions' hashes add up
// to the hash of the whole state — tick by tick, if asked. Parsing JSON is most of a fold's
// cost (a created pod is ~1.8 KB), so this is where the second core pays.
//
// Workers run the compiled dist/ code; from TypeScript sources (tests) the partitions are folded
// one after another in this thread, which gives the same answer.
import { availableParallelism } from 'node:os';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { ClusterState } from '../state/cluster.js';
import { MultisetHash, type Lanes } from '../state/hash.js';
import { EventStore } from '../store/eventlog.js';

export interface PartitionJob {
  file: string;
  part: number;
  parts: number;
  toSeq: number;
  /** record the partition's state hash lanes at the end of every committed tick */
  perTick: boolean;
}

export interface PartitionResult {
  part: number;
  events: number;
  /** lanes of the partition's state at the end (when hashing) */
  lanes?: Lanes;
  /** [tick, lane0..3] per committed tick, flattened */
  ticks?: number[];
  error?: string;
}

/** Fold one partition in this thread. */
export function foldPartition(job: PartitionJob): PartitionResult {
  const store = EventStore.open(job.file, { readonly: true });
  try {
    const state = new ClusterState({ partial: job.parts > 1, hashing: job.perTick, owned: true });
    let events = 0;
    if (!job.perTick) {
      for (const e of store.partition(job.part, job.parts, job.toSeq)) {
        state.applyChange(e.seq, e.key, e.change);
        events++;
      }
      return { part: job.part, events };
    }
    const ticks: number[] = [];
    const it = store.partition(job.part, job.parts, job.toSeq);
    let next = it.next();
    for (const row of store.ticks()) {
      if (row.lastSeq > job.toSeq) break;
      while (!next.done && next.value.seq <= row.lastSeq) {
        state.applyChange(next.value.seq, next.value.key, next.value.change);
        events++;
        next = it.next();
      }
      ticks.push(row.tick, ...state.hashLanes().values);
    }
    return { part: job.part, events, lanes: state.hashLanes().values, ticks };
  } finally {
    store.close();
  }
}

export interface FoldSummary {
  events: number;
  parts: number;
  threads: boolean;
  /** the whole state's hash at the end, when per-tick hashing was asked */
  stateHash?: string;
  /** per tick, the whole state's hash */
  tickHashes?: Map<number, string>;
}

const compiled = import.meta.url.endsWith('.js');
const WAIT_LIMIT_MS = 30 * 60 * 1000;

/** Fold the log up to `toSeq` in `parts` partitions (default: one per core, at most 4). */
export function foldParallel(file: string, opts: { toSeq?: number; parts?: number; perTick?: boolean } = {}): FoldSummary {
  const parts = Math.max(1, opts.parts ?? Math.min(4, availableParallelism()));
  const toSeq = opts.toSeq ?? Number.MAX_SAFE_INTEGER;
  const perTick = opts.perTick ?? false;
  const jobs: PartitionJob[] = Array.from({ length: parts }, (_, part) => ({ file, part, parts, toSeq, perTick }));
  const threads = compiled && parts > 1;
  const results = threads ? runOnWorkers(jobs) : jobs.map(foldPartition);
  for (const r of results) if (r.error) throw new Error(`folding partition ${r.part} failed: ${r.error}`);
  const summary: FoldSummary = { events: results.reduce((n, r) => n + r.events, 0), parts, threads };
  if (perTick) {
    let total = new MultisetHash();
    for (const r of results) total = total.plus(MultisetHash.of(r.lanes!));
    summary.stateHash = total.hex();
    const byTick = new Map<number, MultisetHash>();
    for (const r of results) {
      const t = r.ticks!;
      for (let i = 0; i < t.length; i += 5) {
        const lanes = MultisetHash.of([t[i + 1]!, t[i + 2]!, t[i + 3]!, t[i + 4]!]);
        const prev = byTick.get(t[i]!);
        byTick.set(t[i]!, prev ? prev.plus(lanes) : lanes);
      }
    }
    summary.tickHashes = new Map([...byTick].map(([k, v]) => [k, v.hex()]));
  }
  return summary;
}

/**
 * Fold the first partition in this thread and the others on one worker each; wait for all of
 * them, synchronously (this thread does a share of the work instead of idling).
 */
function runOnWorkers(jobs: PartitionJob[]): PartitionResult[] {
  const flags = new Int32Array(new SharedArrayBuffer(4 * jobs.length));
  const ports = jobs.slice(1).map((job) => {
    const { port1, port2 } = new MessageChannel();
    // a fold allocates a parsed object per event: a large young generation keeps scavenges rare
    // (v8.setFlagsFromString inside the worker comes too late for its heap)
    const worker = new Worker(new URL('./foldworker.js', import.meta.url), { workerData: { job, port: port2, flags }, transferList: [port2], resourceLimits: { maxYoungGenerationSizeMb: 192 } });
    worker.unref();
    return port1;
  });
  const mine = foldPartition(jobs[0]!);
  return [mine, ...jobs.slice(1).map((job, i) => {
    let waited = 0;
    while (Atomics.load(flags, job.part) === 0) {
      if (Atomics.wait(flags, job.part, 0, 1000) === 'timed-out') waited += 1000;
      if (waited > WAIT_LIMIT_MS) throw new Error(`partition ${job.part} did not finish within ${WAIT_LIMIT_MS / 60000} minutes`);
    }
    const msg = receiveMessageOnPort(ports[i]!);
    ports[i]!.close();
    if (!msg) return { part: job.part, events: 0, error: 'the worker sent no result' };
    return msg.message as PartitionResult;
  })];
}
