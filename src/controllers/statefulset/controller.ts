// The StatefulSet controller's event handlers and queue: addPod/updatePod/deletePod and
// addStatefulset/updateStatefulset of pkg/controller/statefulset/stateful_set.go (v1.28) mapped onto
// kreplay's dirty set. Differs: orphan pods are never adopted (no namespace scan), see control.ts.
import type { KObject, OwnerReference, StatefulSet } from '../../api/types.js';
import { controllerRef } from '../../api/podutil.js';
import type { Controller, Ctx, WorkItem, WorkSet } from '../../state/controller.js';
import { keyOfObject } from '../../state/events.js';
import { CreateLedger } from '../replicaset/sync.js';
import { syncStatefulSet } from './control.js';
import { CONTROLLER_NAME } from './utils.js';

/**
 * Keeps each StatefulSet's pods "<set>-<ordinal>" at spec.replicas, in order (OrderedReady) or all
 * at once (Parallel), rolls them to the update revision, and reports them in status.
 *
 * @example
 *   const sim = new Sim({ controllers: [new StatefulSetController()] });
 *   sim.given(statefulSet);   // spec.replicas: 3, OrderedReady
 *   sim.tick();               // web-0 created (SuccessfulCreate); web-1 waits for web-0 to be Running and Ready
 */
export class StatefulSetController implements Controller {
  readonly name = CONTROLLER_NAME;
  readonly watches = ['StatefulSet', 'Pod'] as const;

  /** pods created per StatefulSet in the current tick: at most spec.replicas a second (control.ts) */
  private readonly ledger = new CreateLedger();

  reconcile(ctx: Ctx, work: WorkSet): void {
    const queue = new Map<string, number>();
    const add = (key: string, seq: number): void => {
      queue.set(key, Math.max(queue.get(key) ?? 0, seq));
    };
    if (work.all) for (const set of ctx.view.list('StatefulSet')) add(keyOfObject(set), Number(set.metadata.resourceVersion ?? 0));
    for (const item of work.items) {
      if (item.kind === 'StatefulSet') {
        if (!item.deleted) add(item.key, item.seq);
      } else if (item.kind === 'Pod') {
        this.podChanged(ctx, item, add);
      }
    }
    for (const key of [...queue.keys()].sort()) {
      const set = ctx.view.getByKey(key) as StatefulSet | undefined;
      if (!set) continue; // deleted: its pods are the garbage collector's
      syncStatefulSet(ctx, set, queue.get(key) || Number(set.metadata.resourceVersion ?? 0), this.ledger);
    }
  }

  /** addPod / updatePod / deletePod: wake the set named by the pod's controllerRef, and the previous one if it changed. */
  private podChanged(ctx: Ctx, item: WorkItem, add: (key: string, seq: number) => void): void {
    const ns = item.obj.metadata.namespace ?? '';
    const cur = controllerRef(item.obj);
    const prev = item.prev ? controllerRef(item.prev) : undefined;
    if (prev && prev.uid !== cur?.uid) this.enqueueOwner(ctx, prev, ns, item.seq, add);
    if (cur) this.enqueueOwner(ctx, cur, ns, item.seq, add);
  }

  /** resolveControllerRef: a StatefulSet of that name and uid in the pod's namespace. */
  private enqueueOwner(ctx: Ctx, ref: OwnerReference, ns: string, seq: number, add: (key: string, seq: number) => void): void {
    if (ref.kind !== 'StatefulSet') return;
    const owner: KObject | undefined = ctx.view.getByUid(ref.uid);
    if (!owner || owner.kind !== 'StatefulSet' || owner.metadata.name !== ref.name || (owner.metadata.namespace ?? '') !== ns) return;
    add(keyOfObject(owner), seq);
  }
}
