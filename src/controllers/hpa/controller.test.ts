// The HPA controller over the real engine (Sim) with fake metrics: when it syncs, a rescale with its
// Event and decision, status and conditions, and the failures' conditions, Events and messages.
import { describe, expect, it } from 'vitest';
import type { HorizontalPodAutoscaler, MetricStatus } from '../../api/types.js';
import { Sim } from '../../engine/testing.js';
import type { LogEvent } from '../../state/events.js';
import type { MetricsSource } from '../../metrics/types.js';
import type { View } from '../../state/cluster.js';
import { HorizontalPodAutoscalerController } from './index.js';
import { clock, fakeMetrics, hpa, pod, replicaSet, deployment, workload, type Usage } from './testutil.js';

const sim = (usage: Usage, extra?: Record<string, number>): Sim => new Sim({ controllers: [new HorizontalPodAutoscalerController({ metrics: fakeMetrics(usage, extra) })] });
const byActor = (events: LogEvent[]): LogEvent[] => events.filter((e) => e.actor === 'horizontal-pod-autoscaler');
const getHpa = (s: Sim, name = 'web'): HorizontalPodAutoscaler => s.view.get('HorizontalPodAutoscaler', 'default', name)!;
const replicas = (s: Sim): number | undefined => s.view.get('Deployment', 'default', 'web')!.spec.replicas;
const conditions = (h: HorizontalPodAutoscaler): string[] => (h.status.conditions ?? []).map((c) => `${c.type}=${c.status} ${c.reason}: ${c.message}`);

describe('when the HPA controller syncs', () => {
  it('first one sync period after the HPA is created, then every period; an update does not sync it sooner', () => {
    const calls: number[] = [];
    const metrics = fakeMetrics(() => 50);
    const s = new Sim({ controllers: [new HorizontalPodAutoscalerController({ metrics: (v: View, t: number): MetricsSource => { calls.push(t); return metrics(v, t); } })] });
    s.given(...workload(2));
    s.tick(7);
    s.given(hpa('web', { maxReplicas: 5 })); // created at tick 7
    s.until(20);
    s.when((ctx) => { ctx.update(getHpa(s), (d) => { d.spec.maxReplicas = 6; }, { type: 'HorizontalPodAutoscalerUpdated' }); }); // tick 21
    s.until(60);
    expect(calls).toEqual([22, 37, 52]);
  });

  it('writes its status at the first sync and nothing while converged', () => {
    const s = sim(() => 50);
    s.given(...workload(2), hpa('web', { maxReplicas: 5 }));
    const events = byActor(s.until(90));
    expect(events.map((e) => [e.tick, e.type])).toEqual([[15, 'HorizontalPodAutoscalerStatusUpdated']]);
    expect(getHpa(s).status).toEqual({
      currentReplicas: 2, desiredReplicas: 2,
      currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageValue: '50m', averageUtilization: 50 } } }],
      conditions: [
        { type: 'AbleToScale', status: 'True', lastTransitionTime: clock.at(15), reason: 'ReadyForNewScale', message: 'recommended size matches current size' },
        { type: 'ScalingActive', status: 'True', lastTransitionTime: clock.at(15), reason: 'ValidMetricFound', message: 'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)' },
        { type: 'ScalingLimited', status: 'False', lastTransitionTime: clock.at(15), reason: 'DesiredWithinRange', message: 'the desired count is within the acceptable range' },
      ],
    });
    expect(getHpa(s).sim?.hpa).toEqual({ recs: [[2, 14.5], [2, 15]], at: 15, repeat: 2, stale: 300 });
  });
});

