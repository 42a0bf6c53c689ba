// reconcileAutoscaler of pkg/controller/podautoscaler/horizontal.go (v1.28): get the target's scale,
// compute the metric proposals, stabilize and limit them, rescale, write the status.
// Differs: Events are recorded only by a sync that writes something (upstream records them at
// every sync and the recorder counts repeats); see commit.ts for the writes.
import { compiled, matches } from '../../api/labels.js';
import type { HorizontalPodAutoscaler, HorizontalPodAutoscalerCondition, MetricSpec, MetricStatus, Pod } from '../../api/types.js';
import type { Ctx } from '../../state/controller.js';
import type { MetricsSource } from '../../metrics/types.js';
import { behaviorRules, normalizeDesiredReplicasWithBehaviors, storeScaleEvent, type TimestampedScaleEvent } from './behavior.js';
import { ReplicaCalculator } from './calculator.js';
import { commit, type MemoryAction } from './commit.js';
import { buildStatus, setCondition, withConditions } from './conditions.js';
import type { HpaDecision, HpaMetricDecision } from './decision.js';
import { restMetricsClient } from './metricsclient.js';
import { computeReplicasForMetrics, type Warning } from './metrics.js';
import { normalizeDesiredReplicas, type Normalized } from './normalize.js';
import { getScale, podsForScale, type Scale } from './scale.js';
import type { HpaSettings } from './settings.js';
import { readMemory, recommendationsFor } from './memory.js';

export interface SyncEnv {
  ctx: Ctx;
  settings: HpaSettings;
  /** the metrics APIs at this tick */
  metrics: () => MetricsSource;
  /** seq of the event the sync reacts to */
  cause: number;
}

/** metrics default (SetDefaults_HorizontalPodAutoscaler): cpu at 80 % of the request */
const DEFAULT_METRICS: MetricSpec[] = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }];

const cloneConditions = (c: HorizontalPodAutoscalerCondition[] | undefined): HorizontalPodAutoscalerCondition[] => (c ?? []).map((x) => ({ ...x }));

