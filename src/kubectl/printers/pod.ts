// The READY / STATUS / RESTARTS cells of `kubectl get pods`: printPod in
// pkg/printers/internalversion/printers.go at v1.28 (restartable init containers counted as in
// the 1.28 sidecar alpha; "Terminating" regardless of phase, the terminal-phase check came later).
import { humanDuration, type Clock } from '../../api/time.js';
import type { Container, ContainerStatus, Pod } from '../../api/types.js';

/** node.NodeUnreachablePodReason: the reason the node lifecycle controller sets on lost pods. */
export const NODE_UNREACHABLE_POD_REASON = 'NodeLost';

export interface PodSummary {
  readyContainers: number;
  totalContainers: number;
  /** READY cell: "1/1" */
  ready: string;
  /** STATUS cell: "Running", "CrashLoopBackOff", "Init:0/2", "Terminating" … */
  status: string;
  restarts: number;
  /** RESTARTS cell: "3" or "3 (12s ago)" */
  restartsCell: string;
}

function isRestartableInitContainer(c: Container | undefined): boolean {
  return c?.restartPolicy === 'Always';
}

function hasCondition(pod: Pod, type: string, reason?: string): boolean {
  return (pod.status?.conditions ?? []).some((c) => c.type === type && (reason === undefined ? c.status === 'True' : c.reason === reason));
}

/** The tick a container last terminated (lastState.terminated.finishedAt), if any. */
function lastTerminatedTick(cs: ContainerStatus, clock: Clock): number | undefined {
  const at = cs.lastState?.terminated?.finishedAt;
  if (!at) return undefined;
  const t = clock.tickOf(at);
  return Number.isNaN(t) ? undefined : t;
}

const later = (a: number | undefined, b: number | undefined): number | undefined =>
  b === undefined ? a : a === undefined || a < b ? b : a;

/**
 * printPod's READY, STATUS and RESTARTS for one pod at tick `now`.
 * @example podSummary(crashingPod, 100, clock).status === 'CrashLoopBackOff'
 */
export function podSummary(pod: Pod, now: number, clock: Clock): PodSummary {
  const spec = pod.spec;
  const status = pod.status ?? {};
  let restarts = 0;
  let restartableInitRestarts = 0;
  let totalContainers = spec.containers.length;
  let readyContainers = 0;
  let lastRestart: number | undefined;
  let lastRestartableInitRestart: number | undefined;

  let reason: string = status.phase ?? '';
  if (status.reason) reason = status.reason;
  // A pod carrying {type: PodScheduled, reason: SchedulingGated} shows SchedulingGated.
  if (hasCondition(pod, 'PodScheduled', 'SchedulingGated')) reason = 'SchedulingGated';

  const initContainers = new Map<string, Container>();
  for (const c of spec.initContainers ?? []) {
    initContainers.set(c.name, c);
    if (isRestartableInitContainer(c)) totalContainers++;
  }

  let initializing = false;
  const initStatuses = status.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const cs = initStatuses[i]!;
    const restartable = isRestartableInitContainer(initContainers.get(cs.name));
    restarts += cs.restartCount;
    lastRestart = later(lastRestart, lastTerminatedTick(cs, clock));
    if (restartable) {
      restartableInitRestarts += cs.restartCount;
      lastRestartableInitRestart = later(lastRestartableInitRestart, lastTerminatedTick(cs, clock));
    }
    const term = cs.state?.terminated;
    const waiting = cs.state?.waiting;
    if (term && term.exitCode === 0) continue;
    if (restartable && cs.started === true) {
      if (cs.ready) readyContainers++;
      continue;
    }
    if (term) {
      // initialization failed
      if (!term.reason) reason = term.signal ? `Init:Signal:${term.signal}` : `Init:ExitCode:${term.exitCode}`;
      else reason = `Init:${term.reason}`;
    } else if (waiting?.reason && waiting.reason !== 'PodInitializing') {
      reason = `Init:${waiting.reason}`;
    } else {
      reason = `Init:${i}/${(spec.initContainers ?? []).length}`;
    }
    initializing = true;
    break;
  }

  if (!initializing) {
    restarts = restartableInitRestarts;
    lastRestart = lastRestartableInitRestart;
    let hasRunning = false;
    const statuses = status.containerStatuses ?? [];
    // Walk backwards, so the first container's state is the one that sticks.
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = statuses[i]!;
      restarts += cs.restartCount;
      lastRestart = later(lastRestart, lastTerminatedTick(cs, clock));
      const waiting = cs.state?.waiting;
      const term = cs.state?.terminated;
      if (waiting?.reason) reason = waiting.reason;
      else if (term?.reason) reason = term.reason;
      else if (term) reason = term.signal ? `Signal:${term.signal}` : `ExitCode:${term.exitCode}`;
      else if (cs.ready && cs.state?.running) {
        hasRunning = true;
        readyContainers++;
      }
    }
    // change pod status back to "Running" if there is at least one container still reporting as "Running"
    if (reason === 'Completed' && hasRunning) reason = hasCondition(pod, 'Ready') ? 'Running' : 'NotReady';
  }

  if (pod.metadata.deletionTimestamp && status.reason === NODE_UNREACHABLE_POD_REASON) reason = 'Unknown';
  else if (pod.metadata.deletionTimestamp) reason = 'Terminating';

  let restartsCell = String(restarts);
  if (restarts !== 0 && lastRestart !== undefined) restartsCell = `${restarts} (${humanDuration(now - lastRestart)} ago)`;
  return { readyContainers, totalContainers, ready: `${readyContainers}/${totalContainers}`, status: reason, restarts, restartsCell };
}

/** The pod's first IP: status.podIPs[0], or status.podIP (the API server fills one from the other). */
export function podIP(pod: Pod): string {
  return pod.status?.podIPs?.[0]?.ip ?? pod.status?.podIP ?? '';
}

/** READINESS GATES cell: "<none>" or "true/total". */
export function readinessGatesCell(pod: Pod): string {
  const gates = pod.spec.readinessGates ?? [];
  if (gates.length === 0) return '<none>';
  let trueConditions = 0;
  for (const g of gates) {
    const c = (pod.status?.conditions ?? []).find((x) => x.type === g.conditionType);
    if (c?.status === 'True') trueConditions++;
  }
  return `${trueConditions}/${gates.length}`;
}
