// The controllers of a run and their fixed order within each pass of a tick (ARCHITECTURE.md).
// Upstream they run concurrently; here one pass runs them in this order, and passes repeat
// until none has work, so the order decides only how events interleave in the log.
import type { Controller } from '../state/controller.js';

export function defaultControllers(): Controller[] {
  return [];
}
