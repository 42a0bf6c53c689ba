// computeReplicasForMetrics / computeReplicasForMetric and the computeStatusFor*Metric functions of
// pkg/controller/podautoscaler/horizontal.go (v1.28): one proposal per metric, the metric statuses,
// the conditions and Events of failures, upstream's error texts. validateAndParseSelector is in reconcile.ts.
import { formatMilli, milliValue } from '../../api/quantity.js';
import type { LabelSelector, MetricSpec, MetricStatus, MetricTarget, MetricValueStatus, Pod } from '../../api/types.js';
import type { ReplicaCalculator } from './calculator.js';
import type { HpaMetricDecision } from './decision.js';
import { goLabelSelector, labelSelectorError } from './gofmt.js';

/** A Warning Event a sync records against the HPA (reason, message). */
export interface Warning {
  reason: string;
  message: string;
}

/** The outcome of one metric. */
interface MetricOutcome {
  proposal?: number;
  metricName?: string;
  status?: MetricStatus;
  /** the error computeReplicasForMetric returns, and the ScalingActive=False condition + Event of the failure */
  error?: string;
  condition?: Warning;
  /** the Warning Event getUnableComputeReplicaCountCondition records (reason, the error) */
  event?: Warning;
  decision: HpaMetricDecision;
}

export interface MetricsResult {
  /** -1 when the HPA cannot act (all metrics invalid, or some invalid and the rest would scale down) */
  replicas: number;
  metric: string;
  statuses: MetricStatus[];
  error?: string;
  /** ScalingActive as computeReplicasForMetrics sets it */
  scalingActive: { status: 'True' | 'False'; reason: string; message: string };
  /** Events of failing metrics, in metric order */
  warnings: Warning[];
  decisions: HpaMetricDecision[];
}

export interface MetricInputs {
  calc: ReplicaCalculator;
  namespace: string;
  specReplicas: number;
  statusReplicas: number;
  /** the target's pod selector (scale.status.selector) and the pods it selects */
  selector: LabelSelector;
  pods: readonly Pod[];
}

const unable = (reason: string, err: string): Warning => ({ reason, message: `the HPA was unable to compute the replica count: ${err}` });
const milli = (q: string | undefined): number | undefined => {
  if (q === undefined) return undefined;
  try {
    return milliValue(q);
  } catch {
    return undefined;
  }
};
const targetLabel = (t: MetricTarget | undefined): string =>
  t?.averageValue !== undefined ? t.averageValue : t?.value !== undefined ? t.value : t?.averageUtilization !== undefined ? `${t.averageUtilization}%` : '';

/**
 * computeReplicasForMetrics: the maximum proposal over the metrics. All metrics invalid, or some
 * invalid while the valid ones would scale below spec.replicas → -1 with the first failure's
 * condition and "invalid metrics (n invalid out of m), first error is: …"; otherwise ScalingActive
 * True ValidMetricFound (and, with some invalid, the error is still returned).
 */
export function computeReplicasForMetrics(specs: readonly MetricSpec[], inp: MetricInputs): MetricsResult {
  let replicas = 0;
  let metric = '';
  let invalid = 0;
  let firstError: string | undefined;
  let firstCondition: Warning | undefined;
  const statuses: MetricStatus[] = [];
  const warnings: Warning[] = [];
  const decisions: HpaMetricDecision[] = [];
  for (const spec of specs) {
    const o = computeReplicasForMetric(spec, inp);
    statuses.push(o.status ?? ({ type: '' } as unknown as MetricStatus));
    decisions.push(o.decision);
    if (o.event) warnings.push(o.event);
    if (o.error !== undefined) {
      if (invalid <= 0) {
        firstCondition = o.condition;
        firstError = o.error;
      }
      invalid++;
      continue;
    }
    if (replicas === 0 || o.proposal! > replicas) {
      replicas = o.proposal!;
      metric = o.metricName!;
    }
  }
  const error = firstError !== undefined ? `invalid metrics (${invalid} invalid out of ${specs.length}), first error is: ${firstError}` : undefined;
  if (invalid >= specs.length || (invalid > 0 && replicas < inp.specReplicas)) {
    const c = firstCondition ?? { reason: '', message: '' };
    return { replicas: -1, metric: '', statuses, ...(error !== undefined ? { error } : {}), scalingActive: { status: 'False', ...c }, warnings, decisions };
  }
  const scalingActive = { status: 'True' as const, reason: 'ValidMetricFound', message: `the HPA was able to successfully calculate a replica count from ${metric}` };
  return { replicas, metric, statuses, ...(error !== undefined ? { error } : {}), scalingActive, warnings, decisions };
}

