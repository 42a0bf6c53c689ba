// Every bound the engine enforces, in one place (TIGER_STYLE: a limit on everything). Exceeding
// one is a bug or a runaway scenario; the engine stops with the seed, tick and seq so the run can
// be replayed.

/**
 * Controller passes within one tick before the engine declares the controllers are fighting.
 * A ReplicaSet creates at most 500 pods a sync (BurstReplicas), so one of 100,000 replicas
 * needs 200 passes; a genuine fight reaches 1,000 in well under a second.
 */
export const MAX_PASSES_PER_TICK = 1000;
/** Events one tick may append (150,000 pods created, bound and started in one tick fit). */
export const MAX_EVENTS_PER_TICK = 5_000_000;
/** Simulated seconds one run may last (30 days). */
export const MAX_TICKS_PER_RUN = 30 * 24 * 3600;
/** Attempts to draw a generateName suffix that is not taken. */
export const MAX_NAME_ATTEMPTS = 16;

export class LimitExceededError extends Error {
  constructor(message: string, readonly seed: number, readonly tick: number, readonly seq: number) {
    super(`${message} (seed ${seed}, tick ${tick}, seq ${seq}; re-run with the same seed to reproduce)`);
  }
}
