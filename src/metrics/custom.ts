// custom.metrics.k8s.io and external.metrics.k8s.io as a metrics adapter built on
// custom-metrics-apiserver (prometheus-adapter, KEDA …) would serve the scenario's series
// (SimConfig.spec.metrics); errors are the adapter's (custom-metrics-apiserver pkg/provider/errors.go)
// wrapped as the HPA's client does (pkg/controller/podautoscaler/metrics/client.go). Ours otherwise.
//
//   - Pods: the Running pods of the namespace matching the HPA's pod selector report the value of
//     the first series of that name whose selector matches them: `perPod` as is; `total` divided
//     evenly (truncated to milli-units, as the adapter's NewMilliQuantity(int64(v*1000)) does)
//     among the ready, not terminating pods matching the series' selector — a pod not ready (or
//     terminating) receives no load and reports 0. No series of that name, or none with a value
//     now for these pods: "the server could not find the metric N for pods"; no pod to report:
//     an empty list ("no metrics returned from custom metrics API").
//   - Object: the series of that name describing the object (kind and name); none, or no value
//     now: "the server could not find the metric N for <resource> <name>".
//   - External: the sum over the series of that name in the namespace whose labels match the
//     metric selector; no series of that name: "the server could not find the metric N for
//     provided labels"; none matching with a value now: an empty list ("no metrics returned from
//     external metrics API").
// Series carry no metric labels besides an External series' selector: a metric selector on a
// Pods or Object metric is not applied. Values are stamped now with no window (the HPA then
// assumes metricServerDefaultMetricWindow, one minute).
import { selectorMatches, selectorOfLabels } from '../api/labels.js';
import { milliValue } from '../api/quantity.js';
import type { CrossVersionObjectReference, LabelSelector, MetricSeries, Pod } from '../api/types.js';
import type { View } from '../state/cluster.js';
import { receivesLoad } from '../state/usage.js';
import { groupResource, pointAt } from './series.js';
import type { Answer, MetricSample } from './types.js';

/** metricServerDefaultMetricWindow: what the HPA assumes when a custom metric has no window */
export const DEFAULT_METRIC_WINDOW = 60;

export class CustomMetrics {
  private readonly series: readonly MetricSeries[];
  private readonly receivers = new Map<MetricSeries, number>();

  /** `podsIn`: the pods of a namespace (the caller caches the listing) */
  constructor(view: View, private readonly now: number, private readonly podsIn: (namespace: string) => readonly Pod[]) {
    this.series = view.count('SimConfig') > 0 ? view.config().metrics ?? [] : [];
  }

  private sample(milli: number): MetricSample {
    return { milli, timestampTick: this.now, windowSeconds: DEFAULT_METRIC_WINDOW };
  }

  /** The ready, not terminating pods a Pods series' `total` is shared by. */
  private receiverCount(s: MetricSeries): number {
    let n = this.receivers.get(s);
    if (n === undefined) {
      n = 0;
      const sel = selectorOfLabels(s.selector ?? {});
      for (const p of this.podsIn(s.namespace)) if (receivesLoad(p) && selectorMatches(sel, p.metadata.labels)) n++;
      this.receivers.set(s, n);
    }
    return n;
  }

  podsMetric(namespace: string, metricName: string, podSelector: LabelSelector): Answer<Map<string, MetricSample>> {
    const named = this.series.filter((s) => s.type === 'Pods' && s.name === metricName && s.namespace === namespace);
    const notFound: Answer<Map<string, MetricSample>> = { ok: false, error: `unable to fetch metrics from custom metrics API: the server could not find the metric ${metricName} for pods` };
    if (named.length === 0) return notFound;
    const out = new Map<string, MetricSample>();
    let pods = 0;
    for (const pod of this.podsIn(namespace)) {
      if (pod.status?.phase !== 'Running' || !selectorMatches(podSelector, pod.metadata.labels)) continue;
      pods++;
      for (const s of named) {
        if (!selectorMatches(selectorOfLabels(s.selector ?? {}), pod.metadata.labels)) continue;
        const p = pointAt(s, this.now);
        if (!p) continue;
        let milli: number;
        if (p.perPod !== undefined) milli = milliValue(p.perPod);
        else if (p.total !== undefined) {
          const n = this.receiverCount(s);
          milli = receivesLoad(pod) && n > 0 ? Math.trunc(milliValue(p.total) / n) : 0;
        } else continue;
        out.set(pod.metadata.name, this.sample(milli));
        break;
      }
    }
    if (pods === 0) return { ok: false, error: 'no metrics returned from custom metrics API' };
    return out.size > 0 ? { ok: true, value: out } : notFound;
  }

  objectMetric(namespace: string, described: CrossVersionObjectReference, metricName: string): Answer<MetricSample> {
    const s = this.series.find((x) => x.type === 'Object' && x.name === metricName && x.namespace === namespace
      && x.object?.name === described.name && x.object.kind.toLowerCase() === described.kind.toLowerCase());
    const p = s ? pointAt(s, this.now) : undefined;
    if (!p || p.value === undefined) {
      return { ok: false, error: `unable to fetch metrics from custom metrics API: the server could not find the metric ${metricName} for ${groupResource(described.kind, described.apiVersion)} ${described.name}` };
    }
    return { ok: true, value: this.sample(milliValue(p.value)) };
  }

  externalMetric(namespace: string, metricName: string, metricSelector?: LabelSelector): Answer<MetricSample> {
    const named = this.series.filter((s) => s.type === 'External' && s.name === metricName && s.namespace === namespace);
    if (named.length === 0) return { ok: false, error: `unable to fetch metrics from external metrics API: the server could not find the metric ${metricName} for provided labels` };
    let sum = 0;
    let found = 0;
    for (const s of named) {
      if (metricSelector && !selectorMatches(metricSelector, s.selector ?? {})) continue;
      const p = pointAt(s, this.now);
      if (!p || p.value === undefined) continue;
      sum += milliValue(p.value);
      found++;
    }
    if (found === 0) return { ok: false, error: 'no metrics returned from external metrics API' };
    return { ok: true, value: this.sample(sum) };
  }
}
