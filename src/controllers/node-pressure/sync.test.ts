// The manager's per-node step (synchronize's threshold bookkeeping): minimum reclaim holding a
// threshold met (EV-TM-4/5 over time), the transition period, soft grace periods, a restart.
import { describe, expect, it } from 'vitest';
import type { Threshold } from '../../api/kubeletconfig.js';
import { parseQuantity } from '../../api/kubeletconfig.js';
import { value } from '../../api/quantity.js';
import type { EvictionRecord } from './record.js';
import { synchronize, type SyncOutcome } from './sync.js';

const q = (s: string) => { const p = parseQuantity(s); if ('error' in p) throw new Error(p.error); return p; };
const hard: Threshold = { signal: 'memory.available', value: { quantity: q('100Mi') }, gracePeriodSeconds: 0, minReclaim: { quantity: q('200Mi') } };
const soft: Threshold = { signal: 'memory.available', value: { quantity: q('500Mi') }, gracePeriodSeconds: 30 };

function run(thresholds: Threshold[], availableByTick: [number, string][], period = 300): [number, SyncOutcome][] {
  let record: EvictionRecord | undefined;
  const out: [number, SyncOutcome][] = [];
  for (const [now, available] of availableByTick) {
    const o = synchronize({ thresholds, observations: { 'memory.available': { available: value(available), capacity: value('8Gi') } }, record, since: 0, now, transitionPeriodSeconds: period });
    record = o.record;
    out.push([now, o]);
  }
  return out;
}

describe('synchronize', () => {
  it('the worked example: met, held until threshold + minimum reclaim, True for the transition period', () => {
    const steps = run([hard], [[10, '90Mi'], [20, '250Mi'], [30, '400Mi'], [310, '400Mi'], [320, '400Mi']]);
    expect(steps.map(([t, o]) => [t, o.pressured, o.reclaim?.resource ?? null])).toEqual([
      [10, ['MemoryPressure'], 'memory'],
      [20, ['MemoryPressure'], 'memory'],
      [30, ['MemoryPressure'], null],
      [310, ['MemoryPressure'], null],
      [320, [], null],
    ]);
    expect(steps.at(-1)![1].record).toBeUndefined();
  });

  it('a soft threshold reports the condition at once and reclaims after its grace period', () => {
    const steps = run([soft], [[10, '400Mi'], [20, '400Mi'], [30, '400Mi'], [40, '400Mi'], [50, '600Mi']]);
    expect(steps.map(([t, o]) => [t, o.pressured.length, o.reclaim ? 'reclaim' : '-'])).toEqual([
      [10, 1, '-'], [20, 1, '-'], [30, 1, '-'], [40, 1, 'reclaim'], [50, 1, '-'],
    ]);
    expect(steps[0]![1].record).toEqual({ since: 0, syncedAt: 10, firstObserved: { 'memory.available:soft': 10 }, lastObserved: { MemoryPressure: 10 }, met: [] });
  });

  it('hard before soft when both are met', () => {
    const [[, o]] = run([soft, hard], [[10, '50Mi']]) as [[number, SyncOutcome]];
    expect(o.reclaim?.threshold).toBe(hard);
    expect(o.reclaim?.thresholds).toEqual([hard]);
  });

  it('nothing met and nothing remembered: no record', () => {
    expect(run([hard, soft], [[10, '1Gi']])[0]![1]).toEqual({ record: undefined, pressured: [] });
  });
});
