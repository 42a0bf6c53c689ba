// The apiserver's create/update path for user requests: decode → default → mutating admission →
// strategy (PrepareFor*, Validate*) → storage (staging/src/k8s.io/apiserver/pkg/registry/generic/registry/store.go, v1.28).
// Differs: pure functions over a lookup; no ServiceAccount token volume; ResourceQuota/LimitRanger absent.
import { canonicalizeHorizontalPodAutoscaler, isFractionalQuantity, setObjectDefaults } from './defaults.js';
import {
  CONFLICT_MODIFIED, newAlreadyExists, newBadRequest, newConflict, newForbidden, newInvalid, newNotFound, path, type ApiError,
} from './errors.js';
import { qosClass } from './resources.js';
import { decodeObject, groupOf, kindFor, resourceOf } from './scheme.js';
import { semanticEqual, validateObject, validateObjectUpdate } from './validation.js';
import { preparePodDisruptionBudgetForCreate } from './validation-policy.js';
import { prepareHorizontalPodAutoscalerForCreate } from './validation-autoscaling.js';
import {
  KINDS, type Container, type HorizontalPodAutoscaler, type KObject, type Kind, type KindInfo, type Namespace, type Node, type ObjectMeta, type Pod,
  type PodDisruptionBudget, type PodSpec, type Toleration,
} from './types.js';

/** Read access to the stored objects; api/ must not import state/ ('' namespace for cluster-scoped). */
export type Lookup = (kind: Kind, namespace: string, name: string) => KObject | undefined;

/** The admission plugins kreplay runs, all enabled by default as in a kubeadm v1.28 apiserver. */
export type AdmissionPlugin = 'NamespaceLifecycle' | 'ServiceAccount' | 'TaintNodesByCondition' | 'Priority' | 'DefaultTolerationSeconds';

export interface AdmissionOptions {
  /** the request's namespace (kubectl's -n or context); namespaced objects without one get it, default "default" */
  namespace?: string;
  /** names an object that has only metadata.generateName (the store's SimpleNameGenerator); else the name stays empty */
  generateName?: (prefix: string) => string;
  /** switch single plugins off (e.g. TaintNodesByCondition for nodes a scenario declares Ready) */
  plugins?: Partial<Record<AdmissionPlugin, boolean>>;
  /** --default-not-ready-toleration-seconds / --default-unreachable-toleration-seconds (300 each) */
  tolerationSeconds?: { notReady: number; unreachable: number };
}

export type AdmissionResult<T extends KObject = KObject> =
  | { ok: true; object: T; warnings: string[] }
  | { ok: false; error: ApiError };

/** apiserver flags --default-not-ready-toleration-seconds / --default-unreachable-toleration-seconds. */
export const DEFAULT_TOLERATION_SECONDS = 300;
export const TAINT_NODE_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_NODE_UNREACHABLE = 'node.kubernetes.io/unreachable';
/** The built-in PriorityClasses (system-node-critical, system-cluster-critical). */
export const SYSTEM_PRIORITY_CLASSES: Readonly<Record<string, number>> = { 'system-node-critical': 2000001000, 'system-cluster-critical': 2000000000 };

const enabled = (opts: AdmissionOptions, p: AdmissionPlugin): boolean => opts.plugins?.[p] !== false;

// ------------------------------------------------------------------ mutating plugins

/** DefaultTolerationSeconds: tolerate not-ready and unreachable NoExecute taints for 300 s unless the pod already does. */
function defaultTolerationSeconds(spec: PodSpec, seconds: { notReady: number; unreachable: number } = { notReady: DEFAULT_TOLERATION_SECONDS, unreachable: DEFAULT_TOLERATION_SECONDS }): void {
  const tolerates = (key: string): boolean => (spec.tolerations ?? []).some((t) =>
    (t.key === key || !t.key) && (t.effect === 'NoExecute' || !t.effect));
  const add: Toleration[] = [];
  if (!tolerates(TAINT_NODE_NOT_READY)) add.push({ key: TAINT_NODE_NOT_READY, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: seconds.notReady });
  if (!tolerates(TAINT_NODE_UNREACHABLE)) add.push({ key: TAINT_NODE_UNREACHABLE, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: seconds.unreachable });
  if (add.length > 0) spec.tolerations = [...(spec.tolerations ?? []), ...add];
}

