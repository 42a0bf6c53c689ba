// Properties of the HorizontalPodAutoscaler over the real engine (HPA, deployment and ReplicaSet
// controllers), driven by random External metric series (AverageValue targets, whose proposal is
// ceil(usage / target) outside the tolerance — k8s-semantics.md §3.3 — so that this file can
// compute every sync's recommendation independently of the controller):
//   1. an HPA never writes a replica count outside [minReplicas, maxReplicas], and never scales
//      a target at 0 replicas (§3.2: ScalingDisabled);
//   2. it never scales down below a recommendation made inside the scale-down stabilization
//      window (§3.4 legacy 300 s, §3.5 behavior windows);
//   3. with a behavior block, no scale-up or scale-down exceeds the rate its policies allow over
//      their periods, with selectPolicy Max, Min or Disabled (§3.5, HPA-SR-*);
//   4. replays are identical, and a run resumed from the folded log at any tick writes the same
//      events and state hashes (§14).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Deployment, HPAScalingPolicy, HPAScalingRules, HorizontalPodAutoscaler, HorizontalPodAutoscalerBehavior } from '../src/api/types.js';
import { Clock, DEFAULT_START } from '../src/api/time.js';
import { Engine } from '../src/engine/engine.js';
import { Sim } from '../src/engine/testing.js';
import { HorizontalPodAutoscalerController } from '../src/controllers/hpa/index.js';
import { DeploymentController } from '../src/controllers/deployment/index.js';
import { ReplicaSetController } from '../src/controllers/replicaset/index.js';
import type { Answer, MetricSample, MetricsSource } from '../src/metrics/types.js';
import { ClusterState } from '../src/state/cluster.js';
import type { Controller } from '../src/state/controller.js';
import { serializeEvent, type LogEvent } from '../src/state/events.js';

const SCALE = Math.max(1, Number(process.env.PROP_RUNS_SCALE ?? 1));
/** A run is HORIZON ticks (40 syncs) of one HPA, one Deployment and up to 40 Pending pods: ~20–60 ms. */
const NUM_RUNS = { bounds: 150 * SCALE, replay: 25 * SCALE, resume: 40 * SCALE };
const HORIZON = 600;
const SYNC = 15;
const TARGET_MILLI = 100_000; // averageValue "100"
const TOLERANCE = 0.1;
const LEGACY_DOWN_WINDOW = 300;

// ------------------------------------------------------------ generators

const policy: fc.Arbitrary<HPAScalingPolicy> = fc.oneof(
  fc.record({ type: fc.constant('Pods' as const), value: fc.integer({ min: 1, max: 6 }), periodSeconds: fc.constantFrom(15, 30, 60, 90, 120) }),
  fc.record({ type: fc.constant('Percent' as const), value: fc.integer({ min: 10, max: 200 }), periodSeconds: fc.constantFrom(15, 30, 60, 90, 120) }),
);

const rules = (maxWindow: number): fc.Arbitrary<HPAScalingRules> => fc.record({
  stabilizationWindowSeconds: fc.integer({ min: 0, max: maxWindow }),
  selectPolicy: fc.constantFrom('Max' as const, 'Max' as const, 'Min' as const, 'Disabled' as const),
  policies: fc.array(policy, { minLength: 1, maxLength: 2 }),
});

interface Run {
  seed: number;
  min: number;
  max: number;
  initial: number;
  behavior: HorizontalPodAutoscalerBehavior | undefined;
  /** the External metric: (from tick, milli-value) steps, sorted */
  series: [number, number][];
}

const run: fc.Arbitrary<Run> = fc.record({
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  min: fc.integer({ min: 1, max: 4 }),
  span: fc.integer({ min: 0, max: 20 }),
  initial: fc.integer({ min: 0, max: 30 }),
  behavior: fc.option(fc.record({ scaleUp: rules(120), scaleDown: rules(300) }), { nil: undefined }),
  series: fc.array(fc.tuple(fc.integer({ min: 0, max: HORIZON }), fc.integer({ min: 0, max: 3_000_000 })), { minLength: 1, maxLength: 12 }),
}).map((r) => ({
  seed: r.seed, min: r.min, max: r.min + r.span, initial: r.initial, behavior: r.behavior,
  series: [...r.series].sort((a, b) => a[0] - b[0]),
}));

// ------------------------------------------------------------ the cluster of a run

function usageAt(r: Run, tick: number): number | undefined {
  let v: number | undefined;
  for (const [t, milli] of r.series) if (t <= tick) v = milli;
  return v;
}

/** An External metrics adapter serving the run's series (nothing before its first point). */
function fakeMetrics(r: Run): (view: unknown, tick: number) => MetricsSource {
  const none = <T>(): Answer<T> => ({ ok: false, error: 'no metrics returned from custom metrics API' });
  return (_view, tick) => ({
    podResourceMetrics: none,
    podsMetric: none,
    objectMetric: none,
    externalMetric: (): Answer<MetricSample> => {
      const milli = usageAt(r, tick);
      return milli === undefined ? { ok: false, error: 'no metrics returned from external metrics API' } : { ok: true, value: { milli, timestampTick: tick, windowSeconds: 60 } };
    },
  });
}

