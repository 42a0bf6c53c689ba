// The inputs of one HPA decision, as written in `meta.data.decision` of every write a sync makes
// (the scale update and the HPA status update); `kreplay explain` reads it. kreplay's own shape.
import type { Json } from '../../api/types.js';

/** One metric's contribution to a decision. */
export interface HpaMetricDecision {
  /** upstream's metric name as used in reasons: 'cpu resource utilization (percentage of request)' */
  metric: string;
  /** the current value: '140%' (utilization) or a quantity ('250m', '12') */
  current?: string;
  /** the target: '50%' or a quantity */
  target: string;
  /** the replica count this metric proposes */
  proposal?: number;
  /** pods counted as ready / unready / without a sample / ignored (deleted or failed) */
  ready?: number;
  unready?: number;
  missing?: number;
  ignored?: number;
  /** why the metric gave no proposal (upstream's error text) */
  error?: string;
}

/**
 * Why an HPA sync chose its replica count.
 *
 * @example
 *   { current: 2, metrics: [{ metric: 'cpu resource utilization (percentage of request)', current: '140%',
 *     target: '50%', proposal: 6, ready: 2, unready: 0, missing: 0, ignored: 0 }],
 *     proposal: 6, stabilized: 6, desired: 4, reason: 'ScaleUpLimit', limitedBy: 'max(2×current, 4)' }
 */
export interface HpaDecision {
  /** scale.spec.replicas seen */
  current: number;
  metrics: HpaMetricDecision[];
  /** the metric proposal (max over metrics) or the out-of-range target */
  proposal: number;
  /** when an out-of-range branch applied: 'Current number of replicas above Spec.MaxReplicas' … */
  rule?: string;
  /** after the stabilization window */
  stabilized: number;
  /** after rate limits and min/max */
  desired: number;
  /** the reason that decided: DesiredWithinRange, ScaleUpLimit, ScaleDownStabilized … */
  reason: string;
  /** the limit that bound a change: 'Pods 4 per 60s', 'Percent 100 per 15s', 'max(2×current, 4)', 'maxReplicas 10' */
  limitedBy?: string;
}

/** The decision as plain JSON for `meta.data` (no undefined-valued keys). */
export function decisionJson(d: HpaDecision): Json {
  return JSON.parse(JSON.stringify(d)) as Json;
}
