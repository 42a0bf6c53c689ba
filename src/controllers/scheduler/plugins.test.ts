// Tables ported from kube-scheduler v1.28's plugin tests (k8s-semantics.md §13 case ids).
import { describe, expect, it } from 'vitest';
import type { Container, Pod, Taint, Toleration } from '../../api/types.js';
import { balancedAllocationScore, balancedResourceScorer } from './balancedallocation.js';
import { defaultNormalizeScore } from './cycle.js';
import { nodeInfoOf, podInfoOf, type Allocatable } from './framework.js';
import { node, pod } from './fixtures.js';
import { nodeAffinityFilter, nodeAffinityScore } from './nodeaffinity.js';
import { fitsRequest, leastAllocatedScore, leastResourceScorer } from './noderesources.js';
import { countIntolerableTaintsPreferNoSchedule, taintTolerationFilter } from './tainttoleration.js';

const c = (cpuMillis: number, memory: number): Container => ({ name: 'c', image: 'x', resources: { requests: { cpu: `${cpuMillis}m`, memory: String(memory) } } });
const podOf = (containers: Container[], inits: Container[] = []): Pod => {
  const p = pod('p', undefined, undefined);
  p.spec.containers = containers;
  if (inits.length) p.spec.initContainers = inits;
  return p;
};
const alloc = (cpuMillis: number, memoryBytes: number, pods = 32): Allocatable => ({ cpuMillis, memoryBytes, ephemeralBytes: 0, pods, scalar: {} });
const used = (cpuMillis: number, memoryBytes: number, pods = 1) => ({ pods, cpuMillis, memoryBytes, ephemeralBytes: 0, nonzeroCpuMillis: cpuMillis, nonzeroMemoryBytes: memoryBytes, scalar: {} });

describe('NodeResourcesFit filter (fit_test.go TestEnoughRequests; allocatable 10m / 20 B / 32 pods)', () => {
  const cases: [string, Pod, [number, number], string[]][] = [
    ['SCH-FIT-1 no resources requested always fits', podOf([]), [10, 20], []],
    ['SCH-FIT-2 too many resources fails', podOf([c(1, 1)]), [10, 20], ['Insufficient cpu', 'Insufficient memory']],
    ['SCH-FIT-3 too many resources fails due to init container cpu', podOf([c(1, 1)], [c(3, 1)]), [8, 19], ['Insufficient cpu']],
    ['SCH-FIT-4 too many resources fails due to highest init container cpu', podOf([c(1, 1)], [c(3, 1), c(2, 1)]), [8, 19], ['Insufficient cpu']],
    ['SCH-FIT-5 too many resources fails due to init container memory', podOf([c(1, 1)], [c(1, 3)]), [9, 19], ['Insufficient memory']],
    ['SCH-FIT-6 too many resources fails due to highest init container memory', podOf([c(1, 1)], [c(1, 3), c(1, 2)]), [9, 19], ['Insufficient memory']],
    ['SCH-FIT-7 init container fits because it is the max, not the sum', podOf([c(1, 1)], [c(1, 1)]), [9, 19], []],
    ['SCH-FIT-8 multiple init containers fit because it is the max, not the sum', podOf([c(1, 1)], [c(1, 1), c(1, 1)]), [9, 19], []],
    ['SCH-FIT-9 both resources fit', podOf([c(1, 1)]), [5, 5], []],
    ['SCH-FIT-10 one resource memory fits', podOf([c(2, 1)]), [9, 5], ['Insufficient cpu']],
    ['SCH-FIT-11 one resource cpu fits', podOf([c(1, 2)]), [5, 19], ['Insufficient memory']],
    ['SCH-FIT-12 equal edge case', podOf([c(5, 1)]), [5, 19], []],
  ];
  it.each(cases)('%s', (_name, p, [u, m], want) => {
    const s = fitsRequest(podInfoOf(p), alloc(10, 20), used(u, m));
    expect(s?.reasons ?? []).toEqual(want);
    if (s) expect(s.code).toBe('Unschedulable');
  });

  it('Too many pods; extended resources by name', () => {
    expect(fitsRequest(podInfoOf(podOf([])), alloc(10, 20, 1), used(0, 0, 1))?.reasons).toEqual(['Too many pods']);
    const gpu = podOf([{ name: 'c', image: 'x', resources: { requests: { 'example.com/gpu': '2' } } }]);
    expect(fitsRequest(podInfoOf(gpu), { ...alloc(10, 20), scalar: { 'example.com/gpu': 1 } }, used(0, 0))?.reasons).toEqual(['Insufficient example.com/gpu']);
    expect(fitsRequest(podInfoOf(gpu), { ...alloc(10, 20), scalar: { 'example.com/gpu': 2 } }, used(0, 0))).toBeNull();
  });
});

