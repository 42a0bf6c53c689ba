// What a pod sync hands back to the controller, and the kubelet's care of finished pods: a pod
// whose phase is terminal (by the kubelet's own hand or anyone else's, e.g. node-pressure
// eviction) is never synced again; once deleted, the status manager removes it (status_manager.go
// canBeDeleted → delete with grace 0). Differs: the removal is the tick after the stop.
import type { Behavior, Json, Node, Pod, PodStatus } from '../../api/types.js';
import type { Clock } from '../../api/time.js';
import type { Rng } from '../../state/controller.js';
import type { KubeEventNote } from '../../state/events.js';
import type { PodIPAllocator } from './ipam.js';
import type { MemoryEnv } from './memory.js';
import type { KubeletRecord } from './record.js';

export interface SyncEnv {
  now: number;
  clock: Clock;
  rng: Rng;
  behaviors: readonly Behavior[];
  node: Node;
  ipam: PodIPAllocator;
  /** memory usage for OOM kills (absent: no usage model, nothing is OOM-killed) */
  memory?: MemoryEnv;
}

/** A Kubernetes Event the sync emits, with the event type of the log entry that carries it. */
export interface SyncNote {
  type: string;
  note: Pick<KubeEventNote, 'type' | 'reason' | 'message' | 'count' | 'firstTick'>;
}

export interface SyncOutcome {
  /** the pod's status after the sync (the stored value itself when nothing changed) */
  status: PodStatus;
  /** the kubelet's record (undefined: a pod it never ran and leaves alone) */
  record: KubeletRecord | undefined;
  notes: SyncNote[];
  /** event types of what happened, in order (the update is named after the weightiest) */
  facts: string[];
  data: { [key: string]: Json };
  /** the next tick this pod needs the kubelet (Infinity = never) */
  wakeAt: number;
  /** the pod's containers have stopped after a deletion: remove the object */
  remove: boolean;
}

export const isTerminalPhase = (phase: string | undefined): boolean => phase === 'Succeeded' || phase === 'Failed';

/** The tick a deleted pod's object goes: the tick after its containers stopped (and the deletion). */
export function removeAt(pod: Pod, rec: KubeletRecord | undefined, clock: Clock): number {
  const ts = pod.metadata.deletionTimestamp!;
  const requested = clock.tickOf(ts) - (pod.metadata.deletionGracePeriodSeconds ?? 0);
  return Math.max(requested, rec?.stoppedAt ?? -Infinity) + 1;
}

export const held = (pod: Pod): boolean => (pod.metadata.finalizers?.length ?? 0) > 0;

/**
 * A pod whose phase is terminal and whose containers the kubelet no longer runs — finished by the
 * kubelet, or marked Failed/Succeeded by someone else (node-pressure eviction): the kubelet never
 * restarts or re-syncs its containers and never changes its phase; it only removes the object once
 * it is deleted (the status manager's final delete).
 */
export function finishedPod(pod: Pod, rec: KubeletRecord | undefined, now: number, clock: Clock): SyncOutcome | undefined {
  if (!pod.metadata.deletionTimestamp || held(pod)) return undefined;
  const at = removeAt(pod, rec, clock);
  return { status: pod.status, record: rec, notes: [], facts: [], data: {}, wakeAt: now >= at ? Infinity : at, remove: now >= at };
}
