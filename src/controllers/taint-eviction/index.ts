// The NoExecute taint manager (pkg/controller/nodelifecycle/scheduler/taint_manager.go, v1.28;
// pkg/controller/tainteviction from 1.29): evicts pods from nodes with NoExecute taints they do
// not tolerate, at once or after their tolerationSeconds. Differs: see eviction.ts and below.
import type { Node, Pod } from '../../api/types.js';
import type { Controller, Ctx, WorkSet } from '../../state/controller.js';
import { keyOf } from '../../state/events.js';
import { apply, cancelNote, cancelWork, decide, firePodEviction } from './eviction.js';
import { isPending, readEviction } from './record.js';
import { getNoExecuteTaints } from './tolerations.js';

export { getMatchingTolerations, getMinTolerationTime, getNoExecuteTaints } from './tolerations.js';
export { toleratesTaint } from '../../api/tolerations.js';
export { readEviction, type EvictionRecord } from './record.js';
export { DELETION_BY_TAINT_MANAGER, DELETION_BY_TAINT_MANAGER_MESSAGE, DISRUPTION_TARGET, SOURCE as TAINT_MANAGER_SOURCE } from './eviction.js';

const podKey = (p: Pod): string => keyOf('Pod', p.metadata.namespace ?? '', p.metadata.name);

function sameTaints(a: Node | undefined, b: Node): boolean {
  return a !== undefined && JSON.stringify(getNoExecuteTaints(a.spec.taints)) === JSON.stringify(getNoExecuteTaints(b.spec.taints));
}

/**
 * Watches Nodes (a change of a node's NoExecute taints processes every pod on it, as
 * handleNodeUpdate) and Pods (as handlePodUpdate; a removed pod's pending eviction is cancelled).
 * Each pod's TimedWorker lives in pod.sim['taint-eviction'] ({startTick, fireTick}); a timer
 * fires it at fireTick. Processing is idempotent given the pod, its node and that record, so a
 * full resync emits what targeted runs do.
 *
 * Same tick (deterministic rule): changes seen in a tick are processed before a worker due in
 * that tick fires, so removing a taint at the very tick a toleration runs out cancels the eviction.
 *
 * @example
 *   kubectl taint nodes worker-1 dedicated=db:NoExecute   # tick 10
 *   // pod without toleration: TaintManagerEviction "Marking for deletion Pod default/a" at 10
 *   // pod tolerating it 30 s: marked at 40, unless the taint is gone by then
 */
export class TaintEvictionController implements Controller {
  readonly name = 'taint-eviction-controller';
  readonly watches = ['Node', 'Pod'] as const;

  reconcile(ctx: Ctx, work: WorkSet): void {
    const keys = new Set<string>();
    if (work.all) {
      for (const node of ctx.view.list('Node')) {
        if (getNoExecuteTaints(node.spec.taints).length === 0) continue;
        for (const p of ctx.view.podsOnNode(node.metadata.name)) keys.add(podKey(p));
      }
      // workers whose node has lost its taints or is gone still fire or cancel
      for (const p of ctx.view.list('Pod')) if (readEviction(p)) keys.add(podKey(p));
    }
    const removed: Pod[] = [];
    // Most pod changes are status updates of pods on untainted nodes: skip them before sorting.
    const tainted = new Map<string, boolean>();
    const onTaintedNode = (p: Pod): boolean => {
      const n = p.spec.nodeName;
      if (!n) return false;
      let t = tainted.get(n);
      if (t === undefined) tainted.set(n, (t = getNoExecuteTaints(ctx.view.get('Node', '', n)?.spec.taints).length > 0));
      return t;
    };
    for (const item of work.items) {
      if (item.kind === 'Node') {
        // handleNodeUpdate: only a change of the NoExecute taints matters (NodeUpdated filter);
        // a deleted node is forgotten, its pods' workers keep running.
        if (item.deleted || sameTaints(item.prev as Node | undefined, item.obj as Node)) continue;
        for (const p of ctx.view.podsOnNode(item.obj.metadata.name)) keys.add(podKey(p));
      } else if (item.kind === 'Pod') {
        const p = item.obj as Pod;
        if (item.deleted) removed.push(p);
        else if (readEviction(p) || onTaintedNode(p)) keys.add(item.key);
      }
    }
    // handlePodUpdate on a pod that is gone: cancelWorkWithEvent
    for (const p of removed.sort((a, b) => (podKey(a) < podKey(b) ? -1 : podKey(a) > podKey(b) ? 1 : 0))) {
      if (isPending(readEviction(p))) ctx.record(p, { type: 'PodEvictionCancelled', note: cancelNote(p) });
    }
    for (const key of [...keys].sort()) {
      const pod = ctx.view.getByKey(key) as Pod | undefined;
      if (pod) processPod(ctx, pod);
    }
  }
}

/** One pod: processPodOnNode against its node's NoExecute taints, then its worker when due. */
function processPod(ctx: Ctx, pod: Pod): void {
  const nodeName = pod.spec.nodeName;
  if (!nodeName) return;
  let rec = readEviction(pod);
  const node = ctx.view.get('Node', '', nodeName);
  if (node) {
    const taints = getNoExecuteTaints(node.spec.taints);
    if (taints.length === 0) {
      // handleNodeUpdate: "All taints were removed from the node. Cancelling all evictions..."
      if (rec) cancelWork(ctx, pod, rec);
      return;
    }
    rec = apply(ctx, pod, nodeName, rec, decide(taints, pod, rec));
  }
  if (!isPending(rec)) return;
  const current = ctx.view.getByKey(podKey(pod)) as Pod | undefined;
  if (!current) return;
  if (rec.fireTick <= ctx.tick) {
    firePodEviction(ctx, current, { ...rec, fired: true }, { node: nodeName, scheduledAt: ctx.clock.at(rec.startTick) });
  } else {
    ctx.requeueAfter(podKey(pod), rec.fireTick - ctx.tick);
  }
}