/** Priority on create: the class's value (0 with no class and no global default), preemptionPolicy PreemptLowerPriority. */
function admitPriority(pod: Pod): ApiError | undefined {
  const spec = pod.spec;
  let priority = 0;
  if (spec.priorityClassName) {
    const value = SYSTEM_PRIORITY_CLASSES[spec.priorityClassName];
    if (value === undefined) return newForbidden('pods', pod.metadata.name, `no PriorityClass with name ${spec.priorityClassName} was found`);
    priority = value;
  }
  if (spec.priority !== undefined && spec.priority !== priority) {
    return newForbidden('pods', pod.metadata.name, `the integer value of priority (${spec.priority}) must not be provided in pod spec; priority admission controller computed ${priority} from the given PriorityClass name`);
  }
  spec.priority = priority;
  spec.preemptionPolicy = spec.preemptionPolicy ?? 'PreemptLowerPriority';
  return undefined;
}

/**
 * The mutations a pod gets on create besides defaulting, for pods a controller creates from a
 * template (they skip validation: the template was validated). ServiceAccount sets
 * serviceAccountName "default" (no token volume: kreplay models no ServiceAccounts), Priority and
 * DefaultTolerationSeconds as above, and PrepareForCreate's status (Pending, QoS class).
 */
export function mutatePodForCreate(pod: Pod, opts: AdmissionOptions = {}): AdmissionResult<Pod> {
  const p = setObjectDefaults(pod);
  if (enabled(opts, 'ServiceAccount') && !p.spec.serviceAccountName) p.spec.serviceAccountName = 'default';
  if (enabled(opts, 'Priority')) {
    const err = admitPriority(p);
    if (err) return { ok: false, error: err };
  }
  if (enabled(opts, 'DefaultTolerationSeconds')) defaultTolerationSeconds(p.spec, opts.tolerationSeconds);
  p.status = { phase: 'Pending', qosClass: qosClass(p.spec) };
  return { ok: true, object: p, warnings: podWarnings(p.spec, p.metadata, '') };
}

/** TaintNodesByCondition: a new node starts with node.kubernetes.io/not-ready:NoSchedule. */
function taintNewNode(node: Node): void {
  const taints = node.spec.taints ?? [];
  if (taints.some((t) => t.key === TAINT_NODE_NOT_READY && t.effect === 'NoSchedule')) return;
  node.spec.taints = [...taints, { key: TAINT_NODE_NOT_READY, effect: 'NoSchedule' }];
}

// ------------------------------------------------------------------ warnings

const DEPRECATED_NODE_LABELS: Readonly<Record<string, string>> = {
  'beta.kubernetes.io/arch': 'deprecated since v1.14; use "kubernetes.io/arch" instead',
  'beta.kubernetes.io/os': 'deprecated since v1.14; use "kubernetes.io/os" instead',
  'failure-domain.beta.kubernetes.io/region': 'deprecated since v1.17; use "topology.kubernetes.io/region" instead',
  'failure-domain.beta.kubernetes.io/zone': 'deprecated since v1.17; use "topology.kubernetes.io/zone" instead',
  'beta.kubernetes.io/instance-type': 'deprecated since v1.17; use "node.kubernetes.io/instance-type" instead',
};
const DEPRECATED_ANNOTATIONS: Readonly<Record<string, string>> = {
  'scheduler.alpha.kubernetes.io/critical-pod': 'non-functional in v1.16+; use the "priorityClassName" field instead',
  'security.alpha.kubernetes.io/sysctls': 'non-functional in v1.11+; use the "sysctls" field instead',
  'security.alpha.kubernetes.io/unsafe-sysctls': 'non-functional in v1.11+; use the "sysctls" field instead',
};

