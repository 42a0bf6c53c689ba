// How the disruption controller finds a pod's controller and its scale: the podControllerFinder
// functions of pkg/controller/disruption/disruption.go (v1.28) over kreplay's view.
// Differs: kreplay stores no ReplicationControllers (their finder finds nothing)
// and has no discovery: the scale subresource is answered from a table of well-known kinds.
import type { Deployment, OwnerReference, ReplicaSet } from '../../api/types.js';
import { controllerRef } from '../../api/podutil.js';
import type { View } from '../../state/cluster.js';

/** controllerAndScale: a controller's uid and its desired replicas. */
export interface ControllerAndScale {
  uid: string;
  scale: number;
}

/** A finder's answer: the controller and scale, null (not mine / not found), or an error message. */
export type FinderResult = ControllerAndScale | null | { error: string };

/** podControllerFinder: maps a controllerRef (in a namespace) to its controller and scale. */
export type PodControllerFinder = (ref: OwnerReference, namespace: string) => FinderResult;

function parseGroupVersion(apiVersion: string): { group: string; version: string } | { error: string } {
  const parts = apiVersion.split('/');
  if (parts.length === 1) return { group: '', version: parts[0]! };
  if (parts.length === 2) return { group: parts[0]!, version: parts[1]! };
  return { error: `unexpected GroupVersion string: ${apiVersion}` };
}

/** verifyGroupKind: the ref's kind is `kind` and its group one of `groups`. */
function verifyGroupKind(ref: OwnerReference, kind: string, groups: readonly string[]): boolean | { error: string } {
  const gv = parseGroupVersion(ref.apiVersion);
  if ('error' in gv) return gv;
  if (ref.kind !== kind) return false;
  return groups.includes(gv.group);
}

const replicasOf = (o: { spec: { replicas?: number } }): number => o.spec.replicas ?? 1;

/**
 * Resources that implement the scale subresource (autoscaling/v1 Scale) in a v1.28 cluster, and
 * the well-known ones that do not. Keys are "group/Kind".
 */
const SCALABLE: Readonly<Record<string, string>> = {
  'apps/Deployment': 'deployments.apps', 'apps/ReplicaSet': 'replicasets.apps', 'apps/StatefulSet': 'statefulsets.apps',
  'extensions/Deployment': 'deployments.extensions', 'extensions/ReplicaSet': 'replicasets.extensions', '/ReplicationController': 'replicationcontrollers',
};
const NOT_SCALABLE: Readonly<Record<string, string>> = {
  'apps/DaemonSet': 'daemonsets.apps', 'batch/Job': 'jobs.batch', 'batch/CronJob': 'cronjobs.batch', '/Node': 'nodes',
  '/Pod': 'pods', '/Service': 'services', '/ConfigMap': 'configmaps', '/Secret': 'secrets',
};

/**
 * The finders in upstream's order: ReplicationController, Deployment (via its ReplicaSet),
 * ReplicaSet without a Deployment, StatefulSet, then the scale subresource.
 */
export function podControllerFinders(view: View): PodControllerFinder[] {
  const rsOf = (ref: OwnerReference, ns: string): ReplicaSet | undefined => {
    const rs = view.get('ReplicaSet', ns, ref.name);
    return rs && rs.metadata.uid === ref.uid ? rs : undefined;
  };
  const getPodReplicationController: PodControllerFinder = (ref) => {
    const ok = verifyGroupKind(ref, 'ReplicationController', ['']);
    return ok === true ? null : typeof ok === 'object' ? ok : null; // kreplay stores no ReplicationControllers
  };
  const getPodDeployment: PodControllerFinder = (ref, ns) => {
    const ok = verifyGroupKind(ref, 'ReplicaSet', ['apps', 'extensions']);
    if (ok !== true) return typeof ok === 'object' ? ok : null;
    const rs = rsOf(ref, ns);
    if (!rs) return null;
    const dref = controllerRef(rs);
    if (!dref) return null;
    const ok2 = verifyGroupKind(dref, 'Deployment', ['apps', 'extensions']);
    if (ok2 !== true) return typeof ok2 === 'object' ? ok2 : null;
    const d: Deployment | undefined = view.get('Deployment', rs.metadata.namespace ?? '', dref.name);
    if (!d || d.metadata.uid !== dref.uid) return null;
    return { uid: d.metadata.uid!, scale: replicasOf(d) };
  };
  const getPodReplicaSet: PodControllerFinder = (ref, ns) => {
    const ok = verifyGroupKind(ref, 'ReplicaSet', ['apps', 'extensions']);
    if (ok !== true) return typeof ok === 'object' ? ok : null;
    const rs = rsOf(ref, ns);
    if (!rs) return null;
    if (controllerRef(rs)?.kind === 'Deployment') return null; // the Deployment's scale counts
    return { uid: rs.metadata.uid!, scale: replicasOf(rs) };
  };
  const getPodStatefulSet: PodControllerFinder = (ref, ns) => {
    const ok = verifyGroupKind(ref, 'StatefulSet', ['apps']);
    if (ok !== true) return typeof ok === 'object' ? ok : null;
    const ss = view.get('StatefulSet', ns, ref.name);
    if (!ss || ss.metadata.uid !== ref.uid) return null;
    return { uid: ss.metadata.uid!, scale: replicasOf(ss) };
  };
  const getScaleController: PodControllerFinder = (ref, ns) => {
    const gv = parseGroupVersion(ref.apiVersion);
    if ('error' in gv) return gv;
    const gk = `${gv.group}/${ref.kind}`;
    const resource = SCALABLE[gk];
    if (resource === undefined) {
      const missing = NOT_SCALABLE[gk];
      // the scale GET fails with NotFound, and discovery shows no <resource>/scale
      if (missing !== undefined) return { error: `${missing} does not implement the scale subresource` };
      return { error: `no matches for kind ${JSON.stringify(ref.kind)} in version ${JSON.stringify(ref.apiVersion)}` };
    }
    // the Scale of an object kreplay stores; anything else is NotFound on a scalable resource: no controller
    const obj = ref.kind === 'ReplicaSet' ? view.get('ReplicaSet', ns, ref.name) : ref.kind === 'Deployment' ? view.get('Deployment', ns, ref.name)
      : ref.kind === 'StatefulSet' ? view.get('StatefulSet', ns, ref.name) : undefined;
    if (!obj || obj.metadata.uid !== ref.uid) return null;
    return { uid: obj.metadata.uid!, scale: replicasOf(obj) };
  };
  return [getPodReplicationController, getPodDeployment, getPodReplicaSet, getPodStatefulSet, getScaleController];
}
