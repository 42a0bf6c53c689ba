// Eviction signals and the threshold bookkeeping of the kubelet's eviction manager: observations,
// thresholdsMet, first-observed and last-observed times, grace periods (pkg/kubelet/eviction/
// helpers.go v1.28). Differs: the node is measured from the simulated usage (UsageModel) instead
// of cAdvisor — memory.available = capacity − Σ pod working sets; nodefs.available = capacity −
// Σ pod ephemeral usage, and imagefs.available the same filesystem (a node without a dedicated
// image filesystem); allocatableMemory.available equals memory.available (no system daemons, no
// reservations); inodes and PIDs are not simulated, so their thresholds are never met (upstream:
// "no observation found for eviction signal"). Maps become records keyed by thresholdKey, and
// orders that Go leaves to map iteration are made canonical.
import type { Signal, Threshold } from '../../api/kubeletconfig.js';
import { addQuantity, cmpQuantity, getThresholdQuantity } from '../../api/kubeletconfig.js';

/** A signal's observed value, in bytes: what is available and of how much. */
export interface SignalObservation {
  available: number;
  capacity: number;
}

export type SignalObservations = Partial<Record<Signal, SignalObservation>>;

export type PressureCondition = 'MemoryPressure' | 'DiskPressure' | 'PIDPressure';

/** signalToNodeCondition */
export const SIGNAL_TO_NODE_CONDITION: Readonly<Record<Signal, PressureCondition>> = {
  'memory.available': 'MemoryPressure',
  'allocatableMemory.available': 'MemoryPressure',
  'nodefs.available': 'DiskPressure',
  'nodefs.inodesFree': 'DiskPressure',
  'imagefs.available': 'DiskPressure',
  'imagefs.inodesFree': 'DiskPressure',
  'pid.available': 'PIDPressure',
};

export type ReclaimResource = 'memory' | 'ephemeral-storage' | 'inodes' | 'pids';

/** signalToResource */
export const SIGNAL_TO_RESOURCE: Readonly<Record<Signal, ReclaimResource>> = {
  'memory.available': 'memory',
  'allocatableMemory.available': 'memory',
  'nodefs.available': 'ephemeral-storage',
  'nodefs.inodesFree': 'inodes',
  'imagefs.available': 'ephemeral-storage',
  'imagefs.inodesFree': 'inodes',
  'pid.available': 'pids',
};

/** What the node's pods use, summed (the summary API's node working set and fs usage). */
export interface NodeUsageTotals {
  memoryBytes: number;
  ephemeralBytes: number;
}

/**
 * makeSignalObservations. As the summary API reports them, available is floored at 0 and a
 * memory capacity is available + working set (so a working set above the node's memory raises
 * the capacity a percentage threshold is taken of, as cAdvisor's figures would).
 */
export function makeSignalObservations(memoryCapacity: number | undefined, fsCapacity: number | undefined, used: NodeUsageTotals): SignalObservations {
  const out: SignalObservations = {};
  if (memoryCapacity !== undefined) {
    const available = Math.max(0, memoryCapacity - used.memoryBytes);
    const mem = { available, capacity: available + used.memoryBytes };
    out['memory.available'] = mem;
    out['allocatableMemory.available'] = mem;
  }
  if (fsCapacity !== undefined) {
    const fs = { available: Math.max(0, fsCapacity - used.ephemeralBytes), capacity: fsCapacity };
    out['nodefs.available'] = fs;
    out['imagefs.available'] = fs;
  }
  return out;
}

/**
 * A stable name for a threshold, for the records that upstream keys by the Threshold value:
 * signal plus hard or soft (a signal has at most one of each).
 */
export function thresholdKey(t: Threshold): string {
  return `${t.signal}:${t.gracePeriodSeconds === 0 ? 'hard' : 'soft'}`;
}

