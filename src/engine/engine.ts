// The tick loop: the only scheduler. Tick N is simulated second N. Within a tick:
//   1. inputs due at N are written (actor 'user' / 'scenario');
//   2. controllers run in their fixed order, pass after pass, each seeing everything written
//      before it, until a whole pass finds no work (bounded by MAX_PASSES_PER_TICK) — control-
//      plane reactions take milliseconds in a real cluster, so they settle within the second;
//      only container start-up, probes and grace periods take simulated seconds;
//   3. the tick's events are handed to the sink (the store commits them in one transaction)
//      together with the state hash.
// A controller is woken by changes to the kinds it watches (its dirty set, with the old and new
// value like an informer) and by its own timers. Timers are not persisted: a run that starts or
// resumes gives every controller a full resync at its first tick, and because controllers are
// level-triggered that gives the same events as the uninterrupted run (test/resume checks it).
import type { KObject, Kind } from '../api/types.js';
import { KINDS } from '../api/types.js';
import type { Clock } from '../api/time.js';
import { ClusterState } from '../state/cluster.js';
import type { Controller, Ctx, WorkItem, WorkSet, WriteMeta } from '../state/controller.js';
import type { Draft } from '../state/draft.js';
import { edit, freezeDeep } from '../state/draft.js';
import { EVENT_SCHEMA_VERSION, keyOfObject, refOf, type LogEvent, type PatchOp } from '../state/events.js';
import { applyPatchWithVersion } from '../state/patch.js';
import { randomSuffix, ulidsFor, uuid } from './ids.js';
import { LimitExceededError, MAX_EVENTS_PER_TICK, MAX_NAME_ATTEMPTS, MAX_PASSES_PER_TICK } from './limits.js';
import { rngFor, type Sfc32 } from './rng.js';

export interface EngineOptions {
  seed: number;
  clock: Clock;
  controllers: readonly Controller[];
  state?: ClusterState;
}

export interface TickResult {
  tick: number;
  events: LogEvent[];
  stateHash: string;
  passes: number;
}

/** Something that writes inputs at the start of a tick. */
export type InputFn = (ctx: Ctx) => void;

interface DirtyTable {
  all: boolean;
  items: Map<string, WorkItem>;
}

export class Engine {
  readonly state: ClusterState;
  readonly seed: number;
  readonly clock: Clock;
  readonly controllers: readonly Controller[];
  private readonly watchers = new Map<string, number[]>();
  private readonly dirty: DirtyTable[];
  /** tick → controller index → keys */
  private readonly timers = new Map<number, Map<number, Set<string>>>();
  private tickEvents: LogEvent[] = [];
  private currentTick = -1;
  private nextId: () => string = () => { throw new Error('no tick in progress'); };
  private readonly pendingNow: Set<string>[];
  /** one writer (and so one random stream) per actor per tick */
  private contexts = new Map<string, EngineCtx>();

  constructor(opts: EngineOptions) {
    this.seed = opts.seed;
    this.clock = opts.clock;
    this.controllers = opts.controllers;
    this.state = opts.state ?? new ClusterState();
    this.dirty = this.controllers.map(() => ({ all: true, items: new Map() }));
    this.pendingNow = this.controllers.map(() => new Set());
    this.controllers.forEach((c, i) => {
      for (const k of c.watches) {
        let w = this.watchers.get(k);
        if (!w) this.watchers.set(k, (w = []));
        w.push(i);
      }
    });
  }

  get tick(): number {
    return this.currentTick;
  }

  /** The events appended so far in the tick in progress (not yet committed). */
  pendingEvents(): readonly LogEvent[] {
    return this.tickEvents;
  }

  /**
   * Continue a run whose state was folded from the log up to `tick`: the next runTick is
   * tick + 1, and every controller starts with a full resync (timers are not persisted).
   */
  resumeAt(tick: number): void {
    if (this.currentTick !== -1) throw new Error('resumeAt: the engine has already run');
    this.currentTick = tick;
    for (const d of this.dirty) d.all = true;
  }

