// The replica calculator: a replica count from one metric (pkg/controller/podautoscaler/
// replica_calculator.go, v1.28). Differs: the pods are passed in (listed once per sync by the
// controller, sorted by name) instead of read from a pod lister; the result also counts the pods.
import type { Clock } from '../../api/time.js';
import { isPodReady } from '../../api/podutil.js';
import type { CrossVersionObjectReference, LabelSelector, Pod } from '../../api/types.js';
import { goLabelSelector, labelSelectorError } from './gofmt.js';
import type { MetricsClient } from './metricsclient.js';
import { calculatePodRequests, groupPods, removeMetricsForPods, type PodGroups, type ReadinessTiming } from './podgroups.js';
import { getMetricUsageRatio, getResourceUtilizationRatio, type PodMetricsInfo, type Result } from './utilization.js';

export interface CalculatorOptions extends ReadinessTiming {
  /** --horizontal-pod-autoscaler-tolerance */
  tolerance: number;
}

/** How the pods of a per-pod metric were counted (for the decision record). */
export interface PodCounts {
  ready: number;
  unready: number;
  missing: number;
  ignored: number;
}

const NO_PODS = 'no pods returned by selector while calculating replica count';

function counts(g: PodGroups): PodCounts {
  return { ready: g.readyPodCount, unready: g.unreadyPods.size, missing: g.missingPods.size, ignored: g.ignoredPods.size };
}

export class ReplicaCalculator {
  constructor(
    private readonly client: MetricsClient,
    private readonly opts: CalculatorOptions,
    private readonly nowTick: number,
    private readonly clock: Clock,
  ) {}

  /**
   * GetResourceReplicas: the replica count for a target utilization (percent of request) of a
   * resource, from the ready pods' samples; missing samples and unready pods are filled in so as
   * to dampen the change (§3.3), and a fill that would reverse the direction keeps the count.
   * Worked (HPA-RC-26): pod0 unready; pods 1,2 use 400m of 6000m → 6 %, ratio 0.02; missing pod3
   * filled at 4000m × max(100, 300) % = 12000m → 12400/10000 = 124 % → 0.413 × 3 → 2.
   */
  getResourceReplicas(currentReplicas: number, targetUtilization: number, resource: string, namespace: string, selector: LabelSelector, container: string, pods: readonly Pod[]):
    Result<{ replicas: number; utilization: number; rawUtilization: number; counts: PodCounts }> {
    const fetched = this.client.getResourceMetric(resource, namespace, selector, container);
    if (!fetched.ok) return { ok: false, error: `unable to get metrics for resource ${resource}: ${fetched.error}` };
    const metrics = fetched.metrics;
    if (pods.length === 0) return { ok: false, error: NO_PODS };

    const g = groupPods(pods, metrics, resource, this.opts, this.nowTick, this.clock);
    removeMetricsForPods(metrics, g.ignoredPods);
    removeMetricsForPods(metrics, g.unreadyPods);
    const req = calculatePodRequests(pods, container, resource);
    if (!req.ok) return req;
    const requests = req.requests;
    if (metrics.size === 0) return { ok: false, error: 'did not receive metrics for any ready pods' };

    const first = getResourceUtilizationRatio(metrics, requests, targetUtilization);
    if (!first.ok) return first;
    const { ratio: usageRatio, utilization, rawAverage: rawUtilization } = first;
    const done = (replicas: number) => ({ ok: true as const, replicas, utilization, rawUtilization, counts: counts(g) });

    const scaleUpWithUnready = g.unreadyPods.size > 0 && usageRatio > 1.0;
    if (!scaleUpWithUnready && g.missingPods.size === 0) {
      // return the current replicas if the change would be too small
      if (Math.abs(1.0 - usageRatio) <= this.opts.tolerance) return done(currentReplicas);
      // if we don't have any unready or missing pods, we can calculate the new replica count now
      return done(Math.ceil(usageRatio * g.readyPodCount));
    }
    if (g.missingPods.size > 0) {
      if (usageRatio < 1.0) {
        // on a scale-down, treat missing pods as using 100% (all) of the resource request
        // or the utilization target for targets higher than 100%
        const fallbackUtilization = Math.max(100, targetUtilization);
        for (const pod of g.missingPods) metrics.set(pod, { timestampTick: 0, windowSeconds: 0, value: Math.trunc((requests.get(pod)! * fallbackUtilization) / 100) });
      } else if (usageRatio > 1.0) {
        // on a scale-up, treat missing pods as using 0% of the resource request
        for (const pod of g.missingPods) metrics.set(pod, { timestampTick: 0, windowSeconds: 0, value: 0 });
      }
    }
    // on a scale-up, treat unready pods as using 0% of the resource request
    if (scaleUpWithUnready) for (const pod of g.unreadyPods) metrics.set(pod, { timestampTick: 0, windowSeconds: 0, value: 0 });

    // re-run the utilization calculation with our new numbers
    const second = getResourceUtilizationRatio(metrics, requests, targetUtilization);
    if (!second.ok) return second;
    const newUsageRatio = second.ratio;
    if (Math.abs(1.0 - newUsageRatio) <= this.opts.tolerance || (usageRatio < 1.0 && newUsageRatio > 1.0) || (usageRatio > 1.0 && newUsageRatio < 1.0)) {
      // return the current replicas if the change would be too small,
      // or if the new usage ratio would cause a change in scale direction
      return done(currentReplicas);
    }
    const newReplicas = Math.ceil(newUsageRatio * metrics.size);
    if ((newUsageRatio < 1.0 && newReplicas > currentReplicas) || (newUsageRatio > 1.0 && newReplicas < currentReplicas)) {
      // return the current replicas if the change of metrics length would cause a change in scale direction
      return done(currentReplicas);
    }
    // return the result, where the number of replicas considered is
    // however many replicas factored into our calculation
    return done(newReplicas);
  }