describe('NodeResourcesFit LeastAllocated (least_allocated_test.go)', () => {
  const cases: [string, [number, number], [number, number][], [number, number][], number[]][] = [
    // name, pod request, node allocatables, node used, want
    ['SCH-LA-1 nothing scheduled, nothing requested', [0, 0], [[4000, 10000], [4000, 10000]], [[0, 0], [0, 0]], [100, 100]],
    ['SCH-LA-2 nothing scheduled, resources requested, differently sized nodes', [3000, 5000], [[4000, 10000], [6000, 10000]], [[0, 0], [0, 0]], [37, 50]],
    ['SCH-LA-4 no resources requested, pods without containers scheduled', [0, 0], [[4000, 10000], [4000, 10000]], [[0, 0], [0, 0]], [100, 100]],
    ['SCH-LA-5 no resources requested, pods with requests scheduled', [0, 0], [[10000, 20000], [10000, 20000]], [[6000, 0], [6000, 5000]], [70, 57]],
    ['SCH-LA-6 resources requested, pods scheduled with resources', [3000, 5000], [[10000, 20000], [10000, 20000]], [[3000, 0], [3000, 5000]], [57, 45]],
    ['SCH-LA-7 resources requested, differently sized nodes', [3000, 5000], [[10000, 20000], [10000, 50000]], [[3000, 0], [3000, 5000]], [57, 60]],
    ['SCH-LA-8 requested resources exceed node capacity', [3000, 0], [[4000, 10000], [4000, 10000]], [[3000, 0], [3000, 5000]], [50, 25]],
  ];
  it.each(cases)('%s', (_name, [pc, pm], allocs, useds, want) => {
    const got = allocs.map(([ac, am], i) => leastResourceScorer([useds[i]![0] + pc, useds[i]![1] + pm], [ac, am], [1, 1]));
    expect(got).toEqual(want);
    // the inlined hot-path version agrees
    const pi = { ...podInfoOf(podOf([])), nonzeroCpuMillis: pc, nonzeroMemoryBytes: pm };
    expect(allocs.map(([ac, am], i) => leastAllocatedScore(pi, alloc(ac, am), used(useds[i]![0], useds[i]![1])))).toEqual(want);
  });
  it('SCH-LA-3 no resources configured → 0', () => expect(leastResourceScorer([], [], [])).toBe(0));
  it('SCH-LA-9 weights cpu 1, memory 2', () => {
    expect([[4000, 10000], [6000, 10000]].map(([a, m]) => leastResourceScorer([3000, 5000], [a!, m!], [1, 2]))).toEqual([41, 50]);
  });
  it('counts 100m / 200Mi for containers without requests (non-zero requests)', () => {
    const pi = podInfoOf(podOf([{ name: 'c', image: 'x' }]));
    expect([pi.nonzeroCpuMillis, pi.nonzeroMemoryBytes, pi.cpuMillis]).toEqual([100, 200 * 1024 * 1024, 0]);
  });
});

describe('NodeResourcesBalancedAllocation (balanced_allocation_test.go)', () => {
  const cases: [string, [number, number], [number, number][], [number, number][], number[]][] = [
    ['SCH-BA-1 nothing scheduled, nothing requested', [0, 0], [[4000, 10000], [4000, 10000]], [[0, 0], [0, 0]], [100, 100]],
    ['SCH-BA-2 nothing scheduled, resources requested, differently sized nodes', [3000, 5000], [[4000, 10000], [6000, 10000]], [[0, 0], [0, 0]], [87, 100]],
    ['SCH-BA-3 no resources requested, pods scheduled', [0, 0], [[10000, 20000], [10000, 20000]], [[0, 0], [0, 0]], [100, 100]],
    ['SCH-BA-4 no resources requested, pods with requests scheduled', [0, 0], [[10000, 20000], [10000, 20000]], [[6000, 0], [6000, 5000]], [70, 82]],
    ['SCH-BA-5 resources requested, pods scheduled with resources', [3000, 5000], [[10000, 20000], [10000, 20000]], [[3000, 0], [3000, 5000]], [82, 95]],
  ];
  it.each(cases)('%s', (_name, [pc, pm], allocs, useds, want) => {
    expect(allocs.map(([ac, am], i) => balancedResourceScorer([useds[i]![0] + pc, useds[i]![1] + pm], [ac, am]))).toEqual(want);
    const pi = { ...podInfoOf(podOf([])), cpuMillis: pc, memoryBytes: pm };
    expect(allocs.map(([ac, am], i) => balancedAllocationScore(pi, alloc(ac, am), used(useds[i]![0], useds[i]![1])))).toEqual(want);
  });
  it('three resources: population standard deviation', () => {
    // fractions 0.2, 0.4, 0.6 → mean 0.4, std √(0.08/3) ≈ 0.1633 → 83
    expect(balancedResourceScorer([2, 4, 6], [10, 10, 10])).toBe(83);
  });
});

