// Builders for the HPA controller's tests (not used by the controller): a Deployment with a
// ReplicaSet and pods made by hand, HPAs, and fake metrics APIs over the view.
import { selectorMatches } from '../../api/labels.js';
import { Clock } from '../../api/time.js';
import type { Container, Deployment, HorizontalPodAutoscaler, HorizontalPodAutoscalerSpec, Pod, ReplicaSet } from '../../api/types.js';
import type { Answer, MetricSample, MetricsSource, PodMetrics } from '../../metrics/types.js';
import type { View } from '../../state/cluster.js';

export const clock = new Clock();
const LABELS = { app: 'web' };

export function deployment(name: string, replicas: number, containers: Container[] = [{ name: 'app', image: 'web:1', resources: { requests: { cpu: '100m' } } }]): Deployment {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'default', uid: `${name}-uid` },
    spec: { replicas, selector: { matchLabels: LABELS }, template: { metadata: { labels: LABELS }, spec: { containers } } },
    status: { replicas },
  };
}

export function replicaSet(dep: Deployment): ReplicaSet {
  return {
    apiVersion: 'apps/v1', kind: 'ReplicaSet',
    metadata: { name: `${dep.metadata.name}-rs`, namespace: 'default', uid: `${dep.metadata.name}-rs-uid`, labels: LABELS, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: dep.metadata.name, uid: dep.metadata.uid!, controller: true }] },
    spec: { replicas: dep.spec.replicas ?? 1, selector: { matchLabels: LABELS }, template: dep.spec.template },
    status: { replicas: dep.spec.replicas ?? 1 },
  };
}

/** A pod of the ReplicaSet, Running and Ready since `startTick`. */
export function pod(rs: ReplicaSet, i: number, o: { startTick?: number; ready?: boolean; containers?: Container[] } = {}): Pod {
  const at = clock.at(o.startTick ?? 0);
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name: `web-${i}`, namespace: 'default', labels: LABELS, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs.metadata.name, uid: rs.metadata.uid!, controller: true }] },
    spec: { containers: o.containers ?? rs.spec.template.spec.containers, nodeName: 'node-1' },
    status: { phase: 'Running', startTime: at, conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True', lastTransitionTime: at }] },
  };
}

/** A Deployment, its ReplicaSet and `n` ready pods. */
export function workload(n: number, containers?: Container[], podOptions: { startTick?: number } = {}): [Deployment, ReplicaSet, ...Pod[]] {
  const d = deployment('web', n, containers);
  const rs = replicaSet(d);
  return [d, rs, ...Array.from({ length: n }, (_, i) => pod(rs, i, podOptions))];
}

export function hpa(name: string, spec: Partial<HorizontalPodAutoscalerSpec> & { maxReplicas: number }): HorizontalPodAutoscaler {
  return {
    apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name, namespace: 'default' },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 1,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }],
      ...spec,
    },
    status: { currentReplicas: 0, desiredReplicas: 0 },
  };
}

export type Usage = (pod: Pod, tick: number) => number | undefined;

/**
 * Resource metrics as metrics-server serves them: every Running pod matching the selector whose
 * usage is defined, sampled now over 15 s, its usage split evenly over its containers; extra
 * samples for pods that do not exist (superfluous metrics).
 */
export function fakeMetrics(usage: Usage, extra: Record<string, number> = {}): (view: View, tick: number) => MetricsSource {
  return (view, tick) => {
    const none = <T>(error: string): Answer<T> => ({ ok: false, error });
    return {
      podResourceMetrics(namespace, selector) {
        const out = new Map<string, PodMetrics>();
        for (const p of view.list('Pod', namespace)) {
          if (p.status?.phase !== 'Running' || !selectorMatches(selector, p.metadata.labels)) continue;
          const u = usage(p, tick);
          if (u === undefined) continue;
          const n = p.spec.containers.length;
          out.set(p.metadata.name, { timestampTick: tick, windowSeconds: 15, containers: p.spec.containers.map((c) => ({ name: c.name, cpuMillis: u / n, memoryBytes: 0 })) });
        }
        for (const [name, u] of Object.entries(extra)) out.set(name, { timestampTick: tick, windowSeconds: 15, containers: [{ name: 'app', cpuMillis: u, memoryBytes: 0 }] });
        if (out.size === 0) return none('no metrics returned from resource metrics API');
        return { ok: true, value: out };
      },
      podsMetric: () => none<Map<string, MetricSample>>('no metrics returned from custom metrics API'),
      objectMetric: () => none<MetricSample>('unable to fetch metrics from custom metrics API: the server could not find the metric'),
      externalMetric: () => none<MetricSample>('no metrics returned from external metrics API'),
    };
  };
}