/** pkg/api/pod/warnings.go warningsForPodSpecAndMeta (the subset kreplay's fields can trigger). */
function podWarnings(spec: PodSpec, meta: Partial<ObjectMeta>, prefix: string): string[] {
  const w: string[] = [];
  const at = (...names: string[]): string => path.child(prefix, ...names);
  for (const k of Object.keys(spec.nodeSelector ?? {}).sort()) {
    const msg = DEPRECATED_NODE_LABELS[k];
    if (msg) w.push(`${path.key(at('spec', 'nodeSelector'), k)}: ${msg}`);
  }
  const terms = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  terms.forEach((t, i) => (t.matchExpressions ?? []).forEach((e, j) => {
    const msg = DEPRECATED_NODE_LABELS[e.key];
    if (msg) w.push(`${path.child(path.index(path.child(path.index(at('spec', 'affinity', 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms'), i), 'matchExpressions'), j), 'key')}: ${e.key} is ${msg}`);
  }));
  for (const k of Object.keys(DEPRECATED_ANNOTATIONS)) {
    if (meta.annotations?.[k] !== undefined) w.push(`${path.key(at('metadata', 'annotations'), k)}: ${DEPRECATED_ANNOTATIONS[k]}`);
  }
  const visit = (list: readonly Container[] | undefined, key: string): void => (list ?? []).forEach((c, i) => {
    const p = path.index(at('spec', key), i);
    for (const [which, res] of [['limits', 'memory'], ['requests', 'memory'], ['limits', 'ephemeral-storage'], ['requests', 'ephemeral-storage']] as const) {
      const q = c.resources?.[which]?.[res];
      if (q !== undefined && isFractionalQuantity(q)) w.push(`${path.key(path.child(p, 'resources', which), res)}: fractional byte value "${q}" is invalid, must be an integer`);
    }
    const seen = new Set<string>();
    (c.env ?? []).forEach((e, j) => {
      if (!seen.has(e.name)) {
        seen.add(e.name);
        return;
      }
      const ref = `$(${e.name})`;
      if (e.valueFrom !== undefined || e.value === ref || !(e.value ?? '').includes(ref)) {
        w.push(`${path.index(path.child(p, 'env'), j)}: hides previous definition of "${e.name}", which may be dropped when using apply`);
      }
    });
  });
  visit(spec.initContainers, 'initContainers');
  visit(spec.containers, 'containers');
  return w;
}

function warningsFor(obj: KObject): string[] {
  if (obj.kind === 'Pod') return podWarnings((obj as Pod).spec, obj.metadata, '');
  if (obj.kind === 'Deployment' || obj.kind === 'ReplicaSet' || obj.kind === 'StatefulSet') {
    const t = (obj.spec as { template?: { metadata?: Partial<ObjectMeta>; spec?: PodSpec } }).template;
    return t?.spec ? podWarnings(t.spec, t.metadata ?? {}, 'spec.template') : [];
  }
  return [];
}

// ------------------------------------------------------------------ the request path

type Decoded = { ok: true; obj: KObject; info: KindInfo } | { ok: false; error: ApiError };

/** Identify the kind, decode strictly, and put the object in the request's namespace. */
function decodeRequest(input: unknown, opts: AdmissionOptions): Decoded {
  const raw = input as { apiVersion?: unknown; kind?: unknown } | null;
  const info = raw && typeof raw === 'object' && typeof raw.apiVersion === 'string' && typeof raw.kind === 'string'
    ? kindFor(raw.apiVersion, raw.kind) : undefined;
  if (!info) return { ok: false, error: { kind: 'api', code: 404, reason: 'NotFound', message: 'the server could not find the requested resource' } };
  const decoded = decodeObject(input, info);
  if (!decoded.ok) return decoded;
  const obj = decoded.object;
  const meta = obj.metadata;
  if (info.namespaced) {
    if (opts.namespace && meta.namespace && meta.namespace !== opts.namespace) {
      return { ok: false, error: newBadRequest('the namespace of the provided object does not match the namespace sent on the request') };
    }
    meta.namespace = meta.namespace || opts.namespace || 'default';
  } else {
    delete meta.namespace;
  }
  return { ok: true, obj, info };
}