  /** Run one tick. `inputs` writes the user/scenario actions due at this tick. */
  runTick(tick: number, inputs?: InputFn, inputActor = 'user'): TickResult {
    if (tick <= this.currentTick) throw new Error(`tick ${tick} does not follow tick ${this.currentTick}`);
    this.currentTick = tick;
    this.tickEvents = [];
    this.contexts = new Map();
    this.nextId = ulidsFor(this.seed, tick, this.clock.epochMillis(tick));
    if (inputs) inputs(this.contextFor(inputActor, -1));
    this.fireTimers(tick);
    let passes = 0;
    for (;;) {
      let worked = false;
      for (let i = 0; i < this.controllers.length; i++) {
        const work = this.takeWork(i);
        if (!work) continue;
        worked = true;
        this.controllers[i]!.reconcile(this.contextFor(this.controllers[i]!.name, i), work);
      }
      if (!worked) break;
      passes++;
      if (passes >= MAX_PASSES_PER_TICK) {
        const busy = this.controllers.filter((_, i) => this.hasWork(i)).map((c) => c.name);
        throw new LimitExceededError(`controllers did not settle within ${MAX_PASSES_PER_TICK} passes (still busy: ${busy.join(', ')})`, this.seed, tick, this.state.lastSeq);
      }
    }
    const events = this.tickEvents;
    this.tickEvents = [];
    return { tick, events, stateHash: this.state.stateHash(), passes };
  }

  /** A writer for tools outside the tick loop's controllers (tests, the scenario runner). */
  contextFor(actor: string, controllerIndex: number): Ctx {
    let ctx = this.contexts.get(actor);
    if (!ctx) {
      ctx = new EngineCtx(this, actor, controllerIndex, rngFor(this.seed, actor, this.currentTick));
      this.contexts.set(actor, ctx);
    }
    return ctx;
  }

  // ------------------------------------------------------------ dirty sets and timers

  private hasWork(i: number): boolean {
    const d = this.dirty[i]!;
    return d.all || d.items.size > 0 || this.pendingNow[i]!.size > 0;
  }

  private takeWork(i: number): WorkSet | undefined {
    const d = this.dirty[i]!;
    const now = this.pendingNow[i]!;
    if (now.size > 0) {
      for (const key of now) this.wake(i, key);
      now.clear();
    }
    if (!d.all && d.items.size === 0) return undefined;
    const work: WorkSet = { all: d.all, items: [...d.items.values()] };
    d.all = false;
    d.items = new Map();
    return work;
  }

  private wake(i: number, key: string): void {
    const d = this.dirty[i]!;
    if (d.items.has(key)) return;
    const obj = this.state.getByKey(key);
    if (!obj) return;
    d.items.set(key, { key, kind: obj.kind as Kind, seq: 0, obj, prev: obj, deleted: false });
  }

  private fireTimers(tick: number): void {
    const due = this.timers.get(tick);
    if (!due) return;
    this.timers.delete(tick);
    for (const [i, keys] of due) for (const key of keys) this.wake(i, key);
  }

  requeue(controllerIndex: number, key: string, seconds: number): void {
    if (controllerIndex < 0) return;
    if (seconds <= 0) {
      this.pendingNow[controllerIndex]!.add(key);
      return;
    }
    const at = this.currentTick + Math.ceil(seconds);
    let byCtl = this.timers.get(at);
    if (!byCtl) this.timers.set(at, (byCtl = new Map()));
    let keys = byCtl.get(controllerIndex);
    if (!keys) byCtl.set(controllerIndex, (keys = new Set()));
    keys.add(key);
  }

