// NodeUnschedulable: a cordoned node (spec.unschedulable) takes only pods that tolerate the
// node.kubernetes.io/unschedulable:NoSchedule taint (framework/plugins/nodeunschedulable, v1.28).
// Differs: none.
import type { NodeInfo, PodInfo } from './framework.js';
import { ERR_REASON_UNSCHEDULABLE, NODE_UNSCHEDULABLE, newStatus, type Status } from './messages.js';

const UNSCHEDULABLE_STATUS = newStatus('UnschedulableAndUnresolvable', NODE_UNSCHEDULABLE, ERR_REASON_UNSCHEDULABLE);

/** Filter: UnschedulableAndUnresolvable "node(s) were unschedulable". */
export function nodeUnschedulableFilter(pod: PodInfo, node: NodeInfo): Status | null {
  return node.unschedulable && !pod.toleratesUnschedulable ? UNSCHEDULABLE_STATUS : null;
}
