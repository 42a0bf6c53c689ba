// The kubelet's eviction manager on every node whose kubelet runs (pkg/kubelet/eviction/
// eviction_manager.go v1.28: Start's loop every evictionMonitoringPeriod, synchronize, evictPod).
// Differs: syncs fall on the kubelet's start + k × period (upstream syncs again as soon as an
// evicted pod is cleaned up, waitForPodsCleanup ≤ 30 s, so sustained pressure can evict faster
// than one pod per period there); a pod evicted with a grace period blocks the node's loop until
// its containers stop; the node's pressure conditions are written at the sync (conditions.ts);
// what the manager remembers lives in node.sim['eviction-manager'] (record.ts).
import type { Node, Pod, SimConfigSpec } from '../../api/types.js';
import { parseQuantity, parseThresholdConfig, quantityValue } from '../../api/kubeletconfig.js';
import { isTerminal } from '../../api/podutil.js';
import type { Controller, Ctx, WorkSet } from '../../state/controller.js';
import { keyOf } from '../../state/events.js';
import type { KubeEventNote } from '../../state/events.js';
import { nodeStatusEventMessage, setPressureConditions } from './conditions.js';
import { containerStop, evictingStatus, isCriticalPod, podStopSeconds, runningContainers, stoppedStatus } from './evict.js';
import { localStorageViolation } from './localstorage.js';
import { evictionMessage, REASON_EVICTED } from './message.js';
import { rankDiskPressure, rankMemoryPressure, type PodStats } from './rank.js';
import type { EvictionRecord } from './record.js';
import { kubeletConfig, kubeletRunning, kubeletStartTick, podEvictionRecord, readRecord, RECORD_KEY, recordJson, sameRecord } from './record.js';
import { makeSignalObservations, type PressureCondition, type SignalObservations } from './signals.js';
import { Stats, type NodeMemo } from './stats.js';
import { synchronize, type Reclaim } from './sync.js';

export { synchronize } from './sync.js';
export { rankMemoryPressure, rankDiskPressure } from './rank.js';
export { thresholdsMet, makeSignalObservations } from './signals.js';
export { evictionMessage } from './message.js';
export type { EvictionRecord, PodEvictionRecord } from './record.js';

const SOURCE = 'kubelet';
const nodeKey = (name: string): string => keyOf('Node', '', name);
const podKey = (p: Pod): string => keyOf('Pod', p.metadata.namespace ?? '', p.metadata.name);

/** A capacity of the node in bytes (undefined: not reported). */
function capacityBytes(node: Node, resource: string): number | undefined {
  const q = node.status?.capacity?.[resource];
  if (q === undefined) return undefined;
  const p = parseQuantity(q);
  return 'error' in p ? undefined : quantityValue(p);
}

/**
 * The kubelet eviction manager of every node (actor 'kubelet-eviction-manager'; its Kubernetes
 * events come from source 'kubelet' on the node). Run it after the kubelet.
 *
 * @example
 *   const sim = new Sim({ controllers: defaultControllers(), config: { behaviors: [{ match: { image: 'hog:*' }, usage: [{ atSeconds: 0, memory: '3Gi' }] }] } });
 */
export class EvictionManager implements Controller {
  readonly name = 'kubelet-eviction-manager';
  readonly watches = ['Node'] as const;
  /** nodes synced in the current tick: a node write of ours (or anyone's) must not sync it twice */
  private tick = -1;
  private readonly synced = new Set<string>();
  /** per node, the last summary of its pods (a memo checked by identity: no behaviour depends on it) */
  private readonly memos = new Map<string, Partial<NodeMemo>>();

