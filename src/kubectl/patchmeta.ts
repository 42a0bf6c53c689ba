// Strategic merge patch metadata (the patchStrategy / patchMergeKey tags of the Go types) and the
// small helpers the diff and the merge share. Follows apimachinery/pkg/util/strategicpatch
// (meta.go, patch.go helpers; v1.28). Differs: the struct tags are a table over api/scheme.ts SCHEMAS.
import { SCHEMAS, type FieldSchema, type StructSchema } from '../api/scheme.js';
import type { Kind } from '../api/types.js';

export type JMap = Record<string, unknown>;

export const DIRECTIVE = '$patch';
export const DELETE_FROM_PRIMITIVE_LIST = '$deleteFromPrimitiveList';
export const SET_ELEMENT_ORDER = '$setElementOrder';
export const RETAIN_KEYS = '$retainKeys';

export class PatchError extends Error {}

// ------------------------------------------------------------------ patch metadata

interface FieldMeta {
  strategies: string[];
  mergeKey?: string;
}

/**
 * The patchStrategy / patchMergeKey struct tags of the upstream Go types (k8s.io/api v1.28).
 * Lists without an entry (tolerations, taints, matchExpressions …) are replaced whole.
 */
const PATCH_META: Readonly<Record<string, Readonly<Record<string, FieldMeta>>>> = {
  'v1.ObjectMeta': { finalizers: { strategies: ['merge'] }, ownerReferences: { strategies: ['merge'], mergeKey: 'uid' } },
  'v1.PodSpec': {
    volumes: { strategies: ['merge', 'retainKeys'], mergeKey: 'name' },
    initContainers: { strategies: ['merge'], mergeKey: 'name' },
    containers: { strategies: ['merge'], mergeKey: 'name' },
    ephemeralContainers: { strategies: ['merge'], mergeKey: 'name' },
    imagePullSecrets: { strategies: ['merge'], mergeKey: 'name' },
    hostAliases: { strategies: ['merge'], mergeKey: 'ip' },
    topologySpreadConstraints: { strategies: ['merge'], mergeKey: 'topologyKey' },
    schedulingGates: { strategies: ['merge'], mergeKey: 'name' },
    resourceClaims: { strategies: ['merge', 'retainKeys'], mergeKey: 'name' },
  },
  'v1.Container': {
    ports: { strategies: ['merge'], mergeKey: 'containerPort' },
    env: { strategies: ['merge'], mergeKey: 'name' },
    volumeMounts: { strategies: ['merge'], mergeKey: 'mountPath' },
    volumeDevices: { strategies: ['merge'], mergeKey: 'devicePath' },
  },
  'v1.DeploymentSpec': { strategy: { strategies: ['retainKeys'] } },
  'v1.NodeSpec': { podCIDRs: { strategies: ['merge'] } },
};

/** A LookupPatchMeta: the Go struct at this point of the document, or undefined (unknown / raw). */
export type PatchSchema = StructSchema | undefined;

export function schemaFor(kind: Kind): PatchSchema {
  return (SCHEMAS as Record<string, StructSchema | undefined>)[kind];
}

function isStruct(f: FieldSchema | undefined): f is StructSchema {
  return typeof f === 'object' && 'fields' in f;
}

export function lookupStruct(schema: PatchSchema, key: string): { sub: PatchSchema; strategies: string[] } {
  if (!schema) return { sub: undefined, strategies: [] };
  const f = schema.fields[key];
  return { sub: isStruct(f) ? f : undefined, strategies: PATCH_META[schema.go]?.[key]?.strategies ?? [] };
}

export function lookupSlice(schema: PatchSchema, key: string): { sub: PatchSchema; strategies: string[]; mergeKey: string } {
  if (!schema) return { sub: undefined, strategies: [], mergeKey: '' };
  const f = schema.fields[key];
  const item = typeof f === 'object' && 'list' in f ? f.list : undefined;
  const meta = PATCH_META[schema.go]?.[key];
  return { sub: isStruct(item) ? item : undefined, strategies: meta?.strategies ?? [], mergeKey: meta?.mergeKey ?? '' };
}

