// `kubectl get` tables: the column handlers of pkg/printers/internalversion/printers.go (v1.28)
// and the client side of kubectl/pkg/cmd/get (NAMESPACE/LABELS columns, kind prefixes, a blank
// line between kinds, "No resources found"). Rows are in the API server's list order
// (namespace, then name). Differs: only the kinds kreplay stores, plus Events.
import { formatLabels, formatLabelSelector, formatSelector, fromLabelSelector } from '../../api/labels.js';
import type { Clock } from '../../api/time.js';
import { KINDS, type Container, type Deployment, type KObject, type Kind, type Namespace, type Node, type Pod, type ReplicaSet } from '../../api/types.js';
import type { HorizontalPodAutoscaler, PodDisruptionBudget, StatefulSet } from '../../api/types.js';
import type { KubeEvent } from '../events.js';
import { HPA_COLUMNS, hpaCells } from './hpa.js';
import { podIP, podSummary, readinessGatesCell } from './pod.js';
import { PDB_COLUMNS, pdbCells } from './pdb.js';
import { formatTabbed, GET_TABWRITER } from './tabwriter.js';
import { since } from './units.js';

export type TableKind = 'Pod' | 'Deployment' | 'ReplicaSet' | 'StatefulSet' | 'Node' | 'Namespace' | 'Event' | 'PodDisruptionBudget' | 'HorizontalPodAutoscaler';

export interface TableOptions {
  /** the tick "now" is (AGE, RESTARTS "(12s ago)", LAST SEEN) */
  now: number;
  clock: Clock;
  /** -o wide */
  wide?: boolean;
  /** --show-labels */
  showLabels?: boolean;
  /** -A: adds NAMESPACE for namespaced kinds */
  allNamespaces?: boolean;
  /** --no-headers */
  noHeaders?: boolean;
  /** prefix names with the kind ("pod/web-1", "deployment.apps/web"), as `get` does for several kinds */
  withKind?: boolean;
  /** keep the given order instead of the API server's (namespace, name) order */
  preserveOrder?: boolean;
}

interface Column {
  header: string;
  /** Priority 1 in upstream: shown only with -o wide */
  wide?: boolean;
  /** the column that gets the kind prefix (Format: "name") */
  name?: boolean;
}

/** A printed table before layout: headers and cells, one row per object. */
export interface Table {
  columns: string[];
  rows: string[][];
}

const NAME: Column = { header: 'NAME', name: true };
const COLUMNS: Record<TableKind, Column[]> = {
  Pod: [NAME, { header: 'READY' }, { header: 'STATUS' }, { header: 'RESTARTS' }, { header: 'AGE' },
    { header: 'IP', wide: true }, { header: 'NODE', wide: true }, { header: 'NOMINATED NODE', wide: true }, { header: 'READINESS GATES', wide: true }],
  Deployment: [NAME, { header: 'READY' }, { header: 'UP-TO-DATE' }, { header: 'AVAILABLE' }, { header: 'AGE' },
    { header: 'CONTAINERS', wide: true }, { header: 'IMAGES', wide: true }, { header: 'SELECTOR', wide: true }],
  ReplicaSet: [NAME, { header: 'DESIRED' }, { header: 'CURRENT' }, { header: 'READY' }, { header: 'AGE' },
    { header: 'CONTAINERS', wide: true }, { header: 'IMAGES', wide: true }, { header: 'SELECTOR', wide: true }],
  StatefulSet: [NAME, { header: 'READY' }, { header: 'AGE' }, { header: 'CONTAINERS', wide: true }, { header: 'IMAGES', wide: true }],
  Node: [NAME, { header: 'STATUS' }, { header: 'ROLES' }, { header: 'AGE' }, { header: 'VERSION' },
    { header: 'INTERNAL-IP', wide: true }, { header: 'EXTERNAL-IP', wide: true }, { header: 'OS-IMAGE', wide: true },
    { header: 'KERNEL-VERSION', wide: true }, { header: 'CONTAINER-RUNTIME', wide: true }],
  Namespace: [NAME, { header: 'STATUS' }, { header: 'AGE' }],
  PodDisruptionBudget: [NAME, ...PDB_COLUMNS.map((header) => ({ header }))],
  HorizontalPodAutoscaler: [NAME, ...HPA_COLUMNS.map((header) => ({ header }))],
  Event: [{ header: 'LAST SEEN' }, { header: 'TYPE' }, { header: 'REASON' }, { header: 'OBJECT' },
    { header: 'SUBOBJECT', wide: true }, { header: 'SOURCE', wide: true }, { header: 'MESSAGE' },
    { header: 'FIRST SEEN', wide: true }, { header: 'COUNT', wide: true }, { header: 'NAME', wide: true, name: true }],
};

/** layoutContainerCells: names and images joined with commas. */
function containerCells(containers: readonly Container[]): [string, string] {
  return [containers.map((c) => c.name).join(','), containers.map((c) => c.image).join(',')];
}

