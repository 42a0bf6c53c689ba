// The garbage collector's graph builder and workers (pkg/controller/garbagecollector/graph_builder.go
// and garbagecollector.go, v1.28) over kreplay's dirty set and owner index instead of a private
// dependency graph: the view's dependents(uid) index is the graph; the work set tells what changed.
import type { KObject, OwnerReference } from '../../api/types.js';
import type { Controller, Ctx, WorkItem, WorkSet } from '../../state/controller.js';
import { keyOfObject } from '../../state/events.js';
import {
  attemptToDeleteItem, GC_NAME, isDeletingDependents, isOrphaning, needsWork, orphanDependents,
} from './attempt.js';

/** Rounds of cascading work (owner → dependents → their dependents …) within one reconcile. */
export const MAX_GC_ROUNDS_PER_RECONCILE = 1000;

type Candidates = Map<string, number>;

const refsEqual = (a: readonly OwnerReference[] | undefined, b: readonly OwnerReference[] | undefined): boolean => {
  if (a === b) return true;
  if ((a?.length ?? 0) !== (b?.length ?? 0)) return false;
  return (a ?? []).every((r, i) => {
    const s = b![i]!;
    return r.uid === s.uid && r.kind === s.kind && r.name === s.name && r.apiVersion === s.apiVersion && r.controller === s.controller && r.blockOwnerDeletion === s.blockOwnerDeletion;
  });
};

const sameList = (a: readonly string[] | undefined, b: readonly string[] | undefined): boolean =>
  a === b || ((a?.length ?? 0) === (b?.length ?? 0) && (a ?? []).every((x, i) => x === b![i]));

/**
 * Background, foreground and orphan deletion propagation through ownerReferences.
 *
 * @example
 *   const sim = new Sim({ controllers: [new ReplicaSetController(), new GarbageCollector()] });
 *   sim.when((ctx) => deleteObject(ctx, replicaSet, {}));   // background: its pods follow
 */
export class GarbageCollector implements Controller {
  readonly name = GC_NAME;
  readonly watches = ['Pod', 'ReplicaSet', 'Deployment', 'StatefulSet', 'Namespace', 'Node'] as const;

  reconcile(ctx: Ctx, work: WorkSet): void {
    const candidates: Candidates = new Map();
    // Only objects with something to do now are queued and sorted (a tick may create 150,000
    // pods); what this run's own writes change comes back as work items in the next pass.
    const add = (obj: KObject, cause: number, key?: string): void => {
      if (!needsWork(ctx.view, obj)) return;
      const k = key ?? keyOfObject(obj);
      const c = candidates.get(k);
      if (c === undefined || cause > c) candidates.set(k, cause);
    };
    if (work.all) {
      for (const kind of this.watches) for (const o of ctx.view.list(kind)) add(o, Number(o.metadata.resourceVersion ?? 0));
    }
    for (const item of work.items) this.observe(ctx, item, add);
    for (let round = 0; candidates.size > 0; round++) {
      if (round >= MAX_GC_ROUNDS_PER_RECONCILE) throw new Error(`garbage collector did not settle within ${MAX_GC_ROUNDS_PER_RECONCILE} rounds at tick ${ctx.tick}`);
      const batch = [...candidates].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      candidates.clear();
      for (const [key, cause] of batch) {
        // re-read: an earlier item's writes may have settled this one (both workers re-check)
        const obj = ctx.view.getByKey(key);
        if (!obj) continue;
        const enqueue = (dep: KObject): void => add(dep, cause);
        if (isOrphaning(obj)) orphanDependents(ctx, obj, cause);
        else attemptToDeleteItem(ctx, obj, enqueue, cause);
      }
    }
  }

  /**
   * The graph builder's reaction to one change. A removed object (or one replaced by a new object
   * of the same name, which the dirty set folds into one item): its dependents may now be
   * garbage, and an owner waiting for it (foreground) may be done. A new object, or one whose
   * ownerReferences, deletionTimestamp or finalizers changed: look at it; an owner that lost a
   * blocking reference may be done. Status-only changes are ignored.
   */
  private observe(ctx: Ctx, item: WorkItem, add: (obj: KObject, cause: number, key?: string) => void): void {
    const obj = item.obj;
    if (item.deleted) {
      this.removed(ctx, obj, item.seq, add);
      return;
    }
    let prev = item.prev;
    if (prev && prev.metadata.uid !== obj.metadata.uid) {
      // deleted and re-created under the same name since the last run: one work item, two objects
      this.removed(ctx, prev, item.seq, add);
      prev = undefined;
    }
    const refsChanged = !!prev && !refsEqual(prev.metadata.ownerReferences, obj.metadata.ownerReferences);
    const relevant = !prev || item.seq === 0 || refsChanged ||
      prev.metadata.deletionTimestamp !== obj.metadata.deletionTimestamp ||
      !sameList(prev.metadata.finalizers, obj.metadata.finalizers);
    if (relevant) add(obj, item.seq, item.key);
    if (refsChanged) this.wakeWaitingOwners(ctx, prev!.metadata.ownerReferences, item.seq, add);
  }

  private removed(ctx: Ctx, obj: KObject, seq: number, add: (obj: KObject, cause: number) => void): void {
    for (const dep of ctx.view.dependents(obj.metadata.uid ?? '')) add(dep, seq);
    this.wakeWaitingOwners(ctx, obj.metadata.ownerReferences, seq, add);
  }

  private wakeWaitingOwners(ctx: Ctx, refs: readonly OwnerReference[] | undefined, seq: number, add: (obj: KObject, cause: number) => void): void {
    for (const r of refs ?? []) {
      const owner = ctx.view.getByUid(r.uid);
      if (owner && isDeletingDependents(owner)) add(owner, seq);
    }
  }
}
