// `kubectl describe node|namespace`: describeNode, describeNodeResource, describeNodeLease and
// describeNamespace (kubectl/pkg/describe/describe.go, v1.28), with pod requests and limits summed
// as kubectl/pkg/util/resource PodRequestsAndLimits does (restartable init containers, overhead).
// Differs: kreplay stores no Lease, so the node lease is derived from the Ready heartbeat unless given.
import type { Namespace, Node, Pod, ResourceList } from '../../api/types.js';
import { eventsFor, type KubeEvent } from '../events.js';
import { describeEvents, LEVEL_0, LEVEL_1, PrefixWriter, printAnnotationsMultiline, printLabelsMultiline, printTaintsMultiline, type DescribeClock } from './describe-common.js';
import { defaultedResources } from './describe-pod.js';
import { nodeRoles } from './table.js';
import { formatQuantity, milliOf, parseQuantity, rfc1123z, since, valueOf, ZERO_QUANTITY, type Quantity } from './units.js';

export interface NodeLease {
  holderIdentity?: string;
  acquireTime?: string;
  renewTime?: string;
}

export interface DescribeNodeContext extends DescribeClock {
  /** Pods (all, or those bound to this node); the node's non-terminated ones are listed. */
  pods: readonly Pod[];
  events?: readonly KubeEvent[];
  /** The node's Lease; default: held by the node, renewed at the Ready condition's last heartbeat. */
  lease?: NodeLease;
}

type QuantityList = Map<string, Quantity>;

function toList(r: ResourceList | undefined): QuantityList {
  const out: QuantityList = new Map();
  for (const [k, v] of Object.entries(r ?? {})) {
    const q = parseQuantity(v);
    if (q) out.set(k, q);
  }
  return out;
}

/** addResourceList: absent names are copied, present ones added (the sum keeps the first's format). */
function addList(list: QuantityList, add: QuantityList): void {
  for (const [k, q] of add) {
    const cur = list.get(k);
    list.set(k, cur ? { nanos: cur.nanos + q.nanos, format: cur.format } : q);
  }
}

/** maxResourceList: each name takes the larger quantity. */
function maxList(list: QuantityList, other: QuantityList): void {
  for (const [k, q] of other) {
    const cur = list.get(k);
    if (!cur || q.nanos > cur.nanos) list.set(k, q);
  }
}

/** PodRequestsAndLimits (kubectl's): Σ containers and sidecars vs. the largest init step, plus overhead. */
export function podRequestsAndLimits(pod: Pod): { requests: QuantityList; limits: QuantityList } {
  const totals = (pick: (r: ReturnType<typeof defaultedResources>) => ResourceList): QuantityList => {
    const sum: QuantityList = new Map();
    for (const c of pod.spec.containers) addList(sum, toList(pick(defaultedResources(c))));
    const restartable: QuantityList = new Map();
    const initMax: QuantityList = new Map();
    for (const c of pod.spec.initContainers ?? []) {
      const own = toList(pick(defaultedResources(c)));
      let step: QuantityList;
      if (c.restartPolicy === 'Always') {
        addList(sum, own);
        addList(restartable, own);
        step = restartable;
      } else {
        step = new Map();
        addList(step, own);
        addList(step, restartable);
      }
      maxList(initMax, step);
    }
    maxList(sum, initMax);
    return sum;
  };
  const requests = totals((r) => r.requests);
  const limits = totals((r) => r.limits);
  const overhead = toList(pod.spec.overhead);
  addList(requests, overhead);
  for (const [k, q] of overhead) {
    const cur = limits.get(k);
    if (cur) limits.set(k, { nanos: cur.nanos + q.nanos, format: cur.format }); // overhead only on non-zero limits
  }
  return { requests, limits };
}

const q = (list: QuantityList, name: string): Quantity => list.get(name) ?? ZERO_QUANTITY;

/** int64(float64(a) / float64(b) * 100), as describe computes percentages (0 when b is 0). */
function percent(a: number, b: number): number {
  return b === 0 ? 0 : Math.trunc((a / b) * 100);
}

