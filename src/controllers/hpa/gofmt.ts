// Go renderings that leak into upstream's messages: %+v of a *metav1.LabelSelector (its generated
// String(), k8s.io/apimachinery/pkg/apis/meta/v1/generated.pb.go) and labels.Selector.String().
import { formatSelector, fromLabelSelector, SelectorError } from '../../api/labels.js';
import type { LabelSelector } from '../../api/types.js';

/** `fmt.Sprintf("%+v", selector)` for a *metav1.LabelSelector: "nil" or "&LabelSelector{MatchLabels:map[string]string{a: b,},MatchExpressions:[]LabelSelectorRequirement{},}". */
export function goLabelSelector(ls: LabelSelector | undefined): string {
  if (!ls) return 'nil';
  const labels = ls.matchLabels ?? {};
  const keys = Object.keys(labels).sort();
  const m = `map[string]string{${keys.map((k) => `${k}: ${labels[k]},`).join('')}}`;
  const exprs = (ls.matchExpressions ?? [])
    .map((e) => `LabelSelectorRequirement{Key:${e.key},Operator:${e.operator},Values:[${(e.values ?? []).join(' ')}],},`)
    .join('');
  return `&LabelSelector{MatchLabels:${m},MatchExpressions:[]LabelSelectorRequirement{${exprs}},}`;
}

/** metav1.LabelSelectorAsSelector: the error text of an invalid selector, or undefined. */
export function labelSelectorError(ls: LabelSelector | undefined): string | undefined {
  if (!ls) return undefined;
  try {
    fromLabelSelector(ls);
    return undefined;
  } catch (e) {
    if (e instanceof SelectorError) return e.message;
    throw e;
  }
}

/** The scale subresource's status.selector: the selector's String() ("" when it selects everything). */
export function scaleSelectorString(ls: LabelSelector | undefined): string {
  if (!ls) return '';
  let s = selectorStrings.get(ls);
  if (s === undefined) {
    try {
      s = formatSelector(fromLabelSelector(ls));
    } catch {
      s = '';
    }
    selectorStrings.set(ls, s);
  }
  return s;
}

/** Memoised per (immutable) selector object: every sync of every HPA formats its target's. */
const selectorStrings = new WeakMap<LabelSelector, string>();