  reconcile(ctx: Ctx, work: WorkSet): void {
    if (ctx.tick !== this.tick) {
      this.tick = ctx.tick;
      this.synced.clear();
    }
    const nodes = new Set<string>();
    const pods = new Set<string>();
    if (work.all) for (const n of ctx.view.list('Node')) nodes.add(nodeKey(n.metadata.name));
    for (const item of work.items) {
      if (item.deleted) continue;
      if (item.kind === 'Node') nodes.add(item.key);
      else if (item.kind === 'Pod') pods.add(item.key);
    }
    if (nodes.size === 0 && pods.size === 0) return;
    const config = ctx.view.count('SimConfig') > 0 ? ctx.view.config() : undefined;
    const stats = new Stats(ctx.view, ctx.tick, ctx.clock);
    for (const key of [...pods].sort()) {
      const pod = ctx.view.getByKey(key) as Pod | undefined;
      if (pod) this.finishStop(ctx, pod, config);
    }
    for (const key of [...nodes].sort()) {
      const node = ctx.view.getByKey(key) as Node | undefined;
      if (node) this.wake(ctx, node, work.all, config, stats);
    }
  }

  /** Keep the node's loop going; sync when its period comes round. */
  private wake(ctx: Ctx, node: Node, resync: boolean, config: SimConfigSpec | undefined, stats: Stats): void {
    if (!kubeletRunning(node)) return; // a stopped kubelet runs no manager; starting it wakes us
    const key = nodeKey(node.metadata.name);
    const since = kubeletStartTick(node, ctx.clock);
    if (resync || ctx.tick === since) {
      // timers are not persisted, and a stopped kubelet reported nothing: re-arm (or finish) the
      // pods still stopping after an eviction with a grace period
      for (const p of ctx.view.podsOnNode(node.metadata.name)) {
        const r = podEvictionRecord(p);
        if (!r) continue;
        if (r.stopAt <= ctx.tick) this.finishStop(ctx, p, config);
        else ctx.requeueAfter(podKey(p), r.stopAt - ctx.tick);
      }
    }
    const kc = kubeletConfig(node);
    const period = Math.max(1, Math.floor(kc.evictionMonitoringPeriodSeconds ?? 10));
    const phase = (((ctx.tick - since) % period) + period) % period;
    ctx.requeueAfter(key, phase === 0 ? period : period - phase);
    if (phase !== 0 || this.synced.has(key)) return;
    this.synced.add(key);
    this.sync(ctx, node, since, stats, config);
  }

  /** managerImpl.synchronize for one node. */
  private sync(ctx: Ctx, node: Node, since: number, stats: Stats, config: SimConfigSpec | undefined): void {
    const kc = kubeletConfig(node);
    const parsed = parseThresholdConfig(kc);
    // the scenario loader refuses a configuration the kubelet would not start with
    const thresholds = 'error' in parsed ? [] : parsed;
    const pods = ctx.view.podsOnNode(node.metadata.name);
    let memo = this.memos.get(node.metadata.name);
    if (!memo) this.memos.set(node.metadata.name, (memo = {}));
    const summary = stats.node(pods, memo);
    // the manager is still blocked in killPod for a pod it evicted with a grace period
    if (summary.stopping.some((p) => (podEvictionRecord(p)?.stopAt ?? -1) > ctx.tick)) return;
    const observations: SignalObservations = thresholds.length === 0 ? {}
      : makeSignalObservations(capacityBytes(node, 'memory'), capacityBytes(node, 'ephemeral-storage'), summary);
    const record = readRecord(node, since);
    const outcome = synchronize({ thresholds, observations, record, since, now: ctx.tick, transitionPeriodSeconds: kc.evictionPressureTransitionPeriodSeconds ?? 300 });
    const current = this.writeNode(ctx, node, record, outcome.record, outcome.pressured, observations);
    if (this.localStorageEviction(ctx, current, summary.limited.filter((p) => !isTerminal(p)), stats)) return;
    if (outcome.reclaim) this.reclaim(ctx, current, pods.filter((p) => !isTerminal(p)), stats, outcome.reclaim, observations, config);
  }

