// The garbage collector with the ReplicaSet controller over the real engine (Sim): background,
// orphan and foreground propagation through a bare ReplicaSet and a hand-made Deployment → RS → Pods
// chain, dangling references, and resume equivalence.
import { describe, expect, it } from 'vitest';
import type { Deployment, KObject, Pod, ReplicaSet } from '../../api/types.js';
import { Clock } from '../../api/time.js';
import { Engine } from '../../engine/engine.js';
import { Sim } from '../../engine/testing.js';
import { deleteObject, type PropagationPolicy } from '../../state/apiserver.js';
import type { LogEvent } from '../../state/events.js';
import { ReplicaSetController } from '../replicaset/index.js';
import { GarbageCollector } from './index.js';

function deployment(name: string): Deployment {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'default' },
    spec: { replicas: 2, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'web:1' }] } } },
    status: {},
  };
}

function replicaSet(name: string, replicas: number, owner?: KObject): ReplicaSet {
  const rs: ReplicaSet = {
    apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name, namespace: 'default' },
    spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'web:1' }] } } },
    status: { replicas: 0 },
  };
  if (owner) rs.metadata.ownerReferences = [{ apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name, uid: owner.metadata.uid!, controller: true, blockOwnerDeletion: true }];
  return rs;
}

const newSim = (): Sim => new Sim({ controllers: [new ReplicaSetController(), new GarbageCollector()] });
const get = <T extends KObject>(sim: Sim, kind: 'Pod' | 'ReplicaSet' | 'Deployment', name: string): T | undefined => sim.view.get(kind, 'default', name) as T | undefined;
const pods = (sim: Sim): Pod[] => sim.view.list('Pod', 'default');
const gcEvents = (events: LogEvent[]): LogEvent[] => events.filter((e) => e.actor === 'garbage-collector');
const removed = (events: LogEvent[]): string[] => events.filter((e) => e.change?.op === 'delete').map((e) => `${e.object.kind}/${e.object.name}`);

/** A Deployment with a known uid and its ReplicaSet, created by hand (no deployment controller). */
function chain(sim: Sim): { dep: Deployment; rs: ReplicaSet } {
  const dep = { ...deployment('web'), metadata: { ...deployment('web').metadata, uid: 'dep-uid-1' } };
  const rs = replicaSet('web-5d9c7b8f4', 2, dep);
  rs.spec.selector = { matchLabels: { app: 'web' } };
  rs.spec.template.metadata = { labels: { app: 'web' } };
  sim.given(dep, rs);
  sim.tick();
  return { dep: get<Deployment>(sim, 'Deployment', 'web')!, rs: get<ReplicaSet>(sim, 'ReplicaSet', 'web-5d9c7b8f4')! };
}

function del(sim: Sim, obj: KObject, policy?: PropagationPolicy): void {
  sim.when((ctx) => { deleteObject(ctx, ctx.view.getByUid(obj.metadata.uid!)!, {}, policy ? { propagationPolicy: policy } : {}); });
}

