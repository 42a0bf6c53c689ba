// The API pod status the kubelet writes: getPhase and generateAPIPodStatus (pkg/kubelet/
// kubelet_pods.go), the condition generators (pkg/kubelet/status/generate.go), the status
// manager's lastTransitionTime merge and TerminatePod (status_manager.go). Restartable init
// containers (sidecars) as with SidecarContainers on (v1.29; alpha and off in v1.28). Differs: no
// PodReadyToStartContainers (a gate off by default in v1.28), no static pods.
import type { Container, ConditionStatus, ContainerStatus, Pod, PodCondition, PodPhase, PodSpec } from '../../api/types.js';

/** Conditions the kubelet owns (kubetypes.PodConditionsByKubelet); it regenerates them every sync. */
const KUBELET_CONDITIONS = new Set(['PodScheduled', 'Ready', 'Initialized', 'ContainersReady']);

/** format.Pod: "name_namespace(uid)", as the kubelet names pods in messages. */
export function formatPod(pod: Pod): string {
  return `${pod.metadata.name}_${pod.metadata.namespace ?? ''}(${pod.metadata.uid ?? ''})`;
}

/** types.IsRestartableInitContainer: an init container with restartPolicy Always (a sidecar). */
export const isSidecar = (c: Container): boolean => c.restartPolicy === 'Always';

const find = (statuses: readonly ContainerStatus[], name: string): ContainerStatus | undefined => statuses.find((x) => x.name === name);

/** kubecontainer.HasAnyRegularContainerStarted. */
export function hasAnyRegularContainerStarted(spec: PodSpec, statuses: readonly ContainerStatus[]): boolean {
  return spec.containers.some((c) => {
    const s = find(statuses, c.name);
    return s !== undefined && (s.state.running !== undefined || s.state.terminated !== undefined);
  });
}

/**
 * kubelet_pods.go getPhase (v1.29 with sidecars): regular init containers gate the pod (a failure
 * with restartPolicy Never fails it), sidecars count as running and hold it Pending until started,
 * terminated sidecars are ignored; then the app containers decide.
 */
export function getPhase(spec: PodSpec, statuses: readonly ContainerStatus[], podIsTerminal: boolean, initStatuses: readonly ContainerStatus[] = []): PodPhase {
  let pendingInitialization = 0, failedInitialization = 0;
  let unknown = 0, running = 0, waiting = 0, stopped = 0, succeeded = 0;
  for (const c of spec.initContainers ?? []) {
    const s = find(initStatuses, c.name);
    if (isSidecar(c)) {
      if (!s) { unknown++; continue; }
      if (s.state.running) {
        if (!s.started) pendingInitialization++;
        running++;
      } else if (s.state.terminated) {
        // terminated sidecars are ignored for the phase
      } else if (s.state.waiting) {
        if (!s.lastState.terminated) { pendingInitialization++; waiting++; }
      } else { pendingInitialization++; unknown++; }
      continue;
    }
    if (!s) { pendingInitialization++; continue; }
    if (s.state.running) pendingInitialization++;
    else if (s.state.terminated) { if (s.state.terminated.exitCode !== 0) failedInitialization++; }
    else if (s.state.waiting) {
      if (s.lastState.terminated) { if (s.lastState.terminated.exitCode !== 0) failedInitialization++; }
      else pendingInitialization++;
    } else pendingInitialization++;
  }
  for (const c of spec.containers) {
    const s = find(statuses, c.name);
    if (!s) { unknown++; continue; }
    if (s.state.running) running++;
    else if (s.state.terminated) {
      stopped++;
      if (s.state.terminated.exitCode === 0) succeeded++;
    } else if (s.state.waiting) {
      if (s.lastState.terminated) stopped++;
      else waiting++;
    } else unknown++;
  }
  const policy = spec.restartPolicy ?? 'Always';
  if (failedInitialization > 0 && policy === 'Never') return 'Failed';
  if ((pendingInitialization > 0 && !hasAnyRegularContainerStarted(spec, statuses)) || waiting > 0) return 'Pending';
  if (running > 0 && unknown === 0) return 'Running';
  if (running === 0 && stopped > 0 && unknown === 0) {
    // A terminal pod's containers will not restart whatever the policy.
    if (podIsTerminal) return stopped === succeeded ? 'Succeeded' : 'Failed';
    if (policy === 'Always') return 'Running';
    if (stopped === succeeded) return 'Succeeded';
    if (policy === 'Never') return 'Failed';
    return 'Running';
  }
  return 'Pending';
}

