// Slow-start batching of pod creates: slowStartBatch from pkg/controller/replicaset/replica_set.go.
// Upstream runs each batch's calls in parallel goroutines; here they run one after another in the
// batch, and every call of a batch is still made when one fails (the goroutines are all started).

/** controller.SlowStartInitialBatchSize */
export const SLOW_START_INITIAL_BATCH_SIZE = 1;

/** A failed API call (the only kind the simulator produces is a create in a missing namespace). */
export class ApiError extends Error {}

export interface BatchResult {
  /** how many calls succeeded */
  successes: number;
  /** the first error of the failing batch, if any */
  error?: ApiError;
}

/**
 * Call `fn` up to `count` times in batches of initialBatchSize, 2·that, 4·that … (each capped at
 * what remains). After a batch with any failure, the remaining batches are skipped.
 * Worked numbers: count 10 → batches 1, 2, 4, 3; if calls 6 and 7 fail, the third batch (calls
 * 4–7) ends the run with 5 successes after 7 calls.
 */
export function slowStartBatch(count: number, initialBatchSize: number, fn: () => ApiError | undefined): BatchResult {
  let remaining = count;
  let successes = 0;
  for (let batchSize = Math.min(remaining, initialBatchSize); batchSize > 0; batchSize = Math.min(2 * batchSize, remaining)) {
    let firstError: ApiError | undefined;
    let failures = 0;
    for (let i = 0; i < batchSize; i++) {
      const err = fn();
      if (err) {
        failures++;
        firstError ??= err;
      }
    }
    successes += batchSize - failures;
    if (firstError) return { successes, error: firstError };
    remaining -= batchSize;
  }
  return { successes };
}
