// One pass of the eviction manager's control loop over one node, as a pure step from (thresholds,
// observations, remembered state, now) to (new state, pressure conditions, what to reclaim): the
// first half of managerImpl.synchronize (pkg/kubelet/eviction/eviction_manager.go v1.28).
// Differs: stats are always fresh (thresholdsUpdatedStats keeps every threshold); the order of
// met thresholds is canonical (byEvictionPriority made total).
import type { Threshold } from '../../api/kubeletconfig.js';
import type { EvictionRecord } from './record.js';
import { normalizeRecord } from './record.js';
import type { PressureCondition, ReclaimResource, SignalObservations } from './signals.js';
import {
  byEvictionPriority, mergeThresholds, nodeConditions, nodeConditionsLastObservedAt, nodeConditionsObservedSince,
  SIGNAL_TO_RESOURCE, thresholdKey, thresholdsFirstObservedAt, thresholdsMet, thresholdsMetGracePeriod,
} from './signals.js';

export interface SyncInput {
  thresholds: readonly Threshold[];
  observations: SignalObservations;
  /** the manager's memory from its previous syncs (undefined: none, or a restarted kubelet) */
  record: EvictionRecord | undefined;
  /** the tick the kubelet started (the record's identity) */
  since: number;
  now: number;
  /** evictionPressureTransitionPeriod, seconds */
  transitionPeriodSeconds: number;
}

export interface Reclaim {
  /** getReclaimableThreshold: the first met threshold in eviction priority */
  threshold: Threshold;
  resource: ReclaimResource;
  /** every threshold past its grace period, in eviction priority (evictionMessage reads them) */
  thresholds: Threshold[];
}

export interface SyncOutcome {
  /** what the manager remembers after this sync (undefined: nothing) */
  record: EvictionRecord | undefined;
  /** the node conditions that are True (observed within the transition period) */
  pressured: PressureCondition[];
  /** the resource to reclaim by evicting a pod, when a threshold is past its grace period */
  reclaim?: Reclaim;
}

/**
 * The thresholds met now, plus those met before whose minimum reclaim is not yet satisfied;
 * when each was first met and when each condition was last observed; the conditions within the
 * transition period; and the thresholds past their grace period.
 *
 * Worked example (memory.available<100Mi hard, minimum reclaim 200Mi, transition 300 s): at t=10
 * available 90Mi → met, MemoryPressure True, reclaim memory; at t=20 available 250Mi → 100Mi+200Mi
 * > 250Mi, still met (not yet reclaimed), evict again; at t=30 available 400Mi → resolved, nothing
 * to reclaim, MemoryPressure stays True until t=320 (the first sync with 320 − 20 ≥ 300).
 */
export function synchronize(input: SyncInput): SyncOutcome {
  const { observations, now, record } = input;
  let thresholds = thresholdsMet(input.thresholds, observations, false);
  if (record && record.met.length > 0) {
    const previouslyMet = input.thresholds.filter((t) => record.met.includes(thresholdKey(t)));
    thresholds = mergeThresholds(thresholds, thresholdsMet(previouslyMet, observations, true));
  }
  const firstObserved = thresholdsFirstObservedAt(thresholds, record?.firstObserved ?? {}, now);
  const observed = nodeConditions(thresholds);
  const lastObserved = nodeConditionsLastObservedAt(observed, record?.lastObserved ?? {}, now);
  const pressured = nodeConditionsObservedSince(lastObserved, input.transitionPeriodSeconds, now);
  // a condition past its transition period no longer matters: forget it (the sync that notices
  // writes the node anyway, to set the condition False)
  for (const c of Object.keys(lastObserved)) if (!pressured.includes(c as PressureCondition)) delete lastObserved[c];
  const graceMet = thresholdsMetGracePeriod(thresholds, firstObserved, now).sort(byEvictionPriority);
  const next = normalizeRecord({ since: input.since, syncedAt: now, firstObserved, lastObserved, met: graceMet.map(thresholdKey) });
  const out: SyncOutcome = { record: next, pressured };
  const first = graceMet[0];
  if (first) out.reclaim = { threshold: first, resource: SIGNAL_TO_RESOURCE[first.signal], thresholds: graceMet };
  return out;
}
