// HPA-INT-1..8 (horizontal_test.go, v1.28) as Sim runs, and the determinism contract with the
// Deployment and ReplicaSet controllers: a full resync at every tick, and a run resumed from the
// folded log, emit exactly the events of the uninterrupted run (CONTRIBUTING rule 2).
import { describe, expect, it } from 'vitest';
import { selectorMatches } from '../../api/labels.js';
import { Clock, DEFAULT_START } from '../../api/time.js';
import type { Deployment, HorizontalPodAutoscaler, Pod } from '../../api/types.js';
import { Engine } from '../../engine/engine.js';
import { Sim } from '../../engine/testing.js';
import { ClusterState } from '../../state/cluster.js';
import type { Controller, Ctx, WorkSet } from '../../state/controller.js';
import type { LogEvent } from '../../state/events.js';
import type { MetricsSource, PodMetrics } from '../../metrics/types.js';
import type { View } from '../../state/cluster.js';
import { defaultControllers } from '../index.js';
import { DeploymentController } from '../deployment/index.js';
import { node } from '../kubelet/testutil.js';
import { ReplicaSetController } from '../replicaset/index.js';
import { HorizontalPodAutoscalerController } from './index.js';
import { deployment, fakeMetrics, hpa, pod, replicaSet, workload, type Usage } from './testutil.js';

const run = (objects: Parameters<Sim['given']>, usage: Usage, until = 15, extra?: Record<string, number>): Sim => {
  const s = new Sim({ controllers: [new HorizontalPodAutoscalerController({ metrics: fakeMetrics(usage, extra) })] });
  s.given(...objects);
  s.until(until);
  return s;
};
const spec = (s: Sim): number | undefined => s.view.get('Deployment', 'default', 'web')!.spec.replicas;
const cond = (s: Sim, type: string): string | undefined => s.view.get('HorizontalPodAutoscaler', 'default', 'web')!.status.conditions?.find((c) => c.type === type)?.reason;
const rescales = (s: Sim): string[] => s.log.filter((e) => e.note?.reason === 'SuccessfulRescale').map((e) => e.note!.message);
const levels = (byPod: number[]): Usage => (p) => byPod[Number(p.metadata.name.split('-')[1])];