describe('a rescale', () => {
  it('writes DeploymentScaled with SuccessfulRescale against the HPA and the decision, then the status', () => {
    const s = sim(() => 140);
    s.given(...workload(2), hpa('web', { maxReplicas: 10 }));
    const events = byActor(s.until(15));
    expect(events.map((e) => e.type)).toEqual(['DeploymentScaled', 'HorizontalPodAutoscalerStatusUpdated']);
    const [scaled, status] = events;
    const h = getHpa(s);
    const decision = {
      current: 2,
      metrics: [{ metric: 'cpu resource utilization (percentage of request)', target: '50%', current: '140%', proposal: 6, ready: 2, unready: 0, missing: 0, ignored: 0 }],
      proposal: 6, stabilized: 6, desired: 4, reason: 'ScaleUpLimit', limitedBy: 'max(2×current, 4)',
    };
    expect(scaled!.object).toMatchObject({ kind: 'Deployment', name: 'web' });
    expect(scaled!.data).toEqual({ from: 2, to: 4, decision });
    expect(scaled!.note).toEqual({
      type: 'Normal', reason: 'SuccessfulRescale', message: 'New size: 4; reason: cpu resource utilization (percentage of request) above target',
      source: 'horizontal-pod-autoscaler', involved: { kind: 'HorizontalPodAutoscaler', namespace: 'default', name: 'web', uid: h.metadata.uid },
    });
    expect(scaled!.cause).toBe(s.log.find((e) => e.type === 'HorizontalPodAutoscalerCreated')!.seq); // the HPA as last changed
    expect(status!.data).toEqual({ decision });
    expect(replicas(s)).toBe(4);
    expect(h.status).toMatchObject({ lastScaleTime: clock.at(15), currentReplicas: 2, desiredReplicas: 4 });
    expect(conditions(h)).toEqual([
      'AbleToScale=True SucceededRescale: the HPA controller was able to update the target scale to 4',
      'ScalingActive=True ValidMetricFound: the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)',
      'ScalingLimited=True ScaleUpLimit: the desired replica count is increasing faster than the maximum scale rate',
    ]);
  });

  it('scales down only when the recommendations of the last 5 minutes allow it', () => {
    const s = sim((_p, t) => (t < 100 ? 50 : 10));
    s.given(...workload(4), hpa('web', { maxReplicas: 10 }));
    const scaled = byActor(s.until(500)).filter((e) => e.type === 'DeploymentScaled');
    // recommendations of 4 were recorded until tick 90; the sync at 390 still sees the one of 90
    // (a timestamp exactly now − 300 counts), the sync at 405 no longer does
    expect(scaled.map((e) => [e.tick, e.data?.to, e.note?.message])).toEqual([[405, 1, 'New size: 1; reason: All metrics below target']]);
    expect(getHpa(s).status.conditions?.find((c) => c.type === 'ScalingLimited')).toMatchObject({ status: 'False' });
  });

  it('with a behavior: one pod a minute down (Pods 1 per 60s); an event counts while strictly within the period', () => {
    const s = sim(() => 5);
    s.given(...workload(5), hpa('web', { maxReplicas: 10, behavior: { scaleDown: { stabilizationWindowSeconds: 0, policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] } } }));
    const scaled = byActor(s.until(200)).filter((e) => e.type === 'DeploymentScaled');
    expect(scaled.map((e) => [e.tick, e.data?.from, e.data?.to])).toEqual([[15, 5, 4], [75, 4, 3], [135, 3, 2], [195, 2, 1]]);
    expect(scaled[0]!.data?.decision).toMatchObject({ proposal: 1, stabilized: 1, desired: 4, reason: 'ScaleDownLimit', limitedBy: 'Pods 1 per 60s' });
    // events strictly older than the longest period are outdated and overwritten: 15 by 135, 75 by 195
    expect(getHpa(s).sim?.hpa).toMatchObject({ down: [[1, 135, 0], [1, 195, 0]] });
  });
});

