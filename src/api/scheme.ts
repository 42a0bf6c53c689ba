// The served kinds, kubectl's manifest checks and resource-name resolution, and the apiserver's
// strict JSON decode (apimachinery serializer + sigs.k8s.io/json, kubectl resource builder; v1.28).
// Differs: one field schema per kind stands in for the Go structs; fields kreplay does not model are kept raw;
// a kind's other served versions (autoscaling/v1 HPA) are converted to the stored one on decode.
import { canonicalQuantity } from './defaults.js';
import { goQuote, newBadRequest, type ApiError, type ClientError } from './errors.js';
import { isQuantity } from './quantity.js';
import { KINDS, type KObject, type Kind, type KindInfo } from './types.js';

// ------------------------------------------------------------------ field schema

/** A Go field type: scalars, quantities, int-or-string, raw JSON, structs, slices and maps. */
export type FieldSchema =
  | 'string' | 'int32' | 'int64' | 'bool' | 'quantity' | 'intOrString' | 'time' | 'raw'
  /**
   * a quantity kept as written (trimmed) until validation has run: the HPA's targets, whose
   * validation errors print the Go Quantity struct as parsed from the text (s:"-1"); admission
   * stores the canonical form afterwards
   */
  | 'quantityText'
  | StructSchema
  | { list: FieldSchema; go: string }
  | { map: FieldSchema; go: string };

export interface StructSchema {
  /** the Go type as reflect prints it: v1.DeploymentSpec */
  go: string;
  fields: Readonly<Record<string, FieldSchema>>;
}

const struct = (goType: string, fields: Record<string, FieldSchema>): StructSchema => ({ go: goType, fields });
const list = (of: FieldSchema, goType: string): FieldSchema => ({ list: of, go: goType });
const strings = list('string', '[]string');
const stringMap: FieldSchema = { map: 'string', go: 'map[string]string' };
const resourceList: FieldSchema = { map: 'quantity', go: 'v1.ResourceList' };

const ownerReference = struct('v1.OwnerReference', { apiVersion: 'string', kind: 'string', name: 'string', uid: 'string', controller: 'bool', blockOwnerDeletion: 'bool' });
const objectMeta = struct('v1.ObjectMeta', {
  name: 'string', generateName: 'string', namespace: 'string', selfLink: 'string', uid: 'string',
  resourceVersion: 'string', generation: 'int64', creationTimestamp: 'time', deletionTimestamp: 'time',
  deletionGracePeriodSeconds: 'int64', labels: stringMap, annotations: stringMap,
  ownerReferences: list(ownerReference, '[]v1.OwnerReference'), finalizers: strings, managedFields: 'raw',
});

const labelSelector = struct('v1.LabelSelector', {
  matchLabels: stringMap,
  matchExpressions: list(struct('v1.LabelSelectorRequirement', { key: 'string', operator: 'string', values: strings }), '[]v1.LabelSelectorRequirement'),
});

const httpGet = struct('v1.HTTPGetAction', { path: 'string', port: 'intOrString', host: 'string', scheme: 'string', httpHeaders: 'raw' });
const handlerFields: Record<string, FieldSchema> = {
  exec: struct('v1.ExecAction', { command: strings }),
  httpGet,
  tcpSocket: struct('v1.TCPSocketAction', { port: 'intOrString', host: 'string' }),
};
const probe = struct('v1.Probe', {
  ...handlerFields,
  grpc: struct('v1.GRPCAction', { port: 'int32', service: 'string' }),
  initialDelaySeconds: 'int32', timeoutSeconds: 'int32', periodSeconds: 'int32', successThreshold: 'int32',
  failureThreshold: 'int32', terminationGracePeriodSeconds: 'int64',
});
const lifecycleHandler = struct('v1.LifecycleHandler', { ...handlerFields, sleep: struct('v1.SleepAction', { seconds: 'int64' }) });

