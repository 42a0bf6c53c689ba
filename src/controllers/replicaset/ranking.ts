// Which pods a ReplicaSet deletes first when it scales down: ActivePodsWithRanks and getPodsToDelete.
// Follows pkg/controller/controller_utils.go (v1.28) and replica_set.go; differs only in that the sort
// is made total (ties broken by UID, then name) because Go's sort.Sort leaves equal pods in any order.
import type { Pod } from '../../api/types.js';
import { isPodActive, isPodReady, getCondition } from '../../api/podutil.js';
import { parseRfc3339 } from '../../api/time.js';

/** The feature gates that change the ordering (both on by default since v1.22). */
export interface RankFeatures {
  podDeletionCost: boolean;
  logarithmicScaleDown: boolean;
}

export const DEFAULT_RANK_FEATURES: Readonly<RankFeatures> = { podDeletionCost: true, logarithmicScaleDown: true };

/** core.PodDeletionCost */
export const POD_DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost';

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/**
 * helper.GetDeletionCostFromPodAnnotations: the annotation as an int32; 0 when absent or invalid.
 * "+10" and "008" are invalid (validFirstDigit); "-08" parses (strconv.ParseInt allows it).
 */
export function getDeletionCostFromPodAnnotations(annotations: Readonly<Record<string, string>> | undefined): number {
  const v = annotations?.[POD_DELETION_COST];
  if (v === undefined) return 0;
  const first = v[0];
  const validFirst = first === '-' || v === '0' || (first !== undefined && first >= '1' && first <= '9');
  if (!validFirst || !/^-?\d+$/.test(v)) return 0;
  const n = Number(v);
  return n < INT32_MIN || n > INT32_MAX ? 0 : n;
}

/** podPhaseToOrdinal: Pending 0 < Unknown 1 < Running 2; any other phase is a missing map key (0). */
function phaseOrdinal(pod: Pod): number {
  const p = pod.status?.phase;
  return p === 'Unknown' ? 1 : p === 'Running' ? 2 : 0;
}

function maxContainerRestarts(pod: Pod): number {
  let max = 0;
  for (const c of pod.status?.containerStatuses ?? []) if (c.restartCount > max) max = c.restartCount;
  return max;
}

/** Unix seconds of a timestamp; undefined is Go's zero time (the field is absent). */
function seconds(ts: string | undefined | null): number | undefined {
  if (!ts) return undefined;
  const s = parseRfc3339(ts);
  return Number.isNaN(s) ? undefined : s;
}

/** podReadyTime: lastTransitionTime of the Ready=True condition (zero when not ready). */
function podReadyTime(pod: Pod): number | undefined {
  const c = getCondition(pod, 'Ready');
  return c?.status === 'True' ? seconds(c.lastTransitionTime) : undefined;
}

/**
 * floor(log2(d)) for a duration of `secs` seconds measured in nanoseconds, as Go computes
 * int64(math.Log2(float64(d))). Timestamps here are whole seconds, so d = secs·1e9 exactly; it is
 * never a power of two (1e9 = 2^9·5^9), and the correction steps make the floor exact where
 * Math.log2 rounds up next to a power of two. Worked numbers: 5 h = 1.8e13 ns and 8 h = 2.88e13 ns
 * both lie in [2^44, 2^45) = [1.759e13, 3.518e13), so they share bucket 44; 2 h = 7.2e12 ns is in 42.
 */
export function log2Bucket(secs: number): number {
  if (secs <= 0) return -1;
  const ns = secs * 1e9;
  let k = Math.floor(Math.log2(ns));
  if (2 ** k > ns) k--;
  else if (2 ** (k + 1) <= ns) k++;
  return k;
}

/** logarithmicRankDiff(t1, t2, now): bucket(now - t1) - bucket(now - t2); d ≤ 0 is bucket -1. */
export function logarithmicRankDiff(t1: number, t2: number, now: number): number {
  return log2Bucket(now - t1) - log2Bucket(now - t2);
}

/** afterOrZero: a zero time counts as the latest. */
function afterOrZero(t1: number | undefined, t2: number | undefined): boolean {
  if (t1 === undefined || t2 === undefined) return t1 === undefined;
  return t1 > t2;
}

/** The facts Less reads, computed once per pod before sorting. */
interface Facts {
  pod: Pod;
  rank: number;
  nodeName: string;
  phase: number;
  ready: boolean;
  cost: number;
  readyTime: number | undefined;
  restarts: number;
  created: number | undefined;
  uid: string;
}

function factsOf(pod: Pod, rank: number): Facts {
  return {
    pod, rank,
    nodeName: pod.spec.nodeName ?? '',
    phase: phaseOrdinal(pod),
    ready: isPodReady(pod),
    cost: getDeletionCostFromPodAnnotations(pod.metadata.annotations),
    readyTime: podReadyTime(pod),
    restarts: maxContainerRestarts(pod),
    created: seconds(pod.metadata.creationTimestamp),
    uid: pod.metadata.uid ?? '',
  };
}

