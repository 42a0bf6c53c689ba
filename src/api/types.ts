// The Kubernetes object shapes kreplay models, as plain JSON (apps/v1 and core/v1 at v1.28).
// Objects in the state are immutable values; fields follow the upstream Go types' JSON names.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  name: string;
  namespace?: string;
  generateName?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
}

export interface TypeMeta {
  apiVersion: string;
  kind: string;
}

export interface KObject extends TypeMeta {
  metadata: ObjectMeta;
  spec?: unknown;
  status?: unknown;
  /**
   * The simulator's own bookkeeping for this object: what a Kubernetes component keeps in process
   * memory (the kubelet's crash back-off entries, the scheduler's attempt count). It lives in the
   * object so that it is in the log — a resumed or verified run sees exactly what the original
   * saw — and kubectl output never shows it. Each component owns one key.
   */
  sim?: { [component: string]: Json };
}

// ---------------------------------------------------------------- selectors

export type LabelSelectorOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

export interface LabelSelectorRequirement {
  key: string;
  operator: LabelSelectorOperator;
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

// ---------------------------------------------------------------- core/v1 Namespace

export interface Namespace extends KObject {
  kind: 'Namespace';
  spec?: { finalizers?: string[] };
  status?: { phase?: 'Active' | 'Terminating' };
}

// ---------------------------------------------------------------- core/v1 Node

export type TaintEffect = 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';

export interface Taint {
  key: string;
  value?: string;
  effect: TaintEffect;
  timeAdded?: string;
}

export type ConditionStatus = 'True' | 'False' | 'Unknown';

export interface NodeCondition {
  type: string;
  status: ConditionStatus;
  lastHeartbeatTime?: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

export type ResourceList = Record<string, string>;

export interface NodeSpec {
  podCIDR?: string;
  podCIDRs?: string[];
  unschedulable?: boolean;
  taints?: Taint[];
  providerID?: string;
}

export interface NodeStatus {
  capacity?: ResourceList;
  allocatable?: ResourceList;
  conditions?: NodeCondition[];
  addresses?: { type: string; address: string }[];
  nodeInfo?: Record<string, string>;
  images?: { names: string[]; sizeBytes?: number }[];
}

export interface Node extends KObject {
  kind: 'Node';
  spec: NodeSpec;
  status: NodeStatus;
}

// ---------------------------------------------------------------- core/v1 Pod

export interface ResourceRequirements {
  requests?: ResourceList;
  limits?: ResourceList;
}

export interface ContainerPort {
  name?: string;
  containerPort: number;
  hostPort?: number;
  hostIP?: string;
  protocol?: 'TCP' | 'UDP' | 'SCTP';
}

export interface ProbeHandler {
  exec?: { command?: string[] };
  httpGet?: { path?: string; port: number | string; host?: string; scheme?: string };
  tcpSocket?: { port: number | string; host?: string };
  grpc?: { port: number; service?: string };
}

export interface Probe extends ProbeHandler {
  initialDelaySeconds?: number;
  timeoutSeconds?: number;
  periodSeconds?: number;
  successThreshold?: number;
  failureThreshold?: number;
  terminationGracePeriodSeconds?: number;
}

export interface LifecycleHandler extends ProbeHandler {
  sleep?: { seconds: number };
}

export interface Container {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  workingDir?: string;
  ports?: ContainerPort[];
  env?: { name: string; value?: string; valueFrom?: Json }[];
  envFrom?: Json[];
  resources?: ResourceRequirements;
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean; subPath?: string }[];
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  startupProbe?: Probe;
  lifecycle?: { postStart?: LifecycleHandler; preStop?: LifecycleHandler };
  terminationMessagePath?: string;
  terminationMessagePolicy?: string;
  imagePullPolicy?: 'Always' | 'IfNotPresent' | 'Never';
  restartPolicy?: 'Always';
  securityContext?: Json;
  stdin?: boolean;
  tty?: boolean;
}

export interface Toleration {
  key?: string;
  operator?: 'Exists' | 'Equal';
  value?: string;
  effect?: TaintEffect | '';
  tolerationSeconds?: number;
}

export type NodeSelectorOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';

export interface NodeSelectorRequirement {
  key: string;
  operator: NodeSelectorOperator;
  values?: string[];
}

export interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[];
  matchFields?: NodeSelectorRequirement[];
}

