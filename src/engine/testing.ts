// A given/when/then harness over the real engine, for controller tests and for users' own
// tests. Given objects (written as the scenario at the next tick), when ticks run, then these
// events were emitted. No database: events stay in memory.
//
// @example
//   const sim = new Sim({ controllers: [new ReplicaSetController()] });
//   sim.given(replicaSet('web', 3));
//   const events = sim.tick();            // tick 0
//   expect(events.filter(e => e.type === 'PodCreated')).toHaveLength(3);
import type { KObject, Namespace, SimConfig, SimConfigSpec } from '../api/types.js';
import { Clock, DEFAULT_START } from '../api/time.js';
import type { View } from '../state/cluster.js';
import type { Controller, Ctx } from '../state/controller.js';
import type { LogEvent } from '../state/events.js';
import { Engine, type TickResult } from './engine.js';

export interface SimOptions {
  controllers: readonly Controller[];
  seed?: number;
  start?: string;
  config?: Partial<SimConfigSpec>;
  /** namespaces created at tick 0 (default: ['default']) */
  namespaces?: string[];
}

export function defaultSimConfig(seed: number, start: string, over: Partial<SimConfigSpec> = {}): SimConfigSpec {
  return {
    scenario: 'test',
    seed,
    start,
    behaviors: [],
    settings: { podCIDR: '10.244.0.0/16', percentageOfNodesToScore: 0 },
    usage: [],
    ...over,
  };
}

export function simConfigObject(spec: SimConfigSpec): SimConfig {
  return { apiVersion: 'kreplay.io/v1', kind: 'SimConfig', metadata: { name: 'simulation' }, spec };
}

export function namespaceObject(name: string): Namespace {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'kubernetes.io/metadata.name': name } }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } };
}

export class Sim {
  readonly engine: Engine;
  readonly log: LogEvent[] = [];
  readonly hashes: string[] = [];
  private pending: ((ctx: Ctx) => void)[] = [];
  private nextTick = 0;

  constructor(opts: SimOptions) {
    const seed = opts.seed ?? 1;
    const start = opts.start ?? DEFAULT_START;
    this.engine = new Engine({ seed, clock: new Clock(start), controllers: opts.controllers });
    const config = defaultSimConfig(seed, start, opts.config);
    const namespaces = opts.namespaces ?? ['default'];
    this.pending.push((ctx) => {
      ctx.create(simConfigObject(config), { type: 'SimulationConfigured' });
      for (const ns of namespaces) ctx.create(namespaceObject(ns), { type: 'NamespaceCreated' });
    });
  }

  get view(): View {
    return this.engine.state;
  }

  /** the tick the next call to tick() will run */
  get now(): number {
    return this.nextTick;
  }

  /** Objects to create (as the scenario) at the start of the next tick. */
  given(...objects: KObject[]): this {
    this.pending.push((ctx) => {
      for (const o of objects) ctx.create(o, { type: `${o.kind}Created` });
    });
    return this;
  }

  /** Any input to write at the start of the next tick (as 'user'). */
  when(fn: (ctx: Ctx) => void): this {
    this.pending.push(fn);
    return this;
  }

  /** Run `n` ticks; returns the events they appended. */
  tick(n = 1): LogEvent[] {
    const out: LogEvent[] = [];
    for (let i = 0; i < n; i++) for (const e of this.step().events) out.push(e);
    return out;
  }

  /** Run ticks until (and including) `tick`. */
  until(tick: number): LogEvent[] {
    return this.tick(Math.max(0, tick - this.nextTick + 1));
  }

  step(): TickResult {
    const inputs = this.pending;
    this.pending = [];
    const r = this.engine.runTick(this.nextTick++, inputs.length ? (ctx) => { for (const f of inputs) f(ctx); } : undefined);
    for (const e of r.events) this.log.push(e);
    this.hashes.push(r.stateHash);
    return r;
  }
}
