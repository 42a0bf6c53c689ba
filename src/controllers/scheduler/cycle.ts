// One scheduling cycle: PreFilter, the node walk running the filters, scoring, host selection
// (pkg/scheduler/schedule_one.go schedulePod / findNodesThatFitPod / findNodesThatPassFilters /
// numFeasibleNodesToFind / prioritizeNodes / selectHost, v1.28). Differs: the filters run on one
// thread and the walk stops at exactly numToFind feasible nodes (upstream's 16 workers overshoot
// by a racy few); ties are broken with the run's seeded PRNG; no nominated-node fast path.
// Score plugins not in this cut: PodTopologySpread (with the system-default spreading constraints),
// InterPodAffinity and ImageLocality — upstream adds their scores, so placements can differ.
import type { NodeUsage, View } from '../../state/cluster.js';
import type { Rng } from '../../state/controller.js';
import { balancedCpuMemory, BALANCED_ALLOCATION_WEIGHT } from './balancedallocation.js';
import type { NodeInfo, PodInfo } from './framework.js';
import { ERR_REASON_AFFINITY_CONFLICT, ERR_REASON_PREFILTER_RESULT, NODE_AFFINITY, newStatus, type Diagnosis, type Status } from './messages.js';
import { nodeAffinityFilter, nodeAffinityScore, NODE_AFFINITY_WEIGHT } from './nodeaffinity.js';
import { nodeNameFilter } from './nodename.js';
import { nodePortsFilter, usedPorts } from './nodeports.js';
import {
  builtinFitStatus, FIT_CPU, FIT_EPHEMERAL, FIT_MEMORY, FIT_PODS, leastAllocatedCpuMemory, MAX_NODE_SCORE, nodeResourcesFitFilter, NODE_RESOURCES_FIT_WEIGHT,
} from './noderesources.js';
import { nodeUnschedulableFilter } from './nodeunschedulable.js';
import type { Snapshot } from './snapshot.js';
import { taintTolerationFilter, taintTolerationScore, TAINT_TOLERATION_WEIGHT } from './tainttoleration.js';

/** minFeasibleNodesToFind / minFeasibleNodesPercentageToFind */
export const MIN_FEASIBLE_NODES_TO_FIND = 100;
export const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

/**
 * numFeasibleNodesToFind: all nodes below 100; otherwise percentageOfNodesToScore (0 = adaptive
 * 50 − n/125, at least 5) percent of them, at least 100. Worked numbers: 5,000 nodes → 50 − 40 =
 * 10 % → 500; 1,000 nodes → 42 % → 420; 10,000 nodes → 5 % (50 − 80 < 5) → 500.
 */
export function numFeasibleNodesToFind(percentageOfNodesToScore: number, numAllNodes: number): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  let percentage = percentageOfNodesToScore;
  if (percentage === 0) {
    percentage = 50 - Math.trunc(numAllNodes / 125);
    if (percentage < MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND) percentage = MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND;
  }
  const numNodes = Math.trunc((numAllNodes * percentage) / 100);
  return numNodes < MIN_FEASIBLE_NODES_TO_FIND ? MIN_FEASIBLE_NODES_TO_FIND : numNodes;
}

export interface CycleResult {
  /** the chosen node, or null when no node fits */
  node: NodeInfo | null;
  /** its total score (null when it was the only feasible node, which upstream does not score) */
  score: number | null;
  feasibleNodes: number;
  evaluatedNodes: number;
  diagnosis: Diagnosis;
  /** the node (snapshot index) each entry of diagnosis.statuses belongs to */
  statusNodes: number[];
  /** plugins that rejected some node (Diagnosis.UnschedulablePlugins), sorted */
  unschedulablePlugins: string[];
}

const PREFILTER_RESULT_STATUS = newStatus('UnschedulableAndUnresolvable', '', ERR_REASON_PREFILTER_RESULT);
const AFFINITY_CONFLICT_STATUS = newStatus('UnschedulableAndUnresolvable', NODE_AFFINITY, ERR_REASON_AFFINITY_CONFLICT);

/**
 * RunFilterPlugins in the default profile's order, stopping at the first rejection:
 * NodeUnschedulable, NodeName, TaintToleration, NodeAffinity, NodePorts, NodeResourcesFit.
 * `used` is the node's live requested sums (View.nodeUsage).
 */
export function runFilterPlugins(view: View, pod: PodInfo, node: NodeInfo, used: NodeUsage): Status | null {
  return nodeUnschedulableFilter(pod, node)
    ?? nodeNameFilter(pod, node)
    ?? taintTolerationFilter(pod, node)
    ?? nodeAffinityFilter(pod, node)
    ?? (pod.hostPorts.length > 0 ? nodePortsFilter(pod.hostPorts, usedPorts(view.podsOnNode(node.name))) : null)
    ?? nodeResourcesFitFilter(pod, node, used);
}

