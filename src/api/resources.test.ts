// Tests for pod resource arithmetic: tables ported from pkg/api/v1/resource/helpers_test.go,
// pkg/scheduler/util/pod_resources_test.go and pkg/apis/core/v1/helper/qos/qos_test.go (v1.28),
// plus fast-check properties. `it.fails` marks a known deviation from upstream.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { setObjectDefaults } from './defaults.js';
import { milliValue } from './quantity.js';
import { DEFAULT_MEMORY_REQUEST, DEFAULT_MILLI_CPU_REQUEST, forgetPodResources, podResources, qosClass } from './resources.js';
import type { Container, Pod, PodSpec, ResourceList } from './types.js';

const Mi = 1024 * 1024;
const Gi = 1024 * Mi;

let seq = 0;
/** A container; `sidecar` gives it restartPolicy: Always (a restartable init container). */
function ctr(requests?: ResourceList, limits?: ResourceList, sidecar = false): Container {
  const c: Container = { name: `c${seq++}`, image: 'img' };
  if (requests !== undefined || limits !== undefined) {
    c.resources = {};
    if (requests !== undefined) c.resources.requests = requests;
    if (limits !== undefined) c.resources.limits = limits;
  }
  if (sidecar) c.restartPolicy = 'Always';
  return c;
}
function spec(containers: Container[], initContainers: Container[] = [], overhead?: ResourceList): PodSpec {
  const s: PodSpec = { containers };
  if (initContainers.length > 0) s.initContainers = initContainers;
  if (overhead !== undefined) s.overhead = overhead;
  return s;
}
const pod = (s: PodSpec): Pod => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: s, status: {} });
const cpu = (q: string): ResourceList => ({ cpu: q });
const requestsOf = (s: PodSpec) => podResources({ spec: s }).requests;

describe('PodRequests (TestPodResourceRequests, sidecars enabled)', () => {
  it('nil options, larger init container', () => {
    expect(requestsOf(spec([ctr(cpu('1'))], [ctr(cpu('4'))])).cpuMillis).toBe(4000);
  });
  it('nil options, larger containers', () => {
    expect(requestsOf(spec([ctr(cpu('2')), ctr(cpu('3'))], [ctr(cpu('2'))])).cpuMillis).toBe(5000);
  });
  it('pod overhead included', () => {
    const r = requestsOf(spec([ctr(cpu('2')), ctr(cpu('3'))], [ctr(cpu('2'), cpu('2'))], { cpu: '1', memory: '1Gi' }));
    expect(r.cpuMillis).toBe(6000);
    expect(r.memoryBytes).toBe(Gi);
  });
  it('sidecar (enabled): sidecar + regular container', () => {
    expect(requestsOf(spec([ctr(cpu('1'))], [ctr(cpu('1'), undefined, true)])).cpuMillis).toBe(2000);
  });
  it('multiple sidecars: max(5, sidecars(3+2+1) + regular(1)) = 7', () => {
    const s = spec([ctr(cpu('1'))], [ctr(cpu('5')), ctr(cpu('1'), undefined, true), ctr(cpu('2'), undefined, true), ctr(cpu('3'), undefined, true)]);
    expect(requestsOf(s).cpuMillis).toBe(7000);
  });
  it('multiple sidecars and non-sidecars: non-sidecar-2 needs 5 + earlier sidecars (1+2) = 8', () => {
    const s = spec([ctr(cpu('1'))], [
      ctr(cpu('5')), ctr(cpu('1'), undefined, true), ctr(cpu('2'), undefined, true), ctr(cpu('5')), ctr(cpu('3'), undefined, true),
    ]);
    expect(requestsOf(s).cpuMillis).toBe(8000);
  });
  it('sidecar, init and regular: max(10 + 100, 10 + 200) = 210', () => {
    expect(requestsOf(spec([ctr(cpu('100'))], [ctr(cpu('10'), undefined, true), ctr(cpu('200'))])).cpuMillis).toBe(210_000);
  });
});