  /** GetRawResourceReplicas: a target average value (milli-units per pod) of a resource. */
  getRawResourceReplicas(currentReplicas: number, targetUsage: number, resource: string, namespace: string, selector: LabelSelector, container: string, pods: readonly Pod[]):
    Result<{ replicas: number; usage: number; counts: PodCounts }> {
    const fetched = this.client.getResourceMetric(resource, namespace, selector, container);
    if (!fetched.ok) return { ok: false, error: `unable to get metrics for resource ${resource}: ${fetched.error}` };
    return this.calcPlainMetricReplicas(fetched.metrics, currentReplicas, targetUsage, resource, pods);
  }

  /** GetMetricReplicas: a Pods metric with a target average value. */
  getMetricReplicas(currentReplicas: number, targetUsage: number, metricName: string, namespace: string, selector: LabelSelector, metricSelector: LabelSelector | undefined, pods: readonly Pod[]):
    Result<{ replicas: number; usage: number; counts: PodCounts }> {
    const fetched = this.client.getRawMetric(metricName, namespace, selector, metricSelector);
    if (!fetched.ok) return { ok: false, error: `unable to get metric ${metricName}: ${fetched.error}` };
    return this.calcPlainMetricReplicas(fetched.metrics, currentReplicas, targetUsage, '', pods);
  }

