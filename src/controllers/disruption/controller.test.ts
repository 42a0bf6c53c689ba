// The disruption controller against pkg/controller/disruption/disruption_test.go (v1.28): PDB-1..9
// as status tuples (disruptionsAllowed, currentHealthy, desiredHealthy, expectedPods), the events,
// disruptedPods expiry, stale DisruptionTarget conditions, and resume/resync determinism.
import { describe, expect, it } from 'vitest';
import type { Deployment, IntOrString, KObject, LabelSelector, OwnerReference, Pod, PodDisruptionBudget, ReplicaSet } from '../../api/types.js';
import { Clock, DEFAULT_START } from '../../api/time.js';
import { Engine } from '../../engine/engine.js';
import { Sim } from '../../engine/testing.js';
import { ClusterState } from '../../state/cluster.js';
import type { Controller, Ctx, WorkSet } from '../../state/controller.js';
import type { LogEvent } from '../../state/events.js';
import { DisruptionController, podControllerFinders, type PodControllerFinder } from './index.js';

const FOO_BAR = { foo: 'bar' };
const uid = (name?: string): string => `uid-${name ?? 'x'}`;

function budget(spec: { minAvailable?: IntOrString; maxUnavailable?: IntOrString; selector?: LabelSelector }): PodDisruptionBudget {
  return { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'foobar', namespace: 'default' }, spec: { selector: { matchLabels: FOO_BAR }, ...spec } } as PodDisruptionBudget;
}

function pod(name: string, o: { ready?: boolean; labels?: Record<string, string>; owner?: OwnerReference } = {}): Pod {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, namespace: 'default', uid: uid(`pod-${name}`), labels: o.labels ?? FOO_BAR, ...(o.owner ? { ownerReferences: [o.owner] } : {}) },
    spec: { containers: [{ name: 'c', image: 'x' }] },
    status: { phase: 'Running', conditions: o.ready === false ? [] : [{ type: 'Ready', status: 'True' }] },
  };
}

function replicaSet(name: string, replicas: number, owner?: OwnerReference): ReplicaSet {
  return {
    apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name, namespace: 'default', uid: uid(`rs-${name}`), labels: FOO_BAR, ...(owner ? { ownerReferences: [owner] } : {}) },
    spec: { replicas, selector: { matchLabels: FOO_BAR }, template: { metadata: { labels: FOO_BAR }, spec: { containers: [{ name: 'c', image: 'x' }] } } },
    status: { replicas: 0 },
  };
}

const ownerRef = (o: KObject): OwnerReference => ({ apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name, uid: o.metadata.uid!, controller: true });

function sim(opts: ConstructorParameters<typeof DisruptionController>[0] = {}): Sim {
  const s = new Sim({ controllers: [new DisruptionController(opts)] });
  s.tick();
  return s;
}

/** (disruptionsAllowed, currentHealthy, desiredHealthy, expectedPods) of "foobar" now. */
function tuple(s: Sim): number[] {
  const st = s.view.get('PodDisruptionBudget', 'default', 'foobar')!.status;
  return [st.disruptionsAllowed, st.currentHealthy, st.desiredHealthy, st.expectedPods];
}

function notes(s: Sim): string[] {
  return s.log.filter((e) => e.note && e.actor === 'disruption-controller').map((e) => e.note!.reason);
}

function setReady(s: Sim, name: string, ready: boolean): void {
  s.when((ctx) => {
    ctx.update(ctx.view.get('Pod', 'default', name)!, (d) => { d.status.conditions = ready ? [{ type: 'Ready', status: 'True' }] : []; }, { type: 'PodReadinessChanged' });
  }).tick();
}

function scale(s: Sim, kind: 'ReplicaSet' | 'Deployment' | 'StatefulSet', name: string, replicas: number): void {
  s.when((ctx) => { ctx.update(ctx.view.get(kind, 'default', name)!, (d) => { d.spec.replicas = replicas; }, { type: `${kind}Scaled` }); }).tick();
}

