// The scheduler's writes: the binding (DefaultBinder + the API server's pods/binding, which sets
// spec.nodeName and PodScheduled=True), the failure (handleSchedulingFailure: PodScheduled=False
// Unschedulable with the FitError message, and a FailedScheduling Event), and a back-off queue
// move. Follows schedule_one.go and podutil.UpdatePodCondition (v1.28). Differs: every attempt
// writes pod.sim.scheduler (attempts, last attempt), so a failed attempt is an update even when
// the condition is unchanged (upstream then writes nothing but the Event).
import type { Pod, PodCondition, PodStatus } from '../../api/types.js';
import type { Ctx, WriteMeta } from '../../state/controller.js';
import { keyOfObject } from '../../state/events.js';
import type { Draft } from '../../state/draft.js';
import type { CycleResult } from './cycle.js';
import { scheduledMessage, truncateMessage } from './messages.js';
import { bookkeeping, bookkeepingJson, POD_MAX_IN_UNSCHEDULABLE_PODS_SECONDS, SCHEDULER_NAME, type Bookkeeping } from './queue.js';

/**
 * podutil.UpdatePodCondition: add the condition, or replace it when status, reason or message
 * differ; lastTransitionTime moves only when the status changes. Leaves the draft untouched
 * (no patch, no event) when nothing differs.
 */
export function updatePodCondition(status: Draft<PodStatus>, cond: { type: string; status: 'True' | 'False'; reason?: string; message?: string }, now: string): void {
  const conditions = status.conditions;
  const i = conditions ? conditions.findIndex((c) => c.type === cond.type) : -1;
  const old = i >= 0 ? conditions![i]! : undefined;
  const next: PodCondition = {
    type: cond.type,
    status: cond.status,
    lastProbeTime: null,
    lastTransitionTime: old && old.status === cond.status && old.lastTransitionTime !== undefined ? old.lastTransitionTime : now,
  };
  if (cond.reason !== undefined) next.reason = cond.reason;
  if (cond.message !== undefined) next.message = cond.message;
  if (old && old.status === next.status && (old.reason ?? '') === (next.reason ?? '') && (old.message ?? '') === (next.message ?? '')
    && (old.lastProbeTime ?? null) === null && old.lastTransitionTime === next.lastTransitionTime) return;
  if (!conditions) status.conditions = [next];
  else if (i < 0) conditions.push(next);
  else conditions[i] = next;
}

function clearBookkeeping(d: Draft<Pod>): void {
  if (d.sim && 'scheduler' in d.sim) {
    delete d.sim['scheduler'];
    if (Object.keys(d.sim).length === 0) delete d.sim;
  }
}

/** Bind: spec.nodeName and PodScheduled=True in one write; the "Scheduled" Event. */
export function bindPod(ctx: Ctx, pod: Pod, r: CycleResult, cause: number): Pod {
  const node = r.node!.name;
  const now = ctx.now();
  return ctx.update(pod, (d) => {
    d.spec.nodeName = node;
    d.status ??= {};
    updatePodCondition(d.status, { type: 'PodScheduled', status: 'True' }, now);
    clearBookkeeping(d);
  }, {
    type: 'PodScheduled',
    cause,
    data: { node, score: r.score, feasibleNodes: r.feasibleNodes, evaluatedNodes: r.evaluatedNodes },
    note: { type: 'Normal', reason: 'Scheduled', message: scheduledMessage(pod.metadata.namespace ?? '', pod.metadata.name, node), source: SCHEDULER_NAME },
  });
}

/**
 * handleSchedulingFailure: PodScheduled=False, reason Unschedulable, the full message (the Event
 * gets it cut to 1,024 bytes); the queue's bookkeeping; a wake-up when the pod has waited 5
 * minutes. Returns the stored pod.
 */
export function recordFailure(ctx: Ctx, pod: Pod, message: string, plugins: string[], evaluatedNodes: number, cause: number): Pod {
  const prev = bookkeeping(pod);
  const next: Bookkeeping = { attempts: (prev?.attempts ?? 0) + 1, lastAttemptTick: ctx.tick, plugins };
  const now = ctx.now();
  const meta: WriteMeta = {
    type: 'PodSchedulingFailed',
    cause,
    data: { attempts: next.attempts, evaluatedNodes, plugins: [...plugins] },
    note: { type: 'Warning', reason: 'FailedScheduling', message: truncateMessage(message), source: SCHEDULER_NAME },
  };
  const stored = ctx.update(pod, (d) => {
    d.status ??= {};
    updatePodCondition(d.status, { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message }, now);
    d.sim ??= {};
    d.sim['scheduler'] = bookkeepingJson(next);
  }, meta);
  // Only reachable if the write changed nothing (it always moves lastAttemptTick): keep the Event.
  if (stored === pod) ctx.record(pod, meta);
  ctx.requeueAfter(keyOfObject(pod), POD_MAX_IN_UNSCHEDULABLE_PODS_SECONDS);
  return stored;
}

/** A cluster event moved a backing-off pod to the back-off queue: it is tried when that ends. */
export function markMoved(ctx: Ctx, pod: Pod, b: Bookkeeping, events: string[], cause: number): Pod {
  return ctx.update(pod, (d) => {
    d.sim ??= {};
    d.sim['scheduler'] = bookkeepingJson({ ...b, moved: true });
  }, { type: 'PodSchedulingRequeued', cause, data: { events } });
}
