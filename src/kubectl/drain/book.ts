// kubectl drain's memory of one node's turn, kept in the node as hidden bookkeeping
// (node.sim['kubectl-drain']) so that a drain resumed from the log continues exactly.
// kreplay's own: upstream keeps this in the kubectl process (goroutines, a context deadline).
import type { View } from '../../state/cluster.js';

export const BOOK_KEY = 'kubectl-drain';

/** A pod whose goroutine ended with an error: when (tick, act or poll phase) and the message. */
export interface Failed { uid: string; at: number; act: boolean; message: string }
/** An error of a finished node (RunDrain's `fatal`): an aggregate of messages, or a plain error. */
export interface Fatal { messages: string[]; aggregate: boolean }

/**
 * kubectl's process memory for one node's turn, kept in the node (hidden `sim` bookkeeping) so
 * that a run resumed from the log continues the drain exactly: which pods the turn evicts, when
 * it started (retries at start + 5k, the deadline at start + timeout), the pods whose eviction
 * failed for good, and what earlier nodes reported. Everything else is read from the pods.
 */
export interface Book {
  command: number;
  start: number;
  cause?: number;
  pods: string[];
  failed: Failed[];
  /** GetPodsForDeletion's errors: the turn failed before evicting */
  errors?: string[];
  fatal: Fatal[];
  pending: string[];
}

/** The turn of node `node` for the drain command that started at `command` (a copy), if any. */
export function readBook(view: View, node: string, command: number): Book | undefined {
  const b = view.get('Node', '', node)?.sim?.[BOOK_KEY] as unknown as Book | undefined;
  // a copy: the process keeps its own (the state's objects are never mutated)
  return b && b.command === command ? (JSON.parse(JSON.stringify(b)) as Book) : undefined;
}