describe('HPA-INT (horizontal_test.go)', () => {
  it('HPA-INT-1 TestZeroReplicas: spec 0 stays 0 (ScalingDisabled)', () => {
    const s = run([deployment('web', 0), hpa('web', { minReplicas: 3, maxReplicas: 5 })], () => 10);
    expect([spec(s), cond(s, 'ScalingActive'), rescales(s)]).toEqual([0, 'ScalingDisabled', []]);
  });

  it('HPA-INT-2 TestTooFewReplicas: spec 2 → 3', () => {
    const s = run([...workload(2), hpa('web', { minReplicas: 3, maxReplicas: 5 })], () => 10);
    expect([spec(s), rescales(s)]).toEqual([3, ['New size: 3; reason: Current number of replicas below Spec.MinReplicas']]);
  });

  it('HPA-INT-3 TestTooManyReplicas: spec 10 → 5', () => {
    const s = run([deployment('web', 10), hpa('web', { minReplicas: 3, maxReplicas: 5 })], () => 10);
    expect([spec(s), rescales(s)]).toEqual([5, ['New size: 5; reason: Current number of replicas above Spec.MaxReplicas']]);
    expect(s.log.find((e) => e.type === 'DeploymentScaled')!.data?.decision).toEqual({
      current: 10, metrics: [], proposal: 5, rule: 'Current number of replicas above Spec.MaxReplicas', stabilized: 5, desired: 5, reason: 'TooManyReplicas', limitedBy: 'maxReplicas 5',
    });
  });

  it('HPA-INT-4 TestMaxReplicas: 616 % of a 90 % target → 21, capped at max 5', () => {
    const d = deployment('web', 3);
    const rs = replicaSet(d);
    const c = (m: number) => [{ name: 'a', image: 'x', resources: { requests: { cpu: `${m}m` } } }, { name: 'b', image: 'x', resources: { requests: { cpu: `${m}m` } } }];
    const pods = [pod(rs, 0, { containers: c(450) }), pod(rs, 1, { containers: c(500) }), pod(rs, 2, { containers: c(550) })];
    const s = run([d, rs, ...pods, hpa('web', { minReplicas: 2, maxReplicas: 5, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 90 } } }] })], levels([8000, 9500, 1000]));
    expect([spec(s), cond(s, 'ScalingLimited')]).toEqual([5, 'TooManyReplicas']);
  });

  it('HPA-INT-5 TestSuperfluousMetrics: metrics of 6 pods for 4 → 24, capped at max 6', () => {
    const s = run([...workload(4, [{ name: 'app', image: 'x', resources: { requests: { cpu: '1' } } }]), hpa('web', { minReplicas: 2, maxReplicas: 6, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 100 } } }] })],
      levels([4000, 9500, 3000, 7000]), 15, { 'web-4': 3200, 'web-5': 2000 });
    expect([spec(s), cond(s, 'ScalingLimited')]).toEqual([6, 'TooManyReplicas']);
    expect(s.log.find((e) => e.type === 'DeploymentScaled')!.data?.decision).toMatchObject({ metrics: [{ current: '587%', proposal: 24 }], proposal: 24 });
  });

  const capped = (max: number): Sim => run([...workload(3), hpa('web', {
    minReplicas: 1, maxReplicas: max, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 10 } } }],
    behavior: { scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 700, periodSeconds: 60 }] } },
  })], levels([100, 200, 300]));

  it('HPA-INT-6 TestUpscaleCap: 200 % of 10 % → 60, Percent 700 per 60s caps at ceil(3 × 8) = 24', () => {
    const s = capped(100);
    expect([spec(s), cond(s, 'ScalingLimited')]).toEqual([24, 'ScaleUpLimit']);
    expect(s.log.find((e) => e.type === 'DeploymentScaled')!.data?.decision).toMatchObject({ proposal: 60, stabilized: 60, desired: 24, reason: 'ScaleUpLimit', limitedBy: 'Percent 700 per 60s' });
  });

  it('HPA-INT-7 TestUpscaleCapGreaterThanMaxReplicas: the same with max 20 → 20', () => {
    const s = capped(20);
    expect([spec(s), cond(s, 'ScalingLimited')]).toEqual([20, 'TooManyReplicas']);
  });

  it('HPA-INT-8 TestScaleDownStabilizeInitialSize: 28 % of 50 % → 3, but the initial recommendation 5 holds', () => {
    const s = run([...workload(5, [{ name: 'app', image: 'x', resources: { requests: { cpu: '1' } } }]), hpa('web', { minReplicas: 2, maxReplicas: 6 })], levels([100, 300, 500, 250, 250]));
    expect([spec(s), cond(s, 'AbleToScale'), rescales(s)]).toEqual([5, 'ScaleDownStabilized', []]);
  });
});

// ---------------------------------------------------------------- determinism

/** Pods start and become ready the moment they are created (no scheduler or kubelet in these tests). */
class InstantKubelet implements Controller {
  readonly name = 'kubelet';
  readonly watches = ['Pod'] as const;
  reconcile(ctx: Ctx, work: WorkSet): void {
    const pods = work.all ? ctx.view.list('Pod') : work.items.filter((i) => !i.deleted).map((i) => ctx.view.getByKey(i.key) as Pod | undefined);
    for (const p of pods) {
      if (!p || p.status?.phase !== 'Pending' || p.metadata.deletionTimestamp) continue;
      ctx.update(p, (d) => {
        d.status.phase = 'Running';
        d.status.startTime = ctx.now();
        d.status.conditions = [{ type: 'Ready', status: 'True', lastTransitionTime: ctx.now() }];
      }, { type: 'PodStarted' });
    }
  }
}

