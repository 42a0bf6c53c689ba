// The HPA controller's queue: which HorizontalPodAutoscalers sync at a tick (horizontal.go v1.28:
// enqueueHPA/updateHPA with AddRateLimited, processNextWorkItem re-adding after resyncPeriod).
// Differs: the sync times are fixed to the HPA's creation tick (see HorizontalPodAutoscalerController).
import type { Clock } from '../../api/time.js';
import type { HorizontalPodAutoscaler } from '../../api/types.js';
import { metricsFor } from '../../metrics/index.js';
import type { MetricsSource } from '../../metrics/types.js';
import type { View } from '../../state/cluster.js';
import type { Controller, Ctx, WorkSet } from '../../state/controller.js';
import { keyOfObject } from '../../state/events.js';
import { HPA_CONTROLLER_NAME } from './commit.js';
import { reconcileAutoscaler } from './reconcile.js';
import { hpaSettingsOf } from './settings.js';

export interface HorizontalPodAutoscalerControllerOptions {
  /** the metrics APIs at a tick (default: metricsFor, the simulated metrics-server and adapters) */
  metrics?: (view: View, tick: number, clock: Clock) => MetricsSource;
}

/**
 * Seconds until the HPA's next sync (0: it syncs now). Upstream adds every HPA to its queue with
 * AddRateLimited — a fixed delay of --horizontal-pod-autoscaler-sync-period (15 s) — when it is
 * created, updated or resynced, and again after each sync; a key already waiting keeps its earlier
 * time. So an HPA syncs first one period after its creation, then once a period, and an update
 * does not make it sync sooner. Deterministic rule: it syncs at the ticks where
 * (tick − creation tick) is a positive multiple of the period.
 */
export function untilNextSync(hpa: HorizontalPodAutoscaler, tick: number, clock: Clock, periodSeconds: number): number {
  const created = hpa.metadata.creationTimestamp ? clock.tickOf(hpa.metadata.creationTimestamp) : tick;
  const age = tick - created;
  if (age <= 0) return periodSeconds - age;
  const into = age % periodSeconds;
  return into === 0 ? 0 : periodSeconds - into;
}

/**
 * Scales Deployments, ReplicaSets and StatefulSets to the replica counts their HorizontalPodAutoscalers compute
 * from the metrics APIs, and reports it in the HPA's status and conditions.
 *
 * Syncs of one tick run in key order and share one metrics snapshot (nothing this controller
 * writes changes a pod). Within a tick an HPA syncs once, even when its own status write wakes it
 * again (a per-tick set: a resumed run starts at a new tick).
 *
 * @example
 *   const sim = new Sim({ controllers: [new HorizontalPodAutoscalerController({ metrics: () => fake })] });
 *   sim.given(deployment, hpa);   // the HPA syncs at ticks 15, 30, 45 …
 */
export class HorizontalPodAutoscalerController implements Controller {
  readonly name = HPA_CONTROLLER_NAME;
  readonly watches = ['HorizontalPodAutoscaler'] as const;
  private readonly metrics: (view: View, tick: number, clock: Clock) => MetricsSource;
  private syncedTick = -1;
  private readonly synced = new Set<string>();

  constructor(opts: HorizontalPodAutoscalerControllerOptions = {}) {
    this.metrics = opts.metrics ?? metricsFor;
  }

  reconcile(ctx: Ctx, work: WorkSet): void {
    if (ctx.tick !== this.syncedTick) {
      this.syncedTick = ctx.tick;
      this.synced.clear();
    }
    const settings = hpaSettingsOf(ctx.view);
    const due = new Map<string, number>();
    const consider = (hpa: HorizontalPodAutoscaler, seq: number): void => {
      const key = keyOfObject(hpa);
      if (this.synced.has(key)) return;
      const wait = untilNextSync(hpa, ctx.tick, ctx.clock, settings.syncPeriodSeconds);
      if (wait > 0) {
        ctx.requeueAfter(key, wait);
        return;
      }
      due.set(key, Math.max(due.get(key) ?? 0, seq));
    };
    if (work.all) for (const hpa of ctx.view.list('HorizontalPodAutoscaler')) consider(hpa, 0);
    for (const item of work.items) {
      if (item.deleted || item.kind !== 'HorizontalPodAutoscaler') continue;
      const hpa = ctx.view.getByKey(item.key) as HorizontalPodAutoscaler | undefined;
      if (hpa) consider(hpa, item.seq);
    }
    if (due.size === 0) return;
    let source: MetricsSource | undefined;
    const metrics = (): MetricsSource => (source ??= this.metrics(ctx.view, ctx.tick, ctx.clock));
    for (const key of [...due.keys()].sort()) {
      const hpa = ctx.view.getByKey(key) as HorizontalPodAutoscaler | undefined;
      if (!hpa) continue;
      this.synced.add(key);
      reconcileAutoscaler({ ctx, settings, metrics, cause: due.get(key) || Number(hpa.metadata.resourceVersion ?? 0) }, hpa);
      ctx.requeueAfter(key, settings.syncPeriodSeconds);
    }
  }
}