interface GeneratedCondition {
  type: string;
  status: ConditionStatus;
  reason?: string;
  message?: string;
}

/** Go's %s of a []string: "[a b]". */
const goList = (names: string[]): string => `[${names.join(' ')}]`;

/** generate.go GenerateContainersReadyCondition: sidecars first, then the app containers. */
export function containersReadyCondition(spec: PodSpec, statuses: readonly ContainerStatus[], phase: PodPhase, initStatuses: readonly ContainerStatus[] = []): GeneratedCondition {
  const unknown: string[] = [];
  const unready: string[] = [];
  const check = (c: Container, list: readonly ContainerStatus[]): void => {
    const s = find(list, c.name);
    if (!s) unknown.push(c.name);
    else if (!s.ready) unready.push(c.name);
  };
  for (const c of spec.initContainers ?? []) if (isSidecar(c)) check(c, initStatuses);
  for (const c of spec.containers) check(c, statuses);
  if (phase === 'Succeeded' && unknown.length === 0) return { type: 'ContainersReady', status: 'False', reason: 'PodCompleted' };
  if (phase === 'Failed') return { type: 'ContainersReady', status: 'False', reason: 'PodFailed' };
  const messages: string[] = [];
  if (unknown.length > 0) messages.push(`containers with unknown status: ${goList(unknown)}`);
  if (unready.length > 0) messages.push(`containers with unready status: ${goList(unready)}`);
  if (messages.length > 0) return { type: 'ContainersReady', status: 'False', reason: 'ContainersNotReady', message: messages.join(', ') };
  return { type: 'ContainersReady', status: 'True' };
}

/** generate.go GeneratePodReadyCondition: ContainersReady, then the readiness gates. */
export function podReadyCondition(spec: PodSpec, conditions: readonly PodCondition[], containersReady: GeneratedCondition): GeneratedCondition {
  if (containersReady.status !== 'True') {
    const c: GeneratedCondition = { type: 'Ready', status: containersReady.status };
    if (containersReady.reason !== undefined) c.reason = containersReady.reason;
    if (containersReady.message !== undefined) c.message = containersReady.message;
    return c;
  }
  const unready: string[] = [];
  for (const g of spec.readinessGates ?? []) {
    const c = conditions.find((x) => x.type === g.conditionType);
    if (!c) unready.push(`corresponding condition of pod readiness gate "${g.conditionType}" does not exist.`);
    else if (c.status !== 'True') unready.push(`the status of pod readiness gate "${g.conditionType}" is not "True", but ${c.status}`);
  }
  if (unready.length > 0) return { type: 'Ready', status: 'False', reason: 'ReadinessGatesNotReady', message: unready.join(', ') };
  return { type: 'Ready', status: 'True' };
}

/**
 * generate.go GeneratePodInitializedCondition: every regular init container exited 0 and every
 * sidecar started — or an app container has run (sidecars restarting do not un-initialize).
 */
export function initializedCondition(phase: PodPhase, spec?: PodSpec, initStatuses: readonly ContainerStatus[] = [], statuses: readonly ContainerStatus[] = []): GeneratedCondition {
  const unknown: string[] = [];
  const incomplete: string[] = [];
  for (const c of spec?.initContainers ?? []) {
    const s = find(initStatuses, c.name);
    if (!s) unknown.push(c.name);
    else if (isSidecar(c) ? !s.started : !(s.state.terminated && s.state.terminated.exitCode === 0)) incomplete.push(c.name);
  }
  if (phase === 'Succeeded' && unknown.length === 0) return { type: 'Initialized', status: 'True', reason: 'PodCompleted' };
  if (spec && hasAnyRegularContainerStarted(spec, statuses)) return { type: 'Initialized', status: 'True' };
  const messages: string[] = [];
  if (unknown.length > 0) messages.push(`containers with unknown status: ${goList(unknown)}`);
  if (incomplete.length > 0) messages.push(`containers with incomplete status: ${goList(incomplete)}`);
  if (messages.length > 0) return { type: 'Initialized', status: 'False', reason: 'ContainersNotInitialized', message: messages.join(', ') };
  return { type: 'Initialized', status: 'True' };
}

