// What the taint manager does with one pod on a node with NoExecute taints (taint_manager.go
// processPodOnNode, cancelWorkWithEvent, deletePodHandler/addConditionAndDeletePod), v1.28.
// Differs: time is whole ticks; a cancelled or fired worker is an edit of the pod's sim record.
import type { Pod, PodCondition, Taint } from '../../api/types.js';
import { deleteObject } from '../../state/apiserver.js';
import type { Ctx } from '../../state/controller.js';
import type { KubeEventNote } from '../../state/events.js';
import { evictionJson, isPending, readEviction, SIM_KEY, triggerSignature, type EvictionRecord } from './record.js';
import { getMatchingTolerations, getMinTolerationTime } from './tolerations.js';

/** v1.28's NoExecuteTaintManager records events as "taint-controller" (1.29+: taint-eviction-controller). */
export const SOURCE = 'taint-controller';
export const DISRUPTION_TARGET = 'DisruptionTarget';
export const DELETION_BY_TAINT_MANAGER = 'DeletionByTaintManager';
export const DELETION_BY_TAINT_MANAGER_MESSAGE = 'Taint manager: deleting due to NoExecute taint';

const podName = (p: Pod): string => `${p.metadata.namespace ?? ''}/${p.metadata.name}`;
const rv = (p: Pod): number => Number(p.metadata.resourceVersion);

function note(message: string): KubeEventNote {
  return { type: 'Normal', reason: 'TaintManagerEviction', message, source: SOURCE };
}

/** emitCancelPodDeletionEvent */
export function cancelNote(p: Pod): KubeEventNote {
  return note(`Cancelling deletion of Pod ${podName(p)}`);
}

/**
 * cancelWorkWithEvent: a pending worker is cancelled with the "Cancelling deletion" event; a fired
 * one (nil worker) is forgotten silently. The record goes either way.
 */
export function cancelWork(ctx: Ctx, pod: Pod, rec: EvictionRecord): Pod {
  const pending = isPending(rec);
  return ctx.update(pod, (d) => { if (d.sim) delete d.sim[SIM_KEY]; }, {
    type: pending ? 'PodEvictionCancelled' : 'PodEvictionForgotten',
    cause: rv(pod),
    ...(pending ? { note: cancelNote(pod) } : {}),
  });
}

/**
 * The worker runs (deletePodHandler): the TaintManagerEviction "Marking for deletion" event, the
 * DisruptionTarget=True condition (apipod.UpdatePodCondition: only when it changes), then a
 * normal graceful DELETE. The condition, the record and the event are one write here.
 */
export function firePodEviction(ctx: Ctx, pod: Pod, rec: EvictionRecord, data: { [k: string]: string | number }): void {
  const now = ctx.now();
  const want: PodCondition = { type: DISRUPTION_TARGET, status: 'True', lastProbeTime: null, lastTransitionTime: now, reason: DELETION_BY_TAINT_MANAGER, message: DELETION_BY_TAINT_MANAGER_MESSAGE };
  const updated = ctx.update(pod, (d) => {
    const conditions = (d.status.conditions ??= []);
    const i = conditions.findIndex((c) => c.type === DISRUPTION_TARGET);
    const old = i >= 0 ? conditions[i]! : undefined;
    if (!old) conditions.push(want);
    else if (old.status !== want.status || old.reason !== want.reason || old.message !== want.message) {
      conditions[i] = { ...want, lastTransitionTime: old.status === want.status && old.lastTransitionTime ? old.lastTransitionTime : now };
    }
    if (!d.sim) d.sim = {};
    d.sim[SIM_KEY] = evictionJson(rec);
  }, { type: 'PodEvictedByTaintManager', cause: rv(pod), data, note: note(`Marking for deletion Pod ${podName(pod)}`) });
  deleteObject(ctx, updated, { cause: rv(updated) });
}

export type Decision =
  | { kind: 'none' }
  | { kind: 'cancel' }
  | { kind: 'evictNow'; trigger: string }
  | { kind: 'schedule'; minTolerationSeconds: number }
  | { kind: 'clearTrigger' };

/**
 * processPodOnNode for a pod whose node has NoExecute `taints` (non-empty), given its worker
 * record:
 *   not every taint tolerated → cancel (event if pending) and evict now — except a fired worker
 *     whose trigger has not changed since it last evicted for this very reason;
 *   tolerated forever (getMinTolerationTime < 0) → cancel;
 *   a worker exists → keep it: upstream keeps it iff CreatedAt + minTol < now + minTol, i.e.
 *     CreatedAt < now, which holds for every later processing (TAINT-DER-1: the timer is not
 *     restarted, and a shorter toleration does not bring it forward);
 *   else schedule at now + minTol (0 → at once).
 */
export function decide(taints: readonly Taint[], pod: Pod, rec: EvictionRecord | undefined): Decision {
  const tolerations = pod.spec.tolerations ?? [];
  const [allTolerated, used] = getMatchingTolerations(taints, tolerations);
  if (!allTolerated) {
    const trigger = triggerSignature(taints, tolerations);
    if (rec?.fired && rec.trigger === trigger) return { kind: 'none' };
    return { kind: 'evictNow', trigger };
  }
  const minTol = getMinTolerationTime(used);
  if (minTol < 0) return rec ? { kind: 'cancel' } : { kind: 'none' };
  if (rec) return rec.fired && rec.trigger !== undefined ? { kind: 'clearTrigger' } : { kind: 'none' };
  return { kind: 'schedule', minTolerationSeconds: minTol };
}

/** Carry out a decision; returns the pod's record afterwards (undefined when it has none or is gone). */
export function apply(ctx: Ctx, pod: Pod, node: string, rec: EvictionRecord | undefined, d: Decision): EvictionRecord | undefined {
  const now = ctx.tick;
  switch (d.kind) {
    case 'none':
      return rec;
    case 'cancel':
      cancelWork(ctx, pod, rec!);
      return undefined;
    case 'clearTrigger': {
      const next: EvictionRecord = { startTick: rec!.startTick, fireTick: rec!.fireTick, fired: true };
      ctx.update(pod, (dr) => { dr.sim![SIM_KEY] = evictionJson(next); }, { type: 'PodEvictionRecordUpdated', cause: rv(pod) });
      return next;
    }
    case 'evictNow': {
      // cancelWorkWithEvent then AddWork(now, now): the cancellation's event, then the eviction
      if (isPending(rec)) ctx.record(pod, { type: 'PodEvictionCancelled', cause: rv(pod), note: cancelNote(pod) });
      firePodEviction(ctx, pod, { startTick: now, fireTick: now, fired: true, trigger: d.trigger }, { node, reason: 'untolerated' });
      return undefined;
    }
    case 'schedule': {
      const next: EvictionRecord = { startTick: now, fireTick: now + d.minTolerationSeconds };
      if (d.minTolerationSeconds === 0) {
        // CreateWorker: a delay ≤ 0 runs the work at once
        firePodEviction(ctx, pod, { ...next, fired: true }, { node, tolerationSeconds: 0 });
        return undefined;
      }
      ctx.update(pod, (dr) => {
        if (!dr.sim) dr.sim = {};
        dr.sim[SIM_KEY] = evictionJson(next);
      }, { type: 'PodEvictionScheduled', cause: rv(pod), data: { node, fireAt: ctx.clock.at(next.fireTick), tolerationSeconds: d.minTolerationSeconds } });
      return next;
    }
  }
}

export { readEviction };