describe('PDB status (trySync)', () => {
  it('PDB-1 TestNoSelector: an empty selector matches every pod', () => {
    const s = sim();
    s.given(budget({ minAvailable: 3, selector: {} })).tick();
    expect(tuple(s)).toEqual([0, 0, 3, 0]);
    s.given(pod('yo-yo-yo', { labels: { other: 'x' } })).tick();
    expect(tuple(s)).toEqual([0, 1, 3, 1]);
  });

  it('PDB-2 TestUnavailable: counts follow ready pods; one unready pod takes the disruption away', () => {
    const s = sim();
    s.given(budget({ minAvailable: 3 })).tick();
    for (let i = 0; i < 4; i++) {
      expect(tuple(s)).toEqual([0, i, 3, i]);
      s.given(pod(`yo-yo-yo-${i}`)).tick();
    }
    expect(tuple(s)).toEqual([1, 4, 3, 4]);
    setReady(s, 'yo-yo-yo-0', false);
    expect(tuple(s)).toEqual([0, 3, 3, 4]);
  });

  it('PDB-3 TestIntegerMaxUnavailable: a naked pod allows nothing and raises UnmanagedPods', () => {
    const s = sim();
    s.given(budget({ maxUnavailable: 1 })).tick();
    expect(tuple(s)[0]).toBe(0);
    s.given(pod('naked')).tick();
    expect(tuple(s)).toEqual([0, 1, 0, 0]);
    expect(notes(s)).toEqual(['NoPods', 'UnmanagedPods']);
    const e = s.log.find((x) => x.note?.reason === 'UnmanagedPods')!;
    expect(e.note).toEqual({
      type: 'Warning', reason: 'UnmanagedPods', source: 'controllermanager',
      message: 'Pods selected by this PodDisruptionBudget (selector: &LabelSelector{MatchLabels:map[string]string{foo: bar,},MatchExpressions:[]LabelSelectorRequirement{},}) were found to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. To account for these pods please set ".spec.minAvailable" field of the PDB to an integer value.',
    });
    expect(s.view.get('PodDisruptionBudget', 'default', 'foobar')!.status.conditions![0]!.reason).toBe('InsufficientPods');
  });

  it('PDB-4 TestIntegerMaxUnavailableWithScaling: the ReplicaSet scale sets expectedPods', () => {
    const s = sim();
    const rs = replicaSet('foobar', 7);
    s.given(budget({ maxUnavailable: 2 }), rs, pod('pod', { owner: ownerRef(rs) })).tick();
    expect(tuple(s)).toEqual([0, 1, 5, 7]);
    scale(s, 'ReplicaSet', 'foobar', 5);
    expect(tuple(s)).toEqual([0, 1, 3, 5]);
  });

  it('TestStatefulSetController: a StatefulSet\'s scale sets expectedPods (minAvailable 28% of 11 → 4)', () => {
    const s = sim();
    const ss = {
      apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'foobar', namespace: 'default', uid: uid('ss-foobar'), labels: FOO_BAR },
      spec: { replicas: 11, selector: { matchLabels: FOO_BAR }, serviceName: 'foobar', template: { metadata: { labels: FOO_BAR }, spec: { containers: [{ name: 'c', image: 'x' }] } } },
      status: { replicas: 0, availableReplicas: 0 },
    } as unknown as KObject;
    s.given(budget({ minAvailable: '28%' }), ss, ...Array.from({ length: 5 }, (_, i) => pod(`foobar-${i}`, { owner: ownerRef(ss) }))).tick();
    expect(tuple(s)).toEqual([1, 5, 4, 11]);
    scale(s, 'StatefulSet', 'foobar', 20); // ceil(5.6) = 6 desired
    expect(tuple(s)).toEqual([0, 5, 6, 20]);
  });

  it('PDB-5 TestPercentageMaxUnavailableWithScaling: 30% rounds up', () => {
    const s = sim();
    const rs = replicaSet('foobar', 7);
    s.given(budget({ maxUnavailable: '30%' }), rs, pod('pod', { owner: ownerRef(rs) })).tick();
    expect(tuple(s)).toEqual([0, 1, 4, 7]); // ceil(2.1) = 3
    scale(s, 'ReplicaSet', 'foobar', 3);
    expect(tuple(s)).toEqual([0, 1, 2, 3]); // ceil(0.9) = 1
  });

  it('PDB-6 TestNakedPod: a percentage over a naked pod allows nothing', () => {
    const s = sim();
    s.given(budget({ minAvailable: '28%' }), pod('naked')).tick();
    expect(tuple(s)[0]).toBe(0);
    expect(notes(s)).toEqual(['UnmanagedPods']);
    expect(s.view.get('PodDisruptionBudget', 'default', 'foobar')!.status.conditions![0]!.reason).not.toBe('SyncFailed');
  });

  it('PDB-7 TestReplicaSet: a ReplicaSet without a Deployment counts its own scale', () => {
    const s = sim();
    const rs = replicaSet('foobar', 10);
    s.given(budget({ minAvailable: '20%' }), rs, pod('pod', { owner: ownerRef(rs) })).tick();
    expect(tuple(s)).toEqual([0, 1, 2, 10]);
  });

  it('PDB-7 with a Deployment: the Deployment\'s scale counts, not its ReplicaSet\'s', () => {
    const s = sim();
    const d = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default', uid: uid('deploy-web') }, spec: { replicas: 10, selector: { matchLabels: FOO_BAR }, template: { spec: { containers: [] } } }, status: {} } as unknown as Deployment;
    const rs = replicaSet('web-1', 4, ownerRef(d));
    s.given(budget({ minAvailable: '20%' }), d, rs, pod('pod', { owner: ownerRef(rs) })).tick();
    expect(tuple(s)).toEqual([0, 1, 2, 10]);
    scale(s, 'Deployment', 'web', 20);
    expect(tuple(s)).toEqual([0, 1, 4, 20]);
  });

  it('PDB-8 TestScaleResource: a custom resource\'s scale subresource (finder injected)', () => {
    const customUid = uid('custom');
    const scaleFinder: PodControllerFinder = (ref) => (ref.kind === 'customresource' && ref.uid === customUid ? { uid: customUid, scale: 10 } : null);
    const s = sim({ finders: (view) => { const f = podControllerFinders(view); f.splice(4, 0, scaleFinder); return f; } });
    const owner: OwnerReference = { apiVersion: 'custom.k8s.io/v1', kind: 'customresource', name: '', uid: customUid, controller: true };
    s.given(budget({ maxUnavailable: 5 }), ...[0, 1, 2, 3].map((i) => pod(`pod-${i}`, { owner }))).tick();
    expect(tuple(s)).toEqual([0, 4, 5, 10]);
  });

  it('PDB-8 without the finder: an unknown kind fails the sync (CalculateExpectedPodCountFailed, SyncFailed)', () => {
    const s = sim();
    const owner: OwnerReference = { apiVersion: 'apps.test.io/v1', kind: 'TestWorkload', name: 'fake-controller', uid: 'b7329742-8daa-493a-8881-6ca07139172b', controller: true };
    s.given(budget({ minAvailable: '28%' }), pod('naked', { owner })).tick();
    const st = s.view.get('PodDisruptionBudget', 'default', 'foobar')!.status;
    expect(st.disruptionsAllowed).toBe(0);
    expect(st.observedGeneration).toBeUndefined(); // failSafe keeps observedGeneration: evictions get 429 "still being processed"
    expect(st.conditions).toEqual([{ type: 'DisruptionAllowed', status: 'False', lastTransitionTime: '2024-01-01T00:00:01Z', reason: 'SyncFailed', message: 'no matches for kind "TestWorkload" in version "apps.test.io/v1"' }]);
    const e = s.log.find((x) => x.type === 'PodDisruptionBudgetSyncFailed')!;
    expect(e.note).toEqual({ type: 'Warning', reason: 'CalculateExpectedPodCountFailed', source: 'controllermanager', message: 'Failed to calculate the number of expected pods: no matches for kind "TestWorkload" in version "apps.test.io/v1"' });
  });

  it('a missing ReplicaSet: "found no controllers for pod"; a Job: no scale subresource', () => {
    const s = sim();
    s.given(budget({ maxUnavailable: 1 }), pod('orphan', { owner: { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'gone', uid: 'x', controller: true } })).tick();
    expect(s.view.get('PodDisruptionBudget', 'default', 'foobar')!.status.conditions![0]!.message).toBe('found no controllers for pod "orphan"');
    const t = sim();
    t.given(budget({ maxUnavailable: 1 }), pod('job-x', { owner: { apiVersion: 'batch/v1', kind: 'Job', name: 'j', uid: 'y', controller: true } })).tick();
    expect(t.view.get('PodDisruptionBudget', 'default', 'foobar')!.status.conditions![0]!.message).toBe('jobs.batch does not implement the scale subresource');
  });

  it('PDB-9 TestTwoControllers: a ReplicationController (finder injected) and a ReplicaSet add up', () => {
    const rcUid = uid('rc');
    const rcScale = 11;
    const rcFinder: PodControllerFinder = (ref) => (ref.kind === 'ReplicationController' && ref.uid === rcUid ? { uid: rcUid, scale: rcScale } : null);
    const s = sim({ finders: (view) => [rcFinder, ...podControllerFinders(view).slice(1)] });
    const rcLabels = { foo: 'bar', baz: 'quux' };
    const dLabels = { foo: 'bar', baz: 'quuux' };
    s.given(budget({ minAvailable: '28%' })).tick();
    expect(tuple(s)).toEqual([0, 0, 0, 0]);
    const rc: OwnerReference = { apiVersion: 'v1', kind: 'ReplicationController', name: 'foobar', uid: rcUid, controller: true };
    const unavailable = 11 - 4 - 1;
    for (let i = 1; i <= 11; i++) {
      s.given(pod(`quux-${i}`, { labels: rcLabels, owner: rc, ready: i > unavailable })).tick();
      if (i <= unavailable) expect(tuple(s)).toEqual([0, 0, 4, 11]);
      else if (i - unavailable <= 4) expect(tuple(s)).toEqual([0, i - unavailable, 4, 11]);
      else expect(tuple(s)).toEqual([1, i - unavailable, 4, 11]);
    }
    const rs = replicaSet('quuux', 11);
    s.given(rs).tick();
    expect(tuple(s)).toEqual([1, 5, 4, 11]);
    const unavailable2 = 2 * 11 - (7 + 2) - unavailable;
    for (let i = 1; i <= 11; i++) {
      s.given(pod(`quuux-${i}`, { labels: dLabels, owner: ownerRef(rs), ready: i > unavailable2 })).tick();
      if (i <= unavailable2) expect(tuple(s)).toEqual([0, 5, 7, 22]);
      else if (i - unavailable2 <= 7 - 5) expect(tuple(s)).toEqual([0, 5 + (i - unavailable2), 7, 22]);
      else expect(tuple(s)).toEqual([i - unavailable2 - 2, 5 + (i - unavailable2), 7, 22]);
    }
    expect(tuple(s)).toEqual([2, 9, 7, 22]);
    setReady(s, 'quux-11', false);
    expect(tuple(s)).toEqual([1, 8, 7, 22]);
    setReady(s, 'quux-10', false);
    expect(tuple(s)).toEqual([0, 7, 7, 22]);
    setReady(s, 'quux-11', true);
    expect(tuple(s)).toEqual([1, 8, 7, 22]);
  });

  it('writes the status in policy/v1 form with the DisruptionAllowed condition', () => {
    const s = sim();
    s.given(budget({ minAvailable: 1 }), pod('a'), pod('b')).tick();
    expect(s.view.get('PodDisruptionBudget', 'default', 'foobar')!.status).toEqual({
      observedGeneration: 1, disruptionsAllowed: 1, currentHealthy: 2, desiredHealthy: 1, expectedPods: 2,
      conditions: [{ type: 'DisruptionAllowed', status: 'True', observedGeneration: 1, lastTransitionTime: '2024-01-01T00:00:01Z', reason: 'SufficientPods', message: '' }],
    });
    const before = s.log.length;
    s.tick(5);
    expect(s.log.length).toBe(before); // converged: nothing more
  });
});

