// HPA-RC-1..50: pkg/controller/podautoscaler/replica_calculator_test.go (v1.28) as a table.
// Conventions of the upstream test (§3.6): 2 containers per pod, each with the pod's request;
// levels are per container; readiness conditions have no lastTransitionTime and samples the zero
// timestamp (so a "hot" pod, started now, is always unready for cpu); cpu initialization 2m, delay 10s.
import { describe, expect, it } from 'vitest';
import { Clock } from '../../api/time.js';
import type { ConditionStatus, CrossVersionObjectReference, LabelSelector, Pod, PodPhase } from '../../api/types.js';
import type { Answer, MetricSample, MetricsSource, PodMetrics } from '../../metrics/types.js';
import { ReplicaCalculator } from './calculator.js';
import { restMetricsClient } from './metricsclient.js';
import { ZERO_TIME_TICK } from './podgroups.js';

const NOW = 1000;
const clock = new Clock();
const OPTS = { tolerance: 0.1, cpuInitializationPeriodSeconds: 120, delayOfInitialReadinessStatusSeconds: 10 };
const SELECTOR: LabelSelector = { matchLabels: { name: 'test-pod' } };
const DEPLOYMENT: CrossVersionObjectReference = { kind: 'Deployment', apiVersion: 'apps/v1', name: 'some-deployment' };

type Level = number | [number, number];

interface Case {
  id: string;
  name: string;
  current: number;
  readiness?: ConditionStatus[];
  start?: ('hot' | 'cool')[];
  phase?: PodPhase[];
  deleting?: boolean[];
  /** a Resource (utilization) metric */
  resource?: { requests: string[]; levels: Level[]; target: number; container?: string };
  /** a Pods, Object or External metric */
  metric?: { type: 'pods' | 'object' | 'objectPerPod' | 'external' | 'externalPerPod'; levels: number[]; target: number };
  expected: number | { error: string };
  /** expected utilization % (resource) or usage (others) */
  usage?: number;
  /** expected raw average (resource) */
  raw?: number;
}

function pods(c: Case): Pod[] {
  const n = Math.max(c.current, c.phase?.length ?? 0);
  const out: Pod[] = [];
  for (let i = 0; i < n; i++) {
    const start = c.start?.[i] === 'hot' ? NOW : NOW - 180;
    const req = c.resource && i < c.resource.requests.length ? { requests: { cpu: c.resource.requests[i]! } } : undefined;
    const pod: Pod = {
      apiVersion: 'v1', kind: 'Pod',
      metadata: { name: `test-pod-${i}`, namespace: 'test-namespace', labels: { name: 'test-pod' } },
      spec: { containers: [{ name: 'container1', image: 'x', ...(req ? { resources: req } : {}) }, { name: 'container2', image: 'x', ...(req ? { resources: req } : {}) }] },
      status: { phase: c.phase?.[i] ?? 'Running', startTime: clock.at(start), conditions: [{ type: 'Ready', status: c.readiness?.[i] ?? 'True' }] },
    };
    if (c.deleting?.[i]) pod.metadata.deletionTimestamp = clock.at(NOW);
    out.push(pod);
  }
  return out;
}

function source(c: Case): MetricsSource {
  const sample = (milli: number): MetricSample => ({ milli, timestampTick: ZERO_TIME_TICK, windowSeconds: 60 });
  const none = <T>(): Answer<T> => ({ ok: false, error: 'no metric in test' });
  return {
    podResourceMetrics(): Answer<Map<string, PodMetrics>> {
      const m = new Map<string, PodMetrics>();
      c.resource?.levels.forEach((l, i) => {
        const [a, b] = typeof l === 'number' ? [l, l] : l;
        m.set(`test-pod-${i}`, { timestampTick: ZERO_TIME_TICK, windowSeconds: 60, containers: [{ name: 'container1', cpuMillis: a, memoryBytes: 0 }, { name: 'container2', cpuMillis: b, memoryBytes: 0 }] });
      });
      return { ok: true, value: m };
    },
    podsMetric() {
      const m = new Map<string, MetricSample>();
      c.metric?.levels.forEach((l, i) => m.set(`test-pod-${i}`, sample(l)));
      return { ok: true, value: m };
    },
    objectMetric: (_ns, ref) => (ref.name === DEPLOYMENT.name && c.metric ? { ok: true, value: sample(c.metric.levels[0]!) } : none()),
    externalMetric: () => (c.metric ? { ok: true, value: sample(c.metric.levels[0]!) } : none()),
  };
}

