// DefaultPreemption's PostFilter, as far as the FailedScheduling message needs it: would evicting
// lower-priority pods make room, and if not, why not (framework/preemption/preemption.go
// Preempt / findCandidates / nodesWherePreemptionMightHelp, defaultpreemption SelectVictimsOnNode,
// v1.28). Differs: nothing is preempted in this cut (no victims evicted, no nominatedNodeName);
// when upstream would preempt, the message is what upstream writes then (no PostFilter part).
import { podResources } from '../../api/resources.js';
import type { Pod } from '../../api/types.js';
import type { View } from '../../state/cluster.js';
import type { CycleResult } from './cycle.js';
import type { Snapshot } from './snapshot.js';
import type { NodeInfo, PodInfo } from './framework.js';
import { fitErrorMessage, newStatus, NOT_ELIGIBLE_PREEMPTION_NEVER, NO_PREEMPTION_VICTIMS, PREEMPTION_NOT_HELPFUL, DEFAULT_PREEMPTION, type BulkStatus, type Status } from './messages.js';
import { fitsRequest } from './noderesources.js';
import { nodePortsFilter, usedPorts } from './nodeports.js';

const NOT_HELPFUL_STATUS = newStatus('UnschedulableAndUnresolvable', DEFAULT_PREEMPTION, PREEMPTION_NOT_HELPFUL);
const NO_VICTIMS_STATUS = newStatus('UnschedulableAndUnresolvable', DEFAULT_PREEMPTION, NO_PREEMPTION_VICTIMS);

const terminal = (p: Pod): boolean => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';

/**
 * SelectVictimsOnNode, reduced to its verdict: remove every lower-priority pod from the node and
 * run the filters that can change (NodePorts, NodeResourcesFit). null = the pod would fit (a
 * preemption candidate); otherwise the status that still rejects it.
 */
function selectVictimsOnNode(view: View, pod: PodInfo, node: NodeInfo): Status | null {
  const pods = view.podsOnNode(node.name).filter((p) => !terminal(p));
  const victims = new Set(pods.filter((p) => (p.spec.priority ?? 0) < pod.priority));
  const used = view.nodeUsage(node.name);
  let count = used.pods;
  let cpu = used.cpuMillis;
  let mem = used.memoryBytes;
  let eph = used.ephemeralBytes;
  const scalar: Record<string, number> = { ...used.scalar };
  for (const v of victims) {
    const r = podResources(v).requests;
    count--;
    cpu -= r.cpuMillis;
    mem -= r.memoryBytes;
    eph -= r.ephemeralBytes;
    for (const k of Object.keys(r.scalar)) scalar[k] = (scalar[k] ?? 0) - r.scalar[k]!;
  }
  if (pod.hostPorts.length > 0) {
    const s = nodePortsFilter(pod.hostPorts, usedPorts(pods, victims));
    if (s) return s;
  }
  return fitsRequest(pod, node.allocatable, { pods: count, cpuMillis: cpu, memoryBytes: mem, ephemeralBytes: eph, scalar });
}

/**
 * The PostFilter message of a failed cycle ("" when preemption would find a candidate):
 * - preemptionPolicy Never → "preemption: not eligible due to preemptionPolicy=Never.";
 * - nodes rejected UnschedulableAndUnresolvable → "Preemption is not helpful for scheduling";
 * - nodes with no lower-priority pod → "No preemption victims found for incoming pod";
 * - nodes where even evicting every lower-priority pod leaves the pod rejected → that rejection;
 * as a FitError over all those nodes: "preemption: 0/3 nodes are available: 1 Preemption is not
 * helpful for scheduling, 2 No preemption victims found for incoming pod."
 */
export function preemptionMessage(snap: Snapshot, pod: PodInfo, cycle: CycleResult): string {
  if (pod.preemptionNever) return `preemption: ${NOT_ELIGIBLE_PREEMPTION_NEVER}`;
  const { statuses, bulk } = cycle.diagnosis;
  let notHelpful = 0;
  let noVictims = 0;
  const rejected: Status[] = [];
  for (let i = 0; i < statuses.length; i++) {
    const s = statuses[i]!;
    if (s.code === 'UnschedulableAndUnresolvable') {
      notHelpful++;
      continue;
    }
    const j = cycle.statusNodes[i]!;
    if (snap.minPriorityAt(j) >= pod.priority) {
      noVictims++;
      continue;
    }
    const still = selectVictimsOnNode(snap.view, pod, snap.nodes[j]!);
    if (still === null) return '';
    rejected.push(still);
  }
  for (const b of bulk) notHelpful += b.count; // PreFilter rejections are all unresolvable
  const counts: BulkStatus[] = [{ status: NOT_HELPFUL_STATUS, count: notHelpful }, { status: NO_VICTIMS_STATUS, count: noVictims }];
  // every node has exactly one status in the dry run's map: NumAllNodes is their count
  const numAll = rejected.length + notHelpful + noVictims;
  return `preemption: ${fitErrorMessage(numAll, { statuses: rejected, bulk: counts, preFilterMsg: '' }, '')}`;
}