describe('PodRequests (TestPodRequestsAndLimits: getPod puts the same resources on a container and an init container)', () => {
  const getPod = (r: { cpuRequest?: string; cpuLimit?: string; memoryRequest?: string; memoryLimit?: string; cpuOverhead?: string; memoryOverhead?: string }): PodSpec => {
    const requests: ResourceList = {};
    const limits: ResourceList = {};
    const overhead: ResourceList = {};
    if (r.cpuLimit) limits.cpu = r.cpuLimit;
    if (r.memoryLimit) limits.memory = r.memoryLimit;
    if (r.cpuRequest) requests.cpu = r.cpuRequest;
    if (r.memoryRequest) requests.memory = r.memoryRequest;
    if (r.cpuOverhead) overhead.cpu = r.cpuOverhead;
    if (r.memoryOverhead) overhead.memory = r.memoryOverhead;
    return spec([ctr({ ...requests }, { ...limits })], [ctr({ ...requests }, { ...limits })], overhead);
  };

  it('just-limit-no-overhead: requests default to limits (SetDefaults_Pod) before PodRequests sees the pod', () => {
    // Upstream's table feeds the raw pod and expects {} — PodRequests reads requests only. A pod
    // that reaches the scheduler has been defaulted (requests.cpu = limits.cpu = 9), and kreplay's
    // podResources folds that defaulting in, so it reports 9 cores for the raw and defaulted pod.
    const raw = getPod({ cpuLimit: '9' });
    expect(requestsOf(raw).cpuMillis).toBe(9000);
    expect(requestsOf(setObjectDefaults(pod(raw)).spec).cpuMillis).toBe(9000);
  });
  it('just-overhead: 5 cpu, 5 bytes', () => {
    const r = requestsOf(getPod({ cpuOverhead: '5', memoryOverhead: '5' }));
    expect([r.cpuMillis, r.memoryBytes]).toEqual([5000, 5]);
  });
  it.each([
    ['req-and-overhead', { cpuRequest: '1', memoryRequest: '10', cpuOverhead: '5', memoryOverhead: '5' }],
    ['all-req-lim-and-overhead', { cpuRequest: '1', cpuLimit: '2', memoryRequest: '10', memoryLimit: '12', cpuOverhead: '5', memoryOverhead: '5' }],
    ['req-some-lim-and-overhead', { cpuRequest: '1', cpuLimit: '2', memoryRequest: '10', cpuOverhead: '5', memoryOverhead: '5' }],
  ])('%s: 6 cpu, 15 bytes', (_name, r) => {
    const got = requestsOf(getPod(r));
    expect([got.cpuMillis, got.memoryBytes]).toEqual([6000, 15]);
  });
  it('TestGetResourceRequest: cpu "9" → 9000 millicores, memory "90Mi" → 94371840 bytes', () => {
    expect(requestsOf(getPod({ cpuRequest: '9' })).cpuMillis).toBe(9000);
    expect(requestsOf(getPod({ memoryRequest: '90Mi' })).memoryBytes).toBe(94371840);
  });
});

describe('PodRequests (TestPodRequestsAndLimitsWithoutOverhead, here with the overhead counted)', () => {
  const two = (): Container[] => [ctr({ cpu: '1', memory: '5' }, { cpu: '2', memory: '10' }), ctr({ cpu: '4', memory: '12' }, { cpu: '8', memory: '24' })];
  it('two container no overhead: the sum of containers', () => {
    const r = requestsOf(spec(two()));
    expect([r.cpuMillis, r.memoryBytes]).toEqual([5000, 17]);
  });
  it('two container with overhead: sum + overhead (3, 8)', () => {
    const r = requestsOf(spec(two(), [], { cpu: '3', memory: '8' }));
    expect([r.cpuMillis, r.memoryBytes]).toEqual([8000, 25]);
  });
  it('two container with overhead, massive init: the largest init + overhead', () => {
    const inits = [ctr({ cpu: '1', memory: '5' }, { cpu: '1', memory: '5' }), ctr({ cpu: '40', memory: '120' }, { cpu: '80', memory: '240' })];
    const r = requestsOf(spec(two(), inits, { cpu: '3', memory: '8' }));
    expect([r.cpuMillis, r.memoryBytes]).toEqual([43000, 128]);
  });
});