function run(c: Case): { replicas: number; usage: number; raw?: number } | { error: string } {
  const calc = new ReplicaCalculator(restMetricsClient(source(c)), OPTS, NOW, clock);
  const ps = pods(c);
  if (c.resource) {
    const r = calc.getResourceReplicas(c.current, c.resource.target, 'cpu', 'test-namespace', SELECTOR, c.resource.container ?? '', ps);
    return r.ok ? { replicas: r.replicas, usage: r.utilization, raw: r.rawUtilization } : { error: r.error };
  }
  const m = c.metric!;
  const sel = { matchLabels: { label: 'value' } };
  const r = m.type === 'pods' ? calc.getMetricReplicas(c.current, m.target, 'qps', 'test-namespace', SELECTOR, undefined, ps)
    : m.type === 'object' ? calc.getObjectMetricReplicas(c.current, m.target, 'qps', 'test-namespace', DEPLOYMENT, ps, undefined)
      : m.type === 'objectPerPod' ? calc.getObjectPerPodMetricReplicas(c.current, m.target, 'qps', 'test-namespace', DEPLOYMENT, undefined)
        : m.type === 'external' ? calc.getExternalMetricReplicas(c.current, m.target, 'qps', 'test-namespace', sel, ps)
          : calc.getExternalPerPodMetricReplicas(c.current, m.target, 'qps', 'test-namespace', sel);
  return r.ok ? { replicas: r.replicas, usage: r.usage } : { error: r.error };
}

const ones = (n: number): string[] => Array.from({ length: n }, () => '1.0');
const T = 'True';
const F = 'False';
const DOWN_LEVELS = [100, 300, 500, 250, 250];

