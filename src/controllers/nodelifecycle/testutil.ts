// Builders for the node lifecycle, node status and taint eviction tests (not used by the
// controllers): node templates for the scenario runner's buildNode, the kubelet fault switch as
// the `node:` step writes it, the full controller list, and resume/resync checks. Controllers'
// helpers may not import the engine or the scenario: the tests hand those in (Sim, Engine).
import { defaultKubeletConfig } from '../../api/kubeletconfig.js';
import type { Json, KubeletConfig, Node, Pod, Taint } from '../../api/types.js';
import { Clock, DEFAULT_START } from '../../api/time.js';
import { ClusterState, type View } from '../../state/cluster.js';
import type { Controller, Ctx, WorkSet } from '../../state/controller.js';
import type { LogEvent } from '../../state/events.js';
import { defaultControllers } from '../index.js';
import { NodeStatusController } from '../nodestatus/index.js';
import { TaintEvictionController } from '../taint-eviction/index.js';
import { NodeLifecycleController } from './index.js';

export const clock = new Clock(DEFAULT_START);

export interface NodeOpts {
  zone?: string;
  labels?: Record<string, string>;
  taints?: Taint[];
  unschedulable?: boolean;
  /** tick the node registers (its condition times); default 0 */
  at?: number;
}

/** The template src/scenario/nodes.ts buildNode takes (4 CPUs, 8Gi, 110 pods, default kubelet). */
export function nodeTemplate(name: string, o: NodeOpts = {}): { name: string; cpu: string; memory: string; pods: number; ephemeralStorage: string; labels: Record<string, string>; taints: Taint[]; unschedulable: boolean; kubelet: KubeletConfig } {
  const labels = { ...(o.zone !== undefined ? { 'topology.kubernetes.io/zone': o.zone } : {}), ...(o.labels ?? {}) };
  return { name, cpu: '4', memory: '8Gi', pods: 110, ephemeralStorage: '100Gi', labels, taints: o.taints ?? [], unschedulable: o.unschedulable ?? false, kubelet: defaultKubeletConfig() };
}

/** What the tests need of the Sim harness (src/engine/testing.ts). */
export interface SimLike {
  readonly view: View;
  readonly now: number;
  readonly log: LogEvent[];
  when(fn: (ctx: Ctx) => void): unknown;
  tick(n?: number): LogEvent[];
}

/** What checkResume needs of an Engine (src/engine/engine.ts). */
export interface EngineLike {
  resumeAt(tick: number): void;
  runTick(tick: number, inputs?: (ctx: Ctx) => void): { events: LogEvent[] };
  replayInput(e: LogEvent): LogEvent;
}

/** What the scenario's `node: {name, ready, reportReady}` step writes (src/scenario/steps.ts). */
export function setKubelet(ctx: Ctx, name: string, o: { ready?: boolean; reportReady?: boolean }): void {
  const node = ctx.view.get('Node', '', name);
  if (!node) throw new Error(`node ${name} not found`);
  const type = o.ready === true ? 'NodeKubeletStarted' : o.ready === false ? 'NodeKubeletStopped' : o.reportReady ? 'NodeKubeletReportsReady' : 'NodeKubeletReportsNotReady';
  ctx.update(node, (d) => {
    const sim = (d.sim ?? {}) as Record<string, Json>;
    const kubelet = { ...((sim.kubelet as Record<string, Json> | undefined) ?? {}) };
    if (o.ready !== undefined && kubelet.running !== o.ready) {
      kubelet.running = o.ready;
      kubelet.since = ctx.tick;
    }
    if (o.reportReady !== undefined) kubelet.reportReady = o.reportReady;
    sim.kubelet = kubelet;
    d.sim = sim;
  }, { type });
}

export function stopKubelet(sim: SimLike, name: string): void {
  sim.when((ctx) => setKubelet(ctx, name, { ready: false }));
}

export function startKubelet(sim: SimLike, name: string): void {
  sim.when((ctx) => setKubelet(ctx, name, { ready: true }));
}

/** kubectl taint nodes NAME key=value:Effect (appended, timeAdded for NoExecute as kubectl's server does not) */
export function taintNode(sim: SimLike, name: string, taint: Taint): void {
  sim.when((ctx) => {
    const node = ctx.view.get('Node', '', name)!;
    ctx.update(node, (d) => { d.spec.taints = [...(d.spec.taints ?? []), taint]; }, { type: 'NodeTaintsChanged' });
  });
}

