// Pod creation and deletion on behalf of a ReplicaSet: RealPodControl and GetPodFromTemplate from
// pkg/controller/controller_utils.go, with the API server's namespace admission folded in (a create
// in a missing namespace fails; in a terminating one it fails with NamespaceTerminatingCause).
import type { ApiServerSettings, KObject, OwnerReference, Pod, PodTemplateSpec, ReplicaSet } from '../../api/types.js';
import { deleteObject, podForCreate } from '../../state/apiserver.js';
import type { Ctx } from '../../state/controller.js';
import { refOf } from '../../state/events.js';
import { ApiError } from './slowstart.js';

export const CONTROLLER_NAME = 'replicaset-controller';

/** Event reasons of controller_utils.go */
export const SUCCESSFUL_CREATE_POD_REASON = 'SuccessfulCreate';
export const FAILED_CREATE_POD_REASON = 'FailedCreate';
export const SUCCESSFUL_DELETE_POD_REASON = 'SuccessfulDelete';

/** metav1.NewControllerRef(rs, apps/v1 ReplicaSet) */
export function newControllerRef(rs: ReplicaSet): OwnerReference {
  return { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs.metadata.name, uid: rs.metadata.uid ?? '', controller: true, blockOwnerDeletion: true };
}

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * getPodsPrefix: "<name>-" unless that is not a valid generateName prefix (ValidatePodName with
 * prefix=true masks a trailing dash, then checks a DNS-1123 subdomain of at most 253 characters).
 */
export function getPodsPrefix(controllerName: string): string {
  const prefix = `${controllerName}-`;
  const masked = prefix.slice(0, -1) + 'a';
  return masked.length <= 253 && DNS1123_SUBDOMAIN.test(masked) ? prefix : controllerName;
}

/**
 * GetPodFromTemplate: labels, annotations and finalizers from the template, generateName
 * "<rs>-", the controllerRef, the template's spec (shared: objects are immutable here, upstream
 * deep-copies), then the pod strategy's PrepareForCreate (podForCreate).
 */
export function getPodFromTemplate(template: PodTemplateSpec, rs: ReplicaSet, controllerRef: OwnerReference, settings?: ApiServerSettings): Pod | ApiError {
  const md = template.metadata ?? {};
  const metadata: Pod['metadata'] = { name: '', generateName: getPodsPrefix(rs.metadata.name), namespace: rs.metadata.namespace ?? '' };
  // The template's maps are immutable values, so the pods share them instead of copying.
  if (md.labels) metadata.labels = md.labels;
  if (md.annotations) metadata.annotations = md.annotations;
  if (md.finalizers?.length) metadata.finalizers = md.finalizers;
  metadata.ownerReferences = [controllerRef];
  const admitted = podForCreate({ apiVersion: 'v1', kind: 'Pod', metadata, spec: template.spec, status: {} }, settings);
  return 'error' in admitted ? new ApiError(admitted.error) : admitted;
}

/** A create the API server refused at admission: recorded like any failed create. */
export function failCreate(ctx: Ctx, rs: ReplicaSet, err: ApiError, cause: number): ApiError {
  ctx.record(rs, { type: 'PodCreateFailed', cause, note: { type: 'Warning', reason: FAILED_CREATE_POD_REASON, message: `Error creating: ${err.message}`, source: CONTROLLER_NAME } });
  return err;
}

/**
 * Why a create in `namespace` fails at admission (NamespaceLifecycle), if it does:
 * 'terminating' for a namespace being deleted (upstream ignores that error), an ApiError for a
 * missing one, undefined when the create is admitted.
 */
export function namespaceAdmission(ctx: Ctx, namespace: string): 'terminating' | ApiError | undefined {
  const ns = ctx.view.get('Namespace', '', namespace);
  if (!ns) return new ApiError(`namespaces "${namespace}" not found`);
  if (ns.metadata.deletionTimestamp || ns.status?.phase === 'Terminating') return 'terminating';
  return undefined;
}

/** k8s.io/apimachinery/pkg/util/rand's alphabet (no vowels, no confusable 0/1/3). */
const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
/** names.maxGeneratedNameLength = 63 - 5: longer generateName bases are truncated. */
const MAX_GENERATED_NAME_LENGTH = 58;
/** The engine's bound on suffix draws for one generated name (engine/limits MAX_NAME_ATTEMPTS). */
const MAX_NAME_ATTEMPTS = 16;

/**
 * names.SimpleNameGenerator, done here rather than by ctx.create because the SuccessfulCreate
 * message names the pod and the note is written with the create. It draws from the same seeded
 * stream ctx.create would (ctx.rng), and retries a taken name like the engine does (v1.28's
 * apiserver would fail that one create with a ServerTimeout instead).
 */
export function generatePodName(ctx: Ctx, namespace: string, base: string): string | undefined {
  const b = base.length > MAX_GENERATED_NAME_LENGTH ? base.slice(0, MAX_GENERATED_NAME_LENGTH) : base;
  for (let i = 0; i < MAX_NAME_ATTEMPTS; i++) {
    const name = b + ctx.rng.string(5, NAME_ALPHABET);
    if (!ctx.view.get('Pod', namespace, name)) return name;
  }
  return undefined;
}

/**
 * RealPodControl.CreatePods for one pod, `pod` being getPodFromTemplate's result (built once per
 * sync; each create only adds the generated name). Returns the error the slow-start batch sees: none on
 * success and none for a terminating namespace (manageReplicas swallows NamespaceTerminatingCause,
 * and createPods records no event for it).
 */
export function createPod(ctx: Ctx, rs: ReplicaSet, pod: Pod, cause: number): ApiError | undefined {
  if (Object.keys(pod.metadata.labels ?? {}).length === 0) return new ApiError('unable to create pods, no labels');
  const namespace = pod.metadata.namespace ?? '';
  const denied = namespaceAdmission(ctx, namespace);
  if (denied === 'terminating') return undefined;
  let err = denied;
  let name: string | undefined;
  if (!err) {
    name = generatePodName(ctx, namespace, pod.metadata.generateName ?? '');
    if (name === undefined) err = new ApiError('The POST operation against Pod could not be completed at this time, please try again.');
  }
  if (err || name === undefined) {
    const message = `Error creating: ${err?.message ?? ''}`;
    ctx.record(rs, { type: 'PodCreateFailed', cause, note: { type: 'Warning', reason: FAILED_CREATE_POD_REASON, message, source: CONTROLLER_NAME } });
    return err;
  }
  ctx.create({ ...pod, metadata: { ...pod.metadata, name } }, {
    type: 'PodCreated', cause,
    note: { type: 'Normal', reason: SUCCESSFUL_CREATE_POD_REASON, message: `Created pod: ${name}`, source: CONTROLLER_NAME, involved: refOf(rs) },
  });
  return undefined;
}

/** RealPodControl.DeletePod: a graceful DELETE, recorded against the ReplicaSet. */
export function deletePod(ctx: Ctx, rs: KObject, pod: Pod, cause: number): void {
  deleteObject(ctx, pod, {
    cause,
    note: { type: 'Normal', reason: SUCCESSFUL_DELETE_POD_REASON, message: `Deleted pod: ${pod.metadata.name}`, source: CONTROLLER_NAME, involved: refOf(rs) },
  });
}