const STANDARD = new Set(['cpu', 'memory', 'ephemeral-storage']);

function describeNodeResource(w: PrefixWriter, node: Node, pods: readonly Pod[], t: DescribeClock): void {
  w.write(LEVEL_0, `Non-terminated Pods:\t(${pods.length} in total)\n`);
  w.write(LEVEL_1, 'Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n');
  w.write(LEVEL_1, '---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n');
  const allocatable = toList(Object.keys(node.status?.allocatable ?? {}).length > 0 ? node.status.allocatable : node.status?.capacity);
  const cpuAlloc = milliOf(q(allocatable, 'cpu'));
  const memAlloc = valueOf(q(allocatable, 'memory'));
  const totalReqs: QuantityList = new Map();
  const totalLimits: QuantityList = new Map();
  for (const pod of pods) {
    const { requests, limits } = podRequestsAndLimits(pod);
    addList(totalReqs, requests);
    addList(totalLimits, limits);
    const cr = q(requests, 'cpu');
    const cl = q(limits, 'cpu');
    const mr = q(requests, 'memory');
    const ml = q(limits, 'memory');
    w.write(LEVEL_1, `${pod.metadata.namespace ?? ''}\t${pod.metadata.name}\t\t${formatQuantity(cr)} (${percent(milliOf(cr), cpuAlloc)}%)\t${formatQuantity(cl)} (${percent(milliOf(cl), cpuAlloc)}%)\t`
      + `${formatQuantity(mr)} (${percent(valueOf(mr), memAlloc)}%)\t${formatQuantity(ml)} (${percent(valueOf(ml), memAlloc)}%)\t${since(pod.metadata.creationTimestamp, t.now, t.clock)}\n`);
  }
  w.write(LEVEL_0, 'Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n');
  w.write(LEVEL_1, 'Resource\tRequests\tLimits\n');
  w.write(LEVEL_1, '--------\t--------\t------\n');
  const row = (name: string, unit: (x: Quantity) => number): void => {
    const r = q(totalReqs, name);
    const l = q(totalLimits, name);
    const alloc = unit(q(allocatable, name));
    w.write(LEVEL_1, `${name}\t${formatQuantity(r)} (${percent(unit(r), alloc)}%)\t${formatQuantity(l)} (${percent(unit(l), alloc)}%)\n`);
  };
  row('cpu', milliOf);
  row('memory', valueOf);
  row('ephemeral-storage', valueOf);
  const names = [...allocatable.keys()].sort();
  for (const name of names.filter((n) => n.startsWith('hugepages-'))) row(name, valueOf);
  for (const name of names.filter((n) => !n.startsWith('hugepages-') && !STANDARD.has(n) && n !== 'pods')) {
    w.write(LEVEL_1, `${name}\t${formatQuantity(q(totalReqs, name))}\t${formatQuantity(q(totalLimits, name))}\n`);
  }
}

/**
 * `kubectl describe node`.
 * @example describeNode(node, { pods, events, now: 600, clock })
 */
