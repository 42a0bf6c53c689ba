// The metrics APIs the HPA reads, as interfaces: metrics.k8s.io (metrics-server), custom.metrics.k8s.io
// and external.metrics.k8s.io. src/metrics/index.ts derives them from the simulation (UsageModel, SimConfig.metrics).
import type { CrossVersionObjectReference, LabelSelector } from '../api/types.js';

/** metrics.k8s.io PodMetrics: one pod's sample as metrics-server serves it. */
export interface PodMetrics {
  /** the tick the sample was taken (its `timestamp`) */
  timestampTick: number;
  /** the window the usage was averaged over, seconds (its `window`) */
  windowSeconds: number;
  /** running containers only; cpu in millicores, memory in bytes */
  containers: { name: string; cpuMillis: number; memoryBytes: number }[];
}

/** One value of a custom or external metric in milli-units (a quantity's MilliValue). */
export interface MetricSample {
  milli: number;
  timestampTick: number;
  windowSeconds: number;
}

/**
 * What the metrics APIs answer, or the error the client returns. Error messages are the
 * API clients' own (pkg/controller/podautoscaler/metrics/client.go), e.g.
 * "no metrics returned from resource metrics API"; the HPA wraps them as upstream does
 * ("unable to get metrics for resource cpu: …").
 */
export type Answer<T> = { ok: true; value: T } | { ok: false; error: string };

export interface MetricsSource {
  /** resource metrics of the pods of `namespace` matching `selector`, by pod name (pods without a sample are absent) */
  podResourceMetrics(namespace: string, selector: LabelSelector): Answer<Map<string, PodMetrics>>;
  /** a Pods metric: per-pod values by pod name for the pods matching `podSelector` */
  podsMetric(namespace: string, metricName: string, podSelector: LabelSelector, metricSelector?: LabelSelector): Answer<Map<string, MetricSample>>;
  /** an Object metric of `described` in `namespace` */
  objectMetric(namespace: string, described: CrossVersionObjectReference, metricName: string, metricSelector?: LabelSelector): Answer<MetricSample>;
  /** an External metric: the sum over the series matching `metricSelector` */
  externalMetric(namespace: string, metricName: string, metricSelector?: LabelSelector): Answer<MetricSample>;
}