/**
 * The conditions after a sync: the ones the kubelet does not own, kept in order, then Initialized,
 * Ready, ContainersReady, PodScheduled (generateAPIPodStatus's order). lastTransitionTime is kept
 * from the previous condition of the same type when the status did not change, else `now`.
 */
export function generateConditions(pod: Pod, statuses: readonly ContainerStatus[], phase: PodPhase, now: string, initStatuses: readonly ContainerStatus[] = []): PodCondition[] {
  const old = pod.status?.conditions ?? [];
  const out: PodCondition[] = old.filter((c) => !KUBELET_CONDITIONS.has(c.type));
  const containersReady = containersReadyCondition(pod.spec, statuses, phase, initStatuses);
  const generated: GeneratedCondition[] = [
    initializedCondition(phase, pod.spec, initStatuses, statuses),
    podReadyCondition(pod.spec, out, containersReady),
    containersReady,
    { type: 'PodScheduled', status: 'True' },
  ];
  for (const g of generated) {
    const prev = old.find((c) => c.type === g.type);
    const c: PodCondition = {
      type: g.type,
      status: g.status,
      lastProbeTime: null,
      lastTransitionTime: prev && prev.status === g.status && prev.lastTransitionTime ? prev.lastTransitionTime : now,
    };
    if (g.reason !== undefined) c.reason = g.reason;
    if (g.message !== undefined) c.message = g.message;
    out.push(c);
  }
  return out;
}

const UNKNOWN_TERMINATED = { exitCode: 137, reason: 'ContainerStatusUnknown', message: 'The container could not be located when the pod was terminated' };

/**
 * status_manager.go TerminatePod: once the pod has initialized, every app container without a
 * terminated state is reported ContainerStatusUnknown/137; so is every init container but the
 * trailing ones that never started (at least the first). Returns the containers it changed.
 */
export function terminatePodStatuses(spec: PodSpec, statuses: ContainerStatus[], initStatuses: ContainerStatus[]): string[] {
  const changed: string[] = [];
  const mark = (s: ContainerStatus): void => {
    if (s.state.terminated) return;
    s.state = { terminated: { ...UNKNOWN_TERMINATED } };
    s.ready = false;
    s.started = false;
    changed.push(s.name);
  };
  if (hasPodInitialized(spec, statuses, initStatuses)) for (const s of statuses) mark(s);
  let n = 0;
  for (let i = initStatuses.length - 1; i >= 0; i--) {
    const s = initStatuses[i]!;
    if (!s.state.waiting || s.lastState.terminated) { n = i + 1; break; }
  }
  if (n === 0 && initStatuses.length > 0) n = 1;
  for (let i = 0; i < n; i++) mark(initStatuses[i]!);
  return changed;
}

/** status_manager.go hasPodInitialized. */
function hasPodInitialized(spec: PodSpec, statuses: readonly ContainerStatus[], initStatuses: readonly ContainerStatus[]): boolean {
  if ((spec.initContainers ?? []).length === 0) return true;
  if (statuses.some((s) => s.lastState.terminated || !s.state.waiting)) return true;
  const last = initStatuses[initStatuses.length - 1];
  return !!last && (last.lastState.terminated?.exitCode === 0 || last.state.terminated?.exitCode === 0);
}

/** kubetypes.SortedContainerStatuses: the kubelet lists container statuses by name. */
export function sortStatuses(statuses: ContainerStatus[]): ContainerStatus[] {
  return statuses.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Deep equality of plain JSON values (status fragments), for writing only what changed. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    if (a.length !== bb.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], bb[i])) return false;
    return true;
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  let n = 0;
  for (const k in ao) {
    if (ao[k] === undefined) continue;
    n++;
    if (!jsonEqual(ao[k], bo[k])) return false;
  }
  for (const k in bo) if (bo[k] !== undefined) n--;
  return n === 0;
}
