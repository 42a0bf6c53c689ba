// Utilization and usage ratios of per-pod metrics (pkg/controller/podautoscaler/metrics/utilization.go,
// v1.28). Values are milli-units; Go's int64 divisions truncate (Math.trunc of non-negative values).

/** metricsclient.PodMetric: one pod's value (milli-units) and the sample's time. */
export interface PodMetric {
  timestampTick: number;
  windowSeconds: number;
  value: number;
}

/** metricsclient.PodMetricsInfo: by pod name. */
export type PodMetricsInfo = Map<string, PodMetric>;

export type Result<T> = ({ ok: true } & T) | { ok: false; error: string };

/**
 * GetResourceUtilizationRatio: utilization = int(Σ metric × 100 / Σ request) over the pods that
 * have both; ratio = utilization / target; raw average = Σ metric / count.
 * Worked: metrics 600m+1000m+1400m, requests 3 × 2000m → 3000×100/6000 = 50 %, target 30 → 1.667.
 */
export function getResourceUtilizationRatio(
  metrics: PodMetricsInfo, requests: ReadonlyMap<string, number>, targetUtilization: number,
): Result<{ ratio: number; utilization: number; rawAverage: number }> {
  let metricsTotal = 0;
  let requestsTotal = 0;
  let numEntries = 0;
  for (const [pod, metric] of metrics) {
    const request = requests.get(pod);
    // we check for missing requests elsewhere, so assuming missing requests == extraneous metrics
    if (request === undefined) continue;
    metricsTotal += metric.value;
    requestsTotal += request;
    numEntries++;
  }
  // if the set of requests is completely disjoint from the set of metrics,
  // then we could have an issue where the requests total is zero
  if (requestsTotal === 0) return { ok: false, error: 'no metrics returned matched known pods' };
  const utilization = Math.trunc((metricsTotal * 100) / requestsTotal);
  return { ok: true, ratio: utilization / targetUtilization, utilization, rawAverage: Math.trunc(metricsTotal / numEntries) };
}

/** GetMetricUsageRatio: usage = int(Σ metric / count) (every entry, known pod or not); ratio = usage / target. */
export function getMetricUsageRatio(metrics: PodMetricsInfo, targetUsage: number): { ratio: number; usage: number } {
  let total = 0;
  for (const m of metrics.values()) total += m.value;
  const usage = Math.trunc(total / metrics.size);
  return { ratio: usage / targetUsage, usage };
}
