// The SQLite event log (better-sqlite3): one writer, WAL, prepared statements, one transaction per
// tick (a tick commits whole or not at all), a gap-free seq, a SHA-256 hash chain over the
// events and a state hash per tick.
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { hash as oneShotHash } from 'node:crypto';
import type { LogEvent } from '../state/events.js';
import { fromStored, toStored, type Change, type StoredEvent } from '../state/events.js';
import { fnv32a } from '../state/hash.js';
import { upcast } from './upcast.js';
import { migrate, SchemaTooNewError } from './migrations.js';
import { ROWS_PER_CHUNK, ThreadWriter } from './writer.js';

/** Worker threads run compiled code only (a .ts source cannot be a worker here). */
const COMPILED = import.meta.url.endsWith('.js');

export class StoreError extends Error {}

export interface TickRow {
  tick: number;
  lastSeq: number;
  events: number;
  stateHash: string;
}

/** The chain's starting value: 64 zeros. */
export const GENESIS = '0'.repeat(64);

/**
 * hash_i = hex(SHA-256(hash_{i-1} || seq TAB tick TAB type TAB actor TAB object LF meta LF change)):
 * every stored column of the event is covered.
 */
export function chainHash(prev: string, s: StoredEvent): string {
  return oneShotHash('sha256', `${prev}${s.seq}\t${s.tick}\t${s.type}\t${s.actor}\t${s.object}\n${s.meta}\n${s.change}`, 'hex');
}

export interface OpenOptions {
  /** open read-only; the file must exist */
  readonly?: boolean;
}

export class EventStore {
  readonly db: Database.Database;
  readonly file: string;
  private lastHash: string = GENESIS;
  private seq = 0;
  private insertEvent!: Database.Statement;
  private insertTick!: Database.Statement;
  private upsertMeta!: Database.Statement;
  /** set while appends go to a writer thread */
  private writer: ThreadWriter | undefined;

  private constructor(file: string, db: Database.Database) {
    this.file = file;
    this.db = db;
  }

  static open(file: string, opts: OpenOptions = {}): EventStore {
    if (opts.readonly && !existsSync(file)) {
      throw new StoreError(`${file} does not exist: run \`kreplay run SCENARIO --db ${file}\` first`);
    }
    let db: Database.Database;
    try {
      db = new Database(file, { readonly: opts.readonly ?? false, fileMustExist: opts.readonly ?? false });
      db.pragma('user_version', { simple: true });
    } catch (err) {
      throw new StoreError(`${file} is not a kreplay database or is corrupted (${(err as Error).message}); delete it or use another --db`);
    }
    const store = new EventStore(file, db);
    try {
      if (opts.readonly) {
        const version = db.pragma('user_version', { simple: true }) as number;
        if (version === 0) throw new StoreError(`${file} is not a kreplay database (it has no kreplay schema); use another --db`);
        // reading needs no migration but must still refuse a newer schema
        migrateCheckOnly(db, file);
        // folds read the whole log: map it rather than copy every page through the page cache
        db.pragma('mmap_size = 4294967296');
        db.pragma('cache_size = -65536');
      } else {
        db.pragma('journal_mode = WAL');
        db.pragma('synchronous = NORMAL');
        migrate(db, file);
      }
      store.prepare();
      store.loadTail();
    } catch (err) {
      db.close();
      if (err instanceof StoreError || err instanceof SchemaTooNewError) throw new StoreError(err.message);
      throw new StoreError(`${file} is not a kreplay database or is corrupted (${(err as Error).message}); delete it or use another --db`);
    }
    return store;
  }

