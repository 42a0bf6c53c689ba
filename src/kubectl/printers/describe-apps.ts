// `kubectl describe deployment|replicaset`: describeDeployment, describeReplicaSet,
// DescribePodTemplate (kubectl/pkg/describe/describe.go, v1.28) and the new/old ReplicaSet lookup
// of kubectl/pkg/util/deployment (FindNewReplicaSet, FindOldReplicaSets).
// Differs: missing defaults (replicas 1, RollingUpdate 25%/25%) are shown as the API server sets them.
import { formatLabelSelector, formatSelector, fromLabelSelector, selectorMatches } from '../../api/labels.js';
import type { Deployment, Json, KObject, Pod, PodTemplateSpec, ReplicaSet } from '../../api/types.js';
import { eventsFor, type KubeEvent } from '../events.js';
import { describeEvents, LEVEL_0, LEVEL_1, PrefixWriter, printAnnotationsMultiline, printLabelsMultiline, type DescribeClock } from './describe-common.js';
import { describeContainers, describeVolumes } from './describe-pod.js';
import { rfc1123z } from './units.js';

export interface DescribeDeploymentContext extends DescribeClock {
  /** ReplicaSets of the namespace (or just this Deployment's); the ones it controls are picked out. */
  replicaSets: readonly ReplicaSet[];
  events?: readonly KubeEvent[];
}

export interface DescribeReplicaSetContext extends DescribeClock {
  /** Pods of the namespace (or just this ReplicaSet's); "Pods Status" counts the ones it controls. */
  pods: readonly Pod[];
  events?: readonly KubeEvent[];
}

/** JSON with sorted keys and without empty maps/lists (Semantic.DeepEqual treats nil and empty alike). */
function canonical(v: Json | undefined): string {
  const norm = (x: Json | undefined): Json | undefined => {
    if (Array.isArray(x)) return x.length === 0 ? undefined : x.map((e) => norm(e) ?? null);
    if (x === null || typeof x !== 'object') return x;
    const out: { [k: string]: Json } = {};
    for (const k of Object.keys(x).sort()) {
      const n = norm(x[k]);
      if (n !== undefined) out[k] = n;
    }
    return Object.keys(out).length === 0 ? undefined : out;
  };
  return JSON.stringify(norm(v) ?? null);
}

function templateWithoutHash(t: PodTemplateSpec): Json {
  const copy = JSON.parse(JSON.stringify(t)) as { metadata?: { labels?: Record<string, string> } };
  if (copy.metadata?.labels) delete copy.metadata.labels['pod-template-hash'];
  return copy as unknown as Json;
}

/** deploymentutil.EqualIgnoreHash */
export function equalIgnoreHash(a: PodTemplateSpec, b: PodTemplateSpec): boolean {
  return canonical(templateWithoutHash(a)) === canonical(templateWithoutHash(b));
}

function byCreation(a: KObject, b: KObject): number {
  const at = a.metadata.creationTimestamp ?? '';
  const bt = b.metadata.creationTimestamp ?? '';
  if (at !== bt) return at < bt ? -1 : 1;
  return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
}

/**
 * The Deployment's ReplicaSets (selector match and controllerRef), its new one (the oldest whose
 * template equals the Deployment's, ignoring pod-template-hash) and the old ones with replicas > 0.
 */
export function replicaSetsOf(d: Deployment, all: readonly ReplicaSet[]): { newRS: ReplicaSet | undefined; oldRSs: ReplicaSet[] } {
  const owned = all
    .filter((rs) => (rs.metadata.namespace ?? '') === (d.metadata.namespace ?? ''))
    .filter((rs) => rs.metadata.ownerReferences?.some((r) => r.controller === true && (d.metadata.uid === undefined || r.uid === d.metadata.uid) && r.kind === 'Deployment' && r.name === d.metadata.name))
    .filter((rs) => selectorMatches(d.spec.selector, rs.metadata.labels))
    .sort(byCreation);
  const newRS = owned.find((rs) => equalIgnoreHash(rs.spec.template, d.spec.template));
  const oldRSs = owned.filter((rs) => rs !== newRS && (rs.spec.replicas ?? 1) !== 0);
  return { newRS, oldRSs };
}

function replicaSetsByLabels(rss: readonly ReplicaSet[]): string {
  const list = rss.map((rs) => `${rs.metadata.name} (${rs.status?.replicas ?? 0}/${rs.spec.replicas ?? 1} replicas created)`).join(', ');
  return list || '<none>';
}

/** DescribePodTemplate */
export function describePodTemplate(w: PrefixWriter, template: PodTemplateSpec | undefined): void {
  w.write(LEVEL_0, 'Pod Template:\n');
  if (!template) {
    w.write(LEVEL_1, '<unset>');
    return;
  }
  printLabelsMultiline(w, '  Labels', template.metadata?.labels);
  if (Object.keys(template.metadata?.annotations ?? {}).length > 0) printAnnotationsMultiline(w, '  Annotations', template.metadata?.annotations);
  if (template.spec.serviceAccountName) w.write(LEVEL_1, `Service Account:\t${template.spec.serviceAccountName}\n`);
  if ((template.spec.initContainers ?? []).length > 0) describeContainers(w, 'Init Containers', template.spec.initContainers!, undefined, undefined, '  ');
  describeContainers(w, 'Containers', template.spec.containers, undefined, undefined, '  ');
  describeVolumes(w, template.spec.volumes, '  ');
  if (template.spec.priorityClassName) w.write(LEVEL_1, `Priority Class Name:\t${template.spec.priorityClassName}\n`);
}

