// thresholdsMet and the threshold bookkeeping (helpers.go), with the cases of helpers_test.go
// TestThresholdsMet (EV-TM-1..5) and the grace/transition helpers.
import { describe, expect, it } from 'vitest';
import type { Threshold } from '../../api/kubeletconfig.js';
import { parseQuantity } from '../../api/kubeletconfig.js';
import { value } from '../../api/quantity.js';
import {
  byEvictionPriority, makeSignalObservations, nodeConditions, nodeConditionsLastObservedAt, nodeConditionsObservedSince,
  thresholdKey, thresholdsFirstObservedAt, thresholdsMet, thresholdsMetGracePeriod, type SignalObservations,
} from './signals.js';

const q = (s: string) => { const p = parseQuantity(s); if ('error' in p) throw new Error(p.error); return p; };
const mem = (available: string): SignalObservations => ({ 'memory.available': { available: Math.floor(value(available)), capacity: value('8Gi') } });

describe('thresholdsMet (TestThresholdsMet: memory.available<1Gi, minReclaim 500Mi)', () => {
  const hard: Threshold = { signal: 'memory.available', value: { quantity: q('1Gi') }, gracePeriodSeconds: 0, minReclaim: { quantity: q('500Mi') } };
  it('EV-TM-1 no thresholds: none met', () => {
    expect(thresholdsMet([], mem('500Mi'), false)).toEqual([]);
  });
  it('EV-TM-2 available 500Mi: met', () => {
    expect(thresholdsMet([hard], mem('500Mi'), false)).toEqual([hard]);
  });
  it('EV-TM-3 available 2Gi: not met', () => {
    expect(thresholdsMet([hard], mem('2Gi'), false)).toEqual([]);
  });
  it('EV-TM-4 enforceMinReclaim, available 1.05Gi: met (1Gi + 500Mi > 1.05Gi)', () => {
    expect(thresholdsMet([hard], mem('1.05Gi'), true)).toEqual([hard]);
    // without the minimum reclaim 1.05Gi is above the threshold
    expect(thresholdsMet([hard], mem('1.05Gi'), false)).toEqual([]);
  });
  it('EV-TM-5 enforceMinReclaim, available 2Gi: not met', () => {
    expect(thresholdsMet([hard], mem('2Gi'), true)).toEqual([]);
  });
  it('the operator is LessThan: available equal to the threshold is not met', () => {
    expect(thresholdsMet([hard], mem('1Gi'), false)).toEqual([]);
    expect(thresholdsMet([hard], { 'memory.available': { available: value('1Gi') - 1, capacity: 0 } }, false)).toEqual([hard]);
  });
  it('a percentage is of the observed capacity, as float32 (10% of 100Gi)', () => {
    const t: Threshold = { signal: 'nodefs.available', value: { percentage: Math.fround(10 / 100) }, gracePeriodSeconds: 0 };
    const cap = value('100Gi');
    const limit = Math.trunc(cap * Math.fround(0.1));
    expect(thresholdsMet([t], { 'nodefs.available': { available: limit - 1, capacity: cap } }, false)).toEqual([t]);
    expect(thresholdsMet([t], { 'nodefs.available': { available: limit, capacity: cap } }, false)).toEqual([]);
  });
  it('a signal without an observation (inodes, PIDs) is never met', () => {
    const t: Threshold = { signal: 'nodefs.inodesFree', value: { percentage: Math.fround(0.05) }, gracePeriodSeconds: 0 };
    expect(thresholdsMet([t], mem('1Mi'), false)).toEqual([]);
  });
});

describe('observations', () => {
  it('memory: capacity − working set, floored at 0; imagefs is the node filesystem', () => {
    expect(makeSignalObservations(1000, 5000, { memoryBytes: 300, ephemeralBytes: 1000 })).toEqual({
      'memory.available': { available: 700, capacity: 1000 }, 'allocatableMemory.available': { available: 700, capacity: 1000 },
      'nodefs.available': { available: 4000, capacity: 5000 }, 'imagefs.available': { available: 4000, capacity: 5000 },
    });
    expect(makeSignalObservations(1000, undefined, { memoryBytes: 1300, ephemeralBytes: 0 })['memory.available']).toEqual({ available: 0, capacity: 1300 });
  });
});

describe('grace periods and the transition period', () => {
  const soft: Threshold = { signal: 'memory.available', value: { quantity: q('1Gi') }, gracePeriodSeconds: 30 };
  const hard: Threshold = { signal: 'memory.available', value: { quantity: q('500Mi') }, gracePeriodSeconds: 0 };
  it('a soft threshold drives eviction once met continuously for its grace period', () => {
    const first = thresholdsFirstObservedAt([soft], {}, 10);
    expect(first).toEqual({ 'memory.available:soft': 10 });
    expect(thresholdsMetGracePeriod([soft], thresholdsFirstObservedAt([soft], first, 39), 39)).toEqual([]);
    expect(thresholdsMetGracePeriod([soft], thresholdsFirstObservedAt([soft], first, 40), 40)).toEqual([soft]);
    // not met at one sync: the clock starts again
    expect(thresholdsFirstObservedAt([soft], thresholdsFirstObservedAt([], first, 20), 30)).toEqual({ 'memory.available:soft': 30 });
  });
  it('a hard threshold at once', () => {
    expect(thresholdsMetGracePeriod([hard], thresholdsFirstObservedAt([hard], {}, 5), 5)).toEqual([hard]);
  });
  it('a condition stays True until no threshold of it has been met for the transition period', () => {
    const seen = nodeConditionsLastObservedAt(nodeConditions([hard, soft]), {}, 100);
    expect(seen).toEqual({ MemoryPressure: 100 });
    expect(nodeConditionsObservedSince(nodeConditionsLastObservedAt([], seen, 399), 300, 399)).toEqual(['MemoryPressure']);
    expect(nodeConditionsObservedSince(nodeConditionsLastObservedAt([], seen, 400), 300, 400)).toEqual([]);
  });
  it('eviction priority: memory first, then by signal, hard before soft', () => {
    const disk: Threshold = { signal: 'imagefs.available', value: { percentage: 0.15 }, gracePeriodSeconds: 0 };
    expect([disk, soft, hard].sort(byEvictionPriority).map(thresholdKey)).toEqual(['memory.available:hard', 'memory.available:soft', 'imagefs.available:hard']);
  });
});
