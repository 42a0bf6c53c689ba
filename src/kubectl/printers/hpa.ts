// kubectl's HorizontalPodAutoscaler output: the `get hpa` columns (printHorizontalPodAutoscaler,
// formatHPAMetrics in pkg/printers/internalversion/printers.go) and `describe hpa`
// (describeHorizontalPodAutoscalerV2, kubectl/pkg/describe/describe.go), v1.28.
// Differs: TARGETS names the resource of Resource/ContainerResource metrics as v1.30 does (below).
import { goQuote } from '../../api/errors.js';
import type { Clock } from '../../api/time.js';
import type { HorizontalPodAutoscaler, HPAScalingRules, MetricSpec, MetricStatus, MetricValueStatus } from '../../api/types.js';
import { eventsFor, type KubeEvent } from '../events.js';
import { describeEvents, LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, PrefixWriter, printAnnotationsMultiline, printLabelsMultiline, type DescribeClock } from './describe-common.js';
import { canonicalQuantity, rfc1123z, since } from './units.js';

/** The `get hpa` headers after NAME. */
export const HPA_COLUMNS = ['REFERENCE', 'TARGETS', 'MINPODS', 'MAXPODS', 'REPLICAS', 'AGE'] as const;

/** formatHPAMetrics shows this many metrics, then "+ N more...". */
const MAX_TARGETS_SHOWN = 2;
const UNKNOWN = '<unknown>';

/** (*resource.Quantity).String(): canonical, "<nil>" for a nil pointer. */
const q = (v: string | undefined): string => (v === undefined ? '<nil>' : canonicalQuantity(v));
const percent = (n: number | undefined): string | undefined => (n === undefined ? undefined : `${n}%`);

type StatusOf<K extends 'resource' | 'containerResource' | 'pods' | 'object' | 'external'> = NonNullable<MetricStatus[K]>;

/** statuses[i].<source> when present: the status of a metric is the one at the same index. */
function statusAt<K extends 'resource' | 'containerResource' | 'pods' | 'object' | 'external'>(statuses: readonly MetricStatus[] | undefined, i: number, k: K): StatusOf<K> | undefined {
  return (statuses?.[i]?.[k] ?? undefined) as StatusOf<K> | undefined;
}

/** The `current` of a metric status, for sources whose current may be missing in hand-written objects. */
const cur = (s: { current?: MetricValueStatus } | undefined): MetricValueStatus => s?.current ?? {};

/**
 * formatHPAMetrics: each metric as "current/target", "<unknown>" until the controller has
 * measured it, "(avg)" for average-value targets of Object and External metrics; two shown,
 * then "+ N more...". `<none>` without metrics.
 *
 * Resource and ContainerResource metrics are prefixed with the resource name ("cpu: 62%/50%",
 * "cpu: <unknown>/50%"), as the API server's printer does since v1.30 (kubernetes/kubernetes
 * PR #122804 "Added metric resource name to HPA table", fixing kubectl#1540). v1.28 prints the
 * bare "62%/50%"; the issue kreplay models shows the named form, so every metric type is
 * printed as v1.30+ prints it — which leaves Pods, Object and External metrics unnamed.
 *
 * @example formatHPAMetrics(hpa.spec.metrics, hpa.status.currentMetrics) // "cpu: 62%/50%"
 */
export function formatHPAMetrics(specs: readonly MetricSpec[] | undefined, statuses: readonly MetricStatus[] | undefined): string {
  if (!specs || specs.length === 0) return '<none>';
  const list: string[] = [];
  specs.forEach((spec, i) => {
    switch (spec.type) {
      case 'External': case 'Object': {
        // a Value target, or an AverageValue one (printed with "(avg)")
        const t = spec.type === 'External' ? spec.external?.target : spec.object?.target;
        const s = statusAt(statuses, i, spec.type === 'External' ? 'external' : 'object');
        if (t?.averageValue !== undefined) {
          const current = s && cur(s).averageValue !== undefined ? q(cur(s).averageValue) : UNKNOWN;
          list.push(`${current}/${q(t.averageValue)} (avg)`);
        } else {
          list.push(`${s ? q(cur(s).value) : UNKNOWN}/${q(t?.value)}`);
        }
        break;
      }
      case 'Pods': {
        const s = statusAt(statuses, i, 'pods');
        list.push(`${s ? q(cur(s).averageValue) : UNKNOWN}/${q(spec.pods?.target.averageValue)}`);
        break;
      }
      case 'Resource': case 'ContainerResource': {
        const src = spec.type === 'Resource' ? spec.resource : spec.containerResource;
        const s = spec.type === 'Resource' ? statusAt(statuses, i, 'resource') : statusAt(statuses, i, 'containerResource');
        const name = src?.name ?? '';
        if (src?.target.averageValue !== undefined) {
          list.push(`${name}: ${s ? q(cur(s).averageValue) : UNKNOWN}/${q(src.target.averageValue)}`);
        } else {
          const current = percent(s ? cur(s).averageUtilization : undefined) ?? UNKNOWN;
          list.push(`${name}: ${current}/${percent(src?.target.averageUtilization) ?? '<auto>'}`);
        }
        break;
      }
      default: list.push('<unknown type>');
    }
  });
  const more = list.length - MAX_TARGETS_SHOWN;
  const shown = list.slice(0, MAX_TARGETS_SHOWN).join(', ');
  return more > 0 ? `${shown} + ${more} more...` : shown;
}

