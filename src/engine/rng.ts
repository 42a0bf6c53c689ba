// Seeded randomness. Each (scenario seed, stream, tick) gets its own generator, so a run resumed
// at tick N draws exactly the numbers an uninterrupted run drew at tick N (ARCHITECTURE.md,
// Determinism). sfc32 (Chris Doty-Humphrey's Small Fast Chaotic PRNG) passes PractRand and is
// four 32-bit adds/xors/shifts per draw.
import { createHash } from 'node:crypto';
import type { Rng } from '../state/controller.js';

export class Sfc32 implements Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(a: number, b: number, c: number, d: number) {
    this.a = a >>> 0; this.b = b >>> 0; this.c = c >>> 0; this.d = d >>> 0;
    for (let i = 0; i < 12; i++) this.u32(); // warm up
  }

  u32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  next(): number {
    return this.u32() / 4294967296;
  }

  int(n: number): number {
    if (!(n > 0)) throw new RangeError(`rng.int(${n})`);
    return Math.floor(this.next() * n);
  }

  string(length: number, alphabet: string): string {
    let s = '';
    for (let i = 0; i < length; i++) s += alphabet[this.int(alphabet.length)];
    return s;
  }
}

/** The generator for one stream of one tick of one seeded run. */
export function rngFor(seed: number, stream: string, tick: number): Sfc32 {
  const d = createHash('sha256').update(`kreplay\0${seed}\0${stream}\0${tick}`).digest();
  return new Sfc32(d.readUInt32BE(0), d.readUInt32BE(4), d.readUInt32BE(8), d.readUInt32BE(12));
}