  /** The manager's state and the node's pressure conditions, in one node update when either changed. */
  private writeNode(ctx: Ctx, node: Node, old: EvictionRecord | undefined, next: EvictionRecord | undefined, pressured: PressureCondition[], obs: SignalObservations): Node {
    const now = ctx.now();
    const { conditions, changes } = setPressureConditions(node.status?.conditions, pressured, now);
    const stored = (node.sim as Record<string, unknown> | undefined)?.[RECORD_KEY];
    const recordChanged = !sameRecord(old, next) || (next === undefined && stored !== undefined);
    if (!recordChanged && changes.length === 0) return node;
    const notes: KubeEventNote[] = changes.map((c) => ({ type: 'Normal', reason: c.event, message: nodeStatusEventMessage(node.metadata.name, c.event), source: SOURCE, host: node.metadata.name }));
    const rising = changes.find((c) => c.status === 'True');
    const type = rising ? 'NodePressureReported' : changes.length > 0 ? 'NodePressureCleared' : 'EvictionSignalsObserved';
    const data: Record<string, number> = {};
    for (const s of ['memory.available', 'nodefs.available'] as const) if (obs[s]) data[s] = obs[s].available;
    const cause = Number(node.metadata.resourceVersion);
    const updated = ctx.update(node, (d) => {
      if (changes.length > 0) {
        if (!d.status) d.status = {};
        d.status.conditions = conditions;
      }
      if (next) {
        if (!d.sim) d.sim = {};
        d.sim[RECORD_KEY] = recordJson(next);
      } else if (d.sim) delete d.sim[RECORD_KEY];
    }, { type, cause, data: { ...data, ...(changes.length ? { conditions: Object.fromEntries(changes.map((c) => [c.type, c.status])) } : {}) }, ...(notes[0] ? { note: notes[0] } : {}) });
    for (const n of notes.slice(1)) ctx.record(updated, { type, cause, note: n });
    return updated;
  }

  /** localStorageEviction: every pod over an ephemeral-storage limit is evicted, grace 0. */
  private localStorageEviction(ctx: Ctx, node: Node, active: Pod[], stats: Stats): boolean {
    const usage = { pod: (p: Pod) => stats.pod(p)?.ephemeralBytes, container: (p: Pod, n: string) => stats.container(p, n)?.ephemeralBytes };
    const over: [Pod, string][] = [];
    for (const pod of active) {
      const message = localStorageViolation(pod, usage);
      if (message !== undefined && !isCriticalPod(pod)) over.push([pod, message]);
    }
    over.sort(([a], [b]) => (podKey(a) < podKey(b) ? -1 : 1));
    for (const [pod, message] of over) this.evict(ctx, node, pod, message, false, 0, { reason: 'ephemeral-storage-limit' }, undefined);
    return over.length > 0;
  }

  /** The second half of synchronize: record the attempt, rank the pods, evict the first that can go. */
  private reclaim(ctx: Ctx, node: Node, active: Pod[], stats: Stats, r: Reclaim, obs: SignalObservations, config: SimConfigSpec | undefined): void {
    const host = node.metadata.name;
    ctx.record(node, {
      type: 'EvictionThresholdMet',
      cause: Number(node.metadata.resourceVersion),
      data: { signal: r.threshold.signal, resource: r.resource },
      note: { type: 'Warning', reason: 'EvictionThresholdMet', message: `Attempting to reclaim ${r.resource}`, source: SOURCE, host },
    });
    // node-level reclaim (image and container GC for disk) frees nothing here: no dead containers
    // or unused images are simulated
    if (r.resource !== 'memory' && r.resource !== 'ephemeral-storage') return; // no rank function
    if (active.length === 0) return;
    const podStats = (p: Pod): PodStats | undefined => stats.pod(p);
    const ranked = r.resource === 'memory' ? rankMemoryPressure([...active], podStats) : rankDiskPressure([...active], podStats);
    // Hard threshold: no grace; soft: the pod's own, at most evictionMaxPodGracePeriod (negative
    // counts as 0). This is the intended rule (and v1.31's, kubernetes#124063); in v1.28 the pod
    // workers turn an override of 0 into the pod's own grace period (kubernetes#115819).
    const maxGrace = kubeletConfig(node).evictionMaxPodGracePeriodSeconds ?? 0;
    const grace = (p: Pod): number =>
      r.threshold.gracePeriodSeconds === 0 ? 0 : Math.max(0, Math.min(p.spec.terminationGracePeriodSeconds ?? 30, maxGrace));
    const containerUsage = (p: Pod, name: string): number | undefined => {
      const u = stats.container(p, name);
      return u === undefined ? undefined : r.resource === 'memory' ? u.memoryBytes : u.ephemeralBytes;
    };
    // we kill at most a single pod during each eviction interval; critical pods are not evicted
    for (const pod of ranked) {
      if (isCriticalPod(pod)) continue;
      const message = evictionMessage(r.resource, pod, r.thresholds, obs, stats.pod(pod) ? containerUsage : undefined);
      this.evict(ctx, node, pod, message, true, grace(pod), { signal: r.threshold.signal }, config);
      return;
    }
  }

