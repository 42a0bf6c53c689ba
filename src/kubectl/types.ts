// The contract between kubectl's verbs and their callers (scenario runner, CLI, library users).
// A verb runs in the input phase of a tick with a writer acting as 'user'; whatever it writes is
// admitted like a real API request (defaulting, validation), and a rejected request writes
// nothing. Verbs that keep running in kubectl (rollout status, drain) return a ClientProcess that
// the runner drives tick by tick.
import type { KObject } from '../api/types.js';
import type { Clock } from '../api/time.js';
import type { View } from '../state/cluster.js';
import type { Ctx } from '../state/controller.js';
import type { LogEvent } from '../state/events.js';

export interface KubectlEnv {
  /** the writer for this tick (actor 'user'); reads go through ctx.view */
  ctx: Ctx;
  /** folder that relative -f paths are resolved against */
  cwd: string;
  /** read a file (-f); throws when it does not exist */
  readFile(path: string): string;
  /** seq of the event that records the command, to use as `cause` of its writes */
  cause?: number;
  /** the log's events so far, in seq order (describe and get events derive Kubernetes Events from it) */
  log?: () => Iterable<LogEvent>;
  /**
   * Set when a run resumes a command that kept running (drain): the command started at
   * `startTick` and its effects so far are in the state — return the process without repeating
   * them, so that it continues exactly as the uninterrupted one would.
   */
  resume?: { startTick: number };
}

export interface ProcessUpdate {
  stdout?: string;
  stderr?: string;
  done: boolean;
  exitCode?: number;
}

export interface ClientProcess {
  /** in the input phase of each later tick; may write (drain's evictions) */
  act?(env: KubectlEnv): ProcessUpdate;
  /**
   * at the end of each tick from the command's own tick on, after the controllers settled;
   * read-only (rollout status). `events` are the tick's events in log order, so a watcher can
   * react to every version an object went through (kubectl prints once per watch event), not
   * only to the last one.
   */
  observe?(view: View, tick: number, clock: Clock, events: readonly LogEvent[]): ProcessUpdate;
}

export interface KubectlResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** set when the command keeps running (rollout status, drain) */
  process?: ClientProcess;
  /** true when the command cannot write (get, describe, rollout status/history …) */
  readOnly?: boolean;
}

/** A manifest handed to apply/create by a caller that already parsed it (scenario objects). */
export interface ManifestInput {
  object: KObject;
  /** file name for messages ("web.yaml") */
  file: string;
}
