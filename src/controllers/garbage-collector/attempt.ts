// Deciding what to do with one object: classifyReferences, attemptToDeleteItem,
// processDeletingDependentsItem and orphanDependents of pkg/controller/garbagecollector/
// garbagecollector.go (v1.28), read straight from the view instead of the GC's dependency graph.
import type { KObject, OwnerReference } from '../../api/types.js';
import { KINDS } from '../../api/types.js';
import {
  deleteObject, FINALIZER_FOREGROUND, FINALIZER_ORPHAN, removeFinalizer, type PropagationPolicy,
} from '../../state/apiserver.js';
import type { View } from '../../state/cluster.js';
import type { Ctx } from '../../state/controller.js';

export const GC_NAME = 'garbage-collector';

export const hasFinalizer = (o: KObject, f: string): boolean => o.metadata.finalizers?.includes(f) ?? false;
export const isBeingDeleted = (o: KObject): boolean => o.metadata.deletionTimestamp !== undefined;
/** node.isDeletingDependents: being deleted with the foregroundDeletion finalizer. */
export const isDeletingDependents = (o: KObject): boolean => isBeingDeleted(o) && hasFinalizer(o, FINALIZER_FOREGROUND);
/** startsOrphaning, level-triggered: being deleted with the orphan finalizer. */
export const isOrphaning = (o: KObject): boolean => isBeingDeleted(o) && hasFinalizer(o, FINALIZER_ORPHAN);

export interface Classified {
  /** owners that exist and are not waiting for their dependents */
  solid: OwnerReference[];
  /** owners that are gone (no object with that uid, kind, name and namespace) */
  dangling: OwnerReference[];
  /** owners being deleted in the foreground */
  waiting: OwnerReference[];
}

/**
 * The owner an ownerReference resolves to, as the GC's isDangling looks it up: by kind and name in
 * the dependent's namespace (or cluster-wide for cluster-scoped kinds), then compared by uid.
 * 'unresolvable' when upstream cannot look it up and leaves the item alone: a group/version/kind
 * this simulator does not serve (no REST mapping; retried forever), or a namespaced owner of a
 * cluster-scoped object (namespacedOwnerOfClusterScopedObjectErr; not retried).
 */
export function resolveOwner(view: View, dependent: KObject, ref: OwnerReference): KObject | undefined | 'unresolvable' {
  const info = Object.prototype.hasOwnProperty.call(KINDS, ref.kind) ? KINDS[ref.kind as keyof typeof KINDS] : undefined;
  if (!info || ref.kind === 'SimConfig' || info.apiVersion !== ref.apiVersion) return 'unresolvable';
  if (info.namespaced && !dependent.metadata.namespace) return 'unresolvable';
  const owner = view.getByUid(ref.uid);
  if (!owner || owner.kind !== ref.kind || owner.metadata.name !== ref.name) return undefined;
  const ns = info.namespaced ? (dependent.metadata.namespace ?? '') : '';
  return (owner.metadata.namespace ?? '') === ns ? owner : undefined;
}

/** classifyReferences; undefined when a reference cannot be resolved at all (leave the item). */
export function classifyReferences(view: View, item: KObject): Classified | undefined {
  const c: Classified = { solid: [], dangling: [], waiting: [] };
  for (const ref of item.metadata.ownerReferences ?? []) {
    const owner = resolveOwner(view, item, ref);
    if (owner === 'unresolvable') return undefined;
    if (!owner) c.dangling.push(ref);
    else if (isDeletingDependents(owner)) c.waiting.push(ref);
    else c.solid.push(ref);
  }
  return c;
}

/**
 * Does attemptToDeleteItem / the orphan worker have anything to do for this object? No writes and
 * no allocation: it runs for every pod a tick creates or deletes.
 */
export function needsWork(view: View, item: KObject): boolean {
  const md = item.metadata;
  if (md.deletionTimestamp !== undefined) {
    const f = md.finalizers;
    return f !== undefined && (f.includes(FINALIZER_ORPHAN) || f.includes(FINALIZER_FOREGROUND));
  }
  const refs = md.ownerReferences;
  if (refs === undefined || refs.length === 0) return false;
  let work = false;
  for (const ref of refs) {
    const owner = resolveOwner(view, item, ref);
    if (owner === 'unresolvable') return false;
    if (owner === undefined || isDeletingDependents(owner)) work = true;
  }
  return work;
}

/** Where the GC puts the objects it must look at next (dependents of an owner it processed). */
export type Enqueue = (obj: KObject) => void;

/** Patch away the ownerReferences with these uids (generateDeleteOwnerRefJSONMergePatch). */
export function removeOwnerReferences(ctx: Ctx, item: KObject, uids: readonly string[], why: string, cause: number): void {
  const drop = new Set(uids);
  ctx.update(item, (d) => {
    const rest = (d.metadata.ownerReferences ?? []).filter((r) => !drop.has(r.uid));
    if (rest.length) d.metadata.ownerReferences = rest;
    else delete d.metadata.ownerReferences;
  }, { type: `${item.kind}OwnerReferencesRemoved`, cause, data: { owners: [...uids], why } });
}

