// The writes of one HPA sync, in upstream's order: the Warning Events raised while computing, the
// scale update (SuccessfulRescale), the HPA status update (updateStatusIfNeeded) with the
// controller's memory (sim.hpa), then FailedComputeMetricsReplicas. When the status, the memory
// and the scale are all unchanged, only the Warning Events are recorded (as upstream, every sync).
import type { HorizontalPodAutoscaler, HorizontalPodAutoscalerStatus, Json } from '../../api/types.js';
import type { KubeEventNote } from '../../state/events.js';
import { refOf } from '../../state/events.js';
import { jsonEqual } from '../../state/patch.js';
import type { TimestampedScaleEvent } from './behavior.js';
import { decisionJson, type HpaDecision } from './decision.js';
import { materialize, memoryJson, SIM_KEY, storeRecommendation, type HpaMemory } from './memory.js';
import type { Warning } from './metrics.js';
import type { SyncEnv } from './reconcile.js';
import type { Scale } from './scale.js';

export const HPA_CONTROLLER_NAME = 'horizontal-pod-autoscaler';
/** v1.EventSource{Component: "horizontal-pod-autoscaler"} */
export const HPA_EVENT_SOURCE = 'horizontal-pod-autoscaler';

/** What the sync did to the recommendations: recordInitialRecommendation, and the stabilization's record. */
export interface MemoryAction {
  initial: boolean;
  /** scale.spec.replicas (the initial recommendation) */
  current?: number;
  /** the prenormalized recommendation the stabilization recorded */
  store?: number;
}

export interface CommitArgs {
  env: SyncEnv;
  hpa: HorizontalPodAutoscaler;
  memory: HpaMemory | undefined;
  stale: number;
  status: HorizontalPodAutoscalerStatus;
  action: MemoryAction;
  pre: Warning[];
  post?: Warning[];
  decision: HpaDecision;
  rescale?: { scale: Scale; to: number; reason: string };
  /** the scale-event histories after storeScaleEvent */
  events?: { up: TimestampedScaleEvent[]; down: TimestampedScaleEvent[] };
}

/** Does the stored record already describe this sync (it repeated what the record says later syncs do)? */
export function memoryConsistent(m: HpaMemory | undefined, a: MemoryAction, stale: number): boolean {
  if (a.initial) return false;
  if (!m) return a.store === undefined;
  return a.store === undefined ? m.repeat === undefined : m.repeat === a.store && m.stale === stale;
}

/**
 * The record after this sync: upstream's exact list (replayed), this sync's records applied.
 * recordInitialRecommendation's time.Now() is a moment before the stabilization's own: the initial
 * entry is stamped half a tick earlier, so that a zero window already treats it as old, as upstream does.
 */
export function nextMemory(m: HpaMemory | undefined, a: MemoryAction, stale: number, nowTick: number, periodSeconds: number,
  events: { up: TimestampedScaleEvent[]; down: TimestampedScaleEvent[] } | undefined): HpaMemory {
  let recs = m ? materialize(m, nowTick, periodSeconds) : undefined;
  if (a.initial) recs = [{ recommendation: a.current ?? 0, tick: nowTick - 0.5 }];
  if (a.store !== undefined) storeRecommendation(recs!, a.store, stale, nowTick);
  return { recs, at: nowTick, repeat: a.store, stale, up: events?.up ?? m?.up ?? [], down: events?.down ?? m?.down ?? [] };
}

function warning(w: Warning): KubeEventNote {
  return { type: 'Warning', reason: w.reason, message: w.message, source: HPA_EVENT_SOURCE };
}

/** The log type of a Warning Event the HPA controller records. */
export function recordType(reason: string): string {
  switch (reason) {
    case 'FailedGetScale': return 'HorizontalPodAutoscalerScaleUnavailable';
    case 'SelectorRequired': case 'InvalidSelector': case 'AmbiguousSelector': return 'HorizontalPodAutoscalerSelectorRejected';
    case 'FailedComputeMetricsReplicas': return 'HorizontalPodAutoscalerComputeFailed';
    default: return 'HorizontalPodAutoscalerMetricUnavailable';
  }
}

export function commit(a: CommitArgs): void {
  const { ctx, settings, cause } = a.env;
  const statusChanged = !jsonEqual(a.status, a.hpa.status);
  const writeMemory = !memoryConsistent(a.memory, a.action, a.stale) || a.events !== undefined;
  if (!statusChanged && !writeMemory && !a.rescale) {
    // upstream records its Warning Events at every sync while the failure lasts (the recorder
    // counts them: "(x12 over 3m)"), even when the status does not change
    for (const w of [...a.pre, ...(a.post ?? [])]) ctx.record(a.hpa, { type: recordType(w.reason), cause, note: warning(w) });
    return;
  }
  const decision = decisionJson(a.decision);
  for (const w of a.pre) ctx.record(a.hpa, { type: recordType(w.reason), cause, note: warning(w) });
  if (a.rescale) {
    const { scale, to, reason } = a.rescale;
    ctx.update(scale.target, (d) => { d.spec.replicas = to; }, {
      type: `${scale.target.kind}Scaled`, cause, data: { from: scale.specReplicas, to, decision },
      note: { type: 'Normal', reason: 'SuccessfulRescale', message: `New size: ${to}; reason: ${reason}`, source: HPA_EVENT_SOURCE, involved: refOf(a.hpa) },
    });
  }
  const memory = writeMemory ? memoryJson(nextMemory(a.memory, a.action, a.stale, ctx.tick, settings.syncPeriodSeconds, a.events)) : undefined;
  ctx.update(a.hpa, (d) => {
    if (statusChanged) {
      const next = a.status as unknown as Record<string, Json>;
      const cur = (d.status ??= {} as HorizontalPodAutoscalerStatus) as unknown as Record<string, Json>;
      for (const k of Object.keys(next)) if (!jsonEqual(cur[k], next[k])) cur[k] = structuredClone(next[k]!);
      for (const k of Object.keys(cur)) if (!(k in next)) delete cur[k];
    }
    if (memory !== undefined) (d.sim ??= {})[SIM_KEY] = memory;
  }, { type: statusChanged ? 'HorizontalPodAutoscalerStatusUpdated' : 'HorizontalPodAutoscalerRecommendationRecorded', cause, data: { decision } });
  for (const w of a.post ?? []) ctx.record(a.hpa, { type: recordType(w.reason), cause, note: warning(w) });
}
