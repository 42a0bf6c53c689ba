// TaintToleration: Filter rejects a node with an untolerated NoSchedule/NoExecute taint; Score
// counts untolerated PreferNoSchedule taints (framework/plugins/tainttoleration, v1.28; matching
// from core/v1 toleration.go and helper FindMatchingUntoleratedTaint). Differs: none.
import type { Taint, Toleration } from '../../api/types.js';
import { toleratesTaint } from '../../api/tolerations.js';
import type { NodeInfo, PodInfo } from './framework.js';
import { newStatus, TAINT_TOLERATION, untoleratedTaintReason, type Status } from './messages.js';

/** Score weight in the default profile. */
export const TAINT_TOLERATION_WEIGHT = 3;

export function tolerationsTolerateTaint(tolerations: readonly Toleration[], taint: Pick<Taint, 'key' | 'value' | 'effect'>): boolean {
  for (const t of tolerations) if (toleratesTaint(t, taint)) return true;
  return false;
}

/** v1helper.FindMatchingUntoleratedTaint: the first taint (node order) no toleration tolerates. */
export function findMatchingUntoleratedTaint(taints: readonly Taint[], tolerations: readonly Toleration[]): number {
  for (let i = 0; i < taints.length; i++) if (!tolerationsTolerateTaint(tolerations, taints[i]!)) return i;
  return -1;
}

/** Filter: UnschedulableAndUnresolvable "node(s) had untolerated taint {key: value}". */
export function taintTolerationFilter(pod: PodInfo, node: NodeInfo): Status | null {
  if (node.hardTaints.length === 0) return null;
  const i = findMatchingUntoleratedTaint(node.hardTaints, pod.tolerations);
  if (i < 0) return null;
  let s = node.hardTaintStatus[i];
  if (!s) {
    const t = node.hardTaints[i]!;
    s = node.hardTaintStatus[i] = newStatus('UnschedulableAndUnresolvable', TAINT_TOLERATION, untoleratedTaintReason(t.key, t.value));
  }
  return s;
}

/** Tolerations with effect PreferNoSchedule or empty (PreScore). */
export function getAllTolerationPreferNoSchedule(tolerations: readonly Toleration[]): Toleration[] {
  return tolerations.filter((t) => !t.effect || t.effect === 'PreferNoSchedule');
}

/** Score (raw): untolerated PreferNoSchedule taints; normalised reversed, so fewer is better. */
export function countIntolerableTaintsPreferNoSchedule(taints: readonly Taint[], tolerations: readonly Toleration[]): number {
  let n = 0;
  for (const taint of taints) {
    if (taint.effect !== 'PreferNoSchedule') continue;
    if (!tolerationsTolerateTaint(tolerations, taint)) n++;
  }
  return n;
}

export function taintTolerationScore(pod: PodInfo, node: NodeInfo): number {
  if (node.preferNoScheduleTaints.length === 0) return 0;
  return countIntolerableTaintsPreferNoSchedule(node.preferNoScheduleTaints, pod.tolerationsPreferNoSchedule);
}
