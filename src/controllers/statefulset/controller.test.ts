// The StatefulSet controller over the real engine (Sim): ordered and parallel creation, ordered
// scale-down, rolling update with a partition, OnDelete, failed-pod recreation, status, resume (STS-1…7).
import { describe, expect, it } from 'vitest';
import type { Pod, StatefulSet } from '../../api/types.js';
import { Clock } from '../../api/time.js';
import { setObjectDefaults } from '../../api/defaults.js';
import { Engine } from '../../engine/engine.js';
import { Sim } from '../../engine/testing.js';
import type { LogEvent } from '../../state/events.js';
import type { Controller } from '../../state/controller.js';
import { StatefulSetController } from './index.js';
import { revisionName } from './revision.js';

function statefulSet(name: string, replicas: number, o: { parallel?: boolean; partition?: number; onDelete?: boolean; start?: number; minReadySeconds?: number } = {}): StatefulSet {
  const ss: StatefulSet = {
    apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name, namespace: 'default', generation: 1 },
    spec: {
      replicas, serviceName: name, selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'web:1' }] } },
      podManagementPolicy: o.parallel ? 'Parallel' : 'OrderedReady',
      updateStrategy: o.onDelete ? { type: 'OnDelete' } : { type: 'RollingUpdate', rollingUpdate: { partition: o.partition ?? 0 } },
    },
    status: { replicas: 0, availableReplicas: 0 },
  };
  if (o.start !== undefined) ss.spec.ordinals = { start: o.start };
  if (o.minReadySeconds !== undefined) ss.spec.minReadySeconds = o.minReadySeconds;
  return setObjectDefaults(ss);
}

const ofType = (events: LogEvent[], type: string): LogEvent[] => events.filter((e) => e.type === type);
const created = (events: LogEvent[]): string[] => ofType(events, 'PodCreated').map((e) => e.object.name);
const notes = (events: LogEvent[]): string[] => events.filter((e) => e.note).map((e) => `${e.note!.reason}: ${e.note!.message}`);
const pod = (sim: Sim, name: string): Pod | undefined => sim.view.get('Pod', 'default', name);
const sts = (sim: Sim, name = 'web'): StatefulSet => sim.view.get('StatefulSet', 'default', name)!;
const podNames = (sim: Sim, name = 'web'): string[] => sim.view.ownedBy(sts(sim, name).metadata.uid!, 'Pod').map((p) => p.metadata.name).sort();

/** As a kubelet would: scheduled, Running, Ready since now. */
function makeReady(sim: Sim, ...names: string[]): void {
  sim.when((ctx) => {
    for (const n of names) {
      const p = ctx.view.get('Pod', 'default', n)!;
      ctx.update(p, (d) => {
        d.spec.nodeName = 'node-1';
        d.status.phase = 'Running';
        d.status.conditions = [{ type: 'Ready', status: 'True', lastTransitionTime: ctx.now() }];
      }, { type: 'PodReady' });
    }
  });
}

/** As the kubelet at the end of graceful termination: the pod is gone. */
function finishTermination(sim: Sim, ...names: string[]): void {
  sim.when((ctx) => {
    for (const n of names) ctx.remove(ctx.view.get('Pod', 'default', n)!, { type: 'PodRemoved' });
  });
}

function setReplicas(sim: Sim, replicas: number): void {
  sim.when((ctx) => {
    ctx.update(ctx.view.get('StatefulSet', 'default', 'web')!, (d) => {
      d.spec.replicas = replicas;
      d.metadata.generation = (d.metadata.generation ?? 0) + 1;
    }, { type: 'StatefulSetScaled' });
  });
}

function setImage(sim: Sim, image: string): void {
  sim.when((ctx) => {
    ctx.update(ctx.view.get('StatefulSet', 'default', 'web')!, (d) => {
      d.spec.template.spec.containers[0]!.image = image;
      d.metadata.generation = (d.metadata.generation ?? 0) + 1;
    }, { type: 'StatefulSetUpdated' });
  });
}

/** Bring up all `n` pods of an OrderedReady set one by one. */
function bringUp(sim: Sim, n: number, start = 0): void {
  sim.tick();
  for (let i = start; i < start + n; i++) {
    makeReady(sim, `web-${i}`);
    sim.tick();
  }
}

