// The projection: every object of the cluster as an immutable value in a mutable index, plus the
// secondary indexes controllers need (pods by node, children by owner, per-node requested
// resources). `evolve` folds one event; the engine's live path installs the value it already
// built (`install`), and both paths end in the same `put`/`remove`, so the live state and a fold
// of the log are the same by construction (test/projection checks it at every tick).
import type { KObject, Kind, ObjectOf, Pod, SimConfigSpec } from '../api/types.js';
import { forgetPodResources, podResources } from '../api/resources.js';
import type { Change, LogEvent, PatchOp } from './events.js';
import { keyOf } from './events.js';
import { MultisetHash, objectLanes, type Lanes } from './hash.js';
import { applyPatchInPlace, applyPatchWithVersion } from './patch.js';

/** Requests of the non-terminal pods assigned to a node (the scheduler's NodeInfo sums). */
export interface NodeUsage {
  pods: number;
  cpuMillis: number;
  memoryBytes: number;
  ephemeralBytes: number;
  nonzeroCpuMillis: number;
  nonzeroMemoryBytes: number;
  scalar: Record<string, number>;
}

/** Read-only view given to controllers, printers and expectations. */
export interface View {
  get<K extends Kind>(kind: K, namespace: string, name: string): ObjectOf<K> | undefined;
  getByKey(key: string): KObject | undefined;
  getByUid(uid: string): KObject | undefined;
  /** objects of a kind (optionally one namespace) in creation order */
  list<K extends Kind>(kind: K, namespace?: string): ObjectOf<K>[];
  count(kind: Kind): number;
  /** pods whose spec.nodeName is `node`, in the order they were bound */
  podsOnNode(node: string): Pod[];
  /** objects of `kind` that carry an ownerReference to `ownerUid`, in creation order */
  ownedBy<K extends Kind>(ownerUid: string, kind: K): ObjectOf<K>[];
  /** every object, of any kind, with an ownerReference to `ownerUid`, in creation order */
  dependents(ownerUid: string): KObject[];
  nodeUsage(node: string): NodeUsage;
  /** the simulation's configuration (behaviours, settings) */
  config(): SimConfigSpec;
}

const terminal = (p: Pod): boolean => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';

function emptyUsage(): NodeUsage {
  return { pods: 0, cpuMillis: 0, memoryBytes: 0, ephemeralBytes: 0, nonzeroCpuMillis: 0, nonzeroMemoryBytes: 0, scalar: {} };
}

export class ProjectionError extends Error {}

export interface StateOptions {
  /**
   * Fold one partition of the log (events of some objects only): seqs have gaps by design.
   * Default false — a gap is a corrupt log.
   */
  partial?: boolean;
  /** Track changes for stateHash() (default true; reads that never hash can switch it off). */
  hashing?: boolean;
  /**
   * The fold owns every object it holds: patches are applied in place instead of copying the
   * path to the root. Only for read-only folds (time travel, verify's fold check) whose objects
   * nobody else references while folding; the engine and resumed runs use copy-on-write.
   */
  owned?: boolean;
}

export class ClusterState implements View {
  private readonly partial: boolean;
  private readonly hashing: boolean;
  private readonly owned: boolean;

  constructor(opts: StateOptions = {}) {
    this.partial = opts.partial ?? false;
    this.hashing = opts.hashing ?? true;
    this.owned = opts.owned ?? false;
  }

  private readonly kinds = new Map<string, Map<string, KObject>>();
  private readonly byKey = new Map<string, KObject>();
  private readonly uids = new Map<string, KObject>();
  private readonly byNode = new Map<string, Map<string, Pod>>();
  private readonly children = new Map<string, Map<string, KObject>>();
  private readonly usage = new Map<string, NodeUsage>();
  private readonly hashes = new Map<string, Lanes>();
  private readonly hashDirty = new Map<string, KObject | null>();
  private readonly hash = new MultisetHash();
  private simConfig: SimConfigSpec | undefined;
  /** seq of the last event folded */
  lastSeq = 0;

