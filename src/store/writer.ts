// Writing the log on its own thread. The simulation thread serialises each tick's events (it
// holds the objects) and hands the rows to a writer thread, which owns the database's only write
// connection and, per tick and in order, extends the hash chain and commits the rows, the tick row
// and any run metadata in one transaction. So a tick still commits whole or not at all, there is
// still one writer, and the second core does the hashing and SQLite work while the first
// simulates the next tick. `flush` waits (synchronously) until everything handed over is durable.
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { StoredEvent } from '../state/events.js';
import type { TickRow } from './eventlog.js';

/** seq, tick, type, actor, object, oid, meta, change */
export type Row = [number, number, string, string, string, number, string, string];

/**
 * Messages to the writer: chunks of a tick's rows, then the tick itself (which commits). Rows
 * travel as one string per chunk, fields separated by NUL: cloning one string is a copy, while
 * cloning thousands of arrays is slow; JSON text never contains a raw NUL (it escapes it), nor do
 * types, actors and object keys, so the encoding is unambiguous.
 */
export type WriterMessage =
  | { kind: 'rows'; count: number; data: string }
  | { kind: 'tick'; tick: TickRow; meta?: Record<string, string> }
  /** close the connection (checkpointing the WAL when it is the last) and acknowledge */
  | { kind: 'close' };

export const FIELDS_PER_ROW = 8;
/** Rows per chunk: small enough that the writer starts while the tick is still being serialised. */
export const ROWS_PER_CHUNK = 2048;

export interface WriterInit {
  file: string;
  /** chain head and seq the log ends at */
  hash: string;
  seq: number;
}

export type WriterReply = { ok: true; hash: string; seq: number } | { ok: false; error: string };

/** Batches in flight before the simulation thread waits for the writer (bounds memory). */
const MAX_BATCHES_IN_FLIGHT = 8;
const MAX_ROWS_IN_FLIGHT = 1_000_000;

export function toRow(s: StoredEvent, oid: number): Row {
  return [s.seq, s.tick, s.type, s.actor, s.object, oid, s.meta, s.change];
}

export class ThreadWriter {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  /** [0] batches committed, [1] 1 after a failure, [2] 1 once the connection is closed */
  private readonly flags = new Int32Array(new SharedArrayBuffer(12));
  private sent = 0;
  private inFlight: number[] = [];
  private last: { hash: string; seq: number };
  private failed: string | undefined;

  constructor(init: WriterInit) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.last = { hash: init.hash, seq: init.seq };
    this.worker = new Worker(new URL('./writer.worker.js', import.meta.url), { workerData: { init, port: port2, flags: this.flags }, transferList: [port2] });
  }

  /** Hand over a chunk of the current tick's rows (already encoded). */
  rows(count: number, data: string): void {
    this.check();
    this.port.postMessage({ kind: 'rows', count, data } satisfies WriterMessage);
    this.pendingRows += count;
  }

  private pendingRows = 0;

  /** Close the current tick: it commits with its row and metadata. Waits only when too much is in flight. */
  endTick(tick: TickRow, meta?: Record<string, string>): void {
    this.check();
    const msg: WriterMessage = { kind: 'tick', tick };
    if (meta && Object.keys(meta).length > 0) msg.meta = meta;
    this.port.postMessage(msg);
    this.sent++;
    this.inFlight.push(this.pendingRows);
    this.pendingRows = 0;
    let rows = this.inFlight.reduce((a, b) => a + b, 0);
    while (this.sent - Atomics.load(this.flags, 0) > MAX_BATCHES_IN_FLIGHT || rows > MAX_ROWS_IN_FLIGHT) {
      this.waitForOne();
      rows = this.inFlight.reduce((a, b) => a + b, 0);
    }
  }

  private waitForOne(): void {
    const committed = Atomics.load(this.flags, 0);
    Atomics.wait(this.flags, 0, committed, 1000);
    this.drain();
  }

  private drain(): void {
    const done = Atomics.load(this.flags, 0);
    while (this.sent - this.inFlight.length < done) this.inFlight.shift();
    for (let m = receiveMessageOnPort(this.port); m; m = receiveMessageOnPort(this.port)) {
      const reply = m.message as WriterReply;
      if (reply.ok) this.last = { hash: reply.hash, seq: reply.seq };
      else this.failed = reply.error;
    }
    this.check();
  }

  private check(): void {
    if (this.failed === undefined && Atomics.load(this.flags, 1) === 1) {
      for (let m = receiveMessageOnPort(this.port); m; m = receiveMessageOnPort(this.port)) {
        const reply = m.message as WriterReply;
        if (!reply.ok) this.failed = reply.error;
      }
      this.failed ??= 'the writer thread failed';
    }
    if (this.failed !== undefined) throw new Error(`writing the log failed: ${this.failed}`);
  }

  /** Wait until every tick handed over is committed; the chain head and last seq. */
  flush(): { hash: string; seq: number } {
    while (Atomics.load(this.flags, 0) < this.sent) this.waitForOne();
    this.drain();
    return this.last;
  }

  /**
   * Flush, then have the writer close its connection before the thread goes: a connection that
   * dies with its thread would leave committed pages in the -wal file instead of checkpointing
   * them into the database file.
   */
  close(): void {
    try {
      this.flush();
    } finally {
      this.port.postMessage({ kind: 'close' } satisfies WriterMessage);
      for (let waited = 0; Atomics.load(this.flags, 2) === 0 && waited < 60_000; waited += 100) Atomics.wait(this.flags, 2, 0, 100);
      this.port.close();
      void this.worker.terminate();
    }
  }
}