/** computeReplicasForMetric: dispatch on the metric type and wrap the error as upstream does. */
function computeReplicasForMetric(spec: MetricSpec, inp: MetricInputs): MetricOutcome {
  const wrap = (o: MetricOutcome, prefix: string): MetricOutcome => (o.error !== undefined ? { ...o, error: `${prefix}${o.error}` } : o);
  switch (spec.type) {
    case 'Object': return wrap(computeStatusForObjectMetric(spec, inp), 'failed to get object metric value: ');
    case 'Pods': return wrap(computeStatusForPodsMetric(spec, inp), 'failed to get pods metric value: ');
    case 'Resource': return wrap(computeStatusForResourceMetric(spec, inp, false), `failed to get ${spec.resource?.name ?? ''} resource metric value: `);
    case 'ContainerResource': return wrap(computeStatusForResourceMetric(spec, inp, true), `failed to get ${spec.containerResource?.container ?? ''} container metric value: `);
    case 'External': return wrap(computeStatusForExternalMetric(spec, inp), `failed to get ${spec.external?.metric.name ?? ''} external metric value: `);
    default: {
      const err = `unknown metric source type ${JSON.stringify(String(spec.type))}`;
      return { error: err, condition: unable('InvalidMetricSourceType', err), event: { reason: 'InvalidMetricSourceType', message: err }, decision: { metric: String(spec.type), target: '', error: err } };
    }
  }
}

/** A failure whose condition message and Event carry `err`; `returned` is what the caller wraps. */
function failed(reason: string, err: string, decision: Omit<HpaMetricDecision, 'error'>, returned = err): MetricOutcome {
  return { error: returned, condition: unable(reason, err), event: { reason, message: err }, decision: { ...decision, error: err } };
}

/** computeStatusForResourceMetric / computeStatusForContainerResourceMetric (via …Generic). */
function computeStatusForResourceMetric(spec: MetricSpec, inp: MetricInputs, container: boolean): MetricOutcome {
  const src = container ? spec.containerResource : spec.resource;
  const name = src?.name ?? '';
  const containerName = container ? (spec.containerResource?.container ?? '') : '';
  const reason = container ? 'FailedGetContainerResourceMetric' : 'FailedGetResourceMetric';
  const target = src?.target;
  const utilName = container ? `${name} container resource utilization (percentage of request)` : `${name} resource utilization (percentage of request)`;
  const current = (value: MetricValueStatus): MetricStatus => (container
    ? { type: 'ContainerResource', containerResource: { name, container: containerName, current: value } }
    : { type: 'Resource', resource: { name, current: value } });
  const averageValue = milli(target?.averageValue);
  if (target?.averageValue !== undefined && averageValue !== undefined) {
    const metricName = `${name} resource`;
    const d: HpaMetricDecision = { metric: metricName, target: target.averageValue };
    const r = inp.calc.getRawResourceReplicas(inp.specReplicas, averageValue, name, inp.namespace, inp.selector, containerName, inp.pods);
    if (!r.ok) return failed(reason, `failed to get ${name} usage: ${r.error}`, d);
    return {
      proposal: r.replicas, metricName, status: current({ averageValue: formatMilli(r.usage) }),
      decision: { ...d, current: formatMilli(r.usage), proposal: r.replicas, ...r.counts },
    };
  }
  if (target?.averageUtilization === undefined) {
    return failed(reason, 'invalid resource metric source: neither an average utilization target nor an average value (usage) target was set', { metric: utilName, target: targetLabel(target) });
  }
  const d: HpaMetricDecision = { metric: utilName, target: `${target.averageUtilization}%` };
  const r = inp.calc.getResourceReplicas(inp.specReplicas, target.averageUtilization, name, inp.namespace, inp.selector, containerName, inp.pods);
  if (!r.ok) return failed(reason, `failed to get ${name} utilization: ${r.error}`, d);
  return {
    proposal: r.replicas, metricName: utilName,
    status: current({ averageValue: formatMilli(r.rawUtilization), averageUtilization: r.utilization }),
    decision: { ...d, current: `${r.utilization}%`, proposal: r.replicas, ...r.counts },
  };
}

/** computeStatusForPodsMetric */
function computeStatusForPodsMetric(spec: MetricSpec, inp: MetricInputs): MetricOutcome {
  const src = spec.pods;
  const name = src?.metric.name ?? '';
  const metricName = `pods metric ${name}`;
  const d: HpaMetricDecision = { metric: metricName, target: targetLabel(src?.target) };
  const selErr = labelSelectorError(src?.metric.selector);
  if (selErr !== undefined) return failed('FailedGetPodsMetric', selErr, d);
  const target = milli(src?.target.averageValue);
  if (target === undefined) return failed('FailedGetPodsMetric', 'invalid pods metric source: no average value target was set', d);
  const r = inp.calc.getMetricReplicas(inp.specReplicas, target, name, inp.namespace, inp.selector, src?.metric.selector, inp.pods);
  if (!r.ok) return failed('FailedGetPodsMetric', r.error, d);
  const status: MetricStatus = { type: 'Pods', pods: { metric: identifier(name, src?.metric.selector), current: { averageValue: formatMilli(r.usage) } } };
  return { proposal: r.replicas, metricName, status, decision: { ...d, current: formatMilli(r.usage), proposal: r.replicas, ...r.counts } };
}

