// Defaulting as the apiserver applies it on decode: pkg/apis/core/v1/defaults.go, apps/v1/defaults.go,
// autoscaling/v2/defaults.go and the generated SetObjectDefaults_* (v1.28), plus Quantity's
// canonical form. Differs: pure, returns copies.
import { parseQuantityParts } from './quantity.js';
import type {
  Container, Deployment, HorizontalPodAutoscaler, HPAScalingRules, KObject, MetricTarget, Namespace, Node, Pod, PodSpec, Probe,
  ProbeHandler, ReplicaSet, ResourceList, StatefulSet, Volume,
} from './types.js';

// ------------------------------------------------------------------ quantities

const BINARY_EXP: Record<string, number> = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };
const DECIMAL_EXP: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const DECIMAL_SUFFIX: Record<number, string> = { [-9]: 'n', [-6]: 'u', [-3]: 'm', 0: '', 3: 'k', 6: 'M', 9: 'G', 12: 'T', 15: 'P', 18: 'E' };
const BINARY_SUFFIX = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];

type Format = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

/** An exact quantity: num / 10^scale (scale ≥ 0), with the format its suffix implies. */
interface Exact { num: bigint; scale: number; format: Format }

function exactOf(q: string | number): Exact | undefined {
  const p = parseQuantityParts(typeof q === 'number' ? String(q) : q);
  if (!p) return undefined;
  const [intPart, frac = ''] = p.mantissa.split('.');
  let num = BigInt(`${intPart ?? ''}${frac}` || '0');
  let exp10 = -frac.length;
  let format: Format = 'DecimalSI';
  if (p.suffix in BINARY_EXP) {
    num *= 1024n ** BigInt(BINARY_EXP[p.suffix]!);
    format = 'BinarySI';
  } else if (p.suffix in DECIMAL_EXP) exp10 += DECIMAL_EXP[p.suffix]!;
  else {
    exp10 += Number(p.suffix.slice(1));
    format = 'DecimalExponent';
  }
  if (p.negative) num = -num;
  if (exp10 >= 0) return { num: num * 10n ** BigInt(exp10), scale: 0, format };
  return { num, scale: -exp10, format };
}

/** Quantity.RoundUp(-3): to whole milli-units, away from zero. */
function roundUpMilli(e: Exact): Exact {
  if (e.scale <= 3) return e;
  const div = 10n ** BigInt(e.scale - 3);
  let q = e.num / div;
  if (e.num % div !== 0n) q += e.num < 0n ? -1n : 1n;
  return { num: q, scale: 3, format: e.format };
}

function removeFactors(value: bigint, base: bigint): [bigint, number] {
  let times = 0;
  while (value !== 0n && value % base === 0n) {
    value /= base;
    times++;
  }
  return [value, times];
}

/** Quantity.String() (CanonicalizeBytes) of an exact value. */
function canonical(e: Exact): string {
  if (e.num === 0n) return '0';
  let format = e.format;
  if (format === 'BinarySI') {
    const whole = e.scale === 0 || e.num % 10n ** BigInt(e.scale) === 0n;
    const intValue = whole ? e.num / 10n ** BigInt(e.scale) : 0n;
    if (!whole || (intValue > -1024n && intValue < 1024n)) format = 'DecimalSI';
    else {
      const [amount, times] = removeFactors(intValue, 1024n);
      if (times < BINARY_SUFFIX.length) return `${amount}${BINARY_SUFFIX[times]}`;
      return `${amount * 1024n ** BigInt(times - BINARY_SUFFIX.length + 1)}Ei`;
    }
  }
  // AsCanonicalBytes: strip factors of ten, then bring the exponent down to a multiple of 3.
  const [stripped, times] = removeFactors(e.num, 10n);
  let amount = stripped;
  let exponent = times - e.scale;
  const rem = ((exponent % 3) + 3) % 3;
  if (rem !== 0) {
    amount *= 10n ** BigInt(rem);
    exponent -= rem;
  }
  if (format === 'DecimalExponent') return exponent === 0 ? `${amount}` : `${amount}e${exponent}`;
  const suffix = DECIMAL_SUFFIX[exponent];
  return suffix !== undefined ? `${amount}${suffix}` : `${amount}e${exponent}`;
}

/**
 * The form the apiserver stores and prints a quantity in: "0.5" → "500m", "1024Mi" → "1Gi",
 * "1.5Gi" → "1536Mi", "2000" → "2k". Returns the input unchanged when it is not a quantity.
 */
