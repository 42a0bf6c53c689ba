// The one place immer is imported (Redux style guide: "immer imported through one module").
// Controllers change one object at a time as a draft; the recorded patches become the event's
// change, and the produced value (with structural sharing) becomes the live state.
import { enablePatches, freeze, produceWithPatches, type Draft, type Patch } from 'immer';
import type { PatchOp } from './events.js';
import { toPointer } from './patch.js';
import type { Json } from '../api/types.js';

enablePatches();

export type { Draft };

/** Convert immer patches (array paths) to RFC 6902 operations (JSON-pointer strings). */
export function toRfc6902(patches: readonly Patch[]): PatchOp[] {
  const out: PatchOp[] = [];
  for (const p of patches) {
    const path = toPointer(p.path);
    if (p.op === 'remove') out.push({ op: 'remove', path });
    else out.push({ op: p.op, path, value: p.value as Json });
  }
  return out;
}

export interface Edit<T> {
  next: T;
  patch: PatchOp[];
}

/**
 * Apply `recipe` to a draft of `base`. Returns the new immutable value and the RFC 6902 patch
 * (empty when nothing changed, in which case `next === base`).
 */
export function edit<T extends object>(base: T, recipe: (draft: Draft<T>) => void): Edit<T> {
  const [next, patches] = produceWithPatches(base, (d: Draft<T>) => {
    recipe(d);
  });
  return { next: next as T, patch: toRfc6902(patches) };
}

/** Deep-freeze a freshly built object before it enters the state (immutability by construction). */
export function freezeDeep<T>(value: T): T {
  return freeze(value, true);
}