/**
 * printHorizontalPodAutoscaler: NAME, REFERENCE (Kind/Name), TARGETS, MINPODS ("<unset>"),
 * MAXPODS, REPLICAS (status.currentReplicas), AGE.
 * @example hpaCells(hpa, 60, clock) // ['web', 'Deployment/web', 'cpu: <unknown>/50%', '1', '10', '0', '60s']
 */
export function hpaCells(hpa: HorizontalPodAutoscaler, now: number, clock: Clock): string[] {
  const spec = hpa.spec;
  return [
    hpa.metadata.name,
    `${spec.scaleTargetRef?.kind ?? ''}/${spec.scaleTargetRef?.name ?? ''}`,
    formatHPAMetrics(spec.metrics, hpa.status?.currentMetrics),
    spec.minReplicas !== undefined ? String(spec.minReplicas) : '<unset>',
    String(spec.maxReplicas ?? 0),
    String(hpa.status?.currentReplicas ?? 0),
    since(hpa.metadata.creationTimestamp, now, clock),
  ];
}

export interface DescribeHorizontalPodAutoscalerContext extends DescribeClock {
  events?: readonly KubeEvent[];
}

/** One "( current / target )" line of describe's Metrics block. */
function describeMetric(w: PrefixWriter, metric: MetricSpec, i: number, statuses: readonly MetricStatus[] | undefined): void {
  switch (metric.type) {
    case 'External': {
      const ext = metric.external;
      const s = statusAt(statuses, i, 'external');
      const name = goQuote(ext?.metric.name ?? '');
      if (ext?.target.averageValue !== undefined) {
        const current = s && cur(s).averageValue !== undefined ? q(cur(s).averageValue) : UNKNOWN;
        w.write(LEVEL_1, `${name} (target average value):\t${current} / ${q(ext.target.averageValue)}\n`);
      } else {
        w.write(LEVEL_1, `${name} (target value):\t${s ? q(cur(s).value) : UNKNOWN} / ${q(ext?.target.value)}\n`);
      }
      return;
    }
    case 'Pods': {
      const s = statusAt(statuses, i, 'pods');
      w.write(LEVEL_1, `${goQuote(metric.pods?.metric.name ?? '')} on pods:\t${s ? q(cur(s).averageValue) : UNKNOWN} / ${q(metric.pods?.target.averageValue)}\n`);
      return;
    }
    case 'Object': {
      const obj = metric.object;
      const s = statusAt(statuses, i, 'object');
      w.write(LEVEL_1, `"${obj?.metric.name ?? ''}" on ${obj?.describedObject.kind ?? ''}/${obj?.describedObject.name ?? ''} `);
      if (obj?.target.type === 'AverageValue') w.write(LEVEL_0, `(target average value):\t${s ? q(cur(s).averageValue) : UNKNOWN} / ${q(obj.target.averageValue)}\n`);
      else w.write(LEVEL_0, `(target value):\t${s ? q(cur(s).value) : UNKNOWN} / ${q(obj?.target.value)}\n`);
      return;
    }
    case 'Resource': case 'ContainerResource': {
      const src = metric.type === 'Resource' ? metric.resource : metric.containerResource;
      const s = metric.type === 'Resource' ? statusAt(statuses, i, 'resource') : statusAt(statuses, i, 'containerResource');
      const container = metric.type === 'ContainerResource' ? ` of container "${metric.containerResource?.container ?? ''}"` : '';
      w.write(LEVEL_1, `resource ${src?.name ?? ''}${container} on pods`);
      if (src?.target.averageValue !== undefined) {
        w.write(LEVEL_0, `:\t${s ? q(cur(s).averageValue) : UNKNOWN} / ${q(src.target.averageValue)}\n`);
      } else {
        const util = s ? cur(s).averageUtilization : undefined;
        const current = util !== undefined ? `${util}% (${q(cur(s).averageValue)})` : UNKNOWN;
        // A second LEVEL_1 write: the two spaces before "(as a percentage …" are upstream's.
        w.write(LEVEL_1, `(as a percentage of request):\t${current} / ${percent(src?.target.averageUtilization) ?? '<auto>'}\n`);
      }
      return;
    }
    default:
      w.write(LEVEL_1, `<unknown metric type ${goQuote(String((metric as { type?: unknown }).type ?? ''))}>\n`);
  }
}