const container = struct('v1.Container', {
  name: 'string', image: 'string', command: strings, args: strings, workingDir: 'string',
  ports: list(struct('v1.ContainerPort', { name: 'string', hostPort: 'int32', containerPort: 'int32', protocol: 'string', hostIP: 'string' }), '[]v1.ContainerPort'),
  envFrom: 'raw',
  env: list(struct('v1.EnvVar', { name: 'string', value: 'string', valueFrom: 'raw' }), '[]v1.EnvVar'),
  resources: struct('v1.ResourceRequirements', { limits: resourceList, requests: resourceList, claims: 'raw' }),
  resizePolicy: 'raw', restartPolicy: 'string',
  volumeMounts: list(struct('v1.VolumeMount', { name: 'string', readOnly: 'bool', mountPath: 'string', subPath: 'string', mountPropagation: 'string', subPathExpr: 'string' }), '[]v1.VolumeMount'),
  volumeDevices: 'raw', livenessProbe: probe, readinessProbe: probe, startupProbe: probe,
  lifecycle: struct('v1.Lifecycle', { postStart: lifecycleHandler, preStop: lifecycleHandler }),
  terminationMessagePath: 'string', terminationMessagePolicy: 'string', imagePullPolicy: 'string',
  securityContext: 'raw', stdin: 'bool', stdinOnce: 'bool', tty: 'bool',
});

const nodeSelectorRequirement = struct('v1.NodeSelectorRequirement', { key: 'string', operator: 'string', values: strings });
const nodeSelectorTerm = struct('v1.NodeSelectorTerm', {
  matchExpressions: list(nodeSelectorRequirement, '[]v1.NodeSelectorRequirement'),
  matchFields: list(nodeSelectorRequirement, '[]v1.NodeSelectorRequirement'),
});
const affinity = struct('v1.Affinity', {
  nodeAffinity: struct('v1.NodeAffinity', {
    requiredDuringSchedulingIgnoredDuringExecution: struct('v1.NodeSelector', { nodeSelectorTerms: list(nodeSelectorTerm, '[]v1.NodeSelectorTerm') }),
    preferredDuringSchedulingIgnoredDuringExecution: list(struct('v1.PreferredSchedulingTerm', { weight: 'int32', preference: nodeSelectorTerm }), '[]v1.PreferredSchedulingTerm'),
  }),
  podAffinity: 'raw',
  podAntiAffinity: 'raw',
});

const volumeFields: Record<string, FieldSchema> = { name: 'string', emptyDir: struct('v1.EmptyDirVolumeSource', { medium: 'string', sizeLimit: 'quantity' }) };
for (const s of ['hostPath', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'secret', 'nfs', 'iscsi', 'glusterfs', 'persistentVolumeClaim', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'downwardAPI', 'fc', 'azureFile', 'configMap', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'projected', 'portworxVolume', 'scaleIO', 'storageos', 'csi', 'ephemeral']) volumeFields[s] = 'raw';

const podSpec = struct('v1.PodSpec', {
  volumes: list(struct('v1.Volume', volumeFields), '[]v1.Volume'),
  initContainers: list(container, '[]v1.Container'), containers: list(container, '[]v1.Container'),
  ephemeralContainers: 'raw', restartPolicy: 'string', terminationGracePeriodSeconds: 'int64',
  activeDeadlineSeconds: 'int64', dnsPolicy: 'string', nodeSelector: stringMap, serviceAccountName: 'string',
  serviceAccount: 'string', automountServiceAccountToken: 'bool', nodeName: 'string', hostNetwork: 'bool',
  hostPID: 'bool', hostIPC: 'bool', shareProcessNamespace: 'bool', securityContext: 'raw', imagePullSecrets: 'raw',
  hostname: 'string', subdomain: 'string', affinity, schedulerName: 'string',
  tolerations: list(struct('v1.Toleration', { key: 'string', operator: 'string', value: 'string', effect: 'string', tolerationSeconds: 'int64' }), '[]v1.Toleration'),
  hostAliases: 'raw', priorityClassName: 'string', priority: 'int32', dnsConfig: 'raw',
  readinessGates: list(struct('v1.PodReadinessGate', { conditionType: 'string' }), '[]v1.PodReadinessGate'),
  runtimeClassName: 'string', enableServiceLinks: 'bool', preemptionPolicy: 'string', overhead: resourceList,
  topologySpreadConstraints: 'raw', setHostnameAsFQDN: 'bool', os: 'raw', hostUsers: 'bool', schedulingGates: 'raw',
  resourceClaims: 'raw',
});
const podTemplateSpec = struct('v1.PodTemplateSpec', { metadata: objectMeta, spec: podSpec });