/**
 * attemptToDeleteItem. Worked example: a Pod whose only owner (its ReplicaSet) is gone is deleted
 * in the background; a Pod with a live owner and a gone one loses the reference to the gone one;
 * a ReplicaSet whose Deployment is deleted in the foreground, and which owns pods, is itself
 * deleted in the foreground so that the chain is removed bottom-up.
 */
export function attemptToDeleteItem(ctx: Ctx, item: KObject, enqueue: Enqueue, cause: number): void {
  if (isBeingDeleted(item) && !isDeletingDependents(item)) return;
  if (isDeletingDependents(item)) {
    processDeletingDependentsItem(ctx, item, enqueue, cause);
    return;
  }
  if (!item.metadata.ownerReferences?.length) return;
  const c = classifyReferences(ctx.view, item);
  if (!c) return;
  if (c.solid.length > 0) {
    if (c.dangling.length === 0 && c.waiting.length === 0) return;
    // waiting references must go too, or their owners would wait for this object forever
    const uids = [...c.dangling, ...c.waiting].map((r) => r.uid);
    removeOwnerReferences(ctx, item, uids, c.dangling.length ? 'dangling' : 'owner-deleting-dependents', cause);
    return;
  }
  const meta = { cause, data: { owners: (item.metadata.ownerReferences ?? []).map((r) => r.uid) } };
  const dependents = ctx.view.dependents(item.metadata.uid ?? '');
  if (c.waiting.length > 0 && dependents.length > 0) {
    if (dependents.some(isDeletingDependents)) unblockOwnerReferences(ctx, item, cause);
    deleteObject(ctx, current(ctx, item), meta, { propagationPolicy: 'Foreground' });
    return;
  }
  const policy: PropagationPolicy = hasFinalizer(item, FINALIZER_ORPHAN) ? 'Orphan' : hasFinalizer(item, FINALIZER_FOREGROUND) ? 'Foreground' : 'Background';
  deleteObject(ctx, item, meta, { propagationPolicy: policy });
}

/** The stored value of an object this run may just have written. */
function current(ctx: Ctx, obj: KObject): KObject {
  return ctx.view.getByUid(obj.metadata.uid ?? '') ?? obj;
}

/**
 * unblockOwnerReferencesStrategicMergePatch: break a possible cycle of foreground deletions by
 * making this object's blocking references non-blocking.
 */
function unblockOwnerReferences(ctx: Ctx, item: KObject, cause: number): void {
  ctx.update(item, (d) => {
    for (const r of d.metadata.ownerReferences ?? []) if (r.blockOwnerDeletion === true) r.blockOwnerDeletion = false;
  }, { type: `${item.kind}OwnerReferencesUnblocked`, cause });
}

/**
 * processDeletingDependentsItem: an owner deleted in the foreground keeps its foregroundDeletion
 * finalizer until no dependent blocks it (ownerReference with blockOwnerDeletion); meanwhile its
 * dependents are (re)considered for deletion — all of them, as the graph builder does when the
 * owner starts waiting.
 */
export function processDeletingDependentsItem(ctx: Ctx, owner: KObject, enqueue: Enqueue, cause: number): void {
  const uid = owner.metadata.uid ?? '';
  const dependents = ctx.view.dependents(uid);
  const blocking = dependents.filter((d) => d.metadata.ownerReferences?.some((r) => r.uid === uid && r.blockOwnerDeletion === true));
  if (blocking.length === 0) {
    removeFinalizer(ctx, owner, FINALIZER_FOREGROUND, { cause });
    return;
  }
  for (const dep of dependents) if (!isDeletingDependents(dep)) enqueue(dep);
}

/**
 * The orphan worker: remove every dependent's ownerReference to the owner, then the owner's
 * orphan finalizer (which lets the API server finish deleting it).
 */
export function orphanDependents(ctx: Ctx, owner: KObject, cause: number): void {
  const uid = owner.metadata.uid ?? '';
  const dependents = [...ctx.view.dependents(uid)].sort(byKey);
  for (const dep of dependents) removeOwnerReferences(ctx, dep, [uid], 'orphan', cause);
  removeFinalizer(ctx, current(ctx, owner), FINALIZER_ORPHAN, { cause });
}

/** Canonical order: kind, namespace, name. */
export function byKey(a: KObject, b: KObject): number {
  const ka = `${a.kind}/${a.metadata.namespace ?? ''}/${a.metadata.name}`;
  const kb = `${b.kind}/${b.metadata.namespace ?? ''}/${b.metadata.name}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}