  private notify(key: string, kind: string, seq: number, prev: KObject | undefined, obj: KObject, deleted: boolean): void {
    const ws = this.watchers.get(kind);
    if (!ws) return;
    for (const i of ws) {
      const items = this.dirty[i]!.items;
      const existing = items.get(key);
      if (existing) {
        existing.seq = seq;
        existing.obj = obj;
        existing.deleted = deleted;
      } else {
        const item: WorkItem = { key, kind: kind as Kind, seq, obj, deleted };
        if (prev) item.prev = prev;
        items.set(key, item);
      }
    }
  }

  // ------------------------------------------------------------ the write path

  /** Append one event: assign seq and id, fold it into the state, wake the watchers. */
  append(actor: string, meta: WriteMeta, obj: KObject, change: LogEvent['change'], next: KObject | null, prev: KObject | undefined): LogEvent {
    const seq = this.state.lastSeq + 1;
    // Keys in the envelope's canonical order (serializeEvent relies on it).
    const e = { v: EVENT_SCHEMA_VERSION, seq, id: this.nextId(), tick: this.currentTick, type: meta.type, actor } as LogEvent;
    if (meta.cause !== undefined) e.cause = meta.cause;
    e.object = refOf(obj);
    e.change = change;
    if (meta.data !== undefined) e.data = meta.data;
    if (meta.note !== undefined) e.note = meta.note;
    const key = keyOfObject(obj);
    this.state.install(e, key, next);
    this.tickEvents.push(e);
    if (this.tickEvents.length > MAX_EVENTS_PER_TICK) {
      throw new LimitExceededError(`more than ${MAX_EVENTS_PER_TICK} events in one tick`, this.seed, this.currentTick, seq);
    }
    if (change !== null) this.notify(key, obj.kind, seq, prev, next ?? prev ?? obj, next === null);
    return e;
  }

  /**
   * Re-append a recorded input event verbatim (verify, fork): same change, same meta, new seq
   * and id from this run's streams (which match the recording when the run is deterministic).
   */
  replayInput(recorded: LogEvent): LogEvent {
    const meta: WriteMeta = { type: recorded.type };
    if (recorded.cause !== undefined) meta.cause = recorded.cause;
    if (recorded.data !== undefined) meta.data = recorded.data;
    if (recorded.note !== undefined) meta.note = recorded.note;
    const c = recorded.change;
    const ref = recorded.object;
    const existing = this.state.get(ref.kind, ref.namespace, ref.name);
    const seq = this.state.lastSeq + 1;
    if (c === null) {
      const subject = existing ?? ({ apiVersion: KINDS[ref.kind]?.apiVersion ?? 'v1', kind: ref.kind, metadata: { name: ref.name, namespace: ref.namespace, ...(ref.uid ? { uid: ref.uid } : {}) } } as KObject);
      return this.append(recorded.actor, meta, subject, null, null, undefined);
    }
    switch (c.op) {
      case 'create': {
        const obj = freezeDeep({ ...c.object, metadata: { ...c.object.metadata, resourceVersion: String(seq) } });
        return this.append(recorded.actor, meta, obj, { op: 'create', object: obj }, obj, undefined);
      }
      case 'patch': {
        if (!existing) throw new Error(`replayed input seq ${recorded.seq} patches ${ref.kind}/${ref.name}, which does not exist`);
        const next = applyPatchWithVersion(existing, c.patch, String(seq));
        return this.append(recorded.actor, meta, existing, c, next, existing);
      }
      case 'delete': {
        if (!existing) throw new Error(`replayed input seq ${recorded.seq} deletes ${ref.kind}/${ref.name}, which does not exist`);
        return this.append(recorded.actor, meta, existing, c, null, existing);
      }
    }
  }
}


/** Paths under /spec change metadata.generation (the apiserver's PrepareForUpdate). */
function touchesSpec(patch: readonly PatchOp[]): boolean {
  for (const op of patch) if (op.path === '/spec' || op.path.startsWith('/spec/')) return true;
  return false;
}

