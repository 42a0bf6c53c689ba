// NodeName: a pod that names a node fits only that node (framework/plugins/nodename, v1.28).
// Differs: none — and it never rejects here, because the scheduler only takes pods without
// spec.nodeName (a pod that names its node is bound already); kept for the upstream filter order.
import type { NodeInfo, PodInfo } from './framework.js';
import { ERR_REASON_NODE_NAME, NODE_NAME, newStatus, type Status } from './messages.js';

const NODE_NAME_STATUS = newStatus('UnschedulableAndUnresolvable', NODE_NAME, ERR_REASON_NODE_NAME);

/** Filter: UnschedulableAndUnresolvable "node(s) didn't match the requested node name". */
export function nodeNameFilter(pod: PodInfo, node: NodeInfo): Status | null {
  const want = pod.spec.nodeName;
  return want && want !== node.name ? NODE_NAME_STATUS : null;
}
