// Label selectors (k8s.io/apimachinery/pkg/labels and metav1.LabelSelectorAsSelector): the
// structured form (matchLabels + matchExpressions), the string form kubectl takes with -l
// ("a=b,c!=d,e in (x,y),!f,g"), and node-selector requirements (In/NotIn/Exists/DoesNotExist/
// Gt/Lt) used by node affinity.
import type { LabelSelector, NodeSelectorRequirement } from './types.js';
import { isQualifiedName, isValidLabelValue } from './names.js';

export type Labels = Readonly<Record<string, string>>;

const INT = /^[+-]?\d+$/;

/** labels.NewRequirement's checks: a qualified-name key, label-syntax values. */
function checkRequirement(key: string, values: readonly string[]): void {
  const keyErrs = isQualifiedName(key);
  if (keyErrs.length > 0) throw new SelectorError(`key: Invalid value: ${JSON.stringify(key)}: ${keyErrs.join('; ')}`);
  values.forEach((v, i) => {
    const errs = isValidLabelValue(v);
    if (errs.length > 0) throw new SelectorError(`values[${i}][${key}]: Invalid value: ${JSON.stringify(v)}: ${errs.join('; ')}`);
  });
}

export type Operator = 'in' | 'notin' | 'exists' | '!' | '=' | '==' | '!=' | 'gt' | 'lt';

export interface Requirement {
  key: string;
  op: Operator;
  values: string[];
}

/** A parsed selector; `null` requirements = matches nothing (a nil LabelSelector). */
export interface Selector {
  requirements: Requirement[] | null;
}

export const EVERYTHING: Selector = { requirements: [] };
export const NOTHING: Selector = { requirements: null };

function matchesRequirement(r: Requirement, labels: Labels): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const v = labels[r.key];
  switch (r.op) {
    case 'in': case '=': case '==':
      return has && r.values.includes(v!);
    case 'notin': case '!=':
      return !has || !r.values.includes(v!);
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt': case 'lt': {
      if (!has || !/^-?\d+$/.test(v!)) return false;
      const n = Number(v);
      const bound = Number(r.values[0]);
      return r.op === 'gt' ? n > bound : n < bound;
    }
  }
}

export function matches(sel: Selector, labels: Labels | undefined): boolean {
  if (sel.requirements === null) return false;
  const l = labels ?? {};
  for (const r of sel.requirements) if (!matchesRequirement(r, l)) return false;
  return true;
}

export class SelectorError extends Error {}

/**
 * metav1.LabelSelectorAsSelector: nil → nothing; {} → everything. Throws SelectorError on an
 * invalid operator or values (In/NotIn need values, Exists/DoesNotExist take none).
 */
export function fromLabelSelector(ls: LabelSelector | undefined | null): Selector {
  if (ls === undefined || ls === null) return NOTHING;
  const reqs: Requirement[] = [];
  for (const k of Object.keys(ls.matchLabels ?? {}).sort()) {
    checkRequirement(k, [ls.matchLabels![k]!]);
    reqs.push({ key: k, op: '=', values: [ls.matchLabels![k]!] });
  }
  for (const e of ls.matchExpressions ?? []) {
    checkRequirement(e.key, e.values ?? []);
    switch (e.operator) {
      case 'In': case 'NotIn':
        if (!e.values || e.values.length === 0) throw new SelectorError(`for 'in', 'notin' operators, values set can't be empty`);
        reqs.push({ key: e.key, op: e.operator === 'In' ? 'in' : 'notin', values: [...e.values] });
        break;
      case 'Exists': case 'DoesNotExist':
        if (e.values && e.values.length > 0) throw new SelectorError(`values set must be empty for exists and does not exist`);
        reqs.push({ key: e.key, op: e.operator === 'Exists' ? 'exists' : '!', values: [] });
        break;
      default:
        throw new SelectorError(`"${String(e.operator)}" is not a valid label selector operator`);
    }
  }
  return { requirements: reqs };
}

const selectorCache = new WeakMap<object, Selector>();

/** fromLabelSelector, memoised per (immutable) selector object; invalid selectors match nothing. */
export function compiled(ls: LabelSelector | undefined | null): Selector {
  if (ls === undefined || ls === null) return NOTHING;
  let s = selectorCache.get(ls);
  if (!s) {
    try {
      s = fromLabelSelector(ls);
    } catch {
      s = NOTHING;
    }
    selectorCache.set(ls, s);
  }
  return s;
}

const labelSelectors = new WeakMap<Readonly<Record<string, string>>, LabelSelector>();

/**
 * `{matchLabels: labels}` as one object per (immutable) label map, so that its compiled selector
 * is cached too (rules and series of the simulation carry plain label maps).
 */
export function selectorOfLabels(labels: Readonly<Record<string, string>>): LabelSelector {
  let ls = labelSelectors.get(labels);
  if (!ls) {
    ls = { matchLabels: { ...labels } };
    labelSelectors.set(labels, ls);
  }
  return ls;
}

/** Does a LabelSelector (structured) match these labels? */
export function selectorMatches(ls: LabelSelector | undefined | null, labels: Labels | undefined): boolean {
  return matches(compiled(ls), labels);
}

/** Is the selector empty ({} — selects everything)? */
export function isEmptySelector(ls: LabelSelector | undefined | null): boolean {
  return !!ls && Object.keys(ls.matchLabels ?? {}).length === 0 && (ls.matchExpressions ?? []).length === 0;
}

// ------------------------------------------------------------ the string form