const top = (kind: string, spec: FieldSchema | undefined, status: FieldSchema, version = 'v1'): StructSchema => struct(`${version}.${kind}`, {
  apiVersion: 'string', kind: 'string', metadata: objectMeta, ...(spec ? { spec } : {}), status,
  // kreplay's hidden per-component bookkeeping travels with the object (never user input).
  sim: 'raw',
});

// autoscaling/v2 (k8s.io/api/autoscaling/v2/types.go). Status is raw, as for the other kinds:
// PrepareForCreate resets it and updates keep the stored one.
const crossVersionObjectReference = struct('v2.CrossVersionObjectReference', { kind: 'string', name: 'string', apiVersion: 'string' });
const metricTarget = struct('v2.MetricTarget', { type: 'string', value: 'quantityText', averageValue: 'quantityText', averageUtilization: 'int32' });
const metricIdentifier = struct('v2.MetricIdentifier', { name: 'string', selector: labelSelector });
const metricSpec = struct('v2.MetricSpec', {
  type: 'string',
  object: struct('v2.ObjectMetricSource', { describedObject: crossVersionObjectReference, target: metricTarget, metric: metricIdentifier }),
  pods: struct('v2.PodsMetricSource', { metric: metricIdentifier, target: metricTarget }),
  resource: struct('v2.ResourceMetricSource', { name: 'string', target: metricTarget }),
  containerResource: struct('v2.ContainerResourceMetricSource', { name: 'string', target: metricTarget, container: 'string' }),
  external: struct('v2.ExternalMetricSource', { metric: metricIdentifier, target: metricTarget }),
});
const hpaScalingRules = struct('v2.HPAScalingRules', {
  stabilizationWindowSeconds: 'int32', selectPolicy: 'string',
  policies: list(struct('v2.HPAScalingPolicy', { type: 'string', value: 'int32', periodSeconds: 'int32' }), '[]v2.HPAScalingPolicy'),
});
const hpaSpecV2 = struct('v2.HorizontalPodAutoscalerSpec', {
  scaleTargetRef: crossVersionObjectReference, minReplicas: 'int32', maxReplicas: 'int32',
  metrics: list(metricSpec, '[]v2.MetricSpec'),
  behavior: struct('v2.HorizontalPodAutoscalerBehavior', { scaleUp: hpaScalingRules, scaleDown: hpaScalingRules }),
});
/** autoscaling/v1 (what `kubectl autoscale` v1.28 sends): one optional CPU utilization target. */
const hpaSpecV1 = struct('v1.HorizontalPodAutoscalerSpec', {
  scaleTargetRef: struct('v1.CrossVersionObjectReference', { kind: 'string', name: 'string', apiVersion: 'string' }),
  minReplicas: 'int32', maxReplicas: 'int32', targetCPUUtilizationPercentage: 'int32',
});

