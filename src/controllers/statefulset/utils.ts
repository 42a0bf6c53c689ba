// Pod identity and health for StatefulSets: pkg/controller/statefulset/stateful_set_utils.go (v1.28,
// StatefulSetStartOrdinal and PodIndexLabel on). Differs: no storage (volumeClaimTemplates make no
// PVCs, so storageMatches/updateStorage are absent) and pods are built with the API server's defaults.
import type { ApiServerSettings, OwnerReference, Pod, StatefulSet } from '../../api/types.js';
import { isPodAvailable, isPodReady } from '../../api/podutil.js';
import type { Clock } from '../../api/time.js';
import { podForCreate } from '../../state/apiserver.js';

export const CONTROLLER_NAME = 'statefulset-controller';
/** apps.StatefulSetPodNameLabel */
export const STATEFULSET_POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
/** apps.PodIndexLabel (PodIndexLabel, beta and on in v1.28) */
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';
/** apps.ControllerRevisionHashLabelKey */
export const CONTROLLER_REVISION_HASH_LABEL = 'controller-revision-hash';

/** statefulPodRegex: the parent's name and the ordinal of a pod named "<parent>-<ordinal>". */
const STATEFUL_POD_REGEX = /^(.*)-([0-9]+)$/;

/** getParentNameAndOrdinal: ("", -1) when the name does not have the form. */
export function getParentNameAndOrdinal(pod: Pod): { parent: string; ordinal: number } {
  const m = STATEFUL_POD_REGEX.exec(pod.metadata.name);
  if (!m) return { parent: '', ordinal: -1 };
  const ordinal = Number.parseInt(m[2]!, 10);
  // strconv.ParseInt(…, 10, 32) fails beyond int32: the ordinal stays -1
  return { parent: m[1]!, ordinal: ordinal > 2 ** 31 - 1 ? -1 : ordinal };
}

export const getOrdinal = (pod: Pod): number => getParentNameAndOrdinal(pod).ordinal;

/** getStartOrdinal: spec.ordinals.start, else 0. */
export const getStartOrdinal = (set: StatefulSet): number => set.spec.ordinals?.start ?? 0;

/** getEndOrdinal: the last ordinal of the range (start + replicas - 1). */
export const getEndOrdinal = (set: StatefulSet): number => getStartOrdinal(set) + (set.spec.replicas ?? 1) - 1;

/** podInOrdinalRange */
export function podInOrdinalRange(pod: Pod, set: StatefulSet): boolean {
  const o = getOrdinal(pod);
  return o >= getStartOrdinal(set) && o <= getEndOrdinal(set);
}

/** getPodName: "<set>-<ordinal>". */
export const getPodName = (set: StatefulSet, ordinal: number): string => `${set.metadata.name}-${ordinal}`;

/** isMemberOf: the pod's parent name is the set's. */
export const isMemberOf = (set: StatefulSet, pod: Pod): boolean => getParentNameAndOrdinal(pod).parent === set.metadata.name;

/** identityMatches: name, namespace and the pod-name label are the set's (the pod-index label too). */
export function identityMatches(set: StatefulSet, pod: Pod): boolean {
  const ordinal = getOrdinal(pod);
  const labels = pod.metadata.labels ?? {};
  return ordinal >= 0 && set.metadata.name === getParentNameAndOrdinal(pod).parent &&
    pod.metadata.name === getPodName(set, ordinal) && (pod.metadata.namespace ?? '') === (set.metadata.namespace ?? '') &&
    labels[STATEFULSET_POD_NAME_LABEL] === pod.metadata.name && labels[POD_INDEX_LABEL] === String(ordinal);
}

/** isCreated: the pod has a phase (the API server gave it Pending). */
export const isCreated = (pod: Pod): boolean => (pod.status?.phase ?? '') !== '';
export const isFailed = (pod: Pod): boolean => pod.status?.phase === 'Failed';
/** isTerminating: any deletionTimestamp (upstream's own helper, unlike podutil's). */
export const isTerminating = (pod: Pod): boolean => pod.metadata.deletionTimestamp !== undefined;
/** isRunningAndReady: phase Running and the Ready condition True. */
export const isRunningAndReady = (pod: Pod): boolean => pod.status?.phase === 'Running' && isPodReady(pod);
/** isRunningAndAvailable: podutil.IsPodAvailable (Ready for more than minReadySeconds). */
export const isRunningAndAvailable = (pod: Pod, minReadySeconds: number, nowTick: number, clock: Clock): boolean =>
  isPodAvailable(pod, minReadySeconds, nowTick, clock);
/** isHealthy: running, ready and not terminating. */
export const isHealthy = (pod: Pod): boolean => isRunningAndReady(pod) && !isTerminating(pod);

/** getPodRevision: the controller-revision-hash label. */
export const getPodRevision = (pod: Pod): string => pod.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] ?? '';

/** metav1.NewControllerRef(set, apps/v1 StatefulSet) */
export function newControllerRef(set: StatefulSet): OwnerReference {
  return { apiVersion: 'apps/v1', kind: 'StatefulSet', name: set.metadata.name, uid: set.metadata.uid ?? '', controller: true, blockOwnerDeletion: true };
}

/**
 * newStatefulSetPod + setPodRevision: GetPodFromTemplate (labels, annotations, finalizers and spec
 * of `template`, the controllerRef), the name "<set>-<ordinal>", initIdentity (pod-name and
 * pod-index labels; hostname = pod name, subdomain = serviceName), the revision label, then the
 * pod strategy's PrepareForCreate (podForCreate). `template` is the template of the pod's
 * revision (newVersionedStatefulSetPod picks it).
 */
export function newStatefulSetPod(set: StatefulSet, template: StatefulSet['spec']['template'], revision: string, ordinal: number, settings?: ApiServerSettings): Pod | { error: string } {
  const md = template.metadata ?? {};
  const name = getPodName(set, ordinal);
  const labels: Record<string, string> = { ...(md.labels ?? {}), [STATEFULSET_POD_NAME_LABEL]: name, [POD_INDEX_LABEL]: String(ordinal), [CONTROLLER_REVISION_HASH_LABEL]: revision };
  const metadata: Pod['metadata'] = { name, namespace: set.metadata.namespace ?? '', labels };
  if (md.annotations) metadata.annotations = md.annotations;
  if (md.finalizers?.length) metadata.finalizers = md.finalizers;
  metadata.ownerReferences = [newControllerRef(set)];
  const spec: Pod['spec'] = { ...template.spec, hostname: name };
  if (set.spec.serviceName) spec.subdomain = set.spec.serviceName;
  return podForCreate({ apiVersion: 'v1', kind: 'Pod', metadata, spec, status: {} }, settings);
}