  private prepare(): void {
    if (this.db.readonly) return;
    this.insertEvent = this.db.prepare('INSERT INTO events (seq, tick, type, actor, object, oid, meta, change, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    this.insertTick = this.db.prepare('INSERT INTO ticks (tick, last_seq, events, state_hash) VALUES (?, ?, ?, ?)');
    this.upsertMeta = this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
  }

  private loadTail(): void {
    const row = this.db.prepare('SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
    if (row) {
      this.seq = row.seq;
      this.lastHash = row.hash;
    }
  }

  /**
   * Hand appends to a writer thread from now on (compiled code only; from TypeScript sources, or
   * when `enabled` is false, appends stay on this thread). Reads and metadata writes on this
   * store first wait for the writer to catch up.
   */
  useWriterThread(enabled = true): boolean {
    if (!enabled || !COMPILED || this.db.readonly || this.writer) return this.writer !== undefined;
    this.writer = new ThreadWriter({ file: this.file, hash: this.lastHash, seq: this.seq });
    return true;
  }

  /** Wait until every appended tick is committed. */
  flush(): void {
    if (!this.writer) return;
    const last = this.writer.flush();
    this.lastHash = last.hash;
  }

  close(): void {
    if (this.writer) {
      const w = this.writer;
      this.writer = undefined;
      try {
        const last = w.flush();
        this.lastHash = last.hash;
      } finally {
        w.close();
      }
    }
    if (this.db.open) this.db.close();
  }

  // ------------------------------------------------------------ meta

  getMeta(key: string): string | undefined {
    this.flush();
    const row = this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value;
  }

  setMeta(entries: Record<string, string>): void {
    this.flush();
    this.db.transaction(() => {
      for (const k of Object.keys(entries).sort()) this.upsertMeta.run(k, entries[k]);
    })();
  }

  /** meta entries whose key starts with `prefix` */
  metaWithPrefix(prefix: string): Record<string, string> {
    this.flush();
    const rows = this.db.prepare('SELECT key, value FROM meta WHERE key >= ? AND key < ? ORDER BY key').all(prefix, prefix + '\uffff') as { key: string; value: string }[];
    const out: Record<string, string> = {};
    for (const r of rows) out[r.key] = r.value;
    return out;
  }

  // ------------------------------------------------------------ append

  get lastSeq(): number {
    return this.seq;
  }

  /** The head of the hash chain: one value that covers every event of the log. */
  get logHash(): string {
    this.flush();
    return this.lastHash;
  }

  /** Commit one tick: its events, its row and any run metadata that goes with it, in one transaction. */
  appendTick(events: readonly LogEvent[], row: TickRow, meta?: Record<string, string>): void {
    if (this.writer) {
      // Serialise here (this thread holds the objects), in chunks the writer thread hashes and
      // inserts while the rest of the tick is still being serialised; the tick commits at endTick.
      let s = this.seq;
      let parts: string[] = [];
      let count = 0;
      for (const e of events) {
        if (e.seq !== s + 1) throw new StoreError(`event seq ${e.seq} does not follow ${s}`);
        if (e.tick !== row.tick) throw new StoreError(`event seq ${e.seq} belongs to tick ${e.tick}, not ${row.tick}`);
        const st = toStored(e);
        parts.push(String(st.seq), String(st.tick), st.type, st.actor, st.object, String(fnv32a(st.object)), st.meta, st.change);
        s = e.seq;
        if (++count === ROWS_PER_CHUNK) {
          this.writer.rows(count, parts.join('\0'));
          parts = [];
          count = 0;
        }
      }
      if (count > 0) this.writer.rows(count, parts.join('\0'));
      if (row.lastSeq !== s) throw new StoreError(`tick ${row.tick} ends at seq ${row.lastSeq}, events end at ${s}`);
      this.writer.endTick(row, meta);
      this.seq = s;
      return;
    }
    let seq = this.seq;
    let hash: string = this.lastHash;
    const write = this.db.transaction(() => {
      for (const e of events) {
        if (e.seq !== seq + 1) throw new StoreError(`event seq ${e.seq} does not follow ${seq}`);
        if (e.tick !== row.tick) throw new StoreError(`event seq ${e.seq} belongs to tick ${e.tick}, not ${row.tick}`);
        const st = toStored(e);
        hash = chainHash(hash, st);
        this.insertEvent.run(st.seq, st.tick, st.type, st.actor, st.object, fnv32a(st.object), st.meta, st.change, hash);
        seq = e.seq;
      }
      if (row.lastSeq !== seq) throw new StoreError(`tick ${row.tick} ends at seq ${row.lastSeq}, events end at ${seq}`);
      this.insertTick.run(row.tick, row.lastSeq, row.events, row.stateHash);
      if (meta) for (const k of Object.keys(meta).sort()) this.upsertMeta.run(k, meta[k]);
    });
    write();
    this.seq = seq;
    this.lastHash = hash;
  }

  // ------------------------------------------------------------ read

  lastTick(): TickRow | undefined {
    this.flush();
    const r = this.db.prepare('SELECT tick, last_seq AS lastSeq, events, state_hash AS stateHash FROM ticks ORDER BY tick DESC LIMIT 1').get() as TickRow | undefined;
    return r;
  }

  tickRow(tick: number): TickRow | undefined {
    this.flush();
    return this.db.prepare('SELECT tick, last_seq AS lastSeq, events, state_hash AS stateHash FROM ticks WHERE tick = ?').get(tick) as TickRow | undefined;
  }

  *ticks(): IterableIterator<TickRow> {
    this.flush();
    yield* this.db.prepare('SELECT tick, last_seq AS lastSeq, events, state_hash AS stateHash FROM ticks ORDER BY tick').iterate() as IterableIterator<TickRow>;
  }

  /** Events with fromSeq ≤ seq ≤ toSeq, in log order, read in pages (anchors §4.2: fewer native calls). */
  *events(fromSeq = 1, toSeq = Number.MAX_SAFE_INTEGER, pageSize = 10_000): IterableIterator<LogEvent> {
    this.flush();
    const page = this.db.prepare('SELECT seq, tick, type, actor, object, meta, change FROM events WHERE seq >= ? AND seq <= ? ORDER BY seq LIMIT ?').raw(true);
    let next = fromSeq;
    for (;;) {
      const rows = page.all(next, toSeq, pageSize) as [number, number, string, string, string, string, string][];
      for (const [seq, tick, type, actor, object, meta, change] of rows) yield upcast(fromStored({ seq, tick, type, actor, object, meta, change }));
      if (rows.length < pageSize) return;
      next = rows[rows.length - 1]![0] + 1;
    }
  }

  /** One event by seq, or undefined. */
  event(seq: number): LogEvent | undefined {
    for (const e of this.events(seq, seq, 1)) return e;
    return undefined;
  }

  /**
   * The events of one object (its key, `Kind/namespace/name`) with seq ≤ toSeq, in log order.
   * SQLite filters on the stored key column, so only this object's events are parsed.
   */
  *eventsOfObject(key: string, toSeq = Number.MAX_SAFE_INTEGER): IterableIterator<LogEvent> {
    this.flush();
    const rows = this.db.prepare('SELECT seq, tick, type, actor, object, meta, change FROM events WHERE object = ? AND oid = ? AND seq <= ? ORDER BY seq').raw(true)
      .iterate(key, fnv32a(key), toSeq) as IterableIterator<[number, number, string, string, string, string, string]>;
    for (const [seq, tick, type, actor, object, meta, change] of rows) yield upcast(fromStored({ seq, tick, type, actor, object, meta, change }));
  }

  /**
   * The changes of one partition (oid % parts === part) up to `toSeq`, in log order, parsing only
   * the `change` text: a fold of every partition is a fold of the log, split by object.
   */
  *partition(part: number, parts: number, toSeq = Number.MAX_SAFE_INTEGER, pageSize = 10_000): IterableIterator<{ seq: number; key: string; change: Change | null }> {
    const page = this.db.prepare('SELECT seq, object, change FROM events WHERE seq > ? AND seq <= ? AND oid % ? = ? ORDER BY seq LIMIT ?').raw(true);
    let after = 0;
    for (;;) {
      const rows = page.all(after, toSeq, parts, part, pageSize) as [number, string, string][];
      for (const [seq, key, change] of rows) yield { seq, key, change: JSON.parse(change) as Change | null };
      if (rows.length < pageSize) return;
      after = rows[rows.length - 1]![0];
    }
  }

  /** Raw rows for the chain check: the stored event and its stored hash. */
  *rawEvents(pageSize = 10_000): IterableIterator<StoredEvent & { hash: string }> {
    const page = this.db.prepare('SELECT seq, tick, type, actor, object, meta, change, hash FROM events WHERE seq > ? ORDER BY seq LIMIT ?').raw(true);
    let after = 0;
    for (;;) {
      const rows = page.all(after, pageSize) as [number, number, string, string, string, string, string, string][];
      for (const [seq, tick, type, actor, object, meta, change, hash] of rows) yield { seq, tick, type, actor, object, meta, change, hash };
      if (rows.length < pageSize) return;
      after = rows[rows.length - 1]![0];
    }
  }

  /**
   * Recompute the hash chain. Returns the first seq whose stored hash or position does not match,
   * or undefined when the chain is intact.
   */
  checkChain(): { seq: number; reason: string } | undefined {
    this.flush();
    let prev: string = GENESIS;
    let expected = 1;
    for (const row of this.rawEvents()) {
      if (row.seq !== expected) return { seq: expected, reason: `seq ${expected} is missing (next stored is ${row.seq})` };
      const h = chainHash(prev, row);
      if (h !== row.hash) return { seq: row.seq, reason: 'its content does not match the hash chain (the event was altered)' };
      let parsed: LogEvent;
      try {
        parsed = fromStored(row);
      } catch {
        return { seq: row.seq, reason: 'its data is not valid JSON' };
      }
      if (parsed.seq !== row.seq) return { seq: row.seq, reason: `its envelope says seq ${parsed.seq}` };
      prev = h;
      expected++;
    }
    return undefined;
  }

  eventCount(): number {
    this.flush();
    return (this.db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n;
  }
}

function migrateCheckOnly(db: Database.Database, file: string): void {
  // a read-only handle cannot migrate: refuse newer schemas, accept older ones only if equal
  const current = db.pragma('user_version', { simple: true }) as number;
  try {
    migrate(db, file, undefined);
  } catch (err) {
    if (err instanceof SchemaTooNewError) throw err;
    throw new StoreError(`${file} has schema version ${current}, older than this kreplay's; open it once for writing (kreplay run) to upgrade it`);
  }
}