/** The schema of each served kind's v1 Go struct (data, not code: add a field here to accept it). */
export const SCHEMAS: Readonly<Record<Exclude<Kind, 'SimConfig'>, StructSchema>> = {
  Namespace: top('Namespace', struct('v1.NamespaceSpec', { finalizers: strings }), struct('v1.NamespaceStatus', { phase: 'string', conditions: 'raw' })),
  Node: top('Node',
    struct('v1.NodeSpec', { podCIDR: 'string', podCIDRs: strings, providerID: 'string', unschedulable: 'bool',
      taints: list(struct('v1.Taint', { key: 'string', value: 'string', effect: 'string', timeAdded: 'time' }), '[]v1.Taint'),
      configSource: 'raw', externalID: 'string' }),
    struct('v1.NodeStatus', { capacity: resourceList, allocatable: resourceList, phase: 'string', conditions: 'raw', addresses: 'raw',
      daemonEndpoints: 'raw', nodeInfo: 'raw', images: 'raw', volumesInUse: 'raw', volumesAttached: 'raw', config: 'raw' })),
  Pod: top('Pod', podSpec, 'raw'),
  ReplicaSet: top('ReplicaSet', struct('v1.ReplicaSetSpec', { replicas: 'int32', minReadySeconds: 'int32', selector: labelSelector, template: podTemplateSpec }), 'raw'),
  Deployment: top('Deployment', struct('v1.DeploymentSpec', {
    replicas: 'int32', selector: labelSelector, template: podTemplateSpec,
    strategy: struct('v1.DeploymentStrategy', { type: 'string', rollingUpdate: struct('v1.RollingUpdateDeployment', { maxUnavailable: 'intOrString', maxSurge: 'intOrString' }) }),
    minReadySeconds: 'int32', revisionHistoryLimit: 'int32', paused: 'bool', progressDeadlineSeconds: 'int32',
  }), 'raw'),
  StatefulSet: top('StatefulSet', struct('v1.StatefulSetSpec', {
    replicas: 'int32', selector: labelSelector, template: podTemplateSpec, volumeClaimTemplates: 'raw', serviceName: 'string',
    podManagementPolicy: 'string',
    updateStrategy: struct('v1.StatefulSetUpdateStrategy', { type: 'string', rollingUpdate: struct('v1.RollingUpdateStatefulSetStrategy', { partition: 'int32', maxUnavailable: 'intOrString' }) }),
    revisionHistoryLimit: 'int32', minReadySeconds: 'int32',
    persistentVolumeClaimRetentionPolicy: struct('v1.StatefulSetPersistentVolumeClaimRetentionPolicy', { whenDeleted: 'string', whenScaled: 'string' }),
    ordinals: struct('v1.StatefulSetOrdinals', { start: 'int32' }),
  }), 'raw'),
  PodDisruptionBudget: top('PodDisruptionBudget', struct('v1.PodDisruptionBudgetSpec', {
    minAvailable: 'intOrString', maxUnavailable: 'intOrString', selector: labelSelector, unhealthyPodEvictionPolicy: 'string',
  }), 'raw'),
  HorizontalPodAutoscaler: top('HorizontalPodAutoscaler', hpaSpecV2, 'raw', 'v2'),
};

/**
 * Other versions the API server serves a kind in, keyed "apiVersion/Kind": their schema and the
 * conversion to the stored version (the internal type's round trip).
 */
interface AlternateVersion {
  kind: Kind;
  schema: StructSchema;
  convert: (decoded: Record<string, unknown>) => KObject;
}

/** autoscaling/v1 HorizontalPodAutoscaler annotations that carry v2 fields across a v1 round trip. */
const HPA_ROUND_TRIP_ANNOTATIONS = [
  'autoscaling.alpha.kubernetes.io/metrics', 'autoscaling.alpha.kubernetes.io/behavior',
  'autoscaling.alpha.kubernetes.io/conditions', 'autoscaling.alpha.kubernetes.io/current-metrics',
];

/**
 * DropRoundTripHorizontalPodAutoscalerAnnotations: both conversions (v1 and v2 to the internal
 * type) remove these annotations, so the stored object never carries them.
 */