export interface NodeAffinity {
  requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms: NodeSelectorTerm[] };
  preferredDuringSchedulingIgnoredDuringExecution?: { weight: number; preference: NodeSelectorTerm }[];
}

export interface Affinity {
  nodeAffinity?: NodeAffinity;
  podAffinity?: Json;
  podAntiAffinity?: Json;
}

export interface Volume {
  name: string;
  emptyDir?: { medium?: string; sizeLimit?: string };
  [source: string]: Json | undefined;
}

export type RestartPolicy = 'Always' | 'OnFailure' | 'Never';

export interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  restartPolicy?: RestartPolicy;
  terminationGracePeriodSeconds?: number;
  activeDeadlineSeconds?: number;
  dnsPolicy?: string;
  nodeSelector?: Record<string, string>;
  serviceAccountName?: string;
  nodeName?: string;
  hostNetwork?: boolean;
  /** the pod's hostname (a StatefulSet sets its pod name) */
  hostname?: string;
  /** with hostname: "<hostname>.<subdomain>.<ns>.svc" (a StatefulSet sets its serviceName) */
  subdomain?: string;
  schedulerName?: string;
  tolerations?: Toleration[];
  affinity?: Affinity;
  priority?: number;
  priorityClassName?: string;
  volumes?: Volume[];
  securityContext?: Json;
  overhead?: ResourceList;
  topologySpreadConstraints?: Json[];
  readinessGates?: { conditionType: string }[];
  enableServiceLinks?: boolean;
  preemptionPolicy?: string;
}

export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';

