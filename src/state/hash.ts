// Canonical hashing. The state hash must not depend on how an object was built (live through
// immer, or folded from patches), so objects are serialised with sorted keys before hashing.
// The state hash is an order-independent multiset hash: 4 × 32-bit lanes, each the sum mod 2^32
// of the per-object SHA-256 lanes, so a tick updates it in O(objects changed), not O(state).
import { createHash, hash as oneShotHash } from 'node:crypto';

/** JSON with object keys sorted at every level; `undefined` members dropped as JSON.stringify does. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) {
    let out = '[';
    for (let i = 0; i < v.length; i++) {
      if (i > 0) out += ',';
      const item: unknown = v[i];
      out += item === undefined ? 'null' : canonicalJson(item);
    }
    return out + ']';
  }
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).sort();
  let out = '{';
  let first = true;
  for (const k of keys) {
    const item = o[k];
    if (item === undefined) continue;
    if (!first) out += ',';
    first = false;
    out += JSON.stringify(k) + ':' + canonicalJson(item);
  }
  return out + '}';
}

export type Lanes = [number, number, number, number];

export function sha256Hex(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

export function sha256Buffer(s: string | Buffer): Buffer {
  return createHash('sha256').update(s).digest();
}

/**
 * Four 32-bit lanes of SHA-256(key NUL JSON(obj)). Plain JSON.stringify is canonical here: the
 * live path and the fold build every object with the same function (applyPatch over the same
 * patches), so the same state has the same key order (test/projection checks byte equality).
 */
export function objectLanes(key: string, obj: unknown): Lanes {
  const d = oneShotHash('sha256', key + '\0' + JSON.stringify(obj), 'buffer');
  return [d.readUInt32BE(0), d.readUInt32BE(4), d.readUInt32BE(8), d.readUInt32BE(12)];
}

export class MultisetHash {
  private lanes: Lanes = [0, 0, 0, 0];

  add(l: Lanes): void {
    for (let i = 0; i < 4; i++) this.lanes[i] = (this.lanes[i]! + l[i]!) >>> 0;
  }

  remove(l: Lanes): void {
    for (let i = 0; i < 4; i++) this.lanes[i] = (this.lanes[i]! - l[i]!) >>> 0;
  }

  /** lane-wise sum with another multiset hash (the union of two disjoint sets of objects) */
  plus(other: MultisetHash): MultisetHash {
    const m = new MultisetHash();
    for (let i = 0; i < 4; i++) m.lanes[i] = (this.lanes[i]! + other.lanes[i]!) >>> 0;
    return m;
  }

  get values(): Lanes {
    return [...this.lanes] as Lanes;
  }

  static of(l: Lanes): MultisetHash {
    const m = new MultisetHash();
    m.lanes = [...l] as Lanes;
    return m;
  }

  hex(): string {
    return this.lanes.map((x) => x.toString(16).padStart(8, '0')).join('');
  }

  copy(): MultisetHash {
    const m = new MultisetHash();
    m.lanes = [...this.lanes] as Lanes;
    return m;
  }
}

/** FNV-1a 32-bit over a string's UTF-16 code units (pod-template-hash, stable picks). */
export function fnv32a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/**
 * A well-mixed 32-bit hash of a string for stable pseudo-random picks: FNV-1a followed by
 * MurmurHash3's finalizer (FNV-1a alone leaves its low bits correlated for similar strings, so
 * `fnv32a(s) % n` is badly distributed for small n).
 */
export function mix32(s: string): number {
  let h = fnv32a(s);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}