/** The stored form of quantities decoding kept as written for validation (an HPA's targets). */
function canonicalize(obj: KObject): KObject {
  return obj.kind === 'HorizontalPodAutoscaler' ? canonicalizeHorizontalPodAutoscaler(obj as HorizontalPodAutoscaler) : obj;
}

function invalid(info: KindInfo, name: string, errs: ReturnType<typeof validateObject>): ApiError {
  return newInvalid(info.kind, groupOf(info), name, errs);
}

/** NamespaceLifecycle: the namespace must exist, and nothing new may be created in a terminating one. */
function namespaceLifecycle(obj: KObject, info: KindInfo, lookup: Lookup, creating: boolean): ApiError | undefined {
  if (!info.namespaced) return undefined;
  const nsName = obj.metadata.namespace ?? '';
  const ns = lookup('Namespace', '', nsName) as Namespace | undefined;
  if (!ns) return newNotFound('namespaces', nsName);
  if (creating && (ns.status?.phase === 'Terminating' || ns.metadata.deletionTimestamp)) {
    return newForbidden(resourceOf(info), obj.metadata.name, `unable to create new content in namespace ${nsName} because it is being terminated`);
  }
  return undefined;
}

const SYSTEM_FIELDS = ['uid', 'resourceVersion', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'generation', 'selfLink'] as const;

/**
 * Admit a create as the apiserver does: strict decode (BadRequest), defaulting, mutating
 * admission (namespace missing: NotFound `namespaces "x" not found`; terminating: Forbidden),
 * PrepareForCreate (status reset), validation (Invalid, 422), then the store (AlreadyExists,
 * 409 `deployments.apps "web" already exists`). Pure: a rejection changes nothing; the caller
 * stores `object` (the engine fills uid, creationTimestamp, generation, resourceVersion).
 */
export function admitCreate(input: unknown, lookup: Lookup, opts: AdmissionOptions = {}): AdmissionResult {
  const d = decodeRequest(input, opts);
  if (!d.ok) return d;
  const { info } = d;
  const meta = d.obj.metadata;
  for (const f of SYSTEM_FIELDS) delete (meta as unknown as Record<string, unknown>)[f];
  if (!meta.name && meta.generateName && opts.generateName) meta.name = opts.generateName(meta.generateName);
  meta.name = meta.name ?? '';
  let obj = setObjectDefaults(d.obj);
  if (enabled(opts, 'NamespaceLifecycle')) {
    const err = namespaceLifecycle(obj, info, lookup, true);
    if (err) return { ok: false, error: err };
  }
  switch (obj.kind) {
    case 'Pod': {
      const r = mutatePodForCreate(obj as Pod, opts);
      if (!r.ok) return r;
      obj = r.object;
      break;
    }
    case 'Node':
      if (enabled(opts, 'TaintNodesByCondition')) taintNewNode(obj as Node);
      break;
    case 'Namespace': {
      // PrepareForCreate: status Active; the "kubernetes" finalizer is always present.
      const ns = obj as Namespace;
      const finalizers = ns.spec?.finalizers ?? [];
      ns.spec = { ...ns.spec, finalizers: finalizers.includes('kubernetes') ? finalizers : [...finalizers, 'kubernetes'] };
      ns.status = { phase: 'Active' };
      break;
    }
    case 'Deployment': obj.status = {}; break;
    case 'ReplicaSet': obj.status = { replicas: 0 }; break;
    case 'StatefulSet': obj.status = { replicas: 0, availableReplicas: 0 }; break; // availableReplicas has no omitempty in apps/v1
    // PrepareForCreate: a new budget starts with a zero status until the disruption controller syncs it
    case 'PodDisruptionBudget': obj.status = preparePodDisruptionBudgetForCreate(obj as PodDisruptionBudget).status; break;
    case 'HorizontalPodAutoscaler': obj.status = prepareHorizontalPodAutoscalerForCreate(obj as HorizontalPodAutoscaler).status; break;
    default: break;
  }
  const errs = validateObject(obj);
  if (errs.length > 0) return { ok: false, error: invalid(info, meta.name, errs) };
  if (meta.name && lookup(info.kind, obj.metadata.namespace ?? '', meta.name)) {
    return { ok: false, error: newAlreadyExists(resourceOf(info), meta.name) };
  }
  return { ok: true, object: canonicalize(obj), warnings: warningsFor(obj) };
}

