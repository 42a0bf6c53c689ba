// Requests kubectl sends, as the API server handles them: every create and update goes through
// admission (src/api/admission.ts) against the live view, and only an admitted object becomes
// an event. Differs from a real apiserver: one writer, so no optimistic-concurrency retries.
import { admitCreate, admitUpdate, type Lookup } from '../api/admission.js';
import type { ApiError } from '../api/errors.js';
import type { Json, KObject, Kind } from '../api/types.js';
import type { WriteMeta } from '../state/controller.js';
import { jsonEqual } from '../state/patch.js';
import { admissionOptionsFor } from '../state/apiserver.js';
import type { KubectlEnv } from './types.js';

export function lookupFor(env: KubectlEnv): Lookup {
  return (kind: Kind, namespace: string, name: string) => env.ctx.view.get(kind, namespace, name);
}

/** The WriteMeta of a user command: its event type, the step that caused it, small data. */
export function metaFor(env: KubectlEnv, type: string, data: { [k: string]: Json }): WriteMeta {
  const m: WriteMeta = { type, data };
  if (env.cause !== undefined) m.cause = env.cause;
  return m;
}

/** The object as the API returns it: plain JSON without the simulator's `sim` bookkeeping. */
export function apiObject(obj: KObject): Record<string, unknown> {
  const { sim: _sim, ...rest } = obj;
  return structuredClone(rest) as Record<string, unknown>;
}

export type WriteResult =
  | { ok: true; object: KObject; warnings: string[]; changed: boolean }
  | { ok: false; error: ApiError };

/** POST: admit and store a new object. */
export function createObject(env: KubectlEnv, input: unknown, meta: WriteMeta, namespace?: string): WriteResult {
  const r = admitCreate(input, lookupFor(env), { ...admissionOptionsFor(env.ctx.view), ...(namespace !== undefined ? { namespace } : {}) });
  if (!r.ok) return r;
  const stored = env.ctx.create(r.object, meta);
  return { ok: true, object: stored, warnings: r.warnings, changed: true };
}

/**
 * PUT/PATCH result: admit `next` as the new value of `current` and store it. An update that
 * changes nothing writes no event (the apiserver skips the storage write too) and reports
 * changed: false.
 */
export function updateObject(env: KubectlEnv, current: KObject, next: unknown, meta: WriteMeta): WriteResult {
  const r = admitUpdate(next, current, lookupFor(env), admissionOptionsFor(env.ctx.view));
  if (!r.ok) return r;
  const admitted = r.object;
  const { sim: _a, ...a } = admitted;
  const { sim: _c, ...c } = current;
  if (jsonEqual(a, c)) return { ok: true, object: current, warnings: r.warnings, changed: false };
  const specChanged = !jsonEqual(admitted.spec, current.spec);
  const stored = env.ctx.update(current, (d) => {
    const draft = d as unknown as Record<string, unknown>;
    for (const k of Object.keys(a)) if (k !== 'metadata') assignDeep(draft, k, (a as Record<string, unknown>)[k]);
    for (const k of Object.keys(draft)) if (k !== 'metadata' && k !== 'sim' && !(k in a)) delete draft[k];
    const md = draft.metadata as Record<string, unknown>;
    const next = { ...admitted.metadata } as Record<string, unknown>;
    // The engine stamps resourceVersion, and bumps generation itself when the spec changes;
    // admission's own bump counts only for the rest (a Deployment's annotations).
    delete next.resourceVersion;
    if (specChanged) delete next.generation;
    for (const k of Object.keys(next)) assignDeep(md, k, next[k]);
    for (const k of Object.keys(md)) if (!(k in next) && k !== 'resourceVersion' && !(specChanged && k === 'generation')) delete md[k];
  }, meta);
  return { ok: true, object: stored, warnings: r.warnings, changed: true };
}

/**
 * Set draft[key] = value, descending into objects and equal-length arrays so that the recorded
 * patch names only the leaves that changed (a scale is one `replace /spec/replicas`).
 */
export function assignDeep(draft: Record<string, unknown> | unknown[], key: string | number, value: unknown): void {
  const d = draft as Record<string | number, unknown>;
  const cur = d[key];
  if (value === undefined) {
    delete d[key];
    return;
  }
  if (jsonEqual(cur, value)) return;
  if (isPlain(cur) && isPlain(value)) {
    for (const k of Object.keys(value)) assignDeep(cur, k, value[k]);
    for (const k of Object.keys(cur)) if (!(k in value)) delete cur[k];
    return;
  }
  if (Array.isArray(cur) && Array.isArray(value) && cur.length === value.length) {
    for (let i = 0; i < value.length; i++) assignDeep(cur, i, value[i]);
    return;
  }
  d[key] = structuredClone(value);
}

function isPlain(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
