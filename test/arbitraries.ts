// Builders and fast-check arbitraries for whole-cluster property tests: nodes with room to spare,
// a fully defaulted Deployment (through the API's own setObjectDefaults), container behaviours.
// No upstream counterpart; the bounds follow k8s-semantics.md §0.1 and §1.3, computed here.
import fc from 'fast-check';
import type { Behavior, Deployment, IntOrString, Node, Probe } from '../src/api/types.js';
import { setObjectDefaults } from '../src/api/defaults.js';

export const NAMESPACE = 'default';
export const DEPLOYMENT = 'web';

/** A Ready node with far more room than ten pods need, and its own pod CIDR. */
export function node(i: number): Node {
  const name = `node-${i}`;
  const room = { cpu: '64', memory: '256Gi', pods: '110' };
  return {
    apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux' } },
    spec: { podCIDR: `10.244.${i}.0/24` },
    status: { allocatable: room, capacity: room, conditions: [{ type: 'Ready', status: 'True' }] },
  };
}

export interface DeploymentParams {
  replicas: number;
  maxSurge: IntOrString;
  maxUnavailable: IntOrString;
  minReadySeconds: number;
  /** a readiness probe (exec, this period) so that `ready.afterSeconds` of the behaviour applies */
  readinessPeriodSeconds?: number;
}

/**
 * A Deployment as the API server stores it after defaulting: strategy, progressDeadlineSeconds,
 * revisionHistoryLimit, and the template's restartPolicy/terminationGracePeriodSeconds/dnsPolicy/
 * schedulerName all set by setObjectDefaults (src/api/defaults.ts).
 */
export function deployment(p: DeploymentParams, image = 'web:1'): Deployment {
  const probe: Probe | undefined = p.readinessPeriodSeconds === undefined ? undefined : { exec: { command: ['true'] }, periodSeconds: p.readinessPeriodSeconds };
  const d: Deployment = {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: DEPLOYMENT, namespace: NAMESPACE, labels: { app: 'web' } },
    spec: {
      replicas: p.replicas,
      minReadySeconds: p.minReadySeconds,
      selector: { matchLabels: { app: 'web' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: p.maxSurge, maxUnavailable: p.maxUnavailable } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'web', image, resources: { requests: { cpu: '100m', memory: '64Mi' } }, ...(probe ? { readinessProbe: probe } : {}) }] },
      },
    },
    status: {},
  };
  return setObjectDefaults(d);
}

// ------------------------------------------------------------ fenceposts, computed here

/**
 * intstr.GetScaledValueFromIntOrPercent (§0.1): an int as is, "N%" → ceil or floor of N·total/100
 * in float64. Worked: "25%" of 10 → 2.5 → surge 3 (ceil), unavailable 2 (floor).
 */
export function scaled(v: IntOrString, total: number, roundUp: boolean): number {
  if (typeof v === 'number') return v;
  const x = (Number(v.slice(0, -1)) * total) / 100;
  return roundUp ? Math.ceil(x) : Math.floor(x);
}

/**
 * §1.3: surge rounds up, unavailable down; both 0 → unavailable 1; MaxUnavailable is clamped to
 * replicas (MaxSurge is not). Worked: ("0%", "10%", 5) → surge 0, unavailable floor(0.5)=0 → 1.
 */
export function bounds(maxSurge: IntOrString, maxUnavailable: IntOrString, replicas: number): { surge: number; unavailable: number } {
  const surge = scaled(maxSurge, replicas, true);
  let unavailable = scaled(maxUnavailable, replicas, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable: replicas === 0 ? 0 : Math.min(unavailable, replicas) };
}

/** The value validation compares with 0: the int, or the number before "%". */
const literal = (v: IntOrString): number => (typeof v === 'number' ? v : Number(v.slice(0, -1)));

/**
 * What validateDeploymentStrategy rejects: both literally 0 ("0%" counts as 0). A percentage that
 * merely rounds to 0 is accepted (and then unavailable becomes 1 by §1.3).
 */
export const bothLiterallyZero = (maxSurge: IntOrString, maxUnavailable: IntOrString): boolean => literal(maxSurge) === 0 && literal(maxUnavailable) === 0;

// ------------------------------------------------------------ arbitraries

/** ints 0–3 or percentages 0–100%. */
export const intOrPercent: fc.Arbitrary<IntOrString> = fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 100 }).map((n) => `${n}%`));

export interface ReadyParams {
  startupSeconds: number;
  startupJitterSeconds: number;
  /** behaviour ready.afterSeconds, with a readiness probe of this period; none = ready on start */
  readiness?: { afterSeconds: number; periodSeconds: number };
}

export const readyParams: fc.Arbitrary<ReadyParams> = fc.record(
  {
    startupSeconds: fc.integer({ min: 0, max: 5 }),
    startupJitterSeconds: fc.integer({ min: 0, max: 4 }),
    readiness: fc.record({ afterSeconds: fc.integer({ min: 0, max: 5 }), periodSeconds: fc.integer({ min: 1, max: 3 }) }),
  },
  { requiredKeys: ['startupSeconds', 'startupJitterSeconds'] },
);

/** The behaviour of every web:* container. */
export function behaviors(r: ReadyParams): Behavior[] {
  const b: Behavior = { match: { image: 'web:*' }, startupSeconds: r.startupSeconds, startupJitterSeconds: r.startupJitterSeconds };
  if (r.readiness) b.ready = { afterSeconds: r.readiness.afterSeconds };
  return [b];
}

export interface RolloutScenario {
  seed: number;
  replicas: number;
  maxSurge: IntOrString;
  maxUnavailable: IntOrString;
  nodes: number;
  ready: ReadyParams;
  minReadySeconds: number;
  /** ticks to wait, after the deployment first became fully available, before changing the image */
  changeAfterTicks: number;
}

/** Scenarios validation accepts (§1.3: only both literally 0 is rejected). */
export const rolloutScenario: fc.Arbitrary<RolloutScenario> = fc
  .record({
    seed: fc.integer({ min: 1, max: 1_000_000 }),
    replicas: fc.integer({ min: 1, max: 10 }),
    maxSurge: intOrPercent,
    maxUnavailable: intOrPercent,
    nodes: fc.integer({ min: 1, max: 4 }),
    ready: readyParams,
    minReadySeconds: fc.integer({ min: 0, max: 3 }),
    changeAfterTicks: fc.integer({ min: 0, max: 6 }),
  })
  .filter((s) => !bothLiterallyZero(s.maxSurge, s.maxUnavailable));

export function deploymentOf(s: RolloutScenario, image = 'web:1'): Deployment {
  const p: DeploymentParams = { replicas: s.replicas, maxSurge: s.maxSurge, maxUnavailable: s.maxUnavailable, minReadySeconds: s.minReadySeconds };
  if (s.ready.readiness) p.readinessPeriodSeconds = s.ready.readiness.periodSeconds;
  return deployment(p, image);
}