function dropRoundTripAnnotations(o: Record<string, unknown>): Record<string, unknown> {
  const meta = { ...(o.metadata as Record<string, unknown> | undefined ?? {}) };
  const annotations = meta.annotations as Record<string, string> | undefined;
  if (annotations && HPA_ROUND_TRIP_ANNOTATIONS.some((k) => k in annotations)) {
    const kept = Object.fromEntries(Object.entries(annotations).filter(([k]) => !HPA_ROUND_TRIP_ANNOTATIONS.includes(k)));
    if (Object.keys(kept).length > 0) meta.annotations = kept;
    else delete meta.annotations;
  }
  return meta;
}

/**
 * Convert_v1_HorizontalPodAutoscaler_To_autoscaling_HorizontalPodAutoscaler (then to v2):
 * targetCPUUtilizationPercentage becomes the one cpu Utilization metric; minReplicas, maxReplicas
 * and the reference carry over. Differs: the round-trip annotations are dropped (as upstream
 * does) but their content is not read back into metrics, behavior or conditions.
 */
function convertHorizontalPodAutoscalerV1(o: Record<string, unknown>): KObject {
  const meta = dropRoundTripAnnotations(o);
  const s = (o.spec ?? {}) as { scaleTargetRef?: unknown; minReplicas?: number; maxReplicas?: number; targetCPUUtilizationPercentage?: number };
  const spec: Record<string, unknown> = { scaleTargetRef: s.scaleTargetRef ?? { kind: '', name: '' } };
  if (s.minReplicas !== undefined) spec.minReplicas = s.minReplicas;
  spec.maxReplicas = s.maxReplicas ?? 0;
  if (s.targetCPUUtilizationPercentage !== undefined) {
    spec.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: s.targetCPUUtilizationPercentage } } }];
  }
  const out: Record<string, unknown> = { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: meta, spec };
  if (o.sim !== undefined) out.sim = o.sim;
  return out as unknown as KObject;
}

const ALTERNATE_VERSIONS: Readonly<Record<string, AlternateVersion>> = {
  'autoscaling/v1/HorizontalPodAutoscaler': {
    kind: 'HorizontalPodAutoscaler',
    schema: top('HorizontalPodAutoscaler', hpaSpecV1, 'raw'),
    convert: convertHorizontalPodAutoscalerV1,
  },
};

/** The other version of a served kind this apiVersion names (autoscaling/v1 HPA), if any. */
function alternateVersion(apiVersion: unknown, kind: unknown): AlternateVersion | undefined {
  return typeof apiVersion === 'string' && typeof kind === 'string' ? ALTERNATE_VERSIONS[`${apiVersion}/${kind}`] : undefined;
}

// ------------------------------------------------------------------ served kinds

/** Kinds kreplay serves to users (SimConfig is internal). */
export const SERVED_KINDS: readonly Kind[] = (Object.keys(KINDS) as Kind[]).filter((k) => k !== 'SimConfig');

export function groupOf(info: KindInfo): string {
  return info.apiVersion.includes('/') ? info.apiVersion.split('/')[0]! : '';
}

/** The served kind for an apiVersion and kind, or undefined (kubectl's RESTMapping). */
export function kindFor(apiVersion: string, kind: string): KindInfo | undefined {
  const alt = alternateVersion(apiVersion, kind);
  if (alt) return KINDS[alt.kind];
  const info = (KINDS as Record<string, KindInfo | undefined>)[kind];
  return info && info.kind !== 'SimConfig' && info.apiVersion === apiVersion ? info : undefined;
}

/**
 * True when a manifest names a served kind in a version other than the stored one
 * (autoscaling/v1 HorizontalPodAutoscaler); decoding converts it to the stored version.
 */
export function isAlternateVersion(apiVersion: unknown, kind: unknown): boolean {
  return alternateVersion(apiVersion, kind) !== undefined;
}

/** "deployments.apps", "pods": the GroupResource kubectl and the apiserver name objects by. */
export function resourceOf(info: KindInfo): string {
  const group = groupOf(info);
  return group === '' ? info.plural : `${info.plural}.${group}`;
}

