// Ranking the node's pods for eviction: rankMemoryPressure (exceeds its memory request, then
// priority, then usage above request) and the disk ranking (the same over ephemeral-storage),
// from pkg/kubelet/eviction/helpers.go v1.28 (orderedBy, exceedMemoryRequests, priority, memory,
// exceedDiskRequests, disk). Differs: Go's sort.Sort is not stable, so ties are broken here by
// namespace and name, which makes the order total and the same in every run.
import type { Container, Pod } from '../../api/types.js';
import { value } from '../../api/quantity.js';

/** What the summary API reports of one pod (present once its sandbox exists). */
export interface PodStats {
  /** working set of the pod's containers */
  memoryBytes: number;
  /** containers' writable layers and logs, plus local volumes */
  ephemeralBytes: number;
}

/** statsFunc: the pod's stats, undefined when none were found. */
export type StatsFunc = (pod: Pod) => PodStats | undefined;

type CmpFunc = (a: Pod, b: Pod) => number;

/** cmpBool: true before false. */
function cmpBool(a: boolean, b: boolean): number {
  if (a === b) return 0;
  return b ? 1 : -1;
}

/** corev1helpers.PodPriority: spec.priority, 0 when unset. */
export function podPriority(pod: Pod): number {
  return pod.spec.priority ?? 0;
}

/** priority: lower priority first. */
function priority(a: Pod, b: Pod): number {
  const pa = podPriority(a);
  const pb = podPriority(b);
  return pa === pb ? 0 : pa > pb ? 1 : -1;
}

/** The requests a container carries after API defaulting (a limit stands in for a missing request). */
function containerRequest(c: Container, resource: string): number | undefined {
  const q = c.resources?.requests?.[resource] ?? c.resources?.limits?.[resource];
  return q === undefined ? undefined : value(q);
}

/**
 * v1resource.GetResourceRequestQuantity (v1.28): Σ app containers' requests, at least the largest
 * init container's, plus the pod overhead when the total is not zero. In bytes.
 */
export function getResourceRequest(pod: Pod, resource: 'memory' | 'ephemeral-storage'): number {
  let total = 0;
  for (const c of pod.spec.containers) total += containerRequest(c, resource) ?? 0;
  for (const c of pod.spec.initContainers ?? []) total = Math.max(total, containerRequest(c, resource) ?? 0);
  const overhead = pod.spec.overhead?.[resource];
  if (overhead !== undefined && total !== 0) total += value(overhead);
  return total;
}

/** A comparison on stats that puts pods without stats first (upstream's first branch). */
function withStats(stats: StatsFunc, f: (a: Pod, sa: PodStats, b: Pod, sb: PodStats) => number): CmpFunc {
  return (a, b) => {
    const sa = stats(a);
    const sb = stats(b);
    if (!sa || !sb) return cmpBool(!sa, !sb);
    return f(a, sa, b, sb);
  };
}

function exceedRequests(stats: StatsFunc, resource: 'memory' | 'ephemeral-storage'): CmpFunc {
  const used = (s: PodStats): number => (resource === 'memory' ? s.memoryBytes : s.ephemeralBytes);
  return withStats(stats, (a, sa, b, sb) => cmpBool(used(sa) > getResourceRequest(a, resource), used(sb) > getResourceRequest(b, resource)));
}

function usageAboveRequest(stats: StatsFunc, resource: 'memory' | 'ephemeral-storage'): CmpFunc {
  const used = (s: PodStats): number => (resource === 'memory' ? s.memoryBytes : s.ephemeralBytes);
  return withStats(stats, (a, sa, b, sb) => {
    const da = used(sa) - getResourceRequest(a, resource);
    const db = used(sb) - getResourceRequest(b, resource);
    // larger consumption above the request first
    return da === db ? 0 : db > da ? 1 : -1;
  });
}

/** The kubelet's canonical key of a pod, the final tie-break. */
function byName(a: Pod, b: Pod): number {
  const ka = `${a.metadata.namespace ?? ''}/${a.metadata.name}`;
  const kb = `${b.metadata.namespace ?? ''}/${b.metadata.name}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** orderedBy(cmp...).Sort: the first comparison that tells them apart decides. */
function orderedBy(pods: Pod[], ...cmps: CmpFunc[]): Pod[] {
  return pods.sort((a, b) => {
    for (const c of cmps) {
      const r = c(a, b);
      if (r !== 0) return r;
    }
    return byName(a, b);
  });
}

/** rankMemoryPressure: sorts `pods` in place, the first to evict first (EV-RANK-1..4). */
export function rankMemoryPressure(pods: Pod[], stats: StatsFunc): Pod[] {
  return orderedBy(pods, exceedRequests(stats, 'memory'), priority, usageAboveRequest(stats, 'memory'));
}

/**
 * rankDiskPressureFunc for nodefs and imagefs on one filesystem (no dedicated image fs): every
 * kind of fs usage counts, against the ephemeral-storage request.
 */
export function rankDiskPressure(pods: Pod[], stats: StatsFunc): Pod[] {
  return orderedBy(pods, exceedRequests(stats, 'ephemeral-storage'), priority, usageAboveRequest(stats, 'ephemeral-storage'));
}
