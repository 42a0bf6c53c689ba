// The eviction ranking (helpers.go rankMemoryPressure and the disk ranking), with the cases of
// helpers_test.go TestOrderedByExceedsRequestMemory, TestOrderedByPriority, TestOrderedByMemory and
// TestOrderedByPriorityMemory (EV-RANK-1..4).
import { describe, expect, it } from 'vitest';
import type { Pod } from '../../api/types.js';
import { value } from '../../api/quantity.js';
import { getResourceRequest, rankDiskPressure, rankMemoryPressure, type PodStats } from './rank.js';

function pod(name: string, priority: number, request: string | undefined, resource = 'memory'): Pod {
  return {
    apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' },
    spec: { priority, containers: [{ name: 'c', image: 'i', ...(request ? { resources: { requests: { [resource]: request } } } : {}) }] },
    status: {},
  };
}

const statsOf = (usage: Record<string, string>, field: keyof PodStats = 'memoryBytes') => (p: Pod): PodStats | undefined => {
  const u = usage[p.metadata.name];
  if (u === undefined) return undefined;
  return { memoryBytes: 0, ephemeralBytes: 0, [field]: value(u) };
};

const names = (pods: Pod[]) => pods.map((p) => p.metadata.name);

describe('rankMemoryPressure', () => {
  it('EV-RANK-1 usage above its request first', () => {
    const below = pod('below-requests', -1, '200Mi');
    const exceeds = pod('exceeds-requests', 1, '100Mi');
    const ranked = rankMemoryPressure([below, exceeds], statsOf({ 'below-requests': '199Mi', 'exceeds-requests': '101Mi' }));
    expect(names(ranked)).toEqual(['exceeds-requests', 'below-requests']);
  });

  it('EV-RANK-2 lower priority first', () => {
    const pods = [pod('high-priority', 12534, undefined), pod('low-priority', -134, undefined), pod('medium-priority', 1, undefined)];
    const ranked = rankMemoryPressure(pods, statsOf({ 'high-priority': '0', 'low-priority': '0', 'medium-priority': '0' }));
    expect(names(ranked)).toEqual(['low-priority', 'medium-priority', 'high-priority']);
  });

  it('EV-RANK-3 larger usage above request first (same priority)', () => {
    const pods = [
      pod('best-effort-high', 0, undefined), pod('best-effort-low', 0, undefined),
      pod('burstable-high', 0, '100Mi'), pod('burstable-low', 0, '100Mi'),
      pod('guaranteed-high', 0, '1Gi'), pod('guaranteed-low', 0, '1Gi'),
    ];
    const usage = {
      'best-effort-high': '500Mi', 'best-effort-low': '300Mi', 'burstable-high': '800Mi', 'burstable-low': '300Mi',
      'guaranteed-high': '800Mi', 'guaranteed-low': '200Mi',
    };
    expect(names(rankMemoryPressure(pods, statsOf(usage)))).toEqual([
      'burstable-high', 'best-effort-high', 'best-effort-low', 'burstable-low', 'guaranteed-high', 'guaranteed-low',
    ]);
  });

  it('EV-RANK-4 exceeds requests, then priority, then usage above request', () => {
    const pods = [
      pod('pod8', 1, '1Gi'), pod('pod7', 1, '1Gi'), pod('pod6', -1, '1Gi'), pod('pod5', -1, '1Gi'),
      pod('pod4', 1, '100Mi'), pod('pod3', 1, '100Mi'), pod('pod2', -1, undefined), pod('pod1', -1, undefined),
    ];
    const usage = { pod1: '500Mi', pod2: '50Mi', pod3: '600Mi', pod4: '150Mi', pod5: '800Mi', pod6: '200Mi', pod7: '800Mi', pod8: '200Mi' };
    expect(names(rankMemoryPressure(pods, statsOf(usage)))).toEqual(['pod1', 'pod2', 'pod3', 'pod4', 'pod5', 'pod6', 'pod7', 'pod8']);
  });

  it('pods without stats first; ties broken by name', () => {
    const pods = [pod('b', 0, undefined), pod('nostats', 5, '1Gi'), pod('a', 0, undefined)];
    expect(names(rankMemoryPressure(pods, statsOf({ a: '10Mi', b: '10Mi' })))).toEqual(['nostats', 'a', 'b']);
  });
});

describe('the disk ranking', () => {
  it('over the ephemeral-storage request, then priority, then usage above request', () => {
    const pods = [pod('small', 0, undefined, 'ephemeral-storage'), pod('requested', 0, '10Gi', 'ephemeral-storage'), pod('big', 0, undefined, 'ephemeral-storage')];
    const ranked = rankDiskPressure(pods, statsOf({ small: '1Gi', requested: '5Gi', big: '3Gi' }, 'ephemeralBytes'));
    expect(names(ranked)).toEqual(['big', 'small', 'requested']);
  });
});

describe('GetResourceRequestQuantity', () => {
  it('Σ containers, at least the largest init container, plus overhead when not zero; limits default requests', () => {
    const p = pod('p', 0, '100Mi');
    p.spec.containers.push({ name: 'd', image: 'i', resources: { limits: { memory: '50Mi' } } });
    p.spec.initContainers = [{ name: 'init', image: 'i', resources: { requests: { memory: '300Mi' } } }];
    p.spec.overhead = { memory: '10Mi' };
    expect(getResourceRequest(p, 'memory')).toBe(value('310Mi'));
    expect(getResourceRequest(pod('q', 0, undefined), 'memory')).toBe(0);
  });
});
