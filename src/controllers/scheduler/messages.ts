// The scheduler's reason strings and the FailedScheduling message (kube-scheduler v1.28):
// framework/types.go FitError.Error(), the plugins' ErrReason constants, schedule_one.go truncateMessage.
// Differs: none in wording; statuses are plain objects shared between nodes (no allocation per node).

/** framework.Code: the two rejection codes a Filter returns (Success is `null` here). */
export type Code = 'Unschedulable' | 'UnschedulableAndUnresolvable';

/** framework.Status of a rejected node: code, the failing plugin, its reasons (one or more). */
export interface Status {
  readonly code: Code;
  readonly plugin: string;
  readonly reasons: readonly string[];
}

export function newStatus(code: Code, plugin: string, ...reasons: string[]): Status {
  return Object.freeze({ code, plugin, reasons: Object.freeze(reasons) });
}

// ------------------------------------------------------------ plugin names and reasons

export const NODE_UNSCHEDULABLE = 'NodeUnschedulable';
export const NODE_NAME = 'NodeName';
export const TAINT_TOLERATION = 'TaintToleration';
export const NODE_AFFINITY = 'NodeAffinity';
export const NODE_PORTS = 'NodePorts';
export const NODE_RESOURCES_FIT = 'NodeResourcesFit';
export const BALANCED_ALLOCATION = 'NodeResourcesBalancedAllocation';
export const DEFAULT_PREEMPTION = 'DefaultPreemption';

/** nodeunschedulable.ErrReasonUnschedulable */
export const ERR_REASON_UNSCHEDULABLE = "node(s) were unschedulable";
/** nodename.ErrReason */
export const ERR_REASON_NODE_NAME = "node(s) didn't match the requested node name";
/** nodeaffinity.ErrReasonPod */
export const ERR_REASON_AFFINITY = "node(s) didn't match Pod's node affinity/selector";
/** nodeaffinity errReasonConflict (PreFilter: matchFields terms name no common node) */
export const ERR_REASON_AFFINITY_CONFLICT = 'pod affinity terms conflict';
/** nodeports.ErrReason */
export const ERR_REASON_PORTS = "node(s) didn't have free ports for the requested pod ports";
/** schedule_one.go findNodesThatFitPod: nodes outside a PreFilterResult (v1.28) */
export const ERR_REASON_PREFILTER_RESULT = 'node is filtered out by the prefilter result';
/** schedule_one.go ErrNoNodesAvailable */
export const ERR_NO_NODES_AVAILABLE = 'no nodes available to schedule pods';
/** preemption: nodesWherePreemptionMightHelp */
export const PREEMPTION_NOT_HELPFUL = 'Preemption is not helpful for scheduling';
/** defaultpreemption SelectVictimsOnNode */
export const NO_PREEMPTION_VICTIMS = 'No preemption victims found for incoming pod';
/** defaultpreemption PodEligibleToPreemptOthers */
export const NOT_ELIGIBLE_PREEMPTION_NEVER = 'not eligible due to preemptionPolicy=Never.';

/** tainttoleration Filter: "node(s) had untolerated taint {key: value}" (value may be empty). */
export function untoleratedTaintReason(key: string, value: string | undefined): string {
  return `node(s) had untolerated taint {${key}: ${value ?? ''}}`;
}

/** noderesources fitsRequest: "Insufficient cpu", "Insufficient example.com/gpu" … */
export function insufficientReason(resource: string): string {
  return `Insufficient ${resource}`;
}
export const REASON_TOO_MANY_PODS = 'Too many pods';

// ------------------------------------------------------------ FitError

/**
 * What a failed scheduling cycle knows (framework.Diagnosis): the rejected nodes' statuses, nodes
 * rejected in bulk with one shared status (the PreFilterResult ones, kept as a count so a
 * DaemonSet pod on 5,000 nodes costs nothing), and the PostFilter message.
 */
export interface BulkStatus {
  status: Status;
  count: number;
}

export interface Diagnosis {
  statuses: Status[];
  /** `count` nodes rejected with one shared status */
  bulk: BulkStatus[];
  /** a PreFilter rejection (then every node carries the same status and the histogram is left out) */
  preFilterMsg: string;
  postFilterMsg: string;
}

/**
 * FitError.Error() (v1.28): "0/N nodes are available: <preFilterMsg or histogram>. <postFilterMsg>".
 * The histogram
 * counts every reason of every rejected node, as "<count> <reason>", sorted as strings (so "10 x"
 * sorts before "2 y", as Go's sort.Strings does), joined with ", ".
 *
 * @example
 *   fitErrorMessage(3, { statuses: [taint, cpu, cpu], bulk: [], preFilterMsg: '' }, 'preemption: …')
 *   // "0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: …"
 *
 * The PostFilter message follows after one space with no period of its own: v1.27 appended
 * " %v." and printed "…incoming pod.." — kubernetes/kubernetes#117588 (in v1.28) removed it.
 */
export function fitErrorMessage(numAllNodes: number, d: Omit<Diagnosis, 'postFilterMsg'>, postFilterMsg: string): string {
  let msg = `0/${numAllNodes} nodes are available:`;
  if (d.preFilterMsg !== '') msg += ` ${d.preFilterMsg}.`;
  else {
    const histogram = reasonsHistogram(d.statuses, d.bulk);
    if (histogram.length > 0) msg += ` ${histogram.join(', ')}.`;
  }
  if (postFilterMsg !== '') msg += ` ${postFilterMsg}`;
  return msg;
}

function reasonsHistogram(statuses: readonly Status[], bulk: readonly BulkStatus[]): string[] {
  const counts = new Map<string, number>();
  const add = (s: Status, n: number): void => {
    for (const r of s.reasons) counts.set(r, (counts.get(r) ?? 0) + n);
  };
  // Statuses are shared objects and neighbours mostly repeat: count runs, not nodes.
  let run: Status | null = null;
  let runLength = 0;
  for (const s of statuses) {
    if (s === run) { runLength++; continue; }
    if (run) add(run, runLength);
    run = s;
    runLength = 1;
  }
  if (run) add(run, runLength);
  for (const b of bulk) {
    if (b.count > 0) for (const r of b.status.reasons) counts.set(r, (counts.get(r) ?? 0) + b.count);
  }
  const out: string[] = [];
  for (const [reason, n] of counts) out.push(`${n} ${reason}`);
  // sort.Strings: byte order; every string here is what Go would compare, and for the ASCII
  // reasons the scheduler emits UTF-16 order is byte order.
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** validation.NoteLengthLimit: the Event note the recorder accepts. */
export const NOTE_LENGTH_LIMIT = 1024;

/** schedule_one.go truncateMessage: Event notes are cut to 1,024 bytes ending in " ...". */
export function truncateMessage(message: string): string {
  if (Buffer.byteLength(message, 'utf8') <= NOTE_LENGTH_LIMIT) return message;
  const suffix = ' ...';
  // Go slices bytes; the scheduler's messages are ASCII apart from user-supplied names.
  const bytes = Buffer.from(message, 'utf8').subarray(0, NOTE_LENGTH_LIMIT - suffix.length);
  return bytes.toString('utf8') + suffix;
}

/** The binding Event: "Successfully assigned default/web-5d9c7b8f4-x7k2p to node-1". */
export function scheduledMessage(namespace: string, name: string, node: string): string {
  return `Successfully assigned ${namespace}/${name} to ${node}`;
}