const CASES: Case[] = [
  { id: 'HPA-RC-1', name: 'ScaleUp', current: 3, resource: { requests: ones(3), levels: [300, 500, 700], target: 30 }, expected: 5, usage: 50, raw: 1000 },
  { id: 'HPA-RC-2', name: 'ContainerScaleUp', current: 3, resource: { requests: ones(3), levels: [[1000, 300], [1000, 500], [1000, 700]], target: 30, container: 'container2' }, expected: 5, usage: 50, raw: 500 },
  { id: 'HPA-RC-3', name: 'ScaleUpUnreadyLessScale', current: 3, readiness: [F, T, T], resource: { requests: ones(3), levels: [300, 500, 700], target: 30 }, expected: 4, usage: 60, raw: 1200 },
  { id: 'HPA-RC-4', name: 'ScaleUpHotCpuLessScale', current: 3, start: ['hot', 'cool', 'cool'], resource: { requests: ones(3), levels: [300, 500, 700], target: 30 }, expected: 4, usage: 60, raw: 1200 },
  { id: 'HPA-RC-5', name: 'ScaleUpUnreadyNoScale', current: 3, readiness: [T, F, F], resource: { requests: ones(3), levels: [400, 500, 700], target: 30 }, expected: 3, usage: 40, raw: 800 },
  { id: 'HPA-RC-6', name: 'ScaleHotCpuNoScale', current: 3, readiness: [T, F, F], start: ['cool', 'hot', 'hot'], resource: { requests: ones(3), levels: [400, 500, 700], target: 30 }, expected: 3, usage: 40, raw: 800 },
  { id: 'HPA-RC-7', name: 'ScaleUpIgnoresFailedPods', current: 2, readiness: [T, T, F, F], phase: ['Running', 'Running', 'Failed', 'Failed'], resource: { requests: ones(4), levels: [500, 700], target: 30 }, expected: 4, usage: 60, raw: 1200 },
  { id: 'HPA-RC-8', name: 'ScaleUpIgnoresDeletionPods', current: 2, readiness: [T, T, F, F], phase: ['Running', 'Running', 'Running', 'Running'], deleting: [false, false, true, true], resource: { requests: ones(4), levels: [500, 700], target: 30 }, expected: 4, usage: 60, raw: 1200 },
  { id: 'HPA-RC-9', name: 'ScaleDown', current: 5, resource: { requests: ones(5), levels: DOWN_LEVELS, target: 50 }, expected: 3, usage: 28, raw: 560 },
  { id: 'HPA-RC-10', name: 'ScaleDownExcludeUnreadyPods', current: 5, readiness: [T, T, T, F, F], resource: { requests: ones(5), levels: DOWN_LEVELS, target: 50 }, expected: 2, usage: 30, raw: 600 },
  { id: 'HPA-RC-11', name: 'ScaleDownExcludeUnscheduledPods', current: 5, readiness: [T, F, F, F, F], phase: ['Running', 'Pending', 'Pending', 'Pending', 'Pending'], resource: { requests: ones(5), levels: [100], target: 50 }, expected: 1, usage: 10, raw: 200 },
  { id: 'HPA-RC-12', name: 'ScaleDownIgnoreHotCpuPods', current: 5, start: ['cool', 'cool', 'cool', 'hot', 'hot'], resource: { requests: ones(5), levels: DOWN_LEVELS, target: 50 }, expected: 2, usage: 30, raw: 600 },
  { id: 'HPA-RC-13', name: 'ScaleDownIgnoresFailedPods', current: 5, readiness: [T, T, T, T, T, F, F], phase: ['Running', 'Running', 'Running', 'Running', 'Running', 'Failed', 'Failed'], resource: { requests: ones(7), levels: DOWN_LEVELS, target: 50 }, expected: 3, usage: 28, raw: 560 },
  { id: 'HPA-RC-14', name: 'ScaleDownIgnoresDeletionPods', current: 5, readiness: [T, T, T, T, T, F, F], phase: Array<PodPhase>(7).fill('Running'), deleting: [false, false, false, false, false, true, true], resource: { requests: ones(7), levels: DOWN_LEVELS, target: 50 }, expected: 3, usage: 28, raw: 560 },
  { id: 'HPA-RC-15', name: 'Tolerance', current: 3, resource: { requests: ['0.9', '1.0', '1.1'], levels: [1010, 1030, 1020], target: 100 }, expected: 3, usage: 102, raw: 2040 },
  { id: 'HPA-RC-16', name: 'SuperfluousMetrics', current: 4, resource: { requests: ones(4), levels: [4000, 9500, 3000, 7000, 3200, 2000], target: 100 }, expected: 24, usage: 587, raw: 11750 },
  { id: 'HPA-RC-17', name: 'MissingMetrics', current: 4, resource: { requests: ones(4), levels: [400, 95], target: 100 }, expected: 3, usage: 24, raw: 495 },
  { id: 'HPA-RC-18', name: 'MissingMetricsNoChangeEq', current: 2, resource: { requests: ones(2), levels: [1000], target: 100 }, expected: 2, usage: 100, raw: 2000 },
  { id: 'HPA-RC-19', name: 'MissingMetricsNoChangeGt', current: 2, resource: { requests: ones(2), levels: [1900], target: 100 }, expected: 2, usage: 190, raw: 3800 },
  { id: 'HPA-RC-20', name: 'MissingMetricsNoChangeLt', current: 2, resource: { requests: ones(2), levels: [600], target: 100 }, expected: 2, usage: 60, raw: 1200 },
  { id: 'HPA-RC-21', name: 'MissingMetricsUnreadyChange', current: 3, readiness: [F, T, T], resource: { requests: ones(3), levels: [100, 450], target: 50 }, expected: 3, usage: 45, raw: 900 },
  { id: 'HPA-RC-22', name: 'MissingMetricsHotCpuNoChange', current: 3, start: ['hot', 'cool', 'cool'], resource: { requests: ones(3), levels: [100, 450], target: 50 }, expected: 3, usage: 45, raw: 900 },
  { id: 'HPA-RC-23', name: 'MissingMetricsUnreadyScaleUp', current: 3, readiness: [F, T, T], resource: { requests: ones(3), levels: [100, 2000], target: 50 }, expected: 4, usage: 200, raw: 4000 },
  { id: 'HPA-RC-24', name: 'MissingMetricsHotCpuScaleUp', current: 3, readiness: [F, T, T], start: ['hot', 'cool', 'cool'], resource: { requests: ones(3), levels: [100, 2000], target: 50 }, expected: 4, usage: 200, raw: 4000 },
  { id: 'HPA-RC-25', name: 'MissingMetricsUnreadyScaleDown', current: 4, readiness: [F, T, T, T], resource: { requests: ones(4), levels: [100, 100, 100], target: 50 }, expected: 3, usage: 10, raw: 200 },
  { id: 'HPA-RC-26', name: 'MissingMetricsScaleDownTargetOver100', current: 4, readiness: [F, T, T, T], resource: { requests: ['1', '1', '2', '2'], levels: [200, 100, 100], target: 300 }, expected: 2, usage: 6, raw: 200 },
  { id: 'HPA-RC-27', name: 'DuringRollingUpdateWithMaxSurge', current: 2, phase: ['Running', 'Running', 'Running'], resource: { requests: ones(3), levels: [100, 100], target: 50 }, expected: 2, usage: 10, raw: 200 },
  { id: 'HPA-RC-28', name: 'EmptyMetrics', current: 4, resource: { requests: ones(3), levels: [], target: 100 }, expected: { error: 'unable to get metrics for resource cpu: no metrics returned from resource metrics API' } },
  { id: 'HPA-RC-29', name: 'EmptyCPURequest', current: 1, resource: { requests: [], levels: [200], target: 100 }, expected: { error: 'missing request for' } },
  { id: 'HPA-RC-30', name: 'ScaleUpCM', current: 3, metric: { type: 'pods', levels: [20000, 10000, 30000], target: 15000 }, expected: 4, usage: 20000 },
  { id: 'HPA-RC-31', name: 'ScaleUpCMUnreadyHotCpuNoLessScale', current: 3, readiness: [T, T, F], start: ['cool', 'cool', 'hot'], metric: { type: 'pods', levels: [50000, 10000, 30000], target: 15000 }, expected: 6, usage: 30000 },
  { id: 'HPA-RC-32', name: 'ScaleUpCMUnreadyHotCpuScaleWouldScaleDown', current: 3, readiness: [F, T, F], start: ['hot', 'cool', 'hot'], metric: { type: 'pods', levels: [50000, 15000, 30000], target: 15000 }, expected: 7, usage: 31666 },
  { id: 'HPA-RC-33', name: 'ScaleDownCM', current: 5, metric: { type: 'pods', levels: [12000, 12000, 12000, 12000, 12000], target: 20000 }, expected: 3, usage: 12000 },
  { id: 'HPA-RC-34', name: 'ToleranceCM', current: 3, metric: { type: 'pods', levels: [20000, 21000, 21000], target: 20000 }, expected: 3, usage: 20666 },
  { id: 'HPA-RC-35', name: 'PlainMetricMissingMetricsNoChangeEq', current: 5, metric: { type: 'pods', levels: [20000, 19000, 21000], target: 20000 }, expected: 5, usage: 20000 },
  { id: 'HPA-RC-36', name: 'DuringRollingUpdateWithMaxSurgeCM', current: 2, phase: ['Running', 'Running', 'Running'], metric: { type: 'pods', levels: [10000, 10000], target: 17000 }, expected: 2, usage: 10000 },
  { id: 'HPA-RC-37', name: 'ScaleUpCMObject', current: 3, metric: { type: 'object', levels: [20000], target: 15000 }, expected: 4, usage: 20000 },
  { id: 'HPA-RC-38', name: 'ScaleUpCMPerPodObject', current: 3, metric: { type: 'objectPerPod', levels: [20000], target: 5000 }, expected: 4, usage: 6667 },
  { id: 'HPA-RC-39', name: 'ScaleUpCMObjectIgnoresUnreadyPods', current: 3, readiness: [F, T, F], metric: { type: 'object', levels: [50000], target: 10000 }, expected: 5, usage: 50000 },
  { id: 'HPA-RC-40', name: 'ScaleUpCMExternal', current: 1, metric: { type: 'external', levels: [8600], target: 4400 }, expected: 2, usage: 8600 },
  { id: 'HPA-RC-41', name: 'ScaleUpCMExternalIgnoresUnreadyPods', current: 3, readiness: [F, T, F], metric: { type: 'external', levels: [8600], target: 4400 }, expected: 2, usage: 8600 },
  { id: 'HPA-RC-42', name: 'ScaleUpPerPodCMExternal', current: 3, metric: { type: 'externalPerPod', levels: [8600], target: 2150 }, expected: 4, usage: 2867 },
  { id: 'HPA-RC-43', name: 'ScaleDownPerPodCMObject', current: 5, metric: { type: 'objectPerPod', levels: [6000], target: 2000 }, expected: 3, usage: 1200 },
  { id: 'HPA-RC-44', name: 'ScaleDownCMObject', current: 5, metric: { type: 'object', levels: [12000], target: 20000 }, expected: 3, usage: 12000 },
  { id: 'HPA-RC-45', name: 'ScaleDownCMExternal', current: 5, metric: { type: 'external', levels: [8600], target: 14334 }, expected: 3, usage: 8600 },
  { id: 'HPA-RC-46', name: 'ScaleDownPerPodCMExternal', current: 5, metric: { type: 'externalPerPod', levels: [8600], target: 2867 }, expected: 3, usage: 1720 },
  { id: 'HPA-RC-47', name: 'ToleranceCMObject', current: 3, metric: { type: 'object', levels: [20666], target: 20000 }, expected: 3, usage: 20666 },
  { id: 'HPA-RC-48', name: 'TolerancePerPodCMObject', current: 4, metric: { type: 'objectPerPod', levels: [20166], target: 5000 }, expected: 4, usage: 5042 },
  { id: 'HPA-RC-49', name: 'ToleranceCMExternal', current: 3, metric: { type: 'external', levels: [8600], target: 8888 }, expected: 3, usage: 8600 },
  { id: 'HPA-RC-50', name: 'TolerancePerPodCMExternal', current: 3, metric: { type: 'externalPerPod', levels: [8600], target: 2900 }, expected: 3, usage: 2867 },
];

