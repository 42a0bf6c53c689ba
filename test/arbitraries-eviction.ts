// Builders, fast-check arbitraries and independent models for the eviction properties
// (test/eviction.prop.test.ts): realistic nodes (src/scenario/nodes.ts buildNode), budgets, pods
// with tolerations, and random schedules of evictions, drains, NoExecute taints and kubelet stops.
// No upstream counterpart. The models restate k8s-semantics.md §0.1, §4.1, §4.4 and §12.1–§12.2
// here, without importing the controllers' code, so that a property compares two implementations.
import fc from 'fast-check';
import { defaultApiServerSettings, defaultControllerManagerSettings, defaultKubeletConfig } from '../src/api/kubeletconfig.js';
import { controllerRef, isPodReady } from '../src/api/podutil.js';
import { Clock, DEFAULT_START } from '../src/api/time.js';
import type {
  ApiServerSettings, Behavior, Deployment, IntOrString, Json, Node, Pod, PodDisruptionBudget, PodDisruptionBudgetSpec, Taint, Toleration,
} from '../src/api/types.js';
import { preparePodDisruptionBudgetForCreate } from '../src/api/validation-policy.js';
import { buildNode } from '../src/scenario/nodes.js';
import { podForCreate } from '../src/state/apiserver.js';
import type { View } from '../src/state/cluster.js';
import { deployment, NAMESPACE, readyParams, scaled, type ReadyParams } from './arbitraries.js';

export const clock = new Clock(DEFAULT_START);
export const BUDGET = 'web';

// ------------------------------------------------------------ objects

/**
 * node-i as a kubelet registers it (buildNode: labels, capacity, allocatable, Ready conditions at
 * tick 0), with a running kubelet that started at tick 0 and the v1.28 default kubelet config.
 */
export function realNode(i: number, zone?: string): Node {
  const n = buildNode({
    name: `node-${i}`, cpu: '8', memory: '32Gi', pods: 110, ephemeralStorage: '100Gi',
    labels: zone === undefined ? {} : { 'topology.kubernetes.io/zone': zone }, taints: [], unschedulable: false, kubelet: defaultKubeletConfig(),
  }, i, '10.244.0.0/16', clock.at(0));
  n.sim = { kubelet: { running: true, since: 0, config: defaultKubeletConfig() as unknown as Json } };
  return n;
}

/** The budget `web` over app=web as the API server stores it on create (empty status). */
export function budget(spec: Omit<PodDisruptionBudgetSpec, 'selector'>): PodDisruptionBudget {
  const pdb = { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: BUDGET, namespace: NAMESPACE }, spec: { ...spec, selector: { matchLabels: { app: 'web' } } } } as unknown as PodDisruptionBudget;
  return preparePodDisruptionBudgetForCreate(pdb);
}

/** Deployment `web` (arbitraries.ts builder) with these replicas, readiness probe and pod tolerations. */
export function webDeployment(replicas: number, ready: ReadyParams, tolerations: Toleration[] = []): Deployment {
  const d = deployment({ replicas, maxSurge: 1, maxUnavailable: 0, minReadySeconds: 0, ...(ready.readiness ? { readinessPeriodSeconds: ready.readiness.periodSeconds } : {}) });
  if (tolerations.length > 0) d.spec.template.spec.tolerations = tolerations;
  return d;
}

/** A bare pod bound to `node` by name, as the API server admits it (DefaultTolerationSeconds with these flags, Pending, QoS). */
export function barePod(name: string, node: string, tolerations: Toleration[], apiServer: ApiServerSettings): Pod {
  const p = podForCreate({
    apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: NAMESPACE, labels: { app: 'bare' } },
    spec: { nodeName: node, containers: [{ name: 'c', image: 'web:1', resources: { requests: { cpu: '100m', memory: '64Mi' } } }], ...(tolerations.length ? { tolerations } : {}) },
  } as unknown as Pod, apiServer);
  if ('error' in p) throw new Error(p.error);
  return p;
}

// ------------------------------------------------------------ §12.1 / §12.2 model

