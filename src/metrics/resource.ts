// metrics.k8s.io as metrics-server v0.6 serves it with --metric-resolution=15s, from the UsageModel.
// Follows sigs.k8s.io/metrics-server pkg/storage/pod.go, node.go (prev/last points, fresh containers)
// and pkg/storage/podmetrics/reststorage.go (Running pods only). Differs: scrapes fall on a fixed
// grid (every tick divisible by 15), and what happened between scrapes is read from the current view.
//
// The model, at tick `now`:
//   - metrics-server scraped every kubelet at S = the latest multiple of 15 ≤ now (the first
//     scrape at tick 0) and serves what that scrape gave: timestamp S.
//   - A pod has a sample when its phase is Running, its node's kubelet answered at S (a stopped
//     kubelet, `node: {ready: false}`, answers nothing) and every running container (init
//     sidecars included) is old enough: CPU is a cumulative counter, so a rate needs two points.
//     metrics-server keeps the previous scrape's point (a container running at S − 15 on a
//     kubelet that answered then: the window is 15 s), or, for a container that started within
//     the last resolution but at least 10 s before S (freshContainerMinMetricsResolution), a
//     synthetic point of zero usage at its start (the window is its age, 10–14 s). A container
//     younger than 10 s at S keeps the whole pod out of the answer (GetMetrics drops a pod when
//     any container lacks a previous point). Containers not running are not reported.
//   - CPU is the average of the container's usage over the window (ticks S − window + 1 … S, the
//     usage of tick t standing for the second before it), truncated to nanocores as
//     metrics-server does; memory is the working set at S.
//   - A pod's window is its first running container's (spec order; upstream takes whichever
//     container its map yields first).
//   - Nodes: a node has a sample when its kubelet answered at S and S − 15 (so not before tick
//     15): CPU the average over (S − 15, S] and memory at S of every container running on it.
//     The simulated node runs nothing besides its pods (no system daemons, no kernel).
// Approximations (the view is the state at `now`, not at S): a container that restarted after S
// has no sample until its new instance is 10 s old at a scrape; `load:` shares are divided among
// the pods ready now.
import type { Clock } from '../api/time.js';
import type { Container, Node, Pod } from '../api/types.js';
import type { View } from '../state/cluster.js';
import { behaviorOf, UsageModel } from '../state/usage.js';

/** --metric-resolution: seconds between scrapes */
export const METRIC_RESOLUTION = 15;
/** freshContainerMinMetricsResolution (pkg/storage/pod.go) */
export const FRESH_CONTAINER_MIN = 10;

export interface ContainerSample {
  name: string;
  /** average over the window, in nanocores (metrics-server's resolution) */
  cpuNanos: number;
  memoryBytes: number;
}

export interface ResourceSample {
  /** the scrape the sample is from */
  timestampTick: number;
  windowSeconds: number;
  containers: ContainerSample[];
}

export interface NodeSample {
  timestampTick: number;
  windowSeconds: number;
  cpuNanos: number;
  memoryBytes: number;
}

/** Quantity.MilliValue() of a CPU quantity of `nanos` nanocores (rounds up). */
export function nanosToMillis(nanos: number): number {
  return Math.ceil(nanos / 1e6);
}

/** The scrape whose results metrics-server serves at `tick`. */
export function lastScrape(tick: number): number {
  return tick - (((tick % METRIC_RESOLUTION) + METRIC_RESOLUTION) % METRIC_RESOLUTION);
}

interface KubeletRecord {
  running?: boolean;
  since?: number;
}

/**
 * What metrics-server scraped at the scrape before `now`. Build one per metrics request; it
 * caches the usage models of the ticks it averages over and the samples it computed.
 */
export class Scraper {
  /** the scrape served (timestamp of every sample) */
  readonly scrape: number;
  private readonly models = new Map<number, UsageModel>();
  private readonly base: UsageModel;
  private readonly pods = new WeakMap<Pod, ResourceSample | null>();

  constructor(private readonly view: View, readonly now: number, private readonly clock: Clock) {
    this.scrape = lastScrape(now);
    this.base = new UsageModel(view, this.scrape, clock);
    this.models.set(this.scrape, this.base);
  }

  private model(t: number): UsageModel {
    let m = this.models.get(t);
    if (!m) {
      m = this.base.at(t);
      this.models.set(t, m);
    }
    return m;
  }

  /** Did the node's kubelet answer a scrape at tick `t`? */
  reachable(node: Node, t: number): boolean {
    const created = node.metadata.creationTimestamp ? this.clock.tickOf(node.metadata.creationTimestamp) : 0;
    if (t < created) return false;
    const k = (node.sim as { kubelet?: KubeletRecord } | undefined)?.kubelet;
    if (!k || k.running === undefined) return true;
    const since = k.since ?? created;
    // a running kubelet answers from the tick it (re)started; a stopped one answered until it stopped
    return k.running ? t >= since : t < since;
  }