export function reconcileAutoscaler(env: SyncEnv, hpa: HorizontalPodAutoscaler): void {
  const { ctx, settings } = env;
  const now = ctx.now();
  const t = ctx.tick;
  const conditions = cloneConditions(hpa.status?.conditions);
  const set = (type: string, status: 'True' | 'False', reason: string, message: string): void => { setCondition(conditions, type, status, reason, message, now); };
  const memory = readMemory(hpa);
  const rules = hpa.spec.behavior ? behaviorRules(hpa.spec.behavior, settings.downscaleStabilizationSeconds) : undefined;
  // entries older than this are replaced: the legacy window, or the longer of the behavior's two
  const stale = rules ? Math.max(rules.up.stabilizationWindowSeconds, rules.down.stabilizationWindowSeconds) : settings.downscaleStabilizationSeconds;
  const base = { env, hpa, memory, stale };

  const got = getScale(ctx.view, hpa);
  if (!got.ok) {
    set('AbleToScale', 'False', 'FailedGetScale', `the HPA controller was unable to get the target's current scale: ${got.error}`);
    const current = hpa.status?.currentReplicas ?? 0;
    commit({ ...base, status: withConditions(hpa.status, conditions), action: { initial: false }, pre: [{ reason: 'FailedGetScale', message: got.error }],
      decision: { current, metrics: [], proposal: current, stabilized: current, desired: current, reason: 'FailedGetScale' } });
    return;
  }
  const scale = got.scale;
  set('AbleToScale', 'True', 'SucceededGetScale', "the HPA controller was able to get the target's current scale");
  const currentReplicas = scale.specReplicas;
  // recordInitialRecommendation
  let recs = memory ? recommendationsFor(memory, t, settings.syncPeriodSeconds, stale) : undefined;
  const action: MemoryAction = { initial: recs === undefined, current: currentReplicas };
  recs ??= [{ recommendation: currentReplicas, tick: t - 0.5 }]; // a moment before the stabilization's now (see nextMemory)

  const minReplicas = hpa.spec.minReplicas ?? 1;
  const maxReplicas = hpa.spec.maxReplicas;
  let desiredReplicas = 0;
  let rescaleReason = '';
  let rescale = true;
  let metricStatuses: MetricStatus[] | undefined;
  let decision: HpaDecision;
  const pre: Warning[] = [];
  if (currentReplicas === 0 && minReplicas !== 0) {
    // Autoscaling is disabled for this resource
    rescale = false;
    set('ScalingActive', 'False', 'ScalingDisabled', 'scaling is disabled since the replica count of the target is zero');
    decision = { current: 0, metrics: [], proposal: 0, stabilized: 0, desired: 0, reason: 'ScalingDisabled' };
  } else if (currentReplicas > maxReplicas) {
    rescaleReason = 'Current number of replicas above Spec.MaxReplicas';
    desiredReplicas = maxReplicas;
    decision = { current: currentReplicas, metrics: [], proposal: maxReplicas, rule: rescaleReason, stabilized: maxReplicas, desired: maxReplicas, reason: 'TooManyReplicas', limitedBy: `maxReplicas ${maxReplicas}` };
  } else if (currentReplicas < minReplicas) {
    rescaleReason = 'Current number of replicas below Spec.MinReplicas';
    desiredReplicas = minReplicas;
    decision = { current: currentReplicas, metrics: [], proposal: minReplicas, rule: rescaleReason, stabilized: minReplicas, desired: minReplicas, reason: 'TooFewReplicas', limitedBy: `minReplicas ${minReplicas}` };
  } else {
    const m = computeMetrics(env, hpa, scale, pre, set);
    metricStatuses = m.statuses;
    if (m.replicas === -1) {
      // setCurrentReplicasAndMetricsInStatus: the desired count stays as it was
      const status = buildStatus(hpa.status, currentReplicas, hpa.status?.desiredReplicas ?? 0, metricStatuses, conditions, undefined);
      commit({ ...base, status, action, pre, post: m.error !== undefined ? [{ reason: 'FailedComputeMetricsReplicas', message: m.error }] : [],
        decision: { current: currentReplicas, metrics: m.decisions, proposal: currentReplicas, stabilized: currentReplicas, desired: currentReplicas, reason: m.reason } });
      return;
    }
    let rescaleMetric = '';
    if (m.replicas > desiredReplicas) {
      desiredReplicas = m.replicas;
      rescaleMetric = m.metric;
    }
    if (desiredReplicas > currentReplicas) rescaleReason = `${rescaleMetric} above target`;
    if (desiredReplicas < currentReplicas) rescaleReason = 'All metrics below target';
    const prenormalized = desiredReplicas;
    const n: Normalized = rules
      ? normalizeDesiredReplicasWithBehaviors(recs, memory?.up ?? [], memory?.down ?? [], {
        scaleUp: rules.up, scaleDown: rules.down, minReplicas, maxReplicas, currentReplicas, desiredReplicas: prenormalized,
      }, t)
      : normalizeDesiredReplicas(recs, currentReplicas, prenormalized, minReplicas, maxReplicas, settings.downscaleStabilizationSeconds, t);
    action.store = prenormalized;
    set('AbleToScale', n.ableToScale.status, n.ableToScale.reason, n.ableToScale.message);
    set('ScalingLimited', n.scalingLimited.status, n.scalingLimited.reason, n.scalingLimited.message);
    desiredReplicas = n.desired;
    rescale = desiredReplicas !== currentReplicas;
    const reason = n.desired !== n.stabilized ? n.scalingLimited.reason : n.stabilized !== prenormalized ? n.ableToScale.reason : n.scalingLimited.reason;
    decision = { current: currentReplicas, metrics: m.decisions, proposal: prenormalized, stabilized: n.stabilized, desired: n.desired, reason };
    if (n.limitedBy !== undefined) decision.limitedBy = n.limitedBy;
  }

  let events: { up: TimestampedScaleEvent[]; down: TimestampedScaleEvent[] } | undefined;
  if (rescale) {
    set('AbleToScale', 'True', 'SucceededRescale', `the HPA controller was able to update the target scale to ${desiredReplicas}`);
    if (rules) {
      events = { up: (memory?.up ?? []).map((e) => ({ ...e })), down: (memory?.down ?? []).map((e) => ({ ...e })) };
      storeScaleEvent(rules, events.up, events.down, currentReplicas, desiredReplicas, t);
    }
  } else {
    desiredReplicas = currentReplicas;
  }
  const status = buildStatus(hpa.status, currentReplicas, desiredReplicas, metricStatuses, conditions, rescale ? now : undefined);
  commit({
    ...base, status, action, pre, decision,
    ...(rescale ? { rescale: { scale, to: desiredReplicas, reason: rescaleReason } } : {}),
    ...(events ? { events } : {}),
  });
}

