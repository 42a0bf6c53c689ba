// The taint manager's TimedWorkerQueue entry for one pod (taint_manager.go, timed_workers.go),
// kept in the pod's hidden sim['taint-eviction'] and written through events, so that a resumed
// run knows each scheduled eviction's start (T0) and fire time.
import type { Json, Pod, Taint, Toleration } from '../../api/types.js';

export const SIM_KEY = 'taint-eviction';

/**
 * - pending: a TimedWorker created at `startTick` (CreatedAt) that fires at `fireTick` (FireAt);
 * - fired: the worker ran; upstream keeps the key with a nil worker ("to avoid duplicated calls"),
 *   so no new work is added for the pod until the key is cancelled. `trigger` is the signature of
 *   the node's NoExecute taints and the pod's tolerations when an untolerated taint last evicted
 *   it: upstream evicts again on every later change of either while a taint stays untolerated.
 */
export interface EvictionRecord {
  startTick: number;
  fireTick: number;
  fired?: boolean;
  trigger?: string;
}

export function readEviction(pod: Pod): EvictionRecord | undefined {
  return pod.sim?.[SIM_KEY] as unknown as EvictionRecord | undefined;
}

export function evictionJson(r: EvictionRecord): Json {
  const out: { [k: string]: Json } = { startTick: r.startTick, fireTick: r.fireTick };
  if (r.fired) out.fired = true;
  if (r.trigger !== undefined) out.trigger = r.trigger;
  return out;
}

export const isPending = (r: EvictionRecord | undefined): r is EvictionRecord => r !== undefined && !r.fired;

/** FNV-1a (32 bit) of the node's NoExecute taints and the pod's tolerations, as hex. */
export function triggerSignature(taints: readonly Taint[], tolerations: readonly Toleration[]): string {
  const s = JSON.stringify([taints, tolerations]);
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}