/** A load (millicores, a function of the tick) shared evenly by the running pods; a pod has a sample from 15 s of age. */
function loadMetrics(loads: Record<string, (tick: number) => number>): (view: View, tick: number, clock: Clock) => MetricsSource {
  return (view, tick, clock) => {
    const base = fakeMetrics(() => undefined)(view, tick);
    return {
      ...base,
      podResourceMetrics(namespace, selector) {
        const pods = view.list('Pod', namespace).filter((p) => p.status?.phase === 'Running' && selectorMatches(selector, p.metadata.labels));
        const out = new Map<string, PodMetrics>();
        for (const p of pods) {
          if (clock.tickOf(p.status!.startTime!) + 15 > tick) continue;
          const load = loads[p.metadata.labels?.app ?? '']?.(tick) ?? 0;
          out.set(p.metadata.name, { timestampTick: tick, windowSeconds: 15, containers: [{ name: 'app', cpuMillis: Math.trunc(load / pods.length), memoryBytes: 0 }] });
        }
        return out.size > 0 ? { ok: true, value: out } : { ok: false, error: 'no metrics returned from resource metrics API' };
      },
    };
  };
}

const LOADS = { web: (t: number) => (t < 200 ? 900 : t < 500 ? 2400 : 150), api: (t: number) => (t < 300 ? 1600 : 100) };

function app(name: string, replicas: number): Deployment {
  const labels = { app: name };
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'default' },
    spec: { replicas, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'app', image: `${name}:1`, resources: { requests: { cpu: '200m' } } }] } } },
    status: {},
  };
}

function autoscaler(name: string, behavior?: HorizontalPodAutoscaler['spec']['behavior']): HorizontalPodAutoscaler {
  const h = hpa(name, { minReplicas: 1, maxReplicas: 12, scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name } });
  if (behavior) h.spec.behavior = behavior;
  return h;
}

const controllers = (hpaCtl: Controller = new HorizontalPodAutoscalerController({ metrics: loadMetrics(LOADS) })): Controller[] =>
  [hpaCtl, new DeploymentController(), new ReplicaSetController(), new InstantKubelet()];

function scenario(s: Sim): void {
  s.given(app('web', 2), app('api', 3));
  s.tick(5);
  s.given(autoscaler('web'), autoscaler('api', { scaleDown: { stabilizationWindowSeconds: 60, policies: [{ type: 'Pods', value: 1, periodSeconds: 30 }] } }));
  s.until(320);
  s.when((ctx) => { ctx.update(ctx.view.get('HorizontalPodAutoscaler', 'default', 'api')!, (d) => { d.spec.behavior!.scaleDown!.stabilizationWindowSeconds = 120; }, { type: 'HorizontalPodAutoscalerUpdated' }); });
  s.until(900);
}

/** Reconciles everything at every tick, as a run resumed at each tick would. */
class AlwaysResync implements Controller {
  readonly name = 'horizontal-pod-autoscaler';
  readonly watches = ['HorizontalPodAutoscaler', 'SimConfig'] as const;
  private readonly inner = new HorizontalPodAutoscalerController({ metrics: loadMetrics(LOADS) });
  reconcile(ctx: Ctx, work: WorkSet): void {
    this.inner.reconcile(ctx, { all: true, items: work.items });
    ctx.requeueAfter('SimConfig//simulation', 1);
  }
}

const strip = (events: readonly LogEvent[]): string[] => events.map((e) => JSON.stringify(e));

