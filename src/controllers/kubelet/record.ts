// What the simulated kubelet remembers about a pod between syncs (a real kubelet keeps it in
// process memory: pod workers, the back-off maps, probe workers' counters), stored in the pod's
// hidden `sim.kubelet` so that a resumed run sees exactly what the original saw. Plain JSON only.
import type { Json, Pod } from '../../api/types.js';
import type { BackoffTable } from './backoff.js';
import type { WorkerRun } from './prober.js';

/**
 * Where a container is in its life:
 * - creating: an instance is being created (for imagePullPolicy Always: pulled); runs at
 *   since + startupSeconds;
 * - running: since = state.running.startedAt;
 * - exited: the last instance exited at `since` and restarts at `restartAt` (CrashLoopBackOff);
 * - pullFailed: a pull failed at `since` (ErrImagePull); the next sync reports the back-off;
 * - pullBackOff: ImagePullBackOff until the pull back-off ends, then it pulls again;
 * - neverPull: ErrImageNeverPull — the image is missing and the policy forbids pulling;
 * - done: will not run again (restart policy, or the pod is being deleted).
 */
export type Step = 'creating' | 'running' | 'exited' | 'pullFailed' | 'pullBackOff' | 'neverPull' | 'done';

export interface ContainerRecord {
  name: string;
  step: Step;
  /** tick the step began */
  since: number;
  /** step exited: tick of the restart (FinishedAt + back-off) */
  restartAt?: number;
  /** instances started so far (restartCount = starts − 1) */
  starts: number;
  /** the readiness worker's lastResult/resultRun when the current instance started */
  readiness?: WorkerRun;
}

export interface KubeletRecord {
  /** first sync: the pod worker and its probe workers start at this tick */
  syncedAt: number;
  /** one per spec.containers entry, same order */
  containers: ContainerRecord[];
  /** flowcontrol back-off: container restarts keyed by container name, pulls by "pull:<image>" */
  backoff: BackoffTable;
  /** the deletion was seen and SIGTERM sent at this tick */
  killedAt?: number;
  /** every container had stopped at this tick; the pod object is removed the tick after */
  stoppedAt?: number;
}

export function readRecord(pod: Pod): KubeletRecord | undefined {
  return pod.sim?.['kubelet'] as unknown as KubeletRecord | undefined;
}

export function recordJson(rec: KubeletRecord): Json {
  return rec as unknown as Json;
}

/** A copy whose container entries may be edited in place. */
export function cloneRecord(rec: KubeletRecord): KubeletRecord {
  return { ...rec, containers: rec.containers.map((c) => ({ ...c })) };
}
