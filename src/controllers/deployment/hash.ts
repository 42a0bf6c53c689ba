// The pod-template-hash (pkg/controller/controller_utils.go ComputeHash, apimachinery util/rand
// SafeEncodeString) and the template equality that ignores it (deployment_util.go EqualIgnoreHash).
// Differs: upstream hashes Go's spew dump of the struct; we hash canonical JSON, so values differ but have the same form.
import type { PodTemplateSpec } from '../../api/types.js';
import { milliValue } from '../../api/quantity.js';
import { canonicalJson } from '../../state/hash.js';

/** apps.DefaultDeploymentUniqueLabelKey */
export const POD_TEMPLATE_HASH_LABEL = 'pod-template-hash';

/** utilrand's alphabet: no vowels, no 0/1/3 (so hashes never spell words or look alike). */
const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

/**
 * rand.SafeEncodeString: each character c becomes ALPHANUMS[code(c) % 27]. Applied to the
 * decimal form of the 32-bit hash, so the result has 1–10 characters ("5d9c7b8f4" style).
 */
export function safeEncodeString(s: string): string {
  let out = '';
  for (const ch of s) out += ALPHANUMS[ch.codePointAt(0)! % ALPHANUMS.length];
  return out;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function fnvBytes(h: number, bytes: Uint8Array): number {
  for (const b of bytes) {
    h ^= b;
    h = Math.imul(h, FNV_PRIME) >>> 0;
  }
  return h >>> 0;
}

const utf8 = new TextEncoder();

/** Keys whose values are Go maps: nil and empty are the same to apiequality.Semantic.DeepEqual. */
const MAP_KEYS = new Set(['labels', 'annotations', 'nodeSelector', 'requests', 'limits', 'overhead', 'matchLabels']);
/** Keys whose values are ResourceLists: quantities compare by value ("500m" == "0.5"). */
const QUANTITY_MAPS = new Set(['requests', 'limits', 'overhead']);

function normalize(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(normalize);
  if (v === null || typeof v !== 'object') return v;
  const o = v as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(o)) {
    const x = o[k];
    if (x === undefined || x === null) continue;
    // nil and empty slices are equal under Semantic.DeepEqual
    if (Array.isArray(x) && x.length === 0) continue;
    if (MAP_KEYS.has(k) && typeof x === 'object' && Object.keys(x).length === 0) continue;
    out[k] = QUANTITY_MAPS.has(k) && typeof x === 'object' ? quantities(x as Record<string, unknown>) : normalize(x);
  }
  return out;
}

function quantities(list: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(list)) {
    const q = list[k];
    if (typeof q !== 'string' && typeof q !== 'number') continue;
    try {
      out[k] = `${milliValue(q)}m`;
    } catch {
      out[k] = q;
    }
  }
  return out;
}

const canonicalCache = new WeakMap<object, string>();
const canonicalNoHashCache = new WeakMap<object, string>();

/** Canonical JSON of a pod template (sorted keys, Semantic.DeepEqual's nil == empty). Memoised per object. */
export function canonicalTemplate(t: PodTemplateSpec): string {
  let s = canonicalCache.get(t);
  if (s === undefined) {
    s = canonicalJson(normalize(t));
    canonicalCache.set(t, s);
  }
  return s;
}

/** canonicalTemplate with the pod-template-hash label removed. */
export function canonicalTemplateIgnoringHash(t: PodTemplateSpec): string {
  let s = canonicalNoHashCache.get(t);
  if (s === undefined) {
    const labels = t.metadata?.labels;
    if (labels && POD_TEMPLATE_HASH_LABEL in labels) {
      const rest: Record<string, string> = {};
      for (const k of Object.keys(labels)) if (k !== POD_TEMPLATE_HASH_LABEL) rest[k] = labels[k]!;
      s = canonicalTemplate({ ...t, metadata: { ...t.metadata, labels: rest } });
    } else {
      s = canonicalTemplate(t);
    }
    canonicalNoHashCache.set(t, s);
  }
  return s;
}

/**
 * EqualIgnoreHash: two pod templates are equal once the pod-template-hash label is dropped from
 * both (the deployment's template never carries it; its ReplicaSets' always do).
 */
export function equalIgnoreHash(a: PodTemplateSpec, b: PodTemplateSpec): boolean {
  return a === b || canonicalTemplateIgnoringHash(a) === canonicalTemplateIgnoringHash(b);
}

/**
 * controller.ComputeHash: FNV-1a 32 over the template, then (when the deployment has a
 * status.collisionCount) the count as 8 bytes (uint32 little-endian, 4 zero bytes), rendered as
 * SafeEncodeString of the decimal value.
 *
 * Deviation: upstream feeds the hasher Go's spew dump of the struct; we feed it the UTF-8 bytes
 * of the template's canonical JSON. The value therefore differs from a real cluster's for the
 * same template, but it has the same form and the same properties (stable across runs, changes
 * with the template and with collisionCount).
 *
 * @example computeHash({ metadata: { labels: { app: 'web' } }, spec: { containers: [...] } }) // "5d9c7b8f4"-like
 */
export function computeHash(template: PodTemplateSpec, collisionCount?: number): string {
  let h = fnvBytes(FNV_OFFSET, utf8.encode(canonicalTemplate(template)));
  if (collisionCount !== undefined) {
    const b = new Uint8Array(8);
    const c = collisionCount >>> 0;
    b[0] = c & 0xff;
    b[1] = (c >>> 8) & 0xff;
    b[2] = (c >>> 16) & 0xff;
    b[3] = (c >>> 24) & 0xff;
    h = fnvBytes(h, b);
  }
  return safeEncodeString(String(h));
}
