// The ReplicaSet controller's event handlers and work queue: addPod/updatePod/deletePod/addRS/updateRS
// of pkg/controller/replicaset/replica_set.go mapped onto kreplay's dirty set. Differs: orphans are
// found from the changed pods, or by one pass over the pods when an RS is new or on a full resync.
import type { KObject, OwnerReference, Pod, ReplicaSet } from '../../api/types.js';
import { compiled, matches } from '../../api/labels.js';
import { controllerRef, isPodActive } from '../../api/podutil.js';
import type { Controller, Ctx, WorkItem, WorkSet } from '../../state/controller.js';
import { keyOfObject } from '../../state/events.js';
import { CONTROLLER_NAME } from './podcontrol.js';
import { DEFAULT_RANK_FEATURES, type RankFeatures } from './ranking.js';
import { CreateLedger, syncReplicaSet } from './sync.js';

interface Queued {
  /** seq of the latest change that woke this RS (0: a timer or a resync) */
  cause: number;
  /** orphan pods that may be adopted */
  orphans: Pod[];
  /** look for orphans among all pods of the namespace (new RS, changed selector, resync) */
  scan: boolean;
}

/** The work of one reconcile: RS keys with what woke them. */
class Queue {
  readonly items = new Map<string, Queued>();

  add(key: string, cause: number): Queued {
    let q = this.items.get(key);
    if (!q) this.items.set(key, (q = { cause, orphans: [], scan: false }));
    else if (cause > q.cause) q.cause = cause;
    return q;
  }
}

