// The event envelope: one fact appended to the log. The projection is generic over `change`;
// `type` (past tense, domain meaning) and `note` (the Kubernetes Event it stands for) give the
// human meaning. Everything here is plain JSON: no Date, Map, class instance or undefined.
import type { Json, KObject, Kind, ObjectRef } from '../api/types.js';

/** Current envelope schema version; older versions are upcast on read (see upcast.ts). */
export const EVENT_SCHEMA_VERSION = 1;

/** One RFC 6902 operation (the subset the projection applies). */
export type PatchOp =
  | { op: 'add'; path: string; value: Json }
  | { op: 'replace'; path: string; value: Json }
  | { op: 'remove'; path: string };

export type Change =
  | { op: 'create'; object: KObject }
  | { op: 'patch'; patch: PatchOp[] }
  | { op: 'delete' };

/**
 * The Kubernetes `Event` an envelope stands for (`kubectl describe` / `get events`). Derived from
 * the log, never stored separately; `involved` defaults to the envelope's object.
 */
export interface KubeEventNote {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  /** reporting component: deployment-controller, replicaset-controller, default-scheduler, kubelet … */
  source: string;
  /** node name for kubelet events */
  host?: string;
  involved?: ObjectRef;
  /**
   * The note stands for `count` occurrences of this Event (default 1), the first at tick
   * `firstTick` (default: the envelope's tick) — the kubelet summarises repeated probe failures.
   */
  count?: number;
  firstTick?: number;
}

export interface LogEvent {
  v: number;
  /** gap-free log position; also the object's resourceVersion after this event */
  seq: number;
  /** ULID from the seeded PRNG and the logical clock */
  id: string;
  tick: number;
  /** past tense: PodScheduled, ReplicaSetScaled … */
  type: string;
  /** 'user', 'scenario', or the controller's name */
  actor: string;
  /** seq of the event that triggered this decision, when there is one */
  cause?: number;
  object: ObjectRef;
  /** null for pure occurrences (a failed scheduling attempt that changes nothing) */
  change: Change | null;
  /** domain details for humans and `explain` (scale from/to, scheduling diagnosis …) */
  data?: { [key: string]: Json };
  note?: KubeEventNote;
}

/** What a writer supplies; the engine adds v, seq, id and tick. */
export interface EventDraft {
  type: string;
  actor: string;
  cause?: number;
  object: ObjectRef;
  change: Change | null;
  data?: { [key: string]: Json };
  note?: KubeEventNote;
}

export function refOf(obj: KObject): ObjectRef {
  const ref: ObjectRef = { kind: obj.kind as Kind, namespace: obj.metadata.namespace ?? '', name: obj.metadata.name };
  if (obj.metadata.uid !== undefined) ref.uid = obj.metadata.uid;
  return ref;
}

/** "Kind/namespace/name" (cluster-scoped: "Kind//name"): the state's primary key. */
export function keyOf(kind: string, namespace: string, name: string): string {
  return `${kind}/${namespace}/${name}`;
}

export function keyOfRef(ref: ObjectRef): string {
  return keyOf(ref.kind, ref.namespace, ref.name);
}

export function keyOfObject(obj: KObject): string {
  return keyOf(obj.kind, obj.metadata.namespace ?? '', obj.metadata.name);
}

const CANONICAL_KEYS = ['v', 'seq', 'id', 'tick', 'type', 'actor', 'cause', 'object', 'change', 'data', 'note'];

function hasCanonicalOrder(e: LogEvent): boolean {
  let i = 0;
  for (const k in e) {
    while (i < CANONICAL_KEYS.length && CANONICAL_KEYS[i] !== k) i++;
    if (i === CANONICAL_KEYS.length) return false;
  }
  return true;
}

/**
 * Serialise an envelope with a fixed key order so that the same event gives the same bytes.
 * The engine builds envelopes in that order (and JSON.parse keeps it), so this is usually a
 * plain JSON.stringify.
 */
export function serializeEvent(e: LogEvent): string {
  if (hasCanonicalOrder(e)) return JSON.stringify(e);
  const o: Record<string, unknown> = { v: e.v, seq: e.seq, id: e.id, tick: e.tick, type: e.type, actor: e.actor };
  if (e.cause !== undefined) o.cause = e.cause;
  o.object = e.object;
  o.change = e.change;
  if (e.data !== undefined) o.data = e.data;
  if (e.note !== undefined) o.note = e.note;
  return JSON.stringify(o);
}

/** The stored form of an event: its columns and its two JSON texts. */
export interface StoredEvent {
  seq: number;
  tick: number;
  type: string;
  actor: string;
  /** "Kind/namespace/name" */
  object: string;
  /** what only the envelope holds: {"v","id","cause","uid","data","note"} */
  meta: string;
  /** the change: what a fold needs */
  change: string;
}

/**
 * An event as stored: the fields with a column of their own (seq, tick, type, actor, object key)
 * are not repeated in `meta`; `change` is a text of its own so that folds parse only it.
 */
export function toStored(e: LogEvent): StoredEvent {
  // Built as a string: no intermediate object, and the keys in a fixed order.
  let meta = `{"v":${e.v},"id":${JSON.stringify(e.id)}`;
  if (e.cause !== undefined) meta += `,"cause":${e.cause}`;
  if (e.object.uid !== undefined) meta += `,"uid":${JSON.stringify(e.object.uid)}`;
  if (e.data !== undefined) meta += `,"data":${JSON.stringify(e.data)}`;
  if (e.note !== undefined) meta += `,"note":${JSON.stringify(e.note)}`;
  meta += '}';
  return { seq: e.seq, tick: e.tick, type: e.type, actor: e.actor, object: keyOfRef(e.object), meta, change: JSON.stringify(e.change) };
}

/** The envelope from its stored form, keys in canonical order. */
export function fromStored(s: StoredEvent): LogEvent {
  const m = JSON.parse(s.meta) as { v: number; id: string; cause?: number; uid?: string; data?: LogEvent['data']; note?: KubeEventNote };
  const e = { v: m.v, seq: s.seq, id: m.id, tick: s.tick, type: s.type, actor: s.actor } as LogEvent;
  if (m.cause !== undefined) e.cause = m.cause;
  const k = parseKey(s.object);
  const ref: ObjectRef = { kind: k.kind as ObjectRef['kind'], namespace: k.namespace, name: k.name };
  if (m.uid !== undefined) ref.uid = m.uid;
  e.object = ref;
  e.change = JSON.parse(s.change) as LogEvent['change'];
  if (m.data !== undefined) e.data = m.data;
  if (m.note !== undefined) e.note = m.note;
  return e;
}

/** "Kind/namespace/name" → the parts (names cannot contain '/'). */
export function parseKey(key: string): { kind: string; namespace: string; name: string } {
  const a = key.indexOf('/');
  const b = key.indexOf('/', a + 1);
  return { kind: key.slice(0, a), namespace: key.slice(a + 1, b), name: key.slice(b + 1) };
}