/**
 * Admit an update of an existing object to `next` (the full desired object — for `kubectl apply`
 * the client's patch already merged into the live one). NotFound when there is no such object,
 * Conflict when next carries a stale resourceVersion, Invalid when ValidateUpdate rejects it —
 * a pod's spec is immutable but for images, activeDeadlineSeconds, tolerations (additions) and
 * a negative grace period set to 1; selectors and metadata.name/namespace/uid are immutable;
 * a node's podCIDR is fixed once set. The result carries old's status and system fields.
 */
export function admitUpdate(nextInput: unknown, old: KObject | undefined, lookup: Lookup, opts: AdmissionOptions = {}): AdmissionResult {
  // Without a request namespace, the update is addressed to the stored object's.
  const d = decodeRequest(nextInput, opts.namespace === undefined && old?.metadata.namespace ? { ...opts, namespace: old.metadata.namespace } : opts);
  if (!d.ok) return d;
  const { info } = d;
  const meta = d.obj.metadata;
  const current = old ?? lookup(info.kind, meta.namespace ?? '', meta.name ?? '');
  if (!current) return { ok: false, error: newNotFound(resourceOf(info), meta.name ?? '') };
  const cur = current.metadata;
  if (meta.resourceVersion && cur.resourceVersion && meta.resourceVersion !== cur.resourceVersion) {
    return { ok: false, error: newConflict(resourceOf(info), meta.name, CONFLICT_MODIFIED) };
  }
  const obj = setObjectDefaults(d.obj);
  if (obj.kind === 'Pod') {
    const pod = obj as Pod;
    const oldSpec = (current as Pod).spec;
    // Priority keeps what it set on create; DefaultTolerationSeconds runs again.
    if (enabled(opts, 'Priority')) {
      if (pod.spec.priority === undefined && oldSpec.priority !== undefined) pod.spec.priority = oldSpec.priority;
      if (pod.spec.preemptionPolicy === undefined && oldSpec.preemptionPolicy !== undefined) pod.spec.preemptionPolicy = oldSpec.preemptionPolicy;
    }
    if (enabled(opts, 'DefaultTolerationSeconds')) defaultTolerationSeconds(pod.spec, opts.tolerationSeconds);
  }
  // BeforeUpdate: system fields come from the stored object; PrepareForUpdate: so does status.
  const m = obj.metadata;
  if (!m.uid && cur.uid) m.uid = cur.uid;
  for (const f of ['creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'resourceVersion'] as const) {
    if (cur[f] !== undefined) (m as unknown as Record<string, unknown>)[f] = cur[f];
  }
  if (cur.generation !== undefined) m.generation = cur.generation;
  if (current.status !== undefined) obj.status = structuredClone(current.status);
  else delete obj.status;
  if (obj.sim === undefined && current.sim !== undefined) obj.sim = structuredClone(current.sim);
  if (obj.kind === 'Namespace') (obj as Namespace).spec = { ...(obj as Namespace).spec, finalizers: [...((current as Namespace).spec?.finalizers ?? [])] };
  // Deployments bump the generation on spec and annotation changes; replica sets on spec changes.
  if (KINDS[info.kind].hasGeneration && m.generation !== undefined) {
    const bump = !semanticEqual(canonicalize(obj).spec, current.spec) || (info.kind === 'Deployment' && !semanticEqual(m.annotations, cur.annotations));
    if (bump) m.generation = m.generation + 1;
  }
  const errs = validateObjectUpdate(obj, current);
  if (errs.length > 0) return { ok: false, error: invalid(info, m.name, errs) };
  return { ok: true, object: canonicalize(obj), warnings: warningsFor(obj) };
}
