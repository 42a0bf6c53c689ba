// NodeAffinity: nodeSelector + required node affinity (Filter, and the PreFilter that narrows a
// pod to the nodes its matchFields metadata.name terms name), preferred terms (Score). Follows
// framework/plugins/nodeaffinity and component-helpers/scheduling/corev1/nodeaffinity (v1.28).
// Differs: a preferred term that does not parse is skipped (upstream fails the whole cycle).
import type { Labels } from '../../api/labels.js';
import type { NodeSelectorRequirement, NodeSelectorTerm, PodSpec } from '../../api/types.js';
import type { NodeInfo, PodInfo } from './framework.js';
import { ERR_REASON_AFFINITY, NODE_AFFINITY, newStatus, type Status } from './messages.js';

/** Score weight in the default profile. */
export const NODE_AFFINITY_WEIGHT = 2;

/** A parsed NodeSelectorTerm; `valid: false` = a parse error (the term matches nothing). */
export interface ParsedTerm {
  valid: boolean;
  exprs: readonly NodeSelectorRequirement[];
  fields: readonly NodeSelectorRequirement[];
}

/** nodeaffinity.RequiredNodeAffinity: spec.nodeSelector AND (OR of the required terms). */
export interface RequiredNodeAffinity {
  /** nodeSelector as [key, value] pairs, or null when the pod has none */
  selector: readonly (readonly [string, string])[] | null;
  /** the non-empty required terms, or null when the pod has no required node affinity */
  terms: readonly ParsedTerm[] | null;
}

export interface PreferredTerm {
  weight: number;
  term: ParsedTerm;
}

const INT64 = /^[+-]?\d+$/;

/** labels.NewRequirement's validation for the operators node selectors allow. */
function validExpression(r: NodeSelectorRequirement): boolean {
  const n = r.values?.length ?? 0;
  switch (r.operator) {
    case 'In': case 'NotIn': return n > 0;
    case 'Exists': case 'DoesNotExist': return n === 0;
    case 'Gt': case 'Lt': return n === 1 && INT64.test(r.values![0]!);
    default: return false;
  }
}

/** nodeSelectorRequirementsAsFieldSelector: In / NotIn with exactly one value. */
function validField(r: NodeSelectorRequirement): boolean {
  return (r.operator === 'In' || r.operator === 'NotIn') && (r.values?.length ?? 0) === 1;
}

function isEmptyTerm(t: NodeSelectorTerm): boolean {
  return (t.matchExpressions?.length ?? 0) === 0 && (t.matchFields?.length ?? 0) === 0;
}

function parseTerm(t: NodeSelectorTerm): ParsedTerm {
  const exprs = t.matchExpressions ?? [];
  const fields = t.matchFields ?? [];
  return { valid: exprs.every(validExpression) && fields.every(validField), exprs, fields };
}

function expressionMatches(r: NodeSelectorRequirement, labels: Labels): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const v = labels[r.key];
  switch (r.operator) {
    case 'In': return has && r.values!.includes(v!);
    case 'NotIn': return !has || !r.values!.includes(v!);
    case 'Exists': return has;
    case 'DoesNotExist': return !has;
    case 'Gt': case 'Lt': {
      if (!has || !INT64.test(v!)) return false;
      const n = Number(v);
      const bound = Number(r.values![0]);
      return r.operator === 'Gt' ? n > bound : n < bound;
    }
  }
}

/** A field requirement against the node's only field, metadata.name (others read as ""). */
function fieldMatches(r: NodeSelectorRequirement, nodeName: string): boolean {
  const actual = r.key === 'metadata.name' ? nodeName : '';
  const equal = actual === r.values![0];
  return r.operator === 'In' ? equal : !equal;
}

export function termMatches(t: ParsedTerm, node: NodeInfo): boolean {
  if (!t.valid) return false;
  for (const r of t.exprs) if (!expressionMatches(r, node.labels)) return false;
  for (const r of t.fields) if (!fieldMatches(r, node.name)) return false;
  return true;
}

/** GetRequiredNodeAffinity (null when the pod constrains nothing: the Filter is skipped). */
export function parseRequiredNodeAffinity(spec: PodSpec): RequiredNodeAffinity | null {
  const ns = spec.nodeSelector;
  const selector = ns && Object.keys(ns).length > 0 ? Object.keys(ns).sort().map((k) => [k, ns[k]!] as const) : null;
  const req = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  // An empty term selects nothing; a required affinity with no usable term matches no node.
  const terms = req ? (req.nodeSelectorTerms ?? []).filter((t) => !isEmptyTerm(t)).map(parseTerm) : null;
  if (selector === null && terms === null) return null;
  return { selector, terms };
}

/** RequiredNodeAffinity.Match */
export function requiredMatches(a: RequiredNodeAffinity, node: NodeInfo): boolean {
  if (a.selector) {
    for (const [k, v] of a.selector) if (node.labels[k] !== v) return false;
  }
  if (a.terms) {
    for (const t of a.terms) if (termMatches(t, node)) return true;
    return false;
  }
  return true;
}

const AFFINITY_STATUS = newStatus('UnschedulableAndUnresolvable', NODE_AFFINITY, ERR_REASON_AFFINITY);

/** Filter: UnschedulableAndUnresolvable "node(s) didn't match Pod's node affinity/selector". */
export function nodeAffinityFilter(pod: PodInfo, node: NodeInfo): Status | null {
  if (pod.required === null || requiredMatches(pod.required, node)) return null;
  return AFFINITY_STATUS;
}

/**
 * PreFilter: when every required term names nodes through matchFields metadata.name In (the
 * DaemonSet controller's pods), only those nodes are candidates. Terms are ORed (union), the
 * requirements inside a term ANDed (intersection). Returns null when any term leaves all nodes
 * open, and 'conflict' when the terms name no node at all (UnschedulableAndUnresolvable).
 */
export function preFilterNodeNames(spec: PodSpec): ReadonlySet<string> | 'conflict' | null {
  const terms = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (!terms || terms.length === 0) return null;
  let names: Set<string> | null = null;
  for (const t of terms) {
    let termNames: Set<string> | null = null;
    for (const r of t.matchFields ?? []) {
      if (r.key !== 'metadata.name' || r.operator !== 'In') continue;
      const s = new Set<string>(r.values ?? []);
      termNames = termNames === null ? s : intersect(termNames, s);
    }
    if (termNames === null) return null;
    names = names ?? new Set();
    for (const n of termNames) names.add(n);
  }
  if (names !== null && names.size === 0) return 'conflict';
  return names;
}

function intersect(a: ReadonlySet<string>, b: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  for (const x of a) if (b.has(x)) out.add(x);
  return out;
}

/** NewPreferredSchedulingTerms: weight-0 and empty terms are dropped. */
export function parsePreferredTerms(spec: PodSpec): PreferredTerm[] {
  const prefs = spec.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
  const out: PreferredTerm[] = [];
  for (const p of prefs) {
    if (!p.weight || isEmptyTerm(p.preference)) continue;
    const term = parseTerm(p.preference);
    if (term.valid) out.push({ weight: p.weight, term });
  }
  return out;
}

/** Score (raw): Σ weights of the preferred terms the node matches; normalised, not reversed. */
export function nodeAffinityScore(pod: PodInfo, node: NodeInfo): number {
  let score = 0;
  for (const p of pod.preferred) if (termMatches(p.term, node)) score += p.weight;
  return score;
}