describe('scheduler non-zero requests (TestGetNonZeroRequest, GetRequestForResource)', () => {
  it('the defaults are 100m and 200Mi', () => {
    expect(DEFAULT_MILLI_CPU_REQUEST).toBe(100);
    expect(DEFAULT_MEMORY_REQUEST).toBe(200 * Mi);
  });
  it.each<[string, ResourceList, number, number]>([
    ['cpu_and_memory_not_found', {}, 100, 200 * Mi],
    ['only_cpu_exist', { cpu: '200m' }, 200, 200 * Mi],
    ['only_memory_exist', { memory: '400Mi' }, 100, 400 * Mi],
    ['cpu_memory_exist', { cpu: '200m', memory: '400Mi' }, 200, 400 * Mi],
  ])('%s', (_name, requests, wantCpu, wantMem) => {
    const r = podResources({ spec: spec([ctr(requests)]) });
    expect([r.nonzeroCpuMillis, r.nonzeroMemoryBytes]).toEqual([wantCpu, wantMem]);
  });
  it('a container with no resources at all gets both defaults; actual requests stay 0', () => {
    const r = podResources({ spec: spec([ctr()]) });
    expect([r.nonzeroCpuMillis, r.nonzeroMemoryBytes]).toEqual([100, 200 * Mi]);
    expect([r.requests.cpuMillis, r.requests.memoryBytes]).toEqual([0, 0]);
  });
  it('override if un-set, but not if explicitly set to zero', () => {
    const r = podResources({ spec: spec([ctr({ cpu: '0', memory: '0' })]) });
    expect([r.nonzeroCpuMillis, r.nonzeroMemoryBytes]).toEqual([0, 0]);
  });
  it('a limit counts as the (defaulted) request', () => {
    const r = podResources({ spec: spec([ctr(undefined, { cpu: '300m' })]) });
    expect([r.nonzeroCpuMillis, r.nonzeroMemoryBytes]).toEqual([300, 200 * Mi]);
  });
  it('non-zero values are summed over containers and maxed with init containers', () => {
    const r = podResources({ spec: spec([ctr(), ctr()], [ctr({ cpu: '500m' })]) });
    expect(r.nonzeroCpuMillis).toBe(500); // max(100 + 100, 500)
    expect(r.nonzeroMemoryBytes).toBe(400 * Mi); // max(200Mi + 200Mi, 200Mi)
  });
  it('overhead is added to the non-zero values', () => {
    const r = podResources({ spec: spec([ctr()], [], { cpu: '250m', memory: '64Mi' }) });
    expect([r.nonzeroCpuMillis, r.nonzeroMemoryBytes]).toEqual([350, 264 * Mi]);
  });
  it.each<[string, ResourceList, 'ephemeralBytes' | 'intel.com/foo', number]>([
    ['extended_resource_found', { 'intel.com/foo': '4' }, 'intel.com/foo', 4],
    ['extended_resource_not_found', {}, 'intel.com/foo', 0],
    ['ephemeralStorage_exist', { 'ephemeral-storage': '400Mi' }, 'ephemeralBytes', 400 * Mi],
    ['ephemeralStorage_not_found', {}, 'ephemeralBytes', 0],
  ])('%s (no non-zero default for other resources)', (_name, requests, field, want) => {
    const r = podResources({ spec: spec([ctr(requests)]) }).requests;
    expect(field === 'ephemeralBytes' ? r.ephemeralBytes : (r.scalar[field] ?? 0)).toBe(want);
  });
  it('extended resources are summed and maxed like cpu; "pods" is not a request', () => {
    const r = podResources({ spec: spec([ctr({ 'nvidia.com/gpu': '1', pods: '3' }), ctr({ 'nvidia.com/gpu': '2' })], [ctr({ 'nvidia.com/gpu': '4' })]) }).requests;
    expect(r.scalar).toEqual({ 'nvidia.com/gpu': 4 });
  });
});

describe('memoisation', () => {
  it('is per spec object; forgetPodResources drops an entry changed in place', () => {
    const s = spec([ctr(cpu('1'))]);
    const first = podResources({ spec: s });
    expect(podResources({ spec: s })).toBe(first);
    s.containers[0]!.resources!.requests!.cpu = '2';
    expect(podResources({ spec: s }).requests.cpuMillis).toBe(1000);
    forgetPodResources(s);
    expect(podResources({ spec: s }).requests.cpuMillis).toBe(2000);
  });
});

