// The HPA's metrics client over the simulated metrics APIs: PodMetrics → per-pod values of one
// resource (pkg/controller/podautoscaler/metrics/client.go, v1.28: getPodMetrics, getContainerMetrics,
// the custom and external clients). Errors from the source are already the clients' own text.
import type { CrossVersionObjectReference, LabelSelector } from '../../api/types.js';
import type { MetricsSource, PodMetrics } from '../../metrics/types.js';
import type { PodMetricsInfo, Result } from './utilization.js';

export interface MetricsClient {
  /** GetResourceMetric: the pods' usage of `resource` (cpu millicores, memory milli-bytes), one container or all */
  getResourceMetric(resource: string, namespace: string, selector: LabelSelector, container: string): Result<{ metrics: PodMetricsInfo }>;
  /** GetRawMetric: a Pods metric per pod */
  getRawMetric(metricName: string, namespace: string, selector: LabelSelector, metricSelector: LabelSelector | undefined): Result<{ metrics: PodMetricsInfo }>;
  /** GetObjectMetric */
  getObjectMetric(metricName: string, namespace: string, ref: CrossVersionObjectReference, metricSelector: LabelSelector | undefined): Result<{ value: number }>;
  /** GetExternalMetric: the values of the matching series (here: their sum, as one value) */
  getExternalMetric(metricName: string, namespace: string, metricSelector: LabelSelector | undefined): Result<{ values: number[] }>;
}

/** A container's usage of `resource` as Quantity.MilliValue(); undefined when not reported. */
function usageMilli(c: PodMetrics['containers'][number], resource: string): number | undefined {
  if (resource === 'cpu') return c.cpuMillis;
  if (resource === 'memory') return c.memoryBytes * 1000;
  return undefined; // metrics-server serves cpu and memory only
}

/** getPodMetrics: the sum over containers; a pod with no containers or a container without the resource is left out. */
function getPodMetrics(raw: ReadonlyMap<string, PodMetrics>, resource: string): PodMetricsInfo {
  const res: PodMetricsInfo = new Map();
  for (const [name, m] of raw) {
    let sum = 0;
    let missing = m.containers.length === 0;
    for (const c of m.containers) {
      const v = usageMilli(c, resource);
      if (v === undefined) {
        missing = true;
        break;
      }
      sum += v;
    }
    if (!missing) res.set(name, { timestampTick: m.timestampTick, windowSeconds: m.windowSeconds, value: sum });
  }
  return res;
}

/** getContainerMetrics: one container's usage; a pod whose metrics lack the container is an error. */
function getContainerMetrics(raw: ReadonlyMap<string, PodMetrics>, resource: string, container: string, namespace: string): Result<{ metrics: PodMetricsInfo }> {
  const res: PodMetricsInfo = new Map();
  for (const name of [...raw.keys()].sort()) {
    const m = raw.get(name)!;
    const c = m.containers.find((x) => x.name === container);
    if (!c) return { ok: false, error: `container ${container} not present in metrics for pod ${namespace}/${name}` };
    const v = usageMilli(c, resource);
    if (v !== undefined) res.set(name, { timestampTick: m.timestampTick, windowSeconds: m.windowSeconds, value: v });
  }
  return { ok: true, metrics: res };
}

/** The REST metrics client (resource, custom and external) over a MetricsSource. */
export function restMetricsClient(source: MetricsSource): MetricsClient {
  return {
    getResourceMetric(resource, namespace, selector, container) {
      const a = source.podResourceMetrics(namespace, selector);
      if (!a.ok) return { ok: false, error: a.error };
      if (a.value.size === 0) return { ok: false, error: 'no metrics returned from resource metrics API' };
      if (container === '') return { ok: true, metrics: getPodMetrics(a.value, resource) };
      const r = getContainerMetrics(a.value, resource, container, namespace);
      return r.ok ? r : { ok: false, error: `failed to get container metrics: ${r.error}` };
    },
    getRawMetric(metricName, namespace, selector, metricSelector) {
      const a = source.podsMetric(namespace, metricName, selector, metricSelector);
      if (!a.ok) return { ok: false, error: a.error };
      if (a.value.size === 0) return { ok: false, error: 'no metrics returned from custom metrics API' };
      const metrics: PodMetricsInfo = new Map();
      for (const [pod, s] of a.value) metrics.set(pod, { timestampTick: s.timestampTick, windowSeconds: s.windowSeconds, value: s.milli });
      return { ok: true, metrics };
    },
    getObjectMetric(metricName, namespace, ref, metricSelector) {
      const a = source.objectMetric(namespace, ref, metricName, metricSelector);
      return a.ok ? { ok: true, value: a.value.milli } : { ok: false, error: a.error };
    },
    getExternalMetric(metricName, namespace, metricSelector) {
      const a = source.externalMetric(namespace, metricName, metricSelector);
      return a.ok ? { ok: true, values: [a.value.milli] } : { ok: false, error: a.error };
    },
  };
}
