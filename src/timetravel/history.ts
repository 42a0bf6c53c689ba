// log and diff: the events of a run one per line, and what changed between two times.
import jsonpatch from 'fast-json-patch';
import type { KObject, Kind } from '../api/types.js';
import { KINDS } from '../api/types.js';
import type { ClusterState } from '../state/cluster.js';
import type { LogEvent, PatchOp } from '../state/events.js';
import { keyOfObject } from '../state/events.js';
import { fmtTime } from '../scenario/load.js';

export interface LogFilter {
  object?: { kind: Kind; namespace: string; name: string };
  type?: string;
  fromTick?: number;
  toTick?: number;
}

export function matchesFilter(e: LogEvent, f: LogFilter): boolean {
  if (f.fromTick !== undefined && e.tick < f.fromTick) return false;
  if (f.toTick !== undefined && e.tick > f.toTick) return false;
  if (f.type !== undefined && e.type !== f.type) return false;
  if (f.object) {
    const o = e.object;
    const inv = e.note?.involved;
    const hit = (r: { kind: string; namespace: string; name: string }) => r.kind === f.object!.kind && r.name === f.object!.name && (r.namespace ?? '') === f.object!.namespace;
    if (!hit(o) && !(inv && hit(inv))) return false;
  }
  return true;
}

function objectName(ref: LogEvent['object']): string {
  const info = KINDS[ref.kind];
  const kind = info ? info.singular : ref.kind.toLowerCase();
  return ref.namespace ? `${kind}/${ref.namespace}/${ref.name}` : `${kind}/${ref.name}`;
}

/** One human line: what the event means. */
export function summarize(e: LogEvent): string {
  if (e.note) return e.note.message;
  const d = e.data;
  if (d && typeof d.from === 'number' && typeof d.to === 'number') return `${d.from} → ${d.to}`;
  if (d && typeof d.label === 'string') return d.label;
  const c = e.change;
  if (!c) return '';
  switch (c.op) {
    case 'create': return 'created';
    case 'delete': return 'removed';
    case 'patch': return c.patch.map((op) => `${op.op} ${op.path}${op.op !== 'remove' ? `=${short(op.value)}` : ''}`).join(', ');
  }
}

function short(v: unknown): string {
  const s = JSON.stringify(v) ?? 'undefined';
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** `   seq  time  actor  type  object  summary` */
export function formatLogLine(e: LogEvent): string {
  return [String(e.seq).padStart(7), fmtTime(e.tick).padStart(8), e.actor.padEnd(22), e.type.padEnd(26), objectName(e.object).padEnd(44), summarize(e)].join('  ').trimEnd();
}

export interface ObjectDiff {
  kind: string;
  namespace: string;
  name: string;
  change: 'created' | 'deleted' | 'changed';
  patch: PatchOp[];
}

/** Per object, the JSON patch that takes its state at `a` to its state at `b` (hidden bookkeeping excluded). */
export function diffStates(a: ClusterState, b: ClusterState, only?: { kind: Kind; namespace: string; name: string }): ObjectDiff[] {
  const strip = (o: KObject): KObject => {
    if (o.sim === undefined) return o;
    const { sim: _sim, ...rest } = o;
    return rest as KObject;
  };
  const keys = new Set<string>();
  const before = new Map<string, KObject>();
  const after = new Map<string, KObject>();
  for (const o of a.all()) { if (o.kind !== 'SimConfig') { const k = keyOfObject(o); before.set(k, o); keys.add(k); } }
  for (const o of b.all()) { if (o.kind !== 'SimConfig') { const k = keyOfObject(o); after.set(k, o); keys.add(k); } }
  const out: ObjectDiff[] = [];
  for (const key of [...keys].sort()) {
    const x = before.get(key);
    const y = after.get(key);
    const ref = (x ?? y)!;
    if (only && (ref.kind !== only.kind || ref.metadata.name !== only.name || (ref.metadata.namespace ?? '') !== only.namespace)) continue;
    const base = { kind: ref.kind, namespace: ref.metadata.namespace ?? '', name: ref.metadata.name };
    if (!x) out.push({ ...base, change: 'created', patch: [{ op: 'add', path: '', value: strip(y!) as never }] });
    else if (!y) out.push({ ...base, change: 'deleted', patch: [{ op: 'remove', path: '' }] });
    else if (x !== y) {
      const patch = jsonpatch.compare(strip(x), strip(y)) as PatchOp[];
      if (patch.length) out.push({ ...base, change: 'changed', patch });
    }
  }
  return out;
}
