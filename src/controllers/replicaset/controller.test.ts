// The ReplicaSet controller over the real engine (Sim): creation with notes, bursts, deletion,
// adoption and release, status with minReadySeconds, namespace admission, and resume equivalence.
import { describe, expect, it } from 'vitest';
import type { Deployment, Namespace, Pod, ReplicaSet } from '../../api/types.js';
import { Clock } from '../../api/time.js';
import { Engine } from '../../engine/engine.js';
import { Sim } from '../../engine/testing.js';
import type { LogEvent } from '../../state/events.js';
import type { Controller } from '../../state/controller.js';
import { deleteObject } from '../../state/apiserver.js';
import { ReplicaSetController } from './index.js';

function replicaSet(name: string, replicas: number, o: { ns?: string; minReadySeconds?: number; owner?: Deployment; labels?: Record<string, string> } = {}): ReplicaSet {
  const labels = o.labels ?? { app: name };
  const rs: ReplicaSet = {
    apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name, namespace: o.ns ?? 'default' },
    spec: { replicas, selector: { matchLabels: labels }, template: { metadata: { labels: { ...labels, tier: 'web' } }, spec: { containers: [{ name: 'c', image: 'web:1' }] } } },
    status: { replicas: 0 },
  };
  if (o.minReadySeconds !== undefined) rs.spec.minReadySeconds = o.minReadySeconds;
  if (o.owner) rs.metadata.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'Deployment', name: o.owner.metadata.name, uid: o.owner.metadata.uid!, controller: true, blockOwnerDeletion: true }];
  return rs;
}

function barePod(name: string, labels: Record<string, string>): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', labels }, spec: { containers: [{ name: 'c', image: 'web:1' }] }, status: { phase: 'Pending' } };
}

const ofType = (events: LogEvent[], type: string): LogEvent[] => events.filter((e) => e.type === type);
const podsOf = (sim: Sim, rs: string): Pod[] => {
  const r = sim.view.get('ReplicaSet', 'default', rs)!;
  return sim.view.ownedBy(r.metadata.uid!, 'Pod');
};

/** As a kubelet would: scheduled, Running, Ready since now. */
function makeReady(sim: Sim, pods: Pod[], node = 'node-1'): void {
  sim.when((ctx) => {
    for (const p of pods) {
      ctx.update(p, (d) => {
        d.spec.nodeName = node;
        d.status.phase = 'Running';
        d.status.conditions = [{ type: 'Ready', status: 'True', lastTransitionTime: ctx.now() }];
      }, { type: 'PodReady' });
    }
  });
}

