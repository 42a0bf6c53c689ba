// The simulated kubelet of every node: one controller runs each node's pod workers (pkg/kubelet
// kubelet.go syncLoop → podWorkers → SyncPod/SyncTerminatingPod) for pods bound to nodes that
// exist. Differs: one sync per pod per wake-up, woken exactly when a container transition, a probe
// effect or a readiness change is due (no PLEG, no periodic resync); status writes are immediate.
// Not modelled: activeDeadlineSeconds (DeadlineExceeded); in-place image updates restarting the
// container; the kubelet's own pod admission; node image lists (every image counts as present
// unless a pull fails); postStart hooks. Node-pressure eviction is its own controller.
import type { Node, Pod, SimConfig, SimConfigSpec } from '../../api/types.js';
import type { Controller, Ctx, WorkSet, WriteMeta } from '../../state/controller.js';
import { keyOf } from '../../state/events.js';
import { UsageModel } from '../../state/usage.js';
import type { KubeEventNote } from '../../state/events.js';
import { PodIPAllocator } from './ipam.js';
import { memoryLimit, type MemoryEnv } from './memory.js';
import { syncPod } from './lifecycle.js';
import type { SyncOutcome } from './outcome.js';
import { recordJson } from './record.js';
import { jsonEqual } from './status.js';

export { syncPod } from './lifecycle.js';
export type { KubeletRecord, ContainerRecord, KillRecord, Step } from './record.js';

const SOURCE = 'kubelet';
const DEFAULT_CLUSTER_CIDR = '10.244.0.0/16';

/**
 * The log entry of a sync is named after the weightiest thing that happened in it (first in
 * this list); the other facts are in its notes and data.
 */
const FACT_PRIORITY = [
  'PodTerminated', 'PodTerminationStarted', 'PodSandboxCreated', 'PodSucceeded', 'PodFailed', 'PodKillStarted', 'ContainerOOMKilled',
  'ContainerExited', 'ContainerStopped', 'ContainerLivenessProbeFailed', 'ContainerStartupProbeFailed', 'ContainerRestarted',
  'ContainerStarted', 'PodInitialized', 'ImagePullFailed', 'ImagePullBackedOff', 'ContainerCreated', 'ContainerStartupProbeSucceeded',
  'ContainerReady', 'ContainerUnready', 'ContainerProbeFailed',
];

function updateType(facts: readonly string[]): string {
  for (const f of FACT_PRIORITY) if (facts.includes(f)) return f;
  return 'PodStatusUpdated';
}

const podKey = (p: Pod): string => keyOf('Pod', p.metadata.namespace ?? '', p.metadata.name);

/**
 * The kubelet controller. Watches Pods (bindings, deletions), Nodes (a node that appears runs the
 * pods already bound to it) and the SimConfig (behaviours).
 *
 * @example
 *   const sim = new Sim({ controllers: [new Kubelet()], config: { behaviors: [{ match: { image: 'web:*' }, startupSeconds: 3 }] } });
 */
export class Kubelet implements Controller {
  readonly name = 'kubelet';
  readonly watches = ['Pod', 'Node', 'SimConfig'] as const;

  reconcile(ctx: Ctx, work: WorkSet): void {
    const keys = this.keysToSync(ctx, work);
    if (keys.length === 0) return;
    let behaviors: SimConfig['spec']['behaviors'] = [];
    let clusterCidr = DEFAULT_CLUSTER_CIDR;
    let config: SimConfigSpec | undefined;
    if (ctx.view.count('SimConfig') > 0) {
      config = ctx.view.config();
      behaviors = config.behaviors ?? [];
      clusterCidr = config.settings?.podCIDR ?? DEFAULT_CLUSTER_CIDR;
    }
    const ipam = new PodIPAllocator(ctx.view, clusterCidr);
    const models = new Map<number, UsageModel>();
    const memory: MemoryEnv = {
      config: config && { ...config, usage: config.usage ?? [] },
      clock: ctx.clock,
      usageAt: (t) => {
        let m = models.get(t);
        if (!m) models.set(t, (m = new UsageModel(ctx.view, t, ctx.clock)));
        return m;
      },
    };
    for (const key of keys) {
      const pod = ctx.view.getByKey(key) as Pod | undefined;
      const nodeName = pod?.spec.nodeName;
      if (!pod || !nodeName) continue;
      const node = ctx.view.get('Node', '', nodeName);
      if (!node) continue; // no kubelet runs for a node that does not exist
      if (kubeletStopped(node)) continue; // a stopped kubelet neither reports nor restarts anything
      const outcome = syncPod(pod, { now: ctx.tick, clock: ctx.clock, rng: ctx.rng, behaviors, node, ipam, memory });
      if (outcome) this.write(ctx, pod, node, outcome);
    }
  }

  /** Pod keys to sync, sorted (canonical order: a full resync emits what targeted runs would). */
  private keysToSync(ctx: Ctx, work: WorkSet): string[] {
    const keys = new Set<string>();
    let all = work.all;
    let usage = false;
    for (const item of work.items) {
      if (item.deleted) continue;
      if (item.kind === 'Pod') keys.add(item.key);
      else if (item.kind === 'Node') {
        // Only a node that appears matters (its kubelet starts and runs the pods already bound to
        // it); status updates and heartbeats of 5,000 nodes must not resync 150,000 pods.
        // A kubelet that is started again catches up with its pods likewise.
        const started = !item.prev || (kubeletStopped(item.prev as Node) && !kubeletStopped(item.obj as Node));
        if (started) for (const p of ctx.view.podsOnNode((item.obj as Node).metadata.name)) keys.add(podKey(p));
      } else if (item.kind === 'SimConfig') {
        // Behaviours changed: every pod's timing may have. Usage rules changed: pods with a memory
        // limit may now be OOM-killed (one walk over the pods; usage steps are rare).
        const prev = (item.prev as SimConfig | undefined)?.spec;
        const next = (item.obj as SimConfig).spec;
        if (!prev || !jsonEqual(prev.behaviors, next.behaviors)) all = true;
        else if (!jsonEqual(prev.usage, next.usage)) usage = true;
      }
    }
    if (all || usage) {
      for (const p of ctx.view.list('Pod')) if (p.spec.nodeName && (all || hasMemoryLimit(p))) keys.add(podKey(p));
    }
    return [...keys].sort();
  }

