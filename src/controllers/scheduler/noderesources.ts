// NodeResourcesFit: the Filter (fitsRequest: pod count, cpu, memory, ephemeral-storage, extended
// resources) and the LeastAllocated score (framework/plugins/noderesources fit.go,
// least_allocated.go, resource_allocation.go, v1.28). Differs: node sums come from View.nodeUsage.
import type { NodeUsage } from '../../state/cluster.js';
import type { Allocatable, NodeInfo, PodInfo } from './framework.js';
import { insufficientReason, NODE_RESOURCES_FIT, newStatus, REASON_TOO_MANY_PODS, type Status } from './messages.js';

/** Score weight in the default profile; the LeastAllocated resources are cpu and memory, weight 1 each. */
export const NODE_RESOURCES_FIT_WEIGHT = 1;
export const MAX_NODE_SCORE = 100;

/** The pod's requests as fitsRequest reads them (noderesources preFilterState). */
export type PodRequest = Pick<PodInfo, 'cpuMillis' | 'memoryBytes' | 'ephemeralBytes' | 'scalar'>;
/** The node's requested sums (NodeInfo.Requested and the pod count). */
export type Requested = Pick<NodeUsage, 'pods' | 'cpuMillis' | 'memoryBytes' | 'ephemeralBytes' | 'scalar'>;

/** fitsRequest's built-in reasons as bits, in upstream order */
export const FIT_PODS = 1;
export const FIT_CPU = 2;
export const FIT_MEMORY = 4;
export const FIT_EPHEMERAL = 8;
const PODS = FIT_PODS;
const CPU = FIT_CPU;
const MEMORY = FIT_MEMORY;
const EPHEMERAL = FIT_EPHEMERAL;

/** One shared status per combination of the built-in reasons (no allocation on the hot path). */
const BUILTIN_STATUS: Status[] = [];
for (let mask = 1; mask < 16; mask++) {
  const reasons: string[] = [];
  if (mask & PODS) reasons.push(REASON_TOO_MANY_PODS);
  if (mask & CPU) reasons.push(insufficientReason('cpu'));
  if (mask & MEMORY) reasons.push(insufficientReason('memory'));
  if (mask & EPHEMERAL) reasons.push(insufficientReason('ephemeral-storage'));
  BUILTIN_STATUS[mask] = newStatus('Unschedulable', NODE_RESOURCES_FIT, ...reasons);
}

/** The shared NodeResourcesFit status for a mask of built-in reasons (null for 0). */
export function builtinFitStatus(mask: number): Status | null {
  return mask ? BUILTIN_STATUS[mask]! : null;
}

/**
 * fitsRequest: the reasons the pod does not fit, in upstream order, or null. A request of 0 is
 * never checked ("equality fits": request ≤ allocatable − requested); a pod requesting nothing
 * only checks the pod count. Worked numbers (SCH-FIT-10): allocatable cpu 10m, used 9m, pod 2m →
 * 2 > 10 − 9 → "Insufficient cpu".
 */
export function fitsRequest(pod: PodRequest, alloc: Allocatable, used: Requested): Status | null {
  let mask = 0;
  if (used.pods + 1 > alloc.pods) mask |= PODS;
  if (pod.cpuMillis === 0 && pod.memoryBytes === 0 && pod.ephemeralBytes === 0 && pod.scalar.length === 0) {
    return mask ? BUILTIN_STATUS[mask]! : null;
  }
  if (pod.cpuMillis > 0 && pod.cpuMillis > alloc.cpuMillis - used.cpuMillis) mask |= CPU;
  if (pod.memoryBytes > 0 && pod.memoryBytes > alloc.memoryBytes - used.memoryBytes) mask |= MEMORY;
  if (pod.ephemeralBytes > 0 && pod.ephemeralBytes > alloc.ephemeralBytes - used.ephemeralBytes) mask |= EPHEMERAL;
  let extra: string[] | null = null;
  for (const [name, q] of pod.scalar) {
    if (q > (alloc.scalar[name] ?? 0) - (used.scalar[name] ?? 0)) (extra ??= []).push(insufficientReason(name));
  }
  if (extra === null) return mask ? BUILTIN_STATUS[mask]! : null;
  const reasons = mask ? [...BUILTIN_STATUS[mask]!.reasons, ...extra] : extra;
  return newStatus('Unschedulable', NODE_RESOURCES_FIT, ...reasons);
}

export function nodeResourcesFitFilter(pod: PodInfo, node: NodeInfo, used: NodeUsage): Status | null {
  return fitsRequest(pod, node.allocatable, used);
}

/** leastRequestedScore: (capacity − requested) · 100 / capacity, 0 when over capacity or capacity 0. */
export function leastRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return Math.floor(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}

/**
 * leastResourceScorer: Σ score_r · w_r / Σ w_r (integer division) over the resources with non-zero
 * allocatable. Worked numbers (SCH-LA-2, node 2): cpu (6000−3000)·100/6000 = 50, memory
 * (10000−5000)·100/10000 = 50 → (50 + 50) / 2 = 50.
 */
export function leastResourceScorer(requested: readonly number[], allocatable: readonly number[], weights: readonly number[]): number {
  let nodeScore = 0;
  let weightSum = 0;
  for (let i = 0; i < requested.length; i++) {
    if (allocatable[i] === 0) continue;
    const w = weights[i]!;
    nodeScore += leastRequestedScore(requested[i]!, allocatable[i]!) * w;
    weightSum += w;
  }
  return weightSum === 0 ? 0 : Math.floor(nodeScore / weightSum);
}

/**
 * The default LeastAllocated score (cpu and memory, weight 1 each). requested = the node's
 * non-zero requests + the pod's non-zero request (100m / 200Mi for containers that declare none,
 * so many request-less pods do not pile onto one node).
 */
export function leastAllocatedScore(pod: PodInfo, alloc: Allocatable, used: NodeUsage): number {
  return leastAllocatedCpuMemory(used.nonzeroCpuMillis + pod.nonzeroCpuMillis, alloc.cpuMillis, used.nonzeroMemoryBytes + pod.nonzeroMemoryBytes, alloc.memoryBytes);
}

/** leastResourceScorer for [cpu, memory] with weights [1, 1], without arrays (the hot path). */
export function leastAllocatedCpuMemory(cpuRequested: number, cpuAllocatable: number, memRequested: number, memAllocatable: number): number {
  let score = 0;
  let weights = 0;
  if (cpuAllocatable !== 0) {
    score += leastRequestedScore(cpuRequested, cpuAllocatable);
    weights++;
  }
  if (memAllocatable !== 0) {
    score += leastRequestedScore(memRequested, memAllocatable);
    weights++;
  }
  return weights === 0 ? 0 : Math.floor(score / weights);
}
