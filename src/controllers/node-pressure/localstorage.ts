// Local ephemeral storage limits, checked on every sync whatever the thresholds
// (localStorageEviction: podEphemeralStorageLimitEviction, containerEphemeralStorageLimitEviction in
// pkg/kubelet/eviction/eviction_manager.go v1.28, LocalStorageCapacityIsolation on by default).
// Differs: emptyDir sizeLimit is not checked (the simulation does not split a container's
// ephemeral usage into volumes; it counts as the container's own).
import type { Container, Pod } from '../../api/types.js';
import type { Quantity } from '../../api/kubeletconfig.js';
import { addQuantity, cmpQuantity, formatQuantity, parseQuantity, quantityValue } from '../../api/kubeletconfig.js';
import { containerEphemeralStorageMessage, podEphemeralStorageMessage } from './message.js';

const EPHEMERAL = 'ephemeral-storage';

function limitOf(c: Container): Quantity | undefined {
  const q = c.resources?.limits?.[EPHEMERAL];
  if (q === undefined) return undefined;
  const p = parseQuantity(q);
  return 'error' in p ? undefined : p;
}

function maxQuantity(a: Quantity | undefined, b: Quantity | undefined): Quantity | undefined {
  if (!a) return b;
  if (!b) return a;
  return cmpQuantity(addQuantity(b, { ...a, mantissa: -a.mantissa }), 0) > 0 ? b : a;
}

function sum(a: Quantity | undefined, b: Quantity | undefined): Quantity | undefined {
  if (!a) return b;
  if (!b) return a;
  return addQuantity(a, b);
}

const podLimits = new WeakMap<Pod['spec'], { pod: Quantity | undefined; containers: [string, Quantity][] }>();

/**
 * resourcehelper.PodLimits for ephemeral-storage (app containers and sidecars summed, at least the
 * largest init container, plus overhead when a limit exists) and the containers' own limits.
 */
function limits(pod: Pod): { pod: Quantity | undefined; containers: [string, Quantity][] } {
  let l = podLimits.get(pod.spec);
  if (l) return l;
  let total: Quantity | undefined;
  const containers: [string, Quantity][] = [];
  for (const c of pod.spec.containers) {
    const q = limitOf(c);
    total = sum(total, q);
    if (q && quantityValue(q) !== 0) containers.push([c.name, q]);
  }
  let sidecars: Quantity | undefined;
  let initMax: Quantity | undefined;
  for (const c of pod.spec.initContainers ?? []) {
    const q = limitOf(c);
    if (c.restartPolicy === 'Always') {
      total = sum(total, q);
      sidecars = sum(sidecars, q);
      initMax = maxQuantity(initMax, sidecars);
    } else initMax = maxQuantity(initMax, sum(q, sidecars));
  }
  total = maxQuantity(total, initMax);
  const overhead = pod.spec.overhead?.[EPHEMERAL];
  if (total && overhead !== undefined) {
    const o = parseQuantity(overhead);
    if (!('error' in o)) total = addQuantity(total, o);
  }
  l = { pod: total, containers };
  podLimits.set(pod.spec, l);
  return l;
}

/** The pod's and its containers' ephemeral-storage usage in bytes (undefined: no stats). */
export interface EphemeralUsage {
  pod(pod: Pod): number | undefined;
  container(pod: Pod, name: string): number | undefined;
}

/**
 * The message of a local-storage eviction for this pod, if it breaks a limit: the pod's total
 * usage above the sum of its containers' limits, else a container above its own.
 */
export function localStorageViolation(pod: Pod, usage: EphemeralUsage): string | undefined {
  const l = limits(pod);
  if (!l.pod && l.containers.length === 0) return undefined;
  const used = usage.pod(pod);
  if (used === undefined) return undefined;
  if (l.pod && cmpQuantity(l.pod, used) < 0) return podEphemeralStorageMessage(formatQuantity(l.pod));
  for (const [name, limit] of l.containers) {
    const u = usage.container(pod, name);
    if (u !== undefined && cmpQuantity(limit, u) < 0) return containerEphemeralStorageMessage(name, formatQuantity(limit));
  }
  return undefined;
}