/**
 * Parse kubectl's -l syntax (labels.Parse): comma-separated requirements, each one of
 * `k`, `!k`, `k=v`, `k==v`, `k!=v`, `k in (a,b)`, `k notin (a,b)`, `k>n`, `k<n`.
 */
export function parseSelector(input: string): Selector {
  const s = input.trim();
  if (s === '') return EVERYTHING;
  const reqs: Requirement[] = [];
  let i = 0;
  const fail = (msg: string): never => { throw new SelectorError(`unable to parse requirement: ${msg}`); };
  const skipWs = (): void => { while (i < s.length && /\s/.test(s[i]!)) i++; };
  const readKey = (): string => {
    skipWs();
    const m = /^[A-Za-z0-9._\-/]+/.exec(s.slice(i));
    if (!m) fail(`found '${s.slice(i, i + 1) || 'EOF'}', expected: identifier`);
    i += m![0].length;
    return m![0];
  };
  const readValue = (): string => {
    skipWs();
    const m = /^[A-Za-z0-9._-]*/.exec(s.slice(i))!;
    i += m[0].length;
    return m[0];
  };
  while (i < s.length) {
    skipWs();
    if (s[i] === '!') {
      i++;
      reqs.push({ key: readKey(), op: '!', values: [] });
    } else {
      const key = readKey();
      skipWs();
      const rest = s.slice(i);
      let m: RegExpExecArray | null;
      if ((m = /^(==|=|!=)/.exec(rest))) {
        i += m[1]!.length;
        reqs.push({ key, op: m[1] as Operator, values: [readValue()] });
      } else if ((m = /^(in|notin)\s*\(/.exec(rest))) {
        i += m[0].length;
        const values: string[] = [];
        for (;;) {
          values.push(readValue());
          skipWs();
          if (s[i] === ',') { i++; continue; }
          if (s[i] === ')') { i++; break; }
          fail(`found '${s[i] ?? 'EOF'}', expected: ',', ')'`);
        }
        reqs.push({ key, op: m[1] as Operator, values: [...new Set(values)].sort() });
      } else if ((m = /^(>|<)/.exec(rest))) {
        i++;
        const v = readValue();
        if (!/^-?\d+$/.test(v)) fail(`for 'Gt', 'Lt' operators, the value must be an integer`);
        reqs.push({ key, op: m[1] === '>' ? 'gt' : 'lt', values: [v] });
      } else if (rest === '' || rest[0] === ',') {
        reqs.push({ key, op: 'exists', values: [] });
      } else {
        fail(`found '${rest[0]}', expected: in, notin, =, ==, !=, gt, lt`);
      }
    }
    skipWs();
    if (i < s.length) {
      if (s[i] !== ',') fail(`found '${s[i]}', expected: ','`);
      i++;
      if (i >= s.length) fail(`found 'EOF', expected: identifier`);
    }
  }
  for (const r of reqs) checkRequirement(r.key, r.op === 'gt' || r.op === 'lt' ? [] : r.values);
  // labels.Parse sorts by key (stable)
  reqs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { requirements: reqs };
}

/** Selector.String(): requirements sorted by key, as labels.Selector renders them. */
export function formatSelector(sel: Selector): string {
  if (sel.requirements === null) return ''; // labels.Nothing().String()
  const parts = [...sel.requirements].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map((r) => {
    switch (r.op) {
      case '=': return `${r.key}=${r.values[0]}`;
      case '==': return `${r.key}==${r.values[0]}`;
      case '!=': return `${r.key}!=${r.values[0]}`;
      case 'in': return `${r.key} in (${[...r.values].sort().join(',')})`;
      case 'notin': return `${r.key} notin (${[...r.values].sort().join(',')})`;
      case 'exists': return r.key;
      case '!': return `!${r.key}`;
      case 'gt': return `${r.key}>${r.values[0]}`;
      case 'lt': return `${r.key}<${r.values[0]}`;
    }
  });
  return parts.join(',');
}

/** metav1.FormatLabelSelector: what kubectl prints in SELECTOR columns ("<none>" when empty). */
export function formatLabelSelector(ls: LabelSelector | undefined | null): string {
  if (!ls) return '<none>';
  let sel: Selector;
  try {
    sel = fromLabelSelector(ls);
  } catch {
    return '<error>';
  }
  const s = formatSelector(sel);
  return s === '' ? '<none>' : s;
}

/** "a=1,b=2" — labels as kubectl prints them (sorted by key). */
export function formatLabels(labels: Labels | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) return '<none>';
  return keys.map((k) => `${k}=${labels![k]}`).join(',');
}

// ------------------------------------------------------------ node selectors

/** One node-selector requirement against node labels (or fields for matchFields). */
export function nodeRequirementMatches(r: NodeSelectorRequirement, labels: Labels): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const v = labels[r.key];
  switch (r.operator) {
    case 'In': return has && (r.values ?? []).includes(v!);
    case 'NotIn': return !has || !(r.values ?? []).includes(v!);
    case 'Exists': return has;
    case 'DoesNotExist': return !has;
    case 'Gt': case 'Lt': {
      // strconv.ParseInt: an optional sign and digits, nothing else
      if (!has || (r.values ?? []).length !== 1) return false;
      if (!INT.test(v!) || !INT.test(r.values![0]!)) return false;
      const n = Number(v);
      const bound = Number(r.values![0]);
      return r.operator === 'Gt' ? n > bound : n < bound;
    }
  }
}