  // ------------------------------------------------------------ reads

  get<K extends Kind>(kind: K, namespace: string, name: string): ObjectOf<K> | undefined {
    return this.kinds.get(kind)?.get(`${namespace}/${name}`) as ObjectOf<K> | undefined;
  }

  getByKey(key: string): KObject | undefined {
    return this.byKey.get(key);
  }

  getByUid(uid: string): KObject | undefined {
    return this.uids.get(uid);
  }

  list<K extends Kind>(kind: K, namespace?: string): ObjectOf<K>[] {
    const m = this.kinds.get(kind);
    if (!m) return [];
    const out: ObjectOf<K>[] = [];
    for (const o of m.values()) {
      if (namespace === undefined || (o.metadata.namespace ?? '') === namespace) out.push(o as ObjectOf<K>);
    }
    return out;
  }

  count(kind: Kind): number {
    return this.kinds.get(kind)?.size ?? 0;
  }

  podsOnNode(node: string): Pod[] {
    const m = this.byNode.get(node);
    return m ? [...m.values()] : [];
  }

  ownedBy<K extends Kind>(ownerUid: string, kind: K): ObjectOf<K>[] {
    const m = this.children.get(ownerUid);
    if (!m) return [];
    const out: ObjectOf<K>[] = [];
    for (const o of m.values()) if (o.kind === kind) out.push(o as ObjectOf<K>);
    return out;
  }

  dependents(ownerUid: string): KObject[] {
    const m = this.children.get(ownerUid);
    return m ? [...m.values()] : [];
  }

  nodeUsage(node: string): NodeUsage {
    return this.usage.get(node) ?? emptyUsage();
  }

  config(): SimConfigSpec {
    if (!this.simConfig) throw new ProjectionError('the simulation has no SimConfig object yet');
    return this.simConfig;
  }

  /** every object, kind by kind in first-seen order, each kind in creation order */
  *all(): IterableIterator<KObject> {
    for (const m of this.kinds.values()) yield* m.values();
  }

  // ------------------------------------------------------------ writes

  /** Fold one event from the log. */
  evolve(e: LogEvent): void {
    this.applyChange(e.seq, e.change === null ? '' : keyOf(e.object.kind, e.object.namespace, e.object.name), e.change);
  }

  /** Fold one change (what a fold needs of an event: its seq, its object's key, its change). */
  applyChange(seq: number, key: string, c: Change | null): void {
    const e = { seq };
    if (this.partial ? e.seq <= this.lastSeq : e.seq !== this.lastSeq + 1) throw new ProjectionError(`event seq ${e.seq} follows ${this.lastSeq}: the log has a gap`);
    this.lastSeq = e.seq;
    if (c === null) return;
    switch (c.op) {
      case 'create': {
        if (this.getByKey(key)) throw new ProjectionError(`seq ${e.seq}: ${key} created but it already exists`);
        this.put(key, withResourceVersion(c.object, e.seq));
        return;
      }
      case 'patch': {
        const old = this.getByKey(key);
        if (!old) throw new ProjectionError(`seq ${e.seq}: ${key} patched but it does not exist`);
        if (this.owned) this.patchOwned(key, old, c.patch, e.seq);
        else this.put(key, applyPatchWithVersion(old, c.patch, String(e.seq)));
        return;
      }
      case 'delete': {
        if (!this.getByKey(key)) throw new ProjectionError(`seq ${e.seq}: ${key} deleted but it does not exist`);
        this.remove(key);
        return;
      }
    }
  }

  /**
   * Live path: record that `e` (already carrying its seq) produced `next` (already carrying its
   * resourceVersion), or removed the object when `next` is null.
   */
  install(e: LogEvent, key: string, next: KObject | null): void {
    if (e.seq !== this.lastSeq + 1) throw new ProjectionError(`event seq ${e.seq} follows ${this.lastSeq}`);
    this.lastSeq = e.seq;
    if (e.change === null) return;
    if (next === null) this.remove(key);
    else this.put(key, next);
  }

