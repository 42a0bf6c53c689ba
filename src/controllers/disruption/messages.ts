// Event messages of the disruption controller that print Go values: the generated String() of a
// *metav1.LabelSelector (gogo-protobuf's, as %v prints it). Follows
// staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/generated.pb.go (v1.28).
import type { LabelSelector } from '../../api/types.js';

/** (*LabelSelector).String(): "&LabelSelector{MatchLabels:map[string]string{app: web,},MatchExpressions:[]LabelSelectorRequirement{},}". */
export function labelSelectorString(sel: LabelSelector | undefined): string {
  if (!sel) return 'nil';
  let exprs = '[]LabelSelectorRequirement{';
  for (const e of sel.matchExpressions ?? []) exprs += `LabelSelectorRequirement{Key:${e.key},Operator:${e.operator},Values:[${(e.values ?? []).join(' ')}],},`;
  exprs += '}';
  let labels = 'map[string]string{';
  for (const k of Object.keys(sel.matchLabels ?? {}).sort()) labels += `${k}: ${sel.matchLabels![k]},`;
  labels += '}';
  return `&LabelSelector{MatchLabels:${labels},MatchExpressions:${exprs},}`;
}

/** The UnmanagedPods warning (trySync). */
export function unmanagedPodsMessage(sel: LabelSelector | undefined): string {
  return `Pods selected by this PodDisruptionBudget (selector: ${labelSelectorString(sel)}) were found to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. To account for these pods please set ".spec.minAvailable" field of the PDB to an integer value.`;
}
