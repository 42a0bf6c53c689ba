// The summary API as the eviction manager reads it (pkg/kubelet/server/stats): per pod, the
// working set and ephemeral usage of its running containers, here from the simulated usage
// (src/state/usage.ts). A pod has stats once the kubelet created its sandbox (status.startTime).
// Differs: figures are exact and fresh at every sync (no cAdvisor housekeeping interval).
import type { Clock } from '../../api/time.js';
import type { Pod, SimConfigSpec } from '../../api/types.js';
import type { View } from '../../state/cluster.js';
import { UsageModel, type Usage } from '../../state/usage.js';
import { RECORD_KEY } from './record.js';

const ZERO: Usage = Object.freeze({ cpuMillis: 0, memoryBytes: 0, ephemeralBytes: 0 });

interface Cached {
  usage: Usage;
  config: SimConfigSpec;
  clock: Clock;
  /** the usage holds for ticks in [from, until) */
  from: number;
  until: number;
}

/**
 * A pod's usage is a pure function of the pod object, the SimConfig and the tick, and it stays
 * constant until a behaviour series steps, a timeline rule starts, or the pod object changes (a
 * container starts or stops). Memoised per pod object over that interval, so a sync of a quiet
 * node costs a lookup per pod. Not for runs with memory `load:` rules (a share depends on every
 * pod); with cpu-only loads the memoised cpu may be stale, which the eviction manager never reads.
 */
const cache = new WeakMap<Pod, Cached>();

/** Whether any container of the run can use anything (else every node's usage is zero). */
const usageSources = new WeakMap<SimConfigSpec, boolean>();
function hasUsageSources(cfg: SimConfigSpec): boolean {
  let v = usageSources.get(cfg);
  if (v === undefined) {
    v = (cfg.usage?.length ?? 0) > 0 || (cfg.behaviors ?? []).some((b) => (b.usage?.length ?? 0) > 0);
    usageSources.set(cfg, v);
  }
  return v;
}

const running = (p: Pod): boolean => (p.status?.containerStatuses ?? []).some((s) => s.state?.running !== undefined);
const runningInit = (p: Pod): boolean => (p.status?.initContainerStatuses ?? []).some((s) => s.state?.running !== undefined);

/** What a sync needs of all the node's pods at once. */
export interface NodeSummary {
  /** Σ working set and Σ ephemeral usage of the pods with stats */
  memoryBytes: number;
  ephemeralBytes: number;
  /** pods carrying this manager's record (evicted with a grace period, still stopping) */
  stopping: Pod[];
  /** pods with an ephemeral-storage limit (localStorageEviction checks them) */
  limited: Pod[];
}

/**
 * A node's summary, memoised while its pods are the same objects and their usage holds: a sync of
 * a quiet node then costs one identity comparison per pod. Deterministic — a miss recomputes the
 * same value.
 */
export interface NodeMemo {
  pods: Pod[];
  config: SimConfigSpec | undefined;
  clock: Clock;
  from: number;
  until: number;
  summary: NodeSummary;
}

const hasEphemeralLimit = (p: Pod): boolean =>
  p.spec.containers.some((c) => c.resources?.limits?.['ephemeral-storage'] !== undefined)
  || (p.spec.initContainers ?? []).some((c) => c.resources?.limits?.['ephemeral-storage'] !== undefined);

/** One controller run's stats (the SimConfig and the tick are fixed within it). */
export class Stats {
  private readonly model: UsageModel | undefined;
  private readonly config: SimConfigSpec | undefined;
  private readonly memoisable: boolean;

  constructor(view: View, private readonly now: number, private readonly clock: Clock) {
    this.config = view.count('SimConfig') > 0 ? view.config() : undefined;
    this.model = this.config && hasUsageSources(this.config) ? new UsageModel(view, now, clock) : undefined;
    // a load: rule's share depends on every pod; a cpu-only load cannot change the memory and
    // ephemeral figures the eviction manager reads (it never reads cpu), so those stay memoisable
    this.memoisable = !(this.config?.usage ?? []).some((r) => r.load !== undefined && (r.load.memory !== undefined || r.load.cpu === undefined));
  }

  /** The pod's stats: undefined before the kubelet created its sandbox. */
  pod(p: Pod): Usage | undefined {
    return this.podUntil(p)[0];
  }

  /** The pod's stats and the tick until which they hold (now + 1 when they cannot be memoised). */
  private podUntil(p: Pod): [Usage | undefined, number] {
    if (p.status?.startTime === undefined) return [undefined, Infinity];
    if (!this.model || !this.config || !(running(p) || runningInit(p))) return [ZERO, Infinity];
    const c = cache.get(p);
    if (c && c.config === this.config && c.clock === this.clock && this.now >= c.from && this.now < c.until) return [c.usage, c.until];
    const usage = this.model.pod(p);
    if (!this.memoisable || runningInit(p)) return [usage, this.now + 1];
    let until = Infinity;
    for (const s of p.status.containerStatuses ?? []) if (s.state?.running) until = Math.min(until, this.model.nextChange(p, s.name));
    for (const r of this.config.usage ?? []) if (r.sinceTick > this.now) until = Math.min(until, r.sinceTick);
    cache.set(p, { usage, config: this.config, clock: this.clock, from: this.now, until });
    return [usage, until];
  }

  /** The node's summary, from `memo` when it still holds (and `memo` refreshed otherwise). */
  node(pods: Pod[], memo: Partial<NodeMemo>): NodeSummary {
    const m = memo as NodeMemo;
    if (m.summary && m.config === this.config && m.clock === this.clock && this.now >= m.from && this.now < m.until
      && m.pods.length === pods.length && m.pods.every((p, i) => p === pods[i])) return m.summary;
    const summary: NodeSummary = { memoryBytes: 0, ephemeralBytes: 0, stopping: [], limited: [] };
    let until = Infinity;
    for (const p of pods) {
      const [u, pu] = this.podUntil(p);
      until = Math.min(until, pu);
      if (u) {
        summary.memoryBytes += u.memoryBytes;
        summary.ephemeralBytes += u.ephemeralBytes;
      }
      if (p.sim !== undefined && RECORD_KEY in p.sim) summary.stopping.push(p);
      if (hasEphemeralLimit(p)) summary.limited.push(p);
    }
    Object.assign(memo, { pods, config: this.config, clock: this.clock, from: this.now, until, summary });
    return summary;
  }

  /** One app container's usage: undefined when the pod has no stats or the container is not running. */
  container(p: Pod, name: string): Usage | undefined {
    if (!this.pod(p)) return undefined;
    if (!(p.status?.containerStatuses ?? []).find((s) => s.name === name)?.state?.running) return undefined;
    return this.model ? this.model.container(p, name) : ZERO;
  }
}