export interface PodCondition {
  type: string;
  status: ConditionStatus;
  lastProbeTime?: string | null;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

export interface ContainerStateWaiting { reason?: string; message?: string }
export interface ContainerStateRunning { startedAt?: string }
export interface ContainerStateTerminated {
  exitCode: number;
  signal?: number;
  reason?: string;
  message?: string;
  startedAt?: string;
  finishedAt?: string;
  containerID?: string;
}

export interface ContainerState {
  waiting?: ContainerStateWaiting;
  running?: ContainerStateRunning;
  terminated?: ContainerStateTerminated;
}

export interface ContainerStatus {
  name: string;
  state: ContainerState;
  lastState: ContainerState;
  ready: boolean;
  restartCount: number;
  image: string;
  imageID: string;
  containerID?: string;
  started?: boolean;
}

export interface PodStatus {
  phase?: PodPhase;
  conditions?: PodCondition[];
  message?: string;
  reason?: string;
  nominatedNodeName?: string;
  hostIP?: string;
  hostIPs?: { ip: string }[];
  podIP?: string;
  podIPs?: { ip: string }[];
  startTime?: string;
  initContainerStatuses?: ContainerStatus[];
  containerStatuses?: ContainerStatus[];
  qosClass?: 'Guaranteed' | 'Burstable' | 'BestEffort';
}

export interface PodTemplateSpec {
  metadata?: Partial<ObjectMeta>;
  spec: PodSpec;
}

export interface Pod extends KObject {
  kind: 'Pod';
  spec: PodSpec;
  status: PodStatus;
}

// ---------------------------------------------------------------- apps/v1 ReplicaSet

export interface ReplicaSetSpec {
  replicas?: number;
  minReadySeconds?: number;
  selector: LabelSelector;
  template: PodTemplateSpec;
}

export interface ReplicaSetCondition {
  type: string;
  status: ConditionStatus;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

export interface ReplicaSetStatus {
  replicas: number;
  fullyLabeledReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  observedGeneration?: number;
  conditions?: ReplicaSetCondition[];
}

export interface ReplicaSet extends KObject {
  kind: 'ReplicaSet';
  spec: ReplicaSetSpec;
  status: ReplicaSetStatus;
}

// ---------------------------------------------------------------- apps/v1 Deployment

export type IntOrString = number | string;

export interface DeploymentStrategy {
  type?: 'RollingUpdate' | 'Recreate';
  rollingUpdate?: { maxUnavailable?: IntOrString; maxSurge?: IntOrString };
}

export interface DeploymentSpec {
  replicas?: number;
  selector: LabelSelector;
  template: PodTemplateSpec;
  strategy?: DeploymentStrategy;
  minReadySeconds?: number;
  revisionHistoryLimit?: number;
  paused?: boolean;
  progressDeadlineSeconds?: number;
}

export interface DeploymentCondition {
  type: 'Progressing' | 'Available' | 'ReplicaFailure' | string;
  status: ConditionStatus;
  lastUpdateTime?: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

export interface DeploymentStatus {
  observedGeneration?: number;
  replicas?: number;
  updatedReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  unavailableReplicas?: number;
  conditions?: DeploymentCondition[];
  collisionCount?: number;
}

export interface Deployment extends KObject {
  kind: 'Deployment';
  spec: DeploymentSpec;
  status: DeploymentStatus;
}

// ---------------------------------------------------------------- apps/v1 StatefulSet

export interface StatefulSetUpdateStrategy {
  type?: 'RollingUpdate' | 'OnDelete';
  rollingUpdate?: { partition?: number; maxUnavailable?: IntOrString };
}

export interface StatefulSetSpec {
  replicas?: number;
  selector: LabelSelector;
  template: PodTemplateSpec;
  /** accepted and kept; kreplay creates no PersistentVolumeClaims from them */
  volumeClaimTemplates?: Json[];
  serviceName?: string;
  podManagementPolicy?: 'OrderedReady' | 'Parallel';
  updateStrategy?: StatefulSetUpdateStrategy;
  revisionHistoryLimit?: number;
  minReadySeconds?: number;
  persistentVolumeClaimRetentionPolicy?: { whenDeleted?: 'Retain' | 'Delete'; whenScaled?: 'Retain' | 'Delete' };
  ordinals?: { start?: number };
}

export interface StatefulSetCondition {
  type: string;
  status: ConditionStatus;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

export interface StatefulSetStatus {
  observedGeneration?: number;
  replicas: number;
  readyReplicas?: number;
  currentReplicas?: number;
  updatedReplicas?: number;
  currentRevision?: string;
  updateRevision?: string;
  collisionCount?: number;
  conditions?: StatefulSetCondition[];
  availableReplicas?: number;
}

export interface StatefulSet extends KObject {
  kind: 'StatefulSet';
  spec: StatefulSetSpec;
  status: StatefulSetStatus;
}

// ---------------------------------------------------------------- policy/v1 PodDisruptionBudget

export interface PodDisruptionBudgetSpec {
  minAvailable?: IntOrString;
  maxUnavailable?: IntOrString;
  selector?: LabelSelector;
  /** IfHealthyBudget (default) | AlwaysAllow */
  unhealthyPodEvictionPolicy?: string;
}

export interface PodDisruptionBudgetStatus {
  observedGeneration?: number;
  /** pods being evicted: name → RFC 3339 time the eviction was admitted */
  disruptedPods?: Record<string, string>;
  disruptionsAllowed: number;
  currentHealthy: number;
  desiredHealthy: number;
  expectedPods: number;
  conditions?: { type: string; status: ConditionStatus; reason?: string; message?: string; lastTransitionTime?: string; observedGeneration?: number }[];
}

export interface PodDisruptionBudget extends KObject {
  kind: 'PodDisruptionBudget';
  spec: PodDisruptionBudgetSpec;
  status: PodDisruptionBudgetStatus;
}

// ---------------------------------------------------------------- autoscaling/v2 HorizontalPodAutoscaler

export interface CrossVersionObjectReference {
  kind: string;
  name: string;
  apiVersion?: string;
}

/** Utilization (resource metrics only: averageUtilization) | Value | AverageValue */
export type MetricTargetType = 'Utilization' | 'Value' | 'AverageValue';

export interface MetricTarget {
  type: MetricTargetType;
  /** a quantity (Value) */
  value?: string;
  /** a quantity (AverageValue) */
  averageValue?: string;
  /** percent of the request (Utilization) */
  averageUtilization?: number;
}

export interface MetricIdentifier {
  name: string;
  selector?: LabelSelector;
}

export interface ResourceMetricSource { name: string; target: MetricTarget }
export interface ContainerResourceMetricSource { name: string; container: string; target: MetricTarget }
export interface PodsMetricSource { metric: MetricIdentifier; target: MetricTarget }
export interface ObjectMetricSource { describedObject: CrossVersionObjectReference; metric: MetricIdentifier; target: MetricTarget }
export interface ExternalMetricSource { metric: MetricIdentifier; target: MetricTarget }

export type MetricSourceType = 'Resource' | 'ContainerResource' | 'Pods' | 'Object' | 'External';

export interface MetricSpec {
  type: MetricSourceType;
  resource?: ResourceMetricSource;
  containerResource?: ContainerResourceMetricSource;
  pods?: PodsMetricSource;
  object?: ObjectMetricSource;
  external?: ExternalMetricSource;
}

export interface HPAScalingPolicy {
  /** Pods | Percent */
  type: 'Pods' | 'Percent';
  value: number;
  periodSeconds: number;
}

export interface HPAScalingRules {
  stabilizationWindowSeconds?: number;
  /** Max (default) | Min | Disabled */
  selectPolicy?: 'Max' | 'Min' | 'Disabled';
  policies?: HPAScalingPolicy[];
}

export interface HorizontalPodAutoscalerBehavior {
  scaleUp?: HPAScalingRules;
  scaleDown?: HPAScalingRules;
}

export interface HorizontalPodAutoscalerSpec {
  scaleTargetRef: CrossVersionObjectReference;
  /** default 1 */
  minReplicas?: number;
  maxReplicas: number;
  /** default: cpu Utilization 80 % */
  metrics?: MetricSpec[];
  /** nil: the legacy path (§3.4); when set, its nil parts are defaulted (§3.1) */
  behavior?: HorizontalPodAutoscalerBehavior;
}

export interface MetricValueStatus {
  value?: string;
  averageValue?: string;
  averageUtilization?: number;
}

export interface MetricStatus {
  type: MetricSourceType;
  resource?: { name: string; current: MetricValueStatus };
  containerResource?: { name: string; container: string; current: MetricValueStatus };
  pods?: { metric: MetricIdentifier; current: MetricValueStatus };
  object?: { describedObject: CrossVersionObjectReference; metric: MetricIdentifier; current: MetricValueStatus };
  external?: { metric: MetricIdentifier; current: MetricValueStatus };
}

export interface HorizontalPodAutoscalerCondition {
  /** AbleToScale | ScalingActive | ScalingLimited */
  type: string;
  status: ConditionStatus;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

export interface HorizontalPodAutoscalerStatus {
  observedGeneration?: number;
  lastScaleTime?: string;
  currentReplicas: number;
  desiredReplicas: number;
  currentMetrics?: MetricStatus[];
  conditions?: HorizontalPodAutoscalerCondition[];
}

export interface HorizontalPodAutoscaler extends KObject {
  kind: 'HorizontalPodAutoscaler';
  spec: HorizontalPodAutoscalerSpec;
  status: HorizontalPodAutoscalerStatus;
}

// ---------------------------------------------------------------- kinds

/** Kinds the engine stores. Internal kinds (not served to kubectl) start with "Sim". */
export type Kind = 'Namespace' | 'Node' | 'Pod' | 'ReplicaSet' | 'Deployment' | 'StatefulSet' | 'PodDisruptionBudget' | 'HorizontalPodAutoscaler' | 'SimConfig';

export interface KindInfo {
  kind: Kind;
  apiVersion: string;
  namespaced: boolean;
  /** lower-case plural used by kubectl and in "kind/name" references */
  plural: string;
  singular: string;
  shortNames: string[];
  /** group-qualified resource name kubectl prints: "deployment.apps" */
  qualified: string;
  /** metadata.generation is bumped on spec changes */
  hasGeneration: boolean;
}

export const KINDS: Readonly<Record<Kind, KindInfo>> = {
  Namespace: { kind: 'Namespace', apiVersion: 'v1', namespaced: false, plural: 'namespaces', singular: 'namespace', shortNames: ['ns'], qualified: 'namespace', hasGeneration: false },
  Node: { kind: 'Node', apiVersion: 'v1', namespaced: false, plural: 'nodes', singular: 'node', shortNames: ['no'], qualified: 'node', hasGeneration: false },
  Pod: { kind: 'Pod', apiVersion: 'v1', namespaced: true, plural: 'pods', singular: 'pod', shortNames: ['po'], qualified: 'pod', hasGeneration: false },
  ReplicaSet: { kind: 'ReplicaSet', apiVersion: 'apps/v1', namespaced: true, plural: 'replicasets', singular: 'replicaset', shortNames: ['rs'], qualified: 'replicaset.apps', hasGeneration: true },
  Deployment: { kind: 'Deployment', apiVersion: 'apps/v1', namespaced: true, plural: 'deployments', singular: 'deployment', shortNames: ['deploy'], qualified: 'deployment.apps', hasGeneration: true },
  StatefulSet: { kind: 'StatefulSet', apiVersion: 'apps/v1', namespaced: true, plural: 'statefulsets', singular: 'statefulset', shortNames: ['sts'], qualified: 'statefulset.apps', hasGeneration: true },
  PodDisruptionBudget: { kind: 'PodDisruptionBudget', apiVersion: 'policy/v1', namespaced: true, plural: 'poddisruptionbudgets', singular: 'poddisruptionbudget', shortNames: ['pdb'], qualified: 'poddisruptionbudget.policy', hasGeneration: true },
  HorizontalPodAutoscaler: { kind: 'HorizontalPodAutoscaler', apiVersion: 'autoscaling/v2', namespaced: true, plural: 'horizontalpodautoscalers', singular: 'horizontalpodautoscaler', shortNames: ['hpa'], qualified: 'horizontalpodautoscaler.autoscaling', hasGeneration: true },
  SimConfig: { kind: 'SimConfig', apiVersion: 'kreplay.io/v1', namespaced: false, plural: 'simconfigs', singular: 'simconfig', shortNames: [], qualified: 'simconfig.kreplay.io', hasGeneration: false },
};

export type ObjectOf<K extends Kind> =
  K extends 'Namespace' ? Namespace :
  K extends 'Node' ? Node :
  K extends 'Pod' ? Pod :
  K extends 'ReplicaSet' ? ReplicaSet :
  K extends 'Deployment' ? Deployment :
  K extends 'StatefulSet' ? StatefulSet :
  K extends 'PodDisruptionBudget' ? PodDisruptionBudget :
  K extends 'HorizontalPodAutoscaler' ? HorizontalPodAutoscaler :
  K extends 'SimConfig' ? SimConfig :
  never;

/** A reference to one object: kind, namespace ('' for cluster-scoped), name. */
export interface ObjectRef {
  kind: Kind;
  namespace: string;
  name: string;
  uid?: string;
}

/**
 * The simulation's own configuration, stored as an internal object so that every input the
 * controllers read is in the log (verify, fork and resume need nothing but the database).
 */
export interface SimConfig extends KObject {
  kind: 'SimConfig';
  spec: SimConfigSpec;
}

export interface SimConfigSpec {
  scenario: string;
  seed: number;
  /** RFC 3339 instant of tick 0 */
  start: string;
  behaviors: Behavior[];
  /** controller-manager / kubelet / scheduler settings, defaulted */
  settings: ClusterSettings;
  /** per-selector usage overrides set by timeline `usage:`/`load:` steps */
  usage: UsageRule[];
  /**
   * Pods, Object and External metrics (the custom and external metrics APIs) as the scenario
   * gives them: each series is a step function of simulated time; timeline `metric:` steps
   * append points. Absent: no custom metrics.
   */
  metrics?: MetricSeries[];
}

/**
 * One custom or external metric as a step function of time (ticks). What the metrics adapters
 * of a real cluster (prometheus-adapter, KEDA …) would serve.
 *   - Pods: per-pod values for the pods matching `selector` (namespace `namespace`): each
 *     point gives either `perPod` (every matching running pod reports it) or `total` (shared
 *     evenly by the ready matching pods, as under a real load);
 *   - Object: the value of `metric` described by `object` (kind/name in `namespace`);
 *   - External: the value of `metric` for metric selector `selector` (not namespaced by pods).
 */
export interface MetricSeries {
  type: 'Pods' | 'Object' | 'External';
  /** the metric name */
  name: string;
  namespace: string;
  /** Pods: labels of the pods; External: the metric's label selector (matchLabels) */
  selector?: Record<string, string>;
  /** Object: the described object */
  object?: { kind: string; name: string };
  /** sorted by tick; the latest point at or before now applies (none: no metric yet) */
  points: MetricPoint[];
}

export interface MetricPoint {
  tick: number;
  /** a quantity; Object and External */
  value?: string;
  /** a quantity; Pods: what each matching pod reports */
  perPod?: string;
  /** a quantity; Pods: a total shared evenly by the ready matching pods */
  total?: string;
  /** Object and External: no value from this point on (the adapter returns an error) */
  absent?: boolean;
}

export interface Behavior {
  match: { image?: string; labels?: Record<string, string> };
  /** seconds from container creation to running */
  startupSeconds?: number;
  /**
   * start-up varies: each container start takes startupSeconds plus a whole number of seconds in
   * [0, startupJitterSeconds], drawn from a stable hash of (pod uid, container, start number) —
   * the same in every run with the same seed, different between pods (as on a real node).
   */
  startupJitterSeconds?: number;
  /** readiness probes succeed from `afterSeconds` of container age, except in the `failBetween` windows; `never` = always fail */
  ready?: { afterSeconds?: number; never?: boolean; failBetween?: AgeWindow[] };
  /** liveness probes fail from `failAfterSeconds` of container age on, and inside the `failBetween` windows */
  live?: { failAfterSeconds?: number; failBetween?: AgeWindow[] };
  /** startup probes succeed from `afterSeconds` of container age on (the application has started) */
  started?: { afterSeconds: number };
  exit?: { afterSeconds: number; code: number };
  pull?: 'fail' | 'ok';
  usage?: UsagePoint[];
  /**
   * What deletion does: the preStop hook (when the pod defines one) runs `preStopSeconds`; after
   * SIGTERM the process exits after `sigtermSeconds` (default 0 = at once); SIGKILL at the grace
   * deadline either way.
   */
  terminate?: { preStopSeconds?: number; sigtermSeconds?: number };
}

/** [from, to) in seconds of container age */
export type AgeWindow = [number, number];

export interface UsagePoint {
  atSeconds: number;
  cpu?: string;
  memory?: string;
  /** ephemeral-storage used by the container (logs, writable layer, emptyDir) */
  ephemeralStorage?: string;
}

export interface UsageRule {
  sinceTick: number;
  selector: Record<string, string>;
  cpu?: string;
  memory?: string;
  /** a total shared evenly by the ready matching pods */
  load?: { cpu?: string; memory?: string };
}

export interface ClusterSettings {
  /** CIDR from which node podCIDRs (/24) are carved */
  podCIDR: string;
  /** kube-scheduler percentageOfNodesToScore (0 = adaptive) */
  percentageOfNodesToScore: number;
  /** kube-controller-manager flags (v1.28 defaults; §4.3) */
  controllerManager?: ControllerManagerSettings;
  /** kube-apiserver flags */
  apiServer?: ApiServerSettings;
}

export interface ControllerManagerSettings {
  /** --node-monitor-period (default 5 s) */
  nodeMonitorPeriodSeconds: number;
  /** --node-monitor-grace-period (default 40 s; 50 s from v1.32) */
  nodeMonitorGracePeriodSeconds: number;
  /** --node-startup-grace-period (default 60 s) */
  nodeStartupGracePeriodSeconds: number;
  /** --node-eviction-rate, nodes per second per zone (default 0.1) */
  nodeEvictionRate: number;
  /** --secondary-node-eviction-rate (default 0.01) */
  secondaryNodeEvictionRate: number;
  /** --large-cluster-size-threshold (default 50) */
  largeClusterSizeThreshold: number;
  /** --unhealthy-zone-threshold (default 0.55) */
  unhealthyZoneThreshold: number;
  /** --horizontal-pod-autoscaler-sync-period, seconds (default 15) */
  horizontalPodAutoscalerSyncPeriodSeconds?: number;
  /** --horizontal-pod-autoscaler-tolerance (default 0.1) */
  horizontalPodAutoscalerTolerance?: number;
  /** --horizontal-pod-autoscaler-downscale-stabilization, seconds (default 300) */
  horizontalPodAutoscalerDownscaleStabilizationSeconds?: number;
  /** --horizontal-pod-autoscaler-cpu-initialization-period, seconds (default 300) */
  horizontalPodAutoscalerCpuInitializationPeriodSeconds?: number;
  /** --horizontal-pod-autoscaler-initial-readiness-delay, seconds (default 30) */
  horizontalPodAutoscalerInitialReadinessDelaySeconds?: number;
}

export interface ApiServerSettings {
  /** --default-not-ready-toleration-seconds (default 300) */
  defaultNotReadyTolerationSeconds: number;
  /** --default-unreachable-toleration-seconds (default 300) */
  defaultUnreachableTolerationSeconds: number;
}

/** A quantity or a percentage of capacity: "100Mi", "10%". */
export type ThresholdValue = string;

/**
 * The simulated kubelet's configuration for one node (KubeletConfiguration fields, v1.28
 * defaults), kept in node.sim.kubelet.config. Signals: memory.available, nodefs.available,
 * nodefs.inodesFree, imagefs.available.
 */
export interface KubeletConfig {
  /** default: memory.available 100Mi, nodefs.available 10%, nodefs.inodesFree 5%, imagefs.available 15% */
  evictionHard: Record<string, ThresholdValue>;
  evictionSoft: Record<string, ThresholdValue>;
  /** seconds, per signal, for soft thresholds */
  evictionSoftGracePeriodSeconds: Record<string, number>;
  evictionMinimumReclaim: Record<string, string>;
  /** default 300 s */
  evictionPressureTransitionPeriodSeconds: number;
  /** default 0 */
  evictionMaxPodGracePeriodSeconds: number;
  /** eviction manager sync period (default 10 s) */
  evictionMonitoringPeriodSeconds: number;
  /** default 10 s */
  nodeStatusUpdateFrequencySeconds: number;
}
