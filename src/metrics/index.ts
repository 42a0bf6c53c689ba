// The metrics APIs the HPA (and `kreplay top`) read, derived from the simulation at one tick:
// metrics.k8s.io from the UsageModel as metrics-server serves it (resource.ts), custom and external
// metrics from the scenario's series (custom.ts). Deterministic: a function of the view and the tick.
import type { Clock } from '../api/time.js';
import { selectorMatches } from '../api/labels.js';
import type { CrossVersionObjectReference, LabelSelector, Pod } from '../api/types.js';
import type { View } from '../state/cluster.js';
import { CustomMetrics } from './custom.js';
import { nanosToMillis, Scraper } from './resource.js';
import type { Answer, MetricSample, MetricsSource, PodMetrics } from './types.js';

export type { Answer, MetricSample, MetricsSource, PodMetrics } from './types.js';
export { lastScrape, METRIC_RESOLUTION, FRESH_CONTAINER_MIN, nanosToMillis, Scraper } from './resource.js';
export type { ContainerSample, NodeSample, ResourceSample } from './resource.js';
export { DEFAULT_METRIC_WINDOW } from './custom.js';
export { addPoint, groupResource, normalizeKind, pointAt, sameSeries, seriesLabel, valueLabel } from './series.js';
export type { MetricSeriesId, MetricValue } from './series.js';

/** A pod's resource sample in the interface's units (millicores per container). */
export function toPodMetrics(s: { timestampTick: number; windowSeconds: number; containers: { name: string; cpuNanos: number; memoryBytes: number }[] }): PodMetrics {
  return {
    timestampTick: s.timestampTick,
    windowSeconds: s.windowSeconds,
    containers: s.containers.map((c) => ({ name: c.name, cpuMillis: nanosToMillis(c.cpuNanos), memoryBytes: c.memoryBytes })),
  };
}

/**
 * The metrics APIs at `tick`. Build one per sync: it lists each namespace's pods once and keeps
 * the samples it computed for its own lifetime.
 */
export function metricsFor(view: View, tick: number, clock: Clock): MetricsSource {
  const listed = new Map<string, Pod[]>();
  const podsIn = (namespace: string): Pod[] => {
    let pods = listed.get(namespace);
    if (!pods) {
      pods = view.list('Pod', namespace);
      listed.set(namespace, pods);
    }
    return pods;
  };
  let scraper: Scraper | undefined;
  let custom: CustomMetrics | undefined;
  const customMetrics = (): CustomMetrics => (custom ??= new CustomMetrics(view, tick, podsIn));

  return {
    podResourceMetrics(namespace: string, selector: LabelSelector): Answer<Map<string, PodMetrics>> {
      scraper ??= new Scraper(view, tick, clock);
      const out = new Map<string, PodMetrics>();
      for (const pod of podsIn(namespace)) {
        if (!selectorMatches(selector, pod.metadata.labels)) continue;
        const s = scraper.podSample(pod);
        if (s) out.set(pod.metadata.name, toPodMetrics(s));
      }
      if (out.size === 0) return { ok: false, error: 'no metrics returned from resource metrics API' };
      return { ok: true, value: out };
    },
    podsMetric(namespace: string, metricName: string, podSelector: LabelSelector): Answer<Map<string, MetricSample>> {
      return customMetrics().podsMetric(namespace, metricName, podSelector);
    },
    objectMetric(namespace: string, described: CrossVersionObjectReference, metricName: string): Answer<MetricSample> {
      return customMetrics().objectMetric(namespace, described, metricName);
    },
    externalMetric(namespace: string, metricName: string, metricSelector?: LabelSelector): Answer<MetricSample> {
      return customMetrics().externalMetric(namespace, metricName, metricSelector);
    },
  };
}