  private put(key: string, obj: KObject): void {
    const kind = obj.kind;
    let m = this.kinds.get(kind);
    if (!m) this.kinds.set(kind, (m = new Map()));
    const nsName = key.slice(kind.length + 1);
    const old = this.byKey.get(key);
    m.set(nsName, obj);
    this.byKey.set(key, obj);
    if (old && old.metadata.uid !== obj.metadata.uid) throw new ProjectionError(`${key} changed uid`);
    if (obj.metadata.uid) this.uids.set(obj.metadata.uid, obj);
    this.reindexOwners(key, old, obj);
    if (kind === 'Pod') this.reindexPod(key, old as Pod | undefined, obj as Pod);
    if (kind === 'SimConfig') this.simConfig = (obj as ObjectOf<'SimConfig'>).spec;
    if (this.hashing) this.hashDirty.set(key, obj);
  }

  private remove(key: string): void {
    const old = this.getByKey(key)!;
    const m = this.kinds.get(old.kind)!;
    m.delete(key.slice(old.kind.length + 1));
    this.byKey.delete(key);
    if (old.metadata.uid) this.uids.delete(old.metadata.uid);
    this.reindexOwners(key, old, undefined);
    if (old.kind === 'Pod') this.reindexPod(key, old as Pod, undefined);
    if (this.hashing) this.hashDirty.set(key, null);
  }

  /** An owned fold's patch: in place, with the indexes adjusted from what changed. */
  private patchOwned(key: string, obj: KObject, patch: readonly PatchOp[], seq: number): void {
    let touchesOwners = false;
    let touchesSpec = false;
    for (const op of patch) {
      const p = op.path;
      if (p === '/metadata' || p.startsWith('/metadata/ownerReferences')) touchesOwners = true;
      else if (p === '/spec' || p.startsWith('/spec/')) touchesSpec = true;
    }
    const pod = obj.kind === 'Pod' ? (obj as Pod) : undefined;
    const beforeNode = pod?.spec.nodeName;
    const counted = (p: Pod): boolean => !!p.spec.nodeName && !terminal(p);
    const beforeCounted = pod !== undefined && counted(pod);
    // a spec change may change the requests: take the old contribution out before mutating
    if (pod && beforeCounted && touchesSpec) this.addUsage(beforeNode!, pod, -1);
    const oldOwners = touchesOwners ? (obj.metadata.ownerReferences ?? []).map((r) => r.uid) : undefined;
    applyPatchInPlace(obj, patch);
    obj.metadata.resourceVersion = String(seq);
    if (pod) {
      if (touchesSpec) forgetPodResources(pod.spec);
      const afterNode = pod.spec.nodeName;
      if (beforeNode !== afterNode) {
        if (beforeNode) {
          const m = this.byNode.get(beforeNode)!;
          m.delete(key);
          if (m.size === 0) this.byNode.delete(beforeNode);
        }
        if (afterNode) {
          let m = this.byNode.get(afterNode);
          if (!m) this.byNode.set(afterNode, (m = new Map()));
          m.set(key, pod);
        }
      }
      const afterCounted = counted(pod);
      if (touchesSpec) {
        if (afterCounted) this.addUsage(afterNode!, pod, +1);
      } else if (beforeCounted !== afterCounted || (beforeCounted && beforeNode !== afterNode)) {
        if (beforeCounted) this.addUsage(beforeNode!, pod, -1);
        if (afterCounted) this.addUsage(afterNode!, pod, +1);
      }
    }
    if (oldOwners) {
      for (const uid of oldOwners) {
        const m = this.children.get(uid);
        if (m) { m.delete(key); if (m.size === 0) this.children.delete(uid); }
      }
      for (const r of obj.metadata.ownerReferences ?? []) {
        let m = this.children.get(r.uid);
        if (!m) this.children.set(r.uid, (m = new Map()));
        m.set(key, obj);
      }
    }
    if (obj.kind === 'SimConfig') this.simConfig = (obj as ObjectOf<'SimConfig'>).spec;
    if (this.hashing) this.hashDirty.set(key, obj);
  }