/** extractRetainKeysPatchStrategy */
export function splitStrategies(s: readonly string[]): { retainKeys: boolean; strategy: string } {
  if (s.length === 0) return { retainKeys: false, strategy: '' };
  if (s.length === 1) return s[0] === 'retainKeys' ? { retainKeys: true, strategy: '' } : { retainKeys: false, strategy: s[0]! };
  if (s.length === 2 && s[0] === 'retainKeys') return { retainKeys: true, strategy: s[1]! };
  if (s.length === 2 && s[1] === 'retainKeys') return { retainKeys: true, strategy: s[0]! };
  throw new PatchError(`unexpected patch strategy: [${s.join(' ')}]`);
}

// ------------------------------------------------------------------ helpers

export const isMap = (v: unknown): v is JMap => v !== null && typeof v === 'object' && !Array.isArray(v);
export const has = (m: JMap, k: string): boolean => Object.prototype.hasOwnProperty.call(m, k);

/** reflect.TypeOf of a decoded JSON value. */
export function goType(v: unknown): string {
  if (v === null || v === undefined) return 'nil';
  if (Array.isArray(v)) return 'slice';
  return typeof v === 'object' ? 'map' : typeof v;
}

/** fmt's %v of a decoded JSON value (maps as map[k:v], sorted). */
export function goV(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(goV).join(' ')}]`;
  if (isMap(v)) return `map[${Object.keys(v).sort().map((k) => `${k}:${goV(v[k])}`).join(' ')}]`;
  return String(v);
}

export const byV = (a: unknown, b: unknown): number => {
  const x = goV(a);
  const y = goV(b);
  return x < y ? -1 : x > y ? 1 : 0;
};

export function sortScalars<T>(s: readonly T[]): T[] {
  return [...s].sort(byV);
}

export function noMergeKey(m: unknown, key: string): PatchError {
  return new PatchError(`map: ${goV(m)} does not contain declared merge key: ${key}`);
}

/** Go's interface equality of scalars (same type and value). */
export const sameScalar = (a: unknown, b: unknown): boolean => a === b;

export function elementKind(...lists: (readonly unknown[] | undefined)[]): 'map' | 'scalar' | 'none' {
  let kind: 'map' | 'scalar' | 'none' = 'none';
  for (const l of lists) {
    for (const v of l ?? []) {
      if (v === null || v === undefined) continue;
      if (Array.isArray(v)) throw new PatchError('lists of lists are not supported');
      const k = isMap(v) ? 'map' : 'scalar';
      if (kind !== 'none' && kind !== k) throw new PatchError('mismatched types in list');
      kind = k;
    }
  }
  return kind;
}

export function indexIn(list: readonly unknown[], item: unknown, mergeKey: string, kind: 'map' | 'scalar'): number {
  if (kind === 'map') {
    const v = (item as JMap)[mergeKey];
    return list.findIndex((x) => isMap(x) && sameScalar(x[mergeKey], v));
  }
  return list.findIndex((x) => sameScalar(x, item));
}

/** normalizeSliceOrder: sort by position in `order` (stable); $patch items go last. */
export function normalizeSliceOrder(toSort: unknown[], order: readonly unknown[], mergeKey: string, kind: 'map' | 'scalar'): unknown[] {
  let keep = toSort;
  let toDelete: unknown[] = [];
  if (kind === 'map') {
    for (const l of [toSort, order]) for (const m of l) if (!isMap(m) || !has(m, mergeKey)) throw noMergeKey(m, mergeKey);
    keep = toSort.filter((m) => !has(m as JMap, DIRECTIVE));
    toDelete = toSort.filter((m) => has(m as JMap, DIRECTIVE));
  }
  const sorted = keep.map((v, i) => ({ v, i, at: indexIn(order, v, mergeKey, kind) }))
    .sort((a, b) => (a.at >= 0 && b.at >= 0 ? a.at - b.at : 0) || a.i - b.i)
    .map((x) => x.v);
  return [...sorted, ...toDelete];
}
