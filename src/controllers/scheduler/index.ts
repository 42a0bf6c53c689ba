// kube-scheduler's default profile as a controller: it takes the pending pods due for an attempt,
// in PrioritySort order, and binds each to a node or records why none fits (schedule_one.go
// scheduleOne / handleSchedulingFailure, DefaultBinder, internal/queue; v1.28). Differs: see
// cycle.ts (single-threaded walk, seeded ties, plugins not in this cut), queue.ts (queue state in
// pod.sim.scheduler), preemption.ts (no preemption), and the start index below.
import type { Pod } from '../../api/types.js';
import type { View } from '../../state/cluster.js';
import type { Controller, Ctx, WorkSet } from '../../state/controller.js';
import { keyOfObject } from '../../state/events.js';
import { schedulePod, type CycleResult } from './cycle.js';
import { podInfoOf } from './framework.js';
import { ERR_NO_NODES_AVAILABLE, fitErrorMessage } from './messages.js';
import { preemptionMessage } from './preemption.js';
import { NodeList, Snapshot } from './snapshot.js';
import {
  backoffExpiresAt, bookkeeping, eventNames, flushAt, interestOf, isDue, isPendingForUs, isPodUpdated,
  nodeEvent, nodeListStale, podEvent, prioritySort, SCHEDULER_NAME,
} from './queue.js';
import { bindPod, recordFailure, markMoved } from './bind.js';

export { SCHEDULER_NAME } from './queue.js';

/**
 * What the scheduler's informers hold, rebuilt from the view on every full resync (and whenever
 * it is handed a different view): the unschedulable pods (failed at least once, still pending),
 * and the node walk. Both are caches of the view kept exact by the work items — every change to a
 * Pod or Node reaches this controller — so no decision depends on anything but the view.
 */
interface Informers {
  view: View;
  unschedulable: Map<string, Pod>;
  nodes: NodeList | null;
}

/** A pod to attempt in this run and the seq of the event that made it due. */
type Attempts = Map<string, number>;

/**
 * The default scheduler.
 *
 * @example
 *   // node() and pod() from ./fixtures.js
 *   const sim = new Sim({ controllers: [new Scheduler()] });
 *   sim.given(node('node-1', '2', '4Gi'), pod('web-1', '500m', '128Mi'));
 *   sim.tick(); // PodScheduled: "Successfully assigned default/web-1 to node-1"
 */
export class Scheduler implements Controller {
  readonly name = SCHEDULER_NAME;
  readonly watches = ['Pod', 'Node'] as const;
  private informers: Informers | undefined;

