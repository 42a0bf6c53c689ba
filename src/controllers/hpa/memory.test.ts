// The HPA's memory (sim.hpa) written only when a sync does something new: against a reference that
// keeps upstream's list and records at every sync, the stabilized recommendations are the same at
// every sync and the replayed list is upstream's exact list (fast-check).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scaleDownRules, scaleUpRules, stabilizeRecommendationWithBehaviors } from './behavior.js';
import { memoryConsistent, nextMemory, type MemoryAction } from './commit.js';
import { materialize, memoryJson, readMemory, recommendationsFor, type HpaMemory } from './memory.js';
import { stabilizeRecommendation, type TimestampedRecommendation } from './normalize.js';

const P = 15;
const CURRENT = 3;

type Rule = { legacy: number } | { up: number; down: number };
type Step = { kind: 'failed' } | { kind: 'none' } | { kind: 'store'; value: number };

const staleOf = (r: Rule): number => ('legacy' in r ? r.legacy : Math.max(r.up, r.down));

function stabilize(recs: TimestampedRecommendation[], rule: Rule, value: number, tick: number): number {
  if ('legacy' in rule) return stabilizeRecommendation(recs, value, rule.legacy, tick);
  const args = { scaleUp: scaleUpRules({ stabilizationWindowSeconds: rule.up }), scaleDown: scaleDownRules({ stabilizationWindowSeconds: rule.down }, 300), minReplicas: 0, maxReplicas: 100, currentReplicas: CURRENT, desiredReplicas: value };
  return stabilizeRecommendationWithBehaviors(recs, args, tick).recommendation;
}

const windows = fc.constantFrom(0, 15, 30, 45, 60, 120, 300);
const rule: fc.Arbitrary<Rule> = fc.oneof(windows.map((legacy) => ({ legacy })), fc.tuple(windows, windows).map(([up, down]) => ({ up, down })));
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 1, arbitrary: fc.constant({ kind: 'failed' } as Step) },
  { weight: 1, arbitrary: fc.constant({ kind: 'none' } as Step) },
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 4 }).map((value) => ({ kind: 'store', value }) as Step) },
);
// runs of repeated steps under a rule that changes now and then
const plan = fc.array(fc.tuple(rule, step, fc.integer({ min: 1, max: 40 })), { minLength: 1, maxLength: 12 });

describe('HPA memory encoding', () => {
  it('stabilizes exactly like upstream\'s list and replays to it', () => {
    fc.assert(fc.property(plan, (runs) => {
      let ref: TimestampedRecommendation[] | undefined;
      let mem: HpaMemory | undefined;
      let tick = 0;
      let writes = 0;
      for (const [r, s, times] of runs) {
        for (let i = 0; i < times; i++) {
          tick += P;
          const stale = staleOf(r);
          // reference: upstream's in-memory list
          if (s.kind !== 'failed' && !ref) ref = [{ recommendation: CURRENT, tick: tick - 0.5 }];
          const expected = s.kind === 'store' ? stabilize(ref!, r, s.value, tick) : undefined;
          // the encoded memory
          let work = mem ? recommendationsFor(mem, tick, P, stale) : undefined;
          const action: MemoryAction = { initial: s.kind !== 'failed' && work === undefined, current: CURRENT };
          if (action.initial) work = [{ recommendation: CURRENT, tick: tick - 0.5 }];
          let got: number | undefined;
          if (s.kind === 'store') {
            got = stabilize(work!, r, s.value, tick);
            action.store = s.value;
          }
          expect(got).toBe(expected);
          if (!memoryConsistent(mem, action, stale)) {
            mem = readMemory({ apiVersion: 'v', kind: 'HorizontalPodAutoscaler', metadata: { name: 'x' }, sim: { hpa: memoryJson(nextMemory(mem, action, stale, tick, P, undefined)) } });
            writes++;
          }
        }
      }
      expect(mem ? materialize(mem, tick + P, P) : undefined).toEqual(ref);
      return writes <= runs.length * 2 + 1;
    }), { numRuns: 300 });
  });

  it('writes nothing while the same recommendation repeats under the same rule', () => {
    const m: HpaMemory = { recs: [{ recommendation: 3, tick: 14.5 }, { recommendation: 3, tick: 15 }], at: 15, repeat: 3, stale: 300, up: [], down: [] };
    expect(memoryConsistent(m, { initial: false, store: 3 }, 300)).toBe(true);
    expect(memoryConsistent(m, { initial: false, store: 4 }, 300)).toBe(false);
    expect(memoryConsistent(m, { initial: false, store: 3 }, 60)).toBe(false);
    expect(memoryConsistent(m, { initial: false }, 300)).toBe(false);
    // 30 syncs later: the replay holds every sync of the window and overwrites older entries
    const now = 15 + 31 * P;
    const ticks = materialize(m, now, P)!.map((r) => r.tick);
    for (let t = now - 300; t < now; t += P) expect(ticks).toContain(t);
    expect(ticks.length).toBeLessThanOrEqual(300 / P + 2);
  });
});
