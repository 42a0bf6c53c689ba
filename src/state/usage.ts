// What the simulated containers consume: the simulator's stand-in for cAdvisor. The kubelet reads
// it (OOMKilled when memory exceeds the limit; node-pressure eviction signals), and so will
// metrics (HPA). A container uses, at a tick, per resource:
//   1. its behaviour's `usage` (a step function of container age), else 0;
//   2. overridden by the latest timeline `usage:` rule whose selector matches the pod (from the
//      rule's tick on);
//   3. plus its share of the latest `load:` rule of each selector that matches: the total divided
//      evenly among the ready matching pods, and within a pod among its containers — more
//      replicas, less each, as under a real load (a later load on the same selector replaces it);
//   4. cpu capped at the container's limit.
// Only running containers use anything, and none uses more cpu than its limit (throttling).
import { milliValue, value } from '../api/quantity.js';
import { selectorMatches, selectorOfLabels } from '../api/labels.js';
import { isPodReady } from '../api/podutil.js';
import type { Clock } from '../api/time.js';
import type { Behavior, Container, Pod, SimConfigSpec, UsagePoint, UsageRule } from '../api/types.js';
import type { View } from './cluster.js';

export interface Usage {
  cpuMillis: number;
  memoryBytes: number;
  ephemeralBytes: number;
}

export const ZERO_USAGE: Readonly<Usage> = Object.freeze({ cpuMillis: 0, memoryBytes: 0, ephemeralBytes: 0 });

type Resource = 'cpu' | 'memory' | 'ephemeralStorage';
const RESOURCES: readonly Resource[] = ['cpu', 'memory', 'ephemeralStorage'];

function amount(r: Resource, q: string): number {
  return r === 'cpu' ? milliValue(q) : value(q);
}

function toUsage(v: Record<Resource, number>): Usage {
  return { cpuMillis: v.cpu, memoryBytes: v.memory, ephemeralBytes: v.ephemeralStorage };
}

const globs = new Map<string, RegExp>();

/** A glob on the image (`*`, `?`) as the kubelet's behaviour matching uses (compiled once per glob). */
function globMatch(glob: string, s: string): boolean {
  let compiled = globs.get(glob);
  if (!compiled) {
    let re = '^';
    for (const ch of glob) re += ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    compiled = new RegExp(re + '$', 's');
    if (globs.size > 10_000) globs.clear();
    globs.set(glob, compiled);
  }
  return compiled.test(s);
}

const selectorKeys = new WeakMap<Readonly<Record<string, string>>, string>();

/** A canonical text of a label map (sorted keys), to tell rules on the same selector. */
function selectorKey(labels: Readonly<Record<string, string>>): string {
  let k = selectorKeys.get(labels);
  if (k === undefined) {
    k = JSON.stringify(Object.keys(labels).sort().map((l) => [l, labels[l]]));
    selectorKeys.set(labels, k);
  }
  return k;
}

/** The first behaviour rule matching the container (the kubelet's rule: first match wins). */
export function behaviorOf(behaviors: readonly Behavior[], pod: Pod, c: Container): Behavior | undefined {
  for (const b of behaviors) {
    if (b.match.image !== undefined && !globMatch(b.match.image, c.image)) continue;
    if (b.match.labels && !selectorMatches(selectorOfLabels(b.match.labels), pod.metadata.labels)) continue;
    return b;
  }
  return undefined;
}

/** The usage series value of each resource at `age` (last point at or before it that sets it). */
function seriesAt(points: readonly UsagePoint[] | undefined, age: number, out: Record<Resource, number>): void {
  for (const p of points ?? []) {
    if (p.atSeconds > age) break;
    for (const r of RESOURCES) {
      const q = p[r];
      if (q !== undefined) out[r] = amount(r, q);
    }
  }
}

/**
 * A pod that receives a share of a load (a `load:` rule, a Pods metric `total`): running, ready and
 * not terminating — a terminating pod's endpoints are gone.
 */