export function canonicalQuantity(q: string | number): string {
  const e = exactOf(q);
  return e ? canonical(e) : String(q);
}

/** SetDefaults_ResourceList: each value rounded up to milli-units, then canonical. */
export function canonicalResourceQuantity(q: string | number): string {
  const e = exactOf(q);
  return e ? canonical(roundUpMilli(e)) : String(q);
}

/** Compare two quantities exactly (-1, 0, 1), as Quantity.Cmp. */
export function compareQuantity(a: string | number, b: string | number): number {
  const x = exactOf(a);
  const y = exactOf(b);
  if (!x || !y) return 0;
  const scale = Math.max(x.scale, y.scale);
  const xa = x.num * 10n ** BigInt(scale - x.scale);
  const ya = y.num * 10n ** BigInt(scale - y.scale);
  return xa < ya ? -1 : xa > ya ? 1 : 0;
}

/** Quantity.MilliValue() % 1000 !== 0: the value is not a whole number. */
export function isFractionalQuantity(q: string | number): boolean {
  const e = exactOf(q);
  return !!e && e.scale > 0 && e.num % 10n ** BigInt(e.scale) !== 0n;
}

function defaultResourceList(list: ResourceList | undefined): void {
  if (!list) return;
  for (const k of Object.keys(list)) list[k] = canonicalResourceQuantity(list[k]!);
}

// ------------------------------------------------------------------ core/v1

/** The image tag as parsers.ParseImageName sees it: "latest" when neither tag nor digest is given. */
export function imageTag(image: string): string | undefined {
  // An unparsable reference (upper-case repository, empty) makes ParseImageName fail: no tag.
  const [nameTag, digest] = image.split('@', 2) as [string, string | undefined];
  const slash = nameTag.lastIndexOf('/');
  const colon = nameTag.lastIndexOf(':');
  const hasTag = colon > slash;
  const repo = hasTag ? nameTag.slice(0, colon) : nameTag;
  const tag = hasTag ? nameTag.slice(colon + 1) : '';
  const path = slash >= 0 && /[.:]|^localhost$/.test(repo.slice(0, repo.indexOf('/'))) ? repo.slice(repo.indexOf('/') + 1) : repo;
  if (path === '' || !/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/.test(path)) return undefined;
  if (hasTag && !/^[\w][\w.-]{0,127}$/.test(tag)) return undefined;
  if (tag !== '') return tag;
  return digest === undefined ? 'latest' : '';
}

function defaultHandler(h: ProbeHandler | undefined): void {
  if (!h) return;
  if (h.httpGet) {
    if (!h.httpGet.path) h.httpGet.path = '/';
    if (!h.httpGet.scheme) h.httpGet.scheme = 'HTTP';
  }
  if (h.grpc && (h.grpc as { service?: string }).service === undefined) h.grpc.service = '';
}

/** SetDefaults_Probe: zero values become 1 s timeout, 10 s period, 1 success, 3 failures. */
function defaultProbe(p: Probe | undefined): void {
  if (!p) return;
  if (!p.timeoutSeconds) p.timeoutSeconds = 1;
  if (!p.periodSeconds) p.periodSeconds = 10;
  if (!p.successThreshold) p.successThreshold = 1;
  if (!p.failureThreshold) p.failureThreshold = 3;
  defaultHandler(p);
}

/** SetDefaults_Container plus the generated defaults of its ports, env, resources and probes. */
function defaultContainer(c: Container): void {
  if (!c.imagePullPolicy) c.imagePullPolicy = imageTag(c.image ?? '') === 'latest' ? 'Always' : 'IfNotPresent';
  if (!c.terminationMessagePath) c.terminationMessagePath = '/dev/termination-log';
  if (!c.terminationMessagePolicy) c.terminationMessagePolicy = 'File';
  for (const port of c.ports ?? []) if (!port.protocol) port.protocol = 'TCP';
  for (const env of c.env ?? []) {
    const fieldRef = (env.valueFrom as { fieldRef?: { apiVersion?: string } } | undefined)?.fieldRef;
    if (fieldRef && !fieldRef.apiVersion) fieldRef.apiVersion = 'v1';
  }
  defaultResourceList(c.resources?.limits);
  defaultResourceList(c.resources?.requests);
  defaultProbe(c.livenessProbe);
  defaultProbe(c.readinessProbe);
  defaultProbe(c.startupProbe);
  defaultHandler(c.lifecycle?.postStart);
  defaultHandler(c.lifecycle?.preStop);
}