/** printDirectionBehavior: the window when set; the select policy and policies when there are policies. */
function printDirectionBehavior(w: PrefixWriter, direction: string, rules: HPAScalingRules | undefined): void {
  if (!rules) return;
  w.write(LEVEL_1, `${direction}:\n`);
  if (rules.stabilizationWindowSeconds !== undefined) w.write(LEVEL_2, `Stabilization Window: ${rules.stabilizationWindowSeconds} seconds\n`);
  if ((rules.policies ?? []).length === 0) return;
  w.write(LEVEL_2, `Select Policy: ${rules.selectPolicy ?? 'Max'}\n`);
  w.write(LEVEL_2, 'Policies:\n');
  for (const p of rules.policies!) w.write(LEVEL_3, `- Type: ${p.type}\tValue: ${p.value}\tPeriod: ${p.periodSeconds} seconds\n`);
}

/**
 * describeHorizontalPodAutoscalerV2: metadata, Reference, the Metrics block ( current / target ),
 * Min/Max replicas, Behavior when set, "<Kind> pods: N current / M desired", Conditions, Events.
 * @example describeHorizontalPodAutoscaler(hpa, { now, clock, events })
 */
export function describeHorizontalPodAutoscaler(hpa: HorizontalPodAutoscaler, ctx: DescribeHorizontalPodAutoscalerContext): string {
  const w = new PrefixWriter();
  const spec = hpa.spec;
  const st = hpa.status;
  const ref = spec.scaleTargetRef ?? { kind: '', name: '' };
  w.write(LEVEL_0, `Name:\t${hpa.metadata.name}\n`);
  w.write(LEVEL_0, `Namespace:\t${hpa.metadata.namespace ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', hpa.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', hpa.metadata.annotations);
  w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(hpa.metadata.creationTimestamp)}\n`);
  w.write(LEVEL_0, `Reference:\t${ref.kind}/${ref.name}\n`);
  w.write(LEVEL_0, 'Metrics:\t( current / target )\n');
  (spec.metrics ?? []).forEach((m, i) => describeMetric(w, m, i, st?.currentMetrics));
  w.write(LEVEL_0, `Min replicas:\t${spec.minReplicas !== undefined ? spec.minReplicas : '<unset>'}\n`);
  w.write(LEVEL_0, `Max replicas:\t${spec.maxReplicas ?? 0}\n`);
  if (spec.behavior) {
    w.write(LEVEL_0, 'Behavior:\n');
    printDirectionBehavior(w, 'Scale Up', spec.behavior.scaleUp);
    printDirectionBehavior(w, 'Scale Down', spec.behavior.scaleDown);
  }
  w.write(LEVEL_0, `${ref.kind} pods:\t`);
  w.write(LEVEL_0, `${st?.currentReplicas ?? 0} current / ${st?.desiredReplicas ?? 0} desired\n`);
  const conditions = st?.conditions ?? [];
  if (conditions.length > 0) {
    w.write(LEVEL_0, 'Conditions:\n');
    w.write(LEVEL_1, 'Type\tStatus\tReason\tMessage\n');
    w.write(LEVEL_1, '----\t------\t------\t-------\n');
    for (const c of conditions) w.write(LEVEL_1, `${c.type}\t${c.status}\t${c.reason ?? ''}\t${c.message ?? ''}\n`);
  }
  describeEvents(eventsFor(ctx.events ?? [], hpa), w, ctx);
  return w.toString();
}
