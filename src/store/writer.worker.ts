// The writer thread (see writer.ts): one write connection; per tick, extend the hash chain and
// commit rows, tick row and metadata in one transaction; acknowledge through shared memory.
import Database from 'better-sqlite3';
import { workerData, type MessagePort } from 'node:worker_threads';
import { chainHash } from './eventlog.js';
import { FIELDS_PER_ROW, type WriterInit, type WriterMessage, type WriterReply } from './writer.js';

const { init, port, flags } = workerData as { init: WriterInit; port: MessagePort; flags: Int32Array };

const db = new Database(init.file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
const insertEvent = db.prepare('INSERT INTO events (seq, tick, type, actor, object, oid, meta, change, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
const insertTick = db.prepare('INSERT INTO ticks (tick, last_seq, events, state_hash) VALUES (?, ?, ?, ?)');
const upsertMeta = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
let hash = init.hash;
let seq = init.seq;
let failed = false;

const begin = db.prepare('BEGIN');
const commitTx = db.prepare('COMMIT');
const rollback = db.prepare('ROLLBACK');
let inTx = false;

function onRows(count: number, data: string): void {
  if (!inTx) {
    begin.run();
    inTx = true;
  }
  const f = data.split('\0');
  if (f.length !== count * FIELDS_PER_ROW) throw new Error(`a chunk of ${count} rows has ${f.length} fields`);
  let h = hash;
  let s = seq;
  for (let i = 0; i < f.length; i += FIELDS_PER_ROW) {
    const rowSeq = Number(f[i]);
    if (rowSeq !== s + 1) throw new Error(`event seq ${rowSeq} does not follow ${s}`);
    const st = { seq: rowSeq, tick: Number(f[i + 1]), type: f[i + 2]!, actor: f[i + 3]!, object: f[i + 4]!, meta: f[i + 6]!, change: f[i + 7]! };
    h = chainHash(h, st);
    insertEvent.run(st.seq, st.tick, st.type, st.actor, st.object, Number(f[i + 5]), st.meta, st.change, h);
    s = rowSeq;
  }
  hash = h;
  seq = s;
}

function onTick(m: Extract<WriterMessage, { kind: 'tick' }>): void {
  if (!inTx) {
    begin.run();
    inTx = true;
  }
  if (m.tick.lastSeq !== seq) throw new Error(`tick ${m.tick.tick} ends at seq ${m.tick.lastSeq}, events end at ${seq}`);
  insertTick.run(m.tick.tick, m.tick.lastSeq, m.tick.events, m.tick.stateHash);
  if (m.meta) for (const k of Object.keys(m.meta).sort()) upsertMeta.run(k, m.meta[k]);
  commitTx.run();
  inTx = false;
}

port.on('message', (m: WriterMessage) => {
  if (m.kind === 'close') {
    if (db.open) db.close();
    Atomics.store(flags, 2, 1);
    Atomics.notify(flags, 2);
    return;
  }
  if (failed) return;
  try {
    if (m.kind === 'rows') {
      onRows(m.count, m.data);
      return;
    }
    onTick(m);
    port.postMessage({ ok: true, hash, seq } satisfies WriterReply);
  } catch (err) {
    failed = true;
    if (inTx) rollback.run();
    Atomics.store(flags, 1, 1);
    port.postMessage({ ok: false, error: (err as Error).message } satisfies WriterReply);
  }
  Atomics.add(flags, 0, 1);
  Atomics.notify(flags, 0);
  if (failed) db.close();
});
port.on('close', () => { if (db.open) db.close(); });