const t = (key: string, value: string, effect: Taint['effect']): Taint => ({ key, value, effect });
const tol = (key: string, value: string, effect: Taint['effect'], operator: 'Equal' | 'Exists' = 'Equal'): Toleration => ({ key, value, effect, operator });

describe('TaintToleration score (taint_toleration_test.go TestTaintTolerationScore)', () => {
  const cases: [string, Toleration[], Taint[][], number[]][] = [
    ['SCH-TT-1 node with taints tolerated by the pod scores higher than one with intolerable taints',
      [tol('foo', 'bar', 'PreferNoSchedule')], [[t('foo', 'bar', 'PreferNoSchedule')], [t('foo', 'blah', 'PreferNoSchedule')]], [100, 0]],
    ['SCH-TT-2 all taints tolerated: same score whatever their number',
      [tol('foo', 'bar', 'PreferNoSchedule'), tol('cpu-type', 'arm64', 'PreferNoSchedule')],
      [[], [t('foo', 'bar', 'PreferNoSchedule')], [t('foo', 'bar', 'PreferNoSchedule'), t('cpu-type', 'arm64', 'PreferNoSchedule')]], [100, 100, 100]],
    ['SCH-TT-3 more intolerable taints, lower score',
      [tol('foo', 'bar', 'PreferNoSchedule')],
      [[], [t('cpu-type', 'arm64', 'PreferNoSchedule')], [t('cpu-type', 'arm64', 'PreferNoSchedule'), t('disk-type', 'ssd', 'PreferNoSchedule')]], [100, 50, 0]],
    ['SCH-TT-4 only PreferNoSchedule taints and tolerations count',
      [tol('cpu-type', 'arm64', 'NoSchedule'), tol('disk-type', 'ssd', 'PreferNoSchedule')],
      [[], [t('cpu-type', 'arm64', 'NoSchedule')], [t('cpu-type', 'arm64', 'PreferNoSchedule')]], [100, 100, 0]],
    ['SCH-TT-5 pod without tolerations', [], [[], [t('cpu-type', 'arm64', 'PreferNoSchedule')]], [100, 0]],
  ];
  it.each(cases)('%s', (_name, tolerations, taints, want) => {
    const pnsTolerations = tolerations.filter((x) => !x.effect || x.effect === 'PreferNoSchedule');
    const raw = taints.map((ts) => countIntolerableTaintsPreferNoSchedule(ts, pnsTolerations));
    defaultNormalizeScore(100, true, raw);
    expect(raw).toEqual(want);
  });
});

describe('TaintToleration filter (taint_toleration_test.go TestTaintTolerationFilter)', () => {
  const cases: [string, Toleration[], Taint[], string | null][] = [
    ['SCH-TTF-1 a pod with no tolerations cannot go on a node with a NoSchedule taint', [], [t('dedicated', 'user1', 'NoSchedule')], 'node(s) had untolerated taint {dedicated: user1}'],
    ['SCH-TTF-2 a toleration matching key, value and effect', [tol('dedicated', 'user1', 'NoSchedule')], [t('dedicated', 'user1', 'NoSchedule')], null],
    ['SCH-TTF-3 a toleration whose value differs', [tol('dedicated', 'user2', 'NoSchedule')], [t('dedicated', 'user1', 'NoSchedule')], 'node(s) had untolerated taint {dedicated: user1}'],
    ['SCH-TTF-4 operator Exists ignores the value', [{ key: 'foo', operator: 'Exists', effect: 'NoSchedule' }], [t('foo', 'bar', 'NoSchedule')], null],
    ['SCH-TTF-5 every taint tolerated', [tol('dedicated', 'user2', 'NoSchedule'), { key: 'foo', operator: 'Exists', effect: 'NoSchedule' }],
      [t('dedicated', 'user2', 'NoSchedule'), t('foo', 'bar', 'NoSchedule')], null],
    ['SCH-TTF-6 key and value match but the effect differs', [tol('foo', 'bar', 'PreferNoSchedule')], [t('foo', 'bar', 'NoSchedule')], 'node(s) had untolerated taint {foo: bar}'],
    ['SCH-TTF-7 an empty toleration effect matches every effect', [{ key: 'foo', operator: 'Equal', value: 'bar' }], [t('foo', 'bar', 'NoSchedule')], null],
    ['SCH-TTF-8 a PreferNoSchedule taint never blocks', [tol('dedicated', 'user2', 'NoSchedule')], [t('dedicated', 'user1', 'PreferNoSchedule')], null],
    ['SCH-TTF-9 no tolerations, PreferNoSchedule taint', [], [t('dedicated', 'user1', 'PreferNoSchedule')], null],
  ];
  it.each(cases)('%s', (_name, tolerations, taints, want) => {
    const s = taintTolerationFilter(podInfoOf(pod('p', '1m', '1', { tolerations })), nodeInfoOf(node('n', '1', '1Gi', { taints })));
    expect(s?.reasons[0] ?? null).toBe(want);
    if (s) expect(s.code).toBe('UnschedulableAndUnresolvable');
  });
  it('reports the first untolerated taint, value empty when the taint has none', () => {
    const s = taintTolerationFilter(podInfoOf(pod('p', '1m', '1')), nodeInfoOf(node('n', '1', '1Gi', { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }, t('b', 'x', 'NoExecute')] })));
    expect(s?.reasons).toEqual(['node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }']);
  });
});