describe('ReplicaSetController', () => {
  it('creates the missing pods from the template with SuccessfulCreate notes, then reports them', () => {
    const sim = new Sim({ controllers: [new ReplicaSetController()] });
    sim.given(replicaSet('web', 3));
    const events = sim.tick();
    const created = ofType(events, 'PodCreated');
    expect(created).toHaveLength(3);
    const rs = sim.view.get('ReplicaSet', 'default', 'web')!;
    for (const e of created) {
      expect(e.actor).toBe('replicaset-controller');
      expect(e.note).toEqual({ type: 'Normal', reason: 'SuccessfulCreate', message: `Created pod: ${e.object.name}`, source: 'replicaset-controller', involved: { kind: 'ReplicaSet', namespace: 'default', name: 'web', uid: rs.metadata.uid } });
      expect(e.object.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    }
    const pod = sim.view.get('Pod', 'default', created[0]!.object.name)!;
    expect(pod.metadata.generateName).toBe('web-');
    expect(pod.metadata.labels).toEqual({ app: 'web', tier: 'web' });
    expect(pod.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: rs.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    expect(pod.status).toEqual({ phase: 'Pending', qosClass: 'BestEffort' });
    expect(rs.status).toEqual({ replicas: 3, fullyLabeledReplicas: 3, observedGeneration: 1 });
    // first sync reports the pods seen before its creates (0), the next one the 3 new pods
    expect(ofType(events, 'ReplicaSetStatusUpdated').map((e) => e.data?.replicas)).toEqual([0, 3]);
    expect(sim.tick(3)).toEqual([]);
  });

  it('writes a status into a ReplicaSet created without one, zero fields omitted', () => {
    const sim = new Sim({ controllers: [new ReplicaSetController()] });
    const rs = replicaSet('web', 0);
    delete (rs as { status?: unknown }).status;
    sim.given(rs);
    const events = sim.tick();
    expect(ofType(events, 'ReplicaSetStatusUpdated')).toHaveLength(1);
    expect(sim.view.get('ReplicaSet', 'default', 'web')!.status).toEqual({ replicas: 0, observedGeneration: 1 });
  });

  it('creates at most 500 pods per sync (BurstReplicas) and settles within the tick', () => {
    const sim = new Sim({ controllers: [new ReplicaSetController()] });
    sim.given(replicaSet('big', 1200));
    const r = sim.step();
    expect(ofType(r.events, 'PodCreated')).toHaveLength(1200);
    expect(sim.view.get('ReplicaSet', 'default', 'big')!.status.replicas).toBe(1200);
    expect(r.passes).toBeGreaterThanOrEqual(3);
  });

  it('replaces a pod deleted by a user, and a pod that is only terminating', () => {
    const sim = new Sim({ controllers: [new ReplicaSetController()] });
    sim.given(replicaSet('web', 2));
    sim.tick();
    const [a, b] = podsOf(sim, 'web');
    makeReady(sim, [b!]);
    sim.when((ctx) => { deleteObject(ctx, a!, {}); }); // unscheduled: removed at once
    let events = sim.tick();
    expect(ofType(events, 'PodDeleted')).toHaveLength(1);
    expect(ofType(events, 'PodCreated')).toHaveLength(1);
    sim.when((ctx) => { deleteObject(ctx, sim.view.get('Pod', 'default', b!.metadata.name)!, {}); }); // scheduled: Terminating
    events = sim.tick();
    expect(ofType(events, 'PodDeletionRequested')).toHaveLength(1);
    expect(ofType(events, 'PodCreated')).toHaveLength(1);
    const rs = sim.view.get('ReplicaSet', 'default', 'web')!;
    expect(rs.status.replicas).toBe(2); // the terminating pod is not counted
    expect(podsOf(sim, 'web')).toHaveLength(3);
  });

  it('scales down, preferring unscheduled and not-ready pods, with SuccessfulDelete notes', () => {
    const sim = new Sim({ controllers: [new ReplicaSetController()] });
    sim.given(replicaSet('web', 4));
    sim.tick();
    const pods = podsOf(sim, 'web');
    makeReady(sim, pods.slice(0, 2));
    sim.tick();
    sim.when((ctx) => { ctx.update(sim.view.get('ReplicaSet', 'default', 'web')!, (d) => { d.spec.replicas = 1; }, { type: 'ReplicaSetScaled' }); });
    const events = sim.tick();
    const deleted = [...ofType(events, 'PodDeleted'), ...ofType(events, 'PodDeletionRequested')];
    expect(deleted).toHaveLength(3);
    // the two unscheduled pods are removed at once; one ready pod is marked for deletion
    expect(ofType(events, 'PodDeleted').map((e) => e.object.name).sort()).toEqual([pods[2]!.metadata.name, pods[3]!.metadata.name].sort());
    expect(ofType(events, 'PodDeletionRequested')).toHaveLength(1);
    for (const e of deleted) expect(e.note).toMatchObject({ type: 'Normal', reason: 'SuccessfulDelete', message: `Deleted pod: ${e.object.name}`, source: 'replicaset-controller', involved: { kind: 'ReplicaSet', name: 'web' } });
    const rs = sim.view.get('ReplicaSet', 'default', 'web')!;
    expect(rs.status).toMatchObject({ replicas: 1, readyReplicas: 1, availableReplicas: 1, observedGeneration: 2 });
  });

  it('ranks by related pods on the same node across the ReplicaSets of one owner', () => {
    const sim = new Sim({ controllers: [new ReplicaSetController()] });
    const dep: Deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'default', uid: 'dep-uid' }, spec: { selector: { matchLabels: { app: 'd' } }, template: { spec: { containers: [] } } }, status: {} };
    sim.given(dep, replicaSet('old', 1, { owner: dep, labels: { app: 'd', v: '1' } }), replicaSet('new', 2, { owner: dep, labels: { app: 'd', v: '2' } }));
    sim.tick();
    const [o] = podsOf(sim, 'old');
    const [n1, n2] = podsOf(sim, 'new');
    makeReady(sim, [o!, n1!], 'node-a'); // node-a holds one pod of each RS
    makeReady(sim, [n2!], 'node-b');
    sim.tick();
    sim.when((ctx) => { ctx.update(sim.view.get('ReplicaSet', 'default', 'new')!, (d) => { d.spec.replicas = 1; }, { type: 'ReplicaSetScaled' }); });
    const events = sim.tick();
    // n1 shares node-a with the old RS's pod (rank 2) so it goes before n2 (rank 1)
    expect(ofType(events, 'PodDeletionRequested').map((e) => e.object.name)).toEqual([n1!.metadata.name]);
  });

  it('adopts matching orphans (existing before the RS, and created later) and releases pods that stop matching', () => {
    const sim = new Sim({ controllers: [new ReplicaSetController()] });
    sim.given(barePod('orphan-1', { app: 'web' }), barePod('stranger', { app: 'other' }));
    sim.tick();
    sim.given(replicaSet('web', 2));
    let events = sim.tick();
    expect(ofType(events, 'PodAdopted').map((e) => e.object.name)).toEqual(['orphan-1']);
    expect(ofType(events, 'PodCreated')).toHaveLength(1);
    const rs = sim.view.get('ReplicaSet', 'default', 'web')!;
    expect(sim.view.get('Pod', 'default', 'orphan-1')!.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: rs.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    expect(sim.view.get('Pod', 'default', 'stranger')!.metadata.ownerReferences).toBeUndefined();

    sim.given(barePod('orphan-2', { app: 'web' }));
    events = sim.tick();
    expect(ofType(events, 'PodAdopted').map((e) => e.object.name)).toEqual(['orphan-2']);
    expect(ofType(events, 'PodDeleted')).toHaveLength(1); // 3 > 2: the surplus (unscheduled) goes

    const victim = podsOf(sim, 'web')[0]!;
    sim.when((ctx) => { ctx.update(victim, (d) => { d.metadata.labels = { app: 'debug' }; }, { type: 'PodLabeled' }); });
    events = sim.tick();
    expect(ofType(events, 'PodReleased').map((e) => e.object.name)).toEqual([victim.metadata.name]);
    expect(sim.view.get('Pod', 'default', victim.metadata.name)!.metadata.ownerReferences).toBeUndefined();
    expect(ofType(events, 'PodCreated')).toHaveLength(1);
  });

  it('counts a ready pod as available only after minReadySeconds have passed (strictly), waking itself', () => {
    const sim = new Sim({ controllers: [new ReplicaSetController()] });
    sim.given(replicaSet('web', 1, { minReadySeconds: 5 }));
    sim.tick(); // tick 0
    makeReady(sim, podsOf(sim, 'web')); // ready at tick 1
    sim.tick();
    expect(sim.view.get('ReplicaSet', 'default', 'web')!.status).toMatchObject({ readyReplicas: 1 });
    expect(sim.view.get('ReplicaSet', 'default', 'web')!.status.availableReplicas).toBeUndefined();
    const events = sim.until(10);
    const updates = ofType(events, 'ReplicaSetStatusUpdated');
    expect(updates.map((e) => [e.tick, e.data?.availableReplicas])).toEqual([[7, 1]]); // 1 + 5 < 7
  });

  it('reports FailedCreate and a ReplicaFailure condition when the namespace does not exist', () => {
    const sim = new Sim({ controllers: [new ReplicaSetController()] });
    sim.given(replicaSet('web', 3, { ns: 'ghost' }));
    const events = sim.tick();
    const failed = ofType(events, 'PodCreateFailed');
    expect(failed.length).toBeGreaterThanOrEqual(1);
    expect(failed[0]!.note).toEqual({ type: 'Warning', reason: 'FailedCreate', message: 'Error creating: namespaces "ghost" not found', source: 'replicaset-controller' });
    expect(ofType(events, 'PodCreated')).toHaveLength(0);
    const rs = sim.view.get('ReplicaSet', 'ghost', 'web')!;
    expect(rs.status.conditions).toEqual([{ type: 'ReplicaFailure', status: 'True', lastTransitionTime: '2024-01-01T00:00:00Z', reason: 'FailedCreate', message: 'namespaces "ghost" not found' }]);
    expect(sim.tick()).toEqual([]);
    // the namespace appears, a change to the RS retries, the condition goes
    sim.when((ctx) => {
      ctx.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ghost' }, status: { phase: 'Active' } } as Namespace, { type: 'NamespaceCreated' });
      ctx.update(rs, (d) => { d.metadata.labels = { touched: 'yes' }; }, { type: 'ReplicaSetLabeled' });
    });
    sim.tick();
    const after = sim.view.get('ReplicaSet', 'ghost', 'web')!;
    expect(after.status.replicas).toBe(3);
    expect(after.status.conditions).toBeUndefined();
  });

  it('creates nothing, silently, in a terminating namespace', () => {
    const sim = new Sim({ controllers: [new ReplicaSetController()], namespaces: ['default', 'dying'] });
    sim.tick();
    sim.when((ctx) => { ctx.update(sim.view.get('Namespace', '', 'dying')!, (d) => { d.status = { phase: 'Terminating' }; }, { type: 'NamespaceTerminating' }); });
    sim.given(replicaSet('web', 3, { ns: 'dying' }));
    const events = sim.tick();
    expect(events.filter((e) => e.actor === 'replicaset-controller').map((e) => e.type)).toEqual(['ReplicaSetStatusUpdated']);
  });

  it('does not create or delete pods for a ReplicaSet being deleted, and does not release its pods', () => {
    const sim = new Sim({ controllers: [new ReplicaSetController()] });
    sim.given(replicaSet('web', 2));
    sim.tick();
    sim.when((ctx) => {
      const rs = sim.view.get('ReplicaSet', 'default', 'web')!;
      deleteObject(ctx, rs, {}, { propagationPolicy: 'Orphan' }); // no GC here: stays with its finalizer
      deleteObject(ctx, podsOf(sim, 'web')[0]!, {});
    });
    const events = sim.tick();
    expect(events.filter((e) => e.actor === 'replicaset-controller' && e.type !== 'ReplicaSetStatusUpdated')).toEqual([]);
    expect(sim.view.get('ReplicaSet', 'default', 'web')!.status.replicas).toBe(1);
  });

  it('a resumed run (full resync over the same state) emits nothing a converged run would not', () => {
    const sim = new Sim({ controllers: [new ReplicaSetController()] });
    sim.given(replicaSet('a', 3, { minReadySeconds: 10 }), barePod('loose', { app: 'a' }));
    sim.tick();
    makeReady(sim, podsOf(sim, 'a'));
    sim.tick(3);
    const resumed = new Engine({ seed: 1, clock: new Clock(), controllers: [new ReplicaSetController()], state: sim.engine.state });
    expect(resumed.runTick(sim.now).events).toEqual([]);
  });

  it('creates at most spec.replicas pods in one second: a pod removed in the second it was created is replaced at the next second (CreateLedger)', () => {
    // A "reaper" that force-removes every new pod of the RS at once, as a 0 s NoExecute toleration
    // on the node the scheduler picks does: without the ledger this loop never lets the tick end.
    const reaper: Controller = {
      name: 'reaper',
      watches: ['Pod'],
      reconcile(ctx, work) {
        for (const item of work.items) {
          const pod = ctx.view.get('Pod', 'default', item.obj.metadata.name);
          if (pod && !item.deleted) ctx.remove(pod, { type: 'PodRemoved' });
        }
      },
    };
    const sim = new Sim({ controllers: [new ReplicaSetController(), reaper] });
    sim.given(replicaSet('web', 2));
    const perTick = [0, 1, 2].map(() => ofType(sim.tick(), 'PodCreated').length);
    expect(perTick).toEqual([2, 2, 2]);
    expect(podsOf(sim, 'web')).toHaveLength(0);
  });
});
