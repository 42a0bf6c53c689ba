// What an eviction does to the pod (eviction_manager.go evictPod → the kubelet's killPod with the
// status function: phase Failed, reason Evicted, the message, a DisruptionTarget condition with
// reason TerminationByKubelet), then the status the kubelet reports once the containers stopped
// (generateAPIPodStatus: conditions not owned by the kubelet first, Ready/ContainersReady False
// with reason PodFailed; status_manager TerminatePod: a container that never ran is
// ContainerStatusUnknown). Differs: the kill is done here, not by a kubelet pod worker; a process
// that exits on SIGTERM exits 0 (Completed), one SIGKILLed at the deadline 137 (Error).
import type { Behavior, Container, ContainerStateTerminated, ContainerStatus, Pod, PodCondition, PodStatus } from '../../api/types.js';
import type { Clock } from '../../api/time.js';
import { behaviorOf } from '../../state/usage.js';
import { REASON_EVICTED } from './message.js';

/** v1.PodReasonTerminationByKubelet */
export const REASON_TERMINATION_BY_KUBELET = 'TerminationByKubelet';
export const DISRUPTION_TARGET = 'DisruptionTarget';

/** kubetypes.PodConditionsByKubelet: regenerated on every status the kubelet computes. */
const KUBELET_CONDITIONS = new Set(['PodScheduled', 'Ready', 'Initialized', 'ContainersReady']);

/** kubelettypes.IsCriticalPod: static, mirror, or priority ≥ system-critical (2,000,000,000). */
export function isCriticalPod(pod: Pod): boolean {
  const a = pod.metadata.annotations ?? {};
  const source = a['kubernetes.io/config.source'];
  if (source !== undefined && source !== 'api') return true;
  if (a['kubernetes.io/config.mirror'] !== undefined) return true;
  return pod.spec.priority !== undefined && pod.spec.priority >= 2_000_000_000;
}

/** How one container ends: seconds after the kill, exit code, reason. */
export interface ContainerStop {
  afterSeconds: number;
  exitCode: number;
  reason: string;
}

/** kuberuntime minimumGracePeriodInSeconds: a stopped container always gets this long after SIGTERM. */
export const MINIMUM_GRACE_PERIOD_SECONDS = 2;

/**
 * When the container's process ends (killContainer, kuberuntime_container.go v1.28): the preStop
 * hook runs first when there is a grace period (at most that long), SIGTERM follows, and SIGKILL
 * when what is left of the grace period — never less than 2 s — runs out. The hook's and the
 * process's times come from the scenario's behaviour (terminate.preStopSeconds, sigtermSeconds).
 *
 * Worked numbers: grace 0, sigtermSeconds 0 → exits 0 at once; grace 0, sigtermSeconds 5 → SIGKILL
 * (137) at 2 s; grace 20, preStop 5, sigtermSeconds 20 → SIGKILL at 5 + 15 = 20 s.
 */
export function containerStop(behaviors: readonly Behavior[], pod: Pod, c: Container, graceSeconds: number): ContainerStop {
  const t = behaviorOf(behaviors, pod, c)?.terminate;
  const hook = c.lifecycle?.preStop && graceSeconds > 0 ? Math.min(t?.preStopSeconds ?? 0, graceSeconds) : 0;
  const window = Math.max(MINIMUM_GRACE_PERIOD_SECONDS, graceSeconds - hook);
  const exit = t?.sigtermSeconds ?? 0;
  if (exit <= window) return { afterSeconds: hook + exit, exitCode: 0, reason: 'Completed' };
  return { afterSeconds: hook + window, exitCode: 137, reason: 'Error' };
}

/** The running containers a kill stops (the "Killing" events name them), init containers first. */
export function runningContainers(pod: Pod): Container[] {
  return [...(pod.spec.initContainers ?? []), ...pod.spec.containers].filter((c) => runningStatus(pod, c.name));
}

/** The seconds after the kill at which the last running container has stopped. */
export function podStopSeconds(behaviors: readonly Behavior[], pod: Pod, graceSeconds: number): number {
  let last = 0;
  for (const c of runningContainers(pod)) last = Math.max(last, containerStop(behaviors, pod, c, graceSeconds).afterSeconds);
  return last;
}

