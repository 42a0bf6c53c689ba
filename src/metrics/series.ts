// Custom and external metric series (SimConfig.spec.metrics): identity, step-function lookup, the
// points timeline `metric:` steps add, and the API group/resource of a described object as the
// custom metrics API names it (k8s.io/apimachinery meta.UnsafeGuessKindToResource). Ours.
import type { MetricPoint, MetricSeries } from '../api/types.js';

/** A series without its points: what names it. */
export type MetricSeriesId = Omit<MetricSeries, 'points'>;

/** A point without its time: what a `metric:` step sets. */
export type MetricValue = Omit<MetricPoint, 'tick'>;

function sameLabels(a: Readonly<Record<string, string>> | undefined, b: Readonly<Record<string, string>> | undefined): boolean {
  const ka = Object.keys(a ?? {}).sort();
  const kb = Object.keys(b ?? {}).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && a![k] === b![k]);
}

/** The same metric: type, name, namespace and its selector (Pods, External) or object (Object). */
export function sameSeries(a: MetricSeriesId, b: MetricSeriesId): boolean {
  if (a.type !== b.type || a.name !== b.name || a.namespace !== b.namespace) return false;
  if (a.type === 'Object') return a.object?.name === b.object?.name && a.object?.kind.toLowerCase() === b.object?.kind.toLowerCase();
  return sameLabels(a.selector, b.selector);
}

/**
 * The point in force at `tick` (the latest at or before it), or undefined when there is none yet
 * or it is `absent`.
 */
export function pointAt(series: MetricSeries, tick: number): MetricPoint | undefined {
  let found: MetricPoint | undefined;
  for (const p of series.points) {
    if (p.tick > tick) break;
    found = p;
  }
  return found && !found.absent ? found : undefined;
}

/**
 * Add a point to the series `id` (created when missing), keeping points sorted by tick; a point
 * at a tick that already has one replaces it. Mutates `list` (an immer draft in the runner).
 */
export function addPoint(list: MetricSeries[], id: MetricSeriesId, point: MetricPoint): void {
  let series = list.find((s) => sameSeries(s, id));
  if (!series) {
    series = { ...copyId(id), points: [] };
    list.push(series);
    series = list[list.length - 1]!;
  }
  const i = series.points.findIndex((p) => p.tick >= point.tick);
  if (i === -1) series.points.push(point);
  else if (series.points[i]!.tick === point.tick) series.points[i] = point;
  else series.points.splice(i, 0, point);
}

/** The id's fields as plain JSON (no undefined members). */
export function copyId(id: MetricSeriesId): MetricSeriesId {
  const out: MetricSeriesId = { type: id.type, name: id.name, namespace: id.namespace };
  if (id.selector) out.selector = { ...id.selector };
  if (id.object) out.object = { kind: id.object.kind, name: id.object.name };
  return out;
}

/** "Pods http_requests_per_second{app=web}", "Object requests-per-second ingress/main" */
export function seriesLabel(id: MetricSeriesId): string {
  const ns = id.namespace !== 'default' ? ` -n ${id.namespace}` : '';
  if (id.type === 'Object') return `Object ${id.name} ${id.object ? `${id.object.kind.toLowerCase()}/${id.object.name}` : ''}${ns}`;
  const sel = Object.keys(id.selector ?? {}).sort().map((k) => `${k}=${id.selector![k]}`).join(',');
  return `${id.type} ${id.name}${sel ? `{${sel}}` : ''}${ns}`;
}

/** "total=900", "perPod=10", "value=2k", "absent" */
export function valueLabel(v: MetricValue): string {
  if (v.absent) return 'absent';
  if (v.total !== undefined) return `total=${v.total}`;
  if (v.perPod !== undefined) return `perPod=${v.perPod}`;
  return `value=${v.value ?? ''}`;
}

// ------------------------------------------------------------ kinds of described objects

interface KnownKind {
  kind: string;
  group: string;
  aliases: string[];
}

/** Kinds an Object metric commonly describes, with their API group and kubectl's short names. */
const KNOWN: readonly KnownKind[] = [
  { kind: 'Pod', group: '', aliases: ['po'] },
  { kind: 'Service', group: '', aliases: ['svc'] },
  { kind: 'Namespace', group: '', aliases: ['ns'] },
  { kind: 'Node', group: '', aliases: ['no'] },
  { kind: 'ConfigMap', group: '', aliases: ['cm'] },
  { kind: 'Ingress', group: 'networking.k8s.io', aliases: ['ing'] },
  { kind: 'Deployment', group: 'apps', aliases: ['deploy'] },
  { kind: 'ReplicaSet', group: 'apps', aliases: ['rs'] },
  { kind: 'StatefulSet', group: 'apps', aliases: ['sts'] },
  { kind: 'DaemonSet', group: 'apps', aliases: ['ds'] },
  { kind: 'Job', group: 'batch', aliases: [] },
  { kind: 'CronJob', group: 'batch', aliases: ['cj'] },
  { kind: 'HorizontalPodAutoscaler', group: 'autoscaling', aliases: ['hpa'] },
];

/** meta.UnsafeGuessKindToResource: "Ingress" → "ingresses", "Policy" → "policies", "Pod" → "pods". */
export function guessResource(kind: string): string {
  const singular = kind.toLowerCase();
  if (singular.endsWith('s')) return `${singular}es`;
  if (singular.endsWith('y')) return `${singular.slice(0, -1)}ies`;
  return `${singular}s`;
}

/**
 * The Kind a user wrote as `ingress`, `ingresses`, `ing` or `Ingress`; an unknown word is taken
 * as the Kind itself (a custom resource), with its first letter upper-cased.
 */
export function normalizeKind(word: string): string {
  const w = word.toLowerCase();
  for (const k of KNOWN) {
    if (k.kind.toLowerCase() === w || guessResource(k.kind) === w || k.aliases.includes(w)) return k.kind;
  }
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/**
 * GroupResource.String() of a described object, as the custom metrics API's errors print it
 * ("ingresses.networking.k8s.io", "services"): the group of `apiVersion`, else the kind's usual group.
 */
export function groupResource(kind: string, apiVersion?: string): string {
  let group: string;
  if (apiVersion !== undefined) group = apiVersion.includes('/') ? apiVersion.split('/')[0]! : '';
  else group = KNOWN.find((k) => k.kind.toLowerCase() === kind.toLowerCase())?.group ?? '';
  const resource = guessResource(kind);
  return group ? `${resource}.${group}` : resource;
}
