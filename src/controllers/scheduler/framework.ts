// What the plugins read about a node and a pod, parsed once and cached per immutable object
// (framework/types.go NodeInfo and PodInfo, noderesources PreFilter). Differs: a node's requested
// totals are not held here but read live from the projection's nodeUsage index (View.nodeUsage).
import type { Labels } from '../../api/labels.js';
import { milliValue, value } from '../../api/quantity.js';
import { podResources } from '../../api/resources.js';
import type { ContainerPort, Node, Pod, PodSpec, ResourceList, Taint, Toleration } from '../../api/types.js';
import { parseRequiredNodeAffinity, parsePreferredTerms, preFilterNodeNames, type PreferredTerm, type RequiredNodeAffinity } from './nodeaffinity.js';
import { getContainerPorts } from './nodeports.js';
import { getAllTolerationPreferNoSchedule, tolerationsTolerateTaint } from './tainttoleration.js';
import type { Status } from './messages.js';

/** The static part of a node: everything the filters and scores read except the usage sums. */
export interface NodeInfo {
  readonly node: Node;
  readonly name: string;
  readonly labels: Labels;
  readonly unschedulable: boolean;
  readonly allocatable: Allocatable;
  /** NoSchedule and NoExecute taints, node order (the filter reports the first untolerated one) */
  readonly hardTaints: readonly Taint[];
  /** their rejection statuses, built on first use */
  readonly hardTaintStatus: (Status | undefined)[];
  readonly preferNoScheduleTaints: readonly Taint[];
}

/** Node.status.allocatable in comparison units (framework.Resource). */
export interface Allocatable {
  cpuMillis: number;
  memoryBytes: number;
  ephemeralBytes: number;
  pods: number;
  /** extended / hugepages resources by name */
  scalar: Readonly<Record<string, number>>;
}

const allocatableCache = new WeakMap<ResourceList, Allocatable>();
const EMPTY_ALLOCATABLE: Allocatable = Object.freeze({ cpuMillis: 0, memoryBytes: 0, ephemeralBytes: 0, pods: 0, scalar: Object.freeze({}) });

/** framework.NewResource(node.Status.Allocatable), cached per (immutable, structurally shared) list. */
export function parseAllocatable(list: ResourceList | undefined): Allocatable {
  if (!list) return EMPTY_ALLOCATABLE;
  let a = allocatableCache.get(list);
  if (a) return a;
  const scalar: Record<string, number> = {};
  a = { cpuMillis: 0, memoryBytes: 0, ephemeralBytes: 0, pods: 0, scalar };
  for (const name of Object.keys(list).sort()) {
    const q = list[name]!;
    try {
      if (name === 'cpu') a.cpuMillis = milliValue(q);
      else if (name === 'memory') a.memoryBytes = value(q);
      else if (name === 'ephemeral-storage') a.ephemeralBytes = value(q);
      else if (name === 'pods') a.pods = value(q);
      else scalar[name] = value(q);
    } catch {
      // a malformed quantity never reaches a real node (the API server validates); count it as 0
    }
  }
  allocatableCache.set(list, a);
  return a;
}

const nodeInfoCache = new WeakMap<Node, NodeInfo>();
const NO_TAINTS: readonly Taint[] = Object.freeze([]);

/** The NodeInfo of a node object (cached: node objects are immutable). */
export function nodeInfoOf(node: Node): NodeInfo {
  let ni = nodeInfoCache.get(node);
  if (ni) return ni;
  const taints = node.spec?.taints ?? NO_TAINTS;
  const hard = taints.filter((t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute');
  const prefer = taints.filter((t) => t.effect === 'PreferNoSchedule');
  ni = {
    node,
    name: node.metadata.name,
    labels: node.metadata.labels ?? {},
    unschedulable: node.spec?.unschedulable === true,
    allocatable: parseAllocatable(node.status?.allocatable),
    hardTaints: hard.length ? hard : NO_TAINTS,
    hardTaintStatus: [],
    preferNoScheduleTaints: prefer.length ? prefer : NO_TAINTS,
  };
  nodeInfoCache.set(node, ni);
  return ni;
}

/** A host port the pod wants (HostPortInfo key), sanitised: hostIP "0.0.0.0", protocol "TCP". */
export interface HostPort {
  ip: string;
  protocol: string;
  port: number;
}

/** What the filters and scores read about the pod being scheduled, computed once per spec. */
export interface PodInfo {
  readonly spec: PodSpec;
  readonly cpuMillis: number;
  readonly memoryBytes: number;
  readonly ephemeralBytes: number;
  /** non-zero extended requests, sorted by name */
  readonly scalar: readonly (readonly [string, number])[];
  /** requests with the 100m / 200Mi defaults, for LeastAllocated */
  readonly nonzeroCpuMillis: number;
  readonly nonzeroMemoryBytes: number;
  readonly tolerations: readonly Toleration[];
  readonly tolerationsPreferNoSchedule: readonly Toleration[];
  readonly toleratesUnschedulable: boolean;
  /** nodeSelector + required node affinity, or null when the pod has neither */
  readonly required: RequiredNodeAffinity | null;
  /** PreFilter: names from matchFields metadata.name In terms; 'conflict' when they share none */
  readonly preFilterNames: ReadonlySet<string> | 'conflict' | null;
  readonly preferred: readonly PreferredTerm[];
  readonly hostPorts: readonly HostPort[];
  readonly priority: number;
  readonly preemptionNever: boolean;
}

const podInfoCache = new WeakMap<PodSpec, PodInfo>();
const NO_TOLERATIONS: readonly Toleration[] = Object.freeze([]);

/** corev1helpers.PodPriority: spec.priority, 0 when unset. */
export function podPriority(pod: Pod): number {
  return pod.spec.priority ?? 0;
}

export function podInfoOf(pod: Pod): PodInfo {
  const spec = pod.spec;
  let pi = podInfoCache.get(spec);
  if (pi) return pi;
  const res = podResources(pod);
  const tolerations = spec.tolerations ?? NO_TOLERATIONS;
  const scalar = Object.keys(res.requests.scalar).sort().filter((k) => res.requests.scalar[k] !== 0).map((k) => [k, res.requests.scalar[k]!] as const);
  pi = {
    spec,
    cpuMillis: res.requests.cpuMillis,
    memoryBytes: res.requests.memoryBytes,
    ephemeralBytes: res.requests.ephemeralBytes,
    scalar,
    nonzeroCpuMillis: res.nonzeroCpuMillis,
    nonzeroMemoryBytes: res.nonzeroMemoryBytes,
    tolerations,
    tolerationsPreferNoSchedule: getAllTolerationPreferNoSchedule(tolerations),
    toleratesUnschedulable: tolerationsTolerateTaint(tolerations, { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }),
    required: parseRequiredNodeAffinity(spec),
    preFilterNames: preFilterNodeNames(spec),
    preferred: parsePreferredTerms(spec),
    hostPorts: getContainerPorts(spec).map(sanitizePort),
    priority: spec.priority ?? 0,
    preemptionNever: spec.preemptionPolicy === 'Never',
  };
  podInfoCache.set(spec, pi);
  return pi;
}

function sanitizePort(p: ContainerPort): HostPort {
  return { ip: p.hostIP || '0.0.0.0', protocol: p.protocol || 'TCP', port: p.hostPort! };
}