function intOrPercent(v: number | string | undefined, dflt: string): string {
  return v === undefined ? dflt : String(v);
}

/**
 * `kubectl describe deployment`.
 * @example describeDeployment(d, { replicaSets, events, now: 300, clock })
 */
export function describeDeployment(d: Deployment, ctx: DescribeDeploymentContext): string {
  const w = new PrefixWriter();
  const st = d.status ?? {};
  let selector: string;
  try {
    selector = formatSelector(fromLabelSelector(d.spec.selector));
  } catch (e) {
    return `error: ${(e as Error).message}\n`;
  }
  w.write(LEVEL_0, `Name:\t${d.metadata.name}\n`);
  w.write(LEVEL_0, `Namespace:\t${d.metadata.namespace ?? ''}\n`);
  w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(d.metadata.creationTimestamp)}\n`);
  printLabelsMultiline(w, 'Labels', d.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', d.metadata.annotations);
  w.write(LEVEL_0, `Selector:\t${selector}\n`);
  w.write(LEVEL_0, `Replicas:\t${d.spec.replicas ?? 1} desired | ${st.updatedReplicas ?? 0} updated | ${st.replicas ?? 0} total | ${st.availableReplicas ?? 0} available | ${st.unavailableReplicas ?? 0} unavailable\n`);
  const strategy = d.spec.strategy?.type ?? 'RollingUpdate';
  w.write(LEVEL_0, `StrategyType:\t${strategy}\n`);
  w.write(LEVEL_0, `MinReadySeconds:\t${d.spec.minReadySeconds ?? 0}\n`);
  if (strategy === 'RollingUpdate') {
    const ru = d.spec.strategy?.rollingUpdate;
    w.write(LEVEL_0, `RollingUpdateStrategy:\t${intOrPercent(ru?.maxUnavailable, '25%')} max unavailable, ${intOrPercent(ru?.maxSurge, '25%')} max surge\n`);
  }
  describePodTemplate(w, d.spec.template);
  if ((st.conditions ?? []).length > 0) {
    w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\tReason\n');
    w.write(LEVEL_1, '----\t------\t------\n');
    for (const c of st.conditions!) w.write(LEVEL_1, `${c.type} \t${c.status}\t${c.reason ?? ''}\n`);
  }
  const { newRS, oldRSs } = replicaSetsOf(d, ctx.replicaSets);
  w.write(LEVEL_0, `OldReplicaSets:\t${replicaSetsByLabels(oldRSs)}\n`);
  w.write(LEVEL_0, `NewReplicaSet:\t${replicaSetsByLabels(newRS ? [newRS] : [])}\n`);
  describeEvents(eventsFor(ctx.events ?? [], d), w, ctx);
  return w.toString();
}

/** getPodStatusForController: pods selected and controlled by `owner`, counted by phase. */
export function podStatusCounts(owner: KObject & { spec: { selector: ReplicaSet['spec']['selector'] } }, pods: readonly Pod[]): { running: number; waiting: number; succeeded: number; failed: number } {
  const counts = { running: 0, waiting: 0, succeeded: 0, failed: 0 };
  for (const p of pods) {
    if ((p.metadata.namespace ?? '') !== (owner.metadata.namespace ?? '')) continue;
    if (!selectorMatches(owner.spec.selector, p.metadata.labels)) continue;
    const ref = p.metadata.ownerReferences?.find((r) => r.controller === true);
    if (!ref || (owner.metadata.uid !== undefined ? ref.uid !== owner.metadata.uid : ref.name !== owner.metadata.name)) continue;
    switch (p.status?.phase) {
      case 'Running': counts.running++; break;
      case 'Pending': counts.waiting++; break;
      case 'Succeeded': counts.succeeded++; break;
      case 'Failed': counts.failed++; break;
      default: break;
    }
  }
  return counts;
}

/**
 * `kubectl describe replicaset`.
 * @example describeReplicaSet(rs, { pods, events, now: 300, clock })
 */
export function describeReplicaSet(rs: ReplicaSet, ctx: DescribeReplicaSetContext): string {
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${rs.metadata.name}\n`);
  w.write(LEVEL_0, `Namespace:\t${rs.metadata.namespace ?? ''}\n`);
  w.write(LEVEL_0, `Selector:\t${formatLabelSelector(rs.spec.selector)}\n`);
  printLabelsMultiline(w, 'Labels', rs.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', rs.metadata.annotations);
  const owner = rs.metadata.ownerReferences?.find((r) => r.controller === true);
  if (owner) w.write(LEVEL_0, `Controlled By:\t${owner.kind}/${owner.name}\n`);
  w.write(LEVEL_0, `Replicas:\t${rs.status?.replicas ?? 0} current / ${rs.spec.replicas ?? 1} desired\n`);
  const c = podStatusCounts(rs, ctx.pods);
  w.write(LEVEL_0, 'Pods Status:\t');
  w.write(LEVEL_0, `${c.running} Running / ${c.waiting} Waiting / ${c.succeeded} Succeeded / ${c.failed} Failed\n`);
  describePodTemplate(w, rs.spec.template);
  if ((rs.status?.conditions ?? []).length > 0) {
    w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\tReason\n');
    w.write(LEVEL_1, '----\t------\t------\n');
    for (const x of rs.status.conditions!) w.write(LEVEL_1, `${x.type} \t${x.status}\t${x.reason ?? ''}\n`);
  }
  describeEvents(eventsFor(ctx.events ?? [], rs), w, ctx);
  return w.toString();
}