describe('failures: conditions, Events and messages', () => {
  it('a container without a cpu request: FailedGetResourceMetric and FailedComputeMetricsReplicas, at every sync', () => {
    const [d, rs, ...pods] = workload(2);
    const bare = pod(rs, 1, { containers: [{ name: 'sidecar', image: 'proxy:1' }] });
    const s = sim(() => 50);
    s.given(d, rs, pods[0]!, bare, hpa('web', { maxReplicas: 5 }));
    const events = byActor(s.until(15));
    const inner = 'failed to get cpu utilization: missing request for cpu in container sidecar of Pod web-1';
    expect(events.map((e) => [e.type, e.note?.type, e.note?.reason, e.note?.message])).toEqual([
      ['HorizontalPodAutoscalerMetricUnavailable', 'Warning', 'FailedGetResourceMetric', inner],
      ['HorizontalPodAutoscalerStatusUpdated', undefined, undefined, undefined],
      ['HorizontalPodAutoscalerComputeFailed', 'Warning', 'FailedComputeMetricsReplicas', `invalid metrics (1 invalid out of 1), first error is: failed to get cpu resource metric value: ${inner}`],
    ]);
    const h = getHpa(s);
    expect(conditions(h)).toEqual([
      "AbleToScale=True SucceededGetScale: the HPA controller was able to get the target's current scale",
      `ScalingActive=False FailedGetResourceMetric: the HPA was unable to compute the replica count: ${inner}`,
    ]);
    expect(h.status).toMatchObject({ currentReplicas: 2, desiredReplicas: 0, currentMetrics: [{ type: '' } as unknown as MetricStatus] });
    expect(events[1]!.data?.decision).toEqual({
      current: 2, metrics: [{ metric: 'cpu resource utilization (percentage of request)', target: '50%', error: inner }],
      proposal: 2, stabilized: 2, desired: 2, reason: 'FailedGetResourceMetric',
    });
    // the same failure again: no status write, but the Warning Events again at every sync (upstream's
    // recorder counts them: describe shows "(x4 over 45s)")
    expect(byActor(s.until(60)).map((e) => [e.tick, e.type])).toEqual([30, 45, 60].flatMap((t) => [[t, 'HorizontalPodAutoscalerMetricUnavailable'], [t, 'HorizontalPodAutoscalerComputeFailed']]));
  });

  it('no metrics at all', () => {
    const s = sim(() => undefined);
    s.given(...workload(2), hpa('web', { maxReplicas: 5 }));
    s.until(15);
    expect(conditions(getHpa(s))[1]).toBe('ScalingActive=False FailedGetResourceMetric: the HPA was unable to compute the replica count: '
      + 'failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API');
  });

  it('the target does not exist, or is a kind without a scale subresource: FailedGetScale', () => {
    const s = sim(() => 50);
    s.given(hpa('web', { maxReplicas: 5 }), hpa('db', { maxReplicas: 5, scaleTargetRef: { apiVersion: 'v1', kind: 'Pod', name: 'db' } }));
    const events = byActor(s.until(15));
    expect(events.filter((e) => e.note).map((e) => [e.object.name, e.type, e.note!.reason, e.note!.message])).toEqual([
      ['db', 'HorizontalPodAutoscalerScaleUnavailable', 'FailedGetScale', 'the server could not find the requested resource'],
      ['web', 'HorizontalPodAutoscalerScaleUnavailable', 'FailedGetScale', 'deployments.apps "web" not found'],
    ]);
    expect(conditions(getHpa(s))).toEqual([`AbleToScale=False FailedGetScale: the HPA controller was unable to get the target's current scale: deployments.apps "web" not found`]);
    // the target appears: the next sync gets its scale
    s.given(...workload(2));
    s.until(30);
    expect(getHpa(s).status.conditions?.[0]).toMatchObject({ type: 'AbleToScale', status: 'True', reason: 'ReadyForNewScale', lastTransitionTime: clock.at(30) });
  });

  it('two HPAs over the same pods: AmbiguousSelector', () => {
    const s = sim(() => 50);
    s.given(...workload(2), hpa('a', { maxReplicas: 5 }), hpa('b', { maxReplicas: 5 }));
    s.until(30);
    const msg = 'pods by selector app=web are controlled by multiple HPAs: [default/a default/b]';
    for (const name of ['a', 'b']) expect(conditions(getHpa(s, name))[1]).toBe(`ScalingActive=False AmbiguousSelector: ${msg}`);
    expect(s.log.filter((e) => e.note?.reason === 'AmbiguousSelector').map((e) => [e.tick, e.object.name])).toEqual([[15, 'b'], [30, 'a'], [30, 'b']]);
  });

  it('a target scaled to zero disables autoscaling (HPA-INT-1)', () => {
    const s = sim(() => 50);
    s.given(deployment('web', 0), hpa('web', { minReplicas: 3, maxReplicas: 5 }));
    const events = byActor(s.until(15));
    expect(events.map((e) => e.type)).toEqual(['HorizontalPodAutoscalerStatusUpdated']);
    expect(conditions(getHpa(s))[1]).toBe('ScalingActive=False ScalingDisabled: scaling is disabled since the replica count of the target is zero');
    expect(replicas(s)).toBe(0);
  });
});

describe('a ReplicaSet target', () => {
  it('is scaled through its own scale subresource (ReplicaSetScaled)', () => {
    const d = deployment('web', 2);
    const rs = replicaSet(d);
    delete rs.metadata.ownerReferences;
    const s = sim(() => 140);
    s.given(rs, pod(rs, 0), pod(rs, 1), hpa('web', { maxReplicas: 3, scaleTargetRef: { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-rs' } }));
    const events = byActor(s.until(15));
    expect(events.map((e) => [e.type, e.object.name, e.data?.to])).toEqual([['ReplicaSetScaled', 'web-rs', 3], ['HorizontalPodAutoscalerStatusUpdated', 'web', undefined]]);
    expect(events[0]!.note?.message).toBe('New size: 3; reason: cpu resource utilization (percentage of request) above target');
  });
});
