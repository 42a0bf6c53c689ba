// The projection: every object of the cluster as an immutable value in a mutable index, plus the
// secondary indexes controllers need (pods by node, children by owner, per-node requested
// resources). `evolve` folds one event; the engine's live path installs the value it already
// built (`install`), and both paths end in the same `put`/`remove`, so the live state and a fold
// of the log are the same by construction (test/projection checks it at every tick).
import type { KObject, Kind, ObjectOf, Pod, SimConfigSpec } from '../api/types.js';
import { podResources } from '../api/resources.js';
import type { LogEvent } from './events.js';
import { keyOf } from './events.js';
import { MultisetHash, objectLanes, type Lanes } from './hash.js';
import { applyPatch } from './patch.js';

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

export class ClusterState implements View {
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
    if (e.seq !== this.lastSeq + 1) throw new ProjectionError(`event seq ${e.seq} follows ${this.lastSeq}: the log has a gap`);
    this.lastSeq = e.seq;
    const c = e.change;
    if (c === null) return;
    const key = keyOf(e.object.kind, e.object.namespace, e.object.name);
    switch (c.op) {
      case 'create': {
        if (this.getByKey(key)) throw new ProjectionError(`seq ${e.seq}: ${key} created but it already exists`);
        this.put(key, withResourceVersion(c.object, e.seq));
        return;
      }
      case 'patch': {
        const old = this.getByKey(key);
        if (!old) throw new ProjectionError(`seq ${e.seq}: ${key} patched but it does not exist`);
        this.put(key, withResourceVersion(applyPatch(old, c.patch), e.seq));
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
    this.hashDirty.set(key, obj);
  }

  private remove(key: string): void {
    const old = this.getByKey(key)!;
    const m = this.kinds.get(old.kind)!;
    m.delete(key.slice(old.kind.length + 1));
    this.byKey.delete(key);
    if (old.metadata.uid) this.uids.delete(old.metadata.uid);
    this.reindexOwners(key, old, undefined);
    if (old.kind === 'Pod') this.reindexPod(key, old as Pod, undefined);
    this.hashDirty.set(key, null);
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
    if (counted(old)) this.addUsage(old.spec.nodeName!, old, -1);
    if (counted(next)) this.addUsage(next.spec.nodeName!, next, +1);
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
    return this.hash.hex();
  }
}

/** `obj` with metadata.resourceVersion = seq (a fresh object from a fold may be stamped in place). */
export function withResourceVersion<T extends KObject>(obj: T, seq: number): T {
  const rv = String(seq);
  if (obj.metadata.resourceVersion === rv) return obj;
  return { ...obj, metadata: { ...obj.metadata, resourceVersion: rv } };
}