/** §12.1 expected pods and desiredHealthy of the budget over its pods; `scaleOf` = the Deployment's spec.replicas. */
export function expectedAndDesired(spec: PodDisruptionBudgetSpec, pods: readonly Pod[], scaleOf: (p: Pod) => number | undefined): { expected: number; desired: number } {
  const scale = (): number => {
    const seen = new Map<string, number>();
    for (const p of pods) {
      const ref = controllerRef(p);
      const s = scaleOf(p);
      if (ref && s !== undefined) seen.set(ref.uid, s);
    }
    let sum = 0;
    for (const v of seen.values()) sum += v;
    return sum;
  };
  if (spec.maxUnavailable !== undefined) {
    const expected = scale();
    return { expected, desired: Math.max(0, expected - scaled(spec.maxUnavailable, expected, true)) };
  }
  if (typeof spec.minAvailable === 'number') return { expected: pods.length, desired: spec.minAvailable };
  if (spec.minAvailable !== undefined) {
    const expected = scale();
    return { expected, desired: scaled(spec.minAvailable, expected, true) };
  }
  return { expected: 0, desired: 0 };
}

/** Pods matching the budget: app=web in the namespace. */
export const budgetPods = (view: View): Pod[] => view.list('Pod', NAMESPACE).filter((p) => p.metadata.labels?.app === 'web');

/** §12.1 currentHealthy / §14: Ready, not being deleted, not in `disrupted` (an entry younger than 2 min). */
export function healthy(pods: readonly Pod[], disrupted: Readonly<Record<string, string>> = {}, tick = 0): number {
  let n = 0;
  for (const p of pods) {
    if (p.metadata.deletionTimestamp !== undefined || !isPodReady(p)) continue;
    const t = disrupted[p.metadata.name];
    if (t !== undefined && clock.tickOf(t) + 120 > tick) continue;
    n++;
  }
  return n;
}

/** The scale the disruption controller finds for a web pod: its ReplicaSet's Deployment's spec.replicas. */
export function deploymentScale(view: View): (p: Pod) => number | undefined {
  return (p) => {
    const ref = controllerRef(p);
    if (!ref) return undefined;
    const rs = view.getByUid(ref.uid);
    const dref = rs && controllerRef(rs);
    const d = dref && view.getByUid(dref.uid);
    return d && d.kind === 'Deployment' ? ((d as Deployment).spec.replicas ?? 1) : undefined;
  };
}

export type EvictionOutcome =
  | { ok: true; admitted: boolean; why: string }
  | { ok: false; code: 429; cause: string };

/**
 * §12.2 EvictionREST.Create for a pod in the state the request sees: canIgnorePDB → deleted;
 * no budget → deleted; unready and (AlwaysAllow, or currentHealthy ≥ desiredHealthy > 0) → deleted
 * without touching the budget; then checkAndDecrement: unobserved generation → 429 "still being
 * processed", disruptionsAllowed 0 → 429 "needs N healthy pods and has M currently", else admitted.
 */
export function expectedEviction(pod: Pod, pdb: PodDisruptionBudget | undefined): EvictionOutcome {
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed' || phase === 'Pending' || pod.metadata.deletionTimestamp !== undefined) return { ok: true, admitted: false, why: 'canIgnorePDB' };
  if (!pdb) return { ok: true, admitted: false, why: 'no budget' };
  const st = pdb.status;
  if (!isPodReady(pod)) {
    if (pdb.spec.unhealthyPodEvictionPolicy === 'AlwaysAllow') return { ok: true, admitted: false, why: 'unhealthy, AlwaysAllow' };
    if (st.currentHealthy >= st.desiredHealthy && st.desiredHealthy > 0) return { ok: true, admitted: false, why: 'unhealthy, budget met' };
  }
  if ((st.observedGeneration ?? 0) < (pdb.metadata.generation ?? 0)) return { ok: false, code: 429, cause: `The disruption budget ${BUDGET} is still being processed by the server.` };
  if (st.disruptionsAllowed === 0) return { ok: false, code: 429, cause: `The disruption budget ${BUDGET} needs ${st.desiredHealthy} healthy pods and has ${st.currentHealthy} currently` };
  return { ok: true, admitted: true, why: 'admitted' };
}

// ------------------------------------------------------------ §4.1 / §4.4 model