class EngineCtx implements Ctx {
  constructor(
    private readonly engine: Engine,
    readonly actor: string,
    private readonly index: number,
    readonly rng: Sfc32,
  ) {}

  get tick(): number { return this.engine.tick; }
  get clock(): Clock { return this.engine.clock; }
  get view(): ClusterState { return this.engine.state; }

  now(): string {
    return this.engine.clock.at(this.engine.tick);
  }

  uid(): string {
    return uuid(this.rng);
  }

  create<T extends KObject>(obj: T, meta: WriteMeta): T {
    const info = KINDS[obj.kind as Kind];
    if (!info) throw new Error(`create: unknown kind ${obj.kind}`);
    const md = { ...obj.metadata };
    if (!md.name) {
      if (!md.generateName) throw new Error(`create ${obj.kind}: neither name nor generateName`);
      md.name = this.freeName(obj.kind as Kind, md.namespace ?? '', md.generateName);
    }
    if (info.namespaced && !md.namespace) throw new Error(`create ${obj.kind}/${md.name}: namespace missing`);
    if (!info.namespaced) delete md.namespace;
    if (this.engine.state.get(obj.kind as Kind, md.namespace ?? '', md.name)) {
      throw new Error(`create ${obj.kind}/${md.name}: already exists`);
    }
    md.uid = md.uid ?? this.uid();
    md.creationTimestamp = this.now();
    if (info.hasGeneration) md.generation = 1;
    md.resourceVersion = String(this.engine.state.lastSeq + 1);
    const stored = freezeDeep({ ...obj, metadata: md }) as T;
    this.engine.append(this.actor, meta, stored, { op: 'create', object: stored }, stored, undefined);
    return stored;
  }

  private freeName(kind: Kind, namespace: string, generateName: string): string {
    // names.SimpleNameGenerator: the base is cut so that base + 5 characters fit in 63
    const prefix = generateName.length > 58 ? generateName.slice(0, 58) : generateName;
    for (let i = 0; i < MAX_NAME_ATTEMPTS; i++) {
      const name = prefix + randomSuffix(this.rng);
      if (!this.engine.state.get(kind, namespace, name)) return name;
    }
    throw new Error(`could not find a free name for ${kind} ${generateName}* after ${MAX_NAME_ATTEMPTS} attempts`);
  }

  update<T extends KObject>(obj: T, recipe: (d: Draft<T>) => void, meta: WriteMeta): T {
    const current = this.engine.state.getByKey(keyOfObject(obj));
    if (!current) throw new Error(`update ${keyOfObject(obj)}: not found`);
    const { patch } = edit(current as T, recipe);
    if (patch.length === 0) return current as T;
    const info = KINDS[obj.kind as Kind];
    if (info?.hasGeneration && touchesSpec(patch)) {
      const generation = (current.metadata.generation ?? 0) + 1;
      patch.push({ op: current.metadata.generation === undefined ? 'add' : 'replace', path: '/metadata/generation', value: generation });
    }
    // The stored value is the patch applied to the current value — the very function a fold of
    // the log uses — so the live state and the folded state are identical, key order included.
    const stored = applyPatchWithVersion(current as T, patch, String(this.engine.state.lastSeq + 1));
    this.engine.append(this.actor, meta, current, { op: 'patch', patch }, stored, current);
    return stored;
  }

  remove(obj: KObject, meta: WriteMeta): void {
    const current = this.engine.state.getByKey(keyOfObject(obj));
    if (!current) throw new Error(`remove ${keyOfObject(obj)}: not found`);
    this.engine.append(this.actor, meta, current, { op: 'delete' }, null, current);
  }

  record(obj: KObject, meta: WriteMeta): void {
    this.engine.append(this.actor, meta, obj, null, null, undefined);
  }

  requeueAfter(key: string, seconds: number): void {
    this.engine.requeue(this.index, key, seconds);
  }
}
