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
 * selectorMatches memoised per (selector, label map): both are immutable objects that live across
 * syncs (an HPA's target selector, a pod's labels), and an HPA sync asks for every pod of the
 * namespace.
 */
const matchMemo = new WeakMap<LabelSelector, WeakMap<object, boolean>>();
const NO_LABELS = Object.freeze({});
function matchesCached(selector: LabelSelector, labels: Readonly<Record<string, string>> | undefined): boolean {
  let bySel = matchMemo.get(selector);
  if (!bySel) matchMemo.set(selector, (bySel = new WeakMap()));
  const key = labels ?? NO_LABELS;
  let hit = bySel.get(key);
  if (hit === undefined) {
    hit = selectorMatches(selector, labels);
    bySel.set(key, hit);
  }
  return hit;
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
  // an inverted index label=value → pods per namespace, built on the first selector query: an
  // HPA's matchLabels then looks at its own pods only, not at every pod of the namespace
  const indexes = new Map<string, Map<string, Pod[]>>();
  const candidates = (namespace: string, selector: LabelSelector): readonly Pod[] => {
    const pairs = Object.entries(selector.matchLabels ?? {});
    if (pairs.length === 0) return podsIn(namespace);
    let index = indexes.get(namespace);
    if (!index) {
      index = new Map();
      for (const pod of podsIn(namespace)) {
        for (const [k, v] of Object.entries(pod.metadata.labels ?? {})) {
          const key = `${k}=${v}`;
          const list = index.get(key);
          if (list) list.push(pod);
          else index.set(key, [pod]);
        }
      }
      indexes.set(namespace, index);
    }
    let best: readonly Pod[] | undefined;
    for (const [k, v] of pairs) {
      const list = index.get(`${k}=${v}`) ?? [];
      if (!best || list.length < best.length) best = list;
    }
    return best!; // still filtered by the whole selector below; in namespace list order
  };
  let scraper: Scraper | undefined;
  let custom: CustomMetrics | undefined;
  const customMetrics = (): CustomMetrics => (custom ??= new CustomMetrics(view, tick, podsIn));

  return {
    podResourceMetrics(namespace: string, selector: LabelSelector): Answer<Map<string, PodMetrics>> {
      scraper ??= new Scraper(view, tick, clock);
      const out = new Map<string, PodMetrics>();
      for (const pod of candidates(namespace, selector)) {
        if (!matchesCached(selector, pod.metadata.labels)) continue;
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