const VOLUME_SOURCES = ['hostPath', 'emptyDir', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'secret', 'nfs', 'iscsi', 'glusterfs', 'persistentVolumeClaim', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'downwardAPI', 'fc', 'azureFile', 'configMap', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'projected', 'portworxVolume', 'scaleIO', 'storageos', 'csi', 'ephemeral'] as const;
export { VOLUME_SOURCES };

/** SetDefaults_Volume (no source = emptyDir) and the per-source defaults (mode 0644 = 420). */
function defaultVolume(v: Volume): void {
  const src = v as Record<string, unknown>;
  if (!VOLUME_SOURCES.some((s) => src[s] !== undefined && src[s] !== null)) v.emptyDir = {};
  for (const s of ['secret', 'configMap', 'downwardAPI', 'projected'] as const) {
    const o = src[s] as { defaultMode?: number } | undefined;
    if (o && typeof o === 'object' && o.defaultMode === undefined) o.defaultMode = 420;
  }
  const hostPath = src.hostPath as { type?: string } | undefined;
  if (hostPath && typeof hostPath === 'object' && hostPath.type === undefined) hostPath.type = '';
  if (v.emptyDir?.sizeLimit !== undefined) v.emptyDir.sizeLimit = canonicalQuantity(v.emptyDir.sizeLimit);
}

/** SetDefaults_PodSpec and the generated defaults below it (shared by pods and pod templates). */
function defaultPodSpec(spec: PodSpec): void {
  if (!spec.dnsPolicy) spec.dnsPolicy = 'ClusterFirst';
  if (!spec.restartPolicy) spec.restartPolicy = 'Always';
  if (spec.securityContext === undefined || spec.securityContext === null) spec.securityContext = {};
  if (spec.terminationGracePeriodSeconds === undefined) spec.terminationGracePeriodSeconds = 30;
  if (!spec.schedulerName) spec.schedulerName = 'default-scheduler';
  for (const v of spec.volumes ?? []) defaultVolume(v);
  for (const c of spec.initContainers ?? []) defaultContainer(c);
  for (const c of spec.containers ?? []) defaultContainer(c);
  defaultResourceList(spec.overhead);
}

/**
 * SetDefaults_Pod: only on a Pod, not on a pod template — requests default to limits, service
 * links are enabled, and with hostNetwork container ports get hostPort = containerPort.
 */
function defaultPod(pod: Pod): void {
  const spec = pod.spec;
  for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
    const limits = c.resources?.limits;
    if (!limits) continue;
    const requests: ResourceList = c.resources!.requests ?? {};
    for (const k of Object.keys(limits)) if (requests[k] === undefined) requests[k] = limits[k]!;
    c.resources!.requests = requests;
  }
  if (spec.enableServiceLinks === undefined) spec.enableServiceLinks = true;
  if (spec.hostNetwork) {
    for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
      for (const port of c.ports ?? []) if (!port.hostPort) port.hostPort = port.containerPort;
    }
  }
}

function defaultNamespace(ns: Namespace): void {
  // SetDefaults_Namespace: the immutable name label; SetDefaults_NamespaceStatus: phase Active.
  if (ns.metadata.name) ns.metadata.labels = { ...(ns.metadata.labels ?? {}), 'kubernetes.io/metadata.name': ns.metadata.name };
  ns.status = { ...(ns.status ?? {}) };
  if (!ns.status.phase) ns.status.phase = 'Active';
}

function defaultNode(node: Node): void {
  // Conversion keeps podCIDR and podCIDRs in step (podCIDRs[0] is podCIDR).
  node.spec = node.spec ?? {};
  if (node.spec.podCIDR && !(node.spec.podCIDRs?.length)) node.spec.podCIDRs = [node.spec.podCIDR];
  else if (!node.spec.podCIDR && node.spec.podCIDRs?.length) node.spec.podCIDR = node.spec.podCIDRs[0]!;
  node.status = node.status ?? {};
  // SetDefaults_NodeStatus: allocatable defaults to capacity.
  if (node.status.allocatable === undefined && node.status.capacity !== undefined) node.status.allocatable = { ...node.status.capacity };
  defaultResourceList(node.status.capacity);
  defaultResourceList(node.status.allocatable);
}