describe('determinism with the Deployment and ReplicaSet controllers', () => {
  it('the scenario scales both ways, with and without a behavior', () => {
    const s = new Sim({ controllers: controllers() });
    scenario(s);
    const scaled = s.log.filter((e) => e.type === 'DeploymentScaled').map((e) => `${e.tick} ${e.object.name} ${e.data?.from}→${e.data?.to}`);
    expect(scaled).toEqual([
      // web (legacy): 225 % of 50 % → 9, capped at max(2×2, 4); the new pods count once sampled (15 s)
      '20 api 3→7', '20 web 2→4', '35 api 7→12', '35 web 4→8', '50 web 8→9', '200 web 9→12',
      // api (behavior): down window 60 s, widened to 120 s at tick 321 — the last 12 was recorded at
      // 290, so the sync at 410 is the first to see only 1s; then Pods 1 per 30 s
      '410 api 12→11', '440 api 11→10', '470 api 10→9', '500 api 9→8', '530 api 8→7', '560 api 7→6',
      '590 api 6→5', '620 api 5→4', '650 api 4→3', '680 api 3→2', '710 api 2→1',
      // web: the load drops at 500; the recommendation of 12 at 485 holds until the 300 s window passes it
      '800 web 12→2',
    ]);
  });

  it('a full resync at every tick emits exactly what targeted runs do', () => {
    const a = new Sim({ controllers: controllers() });
    const b = new Sim({ controllers: controllers(new AlwaysResync()) });
    scenario(a);
    scenario(b);
    expect(strip(b.log)).toEqual(strip(a.log));
  });

  it('a run resumed from the folded log continues exactly like the uninterrupted one', () => {
    const full = new Sim({ controllers: controllers() });
    scenario(full);
    const last = full.now - 1;
    for (const resumeAt of [16, 21, 100, 215, 333, 404, 537, 620]) {
      const state = new ClusterState();
      for (const e of full.log) if (e.tick < resumeAt) state.evolve(JSON.parse(JSON.stringify(e)) as LogEvent);
      const engine = new Engine({ seed: 1, clock: new Clock(DEFAULT_START), controllers: controllers(), state });
      const inputs = full.log.filter((e) => e.actor === 'user');
      const resumed: LogEvent[] = [];
      for (let t = resumeAt; t <= last; t++) {
        const due = inputs.filter((e) => e.tick === t);
        resumed.push(...engine.runTick(t, due.length ? () => { for (const e of due) engine.replayInput(e); } : undefined).events);
      }
      expect(strip(resumed), `resumed at ${resumeAt}`).toEqual(strip(full.log.filter((e) => e.tick >= resumeAt)));
    }
  });
});

describe('with the default controllers and the simulated metrics-server (metricsFor)', () => {
  it('scales a Deployment whose containers use 150 % of their cpu request up to maxReplicas', () => {
    const s = new Sim({ controllers: defaultControllers(), config: { behaviors: [{ match: { labels: { app: 'web' } }, usage: [{ atSeconds: 0, cpu: '150m' }] }] } });
    const d = app('web', 2);
    d.spec.template.spec.containers[0]!.resources = { requests: { cpu: '100m' } };
    s.given(node('node-1'), node('node-2', { podCIDR: '10.244.2.0/24' }), d, autoscaler('web'));
    s.until(120);
    const scaled = s.log.filter((e) => e.type === 'DeploymentScaled').map((e) => [e.tick, e.data?.to, (e.data?.decision as { reason?: string }).reason]);
    // pods have a sample once they have run 10–15 s (metrics-server's fresh-container rule), so the
    // pods created at one sync are counted at the next
    expect(scaled).toEqual([[15, 4, 'ScaleUpLimit'], [30, 8, 'ScaleUpLimit'], [45, 12, 'TooManyReplicas']]);
    const h = s.view.get('HorizontalPodAutoscaler', 'default', 'web')!;
    expect(h.status).toMatchObject({ currentReplicas: 12, desiredReplicas: 12, currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageValue: '150m', averageUtilization: 150 } } }] });
    expect(s.view.get('Deployment', 'default', 'web')!.status.availableReplicas).toBe(12);
  });
});