/** §4.1 Toleration.ToleratesTaint. */
export function tolerates(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  const op = t.operator ?? '';
  if (op === 'Exists') return true;
  if (op === '' || op === 'Equal') return (t.value ?? '') === (taint.value ?? '');
  return false;
}

/** What the taint manager makes of a pod on a node with these NoExecute taints (§4.4). */
export type Pressure = { kind: 'none' } | { kind: 'forever' } | { kind: 'untolerated' } | { kind: 'timed'; seconds: number };

/**
 * §4.1 GetMatchingTolerations (the first tolerating toleration per taint) and §4.4
 * getMinTolerationTime: no taints → none; an untolerated taint → untolerated; all used
 * tolerations without tolerationSeconds → forever; else the minimum (≤ 0 counts as 0).
 */
export function pressure(noExecute: readonly Taint[], tolerations: readonly Toleration[]): Pressure {
  if (noExecute.length === 0) return { kind: 'none' };
  let min = Infinity;
  for (const taint of noExecute) {
    const t = tolerations.find((x) => tolerates(x, taint));
    if (!t) return { kind: 'untolerated' };
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null) min = Math.min(min, Math.max(0, t.tolerationSeconds));
  }
  return min === Infinity ? { kind: 'forever' } : { kind: 'timed', seconds: min };
}

export const noExecuteTaints = (n: Node | undefined): Taint[] => (n?.spec.taints ?? []).filter((t) => t.effect === 'NoExecute');

// ------------------------------------------------------------ arbitraries: budgets and evictions

/** A valid policy/v1 spec: exactly one of minAvailable / maxUnavailable, int or percent; sometimes a policy. */
export const budgetSpec: fc.Arbitrary<Omit<PodDisruptionBudgetSpec, 'selector'>> = fc.record({
  field: fc.constantFrom('minAvailable', 'maxUnavailable'),
  value: fc.oneof(fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 100 }).map((n) => `${n}%`)) as fc.Arbitrary<IntOrString>,
  policy: fc.constantFrom(undefined, undefined, 'IfHealthyBudget', 'AlwaysAllow'),
}).map(({ field, value, policy }) => ({ [field]: value, ...(policy ? { unhealthyPodEvictionPolicy: policy } : {}) }));

export interface EvictionScenario {
  seed: number;
  replicas: number;
  nodes: number;
  budget: Omit<PodDisruptionBudgetSpec, 'selector'>;
  /** the tick the budget is created (the Deployment is created at tick 0) */
  budgetAt: number;
  /** spec changes of the budget (a new generation: "still being processed" until the controller syncs) */
  budgetChanges: { at: number; spec: Omit<PodDisruptionBudgetSpec, 'selector'> }[];
  ready: ReadyParams;
  /** seconds an evicted pod's process takes to exit after SIGTERM */
  sigtermSeconds: number;
  /** Eviction API requests: at tick `at`, the pod at fraction `pick` of the pods in name order */
  evictions: { at: number; pick: number }[];
  /** `kubectl drain node-<node> --ignore-daemonsets [--timeout=Ns]` at tick `at` */
  drain: { at: number; node: number; timeoutSeconds?: number | undefined } | undefined;
}

/** Ticks a property-1 run lasts: the last request is at tick 60, then room for replacements. */
export const EVICTION_HORIZON = 85;

export const evictionScenario: fc.Arbitrary<EvictionScenario> = fc.record({
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  replicas: fc.integer({ min: 1, max: 6 }),
  nodes: fc.integer({ min: 1, max: 3 }),
  budget: budgetSpec,
  budgetAt: fc.integer({ min: 0, max: 8 }),
  budgetChanges: fc.array(fc.record({ at: fc.integer({ min: 0, max: 60 }), spec: budgetSpec }), { maxLength: 2 }),
  ready: readyParams,
  sigtermSeconds: fc.integer({ min: 0, max: 6 }),
  evictions: fc.array(fc.record({ at: fc.integer({ min: 0, max: 60 }), pick: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }) }), { maxLength: 14 }),
  drain: fc.option(fc.record({ at: fc.integer({ min: 3, max: 50 }), node: fc.integer({ min: 0, max: 2 }), timeoutSeconds: fc.option(fc.integer({ min: 5, max: 40 }), { nil: undefined }) }, { requiredKeys: ['at', 'node'] }), { nil: undefined }),
});

