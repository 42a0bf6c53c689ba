// The contract between the engine and the controllers. Controllers depend on this file, on
// api/ and on the read-only View; the engine implements Ctx. A controller is a deterministic
// function of (view, ctx.tick, ctx.rng, work): it reads the view, writes through ctx — every
// write becomes one event, visible at once to the rest of its run — and asks to be woken at a
// later tick with ctx.requeueAfter. It never keeps state of its own between runs: what it must
// remember goes into an object (a condition, a status field) so that a run resumed from the log
// behaves exactly like an uninterrupted one.
import type { Json, KObject, Kind } from '../api/types.js';
import type { Clock } from '../api/time.js';
import type { View } from './cluster.js';
import type { Draft } from './draft.js';
import type { KubeEventNote } from './events.js';

export interface Rng {
  /** uniform in [0, 1) */
  next(): number;
  /** uniform integer in [0, n) */
  int(n: number): number;
  /** `length` characters drawn from `alphabet` */
  string(length: number, alphabet: string): string;
}

export interface WriteMeta {
  /** past-tense event type: ReplicaSetScaled, PodBound … */
  type: string;
  /** seq of the event that caused this decision (defaults to none) */
  cause?: number;
  data?: { [key: string]: Json };
  note?: KubeEventNote;
}

export interface Ctx {
  /** who writes: the controller's name, 'user' or 'scenario' */
  readonly actor: string;
  /** the current tick = simulated second */
  readonly tick: number;
  readonly clock: Clock;
  readonly view: View;
  /** seeded from (scenario seed, actor, tick) */
  readonly rng: Rng;
  /** RFC 3339 timestamp of the current tick */
  now(): string;
  /** a fresh UUID (v4 layout) from the seeded stream */
  uid(): string;
  /**
   * Create an object. Fills metadata.uid, creationTimestamp, generation (kinds with one) and
   * resourceVersion; returns the stored value.
   */
  create<T extends KObject>(obj: T, meta: WriteMeta): T;
  /**
   * Change an object through an immer draft. Returns the stored value; when the recipe changes
   * nothing, no event is written and `obj` itself is returned.
   */
  update<T extends KObject>(obj: T, recipe: (d: Draft<T>) => void, meta: WriteMeta): T;
  /** Remove an object from the store (the end of a deletion). */
  remove(obj: KObject, meta: WriteMeta): void;
  /** Record an occurrence that changes no object (a Kubernetes Event, a failed attempt). */
  record(obj: KObject, meta: WriteMeta): void;
  /** Wake this controller for `key` after `seconds` (≥ 1; 0 = later in this tick). */
  requeueAfter(key: string, seconds: number): void;
}

/** One object that changed since the controller last ran (an informer notification). */
export interface WorkItem {
  key: string;
  kind: Kind;
  /** seq of the latest change (0 for a timer wake-up) */
  seq: number;
  /** the latest value, or the last value before deletion */
  obj: KObject;
  /** the value before the first change since the controller last ran, if it existed */
  prev?: KObject;
  deleted: boolean;
}

export interface WorkSet {
  /** reconcile everything: set at tick 0 and when a run resumes (timers are not persisted) */
  all: boolean;
  /** changed objects of the watched kinds, and timer wake-ups, in no particular order */
  items: WorkItem[];
}

export interface Controller {
  /** actor name in the log, e.g. 'deployment-controller' */
  readonly name: string;
  /** kinds whose changes wake this controller */
  readonly watches: readonly Kind[];
  /**
   * Reconcile. Must process its work in a canonical order (sorted keys), so that a full resync
   * and a targeted run emit the same events for the same state.
   */
  reconcile(ctx: Ctx, work: WorkSet): void;
}
