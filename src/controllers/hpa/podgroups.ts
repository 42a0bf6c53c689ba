// Which pods count for a metric: groupPods, calculatePodRequests and removeMetricsForPods of
// pkg/controller/podautoscaler/replica_calculator.go (v1.28). Times are ticks; an absent
// timestamp is Go's zero time (year 1), ZERO_TIME_TICK here, so arithmetic on it behaves alike.
import { getCondition } from '../../api/podutil.js';
import { milliValue } from '../../api/quantity.js';
import type { Clock } from '../../api/time.js';
import type { Pod } from '../../api/types.js';
import type { PodMetricsInfo, Result } from './utilization.js';

/** metav1.Time{} — long before any simulated tick, yet finite so that `zero + window` is still before any sample. */
export const ZERO_TIME_TICK = -1e15;

/** A pod's start and readiness-transition ticks, parsed once per (immutable) pod object. */
const podTimes = new WeakMap<Pod, { start: number; transition: number }>();

function timesOf(pod: Pod, startTime: string, transitionTime: string | undefined, clock: Clock): { start: number; transition: number } {
  let t = podTimes.get(pod);
  if (!t) {
    t = { start: clock.tickOf(startTime), transition: transitionTime ? clock.tickOf(transitionTime) : ZERO_TIME_TICK };
    podTimes.set(pod, t);
  }
  return t;
}

export interface PodGroups {
  readyPodCount: number;
  unreadyPods: Set<string>;
  missingPods: Set<string>;
  ignoredPods: Set<string>;
}

export interface ReadinessTiming {
  /** --horizontal-pod-autoscaler-cpu-initialization-period */
  cpuInitializationPeriodSeconds: number;
  /** --horizontal-pod-autoscaler-initial-readiness-delay */
  delayOfInitialReadinessStatusSeconds: number;
}

/**
 * groupPods, per pod in this order: being deleted or Failed → ignored; Pending → unready; no metric
 * → missing; for cpu only, readiness decides:
 *   - no Ready condition or no startTime → unready;
 *   - still within the cpu initialization period (start + period > now): unready when Ready=False
 *     or when the sample was taken before one full window after the last readiness transition;
 *   - afterwards: unready only when Ready=False and it has never been ready (the transition is
 *     within the initial readiness delay of the start).
 * Everything else is ready.
 */
export function groupPods(pods: readonly Pod[], metrics: PodMetricsInfo, resource: string, timing: ReadinessTiming, nowTick: number, clock: Clock): PodGroups {
  const g: PodGroups = { readyPodCount: 0, unreadyPods: new Set(), missingPods: new Set(), ignoredPods: new Set() };
  for (const pod of pods) {
    const name = pod.metadata.name;
    if (pod.metadata.deletionTimestamp !== undefined || pod.status?.phase === 'Failed') {
      g.ignoredPods.add(name);
      continue;
    }
    // Pending pods are ignored.
    if (pod.status?.phase === 'Pending') {
      g.unreadyPods.add(name);
      continue;
    }
    const metric = metrics.get(name);
    if (!metric) {
      g.missingPods.add(name);
      continue;
    }
    if (resource === 'cpu') {
      const condition = getCondition(pod, 'Ready');
      const startTime = pod.status?.startTime;
      let unready: boolean;
      if (!condition || startTime === undefined) {
        unready = true;
      } else {
        const { start, transition } = timesOf(pod, startTime, condition.lastTransitionTime, clock);
        if (start + timing.cpuInitializationPeriodSeconds > nowTick) {
          // Ignore sample if pod is unready or one window of metric wasn't collected since last state transition.
          unready = condition.status === 'False' || metric.timestampTick < transition + metric.windowSeconds;
        } else {
          // Ignore metric if pod is unready and it has never been ready.
          unready = condition.status === 'False' && start + timing.delayOfInitialReadinessStatusSeconds > transition;
        }
      }
      if (unready) {
        g.unreadyPods.add(name);
        continue;
      }
    }
    g.readyPodCount++;
  }
  return g;
}

/**
 * calculatePodRequests: per pod, Σ the containers' requests of `resource` (milli-units), or of the
 * one named container; any container (of those considered) without a request is an error.
 */
export function calculatePodRequests(pods: readonly Pod[], container: string, resource: string): Result<{ requests: Map<string, number> }> {
  const requests = new Map<string, number>();
  for (const pod of pods) {
    let podSum = 0;
    for (const c of pod.spec.containers) {
      if (container !== '' && container !== c.name) continue;
      const q = c.resources?.requests?.[resource];
      if (q === undefined) return { ok: false, error: `missing request for ${resource} in container ${c.name} of Pod ${pod.metadata.name}` };
      podSum += milliValue(q);
    }
    requests.set(pod.metadata.name, podSum);
  }
  return { ok: true, requests };
}

export function removeMetricsForPods(metrics: PodMetricsInfo, pods: ReadonlySet<string>): void {
  for (const pod of pods) metrics.delete(pod);
}