const controllers = (r: Run): Controller[] => [new HorizontalPodAutoscalerController({ metrics: fakeMetrics(r) as never }), new DeploymentController(), new ReplicaSetController()];

function objects(r: Run): [Deployment, HorizontalPodAutoscaler] {
  const labels = { app: 'web' };
  const d: Deployment = {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' },
    spec: { replicas: r.initial, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'web', image: 'web:1' }] } } },
    status: {},
  } as Deployment;
  const hpa: HorizontalPodAutoscaler = {
    apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web', namespace: 'default' },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: r.min, maxReplicas: r.max,
      metrics: [{ type: 'External', external: { metric: { name: 'queue_depth' }, target: { type: 'AverageValue', averageValue: '100' } } }],
      ...(r.behavior ? { behavior: r.behavior } : {}),
    },
    status: { currentReplicas: 0, desiredReplicas: 0 },
  };
  return [d, hpa];
}

interface Played {
  sim: Sim;
  /** spec.replicas and status.replicas of the Deployment at the end of each tick */
  spec: number[];
  status: number[];
}

function play(r: Run, ctrls: Controller[] = controllers(r)): Played {
  const sim = new Sim({ seed: r.seed, controllers: ctrls, config: { behaviors: [] } });
  sim.given(...objects(r));
  const spec: number[] = [];
  const status: number[] = [];
  for (let t = 0; t <= HORIZON; t++) {
    sim.step();
    const d = sim.view.get('Deployment', 'default', 'web')!;
    spec.push(d.spec.replicas ?? 1);
    status.push(d.status?.replicas ?? 0);
  }
  return { sim, spec, status };
}

interface Rescale { tick: number; from: number; to: number }

const rescalesOf = (log: readonly LogEvent[]): Rescale[] => log
  .filter((e) => e.actor === 'horizontal-pod-autoscaler' && e.type === 'DeploymentScaled')
  .map((e) => ({ tick: e.tick, from: e.data!.from as number, to: e.data!.to as number }));

/** The recommendation (§3.3 External AverageValue) of the sync at `tick`, or undefined when it makes none. */
function recommendation(r: Run, p: Played, tick: number): number | undefined {
  const current = p.spec[tick - 1]!;
  if (current === 0 || current > r.max || current < r.min) return undefined; // out-of-range branches store none
  const usage = usageAt(r, tick);
  if (usage === undefined) return undefined; // metric error: no recommendation
  const statusReplicas = p.status[tick - 1]!;
  const ratio = usage / (TARGET_MILLI * statusReplicas);
  return Math.abs(1 - ratio) > TOLERANCE ? Math.ceil(usage / TARGET_MILLI) : statusReplicas;
}

const syncTicks = (from: number, to: number): number[] => {
  const out: number[] = [];
  for (let t = Math.max(SYNC, Math.ceil(from / SYNC) * SYNC); t <= to; t += SYNC) out.push(t);
  return out;
};

/** §3.5 scaleUpLimit / scaleDownLimit from the HPA's own scale events strictly after now − period. */
function rateLimit(dir: 'up' | 'down', rule: HPAScalingRules, current: number, rescales: readonly Rescale[], now: number): number {
  if (rule.selectPolicy === 'Disabled') return current;
  const limits = (rule.policies ?? []).map((pol) => {
    let net = 0;
    for (const e of rescales) if (e.tick < now && e.tick > now - pol.periodSeconds) net += e.to - e.from;
    const start = current - net;
    if (dir === 'up') return pol.type === 'Pods' ? start + pol.value : Math.ceil(start * (1 + pol.value / 100));
    return pol.type === 'Pods' ? start - pol.value : Math.trunc(start * (1 - pol.value / 100));
  });
  const pickMax = (dir === 'up') === (rule.selectPolicy !== 'Min');
  return pickMax ? Math.max(...limits) : Math.min(...limits);
}

// ------------------------------------------------------------ properties

/** What the runs exercised (PROP_STATS=1 prints it). */
const stats = { runs: 0, ups: 0, downs: 0, outOfRange: 0, windowChecks: 0, rateChecks: 0, rateWithHistory: 0 };

