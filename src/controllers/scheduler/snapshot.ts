// The scheduler's snapshot of the nodes for one reconcile run (internal/cache Snapshot and
// NodeInfo.Requested / NonZeroRequested / Allocatable, v1.28), laid out as typed arrays so the
// node walk reads contiguous memory. Differs: the sums are copied from the projection's nodeUsage
// index, not kept by the scheduler; a binding re-reads its node (`bound`).
import type { NodeUsage, View } from '../../state/cluster.js';
import type { Node } from '../../api/types.js';
import { nodeInfoOf, type NodeInfo } from './framework.js';
import { nodeTreeList } from './nodetree.js';

/** The node list in walk order with its static numbers; rebuilt when any Node changes. */
export class NodeList {
  readonly nodes: readonly NodeInfo[];
  readonly indexOf = new Map<string, number>();
  readonly allocCpu: Float64Array;
  readonly allocMem: Float64Array;
  readonly allocEph: Float64Array;
  readonly allocPods: Float64Array;
  /** 1 = not cordoned and no NoSchedule/NoExecute taint: for a pod without node constraints only NodeResourcesFit can reject it */
  readonly plain: Uint8Array;
  /** 1 = the node has PreferNoSchedule taints (TaintToleration scoring needs a look) */
  readonly preferNoSchedule: Uint8Array;

  constructor(nodesInCreationOrder: readonly Node[]) {
    this.nodes = nodeTreeList(nodesInCreationOrder).map(nodeInfoOf);
    const n = this.nodes.length;
    this.allocCpu = new Float64Array(n);
    this.allocMem = new Float64Array(n);
    this.allocEph = new Float64Array(n);
    this.allocPods = new Float64Array(n);
    this.plain = new Uint8Array(n);
    this.preferNoSchedule = new Uint8Array(n);
    this.nodes.forEach((ni, i) => {
      this.indexOf.set(ni.name, i);
      const a = ni.allocatable;
      this.allocCpu[i] = a.cpuMillis;
      this.allocMem[i] = a.memoryBytes;
      this.allocEph[i] = a.ephemeralBytes;
      this.allocPods[i] = a.pods;
      this.plain[i] = !ni.unschedulable && ni.hardTaints.length === 0 ? 1 : 0;
      this.preferNoSchedule[i] = ni.preferNoScheduleTaints.length > 0 ? 1 : 0;
    });
  }
}

/** One run's view of the nodes: the static list plus each node's requested sums. */
export class Snapshot {
  readonly nodes: readonly NodeInfo[];
  /** View.nodeUsage per node (for scalar resources and the generic filter path) */
  readonly usage: NodeUsage[];
  readonly usedPods: Float64Array;
  readonly usedCpu: Float64Array;
  readonly usedMem: Float64Array;
  readonly usedEph: Float64Array;
  readonly nonzeroCpu: Float64Array;
  readonly nonzeroMem: Float64Array;
  /**
   * The lowest priority among each node's running pods (NaN until asked; Infinity for none). A pod
   * can preempt on a node only if some pod there has a strictly lower priority.
   */
  private readonly minPriority: Float64Array;
  /** sched.nextStartNodeIndex: 0 at the start of each run (see index.ts), advanced per cycle */
  nextStartNodeIndex = 0;

  constructor(readonly view: View, readonly list: NodeList, readonly percentageOfNodesToScore: number) {
    this.nodes = list.nodes;
    const n = list.nodes.length;
    this.usage = new Array<NodeUsage>(n);
    this.usedPods = new Float64Array(n);
    this.usedCpu = new Float64Array(n);
    this.usedMem = new Float64Array(n);
    this.usedEph = new Float64Array(n);
    this.nonzeroCpu = new Float64Array(n);
    this.nonzeroMem = new Float64Array(n);
    this.minPriority = new Float64Array(n).fill(Number.NaN);
    for (let i = 0; i < n; i++) this.load(i);
  }

  private load(i: number): void {
    const u = this.view.nodeUsage(this.nodes[i]!.name);
    this.usage[i] = u;
    this.usedPods[i] = u.pods;
    this.usedCpu[i] = u.cpuMillis;
    this.usedMem[i] = u.memoryBytes;
    this.usedEph[i] = u.ephemeralBytes;
    this.nonzeroCpu[i] = u.nonzeroCpuMillis;
    this.nonzeroMem[i] = u.nonzeroMemoryBytes;
  }

  /**
   * A pod was bound to `node`: read its sums again. The projection updates them on every write
   * (and creates them on a node's first pod); the run's only writes are its own, so the rest of
   * the snapshot stays exact.
   */
  bound(node: string, priority: number): void {
    const i = this.list.indexOf.get(node);
    if (i === undefined) return;
    this.load(i);
    if (priority < this.minPriority[i]!) this.minPriority[i] = priority; // NaN stays NaN: computed on demand
  }

  minPriorityAt(i: number): number {
    let m = this.minPriority[i]!;
    if (Number.isNaN(m)) {
      m = Infinity;
      for (const p of this.view.podsOnNode(this.nodes[i]!.name)) {
        const phase = p.status?.phase;
        if (phase !== 'Succeeded' && phase !== 'Failed') m = Math.min(m, p.spec.priority ?? 0);
      }
      this.minPriority[i] = m;
    }
    return m;
  }
}
