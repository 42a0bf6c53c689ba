// NodeResourcesBalancedAllocation: favour nodes whose cpu and memory fractions stay close
// (framework/plugins/noderesources/balanced_allocation.go, v1.28). Differs: none. It reads the
// actual requests (useRequested: no 100m / 200Mi defaults), node's plus the pod's.
import type { NodeUsage } from '../../state/cluster.js';
import type { Allocatable, PodInfo } from './framework.js';
import { MAX_NODE_SCORE } from './noderesources.js';

export const BALANCED_ALLOCATION_WEIGHT = 1;

/**
 * balancedResourceScorer: fraction_r = min(1, requested_r / allocatable_r) over resources with
 * allocatable ≠ 0; std = |f1 − f2| / 2 for two, the population standard deviation for more;
 * score = int64((1 − std) · 100). Worked numbers (SCH-BA-2, node 1): cpu 3000/4000 = 0.75,
 * memory 5000/10000 = 0.5 → std 0.125 → int64(87.5) = 87.
 */
export function balancedResourceScorer(requested: readonly number[], allocatable: readonly number[]): number {
  const fractions: number[] = [];
  let total = 0;
  for (let i = 0; i < requested.length; i++) {
    if (allocatable[i] === 0) continue;
    const f = Math.min(1, requested[i]! / allocatable[i]!);
    total += f;
    fractions.push(f);
  }
  let std = 0;
  if (fractions.length === 2) std = Math.abs((fractions[0]! - fractions[1]!) / 2);
  else if (fractions.length > 2) {
    const mean = total / fractions.length;
    let sum = 0;
    for (const f of fractions) sum += (f - mean) * (f - mean);
    std = Math.sqrt(sum / fractions.length);
  }
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
}

/** The default [cpu, memory] case: the node's actual requests plus the pod's. */
export function balancedAllocationScore(pod: PodInfo, alloc: Allocatable, used: NodeUsage): number {
  return balancedCpuMemory(used.cpuMillis + pod.cpuMillis, alloc.cpuMillis, used.memoryBytes + pod.memoryBytes, alloc.memoryBytes);
}

/** balancedResourceScorer for [cpu, memory], without arrays (the hot path); same arithmetic. */
export function balancedCpuMemory(cpuRequested: number, cpuAllocatable: number, memRequested: number, memAllocatable: number): number {
  if (cpuAllocatable !== 0 && memAllocatable !== 0) {
    const fc = Math.min(1, cpuRequested / cpuAllocatable);
    const fm = Math.min(1, memRequested / memAllocatable);
    return Math.trunc((1 - Math.abs((fc - fm) / 2)) * MAX_NODE_SCORE);
  }
  return MAX_NODE_SCORE; // one resource (std 0) or none
}