describe('disruptedPods and DisruptionTarget', () => {
  it('an eviction entry keeps the pod out of currentHealthy for 2 minutes, then NotDeleted and the pod counts again', () => {
    const s = sim();
    s.given(budget({ minAvailable: 1 }), pod('a'), pod('b')).tick();
    s.when((ctx) => {
      const p = ctx.view.get('PodDisruptionBudget', 'default', 'foobar')!;
      ctx.update(p, (d) => { d.status.disruptedPods = { a: ctx.now() }; d.status.disruptionsAllowed = 0; }, { type: 'EvictionAdmitted' });
    }).tick(); // tick 2
    expect(tuple(s)).toEqual([0, 1, 1, 2]);
    s.until(121);
    expect(tuple(s)).toEqual([0, 1, 1, 2]);
    s.tick(); // 122 = 2 + 120: the entry has not strictly expired, but the pod counts again
    expect(tuple(s)).toEqual([1, 2, 1, 2]);
    expect(s.view.get('PodDisruptionBudget', 'default', 'foobar')!.status.disruptedPods).toEqual({ a: '2024-01-01T00:00:02Z' });
    s.tick(); // 123: dropped, with NotDeleted on the pod
    expect(s.view.get('PodDisruptionBudget', 'default', 'foobar')!.status.disruptedPods).toBeUndefined();
    const nd = s.log.find((e) => e.note?.reason === 'NotDeleted')!;
    expect([nd.tick, nd.object.name, nd.note!.message]).toEqual([123, 'a', "Pod was expected by PDB default/default to be deleted but it wasn't"]);
  });

  it('a pod being deleted leaves disruptedPods and currentHealthy at once', () => {
    const s = sim();
    s.given(budget({ minAvailable: 1 }), pod('a'), pod('b')).tick();
    s.when((ctx) => {
      const p = ctx.view.get('PodDisruptionBudget', 'default', 'foobar')!;
      ctx.update(p, (d) => { d.status.disruptedPods = { a: ctx.now() }; d.status.disruptionsAllowed = 0; }, { type: 'EvictionAdmitted' });
      ctx.update(ctx.view.get('Pod', 'default', 'a')!, (d) => { d.metadata.deletionTimestamp = ctx.clock.at(ctx.tick + 30); }, { type: 'PodDeletionRequested' });
    }).tick();
    expect(tuple(s)).toEqual([0, 1, 1, 2]);
    expect(s.view.get('PodDisruptionBudget', 'default', 'foobar')!.status.disruptedPods).toBeUndefined();
  });

  it('a DisruptionTarget condition without a deletion is reset to False after 2 minutes', () => {
    const s = sim();
    s.given(pod('a')).tick();
    s.when((ctx) => {
      ctx.update(ctx.view.get('Pod', 'default', 'a')!, (d) => {
        d.status.conditions!.push({ type: 'DisruptionTarget', status: 'True', lastProbeTime: null, lastTransitionTime: ctx.now(), reason: 'EvictionByEvictionAPI', message: 'Eviction API: evicting' });
      }, { type: 'PodDisruptionTargetSet' });
    }).tick(); // tick 2
    s.until(121);
    expect(s.view.get('Pod', 'default', 'a')!.status.conditions![1]!.status).toBe('True');
    s.tick(); // 122
    expect(s.view.get('Pod', 'default', 'a')!.status.conditions![1]).toEqual({ type: 'DisruptionTarget', status: 'False', lastProbeTime: null, lastTransitionTime: '2024-01-01T00:02:02Z' });
  });

  it('a pod matching two budgets wakes both and gets MultiplePodDisruptionBudgets', () => {
    const s = sim();
    s.given(budget({ minAvailable: 1 }), { ...budget({ maxUnavailable: 0, selector: {} }), metadata: { name: 'all', namespace: 'default' } }).tick();
    s.given(pod('a')).tick();
    expect(tuple(s)).toEqual([0, 1, 1, 1]);
    expect(s.view.get('PodDisruptionBudget', 'default', 'all')!.status.currentHealthy).toBe(1);
    const e = s.log.find((x) => x.note?.reason === 'MultiplePodDisruptionBudgets')!;
    expect(e.note!.message).toBe('Pod "default"/"a" matches multiple PodDisruptionBudgets.  Chose "all" arbitrarily.');
  });
});