describe('NodeAffinity (node_affinity_test.go)', () => {
  const preferred = (terms: [number, Record<string, string>][]): Pod => {
    const p = pod('p', '1m', '1');
    p.spec.affinity = { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: terms.map(([weight, labels]) => ({
      weight, preference: { matchExpressions: Object.entries(labels).map(([key, v]) => ({ key, operator: 'In' as const, values: [v] })) },
    })) } };
    return p;
  };
  const affinity1: [number, Record<string, string>][] = [[2, { foo: 'bar' }]];
  const affinity2: [number, Record<string, string>][] = [[2, { foo: 'bar' }], [4, { key: 'value' }], [5, { foo: 'bar', key: 'value', az: 'az1' }]];
  const label1 = { foo: 'bar' };
  const label2 = { key: 'value' };
  const label3 = { az: 'az1' };
  const label5 = { foo: 'bar', key: 'value', az: 'az1' };
  const cases: [string, Pod, Record<string, string>[], number[]][] = [
    ['SCH-NA-1 all nodes are the same priority as NodeAffinity is nil', pod('p', '1m', '1'), [label1, label2, label3], [0, 0, 0]],
    ['SCH-NA-2 no node matches preferred scheduling requirements in NodeAffinity of pod', preferred(affinity1), [label2, label3, {}], [0, 0, 0]],
    ['SCH-NA-3 only node1 matches the preferred scheduling requirements of pod', preferred(affinity1), [label1, label2, label3], [100, 0, 0]],
    ['SCH-NA-4 all nodes match; the node matching the most terms by weight scores highest', preferred(affinity2), [label1, label5, label2], [18, 100, 36]],
  ];
  it.each(cases)('%s', (_name, p, labels, want) => {
    const raw = labels.map((l, i) => nodeAffinityScore(podInfoOf(p), nodeInfoOf(node(`node${i}`, '1', '1Gi', { labels: l }))));
    defaultNormalizeScore(100, false, raw);
    expect(raw).toEqual(want);
  });

  it('filters on nodeSelector AND (OR of required terms): In, NotIn, Exists, DoesNotExist, Gt, Lt, matchFields', () => {
    const n = nodeInfoOf(node('node-7', '1', '1Gi', { labels: { zone: 'a', gen: '5' } }));
    const fits = (req: object, nodeSelector?: Record<string, string>): boolean => {
      const p = pod('p', '1m', '1', nodeSelector ? { nodeSelector } : {});
      p.spec.affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: req as never } };
      return nodeAffinityFilter(podInfoOf(p), n) === null;
    };
    const term = (...matchExpressions: object[]) => ({ nodeSelectorTerms: [{ matchExpressions }] });
    expect(fits(term({ key: 'zone', operator: 'In', values: ['a', 'b'] }))).toBe(true);
    expect(fits(term({ key: 'zone', operator: 'NotIn', values: ['a'] }))).toBe(false);
    expect(fits(term({ key: 'gen', operator: 'Gt', values: ['4'] }), { zone: 'a' })).toBe(true);
    expect(fits(term({ key: 'gen', operator: 'Gt', values: ['4'] }), { zone: 'b' })).toBe(false);
    expect(fits(term({ key: 'gen', operator: 'Lt', values: ['x'] }))).toBe(false); // invalid term matches nothing
    expect(fits(term({ key: 'ssd', operator: 'DoesNotExist' }, { key: 'zone', operator: 'Exists' }))).toBe(true);
    expect(fits({ nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['z'] }] }, { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-7'] }] }] })).toBe(true);
    expect(fits({ nodeSelectorTerms: [{}] })).toBe(false); // an empty term selects nothing
    expect(nodeAffinityFilter(podInfoOf(pod('p', '1m', '1')), n)).toBeNull();
  });
});