// Scratch space reused across cycles: the walk allocates nothing per node.
let feasible = new Int32Array(1024);
let feasibleCount = 0;
let scratch = new Float64Array(3 * 1024);

/** schedulePod: find the feasible nodes, score them, pick one. */
export function schedulePod(snap: Snapshot, pod: PodInfo, rng: Rng): CycleResult {
  const diagnosis: Diagnosis = { statuses: [], bulk: [], preFilterMsg: '', postFilterMsg: '' };
  const statusNodes: number[] = [];
  const result: CycleResult = { node: null, score: null, feasibleNodes: 0, evaluatedNodes: 0, diagnosis, statusNodes, unschedulablePlugins: [] };
  const all = snap.nodes;
  if (pod.preFilterNames === 'conflict') {
    // PreFilter rejected the pod: every node carries NodeAffinity's status.
    diagnosis.preFilterMsg = AFFINITY_CONFLICT_STATUS.reasons[0]!;
    diagnosis.bulk.push({ status: AFFINITY_CONFLICT_STATUS, count: all.length });
    result.unschedulablePlugins = [NODE_AFFINITY];
    return result;
  }
  let subset: number[] | null = null;
  if (pod.preFilterNames !== null) {
    const names = pod.preFilterNames;
    subset = [];
    for (let i = 0; i < all.length; i++) if (names.has(all[i]!.name)) subset.push(i);
    diagnosis.bulk.push({ status: PREFILTER_RESULT_STATUS, count: all.length - subset.length });
  }
  findNodesThatPassFilters(snap, pod, subset, diagnosis, statusNodes);
  const plugins = new Set<string>();
  for (const s of diagnosis.statuses) plugins.add(s.plugin);
  result.unschedulablePlugins = [...plugins].sort();
  result.feasibleNodes = feasibleCount;
  result.evaluatedNodes = feasibleCount + diagnosis.statuses.length + bulkCount(diagnosis);
  if (feasibleCount === 0) return result;
  if (feasibleCount === 1) {
    result.node = all[feasible[0]!]!;
    return result;
  }
  const totals = prioritizeNodes(snap, pod);
  const chosen = selectHost(totals, feasibleCount, rng);
  result.node = all[feasible[chosen]!]!;
  result.score = totals[chosen]!;
  return result;
}

export function bulkCount(d: Diagnosis): number {
  let n = 0;
  for (const b of d.bulk) n += b.count;
  return n;
}

/** A pod that only NodeResourcesFit can reject on a plain node, and asks for nothing exotic. */
function isPlainPod(pod: PodInfo): boolean {
  return pod.scalar.length === 0 && pod.hostPorts.length === 0 && pod.required === null && !pod.spec.nodeName;
}

/** fitsRequest on the snapshot's arrays, for a pod without extended resources: the reasons' bits. */
export function plainFitMask(snap: Snapshot, j: number, cpu: number, mem: number, eph: number): number {
  const l = snap.list;
  let mask = 0;
  if (snap.usedPods[j]! + 1 > l.allocPods[j]!) mask |= FIT_PODS;
  if (cpu > 0 && cpu > l.allocCpu[j]! - snap.usedCpu[j]!) mask |= FIT_CPU;
  if (mem > 0 && mem > l.allocMem[j]! - snap.usedMem[j]!) mask |= FIT_MEMORY;
  if (eph > 0 && eph > l.allocEph[j]! - snap.usedEph[j]!) mask |= FIT_EPHEMERAL;
  return mask;
}

/**
 * findNodesThatPassFilters: walk the nodes (or the PreFilterResult's subset) from the rotating
 * start index until numToFind feasible nodes are found; rejected nodes go into the diagnosis.
 * Then nextStartNodeIndex advances by the nodes processed (feasible + rejected, counting the
 * PreFilterResult's bulk rejections as v1.28 does), modulo the walked list's length.
 * A plain pod on a plain node is checked against the typed arrays (fitsRequest's arithmetic and
 * shared statuses); anything else goes through runFilterPlugins.
 */