  /**
   * calcPlainMetricReplicas: as GetResourceReplicas over the average value; a missing pod counts as
   * the target on a scale-down and 0 on a scale-up; readiness matters only for cpu.
   */
  private calcPlainMetricReplicas(metrics: PodMetricsInfo, currentReplicas: number, targetUsage: number, resource: string, pods: readonly Pod[]):
    Result<{ replicas: number; usage: number; counts: PodCounts }> {
    if (pods.length === 0) return { ok: false, error: NO_PODS };
    const g = groupPods(pods, metrics, resource, this.opts, this.nowTick, this.clock);
    removeMetricsForPods(metrics, g.ignoredPods);
    removeMetricsForPods(metrics, g.unreadyPods);
    if (metrics.size === 0) return { ok: false, error: 'did not receive metrics for any ready pods' };

    const { ratio: usageRatio, usage } = getMetricUsageRatio(metrics, targetUsage);
    const done = (replicas: number) => ({ ok: true as const, replicas, usage, counts: counts(g) });
    const scaleUpWithUnready = g.unreadyPods.size > 0 && usageRatio > 1.0;
    if (!scaleUpWithUnready && g.missingPods.size === 0) {
      if (Math.abs(1.0 - usageRatio) <= this.opts.tolerance) return done(currentReplicas);
      return done(Math.ceil(usageRatio * g.readyPodCount));
    }
    if (g.missingPods.size > 0) {
      // on a scale-down, treat missing pods as using 100% of the resource request; on a scale-up, 0%
      if (usageRatio < 1.0) for (const pod of g.missingPods) metrics.set(pod, { timestampTick: 0, windowSeconds: 0, value: targetUsage });
      else if (usageRatio > 1.0) for (const pod of g.missingPods) metrics.set(pod, { timestampTick: 0, windowSeconds: 0, value: 0 });
    }
    if (scaleUpWithUnready) for (const pod of g.unreadyPods) metrics.set(pod, { timestampTick: 0, windowSeconds: 0, value: 0 });

    const newUsageRatio = getMetricUsageRatio(metrics, targetUsage).ratio;
    if (Math.abs(1.0 - newUsageRatio) <= this.opts.tolerance || (usageRatio < 1.0 && newUsageRatio > 1.0) || (usageRatio > 1.0 && newUsageRatio < 1.0)) {
      return done(currentReplicas);
    }
    const newReplicas = Math.ceil(newUsageRatio * metrics.size);
    if ((newUsageRatio < 1.0 && newReplicas > currentReplicas) || (newUsageRatio > 1.0 && newReplicas < currentReplicas)) return done(currentReplicas);
    return done(newReplicas);
  }

  /** GetObjectMetricReplicas: an Object metric with a Value target; scales the ready pods by usage/target. */
  getObjectMetricReplicas(currentReplicas: number, targetUsage: number, metricName: string, namespace: string, ref: CrossVersionObjectReference, pods: readonly Pod[], metricSelector: LabelSelector | undefined):
    Result<{ replicas: number; usage: number; ready?: number }> {
    const got = this.client.getObjectMetric(metricName, namespace, ref, metricSelector);
    // upstream's argument order: "unable to get metric <name>: <kind> on <namespace> <name>/<error>"
    if (!got.ok) return { ok: false, error: `unable to get metric ${metricName}: ${ref.kind} on ${namespace} ${ref.name}/${got.error}` };
    const r = this.getUsageRatioReplicaCount(currentReplicas, got.value / targetUsage, pods);
    return r.ok ? { ok: true, replicas: r.replicas, usage: got.value, ...(r.ready !== undefined ? { ready: r.ready } : {}) } : r;
  }

  /**
   * getUsageRatioReplicaCount: ceil(ratio × ready pods) outside the tolerance; from zero replicas,
   * ceil(ratio) without tolerance (scale to or from zero).
   */
  private getUsageRatioReplicaCount(currentReplicas: number, usageRatio: number, pods: readonly Pod[]): Result<{ replicas: number; ready?: number }> {
    if (currentReplicas === 0) return { ok: true, replicas: Math.ceil(usageRatio) };
    if (Math.abs(1.0 - usageRatio) <= this.opts.tolerance) return { ok: true, replicas: currentReplicas };
    if (pods.length === 0) return { ok: false, error: `unable to calculate ready pods: ${NO_PODS}` };
    const ready = getReadyPodsCount(pods);
    return { ok: true, replicas: Math.ceil(usageRatio * ready), ready };
  }

