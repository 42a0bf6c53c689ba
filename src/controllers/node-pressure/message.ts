// The messages of a kubelet eviction, verbatim with their trailing spaces: evictionMessage and
// getThresholdMetInfo, and the local-storage limit messages (pkg/kubelet/eviction/helpers.go and
// eviction_manager.go v1.28). Quantities print as Quantity.String() does ("100Mi", "92160Ki" →
// "90Mi"). Differs: only app containers are named (as v1.28; init containers came later).
import type { Pod } from '../../api/types.js';
import type { Threshold } from '../../api/kubeletconfig.js';
import { formatQuantity, getThresholdQuantity, newQuantity, parseQuantity } from '../../api/kubeletconfig.js';
import type { ReclaimResource, SignalObservations } from './signals.js';
import { SIGNAL_TO_RESOURCE } from './signals.js';

/** helpers.go Reason: the pod status reason and the event reason of an eviction. */
export const REASON_EVICTED = 'Evicted';

const nodeLowMessage = (resource: string): string => `The node was low on resource: ${resource}. `;
const thresholdMetMessage = (quantity: string, available: string): string => `Threshold quantity: ${quantity}, available: ${available}. `;
const containerMessage = (name: string, usage: string, request: string, resource: string): string =>
  `Container ${name} was using ${usage}, request is ${request}, has larger consumption of ${resource}. `;

/** Quantity.String() of a quantity as written in a spec ("0" when absent, as a zero Quantity prints). */
export function specQuantityString(q: string | undefined): string {
  if (q === undefined) return '0';
  const p = parseQuantity(q);
  return 'error' in p ? q : formatQuantity(p);
}

/** Quantity.String() of resource.NewQuantity(bytes, BinarySI). */
export function bytesString(bytes: number): string {
  return formatQuantity(newQuantity(bytes, 'BinarySI'));
}

/**
 * getThresholdMetInfo: the first threshold of the resource that has an observation — its quantity
 * (absolute, or the percentage of the observed capacity) and what was available.
 */
export function getThresholdMetInfo(resource: ReclaimResource, thresholds: readonly Threshold[], observations: SignalObservations): [string, string] | undefined {
  for (const t of thresholds) {
    if (SIGNAL_TO_RESOURCE[t.signal] !== resource) continue;
    const observed = observations[t.signal];
    if (observed) return [formatQuantity(getThresholdQuantity(t.value, observed.capacity)), bytesString(observed.available)];
  }
  return undefined;
}

/** One container's usage of the resource, as the stats report it (undefined: no stats). */
export type ContainerUsage = (pod: Pod, container: string) => number | undefined;

/**
 * evictionMessage: "The node was low on resource: memory. Threshold quantity: 100Mi, available:
 * 90Mi. Container web was using 512Mi, request is 0, has larger consumption of memory. " — the
 * containers whose usage exceeds their request are named, in spec order.
 */
export function evictionMessage(resource: ReclaimResource, pod: Pod, thresholds: readonly Threshold[], observations: SignalObservations, usage: ContainerUsage | undefined): string {
  let message = nodeLowMessage(resource);
  const met = getThresholdMetInfo(resource, thresholds, observations);
  if (met) message += thresholdMetMessage(met[0], met[1]);
  if (!usage) return message;
  for (const c of pod.spec.containers) {
    const used = usage(pod, c.name);
    if (used === undefined) continue;
    const request = c.resources?.requests?.[resource];
    const requestBytes = request === undefined ? 0 : requestValue(request);
    if (used > requestBytes) message += containerMessage(c.name, bytesString(used), specQuantityString(request), resource);
  }
  return message;
}

/** A request's value for usage.Cmp(request): exact for integers, correctly rounded otherwise. */
function requestValue(q: string): number {
  const p = parseQuantity(q);
  if ('error' in p) return 0;
  const m = Number(p.mantissa);
  return p.exp10 >= 0 ? m * 10 ** p.exp10 : m / 10 ** -p.exp10;
}

/** podEphemeralStorageMessageFmt */
export function podEphemeralStorageMessage(limit: string): string {
  return `Pod ephemeral local storage usage exceeds the total limit of containers ${limit}. `;
}

/** containerEphemeralStorageMessageFmt (%q of the limit) */
export function containerEphemeralStorageMessage(container: string, limit: string): string {
  return `Container ${container} exceeded its local ephemeral storage limit ${JSON.stringify(limit)}. `;
}
