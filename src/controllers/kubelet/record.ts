// What the simulated kubelet remembers about a pod between syncs (a real kubelet keeps it in
// process memory: pod workers, the back-off maps, probe workers' counters, kills in progress),
// stored in the pod's hidden `sim.kubelet` so that a resumed run sees exactly what the original saw.
import type { ContainerStateTerminated, Json, Pod } from '../../api/types.js';
import type { BackoffTable } from './backoff.js';
import type { ProbeKind, WorkerRun } from './prober.js';

/**
 * Where a container is in its life:
 * - waiting: not started yet (init containers run one at a time; app containers wait for them);
 * - creating: an instance is being created (for imagePullPolicy Always: pulled); runs at
 *   since + startupSeconds;
 * - running: since = state.running.startedAt;
 * - stopping: being killed (preStop hook, SIGTERM, SIGKILL at the deadline): see `kill`;
 * - exited: the last instance exited at `since` and restarts at `restartAt` (CrashLoopBackOff);
 * - pullFailed: a pull failed at `since` (ErrImagePull); the next sync reports the back-off;
 * - pullBackOff: ImagePullBackOff until the pull back-off ends, then it pulls again;
 * - neverPull: ErrImageNeverPull — the image is missing and the policy forbids pulling;
 * - done: will not run again (completed, restart policy, or the pod is being deleted).
 */
export type Step = 'waiting' | 'creating' | 'running' | 'stopping' | 'exited' | 'pullFailed' | 'pullBackOff' | 'neverPull' | 'done';

/** Why a container is being killed (computePodActions / killPodWithSyncResult). */
export type KillReason = 'delete' | 'liveness' | 'startup' | 'pod';

/** A kill in progress (killContainer): every instant is fixed when it begins. */
export interface KillRecord {
  reason: KillReason;
  /** the Killing event; the preStop hook starts */
  at: number;
  /** the preStop hook would finish (absent: no hook ran) */
  hookEnd?: number;
  /** StopContainer: SIGTERM */
  sigtermAt: number;
  /** StopContainer's timeout: SIGKILL */
  sigkillAt: number;
  /** the container is started again when it has stopped (probe kills, restartPolicy allowing) */
  restart: boolean;
}

export interface ContainerRecord {
  name: string;
  step: Step;
  /** tick the step began */
  since: number;
  /** step exited: tick of the restart (FinishedAt + back-off) */
  restartAt?: number;
  /** instances started so far (restartCount = starts − 1) */
  starts: number;
  /** running/stopping: state.running.startedAt of the instance */
  startedAt?: number;
  /** the probe workers' lastResult/resultRun when the current (or last) instance started */
  probes?: Partial<Record<ProbeKind, WorkerRun>>;
  /** probe results and Unhealthy reports up to this instant have been applied */
  probedThrough?: number;
  /** FinishedAt of the newest exited instance (what doBackOff finds in the runtime) */
  lastExit?: number;
  /** the kill in progress (step stopping) */
  kill?: KillRecord;
  /** a regular init container that exited 0 */
  completed?: true;
  /**
   * A killed instance restarted at once: the pod worker started its successor in the same SyncPod,
   * so the API status shows the old instance running until the new one runs; then this becomes
   * lastState.terminated.
   */
  pendingTerm?: ContainerStateTerminated;
}

export interface KubeletRecord {
  /** first sync: the pod worker and its probe workers start at this tick */
  syncedAt: number;
  /** one per spec.containers entry, same order */
  containers: ContainerRecord[];
  /** one per spec.initContainers entry, same order (absent: none) */
  initContainers?: ContainerRecord[];
  /** flowcontrol back-off: container restarts keyed by container name, pulls by "pull:<image>" */
  backoff: BackoffTable;
  /** the deletion was seen and SIGTERM sent at this tick */
  killedAt?: number;
  /** computePodActions chose KillPod (run to completion, or a failed init with restartPolicy Never) */
  podKilledAt?: number;
  /** the app containers were started (initialization done) */
  initialized?: true;
  /** the kubelet wrote a terminal phase (a terminal phase written by anyone else ends its care) */
  terminal?: true;
  /** every container had stopped at this tick (TerminatePod); the pod object is removed the tick after */
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
  const out: KubeletRecord = { ...rec, containers: rec.containers.map((c) => ({ ...c })) };
  if (rec.initContainers) out.initContainers = rec.initContainers.map((c) => ({ ...c }));
  return out;
}