describe('QoS class (TestGetPodQOS, renamed TestComputePodQOS later)', () => {
  const rl = (c: string, m: string): ResourceList => {
    const out: ResourceList = {};
    if (c !== '') out.cpu = c;
    if (m !== '') out.memory = m;
    return out;
  };
  const nc = (req: ResourceList, lim: ResourceList): Container => ctr(req, lim);
  it.each<[string, PodSpec, 'Guaranteed' | 'Burstable' | 'BestEffort']>([
    ['guaranteed', spec([nc(rl('100m', '100Mi'), rl('100m', '100Mi'))]), 'Guaranteed'],
    ['guaranteed-guaranteed', spec([nc(rl('100m', '100Mi'), rl('100m', '100Mi')), nc(rl('100m', '100Mi'), rl('100m', '100Mi'))]), 'Guaranteed'],
    ['best-effort-best-effort', spec([nc(rl('', ''), rl('', '')), nc(rl('', ''), rl('', ''))]), 'BestEffort'],
    ['best-effort', spec([nc(rl('', ''), rl('', ''))]), 'BestEffort'],
    ['best-effort-burstable', spec([nc(rl('', ''), rl('', '')), nc(rl('1', ''), rl('2', ''))]), 'Burstable'],
    ['best-effort-guaranteed', spec([nc(rl('', ''), rl('', '')), nc(rl('10m', '100Mi'), rl('10m', '100Mi'))]), 'Burstable'],
    ['burstable-cpu-guaranteed-memory', spec([nc(rl('', '100Mi'), rl('', '100Mi'))]), 'Burstable'],
    ['burstable-no-limits', spec([nc(rl('100m', '100Mi'), rl('', ''))]), 'Burstable'],
    ['burstable-guaranteed', spec([nc(rl('1', '100Mi'), rl('2', '100Mi')), nc(rl('100m', '100Mi'), rl('100m', '100Mi'))]), 'Burstable'],
    ['burstable-unbounded-but-requests-match-limits', spec([nc(rl('100m', '100Mi'), rl('200m', '200Mi')), nc(rl('100m', '100Mi'), rl('', ''))]), 'Burstable'],
    ['burstable-1', spec([nc(rl('10m', '100Mi'), rl('100m', '200Mi'))]), 'Burstable'],
    ['burstable-2', spec([nc(rl('0', '0'), rl('100m', '200Mi'))]), 'Burstable'],
    ['best-effort-hugepages', spec([nc({ ...rl('0', '0'), 'hugepages-2Mi': '1Gi' }, { ...rl('0', '0'), 'hugepages-2Mi': '1Gi' })]), 'BestEffort'],
    ['init-container', spec([nc(rl('', ''), rl('', ''))], [nc(rl('10m', '100Mi'), rl('100m', '200Mi'))]), 'Burstable'],
  ])('%s', (_name, s, want) => {
    expect(qosClass(s)).toBe(want);
  });

  it('quantities compare by value: 100Mi equals 104857600', () => {
    expect(qosClass(spec([nc(rl('0.1', '100Mi'), rl('100m', '104857600'))]))).toBe('Guaranteed');
  });

  it('limits only: requests default to limits, so the pod is Guaranteed', () => {
    const s = spec([ctr(undefined, rl('1', '1Gi'))]);
    expect(qosClass(s)).toBe('Guaranteed');
    expect(qosClass(setObjectDefaults(pod(s)).spec)).toBe('Guaranteed');
  });

  it('a zero limit is not a limit: cpu limit 0 + memory 100Mi is Burstable', () => {
    // ComputePodQOS only counts quantities > 0 (quantity.Cmp(zeroQuantity) == 1), so this
    // container's qosLimitsFound is {memory} and the pod is not Guaranteed. kreplay's qosClass
    // (resources.ts:129-130) treats any present limit as a limit, and 0 == 0 as a match.
    expect(qosClass(spec([nc(rl('0', '100Mi'), rl('0', '100Mi'))]))).toBe('Burstable');
  });
});

// ------------------------------------------------------------------ properties

const CPUS = ['100m', '250m', '500m', '1', '1500m', '2'];
const MEMS = ['64Mi', '128Mi', '256Mi', '1Gi', '1500Mi'];

/** A valid container: each request ≤ its limit; any of them may be absent. */
function validContainer(values: string[]): fc.Arbitrary<{ req?: string; lim?: string }> {
  return fc.record({ li: fc.nat(values.length - 1), ri: fc.nat(values.length - 1), hasReq: fc.boolean(), hasLim: fc.boolean() }).map(({ li, ri, hasReq, hasLim }) => {
    const out: { req?: string; lim?: string } = {};
    if (hasLim) out.lim = values[li]!;
    if (hasReq) out.req = values[hasLim ? Math.min(ri, li) : ri]!;
    return out;
  });
}
const container = (sidecars: boolean): fc.Arbitrary<Container> =>
  fc.record({ c: validContainer(CPUS), m: validContainer(MEMS), sidecar: sidecars ? fc.boolean() : fc.constant(false) }).map(({ c, m, sidecar }) => {
    const requests: ResourceList = {};
    const limits: ResourceList = {};
    if (c.req) requests.cpu = c.req;
    if (c.lim) limits.cpu = c.lim;
    if (m.req) requests.memory = m.req;
    if (m.lim) limits.memory = m.lim;
    return ctr(Object.keys(requests).length ? requests : undefined, Object.keys(limits).length ? limits : undefined, sidecar);
  });