  /** The tick the container's running instance started, or undefined when it is not running. */
  private startOf(pod: Pod, name: string): number | undefined {
    const st = pod.status?.containerStatuses?.find((s) => s.name === name) ?? pod.status?.initContainerStatuses?.find((s) => s.name === name);
    const at = st?.state?.running?.startedAt;
    return at ? this.clock.tickOf(at) : undefined;
  }

  /**
   * The container's CPU summed over ticks (from, to] in millicore-seconds: the usage model is
   * evaluated once per stretch between changes (behaviour series steps, timeline rules).
   */
  private cpuMilliSeconds(pod: Pod, spec: Container, start: number, from: number, to: number, cpuAtTo: number): number {
    const config = this.view.count('SimConfig') > 0 ? this.view.config() : undefined;
    const cuts = new Set<number>(this.ruleCuts(config, from, to));
    for (const p of (config ? behaviorOf(config.behaviors, pod, spec)?.usage : undefined) ?? []) {
      const c = start + p.atSeconds;
      if (c > from + 1 && c <= to) cuts.add(c);
    }
    let total = 0;
    let segment = from + 1;
    for (const c of [...[...cuts].sort((a, b) => a - b), to + 1]) {
      // the last stretch ends at the scrape: its usage is the caller's (no second evaluation)
      total += (c - 1 === to ? cpuAtTo : this.model(c - 1).container(pod, spec.name).cpuMillis) * (c - segment);
      segment = c;
    }
    return total;
  }

  private readonly cutsCache = new Map<string, number[]>();

  /** The ticks in (from + 1, to] where a timeline rule starts (the same for every pod: computed once). */
  private ruleCuts(config: { usage: { sinceTick: number }[] } | undefined, from: number, to: number): number[] {
    const key = `${from}:${to}`;
    let cuts = this.cutsCache.get(key);
    if (!cuts) {
      cuts = [];
      for (const rule of config?.usage ?? []) if (rule.sinceTick > from + 1 && rule.sinceTick <= to) cuts.push(rule.sinceTick);
      this.cutsCache.set(key, cuts);
    }
    return cuts;
  }

  /** The pod's sample as metrics-server serves it, or undefined (absent from the answer). */
  podSample(pod: Pod): ResourceSample | undefined {
    const cached = this.pods.get(pod);
    if (cached !== undefined) return cached ?? undefined;
    const s = this.computePodSample(pod);
    this.pods.set(pod, s ?? null);
    return s;
  }

  private computePodSample(pod: Pod): ResourceSample | undefined {
    const S = this.scrape;
    if (pod.status?.phase !== 'Running' || !pod.spec.nodeName) return undefined;
    const node = this.view.get('Node', '', pod.spec.nodeName);
    if (!node || !this.reachable(node, S)) return undefined;
    const prevScraped = this.reachable(node, S - METRIC_RESOLUTION);
    const containers: ContainerSample[] = [];
    let windowSeconds: number | undefined;
    for (const spec of [...(pod.spec.initContainers ?? []), ...pod.spec.containers]) {
      const start = this.startOf(pod, spec.name);
      if (start === undefined) continue; // not running: not reported
      const age = S - start;
      if (age < FRESH_CONTAINER_MIN) return undefined;
      const fresh = age < METRIC_RESOLUTION;
      if (!fresh && !prevScraped) return undefined;
      const window = fresh ? age : METRIC_RESOLUTION;
      windowSeconds ??= window;
      const now = this.base.container(pod, spec.name);
      const cpuNanos = Math.floor((this.cpuMilliSeconds(pod, spec, start, S - window, S, now.cpuMillis) * 1e6) / window);
      containers.push({ name: spec.name, cpuNanos, memoryBytes: now.memoryBytes });
    }
    if (containers.length === 0 || windowSeconds === undefined) return undefined;
    return { timestampTick: S, windowSeconds, containers };
  }

  /** The node's sample (the sum over the containers running on it), or undefined. */
  nodeSample(node: Node): NodeSample | undefined {
    const S = this.scrape;
    if (!this.reachable(node, S) || !this.reachable(node, S - METRIC_RESOLUTION)) return undefined;
    let cpu = 0;
    let memoryBytes = 0;
    for (const pod of this.view.podsOnNode(node.metadata.name)) {
      for (const spec of [...(pod.spec.initContainers ?? []), ...pod.spec.containers]) {
        const start = this.startOf(pod, spec.name);
        if (start === undefined || start > S) continue;
        const now = this.base.container(pod, spec.name);
        cpu += this.cpuMilliSeconds(pod, spec, start, Math.max(start, S - METRIC_RESOLUTION), S, now.cpuMillis);
        memoryBytes += now.memoryBytes;
      }
    }
    return { timestampTick: S, windowSeconds: METRIC_RESOLUTION, cpuNanos: Math.floor((cpu * 1e6) / METRIC_RESOLUTION), memoryBytes };
  }
}
