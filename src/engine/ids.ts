// Identifiers Kubernetes draws at random, drawn here from the seeded streams: object UIDs,
// generateName suffixes (k8s.io/apimachinery/pkg/util/rand), and event ULIDs.
import { monotonicFactory, type ULIDFactory } from 'ulid';
import type { Rng } from '../state/controller.js';
import { rngFor } from './rng.js';

/** The alphabet of utilrand.String: no vowels (no words), no confusable 0/1/3. */
export const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** generateName suffix: five characters, as the apiserver's SimpleNameGenerator. */
export function randomSuffix(rng: Rng, length = 5): string {
  return rng.string(length, NAME_ALPHABET);
}

const HEX = '0123456789abcdef';

/** A UUID in version-4 layout from the seeded stream. */
export function uuid(rng: Rng): string {
  let s = '';
  for (let i = 0; i < 32; i++) {
    let nibble = rng.int(16);
    if (i === 12) nibble = 4;
    else if (i === 16) nibble = 8 | (nibble & 3);
    s += HEX[nibble];
    if (i === 7 || i === 11 || i === 15 || i === 19) s += '-';
  }
  return s;
}

/**
 * Event ids for one tick: ULIDs with the tick's logical time and a seeded random part; within
 * the tick the factory increments, so ids sort in log order.
 */
export function ulidsFor(seed: number, tick: number, epochMillis: number): () => string {
  const rng = rngFor(seed, 'ulid', tick);
  const factory: ULIDFactory = monotonicFactory(() => rng.next());
  // epochMillis is never 0 (the ulid library would fall back to the wall clock).
  return () => factory(epochMillis);
}