/**
 * Pods with ranks, sorted so that the ones to delete first come first. `now` is an RFC 3339
 * timestamp (undefined = Go's zero Now: exact time comparisons instead of log buckets).
 */
export class ActivePodsWithRanks {
  private readonly facts: Facts[];
  private readonly now: number | undefined;

  constructor(pods: readonly Pod[], rank: readonly number[], now: string | undefined, private readonly features: Readonly<RankFeatures> = DEFAULT_RANK_FEATURES) {
    if (pods.length !== rank.length) throw new Error('ActivePodsWithRanks: one rank per pod');
    this.facts = pods.map((p, i) => factsOf(p, rank[i]!));
    this.now = seconds(now);
  }

  get pods(): Pod[] {
    return this.facts.map((f) => f.pod);
  }

  /** Less(i, j): should pod i be deleted before pod j? (upstream rules 1–8, first difference wins) */
  less(i: number, j: number): boolean {
    return this.lessFacts(this.facts[i]!, this.facts[j]!);
  }

  private lessFacts(a: Facts, b: Facts): boolean {
    // 1. Unassigned < assigned
    if (a.nodeName !== b.nodeName && (a.nodeName === '' || b.nodeName === '')) return a.nodeName === '';
    // 2. Pending < Unknown < Running
    if (a.phase !== b.phase) return a.phase < b.phase;
    // 3. Not ready < ready
    if (a.ready !== b.ready) return !a.ready;
    // 4. Lower pod-deletion-cost < higher
    if (this.features.podDeletionCost && a.cost !== b.cost) return a.cost < b.cost;
    // 5. Doubled up (more related pods on the same node) < not doubled up
    if (a.rank !== b.rank) return a.rank > b.rank;
    // 6. Ready for a shorter time < longer (zero time first); log2 buckets, then UID
    if (a.ready && b.ready && a.readyTime !== b.readyTime) {
      const r = this.compareTimes(a.readyTime, b.readyTime, a.uid, b.uid);
      if (r !== undefined) return r;
    }
    // 7. More container restarts < fewer
    if (a.restarts !== b.restarts) return a.restarts > b.restarts;
    // 8. Newer < older (zero time first); log2 buckets, then UID
    if (a.created !== b.created) {
      const r = this.compareTimes(a.created, b.created, a.uid, b.uid);
      if (r !== undefined) return r;
    }
    return false;
  }

  /** The time comparison of rules 6 and 8, for two different times. */
  private compareTimes(t1: number | undefined, t2: number | undefined, uid1: string, uid2: string): boolean {
    if (!this.features.logarithmicScaleDown || this.now === undefined || t1 === undefined || t2 === undefined) {
      return afterOrZero(t1, t2);
    }
    const diff = logarithmicRankDiff(t1, t2, this.now);
    if (diff === 0) return uid1 < uid2;
    return diff < 0;
  }

  /**
   * Sort in place. Go's sort.Sort is not stable and Less leaves ties; we break them by UID and
   * then name so that the result does not depend on the order the pods were listed in.
   */
  sort(): this {
    this.facts.sort((a, b) => {
      if (this.lessFacts(a, b)) return -1;
      if (this.lessFacts(b, a)) return 1;
      if (a.uid !== b.uid) return a.uid < b.uid ? -1 : 1;
      const an = a.pod.metadata.name;
      const bn = b.pod.metadata.name;
      return an < bn ? -1 : an > bn ? 1 : 0;
    });
    return this;
  }
}

/**
 * getPodsRankedByRelatedPodsOnSameNode: each pod's rank is the number of active related pods on
 * its node (unscheduled pods share the node name "").
 */
export function getPodsRankedByRelatedPodsOnSameNode(podsToRank: readonly Pod[], relatedPods: readonly Pod[], now: string | undefined, features?: Readonly<RankFeatures>): ActivePodsWithRanks {
  const podsOnNode = new Map<string, number>();
  for (const p of relatedPods) {
    if (!isPodActive(p)) continue;
    const n = p.spec.nodeName ?? '';
    podsOnNode.set(n, (podsOnNode.get(n) ?? 0) + 1);
  }
  const ranks = podsToRank.map((p) => podsOnNode.get(p.spec.nodeName ?? '') ?? 0);
  return new ActivePodsWithRanks(podsToRank, ranks, now, features);
}

/**
 * getPodsToDelete: the first `diff` pods by deletion preference. No sorting when every pod goes
 * (diff ≥ len): the input order is kept, as upstream does.
 */
export function getPodsToDelete(filteredPods: readonly Pod[], relatedPods: readonly Pod[], diff: number, now: string | undefined, features?: Readonly<RankFeatures>): Pod[] {
  if (diff < filteredPods.length) {
    return getPodsRankedByRelatedPodsOnSameNode(filteredPods, relatedPods, now, features).sort().pods.slice(0, diff);
  }
  return filteredPods.slice(0, diff);
}
