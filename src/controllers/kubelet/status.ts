// The API pod status the kubelet writes: getPhase and generateAPIPodStatus (pkg/kubelet/
// kubelet_pods.go), the condition generators (pkg/kubelet/status/generate.go) and the status
// manager's lastTransitionTime merge (status_manager.go updateLastTransitionTime). Differs: no init
// containers, no PodReadyToStartContainers (a gate off by default in v1.28), no static pods.
import type { ConditionStatus, ContainerStatus, Pod, PodCondition, PodPhase, PodSpec } from '../../api/types.js';

/** Conditions the kubelet owns (kubetypes.PodConditionsByKubelet); it regenerates them every sync. */
const KUBELET_CONDITIONS = new Set(['PodScheduled', 'Ready', 'Initialized', 'ContainersReady']);

/** format.Pod: "name_namespace(uid)", as the kubelet names pods in messages. */
export function formatPod(pod: Pod): string {
  return `${pod.metadata.name}_${pod.metadata.namespace ?? ''}(${pod.metadata.uid ?? ''})`;
}

/** kubelet_pods.go getPhase, for regular containers (no init containers yet). */
export function getPhase(spec: PodSpec, statuses: readonly ContainerStatus[], podIsTerminal: boolean): PodPhase {
  let unknown = 0, running = 0, waiting = 0, stopped = 0, succeeded = 0;
  for (const c of spec.containers) {
    const s = statuses.find((x) => x.name === c.name);
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
  if (waiting > 0) return 'Pending';
  if (running > 0 && unknown === 0) return 'Running';
  if (running === 0 && stopped > 0 && unknown === 0) {
    // A terminal pod's containers will not restart whatever the policy.
    if (podIsTerminal) return stopped === succeeded ? 'Succeeded' : 'Failed';
    const policy = spec.restartPolicy ?? 'Always';
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

/** generate.go GenerateContainersReadyCondition. */
export function containersReadyCondition(spec: PodSpec, statuses: readonly ContainerStatus[], phase: PodPhase): GeneratedCondition {
  const unknown: string[] = [];
  const unready: string[] = [];
  for (const c of spec.containers) {
    const s = statuses.find((x) => x.name === c.name);
    if (!s) unknown.push(c.name);
    else if (!s.ready) unready.push(c.name);
  }
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

/** generate.go GeneratePodInitializedCondition for a pod without init containers. */
export function initializedCondition(phase: PodPhase): GeneratedCondition {
  return phase === 'Succeeded' ? { type: 'Initialized', status: 'True', reason: 'PodCompleted' } : { type: 'Initialized', status: 'True' };
}

/**
 * The conditions after a sync: the ones the kubelet does not own, kept in order, then Initialized,
 * Ready, ContainersReady, PodScheduled (generateAPIPodStatus's order). lastTransitionTime is kept
 * from the previous condition of the same type when the status did not change, else `now`.
 */
export function generateConditions(pod: Pod, statuses: readonly ContainerStatus[], phase: PodPhase, now: string): PodCondition[] {
  const old = pod.status?.conditions ?? [];
  const out: PodCondition[] = old.filter((c) => !KUBELET_CONDITIONS.has(c.type));
  const containersReady = containersReadyCondition(pod.spec, statuses, phase);
  const generated: GeneratedCondition[] = [
    initializedCondition(phase),
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