/** web:* behaviour: start-up and readiness as arbitraries.ts, and a slow exit on SIGTERM. */
export function evictionBehaviors(s: Pick<EvictionScenario, 'ready' | 'sigtermSeconds'>): Behavior[] {
  const b: Behavior = { match: { image: 'web:*' }, startupSeconds: s.ready.startupSeconds, startupJitterSeconds: s.ready.startupJitterSeconds, terminate: { sigtermSeconds: s.sigtermSeconds } };
  if (s.ready.readiness) b.ready = { afterSeconds: s.ready.readiness.afterSeconds };
  return [b];
}

// ------------------------------------------------------------ arbitraries: taints and tolerations

export const TAINT_KEYS = ['maintenance', 'dedicated'] as const;
export const UNREACHABLE = 'node.kubernetes.io/unreachable';
export const NOT_READY = 'node.kubernetes.io/not-ready';

const key = fc.constantFrom(...TAINT_KEYS);
const val = fc.constantFrom('now', 'later');

/**
 * One toleration: forever, for N seconds (N ≥ minSeconds), or one that does not match (wrong key,
 * value or effect).
 */
export function tolerationArb(minSeconds: number): fc.Arbitrary<Toleration> {
  const seconds = fc.integer({ min: minSeconds, max: 30 });
  return fc.oneof(
    fc.record({ key, operator: fc.constant('Exists' as const), effect: fc.constant('NoExecute' as const) }),
    fc.record({ key, operator: fc.constant('Equal' as const), value: val, effect: fc.constant('NoExecute' as const), tolerationSeconds: seconds }),
    fc.record({ key, operator: fc.constant('Exists' as const), effect: fc.constantFrom('NoExecute' as const, '' as const), tolerationSeconds: seconds }),
    fc.record({ operator: fc.constant('Exists' as const), effect: fc.constant('NoExecute' as const), tolerationSeconds: seconds }),
    fc.record({ key: fc.constant('other'), operator: fc.constant('Exists' as const), effect: fc.constant('NoExecute' as const) }),
    fc.record({ key, operator: fc.constant('Exists' as const), effect: fc.constant('NoSchedule' as const) }),
    fc.record({ key: fc.constantFrom(UNREACHABLE, NOT_READY), operator: fc.constant('Exists' as const), effect: fc.constant('NoExecute' as const), tolerationSeconds: fc.option(seconds, { nil: undefined }) })
      .map((t): Toleration => (t.tolerationSeconds === undefined ? { key: t.key, operator: t.operator, effect: t.effect } : { key: t.key, operator: t.operator, effect: t.effect, tolerationSeconds: t.tolerationSeconds })),
  );
}

/** Tolerations of bare pods: 0 s included (getMinTolerationTime: ≤ 0 → evict at once). */
export const toleration = tolerationArb(0);

/**
 * A pod's tolerations: none or up to three random ones; both keys for different times (the
 * TAINT-UN-6 / TAINT-DER-1 shape: which timer wins depends on the order the taints come); or a
 * wildcard first (tolerates every taint forever, TAINT-DTS-7).
 */
export const tolerations: fc.Arbitrary<{ list: Toleration[]; forever: boolean }> = fc.oneof(
  { weight: 4, arbitrary: fc.array(toleration, { maxLength: 3 }).map((list) => ({ list, forever: false })) },
  {
    weight: 2,
    arbitrary: fc.tuple(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 30 })).map(([a, b]) => ({
      list: [{ key: TAINT_KEYS[0], operator: 'Exists', effect: 'NoExecute', tolerationSeconds: a }, { key: TAINT_KEYS[1], operator: 'Exists', effect: 'NoExecute', tolerationSeconds: b }] as Toleration[],
      forever: false,
    })),
  },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom<Toleration>({ operator: 'Exists' }, { operator: 'Exists', effect: 'NoExecute' }), fc.array(toleration, { maxLength: 2 })).map(([w, rest]) => ({ list: [w, ...rest], forever: true })) },
);