function podCells(pod: Pod, o: TableOptions): string[] {
  const s = podSummary(pod, o.now, o.clock);
  const ip = podIP(pod);
  return [pod.metadata.name, s.ready, s.status, s.restartsCell, since(pod.metadata.creationTimestamp, o.now, o.clock),
    ip || '<none>', pod.spec.nodeName || '<none>', pod.status?.nominatedNodeName || '<none>', readinessGatesCell(pod)];
}

function deploymentCells(d: Deployment, o: TableOptions): string[] {
  let selector: string;
  try {
    selector = formatSelector(fromLabelSelector(d.spec.selector)); // labels.Selector.String(): "" when empty
  } catch {
    selector = '<invalid>';
  }
  const st = d.status ?? {};
  return [d.metadata.name, `${st.readyReplicas ?? 0}/${d.spec.replicas ?? 1}`, String(st.updatedReplicas ?? 0), String(st.availableReplicas ?? 0),
    since(d.metadata.creationTimestamp, o.now, o.clock), ...containerCells(d.spec.template.spec.containers), selector];
}

function replicaSetCells(rs: ReplicaSet, o: TableOptions): string[] {
  const st = rs.status ?? { replicas: 0 };
  return [rs.metadata.name, String(rs.spec.replicas ?? 1), String(st.replicas ?? 0), String(st.readyReplicas ?? 0),
    since(rs.metadata.creationTimestamp, o.now, o.clock), ...containerCells(rs.spec.template.spec.containers), formatLabelSelector(rs.spec.selector)];
}

/** printStatefulSet: READY is status.readyReplicas/spec.replicas. */
function statefulSetCells(ss: StatefulSet, o: TableOptions): string[] {
  return [ss.metadata.name, `${ss.status?.readyReplicas ?? 0}/${ss.spec.replicas ?? 1}`, since(ss.metadata.creationTimestamp, o.now, o.clock),
    ...containerCells(ss.spec.template.spec.containers)];
}

/** findNodeRoles: node-role.kubernetes.io/<role> labels and kubernetes.io/role=<role>, sorted. */
export function nodeRoles(node: Node): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(node.metadata.labels ?? {})) {
    if (k.startsWith('node-role.kubernetes.io/')) {
      const role = k.slice('node-role.kubernetes.io/'.length);
      if (role) roles.add(role);
    } else if (k === 'kubernetes.io/role' && v !== '') roles.add(v);
  }
  return [...roles].sort();
}

/** STATUS of a node: Ready / NotReady / Unknown (no Ready condition), plus ",SchedulingDisabled". */
export function nodeStatus(node: Node): string {
  const status: string[] = [];
  const ready = (node.status?.conditions ?? []).find((c) => c.type === 'Ready');
  if (ready) status.push(ready.status === 'True' ? 'Ready' : 'NotReady');
  if (status.length === 0) status.push('Unknown');
  if (node.spec?.unschedulable) status.push('SchedulingDisabled');
  return status.join(',');
}

function nodeAddress(node: Node, type: string): string {
  return (node.status?.addresses ?? []).find((a) => a.type === type)?.address ?? '<none>';
}

function nodeCells(node: Node, o: TableOptions): string[] {
  const info = node.status?.nodeInfo ?? {};
  const roles = nodeRoles(node).join(',') || '<none>';
  return [node.metadata.name, nodeStatus(node), roles, since(node.metadata.creationTimestamp, o.now, o.clock), info.kubeletVersion ?? '',
    nodeAddress(node, 'InternalIP'), nodeAddress(node, 'ExternalIP'), info.osImage || '<unknown>', info.kernelVersion || '<unknown>',
    info.containerRuntimeVersion || '<unknown>'];
}

function namespaceCells(ns: Namespace, o: TableOptions): string[] {
  return [ns.metadata.name, ns.status?.phase ?? '', since(ns.metadata.creationTimestamp, o.now, o.clock)];
}

/** formatEventSource: "component" or "component, host". */
export function eventSource(e: KubeEvent): string {
  const component = e.source.component || e.reportingComponent;
  const host = e.source.host || e.reportingInstance;
  return host ? `${component}, ${host}` : component;
}

function eventCells(e: KubeEvent, o: TableOptions): string[] {
  const first = since(e.firstTimestamp, o.now, o.clock);
  const last = e.lastTimestamp ? since(e.lastTimestamp, o.now, o.clock) : first;
  const inv = e.involvedObject;
  const target = inv.name ? `${inv.kind.toLowerCase()}/${inv.name}` : inv.kind.toLowerCase();
  return [last, e.type, e.reason, target, '', eventSource(e), e.message.trim(), first, String(e.count || 1), e.metadata.name];
}

