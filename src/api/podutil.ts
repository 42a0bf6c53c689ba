// Pod predicates shared by controllers and printers (pkg/api/v1/pod/util.go,
// pkg/controller/controller_utils.go). Time arguments are ticks; timestamps are converted through
// the run's Clock.
import type { Clock } from './time.js';
import type { OwnerReference, Pod, PodCondition, KObject } from './types.js';

export function getCondition(pod: Pod, type: string): PodCondition | undefined {
  return pod.status?.conditions?.find((c) => c.type === type);
}

/** Ready=True condition. */
export function isPodReady(pod: Pod): boolean {
  return getCondition(pod, 'Ready')?.status === 'True';
}

export function isTerminal(pod: Pod): boolean {
  const p = pod.status?.phase;
  return p === 'Succeeded' || p === 'Failed';
}

export function isTerminating(pod: Pod): boolean {
  return pod.metadata.deletionTimestamp !== undefined && !isTerminal(pod);
}

/** controller.IsPodActive: not terminal and not being deleted. */
export function isPodActive(pod: Pod): boolean {
  return !isTerminal(pod) && pod.metadata.deletionTimestamp === undefined;
}

/**
 * podutil.IsPodAvailable: ready, and ready for strictly more than minReadySeconds
 * (lastTransitionTime + minReadySeconds < now).
 */
export function isPodAvailable(pod: Pod, minReadySeconds: number, nowTick: number, clock: Clock): boolean {
  const c = getCondition(pod, 'Ready');
  if (c?.status !== 'True') return false;
  if (minReadySeconds <= 0) return true;
  if (!c.lastTransitionTime) return false;
  return clock.tickOf(c.lastTransitionTime) + minReadySeconds < nowTick;
}

/**
 * The tick at which a ready pod becomes available, for requeueing (undefined if not ready or
 * already available).
 */
export function availableAtTick(pod: Pod, minReadySeconds: number, clock: Clock): number | undefined {
  const c = getCondition(pod, 'Ready');
  if (c?.status !== 'True' || minReadySeconds <= 0 || !c.lastTransitionTime) return undefined;
  return clock.tickOf(c.lastTransitionTime) + minReadySeconds + 1;
}

export function controllerRef(obj: KObject): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.controller === true);
}