function runningStatus(pod: Pod, name: string): ContainerStatus | undefined {
  const s = pod.status?.containerStatuses?.find((x) => x.name === name) ?? pod.status?.initContainerStatuses?.find((x) => x.name === name);
  return s?.state?.running ? s : undefined;
}

/** podutil.UpdatePodCondition: replace the condition of the type, keeping its transition time when the status is unchanged. */
function updateCondition(conditions: readonly PodCondition[], c: PodCondition): PodCondition[] {
  const i = conditions.findIndex((x) => x.type === c.type);
  if (i < 0) return [...conditions, c];
  const old = conditions[i]!;
  const next = old.status === c.status && old.lastTransitionTime ? { ...c, lastTransitionTime: old.lastTransitionTime } : c;
  return conditions.map((x, j) => (j === i ? next : x));
}

/**
 * The status the eviction's status function writes at the kill: Failed, Evicted, the message and
 * (for threshold evictions) the DisruptionTarget condition; containers as they are.
 */
export function evictingStatus(pod: Pod, message: string, disruptionCondition: boolean, now: string): PodStatus {
  const status: PodStatus = { ...(pod.status ?? {}), phase: 'Failed', reason: REASON_EVICTED, message };
  if (disruptionCondition) {
    status.conditions = updateCondition(status.conditions ?? [], {
      type: DISRUPTION_TARGET, status: 'True', lastProbeTime: null, lastTransitionTime: now, reason: REASON_TERMINATION_BY_KUBELET, message,
    });
  }
  return status;
}

/**
 * The status once every container has stopped (`killedAt` = the tick of the kill): each running
 * container terminated per `stops`, any that never ran ContainerStatusUnknown, and the kubelet's
 * conditions regenerated for a Failed pod.
 */
export function stoppedStatus(pod: Pod, status: PodStatus, stops: (c: Container) => ContainerStop, killedAt: number, clock: Clock): PodStatus {
  const now = clock.at(killedAt);
  const specs = [...(pod.spec.initContainers ?? []), ...pod.spec.containers];
  const stop = (s: ContainerStatus): ContainerStatus => {
    if (s.state?.terminated) return s;
    const spec = specs.find((c) => c.name === s.name);
    const running = s.state?.running;
    if (running && spec) {
      const how = stops(spec);
      // keys in the order the kubelet's own terminated states carry them
      const terminated: ContainerStateTerminated = { exitCode: how.exitCode, reason: how.reason };
      if (running.startedAt !== undefined) terminated.startedAt = running.startedAt;
      terminated.finishedAt = clock.at(killedAt + how.afterSeconds);
      if (s.containerID !== undefined) terminated.containerID = s.containerID;
      return { ...s, state: { terminated }, ready: false, started: false };
    }
    return {
      ...s,
      state: { terminated: { exitCode: 137, reason: 'ContainerStatusUnknown', message: 'The container could not be located when the pod was terminated' } },
      ready: false,
      started: false,
    };
  };
  const out: PodStatus = { ...status, phase: 'Failed' };
  if (status.containerStatuses) out.containerStatuses = status.containerStatuses.map(stop);
  if (status.initContainerStatuses) out.initContainerStatuses = status.initContainerStatuses.map(stop);
  out.conditions = failedConditions(status.conditions ?? [], now);
  return out;
}

/** generateAPIPodStatus's conditions for a Failed pod, transition times kept where unchanged. */
function failedConditions(old: readonly PodCondition[], now: string): PodCondition[] {
  const out = old.filter((c) => !KUBELET_CONDITIONS.has(c.type));
  const gen = (type: string, status: 'True' | 'False', reason?: string): PodCondition => {
    const prev = old.find((c) => c.type === type);
    const c: PodCondition = { type, status, lastProbeTime: null, lastTransitionTime: prev && prev.status === status && prev.lastTransitionTime ? prev.lastTransitionTime : now };
    if (reason !== undefined) c.reason = reason;
    return c;
  };
  const initialized = old.find((c) => c.type === 'Initialized');
  out.push(initialized ? { ...initialized } : gen('Initialized', 'True'));
  out.push(gen('Ready', 'False', 'PodFailed'));
  out.push(gen('ContainersReady', 'False', 'PodFailed'));
  out.push(gen('PodScheduled', 'True'));
  return out;
}