export function describeNode(node: Node, ctx: DescribeNodeContext): string {
  const w = new PrefixWriter();
  const st = node.status ?? {};
  w.write(LEVEL_0, `Name:\t${node.metadata.name}\n`);
  w.write(LEVEL_0, `Roles:\t${nodeRoles(node).join(',') || '<none>'}\n`);
  printLabelsMultiline(w, 'Labels', node.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', node.metadata.annotations);
  w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(node.metadata.creationTimestamp)}\n`);
  printTaintsMultiline(w, 'Taints', node.spec?.taints);
  w.write(LEVEL_0, `Unschedulable:\t${node.spec?.unschedulable === true}\n`);
  const ready = (st.conditions ?? []).find((c) => c.type === 'Ready');
  const lease = ctx.lease ?? { holderIdentity: node.metadata.name, ...(ready?.lastHeartbeatTime ? { renewTime: ready.lastHeartbeatTime } : {}) };
  w.write(LEVEL_0, 'Lease:\n');
  w.write(LEVEL_1, `HolderIdentity:\t${lease.holderIdentity ?? '<unset>'}\n`);
  w.write(LEVEL_1, `AcquireTime:\t${lease.acquireTime ? rfc1123z(lease.acquireTime) : '<unset>'}\n`);
  w.write(LEVEL_1, `RenewTime:\t${lease.renewTime ? rfc1123z(lease.renewTime) : '<unset>'}\n`);
  if ((st.conditions ?? []).length > 0) {
    w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n');
    w.write(LEVEL_1, '----\t------\t-----------------\t------------------\t------\t-------\n');
    for (const c of st.conditions!) {
      w.write(LEVEL_1, `${c.type} \t${c.status} \t${rfc1123z(c.lastHeartbeatTime)} \t${rfc1123z(c.lastTransitionTime)} \t${c.reason ?? ''} \t${c.message ?? ''}\n`);
    }
  }
  w.write(LEVEL_0, 'Addresses:\n');
  for (const a of st.addresses ?? []) w.write(LEVEL_1, `${a.type}:\t${a.address}\n`);
  const resources = (title: string, list: ResourceList | undefined): void => {
    const names = Object.keys(list ?? {}).sort();
    if (names.length === 0) return;
    w.write(LEVEL_0, `${title}:\n`);
    for (const n of names) {
      const parsed = parseQuantity(list![n]!);
      w.write(LEVEL_0, `  ${n}:\t${parsed ? formatQuantity(parsed) : list![n]!}\n`);
    }
  };
  resources('Capacity', st.capacity);
  resources('Allocatable', st.allocatable);
  const info = st.nodeInfo ?? {};
  w.write(LEVEL_0, 'System Info:\n');
  const infoLine = (label: string, key: string): void => w.write(LEVEL_0, `  ${label}:\t${info[key] ?? ''}\n`);
  infoLine('Machine ID', 'machineID');
  infoLine('System UUID', 'systemUUID');
  infoLine('Boot ID', 'bootID');
  infoLine('Kernel Version', 'kernelVersion');
  infoLine('OS Image', 'osImage');
  infoLine('Operating System', 'operatingSystem');
  infoLine('Architecture', 'architecture');
  infoLine('Container Runtime Version', 'containerRuntimeVersion');
  infoLine('Kubelet Version', 'kubeletVersion');
  infoLine('Kube-Proxy Version', 'kubeProxyVersion');
  if (node.spec?.podCIDR) w.write(LEVEL_0, `PodCIDR:\t${node.spec.podCIDR}\n`);
  if ((node.spec?.podCIDRs ?? []).length > 0) w.write(LEVEL_0, `PodCIDRs:\t${node.spec.podCIDRs!.join(',')}\n`);
  if (node.spec?.providerID) w.write(LEVEL_0, `ProviderID:\t${node.spec.providerID}\n`);
  const pods = ctx.pods
    .filter((p) => p.spec.nodeName === node.metadata.name && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed')
    .sort((a, b) => {
      const an = a.metadata.namespace ?? '';
      const bn = b.metadata.namespace ?? '';
      if (an !== bn) return an < bn ? -1 : 1;
      return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
    });
  describeNodeResource(w, node, pods, ctx);
  describeEvents(eventsFor(ctx.events ?? [], node), w, ctx);
  return w.toString();
}

export type DescribeNamespaceContext = DescribeClock;

/**
 * `kubectl describe namespace` (kreplay has no ResourceQuota or LimitRange objects, so it says
 * so, as kubectl does for a namespace without any).
 */
export function describeNamespace(ns: Namespace, _ctx: DescribeNamespaceContext): string {
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${ns.metadata.name}\n`);
  printLabelsMultiline(w, 'Labels', ns.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', ns.metadata.annotations);
  w.write(LEVEL_0, `Status:\t${ns.status?.phase ?? ''}\n`);
  w.write(LEVEL_0, '\n');
  w.write(LEVEL_0, 'No resource quota.\n');
  w.write(LEVEL_0, '\n');
  w.write(LEVEL_0, 'No LimitRange resource.\n');
  return w.toString();
}
