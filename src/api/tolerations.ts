// Toleration matching (core/v1 toleration.go ToleratesTaint, v1.28; k8s-semantics §4.1), shared
// by the scheduler's TaintToleration plugin and the NoExecute taint manager.
import type { Taint, Toleration } from './types.js';

/**
 * Toleration.ToleratesTaint: a set effect must equal the taint's, a set key must equal the
 * taint's; operator ""/Equal compares values, Exists matches any value. Empty key + Exists
 * tolerates everything; tolerationSeconds plays no part.
 */
export function toleratesTaint(t: Toleration, taint: Pick<Taint, 'key' | 'value' | 'effect'>): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  switch (t.operator ?? '') {
    case '': case 'Equal':
      return (t.value ?? '') === (taint.value ?? '');
    case 'Exists':
      return true;
    default:
      return false;
  }
}