/** SetDefaults_Deployment (apps/v1): replicas 1, RollingUpdate 25%/25%, history 10, deadline 600 s. */
function defaultDeployment(d: Deployment): void {
  const spec = d.spec;
  if (spec.replicas === undefined) spec.replicas = 1;
  spec.strategy = spec.strategy ?? {};
  if (!spec.strategy.type) spec.strategy.type = 'RollingUpdate';
  if (spec.strategy.type === 'RollingUpdate') {
    const ru = spec.strategy.rollingUpdate ?? {};
    if (ru.maxUnavailable === undefined) ru.maxUnavailable = '25%';
    if (ru.maxSurge === undefined) ru.maxSurge = '25%';
    spec.strategy.rollingUpdate = ru;
  }
  if (spec.revisionHistoryLimit === undefined) spec.revisionHistoryLimit = 10;
  if (spec.progressDeadlineSeconds === undefined) spec.progressDeadlineSeconds = 600;
  defaultTemplate(spec);
}

/** The template is a value in the Go struct: its spec is defaulted even when the manifest has none. */
function defaultTemplate(spec: { template: Deployment['spec']['template'] }): void {
  spec.template = spec.template ?? ({} as Deployment['spec']['template']);
  spec.template.spec = spec.template.spec ?? ({} as PodSpec);
  defaultPodSpec(spec.template.spec);
}

function defaultReplicaSet(rs: ReplicaSet): void {
  if (rs.spec.replicas === undefined) rs.spec.replicas = 1;
  defaultTemplate(rs.spec);
}

/**
 * SetDefaults_StatefulSet (apps/v1, v1.28): podManagementPolicy OrderedReady; updateStrategy
 * RollingUpdate with an empty rollingUpdate when no type is set, partition 0 whenever
 * rollingUpdate is present (MaxUnavailableStatefulSet is alpha, off: maxUnavailable stays unset);
 * persistentVolumeClaimRetentionPolicy Retain/Retain (StatefulSetAutoDeletePVC, beta, on);
 * replicas 1; revisionHistoryLimit 10; the template as for the other workloads.
 */
function defaultStatefulSet(ss: StatefulSet): void {
  const spec = ss.spec;
  if (!spec.podManagementPolicy) spec.podManagementPolicy = 'OrderedReady';
  spec.updateStrategy = spec.updateStrategy ?? {};
  if (!spec.updateStrategy.type) {
    spec.updateStrategy.type = 'RollingUpdate';
    spec.updateStrategy.rollingUpdate = spec.updateStrategy.rollingUpdate ?? {};
  }
  const ru = spec.updateStrategy.rollingUpdate;
  if (spec.updateStrategy.type === 'RollingUpdate' && ru && ru.partition === undefined) ru.partition = 0;
  const retention = spec.persistentVolumeClaimRetentionPolicy ?? {};
  if (!retention.whenDeleted) retention.whenDeleted = 'Retain';
  if (!retention.whenScaled) retention.whenScaled = 'Retain';
  spec.persistentVolumeClaimRetentionPolicy = retention;
  if (spec.replicas === undefined) spec.replicas = 1;
  if (spec.revisionHistoryLimit === undefined) spec.revisionHistoryLimit = 10;
  defaultTemplate(spec);
}

// ------------------------------------------------------------------ autoscaling/v2

/** autoscaling.DefaultCPUUtilization: the target of an HPA that names no metric. */
export const DEFAULT_CPU_UTILIZATION = 80;

/**
 * The scale-up rules of the legacy (behavior-less) HPA: no stabilization, and per 15 s the larger
 * of +4 pods and +100 % (defaultHPAScaleUpRules).
 */
const DEFAULT_HPA_SCALE_UP_RULES: Readonly<HPAScalingRules> = {
  stabilizationWindowSeconds: 0,
  selectPolicy: 'Max',
  policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }],
};

/**
 * defaultHPAScaleDownRules: -100 % per 15 s. The stabilization window stays unset: the
 * controller's --horizontal-pod-autoscaler-downscale-stabilization (300 s) applies.
 */
const DEFAULT_HPA_SCALE_DOWN_RULES: Readonly<HPAScalingRules> = {
  selectPolicy: 'Max',
  policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
};

/** copyHPAScalingRules: the fields `from` sets win over the defaults. */
function copyHPAScalingRules(from: HPAScalingRules | undefined, to: HPAScalingRules): HPAScalingRules {
  if (!from) return to;
  if (from.selectPolicy !== undefined) to.selectPolicy = from.selectPolicy;
  if (from.stabilizationWindowSeconds !== undefined) to.stabilizationWindowSeconds = from.stabilizationWindowSeconds;
  if (from.policies !== undefined) to.policies = structuredClone(from.policies);
  return to;
}

/**
 * GenerateHPAScaleUpRules: fully set scale-up rules (window 0, Max, [Pods 4/15 s, Percent 100/15 s])
 * with the given fields kept.
 * @example generateHPAScaleUpRules({ stabilizationWindowSeconds: 60 }).policies?.length // 2
 */
