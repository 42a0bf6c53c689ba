// A fold worker: folds one partition of the log and hands the result back (see fold.ts).
import { workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import v8 from 'node:v8';
import { foldPartition, type PartitionJob, type PartitionResult } from './fold.js';

v8.setFlagsFromString('--max-semi-space-size=64');
const { job, port, flags } = workerData as { job: PartitionJob; port: MessagePort; flags: Int32Array };
let result: PartitionResult;
try {
  result = foldPartition(job);
} catch (err) {
  result = { part: job.part, events: 0, error: (err as Error).message };
}
port.postMessage(result);
Atomics.store(flags, job.part, 1);
Atomics.notify(flags, job.part);
