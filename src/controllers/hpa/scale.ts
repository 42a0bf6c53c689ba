// The scale subresource as the HPA reads it: the RESTMapper lookup of scaleTargetRef, GET
// <resource>/<name>/scale (spec.replicas, status.replicas, status.selector) and the pods the
// selector picks. Differs: kreplay serves scale for Deployments, ReplicaSets and StatefulSets only;
// the pods are those of the target's ReplicaSets (a StatefulSet's own pods) found through
// view.ownedBy that match the selector, not every pod of the namespace that matches it (see podsForScale).
import { compiled, matches } from '../../api/labels.js';
import type { Deployment, HorizontalPodAutoscaler, LabelSelector, Pod, ReplicaSet, StatefulSet } from '../../api/types.js';
import type { View } from '../../state/cluster.js';
import { scaleSelectorString } from './gofmt.js';

export interface Scale {
  target: Deployment | ReplicaSet | StatefulSet;
  /** scale.spec.replicas */
  specReplicas: number;
  /** scale.status.replicas */
  statusReplicas: number;
  /** scale.status.selector (a label selector string; "" = none) */
  selector: string;
  labelSelector: LabelSelector | undefined;
}

/** Kinds kreplay serves, by group, and whether they have a scale subresource. */
const SERVED: Record<string, Record<string, { plural: string; scale: boolean }>> = {
  '': { Pod: { plural: 'pods', scale: false }, Node: { plural: 'nodes', scale: false }, Namespace: { plural: 'namespaces', scale: false } },
  apps: {
    Deployment: { plural: 'deployments', scale: true }, ReplicaSet: { plural: 'replicasets', scale: true },
    StatefulSet: { plural: 'statefulsets', scale: true },
  },
  policy: { PodDisruptionBudget: { plural: 'poddisruptionbudgets', scale: false } },
  autoscaling: { HorizontalPodAutoscaler: { plural: 'horizontalpodautoscalers', scale: false } },
};

/** schema.ParseGroupVersion: "" and "v1" have group ""; "apps/v1" has group "apps"; more slashes are an error. */
export function parseGroup(apiVersion: string | undefined): { ok: true; group: string } | { ok: false; error: string } {
  const v = apiVersion ?? '';
  if (v === '' || v === '/') return { ok: true, group: '' };
  const parts = v.split('/');
  if (parts.length === 1) return { ok: true, group: '' };
  if (parts.length === 2) return { ok: true, group: parts[0]! };
  return { ok: false, error: `unexpected GroupVersion string: ${v}` };
}

/**
 * The target's scale, or the error upstream's scale client gives: an unknown kind is the
 * RESTMapper's "no matches for kind …", a kind without /scale a 404, a missing object NotFound.
 */
export function getScale(view: View, hpa: HorizontalPodAutoscaler): { ok: true; scale: Scale } | { ok: false; error: string } {
  const ref = hpa.spec.scaleTargetRef;
  const gv = parseGroup(ref.apiVersion);
  if (!gv.ok) return gv;
  const mapping = SERVED[gv.group]?.[ref.kind];
  if (!mapping) return { ok: false, error: `no matches for kind ${JSON.stringify(ref.kind)} in group ${JSON.stringify(gv.group)}` };
  if (!mapping.scale) return { ok: false, error: 'the server could not find the requested resource' };
  const ns = hpa.metadata.namespace ?? '';
  const target = ref.kind === 'Deployment' ? view.get('Deployment', ns, ref.name)
    : ref.kind === 'StatefulSet' ? view.get('StatefulSet', ns, ref.name) : view.get('ReplicaSet', ns, ref.name);
  if (!target) return { ok: false, error: `${mapping.plural}.${gv.group} ${JSON.stringify(ref.name)} not found` };
  const labelSelector = target.spec?.selector;
  return {
    ok: true,
    scale: {
      target,
      specReplicas: target.spec?.replicas ?? 1,
      statusReplicas: target.status?.replicas ?? 0,
      selector: scaleSelectorString(labelSelector),
      labelSelector,
    },
  };
}

/**
 * The pods the scale's selector picks, sorted by name. Upstream lists every pod of the namespace
 * matching the selector; here only the target's own pods (a Deployment's ReplicaSets' pods, a
 * ReplicaSet's or a StatefulSet's pods) are looked at, through the owner index, so a sync never scans the cluster's
 * pods. A pod that matches the selector but belongs to no ReplicaSet of the target (a bare pod,
 * or another workload's pod with overlapping labels) is not counted.
 */
export function podsForScale(view: View, scale: Scale): Pod[] {
  const sel = compiled(scale.labelSelector);
  const out: Pod[] = [];
  const owners = scale.target.kind === 'Deployment' ? view.ownedBy(scale.target.metadata.uid ?? '', 'ReplicaSet') : [scale.target];
  const seen = new Set<string>();
  for (const owner of owners) {
    for (const pod of view.ownedBy(owner.metadata.uid ?? '', 'Pod')) {
      if (seen.has(pod.metadata.name) || !matches(sel, pod.metadata.labels)) continue;
      seen.add(pod.metadata.name);
      out.push(pod);
    }
  }
  return out.sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0));
}
