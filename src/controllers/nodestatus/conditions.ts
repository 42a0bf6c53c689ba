// What a node's kubelet says of itself: its Ready condition (pkg/kubelet/nodestatus/setters.go
// ReadyCondition, v1.28) from the simulated kubelet state in node.sim.kubelet. Differs: the
// reasons a real kubelet is NotReady (runtime, network, storage errors) are one scenario switch.
import type { Node, NodeCondition } from '../../api/types.js';

/** node.sim.kubelet as the scenario runner writes it (src/scenario/nodes.ts, steps.ts). */
export interface KubeletState {
  /** the kubelet process runs (default true: a node without the record has a running kubelet, as the Kubelet controller assumes) */
  running: boolean;
  /** the tick the kubelet last stopped or started; undefined when it has run since the node registered */
  since: number | undefined;
  /** what a running kubelet reports of itself (default true) */
  reportReady: boolean;
}

export function kubeletState(node: Node): KubeletState {
  const k = (node.sim as { kubelet?: { running?: unknown; since?: unknown; reportReady?: unknown } } | undefined)?.kubelet;
  return {
    running: k?.running !== false,
    since: typeof k?.since === 'number' ? k.since : undefined,
    reportReady: k?.reportReady !== false,
  };
}

export const KUBELET_READY_REASON = 'KubeletReady';
export const KUBELET_READY_MESSAGE = 'kubelet is posting ready status';
export const KUBELET_NOT_READY_REASON = 'KubeletNotReady';
/**
 * The message of the commonest real NotReady kubelet: the container runtime reports its network
 * not ready (no CNI plugin initialised). ReadyCondition aggregates the runtime, network, storage
 * and shutdown-manager errors; runtimeState.networkErrors words this one
 * "container runtime network not ready: <the CRI's NetworkReady status>" (containerd's text).
 */
export const KUBELET_NOT_READY_MESSAGE = 'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized';

/** Status, reason and message of the Ready condition a running kubelet posts. */
export function desiredReady(state: KubeletState): Pick<NodeCondition, 'status' | 'reason' | 'message'> {
  return state.reportReady
    ? { status: 'True', reason: KUBELET_READY_REASON, message: KUBELET_READY_MESSAGE }
    : { status: 'False', reason: KUBELET_NOT_READY_REASON, message: KUBELET_NOT_READY_MESSAGE };
}

export function getNodeCondition(node: Node, type: string): NodeCondition | undefined {
  return node.status?.conditions?.find((c) => c.type === type);
}