  /**
   * evictPod: the Warning Evicted event and the pod's status in one update. With a grace period and
   * a container that takes time to stop, the containers are marked stopped in a second update
   * when the last one ends (finishStop).
   */
  private evict(ctx: Ctx, node: Node, pod: Pod, message: string, condition: boolean, graceSeconds: number, data: Record<string, string>, config: SimConfigSpec | undefined): void {
    const behaviors = config?.behaviors ?? [];
    const stopAfter = podStopSeconds(behaviors, pod, graceSeconds);
    const now = ctx.now();
    const evicting = evictingStatus(pod, message, condition, now);
    const note: KubeEventNote = { type: 'Warning', reason: REASON_EVICTED, message, source: SOURCE, host: node.metadata.name };
    const meta = { type: 'PodEvicted', cause: Number(node.metadata.resourceVersion), data: { ...data, node: node.metadata.name, graceSeconds }, note };
    const killing = runningContainers(pod);
    let stored: Pod;
    if (stopAfter === 0) {
      const status = stoppedStatus(pod, evicting, (c) => containerStop(behaviors, pod, c, graceSeconds), ctx.tick, ctx.clock);
      stored = ctx.update(pod, (d) => setStatus(d as unknown as Pod, status), meta);
    } else {
      const rec = { evictedAt: ctx.tick, stopAt: ctx.tick + stopAfter, graceSeconds };
      stored = ctx.update(pod, (d) => {
        setStatus(d as unknown as Pod, evicting);
        if (!d.sim) d.sim = {};
        d.sim[RECORD_KEY] = recordJson(rec);
      }, meta);
      ctx.requeueAfter(podKey(pod), stopAfter);
    }
    // killPod → killContainer records "Killing" for each container it stops, after the Evicted event
    for (const c of killing) {
      ctx.record(stored, { type: 'ContainerStopRequested', cause: meta.cause, note: { type: 'Normal', reason: 'Killing', message: `Stopping container ${c.name}`, source: SOURCE, host: node.metadata.name } });
    }
  }

  /** The containers of a pod evicted with a grace period have stopped: the kubelet's final status. */
  private finishStop(ctx: Ctx, pod: Pod, config: SimConfigSpec | undefined): void {
    const r = podEvictionRecord(pod);
    if (!r || r.stopAt > ctx.tick) return;
    // a stopped kubelet reports nothing; when it starts again, wake() finishes the pod
    const node = pod.spec.nodeName ? ctx.view.get('Node', '', pod.spec.nodeName) : undefined;
    if (!node || !kubeletRunning(node)) return;
    const behaviors = config?.behaviors ?? [];
    const status = stoppedStatus(pod, pod.status, (c) => containerStop(behaviors, pod, c, r.graceSeconds), r.evictedAt, ctx.clock);
    ctx.update(pod, (d) => {
      setStatus(d as unknown as Pod, status);
      if (d.sim) delete d.sim[RECORD_KEY];
      if (d.sim && Object.keys(d.sim).length === 0) delete d.sim;
    }, { type: 'EvictedPodStopped', cause: Number(pod.metadata.resourceVersion), data: { graceSeconds: r.graceSeconds } });
  }
}

/** Write the fields of the status that differ, so the event's patch is as small as the change. */
function setStatus(d: Pod, status: Pod['status']): void {
  if (!d.status) d.status = {};
  const target = d.status as unknown as Record<string, unknown>;
  const src = status as unknown as Record<string, unknown>;
  for (const k of Object.keys(target)) if (src[k] === undefined) delete target[k];
  for (const k of Object.keys(src)) if (target[k] !== src[k]) target[k] = src[k];
}