describe('HPA properties (k8s-semantics.md §3)', () => {
  it('§3.2/§3.4/§3.5: replicas stay in [min, max], no scale-down inside the stabilization window, no change beyond a rate policy', () => {
    fc.assert(fc.property(run, (r) => {
      const p = play(r);
      const rescales = rescalesOf(p.sim.log);
      stats.runs++;
      for (const e of rescales) {
        stats[e.to > e.from ? 'ups' : 'downs']++;
        if (e.from < r.min || e.from > r.max) stats.outOfRange++;
        const at = `rescale ${e.from} → ${e.to} at tick ${e.tick}`;
        expect(e.tick % SYNC, at).toBe(0);
        expect(e.from, `${at}: the target was at 0 replicas (scaling is disabled)`).not.toBe(0);
        expect(e.to, `${at}: below minReplicas ${r.min}`).toBeGreaterThanOrEqual(r.min);
        expect(e.to, `${at}: above maxReplicas ${r.max}`).toBeLessThanOrEqual(r.max);
        const inRange = e.from >= r.min && e.from <= r.max;
        if (!inRange) continue; // the out-of-range correction bypasses windows and rates (§3.2)
        if (e.to < e.from) {
          const window = r.behavior ? r.behavior.scaleDown!.stabilizationWindowSeconds! : LEGACY_DOWN_WINDOW;
          for (const s of syncTicks(e.tick - window + 1, e.tick)) {
            const rec = recommendation(r, p, s);
            if (rec !== undefined) stats.windowChecks++;
            if (rec !== undefined) expect(e.to, `${at}: below the recommendation ${rec} of the sync at ${s}, inside the ${window} s window`).toBeGreaterThanOrEqual(rec);
          }
        }
        if (r.behavior) {
          const prior = rescales.filter((x) => x.tick < e.tick);
          stats.rateChecks++;
          if (prior.some((x) => x.tick > e.tick - 120)) stats.rateWithHistory++;
          if (e.to > e.from) expect(e.to, `${at}: beyond the scale-up policies ${JSON.stringify(r.behavior.scaleUp)}`).toBeLessThanOrEqual(Math.max(e.from, rateLimit('up', r.behavior.scaleUp!, e.from, prior, e.tick)));
          if (e.to < e.from) expect(e.to, `${at}: beyond the scale-down policies ${JSON.stringify(r.behavior.scaleDown)}`).toBeGreaterThanOrEqual(Math.min(e.from, rateLimit('down', r.behavior.scaleDown!, e.from, prior, e.tick)));
        }
      }
      // the replica count only changes through the HPA, and ends in range once a sync has corrected it
      const last = p.spec[HORIZON]!;
      if (r.initial !== 0) expect(last).toBeGreaterThanOrEqual(r.min);
      if (r.initial !== 0) expect(last).toBeLessThanOrEqual(r.max);
    }), { numRuns: NUM_RUNS.bounds });
  });

  it('§14: the same run and seed give the same log and state hashes', () => {
    fc.assert(fc.property(run, (r) => {
      const a = play(r);
      const b = play(r);
      expect(b.sim.log.map(serializeEvent)).toEqual(a.sim.log.map(serializeEvent));
      expect(b.sim.hashes).toEqual(a.sim.hashes);
    }), { numRuns: NUM_RUNS.replay });
  });

  it('§14: an Engine resumed from the folded log at any tick writes the same events and state hashes (the HPA history lives in the log)', () => {
    fc.assert(fc.property(run, fc.integer({ min: 0, max: HORIZON - 1 }), (r, cut) => {
      const { sim } = play(r);
      const state = new ClusterState();
      for (const e of sim.log) {
        if (e.tick > cut) break;
        state.evolve(e);
      }
      const engine = new Engine({ seed: r.seed, clock: new Clock(DEFAULT_START), controllers: controllers(r), state });
      engine.resumeAt(cut);
      for (let t = cut + 1; t <= HORIZON; t++) {
        const res = engine.runTick(t);
        expect(res.events.map(serializeEvent), `tick ${t} (resumed after ${cut})`).toEqual(sim.log.filter((e) => e.tick === t).map(serializeEvent));
        expect(res.stateHash, `state hash of tick ${t}`).toBe(sim.hashes[t]);
      }
    }), { numRuns: NUM_RUNS.resume });
  });
});

describe('the properties have teeth', () => {
  it('a controller that ignores the stabilization window and the policies is caught', () => {
    // the same controller with every window 0 and no rate limits: its rescales break property 1
    const r: Run = {
      seed: 1, min: 1, max: 20, initial: 10,
      behavior: { scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] }, scaleDown: { stabilizationWindowSeconds: 300, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] } },
      series: [[0, 1_000_000], [100, 200_000]],
    };
    const p = play(r);
    const ok = rescalesOf(p.sim.log);
    // the real controller: one pod a minute down, not before 300 s after the last 10
    expect(ok.filter((e) => e.to < e.from).every((e) => e.from - e.to === 1)).toBe(true);
    expect(ok.find((e) => e.to < e.from)!.tick).toBeGreaterThan(100 + 300 - SYNC);
    // a broken one (no window, no policies) scales 10 → 2 at the first low sync
    const broken: Run = { ...r, behavior: { scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 1000, periodSeconds: 15 }] }, scaleDown: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] } } };
    const bad = rescalesOf(play(broken).sim.log);
    const drop = bad.find((e) => e.to < e.from)!;
    expect(drop).toEqual({ tick: 105, from: 10, to: 2 });
    // judged against r's rules, that drop breaks both the window and the Pods policy
    const rec100 = recommendation(r, play(r), 90);
    expect(rec100).toBe(10);
    expect(drop.to).toBeLessThan(rec100!);
    expect(drop.to).toBeLessThan(rateLimit('down', r.behavior!.scaleDown!, drop.from, [], drop.tick));
  });
});

if (process.env.PROP_STATS) {
  describe('coverage', () => {
    it('prints what the runs exercised', () => {
      console.log(JSON.stringify(stats));
    });
  });
}