describe('ReplicaCalculator (replica_calculator_test.go)', () => {
  it.each(CASES.map((c) => [`${c.id} ${c.name}`, c] as const))('%s', (_label, c) => {
    const out = run(c);
    if (typeof c.expected !== 'number') {
      expect('error' in out ? out.error : '').toContain(c.expected.error);
      return;
    }
    expect(out).not.toHaveProperty('error');
    const ok = out as { replicas: number; usage: number; raw?: number };
    expect(ok.replicas).toBe(c.expected);
    if (c.usage !== undefined) expect(ok.usage).toBe(c.usage);
    if (c.raw !== undefined) expect(ok.raw).toBe(c.raw);
  });

  it('names the container without a request (the message upstream puts in the condition)', () => {
    const c: Case = { id: '', name: '', current: 1, resource: { requests: [], levels: [200], target: 100 }, expected: 0 };
    expect(run(c)).toEqual({ error: 'missing request for cpu in container container1 of Pod test-pod-0' });
  });

  it('reports the pod counts of a resource metric', () => {
    const calc = new ReplicaCalculator(restMetricsClient(source(CASES[9]!)), OPTS, NOW, clock);
    const r = calc.getResourceReplicas(5, 50, 'cpu', 'test-namespace', SELECTOR, '', pods(CASES[9]!));
    expect(r.ok && r.counts).toEqual({ ready: 3, unready: 2, missing: 0, ignored: 0 });
  });

  it('wraps errors of the external metrics API with the selector as Go prints it', () => {
    const c: Case = { id: '', name: '', current: 3, expected: 0 };
    const calc = new ReplicaCalculator(restMetricsClient(source(c)), OPTS, NOW, clock);
    const r = calc.getExternalMetricReplicas(3, 100, 'queue', 'ns', { matchLabels: { q: 'a' } }, []);
    expect(r).toEqual({ ok: false, error: 'unable to get external metric ns/queue/&LabelSelector{MatchLabels:map[string]string{q: a,},MatchExpressions:[]LabelSelectorRequirement{},}: no metric in test' });
  });
});