const podSpec = (sidecars: boolean): fc.Arbitrary<PodSpec> => fc.record({
  containers: fc.array(container(false), { minLength: 1, maxLength: 4 }),
  inits: fc.array(container(sidecars), { maxLength: 4 }),
  overhead: fc.option(fc.record({ cpu: fc.constantFrom(...CPUS), memory: fc.constantFrom(...MEMS) }), { nil: undefined }),
}).map(({ containers, inits, overhead }) => spec(containers, inits, overhead));

/** pkg/apis/core/v1/helper/qos ComputePodQOS (v1.28), on a defaulted spec. */
function computePodQOS(s: PodSpec): string {
  const requests = new Map<string, number>();
  const limits = new Map<string, number>();
  let isGuaranteed = true;
  for (const c of [...s.containers, ...(s.initContainers ?? [])]) {
    for (const [name, q] of Object.entries(c.resources?.requests ?? {})) {
      if (name !== 'cpu' && name !== 'memory') continue;
      const v = milliValue(q);
      if (v > 0) requests.set(name, (requests.get(name) ?? 0) + v);
    }
    const found = new Set<string>();
    for (const [name, q] of Object.entries(c.resources?.limits ?? {})) {
      if (name !== 'cpu' && name !== 'memory') continue;
      const v = milliValue(q);
      if (v > 0) {
        found.add(name);
        limits.set(name, (limits.get(name) ?? 0) + v);
      }
    }
    if (!(found.has('memory') && found.has('cpu'))) isGuaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (isGuaranteed) for (const [name, r] of requests) if (limits.get(name) !== r) { isGuaranteed = false; break; }
  return isGuaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}

describe('properties', () => {
  it('podResources and qosClass give the same answer for a pod before and after SetDefaults_Pod', () => {
    fc.assert(fc.property(podSpec(true), (s) => {
      const defaulted = setObjectDefaults(pod(s)).spec;
      expect(podResources({ spec: defaulted })).toEqual(podResources({ spec: s }));
      expect(qosClass(defaulted)).toBe(qosClass(s));
    }));
  });

  it('qosClass agrees with a port of ComputePodQOS on defaulted, valid pods with positive quantities', () => {
    fc.assert(fc.property(podSpec(true), (s) => {
      expect(qosClass(s)).toBe(computePodQOS(setObjectDefaults(pod(s)).spec));
    }));
  });

  it('non-zero requests are never below the actual requests', () => {
    fc.assert(fc.property(podSpec(true), (s) => {
      const r = podResources({ spec: s });
      expect(r.nonzeroCpuMillis).toBeGreaterThanOrEqual(r.requests.cpuMillis);
      expect(r.nonzeroMemoryBytes).toBeGreaterThanOrEqual(r.requests.memoryBytes);
    }));
  });

  it('without init containers, requests are the sum of the containers plus overhead', () => {
    fc.assert(fc.property(podSpec(false), (s0) => {
      const s = spec(s0.containers, [], s0.overhead);
      const sum = s.containers.reduce((acc, c) => acc + requestsOf(spec([c])).cpuMillis, 0);
      expect(requestsOf(s).cpuMillis).toBe(sum + (s.overhead ? milliValue(s.overhead.cpu!) : 0));
    }));
  });

  it('adding a regular container or a sidecar never lowers requests; the order of regular containers does not matter', () => {
    fc.assert(fc.property(podSpec(true), container(false), (s, extra) => {
      const inits = s.initContainers ?? [];
      const before = requestsOf(s);
      const more = requestsOf(spec([...s.containers, extra], inits, s.overhead));
      expect(more.cpuMillis).toBeGreaterThanOrEqual(before.cpuMillis);
      expect(more.memoryBytes).toBeGreaterThanOrEqual(before.memoryBytes);
      const sidecar = requestsOf(spec(s.containers, [...inits, { ...extra, restartPolicy: 'Always' }], s.overhead));
      expect(sidecar.cpuMillis).toBeGreaterThanOrEqual(before.cpuMillis);
      expect(sidecar.memoryBytes).toBeGreaterThanOrEqual(before.memoryBytes);
      expect(requestsOf(spec([...s.containers].reverse(), inits, s.overhead))).toEqual(before);
    }));
  });

  it('a (non-sidecar) init container no larger than the pod requests changes nothing', () => {
    fc.assert(fc.property(podSpec(false), (s) => {
      const inits = s.initContainers ?? [];
      const before = requestsOf(spec(s.containers, inits));
      const same = ctr({ cpu: `${before.cpuMillis}m`, memory: String(before.memoryBytes) });
      const after = requestsOf(spec(s.containers, [...inits, same]));
      expect([after.cpuMillis, after.memoryBytes]).toEqual([before.cpuMillis, before.memoryBytes]);
    }));
  });
});