/**
 * kubectl's resource argument resolution (RESTMapper + short names), case-insensitive:
 * 'deploy' | 'deployment' | 'deployments' | 'deployment.apps' | 'deployments.v1.apps' → Deployment.
 */
export function resolveResource(arg: string): { ok: true; kind: Kind; info: KindInfo } | { ok: false; error: ClientError } {
  const a = arg.toLowerCase();
  for (const kind of SERVED_KINDS) {
    const info = KINDS[kind];
    const group = groupOf(info);
    const version = info.apiVersion.split('/').pop()!;
    const names = [info.plural, info.singular, ...info.shortNames];
    // every version the kind is served in (horizontalpodautoscalers.v1.autoscaling too)
    const versions = [version, ...Object.keys(ALTERNATE_VERSIONS).filter((k) => ALTERNATE_VERSIONS[k]!.kind === kind).map((k) => k.split('/')[1]!)];
    const candidates = group === ''
      ? [...names, ...names.map((n) => `${n}.${version}.`)]
      : [...names, ...names.map((n) => `${n}.${group}`), ...versions.flatMap((v) => names.map((n) => `${n}.${v}.${group}`))];
    if (candidates.includes(a)) return { ok: true, kind, info };
  }
  return { ok: false, error: { kind: 'client', message: `error: the server doesn't have a resource type ${goQuote(arg)}` } };
}

// ------------------------------------------------------------------ kubectl's manifest checks

export interface ManifestSource {
  /** the file kubectl names in messages; "STDIN" when absent */
  file?: string;
  /** the document's position in a multi-document file (for the caller's own messages) */
  index?: number;
}

export type ParseResult =
  | { ok: true; object: KObject; info: KindInfo }
  | { ok: false; error: ClientError | ApiError; index?: number };

const STOP_VALIDATE = 'if you choose to ignore these errors, turn validation off with --validate=false';

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** schema.ParseGroupVersion. */
function parseGroupVersion(gv: string): { group: string; version: string } | undefined {
  if (gv === '' || gv === '/') return { group: '', version: '' };
  const parts = gv.split('/');
  if (parts.length === 1) return { group: '', version: parts[0]! };
  if (parts.length === 2) return { group: parts[0]!, version: parts[1]! };
  return undefined;
}

/**
 * What `kubectl apply|create -f` does with one manifest before and at the server: the schema
 * check for apiVersion/kind, the RESTMapping, then the apiserver's strict decode. Errors are
 * kubectl's own (ClientError, printed as is) or the server's BadRequest (ApiError).
 *
 * @example parseManifest({apiVersion: 'apps/v1', kind: 'Foo', metadata: {name: 'web'}}, {file: 'web.yaml'})
 *   // error: resource mapping not found for name: "web" namespace: "" from "web.yaml": no matches for kind "Foo" in version "apps/v1"
 */