export type NodeOp =
  | { kind: 'taint'; key: string; value: string; effect: 'NoExecute' | 'NoSchedule' }
  | { kind: 'untaint'; key: string }
  | { kind: 'stop' }
  | { kind: 'start' }
  /** the running kubelet reports Ready=False (KubeletNotReady) or Ready=True again */
  | { kind: 'reportReady'; ready: boolean };

export const nodeOp: fc.Arbitrary<NodeOp> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('taint' as const), key, value: val, effect: fc.constantFrom('NoExecute' as const, 'NoExecute' as const, 'NoExecute' as const, 'NoSchedule' as const) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('untaint' as const), key }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'stop' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'start' as const }) },
  { weight: 1, arbitrary: fc.boolean().map((ready) => ({ kind: 'reportReady' as const, ready })) },
);

export interface TaintScenario {
  seed: number;
  nodes: number;
  /** two zones (node-i in zone i % 2) or none */
  zones: boolean;
  /** bare pods bound by name to node `node % nodes` */
  pods: { node: number; tolerations: { list: Toleration[]; forever: boolean } }[];
  /** a Deployment whose replacements the scheduler places (0 = none) */
  replicas: number;
  /**
   * 0 s included: a replica that tolerates a NoExecute taint for 0 s on a node the scheduler may
   * pick is evicted and replaced once a second (see the regression at the end of
   * eviction.prop.test.ts and CreateLedger in src/controllers/replicaset/sync.ts).
   */
  deploymentTolerations: Toleration[];
  /** --default-not-ready/unreachable-toleration-seconds (0–30) */
  apiServer: ApiServerSettings;
  /** --node-monitor-grace-period */
  graceSeconds: number;
  ops: { at: number; node: number; op: NodeOp }[];
}

/** Ticks a property-2 run lasts: the last op is at tick 80; a grace of 20 s and a toleration of 30 s end by 80 + 20 + 5 + 10·3 + 30. */
export const TAINT_HORIZON = 130;

export const taintScenario: fc.Arbitrary<TaintScenario> = fc.record({
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  nodes: fc.integer({ min: 2, max: 4 }),
  zones: fc.boolean(),
  pods: fc.array(fc.record({ node: fc.nat(7), tolerations }), { minLength: 1, maxLength: 8 }),
  replicas: fc.integer({ min: 0, max: 3 }),
  deploymentTolerations: fc.array(tolerationArb(0), { maxLength: 2 }),
  apiServer: fc.record({ defaultNotReadyTolerationSeconds: fc.integer({ min: 0, max: 30 }), defaultUnreachableTolerationSeconds: fc.integer({ min: 0, max: 30 }) }),
  graceSeconds: fc.constantFrom(10, 20),
  ops: fc.tuple(
    fc.array(fc.record({ at: fc.integer({ min: 0, max: 80 }), node: fc.nat(7), op: nodeOp }), { maxLength: 12 }),
    // TAINT-DER-1's shape: one key, then the other on the same node d seconds later
    fc.array(fc.record({ at: fc.integer({ min: 0, max: 60 }), d: fc.integer({ min: 1, max: 20 }), node: fc.nat(7), first: fc.nat(1) }), { maxLength: 2 }),
  ).map(([ops, pairs]) => [
    ...ops,
    ...pairs.flatMap((p) => [
      { at: p.at, node: p.node, op: { kind: 'taint' as const, key: TAINT_KEYS[p.first]!, value: 'now', effect: 'NoExecute' as const } },
      { at: p.at + p.d, node: p.node, op: { kind: 'taint' as const, key: TAINT_KEYS[1 - p.first]!, value: 'now', effect: 'NoExecute' as const } },
    ]),
  ]),
});

export function taintSettings(s: Pick<TaintScenario, 'apiServer' | 'graceSeconds'>): { apiServer: ApiServerSettings; controllerManager: ReturnType<typeof defaultControllerManagerSettings> } {
  return { apiServer: { ...defaultApiServerSettings(), ...s.apiServer }, controllerManager: { ...defaultControllerManagerSettings(), nodeMonitorGracePeriodSeconds: s.graceSeconds } };
}

export { readyParams };
