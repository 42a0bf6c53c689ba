// `kubectl get hpa` and `kubectl describe hpa` as kubectl prints them (v1.28, with v1.30's named
// TARGETS), over objects whose status is written by hand as the HPA controller would write it.
import { describe, expect, it } from 'vitest';
import { Clock } from '../../api/time.js';
import type { HorizontalPodAutoscaler, MetricSpec, MetricStatus } from '../../api/types.js';
import type { KubeEvent } from '../events.js';
import { formatHPAMetrics } from './hpa.js';
import { describeObject, printGet } from './index.js';

const clock = new Clock();
const cpu50: MetricSpec = { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } };

function hpa(name: string, spec: Partial<HorizontalPodAutoscaler['spec']> = {}, status: Partial<HorizontalPodAutoscaler['status']> = {}): HorizontalPodAutoscaler {
  return {
    apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler',
    metadata: { name, namespace: 'default', creationTimestamp: '2024-01-01T00:00:00Z' },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name }, minReplicas: 1, maxReplicas: 10, metrics: [cpu50], ...spec },
    status: { currentReplicas: 0, desiredReplicas: 0, ...status },
  };
}

const cpuStatus = (util: number, value: string): MetricStatus => ({ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: util, averageValue: value } } });
const CONDITIONS: HorizontalPodAutoscaler['status']['conditions'] = [
  { type: 'AbleToScale', status: 'True', lastTransitionTime: '2024-01-01T00:00:15Z', reason: 'ReadyForNewScale', message: 'recommended size matches current size' },
  { type: 'ScalingActive', status: 'True', lastTransitionTime: '2024-01-01T00:00:15Z', reason: 'ValidMetricFound', message: 'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)' },
  { type: 'ScalingLimited', status: 'False', lastTransitionTime: '2024-01-01T00:00:15Z', reason: 'DesiredWithinRange', message: 'the desired count is within the acceptable range' },
];
/** Four replicas at 62 % of a 200m request, as the controller reports after its first syncs. */
const measured = (): HorizontalPodAutoscaler => hpa('web', {}, { currentReplicas: 4, desiredReplicas: 4, currentMetrics: [cpuStatus(62, '124m')], conditions: CONDITIONS, lastScaleTime: '2024-01-01T00:00:30Z' });

describe('get hpa', () => {
  it('NAME REFERENCE TARGETS MINPODS MAXPODS REPLICAS AGE: <unknown> before the first metric, the reading after', () => {
    const before = printGet([{ kind: 'HorizontalPodAutoscaler', objects: [hpa('web')] }], { now: 10, clock, namespace: 'default' });
    expect(before.stdout).toBe([
      'NAME   REFERENCE        TARGETS              MINPODS   MAXPODS   REPLICAS   AGE',
      'web    Deployment/web   cpu: <unknown>/50%   1         10        0          10s',
      '',
    ].join('\n'));
    const after = printGet([{ kind: 'HorizontalPodAutoscaler', objects: [measured()] }], { now: 95, clock, namespace: 'default' });
    expect(after.stdout).toBe([
      'NAME   REFERENCE        TARGETS        MINPODS   MAXPODS   REPLICAS   AGE',
      'web    Deployment/web   cpu: 62%/50%   1         10        4          95s',
      '',
    ].join('\n'));
  });

  it('-A, <unset> MINPODS, several metrics and "No resources found"', () => {
    const noMin = hpa('api', { minReplicas: undefined as unknown as number });
    delete (noMin.spec as { minReplicas?: number }).minReplicas;
    const out = printGet([{ kind: 'HorizontalPodAutoscaler', objects: [noMin] }], { now: 600, clock, namespace: 'default', allNamespaces: true });
    expect(out.stdout.split('\n')[1]).toBe('default     api    Deployment/api   cpu: <unknown>/50%   <unset>   10        0          10m');
    expect(printGet([{ kind: 'HorizontalPodAutoscaler', objects: [] }], { now: 0, clock, namespace: 'default' }).stderr).toBe('No resources found in default namespace.\n');
  });
});