export function untaintNode(sim: SimLike, name: string, key: string): void {
  sim.when((ctx) => {
    const node = ctx.view.get('Node', '', name)!;
    ctx.update(node, (d) => {
      const rest = (d.spec.taints ?? []).filter((t) => t.key !== key);
      if (rest.length) d.spec.taints = rest;
      else delete d.spec.taints;
    }, { type: 'NodeTaintsChanged' });
  });
}

export const NODE_CONTROLLER_NAMES: ReadonlySet<string> = new Set(['kubelet-node-status', 'node-lifecycle-controller', 'taint-eviction-controller']);

/**
 * The default controllers with the node status, node lifecycle and taint eviction controllers:
 * appended while they are not registered in src/controllers/index.ts, as registered once they are.
 */
export function allControllers(): Controller[] {
  const d = defaultControllers();
  if (d.some((c) => NODE_CONTROLLER_NAMES.has(c.name))) return d;
  return [...d, new NodeStatusController(), new NodeLifecycleController(), new TaintEvictionController()];
}

export function node(sim: SimLike, name: string): Node {
  const n = sim.view.get('Node', '', name);
  if (!n) throw new Error(`node ${name} not found`);
  return n;
}

export function condition(n: Node, type: string): string | undefined {
  return n.status.conditions?.find((c) => c.type === type)?.status;
}

export function taintKeys(n: Node): string[] {
  return (n.spec.taints ?? []).map((t) => `${t.key}:${t.effect}`);
}

/** [tick, reason, object name] of the Kubernetes events (notes) with one of `reasons`. */
export function notes(events: readonly LogEvent[], ...reasons: string[]): [number, string, string][] {
  return events.filter((e) => e.note && (reasons.length === 0 || reasons.includes(e.note.reason))).map((e) => [e.tick, e.note!.reason, e.object.name]);
}

export const podsOn = (sim: SimLike, name: string): Pod[] => sim.view.podsOnNode(name);

const strip = (events: readonly LogEvent[]): string[] => events.map((e) => JSON.stringify(e));

/** Wraps a controller so that every call is a full resync and it is woken every tick. */
export class AlwaysResync implements Controller {
  readonly name: string;
  readonly watches: Controller['watches'];
  constructor(private readonly inner: Controller) {
    this.name = inner.name;
    this.watches = inner.watches;
  }
  reconcile(ctx: Ctx, work: WorkSet): void {
    this.inner.reconcile(ctx, { all: true, items: work.items });
    ctx.requeueAfter('SimConfig//simulation', 1);
  }
}

/**
 * Resume the recorded run at each tick in `at` (state folded from the log before it, timers
 * lost, every controller starting with a full resync) and check that the rest of the log is
 * reproduced exactly; throws naming the first differing event.
 */
export function checkResume(full: SimLike, controllers: () => Controller[], engineFor: (state: ClusterState, controllers: Controller[]) => EngineLike, at: readonly number[]): void {
  const last = full.now - 1;
  const own = new Set(controllers().map((c) => c.name));
  for (const resumeAt of at) {
    const state = new ClusterState();
    for (const e of full.log) if (e.tick < resumeAt) state.evolve(JSON.parse(JSON.stringify(e)) as LogEvent);
    const engine = engineFor(state, controllers());
    engine.resumeAt(resumeAt - 1);
    const inputs = full.log.filter((e) => !own.has(e.actor));
    const resumed: LogEvent[] = [];
    for (let t = resumeAt; t <= last; t++) {
      const due = inputs.filter((e) => e.tick === t);
      const r = engine.runTick(t, due.length ? () => { for (const e of due) engine.replayInput(e); } : undefined);
      resumed.push(...r.events);
    }
    const want = strip(full.log.filter((e) => e.tick >= resumeAt));
    const got = strip(resumed);
    const i = got.findIndex((g, k) => g !== want[k]);
    if (i >= 0 || got.length !== want.length) {
      const k = i >= 0 ? i : Math.min(got.length, want.length);
      throw new Error(`resumed at ${resumeAt}: event ${k} differs\n  want ${want[k] ?? '(none)'}\n  got  ${got[k] ?? '(none)'}`);
    }
  }
}