  reconcile(ctx: Ctx, work: WorkSet): void {
    const view = ctx.view;
    let inf = this.informers;
    const resync = work.all || inf === undefined || inf.view !== view;
    if (resync || inf === undefined) inf = this.informers = { view, unschedulable: new Map(), nodes: null };
    const attempts: Attempts = new Map();
    const podUpdates: Pod[] = [];
    const events = new ClusterEvents();
    for (const item of [...work.items].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))) {
      if (item.kind === 'Node') {
        if (nodeListStale(item)) inf.nodes = null;
        events.add(nodeEvent(item), item.seq);
      } else if (item.kind === 'Pod') {
        const current = item.deleted ? undefined : (view.getByKey(item.key) as Pod | undefined);
        events.add(podEvent(item, current), item.seq);
        if (current && this.observe(ctx, inf, current, attempts, false) && item.prev && isPodUpdated(item.prev as Pod, current)) podUpdates.push(current);
        else if (!current) inf.unschedulable.delete(item.key);
      }
    }
    if (resync) for (const pod of view.list('Pod')) this.observe(ctx, inf, pod, attempts, true);
    if (events.mask || podUpdates.length) this.moveToActiveOrBackoffQueue(ctx, inf, events, podUpdates, attempts);
    if (attempts.size > 0) this.scheduleAll(ctx, inf, attempts);
  }

  /**
   * An informer update for a pod: track it if it is ours and pending, and queue it if it has never
   * been tried or is due. Returns true for an unschedulable pod that is waiting (not due).
   */
  private observe(ctx: Ctx, inf: Informers, pod: Pod, attempts: Attempts, resync: boolean): boolean {
    const key = keyOfObject(pod);
    if (!isPendingForUs(pod)) {
      inf.unschedulable.delete(key);
      return false;
    }
    const b = bookkeeping(pod);
    if (!b) {
      inf.unschedulable.delete(key);
      attempts.set(key, Number(pod.metadata.resourceVersion));
      return false;
    }
    inf.unschedulable.set(key, pod);
    if (isDue(b, ctx.tick)) {
      attempts.set(key, Number(pod.metadata.resourceVersion));
      return false;
    }
    if (resync) {
      // timers are not persisted: ask again for the wake-ups a failed attempt or a move asked for
      ctx.requeueAfter(key, flushAt(b) - ctx.tick);
      if (b.moved) ctx.requeueAfter(key, backoffExpiresAt(b) - ctx.tick);
    }
    return true;
  }

  /**
   * MoveAllToActiveOrBackoffQueue (and Update for an unschedulable pod that changed): pods whose
   * plugins registered for the events go to the active queue if their back-off is over (they are
   * attempted in this run), else to the back-off queue (marked moved, woken at its expiry).
   */
  private moveToActiveOrBackoffQueue(ctx: Ctx, inf: Informers, events: ClusterEvents, updated: readonly Pod[], attempts: Attempts): void {
    const moved: { key: string; seq: number; events: number }[] = [];
    if (events.mask) {
      for (const [key, pod] of inf.unschedulable) {
        const mask = interestOf(bookkeeping(pod)!.plugins) & events.mask;
        if (mask) moved.push({ key, seq: events.seqOf(mask), events: mask });
      }
    }
    for (const pod of updated) moved.push({ key: keyOfObject(pod), seq: Number(pod.metadata.resourceVersion), events: 0 });
    moved.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.events - b.events));
    for (const m of moved) {
      const key = m.key;
      if (attempts.has(key)) continue;
      const pod = ctx.view.getByKey(key) as Pod | undefined;
      const b = pod && bookkeeping(pod);
      if (!pod || !b) continue;
      if (ctx.tick >= backoffExpiresAt(b)) {
        attempts.set(key, m.seq);
      } else if (!b.moved) {
        const stored = markMoved(ctx, pod, b, m.events ? eventNames(m.events) : ['PodUpdate'], m.seq);
        inf.unschedulable.set(key, stored);
        ctx.requeueAfter(key, backoffExpiresAt(b) - ctx.tick);
      }
    }
  }

  private scheduleAll(ctx: Ctx, inf: Informers, attempts: Attempts): void {
    const view = ctx.view;
    const pods: Pod[] = [];
    for (const key of attempts.keys()) {
      const p = view.getByKey(key) as Pod | undefined;
      if (p && isPendingForUs(p)) pods.push(p);
    }
    pods.sort(prioritySort);
    inf.nodes ??= new NodeList(view.list('Node'));
    // The rotating start index (sched.nextStartNodeIndex) survives across cycles upstream; here it
    // starts at 0 in every reconcile run and advances as upstream within it, so that the walk is
    // a function of the state and a resumed run walks exactly as the uninterrupted one.
    const snap = new Snapshot(view, inf.nodes, percentageOfNodesToScore(view));
    for (const pod of pods) {
      const key = keyOfObject(pod);
      const current = view.getByKey(key) as Pod;
      this.scheduleOne(ctx, inf, snap, current, attempts.get(key)!);
    }
  }

  /** scheduleOne: one cycle for one pod, then bind or handleSchedulingFailure. */
  private scheduleOne(ctx: Ctx, inf: Informers, snap: Snapshot, pod: Pod, cause: number): void {
    const key = keyOfObject(pod);
    if (snap.nodes.length === 0) {
      // ErrNoNodesAvailable: UnschedulableAndUnresolvable, no plugin (moves on any event)
      inf.unschedulable.set(key, recordFailure(ctx, pod, ERR_NO_NODES_AVAILABLE, [], 0, cause));
      return;
    }
    const info = podInfoOf(pod);
    const result: CycleResult = schedulePod(snap, info, ctx.rng);
    if (result.node) {
      bindPod(ctx, pod, result, cause);
      snap.bound(result.node.name, info.priority);
      inf.unschedulable.delete(key);
      return;
    }
    const post = preemptionMessage(snap, info, result);
    const message = fitErrorMessage(snap.nodes.length, result.diagnosis, post);
    inf.unschedulable.set(key, recordFailure(ctx, pod, message, result.unschedulablePlugins, result.evaluatedNodes, cause));
  }
}

/** The cluster events seen in one run: their mask, and the latest seq of each. */
class ClusterEvents {
  mask = 0;
  private readonly seqs = new Map<number, number>();

  add(mask: number, seq: number): void {
    if (!mask) return;
    this.mask |= mask;
    for (let bit = 1; bit <= mask; bit <<= 1) if (mask & bit) this.seqs.set(bit, Math.max(this.seqs.get(bit) ?? 0, seq));
  }

  /** the latest seq among the events in `mask`: the cause of a move */
  seqOf(mask: number): number {
    let seq = 0;
    for (const [bit, s] of this.seqs) if (mask & bit) seq = Math.max(seq, s);
    return seq;
  }
}

function percentageOfNodesToScore(view: View): number {
  try {
    return view.config().settings.percentageOfNodesToScore ?? 0;
  } catch {
    return 0; // no SimConfig yet: the upstream default (adaptive)
  }
}