export function receivesLoad(p: Pod): boolean {
  return p.status?.phase === 'Running' && !p.metadata.deletionTimestamp && isPodReady(p);
}

/** The rules in force at one tick: the usage: rules in order, and the latest load: rule of each selector. */
interface RulesAt {
  usage: UsageRule[];
  load: UsageRule[];
}

/** Rules in force per (config, tick), and one RulesAt per distinct set (so caches keyed by it survive ticks). */
const rulesCache = new WeakMap<SimConfigSpec, { byTick: Map<number, RulesAt>; bySet: Map<string, RulesAt> }>();

function rulesAt(cfg: SimConfigSpec, now: number): RulesAt {
  let c = rulesCache.get(cfg);
  if (!c) rulesCache.set(cfg, (c = { byTick: new Map(), bySet: new Map() }));
  let r = c.byTick.get(now);
  if (!r) {
    const usage: number[] = [];
    const load: number[] = [];
    // a load: step replaces the earlier load on the same selector (it is the load on those pods
    // from then on); loads on different selectors add up
    const seen = new Set<string>();
    for (let i = cfg.usage.length - 1; i >= 0; i--) {
      const rule = cfg.usage[i]!;
      if (rule.sinceTick > now) continue;
      if (!rule.load) usage.push(i);
      else {
        const key = selectorKey(rule.selector);
        if (seen.has(key)) continue;
        seen.add(key);
        load.push(i);
      }
    }
    usage.reverse();
    load.reverse();
    const set = `${usage.join(',')}|${load.join(',')}`;
    r = c.bySet.get(set);
    if (!r) c.bySet.set(set, (r = { usage: usage.map((i) => cfg.usage[i]!), load: load.map((i) => cfg.usage[i]!) }));
    if (c.byTick.size > 4096) c.byTick.clear();
    c.byTick.set(now, r);
  }
  return r;
}

/** The rules of a set that match a pod's labels, cached per (immutable) label map. */
const matchCache = new WeakMap<Readonly<Record<string, string>>, Map<RulesAt, RulesAt>>();
const NO_LABELS: Readonly<Record<string, string>> = Object.freeze({});

function matching(rules: RulesAt, labels: Readonly<Record<string, string>> | undefined): RulesAt {
  const l = labels ?? NO_LABELS;
  let byRules = matchCache.get(l);
  if (!byRules) matchCache.set(l, (byRules = new Map()));
  let m = byRules.get(rules);
  if (!m) {
    const hit = (r: UsageRule): boolean => selectorMatches(selectorOfLabels(r.selector), l);
    m = { usage: rules.usage.filter(hit), load: rules.load.filter(hit) };
    if (byRules.size > 64) byRules.clear();
    byRules.set(rules, m);
  }
  return m;
}

/**
 * Usage of every container at one tick. Build one per controller run; it caches the ready-pod
 * counts that `load:` rules divide by.
 */
export class UsageModel {
  private readonly config: SimConfigSpec | undefined;
  private rules: RulesAt | undefined;

  /** `loadShares`: the ready-pod counts of another model over the same view (see `at`) */
  constructor(private readonly view: View, readonly now: number, private readonly clock: Clock, private readonly loadShares = new Map<UsageRule, number>()) {
    this.config = view.count('SimConfig') > 0 ? view.config() : undefined;
  }

  /**
   * The same view's usage at another tick (metrics average a window of ticks). The ready-pod
   * counts of `load:` rules come from the view, not the tick, so the two models share them.
   */
  at(now: number): UsageModel {
    return now === this.now ? this : new UsageModel(this.view, now, this.clock, this.loadShares);
  }