describe('GarbageCollector', () => {
  it('background: deleting a bare ReplicaSet deletes its pods (unscheduled at once, scheduled gracefully)', () => {
    const sim = newSim();
    sim.given(replicaSet('web', 3));
    sim.tick();
    const [p0] = pods(sim);
    sim.when((ctx) => { ctx.update(p0!, (d) => { d.spec.nodeName = 'node-1'; }, { type: 'PodBound' }); });
    sim.tick();
    del(sim, get<ReplicaSet>(sim, 'ReplicaSet', 'web')!);
    const events = sim.tick();
    const gc = gcEvents(events);
    expect(gc.map((e) => e.type).sort()).toEqual(['PodDeleted', 'PodDeleted', 'PodDeletionRequested']);
    for (const e of gc) {
      expect(e.note).toBeUndefined();
      expect(e.cause).toBeGreaterThan(0);
    }
    expect(get(sim, 'ReplicaSet', 'web')).toBeUndefined();
    const left = pods(sim);
    expect(left.map((p) => p.metadata.name)).toEqual([p0!.metadata.name]);
    expect(left[0]!.metadata.deletionTimestamp).toBe(sim.engine.clock.at(sim.now - 1 + 30));
    expect(sim.tick(2)).toEqual([]);
  });

  it('background: deleting a Deployment removes its ReplicaSet and their pods in the same tick', () => {
    const sim = newSim();
    const { dep } = chain(sim);
    expect(pods(sim)).toHaveLength(2);
    del(sim, dep);
    const events = sim.tick();
    expect(removed(events)).toEqual(['Deployment/web', 'ReplicaSet/web-5d9c7b8f4', 'Pod/' + events.filter((e) => e.type === 'PodDeleted')[0]!.object.name, 'Pod/' + events.filter((e) => e.type === 'PodDeleted')[1]!.object.name]);
    expect(gcEvents(events).map((e) => e.type)).toEqual(['ReplicaSetDeleted', 'PodDeleted', 'PodDeleted']);
    expect(sim.view.count('Pod') + sim.view.count('ReplicaSet') + sim.view.count('Deployment')).toBe(0);
  });

  it('orphan: the pods stay, without ownerReferences, and the ReplicaSet goes', () => {
    const sim = newSim();
    sim.given(replicaSet('web', 2));
    sim.tick();
    del(sim, get<ReplicaSet>(sim, 'ReplicaSet', 'web')!, 'Orphan');
    const events = sim.tick();
    expect(gcEvents(events).map((e) => e.type)).toEqual(['PodOwnerReferencesRemoved', 'PodOwnerReferencesRemoved', 'ReplicaSetDeleted']);
    expect(get(sim, 'ReplicaSet', 'web')).toBeUndefined();
    expect(pods(sim)).toHaveLength(2);
    for (const p of pods(sim)) expect(p.metadata.ownerReferences).toBeUndefined();
    expect(sim.tick()).toEqual([]);
  });

  it('orphan: deleting a Deployment with orphan keeps the ReplicaSet and its pods', () => {
    const sim = newSim();
    const { dep, rs } = chain(sim);
    del(sim, dep, 'Orphan');
    sim.tick();
    expect(get(sim, 'Deployment', 'web')).toBeUndefined();
    const after = get<ReplicaSet>(sim, 'ReplicaSet', rs.metadata.name)!;
    expect(after.metadata.ownerReferences).toBeUndefined();
    expect(pods(sim)).toHaveLength(2);
    for (const p of pods(sim)) expect(p.metadata.ownerReferences?.[0]?.uid).toBe(rs.metadata.uid);
  });

  it('foreground: pods first, then the ReplicaSet, the Deployment last', () => {
    const sim = newSim();
    const { dep } = chain(sim);
    del(sim, dep, 'Foreground');
    const events = sim.tick();
    const order = removed(events);
    expect(order.slice(0, 2).every((k) => k.startsWith('Pod/'))).toBe(true);
    expect(order.slice(2)).toEqual(['ReplicaSet/web-5d9c7b8f4', 'Deployment/web']);
    expect(gcEvents(events).map((e) => e.type)).toEqual([
      'ReplicaSetDeletionRequested', 'PodDeleted', 'PodDeleted', 'ReplicaSetDeleted', 'DeploymentDeleted',
    ]);
  });

  it('foreground: the owners wait while a pod is Terminating, and go when it is removed', () => {
    const sim = newSim();
    const { dep, rs } = chain(sim);
    const [p0, p1] = pods(sim);
    sim.when((ctx) => { ctx.update(p0!, (d) => { d.spec.nodeName = 'node-1'; }, { type: 'PodBound' }); });
    sim.tick();
    del(sim, dep, 'Foreground');
    let events = sim.tick();
    expect(removed(events)).toEqual([`Pod/${p1!.metadata.name}`]);
    expect(get<Deployment>(sim, 'Deployment', 'web')!.metadata.finalizers).toEqual(['foregroundDeletion']);
    expect(get<ReplicaSet>(sim, 'ReplicaSet', rs.metadata.name)!.metadata.finalizers).toEqual(['foregroundDeletion']);
    expect(get<Pod>(sim, 'Pod', p0!.metadata.name)!.metadata.deletionTimestamp).toBeDefined();
    expect(sim.tick(5)).toEqual([]); // no replacement pods for an RS being deleted
    sim.when((ctx) => { ctx.remove(ctx.view.getByUid(p0!.metadata.uid!)!, { type: 'PodDeleted' }); }); // as the kubelet would
    events = sim.tick();
    expect(removed(events)).toEqual([`Pod/${p0!.metadata.name}`, `ReplicaSet/${rs.metadata.name}`, 'Deployment/web']);
  });

  it('a ReplicaSet deleted and re-created under the same name in one tick: the old pods are collected (property counterexample)', () => {
    const sim = newSim();
    sim.given(replicaSet('a', 2));
    sim.tick();
    const old = pods(sim).map((p) => p.metadata.name);
    sim.when((ctx) => {
      deleteObject(ctx, ctx.view.get('ReplicaSet', 'default', 'a')!, {});
      ctx.create(replicaSet('a', 1), { type: 'ReplicaSetCreated' });
    });
    const events = sim.tick();
    expect(gcEvents(events).map((e) => [e.type, e.object.name]).sort()).toEqual(old.map((n) => ['PodDeleted', n]).sort());
    const fresh = get<ReplicaSet>(sim, 'ReplicaSet', 'a')!;
    expect(pods(sim).map((p) => p.metadata.ownerReferences?.[0]?.uid)).toEqual([fresh.metadata.uid]);
  });

  it('removes only the dangling references of a dependent that still has a live owner', () => {
    const sim = newSim();
    sim.given(replicaSet('a', 0), replicaSet('b', 0));
    sim.tick();
    const a = get<ReplicaSet>(sim, 'ReplicaSet', 'a')!;
    const b = get<ReplicaSet>(sim, 'ReplicaSet', 'b')!;
    const ref = (o: ReplicaSet): NonNullable<Pod['metadata']['ownerReferences']>[number] => ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: o.metadata.name, uid: o.metadata.uid! });
    const pod: Pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'shared', namespace: 'default', labels: { x: 'y' }, ownerReferences: [ref(a), ref(b)] }, spec: { containers: [] }, status: {} };
    sim.given(pod);
    sim.tick();
    del(sim, a);
    const events = sim.tick();
    expect(gcEvents(events).map((e) => [e.type, e.object.name, e.data?.why])).toEqual([['PodOwnerReferencesRemoved', 'shared', 'dangling']]);
    expect(get<Pod>(sim, 'Pod', 'shared')!.metadata.ownerReferences).toEqual([ref(b)]);
  });

  it('collects an object created with an owner that does not exist, and leaves unknown kinds alone', () => {
    const sim = newSim();
    const mk = (name: string, ref: NonNullable<Pod['metadata']['ownerReferences']>[number]): Pod => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', labels: { x: name }, ownerReferences: [ref] }, spec: { containers: [] }, status: {} });
    sim.given(
      mk('ghost-owned', { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'gone', uid: 'no-such-uid' }),
      mk('job-owned', { apiVersion: 'batch/v1', kind: 'Job', name: 'j', uid: 'job-uid' }),
    );
    const events = sim.tick();
    expect(gcEvents(events).map((e) => [e.type, e.object.name])).toEqual([['PodDeleted', 'ghost-owned']]);
    expect(get(sim, 'Pod', 'job-owned')).toBeDefined();
  });

  it('a wrong name or a namespace mismatch makes a reference dangling (isDangling looks up by name)', () => {
    const sim = newSim();
    sim.given(replicaSet('real', 0));
    sim.tick();
    const real = get<ReplicaSet>(sim, 'ReplicaSet', 'real')!;
    sim.given({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'renamed', uid: real.metadata.uid! }] }, spec: { containers: [] }, status: {} } as Pod);
    const events = sim.tick();
    expect(gcEvents(events).map((e) => e.type)).toEqual(['PodDeleted']);
  });

  it('a resumed run (full resync) emits nothing on a converged cluster, with Terminating pods waiting', () => {
    const sim = newSim();
    const { dep } = chain(sim);
    const [p0] = pods(sim);
    sim.when((ctx) => { ctx.update(p0!, (d) => { d.spec.nodeName = 'node-1'; }, { type: 'PodBound' }); });
    sim.tick();
    del(sim, dep, 'Foreground');
    sim.tick(2);
    const resumed = new Engine({ seed: 1, clock: new Clock(), controllers: [new ReplicaSetController(), new GarbageCollector()], state: sim.engine.state });
    expect(resumed.runTick(sim.now).events).toEqual([]);
  });
});
