// ComputeZoneState (derived cases ZONE-1..5, k8s-semantics §4.3), zone keys, the rates per state
// and the per-zone token bucket of the NoExecute tainter.
import { describe, expect, it } from 'vitest';
import { defaultControllerManagerSettings } from '../../api/kubeletconfig.js';
import type { ConditionStatus, Node } from '../../api/types.js';
import { buildNode } from '../../scenario/nodes.js';
import { consume, newZoneRecord, nextTokenTick, swapLimiter, tryAccept } from './ratelimit.js';
import { clock, nodeTemplate, type NodeOpts } from './testutil.js';

const workerNode = (name: string, index: number, o: NodeOpts = {}): Node => buildNode(nodeTemplate(name, o), index, '10.244.0.0/16', clock.at(o.at ?? 0));
import { computeZoneState, getZoneKey, qpsForState, zoneLabel } from './zones.js';

const statuses = (ready: number, notReady: number): ConditionStatus[] => [...Array<ConditionStatus>(ready).fill('True'), ...Array<ConditionStatus>(notReady).fill('Unknown')];

describe('ComputeZoneState', () => {
  it.each<[string, number, number, number, string]>([
    ['ZONE-1 3 ready, 0 not ready → Normal', 3, 0, 0, 'Normal'],
    ['ZONE-2 0 ready, 3 not ready → FullDisruption', 0, 3, 3, 'FullDisruption'],
    ['ZONE-3 2 ready, 2 not ready → Normal (not ready must be > 2)', 2, 2, 2, 'Normal'],
    ['ZONE-4 2 ready, 3 not ready → PartialDisruption (0.6 ≥ 0.55)', 2, 3, 3, 'PartialDisruption'],
    ['ZONE-5 5 ready, 3 not ready → Normal (0.375)', 5, 3, 3, 'Normal'],
  ])('%s', (_n, ready, notReady, unhealthy, state) => {
    expect(computeZoneState(statuses(ready, notReady), 0.55)).toEqual([unhealthy, state]);
  });

  it('a node without a Ready condition counts as not ready; no node at all is Normal', () => {
    expect(computeZoneState([undefined], 0.55)).toEqual([1, 'FullDisruption']);
    expect(computeZoneState([], 0.55)).toEqual([0, 'Normal']);
  });

  it('the ratio is compared in float32: 11 of 20 not ready is exactly the threshold', () => {
    expect(computeZoneState(statuses(9, 11), 0.55)).toEqual([11, 'PartialDisruption']);
    expect(computeZoneState(statuses(10, 10), 0.55)).toEqual([10, 'Normal']);
  });
});

describe('zones', () => {
  it('GetZoneKey: "" without labels, region + ":\\x00:" + zone, beta labels first', () => {
    expect(getZoneKey(workerNode('a', 0))).toBe('');
    expect(getZoneKey(workerNode('a', 0, { zone: 'z1' }))).toBe(':\x00:z1');
    expect(getZoneKey(workerNode('a', 0, { labels: { 'topology.kubernetes.io/region': 'r', 'topology.kubernetes.io/zone': 'z1', 'failure-domain.beta.kubernetes.io/zone': 'old' } }))).toBe('r:\x00:old');
    expect(zoneLabel('r:\x00:z1')).toBe('r/z1');
    expect(zoneLabel(':\x00:z1')).toBe('z1');
  });

  it('rates: Normal 0.1, FullDisruption 0.1, PartialDisruption 0.01 above 50 nodes and 0 up to 50', () => {
    const s = defaultControllerManagerSettings();
    expect(qpsForState('Normal', 10, s)).toBe(0.1);
    expect(qpsForState('FullDisruption', 10, s)).toBe(0.1);
    expect(qpsForState('PartialDisruption', 51, s)).toBe(0.01);
    expect(qpsForState('PartialDisruption', 50, s)).toBe(0);
  });
});

describe('the tainter\'s token bucket (burst 1)', () => {
  it('starts full; one token every 1/qps seconds', () => {
    let z = newZoneRecord(0.1, 100);
    expect(tryAccept(z, 100)).toBe(100);
    z = consume(z, 100);
    expect(tryAccept(z, 105)).toBeUndefined();
    expect(nextTokenTick(z, 101)).toBe(110);
    expect(tryAccept(z, 110)).toBe(110);
  });

  it('a fractional interval: qps 0.3 takes tokens in the ticks containing 103.33, 106.67, 110', () => {
    let z = consume(newZoneRecord(0.3, 100), 100);
    const taken: number[] = [];
    for (let t = 101; t <= 110; t++) {
      const at = tryAccept(z, t);
      if (at !== undefined) { taken.push(t); z = consume(z, at); }
    }
    expect(taken).toEqual([103, 106, 110]);
  });

  it('more than one token per second when qps > 1', () => {
    let z = newZoneRecord(2, 0);
    let n = 0;
    for (let at = tryAccept(z, 5); at !== undefined; at = tryAccept(z, 5)) { z = consume(z, at); n++; }
    expect(n).toBe(2);
  });

  it('SwapLimiter: same rate keeps the bucket; 0 never accepts; a new rate is full if the old had a token, else drained', () => {
    const full = newZoneRecord(0.1, 0);
    expect(swapLimiter(full, 0.1, 50)).toBe(full);
    const never = swapLimiter(full, 0, 50);
    expect(tryAccept(never, 1000)).toBeUndefined();
    expect(tryAccept(swapLimiter(full, 0.01, 50), 50)).toBe(50);
    const waiting = consume(full, 45); // next token at 55
    const drained = swapLimiter(waiting, 0.01, 50);
    expect(tryAccept(drained, 50)).toBeUndefined();
    expect(nextTokenTick(drained, 51)).toBe(150);
    expect(nextTokenTick(swapLimiter(never, 0.1, 200), 201)).toBe(210); // from never: drained
  });
});