/** The controller, but every call is a full resync. */
class AlwaysResync implements Controller {
  readonly name = 'disruption-controller';
  readonly watches = ['PodDisruptionBudget', 'Pod', 'ReplicaSet', 'Deployment'] as const;
  private readonly inner = new DisruptionController();
  reconcile(ctx: Ctx, work: WorkSet): void {
    this.inner.reconcile(ctx, { all: true, items: work.items });
  }
}

function busy(s: Sim): void {
  const rs = replicaSet('web', 4);
  s.given(budget({ minAvailable: '50%' }), rs, ...[0, 1, 2, 3].map((i) => pod(`web-${i}`, { owner: ownerRef(rs), ready: i !== 3 }))).tick(3);
  s.when((ctx) => {
    const p = ctx.view.get('PodDisruptionBudget', 'default', 'foobar')!;
    ctx.update(p, (d) => { d.status.disruptedPods = { 'web-0': ctx.now() }; }, { type: 'EvictionAdmitted' });
    const pod0 = ctx.view.get('Pod', 'default', 'web-1')!;
    ctx.update(pod0, (d) => { d.status.conditions!.push({ type: 'DisruptionTarget', status: 'True', lastProbeTime: null, lastTransitionTime: ctx.now(), reason: 'EvictionByEvictionAPI', message: '' }); }, { type: 'PodDisruptionTargetSet' });
  }).tick(10);
  s.when((ctx) => { ctx.update(ctx.view.get('ReplicaSet', 'default', 'web')!, (d) => { d.spec.replicas = 6; }, { type: 'ReplicaSetScaled' }); }).tick(200);
}