const sameLabels = (a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean => {
  if (a === b) return true;
  const ka = Object.keys(a ?? {});
  if (ka.length !== Object.keys(b ?? {}).length) return false;
  return ka.every((k) => a![k] === b?.[k]);
};

const sameRef = (a: OwnerReference | undefined, b: OwnerReference | undefined): boolean =>
  a === b || (!!a && !!b && a.uid === b.uid && a.name === b.name && a.kind === b.kind && a.apiVersion === b.apiVersion && a.blockOwnerDeletion === b.blockOwnerDeletion);

/**
 * Keeps the pods of each ReplicaSet at spec.replicas and reports their state in status.
 *
 * @example
 *   const sim = new Sim({ controllers: [new ReplicaSetController()] });
 *   sim.given(replicaSet);           // spec.replicas: 3
 *   sim.tick();                      // three PodCreated events, SuccessfulCreate notes
 */
export class ReplicaSetController implements Controller {
  readonly name = CONTROLLER_NAME;
  readonly watches = ['ReplicaSet', 'Pod'] as const;

  /** pods created per ReplicaSet in the current tick: at most spec.replicas a second (see CreateLedger) */
  private readonly ledger = new CreateLedger();

  constructor(private readonly features: Readonly<RankFeatures> = DEFAULT_RANK_FEATURES) {}

  reconcile(ctx: Ctx, work: WorkSet): void {
    const queue = new Queue();
    if (work.all) {
      for (const rs of ctx.view.list('ReplicaSet')) queue.add(keyOfObject(rs), Number(rs.metadata.resourceVersion ?? 0)).scan = true;
    }
    const nsReplicaSets = new Map<string, ReplicaSet[]>();
    for (const item of work.items) {
      if (item.kind === 'ReplicaSet') this.replicaSetChanged(queue, item);
      else if (item.kind === 'Pod') this.podChanged(ctx, queue, item, nsReplicaSets);
    }
    const keys = [...queue.items.keys()].sort();
    const orphansByNs = this.scanOrphans(ctx, keys, queue);
    for (const key of keys) {
      const rs = ctx.view.getByKey(key) as ReplicaSet | undefined;
      if (!rs) continue; // deleted: its pods are the garbage collector's
      const q = queue.items.get(key)!;
      const orphans = q.scan ? [...(orphansByNs.get(rs.metadata.namespace ?? '') ?? []), ...q.orphans] : q.orphans;
      syncReplicaSet(ctx, rs, orphans, q.cause || Number(rs.metadata.resourceVersion ?? 0), this.features, this.ledger);
    }
  }

  /** addRS / updateRS: sync on every change; a new RS or a new selector looks for orphans. */
  private replicaSetChanged(queue: Queue, item: WorkItem): void {
    if (item.deleted) return;
    const q = queue.add(item.key, item.seq);
    const prev = item.prev as ReplicaSet | undefined;
    const cur = item.obj as ReplicaSet;
    // a different uid: deleted and re-created under the same name since the last run (updateRS)
    if (!prev || prev.metadata.uid !== cur.metadata.uid || (item.seq !== 0 && prev.spec?.selector !== cur.spec?.selector)) q.scan = true;
  }

  /**
   * addPod / updatePod / deletePod: wake the RS named by the pod's controllerRef (and the previous
   * one if it changed); for an orphan that is new or whose labels or controllerRef changed, wake
   * every RS of the namespace whose selector matches it, with the pod as an adoption candidate.
   */
  private podChanged(ctx: Ctx, queue: Queue, item: WorkItem, nsReplicaSets: Map<string, ReplicaSet[]>): void {
    const pod = item.obj as Pod;
    const prev = item.prev as Pod | undefined;
    // a re-created pod of the same name: the old one's owner is woken, the new one is an add
    const replaced = prev !== undefined && prev.metadata.uid !== pod.metadata.uid;
    const ns = pod.metadata.namespace ?? '';
    const curRef = controllerRef(pod);
    const prevRef = prev ? controllerRef(prev) : undefined;
    if (prevRef && (replaced || !sameRef(prevRef, curRef))) this.enqueueOwner(ctx, queue, prevRef, ns, item.seq);
    if (curRef) {
      this.enqueueOwner(ctx, queue, curRef, ns, item.seq);
      return;
    }
    if (item.deleted || !isPodActive(pod)) return;
    if (prev && !replaced && sameLabels(prev.metadata.labels, pod.metadata.labels) && sameRef(prevRef, curRef)) return;
    let rss = nsReplicaSets.get(ns);
    if (!rss) nsReplicaSets.set(ns, (rss = ctx.view.list('ReplicaSet', ns)));
    for (const rs of rss) {
      if (rs.metadata.deletionTimestamp !== undefined || !matches(compiled(rs.spec.selector), pod.metadata.labels)) continue;
      queue.add(keyOfObject(rs), item.seq).orphans.push(pod);
    }
  }

  /** resolveControllerRef: a ReplicaSet of that name and uid in the pod's namespace. */
  private enqueueOwner(ctx: Ctx, queue: Queue, ref: OwnerReference, ns: string, seq: number): void {
    if (ref.kind !== 'ReplicaSet') return;
    const owner: KObject | undefined = ctx.view.getByUid(ref.uid);
    if (!owner || owner.kind !== 'ReplicaSet' || owner.metadata.name !== ref.name || (owner.metadata.namespace ?? '') !== ns) return;
    queue.add(keyOfObject(owner), seq);
  }

  /**
   * Orphans of the namespaces whose ReplicaSets asked for a scan: one pass over the pods, only
   * when a ReplicaSet is new, changed its selector, or on a full resync.
   */
  private scanOrphans(ctx: Ctx, keys: readonly string[], queue: Queue): Map<string, Pod[]> {
    const namespaces = new Set<string>();
    for (const key of keys) {
      if (!queue.items.get(key)!.scan) continue;
      const rs = ctx.view.getByKey(key);
      if (rs && rs.metadata.deletionTimestamp === undefined) namespaces.add(rs.metadata.namespace ?? '');
    }
    const out = new Map<string, Pod[]>();
    if (namespaces.size === 0) return out;
    for (const pod of ctx.view.list('Pod')) {
      const ns = pod.metadata.namespace ?? '';
      if (!namespaces.has(ns) || controllerRef(pod) || !isPodActive(pod)) continue;
      let list = out.get(ns);
      if (!list) out.set(ns, (list = []));
      list.push(pod);
    }
    return out;
  }
}