describe('StatefulSetController', () => {
  it('STS-1: OrderedReady creates web-0 only, then each next pod once its predecessors are Running and Ready', () => {
    const sim = new Sim({ controllers: [new StatefulSetController()] });
    sim.given(statefulSet('web', 3));
    const first = sim.tick();
    expect(created(first)).toEqual(['web-0']);
    const set = sts(sim);
    const e = ofType(first, 'PodCreated')[0]!;
    expect(e.actor).toBe('statefulset-controller');
    expect(e.note).toEqual({ type: 'Normal', reason: 'SuccessfulCreate', message: 'create Pod web-0 in StatefulSet web successful', source: 'statefulset-controller', involved: { kind: 'StatefulSet', namespace: 'default', name: 'web', uid: set.metadata.uid } });
    const p = pod(sim, 'web-0')!;
    const revision = revisionName(set);
    expect(revision).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]+$/);
    expect(p.metadata.labels).toEqual({ app: 'web', 'statefulset.kubernetes.io/pod-name': 'web-0', 'apps.kubernetes.io/pod-index': '0', 'controller-revision-hash': revision });
    expect(p.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: set.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    expect(p.spec.hostname).toBe('web-0');
    expect(p.spec.subdomain).toBe('web');
    expect(p.status.phase).toBe('Pending');
    expect(created(sim.tick(3))).toEqual([]); // web-0 not ready: nothing more
    makeReady(sim, 'web-0');
    expect(created(sim.tick())).toEqual(['web-1']);
    makeReady(sim, 'web-1');
    expect(created(sim.tick())).toEqual(['web-2']);
    makeReady(sim, 'web-2');
    sim.tick();
    expect(podNames(sim)).toEqual(['web-0', 'web-1', 'web-2']);
  });

  it('STS-4: web-2 is not created while web-1 is not ready', () => {
    const sim = new Sim({ controllers: [new StatefulSetController()] });
    sim.given(statefulSet('web', 3));
    bringUp(sim, 1);
    expect(podNames(sim)).toEqual(['web-0', 'web-1']);
    expect(created(sim.tick(5))).toEqual([]);
    makeReady(sim, 'web-1');
    expect(created(sim.tick())).toEqual(['web-2']);
  });

  it('STS-2: Parallel creates every missing pod in one sync', () => {
    const sim = new Sim({ controllers: [new StatefulSetController()] });
    sim.given(statefulSet('web', 3, { parallel: true }));
    expect(created(sim.tick())).toEqual(['web-0', 'web-1', 'web-2']);
  });

  it('Parallel deletes every condemned pod in one sync', () => {
    const sim = new Sim({ controllers: [new StatefulSetController()] });
    sim.given(statefulSet('web', 3, { parallel: true }));
    sim.tick();
    setReplicas(sim, 0);
    const events = sim.tick();
    expect(notes(events).filter((n) => n.startsWith('SuccessfulDelete'))).toEqual([
      'SuccessfulDelete: delete Pod web-2 in StatefulSet web successful',
      'SuccessfulDelete: delete Pod web-1 in StatefulSet web successful',
      'SuccessfulDelete: delete Pod web-0 in StatefulSet web successful',
    ]);
  });

  it('STS-3: OrderedReady scale-down removes the highest ordinal first, one at a time, waiting for termination', () => {
    const sim = new Sim({ controllers: [new StatefulSetController()] });
    sim.given(statefulSet('web', 3));
    bringUp(sim, 3);
    setReplicas(sim, 1);
    const events = sim.tick();
    expect(notes(events)).toEqual(['SuccessfulDelete: delete Pod web-2 in StatefulSet web successful']);
    expect(pod(sim, 'web-2')!.metadata.deletionTimestamp).toBeDefined(); // graceful: Terminating
    expect(notes(sim.tick(3))).toEqual([]); // web-1 waits while web-2 terminates
    finishTermination(sim, 'web-2');
    expect(notes(sim.tick())).toEqual(['SuccessfulDelete: delete Pod web-1 in StatefulSet web successful']);
    finishTermination(sim, 'web-1');
    sim.tick();
    expect(podNames(sim)).toEqual(['web-0']);
    expect(sts(sim).status).toMatchObject({ replicas: 1, readyReplicas: 1, currentReplicas: 1, updatedReplicas: 1, availableReplicas: 1 });
  });

  it('OrderedReady scale-down waits while a remaining replica is unhealthy', () => {
    const sim = new Sim({ controllers: [new StatefulSetController()] });
    sim.given(statefulSet('web', 3));
    bringUp(sim, 3);
    setReplicas(sim, 2);
    sim.when((ctx) => {
      ctx.update(ctx.view.get('Pod', 'default', 'web-0')!, (d) => { d.status.conditions = [{ type: 'Ready', status: 'False' }]; }, { type: 'PodNotReady' });
    });
    expect(notes(sim.tick(2))).toEqual([]);
    makeReady(sim, 'web-0');
    expect(notes(sim.tick())).toEqual(['SuccessfulDelete: delete Pod web-2 in StatefulSet web successful']);
  });

  it('STS-5: RollingUpdate with partition 2 replaces web-4, web-3, web-2 in descending order; web-0/1 keep (and are recreated at) the current revision', () => {
    const sim = new Sim({ controllers: [new StatefulSetController()] });
    sim.given(statefulSet('web', 5, { partition: 2 }));
    bringUp(sim, 5);
    const oldRev = sts(sim).status.currentRevision!;
    setImage(sim, 'web:2');
    const newRev = revisionName(setObjectDefaults({ ...sts(sim), spec: { ...sts(sim).spec, template: { ...sts(sim).spec.template, spec: { containers: [{ name: 'c', image: 'web:2' }] } } } }));
    const order: string[] = [];
    for (const target of [4, 3, 2]) {
      const events = sim.tick();
      expect(notes(events)).toContain(`SuccessfulDelete: delete Pod web-${target} in StatefulSet web successful`);
      order.push(`web-${target}`);
      finishTermination(sim, `web-${target}`);
      expect(created(sim.tick())).toEqual([`web-${target}`]);
      expect(pod(sim, `web-${target}`)!.metadata.labels!['controller-revision-hash']).toBe(newRev);
      expect(pod(sim, `web-${target}`)!.spec.containers[0]!.image).toBe('web:2');
      makeReady(sim, `web-${target}`);
    }
    expect(order).toEqual(['web-4', 'web-3', 'web-2']);
    expect(notes(sim.tick(3))).toEqual([]); // partition: web-0 and web-1 stay
    expect(pod(sim, 'web-1')!.metadata.labels!['controller-revision-hash']).toBe(oldRev);
    expect(sts(sim).status).toMatchObject({ replicas: 5, currentReplicas: 2, updatedReplicas: 3, currentRevision: oldRev, updateRevision: newRev });
    // a pod below the partition is recreated at the current revision, with the current template
    sim.when((ctx) => ctx.remove(ctx.view.get('Pod', 'default', 'web-1')!, { type: 'PodRemoved' }));
    expect(created(sim.tick())).toEqual(['web-1']);
    expect(pod(sim, 'web-1')!.metadata.labels!['controller-revision-hash']).toBe(oldRev);
    expect(pod(sim, 'web-1')!.spec.containers[0]!.image).toBe('web:1');
  });

  it('RollingUpdate without a partition completes: the update revision becomes the current one', () => {
    const sim = new Sim({ controllers: [new StatefulSetController()] });
    sim.given(statefulSet('web', 2));
    bringUp(sim, 2);
    setImage(sim, 'web:2');
    for (const target of [1, 0]) {
      sim.tick();
      finishTermination(sim, `web-${target}`);
      sim.tick();
      makeReady(sim, `web-${target}`);
    }
    sim.tick();
    const s = sts(sim).status;
    expect(s.currentRevision).toBe(s.updateRevision);
    expect(s).toMatchObject({ replicas: 2, readyReplicas: 2, currentReplicas: 2, updatedReplicas: 2, observedGeneration: 2 });
  });

  it('OnDelete: a template change deletes nothing; a deleted pod comes back at the update revision', () => {
    const sim = new Sim({ controllers: [new StatefulSetController()] });
    sim.given(statefulSet('web', 2, { onDelete: true }));
    bringUp(sim, 2);
    setImage(sim, 'web:2');
    expect(notes(sim.tick(3))).toEqual([]);
    sim.when((ctx) => ctx.remove(ctx.view.get('Pod', 'default', 'web-1')!, { type: 'PodRemoved' }));
    expect(created(sim.tick())).toEqual(['web-1']);
    expect(pod(sim, 'web-1')!.spec.containers[0]!.image).toBe('web:2');
    expect(pod(sim, 'web-0')!.spec.containers[0]!.image).toBe('web:1');
  });

  it('STS-6: a Failed pod is deleted and recreated with the same name', () => {
    const sim = new Sim({ controllers: [new StatefulSetController()] });
    sim.given(statefulSet('web', 2));
    bringUp(sim, 2);
    const oldUid = pod(sim, 'web-1')!.metadata.uid;
    sim.when((ctx) => {
      ctx.update(ctx.view.get('Pod', 'default', 'web-1')!, (d) => { d.status.phase = 'Failed'; d.status.conditions = []; }, { type: 'PodFailed' });
    });
    const events = sim.tick();
    expect(notes(events)).toEqual([
      'RecreatingFailedPod: StatefulSet default/web is recreating failed Pod web-1',
      'SuccessfulDelete: delete Pod web-1 in StatefulSet web successful',
      'SuccessfulCreate: create Pod web-1 in StatefulSet web successful',
    ]);
    expect(pod(sim, 'web-1')!.metadata.uid).not.toBe(oldUid);
    expect(pod(sim, 'web-1')!.status.phase).toBe('Pending');
  });

  it('STS-7: ordinals.start 5 with 2 replicas → web-5, web-6', () => {
    const sim = new Sim({ controllers: [new StatefulSetController()] });
    sim.given(statefulSet('web', 2, { start: 5 }));
    bringUp(sim, 2, 5);
    expect(podNames(sim)).toEqual(['web-5', 'web-6']);
    expect(pod(sim, 'web-6')!.metadata.labels!['apps.kubernetes.io/pod-index']).toBe('6');
  });

  it('reports status: counts, revisions, observedGeneration, collisionCount; availability waits minReadySeconds', () => {
    const sim = new Sim({ controllers: [new StatefulSetController()] });
    sim.given(statefulSet('web', 2, { parallel: true, minReadySeconds: 10 }));
    sim.tick();
    const rev = revisionName(sts(sim));
    expect(sts(sim).status).toEqual({ replicas: 2, currentReplicas: 2, updatedReplicas: 2, currentRevision: rev, updateRevision: rev, collisionCount: 0, availableReplicas: 0, observedGeneration: 1 });
    makeReady(sim, 'web-0', 'web-1');
    sim.tick();
    expect(sts(sim).status).toMatchObject({ readyReplicas: 2, availableReplicas: 0 });
    sim.tick(10);
    expect(sts(sim).status).toMatchObject({ readyReplicas: 2, availableReplicas: 0 }); // ready 10 s: not strictly more
    sim.tick();
    expect(sts(sim).status).toMatchObject({ readyReplicas: 2, availableReplicas: 2 });
  });

  it('minReadySeconds holds OrderedReady creation until the predecessor is available', () => {
    const sim = new Sim({ controllers: [new StatefulSetController()] });
    sim.given(statefulSet('web', 2, { minReadySeconds: 5 }));
    sim.tick();
    makeReady(sim, 'web-0');
    const ready = sim.now;
    const ticks: number[] = [];
    for (let i = 0; i < 8; i++) {
      const t = sim.now;
      if (created(sim.tick()).includes('web-1')) ticks.push(t);
    }
    expect(ticks).toEqual([ready + 6]); // available strictly after 5 s
  });

  it('creates at most spec.replicas pods a second: a pod removed as soon as it is created is replaced at the next second', () => {
    const reaper: Controller = {
      name: 'reaper',
      watches: ['Pod'],
      reconcile(ctx, work) {
        for (const item of [...work.items].sort((a, b) => (a.key < b.key ? -1 : 1))) {
          const p = ctx.view.get('Pod', 'default', item.obj.metadata.name);
          if (p && !item.deleted) ctx.remove(p, { type: 'PodRemoved' });
        }
      },
    };
    const sim = new Sim({ controllers: [new StatefulSetController(), reaper] });
    sim.given(statefulSet('web', 2, { parallel: true }));
    expect([0, 1, 2].map(() => created(sim.tick()).length)).toEqual([2, 2, 2]);
  });

  it('a resumed run (full resync over the same state) emits nothing an uninterrupted run would not', () => {
    const sim = new Sim({ controllers: [new StatefulSetController()] });
    sim.given(statefulSet('web', 3, { partition: 1 }));
    bringUp(sim, 3);
    const resume = (): LogEvent[] => new Engine({ seed: 1, clock: new Clock(), controllers: [new StatefulSetController()], state: sim.engine.state }).runTick(sim.now).events;
    expect(resume()).toEqual([]);
    // mid-rollout: web-2 replaced and not ready yet; the set waits in both runs
    setImage(sim, 'web:2');
    sim.tick();
    finishTermination(sim, 'web-2');
    sim.tick();
    expect(resume()).toEqual([]);
    expect(sim.tick()).toEqual([]);
  });
});