describe('determinism', () => {
  it('a full resync at every run writes exactly what targeted runs write', () => {
    const a = new Sim({ controllers: [new DisruptionController()] });
    const b = new Sim({ controllers: [new AlwaysResync()] });
    busy(a);
    busy(b);
    expect(b.log.map((e) => JSON.stringify(e))).toEqual(a.log.map((e) => JSON.stringify(e)));
  });

  it('a run resumed from the folded log (timers lost) continues exactly like the uninterrupted one', () => {
    const full = new Sim({ controllers: [new DisruptionController()] });
    busy(full);
    const last = full.now - 1;
    for (const resumeAt of [2, 5, 60, 123, 125, 140]) {
      const state = new ClusterState();
      for (const e of full.log) if (e.tick < resumeAt) state.evolve(JSON.parse(JSON.stringify(e)) as LogEvent);
      const engine = new Engine({ seed: 1, clock: new Clock(DEFAULT_START), controllers: [new DisruptionController()], state });
      engine.resumeAt(resumeAt - 1);
      const inputs = full.log.filter((e) => e.actor !== 'disruption-controller');
      const resumed: LogEvent[] = [];
      for (let t = resumeAt; t <= last; t++) {
        const due = inputs.filter((e) => e.tick === t);
        resumed.push(...engine.runTick(t, due.length ? () => { for (const e of due) engine.replayInput(e); } : undefined).events);
      }
      expect(resumed.map((e) => JSON.stringify(e))).toEqual(full.log.filter((e) => e.tick >= resumeAt).map((e) => JSON.stringify(e)));
    }
  });
});