function cellsFor(kind: TableKind, obj: KObject, o: TableOptions): string[] {
  switch (kind) {
    case 'Pod': return podCells(obj as Pod, o);
    case 'Deployment': return deploymentCells(obj as Deployment, o);
    case 'ReplicaSet': return replicaSetCells(obj as ReplicaSet, o);
    case 'StatefulSet': return statefulSetCells(obj as StatefulSet, o);
    case 'Node': return nodeCells(obj as Node, o);
    case 'Namespace': return namespaceCells(obj as Namespace, o);
    case 'Event': return eventCells(obj as KubeEvent, o);
    case 'PodDisruptionBudget': return pdbCells(obj as PodDisruptionBudget, o.now, o.clock);
    case 'HorizontalPodAutoscaler': return hpaCells(obj as HorizontalPodAutoscaler, o.now, o.clock);
    default: {
      const never: never = kind;
      throw new Error(`no table printer for ${String(never)}`);
    }
  }
}

function isNamespaced(kind: TableKind): boolean {
  return kind === 'Event' || KINDS[kind as Kind].namespaced;
}

/** The group-qualified, lower-case kind `get` prefixes names with: "pod", "deployment.apps". */
export function qualifiedKind(kind: TableKind): string {
  return kind === 'Event' ? 'event' : KINDS[kind as Kind].qualified;
}

function compareByKey(a: KObject, b: KObject): number {
  const an = a.metadata.namespace ?? '';
  const bn = b.metadata.namespace ?? '';
  if (an !== bn) return an < bn ? -1 : 1;
  return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
}

/** The columns and cells `kubectl get` would print for these objects (before layout). */
export function buildTable(kind: TableKind, objects: readonly KObject[], o: TableOptions): Table {
  const defs = COLUMNS[kind];
  const keep = defs.map((c) => !c.wide || o.wide === true);
  const withNamespace = o.allNamespaces === true && isNamespaced(kind);
  const columns = defs.filter((_, i) => keep[i]).map((c) => c.header);
  if (withNamespace) columns.unshift('NAMESPACE');
  if (o.showLabels) columns.push('LABELS');
  const sorted = o.preserveOrder ? objects : [...objects].sort(compareByKey);
  const prefix = o.withKind ? `${qualifiedKind(kind)}/` : '';
  const rows = sorted.map((obj) => {
    const all = cellsFor(kind, obj, o);
    const cells: string[] = [];
    for (let i = 0; i < defs.length; i++) if (keep[i]) cells.push(defs[i]!.name ? prefix + all[i]! : all[i]!);
    if (withNamespace) cells.unshift(obj.metadata.namespace ?? '');
    if (o.showLabels) cells.push(formatLabels(obj.metadata.labels));
    return cells;
  });
  return { columns, rows };
}

/**
 * One kind's table as kubectl prints it (tabwriter: min width 6, 3-space gaps); '' for no objects.
 * @example printTable('Pod', pods, { now: 90, clock }) // "NAME    READY   STATUS    RESTARTS   AGE\n…"
 */
export function printTable(kind: TableKind, objects: readonly KObject[], o: TableOptions): string {
  if (objects.length === 0) return '';
  const t = buildTable(kind, objects, o);
  const lines = o.noHeaders ? [] : [t.columns.join('\t')];
  for (const r of t.rows) lines.push(r.join('\t'));
  return formatTabbed(lines.join('\n') + '\n', GET_TABWRITER);
}

/**
 * kubectl get's message when nothing was printed (written to stderr). Like kubectl 1.28 it names
 * the namespace unless -A was given, even for cluster-scoped kinds ("kubectl get nodes" on an
 * empty cluster says "No resources found in default namespace.").
 */
export function noResourcesFound(namespace: string, allNamespaces: boolean): string {
  return allNamespaces ? 'No resources found\n' : `No resources found in ${namespace} namespace.\n`;
}

export interface GetOutput {
  stdout: string;
  stderr: string;
}

export interface GetOptions extends Omit<TableOptions, 'withKind'> {
  /** the namespace `get` ran in (for "No resources found in … namespace.") */
  namespace: string;
}

/**
 * `kubectl get` over one or more kinds (`get pods`, `get pod,rs,deploy`, `get all`): one table
 * per kind in the order given, a blank line between tables, kind prefixes when the results span
 * more than one kind, and "No resources found …" on stderr when nothing was printed.
 */
export function printGet(groups: readonly { kind: TableKind; objects: readonly KObject[] }[], o: GetOptions): GetOutput {
  const nonEmpty = groups.filter((g) => g.objects.length > 0);
  const withKind = nonEmpty.length > 1; // multipleGVKsRequested
  const parts = nonEmpty.map((g) => printTable(g.kind, g.objects, { ...o, withKind }));
  if (parts.length === 0) return { stdout: '', stderr: noResourcesFound(o.namespace, o.allNamespaces === true) };
  return { stdout: parts.join(o.noHeaders ? '' : '\n'), stderr: '' };
}