  /** The container's usage now (zero unless it is running). */
  container(pod: Pod, name: string): Usage {
    const status = pod.status?.containerStatuses?.find((s) => s.name === name) ?? pod.status?.initContainerStatuses?.find((s) => s.name === name);
    const startedAt = status?.state?.running?.startedAt;
    if (!startedAt) return { ...ZERO_USAGE };
    const spec = pod.spec.containers.find((c) => c.name === name) ?? pod.spec.initContainers?.find((c) => c.name === name);
    if (!spec) return { ...ZERO_USAGE };
    const age = this.now - this.clock.tickOf(startedAt);
    const v: Record<Resource, number> = { cpu: 0, memory: 0, ephemeralStorage: 0 };
    const cfg = this.config;
    if (cfg) {
      seriesAt(behaviorOf(cfg.behaviors, pod, spec)?.usage, age, v);
      const rules = matching((this.rules ??= rulesAt(cfg, this.now)), pod.metadata.labels);
      // the latest usage: rule overrides the behaviour, and every load: share comes on top (a
      // usage: step after a load: step does not cancel the load)
      for (const rule of rules.usage) {
        if (rule.cpu !== undefined) v.cpu = milliValue(rule.cpu);
        if (rule.memory !== undefined) v.memory = value(rule.memory);
      }
      for (const rule of rules.load) {
        const share = this.loadShare(rule, pod);
        const containers = pod.spec.containers.length;
        if (rule.load!.cpu) v.cpu += Math.floor(milliValue(rule.load!.cpu) * share / containers);
        if (rule.load!.memory) v.memory += Math.floor(value(rule.load!.memory) * share / containers);
      }
    }
    // CPU above the limit is throttled (CFS quota), so the container uses at most its limit; memory
    // above the limit is not capped here: the kubelet OOM-kills the container instead
    const cpuLimit = spec.resources?.limits?.cpu;
    if (cpuLimit !== undefined) v.cpu = Math.min(v.cpu, milliValue(cpuLimit));
    return toUsage(v);
  }

  /** The sum over the pod's running containers (app containers, sidecars and init containers). */
  pod(pod: Pod): Usage {
    const total: Usage = { ...ZERO_USAGE };
    for (const c of [...(pod.spec.initContainers ?? []), ...pod.spec.containers]) {
      const u = this.container(pod, c.name);
      total.cpuMillis += u.cpuMillis;
      total.memoryBytes += u.memoryBytes;
      total.ephemeralBytes += u.ephemeralBytes;
    }
    return total;
  }

  /**
   * The first tick after now at which the container's behaviour series changes its usage
   * (Infinity when it never does); timeline rules wake their readers through the SimConfig.
   */
  nextChange(pod: Pod, name: string): number {
    const status = pod.status?.containerStatuses?.find((s) => s.name === name);
    const startedAt = status?.state?.running?.startedAt;
    const spec = pod.spec.containers.find((c) => c.name === name);
    if (!startedAt || !spec || !this.config) return Infinity;
    const start = this.clock.tickOf(startedAt);
    for (const p of behaviorOf(this.config.behaviors, pod, spec)?.usage ?? []) {
      if (start + p.atSeconds > this.now) return start + p.atSeconds;
    }
    return Infinity;
  }

  /** This pod's fraction of a load rule: 1 / ready matching pods, 0 when it does not receive load. */
  private loadShare(rule: UsageRule, pod: Pod): number {
    if (!receivesLoad(pod)) return 0;
    let n = this.loadShares.get(rule);
    if (n === undefined) {
      // one pass over the pods counts every load rule in force now (not one pass per rule)
      const all = (this.rules ??= rulesAt(this.config!, this.now));
      const pending: RulesAt = all.load.includes(rule) ? all : { usage: [], load: [rule] };
      const counts = new Map<UsageRule, number>();
      for (const r of pending.load) if (!this.loadShares.has(r)) counts.set(r, 0);
      for (const p of this.view.list('Pod')) {
        if (!receivesLoad(p)) continue;
        for (const r of matching(pending, p.metadata.labels).load) {
          const c = counts.get(r);
          if (c !== undefined) counts.set(r, c + 1);
        }
      }
      for (const [r, c] of counts) this.loadShares.set(r, c);
      n = this.loadShares.get(rule)!;
    }
    return n > 0 ? 1 / n : 0;
  }
}
