// Evaluating scenario checks against the state at the end of a tick. Paths are dotted with
// list indexes and filters: `status.availableReplicas`, `spec.template.spec.containers[0].image`,
// `status.conditions[type=Ready].status`, `metadata.labels['app.kubernetes.io/name']`.
// Kubernetes omits zero counts from status (omitempty), so a missing `status.*` value compares
// as 0 against numbers — `availableReplicas` is absent, not 0, while no pod is available.
import type { Json, KObject, Kind, Pod } from '../api/types.js';
import { selectorMatches } from '../api/labels.js';
import type { View } from '../state/cluster.js';
import { jsonEqual } from '../state/patch.js';
import type { KubeEventNote, LogEvent } from '../state/events.js';
import type { Check, Comparison } from './types.js';
import { resolveKind } from './refs.js';

export type Segment = { key: string } | { index: number } | { filter: [string, string] };

export class PathError extends Error {}

export function parsePath(path: string): Segment[] {
  const segs: Segment[] = [];
  let i = 0;
  const s = path.trim();
  while (i < s.length) {
    if (s[i] === '.') { i++; continue; }
    if (s[i] === '[') {
      const end = s.indexOf(']', i);
      if (end < 0) throw new PathError(`unclosed [ in path ${JSON.stringify(path)}`);
      const inner = s.slice(i + 1, end).trim();
      i = end + 1;
      let m: RegExpExecArray | null;
      if (/^\d+$/.test(inner)) segs.push({ index: Number(inner) });
      else if ((m = /^['"](.*)['"]$/.exec(inner))) segs.push({ key: m[1]! });
      else if ((m = /^([\w.\-/]+)\s*=\s*['"]?([^'"]*)['"]?$/.exec(inner))) segs.push({ filter: [m[1]!, m[2]!] });
      else throw new PathError(`cannot read [${inner}] in path ${JSON.stringify(path)} (use [0], [type=Ready] or ['a.b/c'])`);
      continue;
    }
    const m = /^[^.[\]]+/.exec(s.slice(i))!;
    segs.push({ key: m[0] });
    i += m[0].length;
  }
  return segs;
}

/** The value at a path, or undefined when some step is missing. */
export function getPath(obj: unknown, segs: readonly Segment[]): unknown {
  let cur: unknown = obj;
  for (const seg of segs) {
    if (cur === null || typeof cur !== 'object') return undefined;
    if ('key' in seg) {
      if (Array.isArray(cur)) return undefined;
      cur = (cur as Record<string, unknown>)[seg.key];
    } else if ('index' in seg) {
      if (!Array.isArray(cur)) return undefined;
      cur = cur[seg.index];
    } else {
      if (!Array.isArray(cur)) return undefined;
      const [k, v] = seg.filter;
      cur = cur.find((item) => item !== null && typeof item === 'object' && String((item as Record<string, unknown>)[k]) === v);
    }
  }
  return cur;
}

export interface CheckResult {
  ok: boolean;
  /** what was seen, for the report */
  actual: string;
}

export interface CheckContext {
  view: View;
  /** notes (Kubernetes Events) recorded up to now, oldest first */
  notes: readonly { note: KubeEventNote; event: LogEvent }[];
}

export function parseRef(ref: string): { kind: Kind; namespace: string; name: string } {
  const parts = ref.split('/');
  const kind = resolveKind(parts[0]!);
  if (parts.length === 3) return { kind, namespace: parts[1]!, name: parts[2]! };
  return { kind, namespace: kind === 'Node' || kind === 'Namespace' ? '' : 'default', name: parts[1]! };
}

function compare(actual: unknown, cmp: Comparison, missingIsZero: boolean): boolean {
  const num = actual === undefined && missingIsZero ? 0 : actual;
  if (cmp.exists !== undefined && (actual !== undefined) !== cmp.exists) return false;
  if (cmp.equals !== undefined) {
    const want = cmp.equals;
    const got = typeof want === 'number' ? num : actual;
    if (!(jsonEqual(got, want) || (typeof want !== 'object' && got !== undefined && got !== null && String(got) === String(want)))) return false;
  }
  if (cmp.min !== undefined && !(typeof num === 'number' && num >= cmp.min)) return false;
  if (cmp.max !== undefined && !(typeof num === 'number' && num <= cmp.max)) return false;
  return true;
}

function show(v: unknown): string {
  return v === undefined ? '(absent)' : JSON.stringify(v as Json);
}

export function evaluate(check: Check, ctx: CheckContext): CheckResult {
  switch (check.kind) {
    case 'object': {
      const ref = parseRef(check.ref);
      const obj = ctx.view.get(ref.kind, ref.namespace, ref.name) as KObject | undefined;
      if (!obj) {
        const ok = check.cmp.exists === false;
        return { ok, actual: `${check.ref} does not exist` };
      }
      if (check.path === '') return { ok: compare(obj, check.cmp, false), actual: `${check.ref} exists` };
      const segs = parsePath(check.path);
      const actual = getPath(obj, segs);
      const missingIsZero = segs.length > 1 && 'key' in segs[0]! && segs[0].key === 'status';
      return { ok: compare(actual, check.cmp, missingIsZero), actual: show(actual) };
    }
    case 'count': {
      const kind = resolveKind(check.count.kind);
      let n = 0;
      for (const o of ctx.view.list(kind, check.count.namespace)) {
        if (check.count.selector && !selectorMatches({ matchLabels: check.count.selector }, o.metadata.labels)) continue;
        if (check.count.phase !== undefined && (o as Pod).status?.phase !== check.count.phase) continue;
        n++;
      }
      return { ok: compare(n, check.cmp, false), actual: String(n) };
    }
    case 'event': {
      const want = check.event;
      const ref = want.object ? parseRef(want.object) : undefined;
      let n = 0;
      const messages: string[] = [];
      for (const { note, event } of ctx.notes) {
        if (want.reason !== undefined && note.reason !== want.reason) continue;
        if (want.type !== undefined && note.type !== want.type) continue;
        if (want.message !== undefined && !note.message.includes(want.message)) continue;
        if (ref) {
          const inv = note.involved ?? event.object;
          if (inv.kind !== ref.kind || inv.name !== ref.name || (inv.namespace ?? '') !== ref.namespace) continue;
        }
        n += note.count ?? 1;
        messages.push(note.message);
      }
      if (check.cmp.sequence !== undefined) {
        const want = check.cmp.sequence;
        const ok = messages.length === want.length && want.every((g, i) => globMatch(g, messages[i]!));
        return { ok, actual: messages.length ? messages.map((m) => JSON.stringify(m)).join(', ') : 'no events' };
      }
      return { ok: compare(n, check.cmp, false), actual: `${n} event(s)` };
    }
  }
}

/** `*` matches any run of characters; everything else literally. */
export function globMatch(glob: string, s: string): boolean {
  const re = new RegExp('^' + glob.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$', 's');
  return re.test(s);
}