describe('formatHPAMetrics', () => {
  const mem: MetricSpec = { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '200Mi' } } };
  const pods: MetricSpec = { type: 'Pods', pods: { metric: { name: 'packets-per-second' }, target: { type: 'AverageValue', averageValue: '1k' } } };
  const objValue: MetricSpec = { type: 'Object', object: { describedObject: { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', name: 'main' }, metric: { name: 'requests-per-second' }, target: { type: 'Value', value: '10k' } } };
  const extAvg: MetricSpec = { type: 'External', external: { metric: { name: 'queue_messages_ready' }, target: { type: 'AverageValue', averageValue: '30' } } };
  const container: MetricSpec = { type: 'ContainerResource', containerResource: { name: 'cpu', container: 'app', target: { type: 'Utilization', averageUtilization: 60 } } };

  it.each<[string, MetricSpec[], MetricStatus[] | undefined, string]>([
    ['no metrics', [], undefined, '<none>'],
    ['cpu, not yet measured', [cpu50], undefined, 'cpu: <unknown>/50%'],
    ['cpu measured', [cpu50], [cpuStatus(62, '124m')], 'cpu: 62%/50%'],
    ['memory average value', [mem], [{ type: 'Resource', resource: { name: 'memory', current: { averageValue: '104857600' } } }], 'memory: 104857600/200Mi'],
    ['pods metric', [pods], [{ type: 'Pods', pods: { metric: { name: 'packets-per-second' }, current: { averageValue: '1500m' } } }], '1500m/1k'],
    ['object value, unmeasured', [objValue], undefined, '<unknown>/10k'],
    ['external average, measured', [extAvg], [{ type: 'External', external: { metric: { name: 'queue_messages_ready' }, current: { averageValue: '25' } } }], '25/30 (avg)'],
    ['container resource', [container], [{ type: 'ContainerResource', containerResource: { name: 'cpu', container: 'app', current: { averageUtilization: 45, averageValue: '90m' } } }], 'cpu: 45%/60%'],
    ['two of three shown, then "+ 1 more..."', [cpu50, mem, pods], [cpuStatus(62, '124m')], 'cpu: 62%/50%, memory: <unknown>/200Mi + 1 more...'],
    ['statuses are matched by index, not by name (upstream)', [mem, cpu50], [cpuStatus(62, '124m')], 'memory: 124m/200Mi, cpu: <unknown>/50%'],
    ['a status without the value printed', [pods], [{ type: 'Pods', pods: { metric: { name: 'packets-per-second' }, current: {} } }], '<nil>/1k'],
  ])('%s', (_, specs, statuses, want) => {
    expect(formatHPAMetrics(specs, statuses)).toBe(want);
  });
});

describe('describe hpa', () => {
  it('before any metric: <unknown>, 0 current / 0 desired, no Conditions', () => {
    expect(describeObject(hpa('web'), { now: 5, clock })).toBe([
      'Name:                                                  web',
      'Namespace:                                             default',
      'Labels:                                                <none>',
      'Annotations:                                           <none>',
      'CreationTimestamp:                                     Mon, 01 Jan 2024 00:00:00 +0000',
      'Reference:                                             Deployment/web',
      'Metrics:                                               ( current / target )',
      '  resource cpu on pods  (as a percentage of request):  <unknown> / 50%',
      'Min replicas:                                          1',
      'Max replicas:                                          10',
      'Deployment pods:                                       0 current / 0 desired',
      'Events:                                                <none>',
      '',
    ].join('\n'));
  });

  it('measured: the metric as "62% (124m) / 50%", the Conditions table and the Events', () => {
    const ev: KubeEvent = {
      metadata: { name: 'web.1', namespace: 'default' }, involvedObject: { kind: 'HorizontalPodAutoscaler', namespace: 'default', name: 'web' },
      reason: 'SuccessfulRescale', message: 'New size: 4; reason: cpu resource utilization (percentage of request) above target', source: { component: 'horizontal-pod-autoscaler' },
      firstTimestamp: '2024-01-01T00:00:30Z', lastTimestamp: '2024-01-01T00:00:30Z', count: 1, type: 'Normal', reportingComponent: '', reportingInstance: '',
    } as unknown as KubeEvent;
    expect(describeObject(measured(), { now: 95, clock, events: [ev] })).toBe([
      'Name:                                                  web',
      'Namespace:                                             default',
      'Labels:                                                <none>',
      'Annotations:                                           <none>',
      'CreationTimestamp:                                     Mon, 01 Jan 2024 00:00:00 +0000',
      'Reference:                                             Deployment/web',
      'Metrics:                                               ( current / target )',
      '  resource cpu on pods  (as a percentage of request):  62% (124m) / 50%',
      'Min replicas:                                          1',
      'Max replicas:                                          10',
      'Deployment pods:                                       4 current / 4 desired',
      'Conditions:',
      '  Type            Status  Reason              Message',
      '  ----            ------  ------              -------',
      '  AbleToScale     True    ReadyForNewScale    recommended size matches current size',
      '  ScalingActive   True    ValidMetricFound    the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)',
      '  ScalingLimited  False   DesiredWithinRange  the desired count is within the acceptable range',
      'Events:',
      '  Type    Reason             Age   From                       Message',
      '  ----    ------             ----  ----                       -------',
      '  Normal  SuccessfulRescale  65s   horizontal-pod-autoscaler  New size: 4; reason: cpu resource utilization (percentage of request) above target',
      '',
    ].join('\n'));
  });

  it('the Behavior block, every metric kind, labels', () => {
    const h = hpa('web', {
      metrics: [
        { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '200Mi' } } },
        { type: 'Pods', pods: { metric: { name: 'packets-per-second' }, target: { type: 'AverageValue', averageValue: '1k' } } },
        { type: 'Object', object: { describedObject: { kind: 'Ingress', name: 'main' }, metric: { name: 'requests-per-second' }, target: { type: 'Value', value: '10k' } } },
        { type: 'External', external: { metric: { name: 'queue' }, target: { type: 'AverageValue', averageValue: '30' } } },
        { type: 'ContainerResource', containerResource: { name: 'cpu', container: 'app', target: { type: 'Utilization', averageUtilization: 60 } } },
      ],
      behavior: {
        scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }] },
        scaleDown: { selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] },
      },
    });
    h.metadata.labels = { app: 'web' };
    const s = describeObject(h, { now: 5, clock })!;
    // One tabwriter: the Metrics lines align with the header lines; the last policy line, the
    // pods line and Events form the next column block (lines without a tab end a block).
    expect(s.split('\n').slice(6)).toEqual([
      'Metrics:                                                                  ( current / target )',
      '  resource memory on pods:                                                <unknown> / 200Mi',
      '  "packets-per-second" on pods:                                           <unknown> / 1k',
      '  "requests-per-second" on Ingress/main (target value):                   <unknown> / 10k',
      '  "queue" (target average value):                                         <unknown> / 30',
      '  resource cpu of container "app" on pods  (as a percentage of request):  <unknown> / 60%',
      'Min replicas:                                                             1',
      'Max replicas:                                                             10',
      'Behavior:',
      '  Scale Up:',
      '    Stabilization Window: 0 seconds',
      '    Select Policy: Max',
      '    Policies:',
      '      - Type: Pods     Value: 4    Period: 15 seconds',
      '      - Type: Percent  Value: 100  Period: 15 seconds',
      '  Scale Down:',
      '    Select Policy: Max',
      '    Policies:',
      '      - Type: Percent  Value: 100  Period: 15 seconds',
      'Deployment pods:       0 current / 0 desired',
      'Events:                <none>',
      '',
    ]);
    expect(s.split('\n')[2]).toMatch(/^Labels: +app=web$/);
  });
});