function identifier(name: string, selector: LabelSelector | undefined): { name: string; selector?: LabelSelector } {
  return selector ? { name, selector } : { name };
}

/** computeStatusForObjectMetric: a Value target against the ready pods, or an AverageValue target against status.replicas. */
function computeStatusForObjectMetric(spec: MetricSpec, inp: MetricInputs): MetricOutcome {
  const src = spec.object;
  const name = src?.metric.name ?? '';
  const ref = src?.describedObject ?? { kind: '', name: '' };
  const target = src?.target;
  const selErr = labelSelectorError(src?.metric.selector);
  const id = identifier(name, src?.metric.selector);
  const value = milli(target?.value);
  if (selErr !== undefined) return failed('FailedGetObjectMetric', selErr, { metric: `${ref.kind} metric ${name}`, target: targetLabel(target) });
  if (target?.type === 'Value' && value !== undefined) {
    const metricName = `${ref.kind} metric ${name}`;
    const d: HpaMetricDecision = { metric: metricName, target: target.value! };
    const r = inp.calc.getObjectMetricReplicas(inp.specReplicas, value, name, inp.namespace, ref, inp.pods, src?.metric.selector);
    if (!r.ok) return failed('FailedGetObjectMetric', r.error, d);
    const status: MetricStatus = { type: 'Object', object: { describedObject: ref, metric: id, current: { value: formatMilli(r.usage) } } };
    return { proposal: r.replicas, metricName, status, decision: { ...d, current: formatMilli(r.usage), proposal: r.replicas, ...(r.ready !== undefined ? { ready: r.ready } : {}) } };
  }
  const averageValue = milli(target?.averageValue);
  if (target?.type === 'AverageValue' && averageValue !== undefined) {
    // upstream names an Object metric with an AverageValue target "external metric …"
    const metricName = `external metric ${name}(${goLabelSelector(src?.metric.selector)})`;
    const d: HpaMetricDecision = { metric: metricName, target: target.averageValue! };
    const r = inp.calc.getObjectPerPodMetricReplicas(inp.statusReplicas, averageValue, name, inp.namespace, ref, src?.metric.selector);
    if (!r.ok) return failed('FailedGetObjectMetric', r.error, d, `failed to get ${name} object metric: ${r.error}`);
    // upstream leaves describedObject out of this status
    const status = { type: 'Object', object: { metric: id, current: { averageValue: formatMilli(r.usage) } } } as MetricStatus;
    return { proposal: r.replicas, metricName, status, decision: { ...d, current: formatMilli(r.usage), proposal: r.replicas } };
  }
  return failed('FailedGetObjectMetric', 'invalid object metric source: neither a value target nor an average value target was set', { metric: `${ref.kind} metric ${name}`, target: targetLabel(target) });
}

/** computeStatusForExternalMetric: AverageValue (per pod, against status.replicas) first, then Value. */
function computeStatusForExternalMetric(spec: MetricSpec, inp: MetricInputs): MetricOutcome {
  const src = spec.external;
  const name = src?.metric.name ?? '';
  const sel = src?.metric.selector;
  const metricName = `external metric ${name}(${goLabelSelector(sel)})`;
  const id = identifier(name, sel);
  const averageValue = milli(src?.target.averageValue);
  if (averageValue !== undefined) {
    const d: HpaMetricDecision = { metric: metricName, target: src!.target.averageValue! };
    const r = inp.calc.getExternalPerPodMetricReplicas(inp.statusReplicas, averageValue, name, inp.namespace, sel);
    if (!r.ok) return failed('FailedGetExternalMetric', r.error, d, `failed to get ${name} external metric: ${r.error}`);
    const status: MetricStatus = { type: 'External', external: { metric: id, current: { averageValue: formatMilli(r.usage) } } };
    return { proposal: r.replicas, metricName, status, decision: { ...d, current: formatMilli(r.usage), proposal: r.replicas } };
  }
  const value = milli(src?.target.value);
  if (value !== undefined) {
    const d: HpaMetricDecision = { metric: metricName, target: src!.target.value! };
    const r = inp.calc.getExternalMetricReplicas(inp.specReplicas, value, name, inp.namespace, sel, inp.pods);
    if (!r.ok) return failed('FailedGetExternalMetric', r.error, d, `failed to get external metric ${name}: ${r.error}`);
    const status: MetricStatus = { type: 'External', external: { metric: id, current: { value: formatMilli(r.usage) } } };
    return { proposal: r.replicas, metricName, status, decision: { ...d, current: formatMilli(r.usage), proposal: r.replicas, ...(r.ready !== undefined ? { ready: r.ready } : {}) } };
  }
  const err = 'invalid external metric source: neither a value target nor an average value target was set';
  return failed('FailedGetExternalMetric', err, { metric: metricName, target: targetLabel(src?.target) });
}