export function parseManifest(raw: unknown, source: ManifestSource = {}): ParseResult {
  const file = source.file ?? 'STDIN';
  const fail = (message: string): ParseResult => ({ ok: false, error: { kind: 'client', message }, ...(source.index !== undefined ? { index: source.index } : {}) });
  if (!isPlainObject(raw)) {
    return fail(`error: error validating ${goQuote(file)}: error validating data: error getting object kind: object is not a map; ${STOP_VALIDATE}`);
  }
  const problems: string[] = [];
  let gv: { group: string; version: string } | undefined;
  if (raw.apiVersion === undefined || raw.apiVersion === null) problems.push('apiVersion not set');
  else if (typeof raw.apiVersion !== 'string') problems.push("apiVersion isn't string type");
  else if (!(gv = parseGroupVersion(raw.apiVersion))) problems.push(`unexpected GroupVersion string: ${raw.apiVersion}`);
  if (raw.kind === undefined || raw.kind === null) problems.push('kind not set');
  else if (typeof raw.kind !== 'string') problems.push("kind isn't string type");
  if (problems.length > 0) {
    const agg = problems.length === 1 ? problems[0] : `[${problems.join(', ')}]`;
    return fail(`error: error validating ${goQuote(file)}: error validating data: ${agg}; ${STOP_VALIDATE}`);
  }
  const apiVersion = raw.apiVersion as string;
  const kind = raw.kind as string;
  const info = kindFor(apiVersion, kind);
  if (!info) {
    const meta = isPlainObject(raw.metadata) ? raw.metadata : {};
    const name = typeof meta.name === 'string' ? meta.name : '';
    const namespace = typeof meta.namespace === 'string' ? meta.namespace : '';
    const version = gv!.group === '' ? gv!.version : `${gv!.group}/${gv!.version}`;
    return fail(`error: resource mapping not found for name: ${goQuote(name)} namespace: ${goQuote(namespace)} from ${goQuote(file)}: no matches for kind ${goQuote(kind)} in version ${goQuote(version)}\nensure CRDs are installed first`);
  }
  const decoded = decodeObject(raw, info);
  if (!decoded.ok) return { ok: false, error: decoded.error, ...(source.index !== undefined ? { index: source.index } : {}) };
  return { ok: true, object: decoded.object, info };
}

// ------------------------------------------------------------------ strict decode

class DecodeFatal extends Error {
  constructor(message: string, readonly at: string) {
    super(message);
  }
}

interface DecodeState {
  /** the first json type error, reported in preference to the strict errors */
  typeError?: string;
  typePath?: string;
  strict: string[];
  strictPaths: string[];
}

function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  switch (typeof v) {
    case 'string': return 'string';
    case 'number': return 'number';
    case 'boolean': return 'bool';
    default: return 'object';
  }
}

const INT_RANGE: Record<'int32' | 'int64', [number, number]> = { int32: [-(2 ** 31), 2 ** 31 - 1], int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER] };
const QUANTITY_FORMAT_ERROR = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

/**
 * Decode one value against its schema as sigs.k8s.io/json does: unknown fields are collected
 * ("spec.template.spec.containers[0].imagePullPolcy"), the first type mismatch is kept
 * ("json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32"),
 * nulls become absent, quantities take their canonical form.
 */
function decodeValue(v: unknown, schema: FieldSchema, st: DecodeState, strictPath: string, structName: string, fieldStack: string[]): unknown {
  const typeError = (value: string, goType: string): undefined => {
    st.typePath ??= strictPath;
    st.typeError ??= fieldStack.length === 0
      ? `json: cannot unmarshal ${value} into Go value of type ${goType}`
      : `json: cannot unmarshal ${value} into Go struct field ${structName}.${fieldStack.join('.')} of type ${goType}`;
    return undefined;
  };
  if (v === null || v === undefined) return undefined;
  if (typeof schema === 'string') {
    switch (schema) {
      case 'raw': return v;
      case 'string': case 'time':
        return typeof v === 'string' ? v : typeError(jsonKind(v), schema === 'time' ? 'v1.Time' : 'string');
      case 'bool':
        return typeof v === 'boolean' ? v : typeError(jsonKind(v), 'bool');
      case 'int32': case 'int64': {
        if (typeof v !== 'number') return typeError(jsonKind(v), schema);
        const [lo, hi] = INT_RANGE[schema];
        if (!Number.isInteger(v) || v < lo || v > hi) return typeError(`number ${v}`, schema);
        return v;
      }
      case 'quantity': case 'quantityText':
        if ((typeof v === 'string' || typeof v === 'number') && isQuantity(typeof v === 'string' ? v.trim() : v)) {
          const text = typeof v === 'string' ? v.trim() : v;
          return schema === 'quantity' ? canonicalQuantity(text) : String(text);
        }
        throw new DecodeFatal(QUANTITY_FORMAT_ERROR, strictPath);
      case 'intOrString':
        if (typeof v === 'string') return v;
        if (typeof v === 'number' && Number.isInteger(v) && v >= INT_RANGE.int32[0] && v <= INT_RANGE.int32[1]) return v;
        throw new DecodeFatal(`json: cannot unmarshal ${typeof v === 'number' ? `number ${v}` : jsonKind(v)} into Go value of type int32`, strictPath);
    }
  }
  if ('list' in schema) {
    if (!Array.isArray(v)) return typeError(jsonKind(v), schema.go);
    return v.map((item, i) => decodeValue(item, schema.list, st, `${strictPath}[${i}]`, structName, fieldStack) ?? zeroOf(schema.list));
  }
  if ('map' in schema) {
    if (!isPlainObject(v)) return typeError(jsonKind(v), schema.go);
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) out[k] = decodeValue(v[k], schema.map, st, `${strictPath}[${k}]`, structName, fieldStack) ?? zeroOf(schema.map);
    return out;
  }
  if (!isPlainObject(v)) return typeError(jsonKind(v), schema.go);
  const out: Record<string, unknown> = {};
  const name = schema.go.slice(schema.go.indexOf('.') + 1);
  for (const k of Object.keys(v)) {
    const field = schema.fields[k];
    const childPath = strictPath === '' ? k : `${strictPath}.${k}`;
    if (field === undefined) {
      st.strict.push(`unknown field ${goQuote(childPath)}`);
      st.strictPaths.push(childPath);
      continue;
    }
    const decoded = decodeValue(v[k], field, st, childPath, name, [...fieldStack, k]);
    if (decoded !== undefined) out[k] = decoded;
  }
  return out;
}

