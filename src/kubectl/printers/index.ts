// kubectl's read-side output for kreplay: `get` tables, -o json|yaml and `describe`, as pure
// functions over objects (callers fetch the objects and pass the related ones in).
// Follows kubectl v1.28; each module names the upstream file it ports.
import type { Deployment, KObject, Namespace, Node, Pod, ReplicaSet } from '../../api/types.js';
import type { HorizontalPodAutoscaler, PodDisruptionBudget, StatefulSet } from '../../api/types.js';
import { describePodDisruptionBudget } from './pdb.js';
import { describeHorizontalPodAutoscaler } from './hpa.js';
import type { KubeEvent } from '../events.js';
import { describeDeployment, describeReplicaSet } from './describe-apps.js';
import { describeStatefulSet } from './describe-statefulset.js';
import type { DescribeClock } from './describe-common.js';
import { describeNamespace, describeNode, type NodeLease } from './describe-node.js';
import { describePod } from './describe-pod.js';

export { describeDeployment, describeReplicaSet, describePodTemplate, equalIgnoreHash, podStatusCounts, replicaSetsOf } from './describe-apps.js';
export type { DescribeDeploymentContext, DescribeReplicaSetContext } from './describe-apps.js';
export { describeStatefulSet } from './describe-statefulset.js';
export type { DescribeStatefulSetContext } from './describe-statefulset.js';
export { describeEvents, PrefixWriter, sortEventsForDescribe } from './describe-common.js';
export type { DescribeClock } from './describe-common.js';
export { describeNamespace, describeNode, podRequestsAndLimits } from './describe-node.js';
export type { DescribeNamespaceContext, DescribeNodeContext, NodeLease } from './describe-node.js';
export { describePod, describeProbe } from './describe-pod.js';
export type { DescribePodContext } from './describe-pod.js';
export { apiView, printList, printObject, toGoJson } from './output.js';
export type { OutputFormat, OutputOptions } from './output.js';
export { NODE_UNREACHABLE_POD_REASON, podIP, podSummary } from './pod.js';
export type { PodSummary } from './pod.js';
export { buildTable, eventSource, noResourcesFound, nodeRoles, nodeStatus, printGet, printTable, qualifiedKind } from './table.js';
export type { GetOptions, GetOutput, Table, TableKind, TableOptions } from './table.js';
export { formatTabbed } from './tabwriter.js';
export { canonicalQuantity, rfc1123z } from './units.js';
export { toYaml } from './yaml.js';
export { describePodDisruptionBudget, pdbCells } from './pdb.js';
export { describeHorizontalPodAutoscaler, formatHPAMetrics, HPA_COLUMNS, hpaCells } from './hpa.js';
export type { DescribeHorizontalPodAutoscalerContext } from './hpa.js';

/** Everything a describer may need; each kind uses its part. */
export interface DescribeContext extends DescribeClock {
  events?: readonly KubeEvent[];
  /** for Deployment */
  replicaSets?: readonly ReplicaSet[];
  /** for ReplicaSet and StatefulSet ("Pods Status") and Node ("Non-terminated Pods") */
  pods?: readonly Pod[];
  /** for Node */
  lease?: NodeLease;
}

/**
 * `kubectl describe` for any kind kreplay stores; undefined for kinds kubectl cannot describe here.
 * @example describeObject(deploy, { now, clock, replicaSets, events })
 */
export function describeObject(obj: KObject, ctx: DescribeContext): string | undefined {
  const base: DescribeClock = { now: ctx.now, clock: ctx.clock };
  const events = ctx.events ?? [];
  switch (obj.kind) {
    case 'Pod': return describePod(obj as Pod, { ...base, events });
    case 'Deployment': return describeDeployment(obj as Deployment, { ...base, events, replicaSets: ctx.replicaSets ?? [] });
    case 'ReplicaSet': return describeReplicaSet(obj as ReplicaSet, { ...base, events, pods: ctx.pods ?? [] });
    case 'StatefulSet': return describeStatefulSet(obj as StatefulSet, { ...base, events, pods: ctx.pods ?? [] });
    case 'Node': return describeNode(obj as Node, { ...base, events, pods: ctx.pods ?? [], ...(ctx.lease ? { lease: ctx.lease } : {}) });
    case 'Namespace': return describeNamespace(obj as Namespace, base);
    case 'PodDisruptionBudget': return describePodDisruptionBudget(obj as PodDisruptionBudget, { ...base, events });
    case 'HorizontalPodAutoscaler': return describeHorizontalPodAutoscaler(obj as HorizontalPodAutoscaler, { ...base, events });
    default: return undefined;
  }
}