  /**
   * GetObjectPerPodMetricReplicas: an Object metric with an AverageValue target, against the
   * target's status.replicas. Reported usage = ceil(value / status replicas).
   */
  getObjectPerPodMetricReplicas(statusReplicas: number, targetAverageUsage: number, metricName: string, namespace: string, ref: CrossVersionObjectReference, metricSelector: LabelSelector | undefined):
    Result<{ replicas: number; usage: number }> {
    const got = this.client.getObjectMetric(metricName, namespace, ref, metricSelector);
    if (!got.ok) return { ok: false, error: `unable to get metric ${metricName}: ${ref.kind} on ${namespace} ${ref.name}/${got.error}` };
    return { ok: true, ...this.perPod(statusReplicas, got.value, targetAverageUsage) };
  }

  /** GetExternalMetricReplicas: an External metric with a Value target (the sum of the matching series). */
  getExternalMetricReplicas(currentReplicas: number, targetUsage: number, metricName: string, namespace: string, metricSelector: LabelSelector | undefined, pods: readonly Pod[]):
    Result<{ replicas: number; usage: number; ready?: number }> {
    const got = this.externalUsage(metricName, namespace, metricSelector);
    if (!got.ok) return got;
    const r = this.getUsageRatioReplicaCount(currentReplicas, got.usage / targetUsage, pods);
    return r.ok ? { ok: true, replicas: r.replicas, usage: got.usage, ...(r.ready !== undefined ? { ready: r.ready } : {}) } : r;
  }

  /** GetExternalPerPodMetricReplicas: an External metric with an AverageValue target. */
  getExternalPerPodMetricReplicas(statusReplicas: number, targetUsagePerPod: number, metricName: string, namespace: string, metricSelector: LabelSelector | undefined):
    Result<{ replicas: number; usage: number }> {
    const got = this.externalUsage(metricName, namespace, metricSelector);
    if (!got.ok) return got;
    return { ok: true, ...this.perPod(statusReplicas, got.usage, targetUsagePerPod) };
  }

  private externalUsage(metricName: string, namespace: string, metricSelector: LabelSelector | undefined): Result<{ usage: number }> {
    const invalid = labelSelectorError(metricSelector);
    if (invalid !== undefined) return { ok: false, error: invalid };
    const got = this.client.getExternalMetric(metricName, namespace, metricSelector);
    if (!got.ok) return { ok: false, error: `unable to get external metric ${namespace}/${metricName}/${goLabelSelector(metricSelector)}: ${got.error}` };
    return { ok: true, usage: got.values.reduce((a, b) => a + b, 0) };
  }

  /**
   * The per-pod (AverageValue) rule of Object and External metrics: ratio = usage / (target ×
   * status replicas); outside the tolerance the count is ceil(usage / target).
   * Worked (HPA-RC-42): 8600 / (2150 × 3) = 1.33 → ceil(8600 / 2150) = 4; usage ceil(8600 / 3) = 2867.
   * Differs: with status.replicas 0 upstream divides by zero (int64(+Inf)); here the usage is the total.
   */
  private perPod(statusReplicas: number, usage: number, target: number): { replicas: number; usage: number } {
    let replicas = statusReplicas;
    const usageRatio = usage / (target * replicas);
    // update number of replicas if the change is large enough
    if (Math.abs(1.0 - usageRatio) > this.opts.tolerance) replicas = Math.ceil(usage / target);
    return { replicas, usage: statusReplicas > 0 ? Math.ceil(usage / statusReplicas) : usage };
  }
}

/** getReadyPodsCount: pods Running with Ready=True. */
export function getReadyPodsCount(pods: readonly Pod[]): number {
  let n = 0;
  for (const pod of pods) if (pod.status?.phase === 'Running' && isPodReady(pod)) n++;
  return n;
}