function zeroOf(schema: FieldSchema): unknown {
  if (typeof schema === 'string') {
    switch (schema) {
      case 'string': case 'time': return '';
      case 'bool': return false;
      case 'int32': case 'int64': case 'intOrString': return 0;
      case 'quantity': case 'quantityText': return '0';
      default: return null;
    }
  }
  return 'list' in schema ? [] : {};
}

/**
 * The apiserver's strict decode of a served kind (fieldValidation=Strict, kubectl's default):
 * a BadRequest `Deployment in version "v1" cannot be handled as a Deployment: strict decoding
 * error: unknown field "spec.replica"`, or the normalised object.
 */
export function decodeObject(raw: unknown, info: KindInfo): { ok: true; object: KObject } | { ok: false; error: ApiError } {
  const rawType = isPlainObject(raw) ? raw : {};
  const named = alternateVersion(rawType.apiVersion, rawType.kind);
  const alt = named?.kind === info.kind ? named : undefined;
  const version = (alt ? String(rawType.apiVersion) : info.apiVersion).split('/').pop()!;
  const wrap = (msg: string, paths: string[]): { ok: false; error: ApiError } => ({
    ok: false,
    error: { ...newBadRequest(`${info.kind} in version ${goQuote(version)} cannot be handled as a ${info.kind}: ${msg}`), paths },
  });
  const schema = alt?.schema ?? SCHEMAS[info.kind as Exclude<Kind, 'SimConfig'>];
  const st: DecodeState = { strict: [], strictPaths: [] };
  let out: unknown;
  try {
    out = decodeValue(raw, schema, st, '', info.kind, []);
  } catch (e) {
    if (e instanceof DecodeFatal) return wrap(e.message, [e.at]);
    throw e;
  }
  if (st.typeError) return wrap(st.typeError, [st.typePath ?? '']);
  if (st.strict.length > 0) return wrap(`strict decoding error: ${st.strict.join(', ')}`, st.strictPaths);
  const obj = alt ? alt.convert(out as Record<string, unknown>) : out as KObject;
  if (!alt && info.kind === 'HorizontalPodAutoscaler' && obj.metadata) obj.metadata = dropRoundTripAnnotations(obj as unknown as Record<string, unknown>) as unknown as KObject['metadata'];
  obj.metadata = obj.metadata ?? { name: '' };
  return { ok: true, object: obj };
}