interface MetricsOutcome {
  replicas: number;
  metric: string;
  statuses: MetricStatus[] | undefined;
  error?: string;
  /** the ScalingActive reason (for the decision record) */
  reason: string;
  decisions: HpaMetricDecision[];
}

/** validateAndParseSelector, then computeReplicasForMetrics; Events go to `pre`, conditions through `set`. */
function computeMetrics(env: SyncEnv, hpa: HorizontalPodAutoscaler, scale: Scale, pre: Warning[], set: (type: string, status: 'True' | 'False', reason: string, message: string) => void): MetricsOutcome {
  const { ctx, settings } = env;
  const fail = (reason: string, error: string): MetricsOutcome => ({ replicas: -1, metric: '', statuses: undefined, error, reason, decisions: [] });
  if (scale.selector === '') {
    pre.push({ reason: 'SelectorRequired', message: 'selector is required' });
    set('ScalingActive', 'False', 'InvalidSelector', "the HPA target's scale is missing a selector");
    return fail('InvalidSelector', 'selector is required');
  }
  const pods = podsForScale(ctx.view, scale);
  const ambiguous = hpasControllingPods(env, hpa, pods);
  if (ambiguous.length > 1) {
    const msg = `pods by selector ${scale.selector} are controlled by multiple HPAs: [${ambiguous.join(' ')}]`;
    pre.push({ reason: 'AmbiguousSelector', message: msg });
    set('ScalingActive', 'False', 'AmbiguousSelector', msg);
    return fail('AmbiguousSelector', msg);
  }
  const calc = new ReplicaCalculator(restMetricsClient(env.metrics()), {
    tolerance: settings.tolerance,
    cpuInitializationPeriodSeconds: settings.cpuInitializationPeriodSeconds,
    delayOfInitialReadinessStatusSeconds: settings.initialReadinessDelaySeconds,
  }, ctx.tick, ctx.clock);
  const specs = hpa.spec.metrics && hpa.spec.metrics.length > 0 ? hpa.spec.metrics : DEFAULT_METRICS;
  const r = computeReplicasForMetrics(specs, {
    calc, namespace: hpa.metadata.namespace ?? '', specReplicas: scale.specReplicas, statusReplicas: scale.statusReplicas, selector: scale.labelSelector ?? {}, pods,
  });
  pre.push(...r.warnings);
  set('ScalingActive', r.scalingActive.status, r.scalingActive.reason, r.scalingActive.message);
  return { replicas: r.replicas, metric: r.metric, statuses: r.statuses, ...(r.error !== undefined ? { error: r.error } : {}), reason: r.scalingActive.reason, decisions: r.decisions };
}

/**
 * hpasControllingPodsUnderSelector: "namespace/name" of every HPA whose target's selector picks one
 * of these pods, this one included, sorted. Upstream remembers each HPA's selector from its own
 * last sync (an HPA not yet synced selects nothing); here an HPA counts once it has synced (it
 * has conditions), with its target's current selector.
 */
function hpasControllingPods(env: SyncEnv, hpa: HorizontalPodAutoscaler, pods: readonly Pod[]): string[] {
  if (pods.length === 0) return [];
  const ns = hpa.metadata.namespace ?? '';
  const out = [`${ns}/${hpa.metadata.name}`];
  const others = env.ctx.view.list('HorizontalPodAutoscaler', ns).filter((o) => o.metadata.name !== hpa.metadata.name && (o.status?.conditions ?? []).length > 0);
  if (others.length === 0) return out;
  // the pods' distinct label sets (a ReplicaSet's pods share theirs)
  const labelSets = new Map<string, Record<string, string> | undefined>();
  for (const p of pods) {
    const l = p.metadata.labels;
    const key = l ? Object.keys(l).sort().map((k) => `${k}=${l[k]}`).join(',') : '';
    if (!labelSets.has(key)) labelSets.set(key, l);
  }
  for (const other of others) {
    const s = getScale(env.ctx.view, other);
    if (!s.ok || s.scale.selector === '') continue;
    const sel = compiled(s.scale.labelSelector);
    for (const l of labelSets.values()) {
      if (!matches(sel, l)) continue;
      out.push(`${ns}/${other.metadata.name}`);
      break;
    }
  }
  return out.sort();
}