export function generateHPAScaleUpRules(rules?: HPAScalingRules): HPAScalingRules {
  return copyHPAScalingRules(rules, structuredClone(DEFAULT_HPA_SCALE_UP_RULES) as HPAScalingRules);
}

/**
 * GenerateHPAScaleDownRules: as above for scale-down (Max, [Percent 100/15 s]); the window is
 * left unset unless given (nil means the controller's downscale stabilization window).
 */
export function generateHPAScaleDownRules(rules?: HPAScalingRules): HPAScalingRules {
  return copyHPAScalingRules(rules, structuredClone(DEFAULT_HPA_SCALE_DOWN_RULES) as HPAScalingRules);
}

/**
 * SetDefaults_HorizontalPodAutoscaler (autoscaling/v2): minReplicas 1; no metrics means cpu
 * Utilization 80 %; a behavior gets both directions filled in, a missing behavior stays missing
 * (the controller's legacy path).
 */
function defaultHorizontalPodAutoscaler(hpa: HorizontalPodAutoscaler): void {
  hpa.spec = hpa.spec ?? ({} as HorizontalPodAutoscaler['spec']);
  const spec = hpa.spec;
  if (spec.minReplicas === undefined) spec.minReplicas = 1;
  if (!spec.metrics || spec.metrics.length === 0) {
    spec.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: DEFAULT_CPU_UTILIZATION } } }];
  }
  if (spec.behavior) {
    spec.behavior.scaleUp = generateHPAScaleUpRules(spec.behavior.scaleUp);
    spec.behavior.scaleDown = generateHPAScaleDownRules(spec.behavior.scaleDown);
  }
}

/**
 * The form the API server stores an HPA's target quantities in (Quantity.String()): decoding
 * keeps them as written so that validation can report them as parsed; admission calls this
 * once the object is valid. Returns a copy.
 * @example canonicalizeHorizontalPodAutoscaler(hpa) // averageValue "0.5" → "500m"
 */
export function canonicalizeHorizontalPodAutoscaler(hpa: HorizontalPodAutoscaler): HorizontalPodAutoscaler {
  const o = structuredClone(hpa);
  const fix = (t: MetricTarget | undefined): void => {
    if (!t) return;
    if (t.value !== undefined) t.value = canonicalQuantity(t.value);
    if (t.averageValue !== undefined) t.averageValue = canonicalQuantity(t.averageValue);
  };
  for (const m of o.spec?.metrics ?? []) {
    fix(m.resource?.target);
    fix(m.containerResource?.target);
    fix(m.pods?.target);
    fix(m.object?.target);
    fix(m.external?.target);
  }
  return o;
}

/**
 * SetObjectDefaults for a served kind; returns a defaulted copy and never mutates its input.
 * Idempotent: defaulting a defaulted object changes nothing.
 *
 * @example setObjectDefaults({apiVersion: 'apps/v1', kind: 'Deployment', metadata: {name: 'web'}, spec})
 *   // spec.replicas 1, strategy RollingUpdate 25%/25%, revisionHistoryLimit 10, progressDeadlineSeconds 600
 */
export function setObjectDefaults<T extends KObject>(obj: T): T {
  const o = structuredClone(obj) as T;
  switch (o.kind) {
    case 'Pod': {
      const pod = o as unknown as Pod;
      pod.spec = pod.spec ?? ({} as PodSpec);
      defaultPod(pod);
      defaultPodSpec(pod.spec);
      break;
    }
    case 'Deployment': {
      const d = o as unknown as Deployment;
      d.spec = d.spec ?? ({} as Deployment['spec']);
      defaultDeployment(d);
      break;
    }
    case 'ReplicaSet': {
      const rs = o as unknown as ReplicaSet;
      rs.spec = rs.spec ?? ({} as ReplicaSet['spec']);
      defaultReplicaSet(rs);
      break;
    }
    case 'StatefulSet': {
      const ss = o as unknown as StatefulSet;
      ss.spec = ss.spec ?? ({} as StatefulSet['spec']);
      defaultStatefulSet(ss);
      break;
    }
    case 'Namespace': defaultNamespace(o as unknown as Namespace); break;
    case 'Node': defaultNode(o as unknown as Node); break;
    case 'HorizontalPodAutoscaler': defaultHorizontalPodAutoscaler(o as unknown as HorizontalPodAutoscaler); break;
    default: break;
  }
  return o;
}