function findNodesThatPassFilters(snap: Snapshot, pod: PodInfo, subset: readonly number[] | null, diagnosis: Diagnosis, statusNodes: number[]): void {
  feasibleCount = 0;
  const n = subset ? subset.length : snap.nodes.length;
  // Upstream divides by len(nodes) here even when a PreFilterResult names no existing node
  // (a runtime panic in v1.28.0); an empty walk leaves the index where it was.
  if (n === 0) return;
  const numToFind = numFeasibleNodesToFind(snap.percentageOfNodesToScore, n);
  if (feasible.length < numToFind) feasible = new Int32Array(numToFind);
  const start = snap.nextStartNodeIndex % n;
  const { view, nodes, usage } = snap;
  const plain = snap.list.plain;
  const plainPod = isPlainPod(pod);
  const cpu = pod.cpuMillis;
  const mem = pod.memoryBytes;
  const eph = pod.ephemeralBytes;
  for (let i = 0; i < n; i++) {
    let j = (start + i) % n;
    if (subset) j = subset[j]!;
    let status: Status | null;
    if (plainPod && plain[j] === 1) {
      status = builtinFitStatus(plainFitMask(snap, j, cpu, mem, eph));
    } else {
      status = runFilterPlugins(view, pod, nodes[j]!, usage[j]!);
    }
    if (status === null) {
      feasible[feasibleCount++] = j;
      if (feasibleCount >= numToFind) break;
    } else {
      diagnosis.statuses.push(status);
      statusNodes.push(j);
    }
  }
  const processed = feasibleCount + diagnosis.statuses.length + bulkCount(diagnosis);
  snap.nextStartNodeIndex = (start + processed) % n;
}

/**
 * prioritizeNodes: each score plugin's raw scores, normalised where the plugin normalises,
 * times its weight, summed per node. TaintToleration (3) and NodeAffinity (2) normalise with
 * DefaultNormalizeScore; LeastAllocated (1) and BalancedAllocation (1) are already 0–100.
 */
function prioritizeNodes(snap: Snapshot, pod: PodInfo): Float64Array {
  const k = feasibleCount;
  if (scratch.length < 3 * k) scratch = new Float64Array(3 * k);
  const totals = scratch.subarray(0, k);
  const tt = scratch.subarray(k, 2 * k);
  const na = scratch.subarray(2 * k, 3 * k);
  const { nodes, usedCpu, usedMem, nonzeroCpu, nonzeroMem } = snap;
  const { allocCpu, allocMem, preferNoSchedule } = snap.list;
  const hasPreferred = pod.preferred.length > 0;
  for (let i = 0; i < k; i++) {
    const j = feasible[i]!;
    tt[i] = preferNoSchedule[j] === 1 ? taintTolerationScore(pod, nodes[j]!) : 0;
    na[i] = hasPreferred ? nodeAffinityScore(pod, nodes[j]!) : 0;
    totals[i] = leastAllocatedCpuMemory(nonzeroCpu[j]! + pod.nonzeroCpuMillis, allocCpu[j]!, nonzeroMem[j]! + pod.nonzeroMemoryBytes, allocMem[j]!) * NODE_RESOURCES_FIT_WEIGHT
      + balancedCpuMemory(usedCpu[j]! + pod.cpuMillis, allocCpu[j]!, usedMem[j]! + pod.memoryBytes, allocMem[j]!) * BALANCED_ALLOCATION_WEIGHT;
  }
  defaultNormalizeScore(MAX_NODE_SCORE, true, tt);
  defaultNormalizeScore(MAX_NODE_SCORE, false, na);
  for (let i = 0; i < k; i++) totals[i] = totals[i]! + tt[i]! * TAINT_TOLERATION_WEIGHT + na[i]! * NODE_AFFINITY_WEIGHT;
  return totals;
}

/**
 * helper.DefaultNormalizeScore: scale to 0–maxPriority by the highest score (integer division),
 * reversed if asked; when every score is 0, all become maxPriority if reversed, else stay 0.
 * Worked numbers (SCH-TT-3, reversed): raw 0, 1, 2 → 100 − 0, 100 − 50, 100 − 100.
 */
export function defaultNormalizeScore(maxPriority: number, reverse: boolean, scores: { length: number; [i: number]: number }): void {
  let maxCount = 0;
  for (let i = 0; i < scores.length; i++) if (scores[i]! > maxCount) maxCount = scores[i]!;
  if (maxCount === 0) {
    if (reverse) for (let i = 0; i < scores.length; i++) scores[i] = maxPriority;
    return;
  }
  for (let i = 0; i < scores.length; i++) {
    let s = Math.trunc((maxPriority * scores[i]!) / maxCount);
    if (reverse) s = maxPriority - s;
    scores[i] = s;
  }
}

/**
 * selectHost: the highest total; among equal totals, reservoir sampling as upstream — the j-th
 * node with the top score replaces the pick with probability 1/j (rand.Intn(j) == 0) — drawing
 * from the run's seeded PRNG, over the feasible nodes in walk order. Same seed, same picks.
 */
export function selectHost(totals: ArrayLike<number>, k: number, rng: Rng): number {
  let selected = 0;
  let maxScore = totals[0]!;
  let cntOfMaxScore = 1;
  for (let i = 1; i < k; i++) {
    const s = totals[i]!;
    if (s > maxScore) {
      maxScore = s;
      selected = i;
      cntOfMaxScore = 1;
    } else if (s === maxScore) {
      cntOfMaxScore++;
      if (rng.int(cntOfMaxScore) === 0) selected = i;
    }
  }
  return selected;
}
