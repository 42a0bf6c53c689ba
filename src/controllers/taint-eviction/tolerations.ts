// Toleration matching for NoExecute taints (core/v1 toleration.go ToleratesTaint,
// pkg/apis/core/v1/helper GetMatchingTolerations, taint_manager.go getMinTolerationTime and
// getNoExecuteTaints), v1.28 (k8s-semantics §4.1, §4.4). Differs: none.
import type { Taint, Toleration } from '../../api/types.js';
import { toleratesTaint } from '../../api/tolerations.js';

/**
 * GetMatchingTolerations: no taints → (true, []); taints but no tolerations → (false, []); else
 * for each taint the first toleration (pod order) that tolerates it; any untolerated → (false, []).
 */
export function getMatchingTolerations(taints: readonly Taint[], tolerations: readonly Toleration[]): [boolean, Toleration[]] {
  if (taints.length === 0) return [true, []];
  if (tolerations.length === 0) return [false, []];
  const used: Toleration[] = [];
  for (const taint of taints) {
    const t = tolerations.find((x) => toleratesTaint(x, taint));
    if (!t) return [false, []];
    used.push(t);
  }
  return [true, used];
}

/**
 * getMinTolerationTime in seconds: [] → 0 (evict now); any tolerationSeconds ≤ 0 → 0; none set
 * → -1 (tolerated forever); else the smallest tolerationSeconds.
 */
export function getMinTolerationTime(tolerations: readonly Toleration[]): number {
  if (tolerations.length === 0) return 0;
  let min = Infinity;
  for (const t of tolerations) {
    if (t.tolerationSeconds === undefined || t.tolerationSeconds === null) continue;
    if (t.tolerationSeconds <= 0) return 0;
    if (t.tolerationSeconds < min) min = t.tolerationSeconds;
  }
  return min === Infinity ? -1 : min;
}

export function getNoExecuteTaints(taints: readonly Taint[] | undefined): Taint[] {
  return (taints ?? []).filter((t) => t.effect === 'NoExecute');
}