  private write(ctx: Ctx, pod: Pod, node: Node, o: SyncOutcome): void {
    const base: Omit<WriteMeta, 'type'> = { cause: Number(pod.metadata.resourceVersion) };
    const noteOf = (n: SyncOutcome['notes'][number]): KubeEventNote => ({ ...n.note, source: SOURCE, host: node.metadata.name });
    const ops = statusOps(pod, o);
    const type = updateType(o.facts);
    // The update carries the note that matches its type (else the last one); the others are
    // recorded around it in the order they happened.
    let carried = -1;
    if (ops.length > 0 && o.notes.length > 0) {
      carried = o.notes.length - 1;
      for (let i = o.notes.length - 1; i >= 0; i--) if (o.notes[i]!.type === type) { carried = i; break; }
    }
    const record = (from: number, to: number): void => {
      for (let i = from; i < to; i++) ctx.record(pod, { ...base, type: o.notes[i]!.type, note: noteOf(o.notes[i]!) });
    };
    if (ops.length > 0) {
      record(0, Math.max(0, carried));
      const meta: WriteMeta = { ...base, type };
      if (Object.keys(o.data).length > 0) meta.data = o.data;
      if (carried >= 0) meta.note = noteOf(o.notes[carried]!);
      ctx.update(pod, (d) => applyOps(d as unknown as Record<string, unknown>, ops), meta);
      record(carried + 1, o.notes.length);
    } else {
      record(0, o.notes.length);
    }
    if (o.remove) {
      ctx.remove(ctx.view.getByKey(podKey(pod)) ?? pod, { ...base, type: 'PodDeleted' });
      return;
    }
    if (Number.isFinite(o.wakeAt)) ctx.requeueAfter(podKey(pod), Math.max(1, o.wakeAt - ctx.tick));
  }
}

/**
 * A scenario's `node: {name, ready: false}` stops the node's kubelet (fault injection):
 * node.sim.kubelet.running = false until `ready: true` starts it again. The node lifecycle
 * controller's reaction (NotReady, taints, eviction) is a separate controller.
 */
export function kubeletStopped(node: Node): boolean {
  const k = (node.sim as { kubelet?: { running?: boolean } } | undefined)?.kubelet;
  return k?.running === false;
}

/** One assignment (value) or deletion (no value) at a path of the pod. */
interface Op {
  path: (string | number)[];
  value?: unknown;
}

/**
 * The changes from the stored pod to the sync's status and record, field by field and element by
 * element for same-length lists, computed on the plain values (reading through immer drafts would
 * draft every object it touches): the event's patch is as small as the change, and a pod whose
 * sync changed nothing gets no event.
 */
function statusOps(pod: Pod, o: SyncOutcome): Op[] {
  const ops: Op[] = [];
  if (o.status === pod.status && (!o.record || recordJson(o.record) === pod.sim?.['kubelet'])) return ops;
  const cur = (pod.status ?? {}) as unknown as Record<string, unknown>;
  const next = o.status as unknown as Record<string, unknown>;
  if (!pod.status) ops.push({ path: ['status'], value: {} });
  for (const k of Object.keys(cur)) if (next[k] === undefined && cur[k] !== undefined) ops.push({ path: ['status', k] });
  for (const k of Object.keys(next)) {
    const v = next[k];
    const c = cur[k];
    if (v === undefined || jsonEqual(c, v)) continue;
    if (Array.isArray(v) && Array.isArray(c) && c.length === v.length) {
      for (let i = 0; i < v.length; i++) if (!jsonEqual(c[i], v[i])) ops.push({ path: ['status', k, i], value: v[i] });
    } else ops.push({ path: ['status', k], value: v });
  }
  const oldRecord = pod.sim?.['kubelet'];
  if (o.record && !jsonEqual(oldRecord, o.record)) ops.push({ path: ['sim', 'kubelet'], value: recordJson(o.record) });
  return ops;
}

function hasMemoryLimit(p: Pod): boolean {
  return [...(p.spec.initContainers ?? []), ...p.spec.containers].some((c) => Number.isFinite(memoryLimit(c)));
}

/**
 * Object.freeze, deep, stopping at frozen values (the unchanged parts of the stored pod). Values
 * handed to the draft frozen are taken as they are: immer neither walks nor freezes them again.
 */
function deepFreeze<T>(v: T): T {
  if (typeof v !== 'object' || v === null || Object.isFrozen(v)) return v;
  for (const k of Object.keys(v)) deepFreeze((v as Record<string, unknown>)[k]);
  return Object.freeze(v);
}

function applyOps(d: Record<string, unknown>, ops: readonly Op[]): void {
  for (const op of ops) {
    let target = d as Record<string | number, unknown>;
    for (let i = 0; i < op.path.length - 1; i++) {
      const k = op.path[i]!;
      if (target[k] === undefined) target[k] = {};
      target = target[k] as Record<string | number, unknown>;
    }
    const last = op.path[op.path.length - 1]!;
    if ('value' in op) target[last] = deepFreeze(op.value);
    else delete target[last];
  }
}