/**
 * thresholdsMet: the thresholds whose quantity (plus the minimum reclaim when enforced) is more
 * than what is available. Thresholds without an observation are never met.
 *
 * @example thresholdsMet([memory.available<1Gi with minReclaim 500Mi], {available: 1.05Gi}, true) → met (EV-TM-4)
 */
export function thresholdsMet(thresholds: readonly Threshold[], observations: SignalObservations, enforceMinReclaim: boolean): Threshold[] {
  const results: Threshold[] = [];
  for (const t of thresholds) {
    const observed = observations[t.signal];
    if (!observed) continue;
    let quantity = getThresholdQuantity(t.value, observed.capacity);
    if (enforceMinReclaim && t.minReclaim) quantity = addQuantity(quantity, getThresholdQuantity(t.minReclaim, observed.capacity));
    if (cmpQuantity(quantity, observed.available) > 0) results.push(t);
  }
  return results;
}

/** mergeThresholds: a's thresholds, then b's not already in a. */
export function mergeThresholds(a: readonly Threshold[], b: readonly Threshold[]): Threshold[] {
  const out = [...a];
  for (const t of b) if (!out.some((x) => thresholdKey(x) === thresholdKey(t))) out.push(t);
  return out;
}

/** thresholdsFirstObservedAt: when each met threshold was first seen met (now if it is new). */
export function thresholdsFirstObservedAt(thresholds: readonly Threshold[], last: Readonly<Record<string, number>>, now: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of thresholds) {
    const k = thresholdKey(t);
    out[k] = last[k] ?? now;
  }
  return out;
}

/** thresholdsMetGracePeriod: the thresholds met continuously for their grace period. */
export function thresholdsMetGracePeriod(thresholds: readonly Threshold[], observedAt: Readonly<Record<string, number>>, now: number): Threshold[] {
  return thresholds.filter((t) => now - (observedAt[thresholdKey(t)] ?? now) >= t.gracePeriodSeconds);
}

/** nodeConditions: the conditions the met thresholds drive, each once. */
export function nodeConditions(thresholds: readonly Threshold[]): PressureCondition[] {
  const out: PressureCondition[] = [];
  for (const t of thresholds) {
    const c = SIGNAL_TO_NODE_CONDITION[t.signal];
    if (!out.includes(c)) out.push(c);
  }
  return out;
}

/** nodeConditionsLastObservedAt: the observed conditions at now, the others at their old time. */
export function nodeConditionsLastObservedAt(conditions: readonly PressureCondition[], last: Readonly<Record<string, number>>, now: number): Record<string, number> {
  const out: Record<string, number> = { ...last };
  for (const c of conditions) out[c] = now;
  return out;
}

/**
 * nodeConditionsObservedSince: the conditions observed within the transition period — a
 * condition stays True until `period` seconds have passed without any of its thresholds met.
 */
export function nodeConditionsObservedSince(observedAt: Readonly<Record<string, number>>, period: number, now: number): PressureCondition[] {
  const out: PressureCondition[] = [];
  for (const c of ['MemoryPressure', 'DiskPressure', 'PIDPressure'] as const) {
    const at = observedAt[c];
    if (at !== undefined && now - at < period) out.push(c);
  }
  return out;
}

const isMemorySignal = (s: Signal): boolean => s === 'memory.available' || s === 'allocatableMemory.available';

/**
 * byEvictionPriority: memory signals first, signals without a reclaimable resource last. Upstream
 * sorts a map-ordered list with a non-strict Less; here the order is total: memory first, then by
 * signal name, the hard threshold of a signal before its soft one.
 */
export function byEvictionPriority(a: Threshold, b: Threshold): number {
  const ma = isMemorySignal(a.signal) ? 0 : 1;
  const mb = isMemorySignal(b.signal) ? 0 : 1;
  if (ma !== mb) return ma - mb;
  if (a.signal !== b.signal) return a.signal < b.signal ? -1 : 1;
  return a.gracePeriodSeconds - b.gracePeriodSeconds;
}