  private reindexOwners(key: string, old: KObject | undefined, next: KObject | undefined): void {
    const before = old?.metadata.ownerReferences;
    const after = next?.metadata.ownerReferences;
    if (before === after && next) {
      // same references: refresh the stored value only
      for (const r of after ?? []) this.children.get(r.uid)?.set(key, next);
      return;
    }
    for (const r of before ?? []) {
      const m = this.children.get(r.uid);
      if (m) {
        m.delete(key);
        if (m.size === 0) this.children.delete(r.uid);
      }
    }
    if (next) {
      for (const r of after ?? []) {
        let m = this.children.get(r.uid);
        if (!m) this.children.set(r.uid, (m = new Map()));
        m.set(key, next);
      }
    }
  }

  private reindexPod(key: string, old: Pod | undefined, next: Pod | undefined): void {
    const oldNode = old?.spec.nodeName;
    const newNode = next?.spec.nodeName;
    if (oldNode && oldNode !== newNode) {
      const m = this.byNode.get(oldNode)!;
      m.delete(key);
      if (m.size === 0) this.byNode.delete(oldNode);
    }
    if (newNode && next) {
      let m = this.byNode.get(newNode);
      if (!m) this.byNode.set(newNode, (m = new Map()));
      m.set(key, next);
    }
    const counted = (p: Pod | undefined): p is Pod => p !== undefined && !!p.spec.nodeName && !terminal(p);
    const before = counted(old);
    const after = counted(next);
    // Most pod changes are status updates: same node, same spec, still running — usage unchanged.
    if (before && after && old!.spec === next!.spec) return;
    if (before) this.addUsage(oldNode!, old!, -1);
    if (after) this.addUsage(newNode!, next!, +1);
  }

  private addUsage(node: string, pod: Pod, sign: 1 | -1): void {
    let u = this.usage.get(node);
    if (!u) this.usage.set(node, (u = emptyUsage()));
    const r = podResources(pod);
    u.pods += sign;
    u.cpuMillis += sign * r.requests.cpuMillis;
    u.memoryBytes += sign * r.requests.memoryBytes;
    u.ephemeralBytes += sign * r.requests.ephemeralBytes;
    u.nonzeroCpuMillis += sign * r.nonzeroCpuMillis;
    u.nonzeroMemoryBytes += sign * r.nonzeroMemoryBytes;
    for (const k of Object.keys(r.requests.scalar)) u.scalar[k] = (u.scalar[k] ?? 0) + sign * r.requests.scalar[k]!;
    if (u.pods === 0) this.usage.delete(node);
  }

  // ------------------------------------------------------------ hashing

  /** The canonical state hash, folding in the objects changed since the last call. */
  stateHash(): string {
    return this.hashLanes().hex();
  }

  /** The state hash as its lanes (partitions of a fold add up lane by lane). */
  hashLanes(): MultisetHash {
    if (!this.hashing) throw new ProjectionError('this state was built without hashing');
    for (const [key, obj] of this.hashDirty) {
      const old = this.hashes.get(key);
      if (old) this.hash.remove(old);
      if (obj === null) this.hashes.delete(key);
      else {
        const l = objectLanes(key, obj);
        this.hashes.set(key, l);
        this.hash.add(l);
      }
    }
    this.hashDirty.clear();
    return this.hash;
  }
}

/** `obj` with metadata.resourceVersion = seq (a fresh object from a fold may be stamped in place). */
export function withResourceVersion<T extends KObject>(obj: T, seq: number): T {
  const rv = String(seq);
  if (obj.metadata.resourceVersion === rv) return obj;
  return { ...obj, metadata: { ...obj.metadata, resourceVersion: rv } };
}
