// The Deployment controller in the real engine (Sim), with a stand-in for the ReplicaSet
// controller's status: rollout traces (seeds-000-001 §8.1 R2), revision reuse on rollback,
// pause/resume, Recreate ordering, proportional scaling mid-rollout, deadlines, history, adoption.
import { describe, expect, it } from 'vitest';
import type { Deployment, Pod, ReplicaSet } from '../../api/types.js';
import type { Ctx } from '../../state/controller.js';
import type { LogEvent } from '../../state/events.js';
import { Sim } from '../../engine/testing.js';
import { DeploymentController } from './index.js';
import { FakeReplicaSetStatus, deployment } from './fixtures.js';
import { REVISION_ANNOTATION, REVISION_HISTORY_ANNOTATION, computeHash, getReplicaSetsForDeployment } from './util.js';

const getD = (sim: Sim): Deployment => sim.view.get('Deployment', 'default', 'web')!;
const rsList = (sim: Sim): ReplicaSet[] => getReplicaSetsForDeployment(sim.view, getD(sim)).allRSs;

function setImage(sim: Sim, image: string): void {
  sim.when((ctx) => {
    ctx.update(getD(sim), (d) => { d.spec.template.spec.containers[0]!.image = image; }, { type: 'DeploymentUpdated' });
  });
}

function patch(sim: Sim, f: (d: Deployment) => void): void {
  sim.when((ctx) => { ctx.update(getD(sim), (d) => { f(d as Deployment); }, { type: 'DeploymentUpdated' }); });
}

/** ScalingReplicaSet messages, with RS names replaced by the image their template runs. */
function scalings(sim: Sim, events: readonly LogEvent[]): string[] {
  const images = new Map<string, string>();
  for (const e of sim.log) {
    if (e.type === 'ReplicaSetCreated' && e.change?.op === 'create') {
      const r = e.change.object as ReplicaSet;
      images.set(r.metadata.name, r.spec.template.spec.containers[0]!.image);
    }
  }
  return events.filter((e) => e.note?.reason === 'ScalingReplicaSet').map((e) => e.note!.message.replace(/web-[a-z0-9]+/, (n) => images.get(n) ?? n));
}

function newSim(step = 1, d: Deployment = deployment('web', { replicas: 4, maxSurge: '25%', maxUnavailable: '25%' })): { sim: Sim; fake: FakeReplicaSetStatus } {
  const fake = new FakeReplicaSetStatus(step);
  const sim = new Sim({ controllers: [new DeploymentController(), fake] });
  sim.given(d);
  return { sim, fake };
}

describe('DeploymentController in a Sim', () => {
  it('creates the first RS at full size, named <deployment>-<pod-template-hash>, revision 1', () => {
    const { sim } = newSim(Infinity);
    const events = sim.tick();
    const [r] = rsList(sim);
    expect(r!.metadata.name).toBe(`web-${r!.metadata.labels!['pod-template-hash']}`);
    expect(r!.spec.selector.matchLabels).toEqual({ app: 'web', 'pod-template-hash': r!.metadata.labels!['pod-template-hash'] });
    expect(r!.spec.template.metadata!.labels!['pod-template-hash']).toBe(r!.metadata.labels!['pod-template-hash']);
    expect(r!.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: getD(sim).metadata.uid, controller: true, blockOwnerDeletion: true }]);
    expect(r!.metadata.annotations).toEqual({
      'deployment.kubernetes.io/desired-replicas': '4', 'deployment.kubernetes.io/max-replicas': '5', [REVISION_ANNOTATION]: '1',
    });
    expect(getD(sim).metadata.annotations![REVISION_ANNOTATION]).toBe('1');
    const created = events.find((e) => e.type === 'ReplicaSetCreated')!;
    expect(created.note).toEqual({ type: 'Normal', reason: 'ScalingReplicaSet', source: 'deployment-controller', message: `Scaled up replica set ${r!.metadata.name} to 4`, involved: { kind: 'Deployment', namespace: 'default', name: 'web', uid: getD(sim).metadata.uid } });
    expect(getD(sim).status).toMatchObject({ observedGeneration: 1, replicas: 4, updatedReplicas: 4, readyReplicas: 4, availableReplicas: 4 });
    expect(getD(sim).status.conditions?.map((c) => [c.type, c.status, c.reason])).toEqual([
      ['Available', 'True', 'MinimumReplicasAvailable'], ['Progressing', 'True', 'NewReplicaSetAvailable'],
    ]);
  });

  it('DEP-TRACE R2: 4 replicas at 25%/25% scale new→1, old→3, new→2, then old→2, new→3, old→1, new→4, old→0', () => {
    const { sim } = newSim(1);
    sim.tick(10);
    setImage(sim, 'web:2');
    const first = sim.tick();
    expect(scalings(sim, first)).toEqual([
      'Scaled up replica set web:2 to 1',
      'Scaled down replica set web:1 to 3 from 4',
      'Scaled up replica set web:2 to 2 from 1',
    ]);
    const rest = sim.tick(10);
    expect(scalings(sim, rest)).toEqual([
      'Scaled down replica set web:1 to 2 from 3',
      'Scaled up replica set web:2 to 3 from 2',
      'Scaled down replica set web:1 to 1 from 2',
      'Scaled up replica set web:2 to 4 from 3',
      'Scaled down replica set web:1 to 0 from 1',
    ]);
    const d = getD(sim);
    expect(d.metadata.annotations![REVISION_ANNOTATION]).toBe('2');
    expect(d.status).toMatchObject({ replicas: 4, updatedReplicas: 4, availableReplicas: 4 });
    expect(d.status.conditions?.find((c) => c.type === 'Progressing')?.reason).toBe('NewReplicaSetAvailable');
    // the old RS is kept at 0 as history
    expect(rsList(sim).map((r) => [r.spec.template.spec.containers[0]!.image, r.spec.replicas])).toEqual([['web:1', 0], ['web:2', 4]]);
  });

  it('never exceeds maxSurge nor drops below minAvailable during a rollout', () => {
    const { sim } = newSim(1, deployment('web', { replicas: 10, maxSurge: '25%', maxUnavailable: '25%' }));
    sim.tick(12);
    setImage(sim, 'web:2');
    for (let i = 0; i < 20; i++) {
      sim.tick();
      const rss = rsList(sim);
      expect(rss.reduce((n, r) => n + r.spec.replicas!, 0)).toBeLessThanOrEqual(13);
      expect(rss.reduce((n, r) => n + (r.status.availableReplicas ?? 0), 0)).toBeGreaterThanOrEqual(8);
    }
    expect(rsList(sim).map((r) => r.spec.replicas)).toEqual([0, 10]);
  });

  it('revision reuse on rollback: the old RS becomes the new one with revision max+1 and revision-history', () => {
    const { sim } = newSim(Infinity);
    sim.tick();
    const [v1] = rsList(sim);
    patch(sim, (d) => { d.metadata.annotations = { ...d.metadata.annotations, 'kubernetes.io/change-cause': 'image to web:2' }; d.spec.template.spec.containers[0]!.image = 'web:2'; });
    sim.tick();
    expect(rsList(sim).map((r) => r.metadata.annotations![REVISION_ANNOTATION])).toEqual(['1', '2']);
    expect(rsList(sim)[1]!.metadata.annotations!['kubernetes.io/change-cause']).toBe('image to web:2');
    // kubectl rollout undo: the template goes back to revision 1's
    setImage(sim, 'web:1');
    const events = sim.tick();
    expect(events.filter((e) => e.type === 'ReplicaSetCreated')).toEqual([]);
    const rss = rsList(sim);
    expect(rss).toHaveLength(2);
    const reused = rss.find((r) => r.metadata.uid === v1!.metadata.uid)!;
    expect(reused.metadata.annotations![REVISION_ANNOTATION]).toBe('3');
    expect(reused.metadata.annotations![REVISION_HISTORY_ANNOTATION]).toBe('1');
    expect(reused.spec.replicas).toBe(4);
    expect(getD(sim).metadata.annotations![REVISION_ANNOTATION]).toBe('3');
    expect(rss.map((r) => r.metadata.annotations![REVISION_ANNOTATION]).sort()).toEqual(['2', '3']);
    expect(events.find((e) => e.type === 'NewReplicaSetSynced')?.data).toEqual({ revision: '3', previousRevision: '1' });
  });

  it('pause/resume: template edits while paused make no RS; resume makes exactly one new RS and one revision', () => {
    const { sim } = newSim(Infinity, deployment('web', { replicas: 3, maxSurge: 1, maxUnavailable: 0, progressDeadlineSeconds: 600 }));
    sim.tick(2);
    patch(sim, (d) => { d.spec.paused = true; });
    sim.tick();
    const progressing = () => getD(sim).status.conditions?.find((c) => c.type === 'Progressing');
    expect(progressing()).toMatchObject({ status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused' });
    setImage(sim, 'web:2');
    sim.tick(3);
    setImage(sim, 'web:3');
    const paused = sim.tick(3);
    expect(paused.filter((e) => e.actor === 'deployment-controller' && e.type.startsWith('ReplicaSet'))).toEqual([]);
    expect(rsList(sim)).toHaveLength(1);
    expect(getD(sim).status.updatedReplicas).toBeUndefined();
    expect(getD(sim).metadata.annotations![REVISION_ANNOTATION]).toBe('1');
    patch(sim, (d) => { d.spec.paused = false; });
    const resumed = sim.tick(5);
    expect(resumed.filter((e) => e.type === 'ReplicaSetCreated')).toHaveLength(1);
    expect(resumed.find((e) => e.type === 'DeploymentStatusUpdated' && e.data?.why === 'DeploymentResumed')).toBeDefined();
    expect(rsList(sim).map((r) => [r.spec.template.spec.containers[0]!.image, r.metadata.annotations![REVISION_ANNOTATION], r.spec.replicas])).toEqual([['web:1', '1', 0], ['web:3', '2', 3]]);
    expect(getD(sim).metadata.annotations![REVISION_ANNOTATION]).toBe('2');
    expect(progressing()?.reason).toBe('NewReplicaSetAvailable');
  });

  it('Recreate: old RSs go to 0, and the new RS is created only once no old pod runs', () => {
    const { sim } = newSim(Infinity, deployment('web', { replicas: 2, strategy: 'Recreate' }));
    sim.tick();
    const [old] = rsList(sim);
    const pod = (name: string): Pod => ({
      apiVersion: 'v1', kind: 'Pod',
      metadata: { name, namespace: 'default', labels: { ...old!.spec.template.metadata!.labels }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: old!.metadata.name, uid: old!.metadata.uid!, controller: true }] },
      spec: { containers: [{ name: 'web', image: 'web:1' }], nodeName: 'n1' },
      status: { phase: 'Running' },
    });
    sim.given(pod('web-a'), pod('web-b'));
    sim.tick();
    setImage(sim, 'web:2');
    const down = sim.tick(3);
    expect(scalings(sim, down)).toEqual(['Scaled down replica set web:1 to 0 from 2']);
    expect(rsList(sim)).toHaveLength(1);
    // one pod gone: still waiting
    sim.when((ctx: Ctx) => { ctx.remove(sim.view.get('Pod', 'default', 'web-a')!, { type: 'PodDeleted' }); });
    expect(sim.tick().filter((e) => e.type === 'ReplicaSetCreated')).toEqual([]);
    // the last old pod gone: the pod deletion wakes the Recreate deployment
    sim.when((ctx: Ctx) => { ctx.remove(sim.view.get('Pod', 'default', 'web-b')!, { type: 'PodDeleted' }); });
    const up = sim.tick();
    expect(scalings(sim, up)).toEqual(['Scaled up replica set web:2 to 2']);
    expect(rsList(sim).map((r) => r.spec.replicas)).toEqual([0, 2]);
  });

  it('proportional scaling mid-rollout: a resize spreads replicas + maxSurge over old and new by their max-replicas', () => {
    const { sim, fake } = newSim(Infinity, deployment('web', { replicas: 10, maxSurge: '25%', maxUnavailable: '25%' }));
    sim.tick();
    // the new template's pods never become available: the rollout stalls at new 5, old 8
    fake.brokenImages.add('web:2');
    setImage(sim, 'web:2');
    sim.tick(4);
    expect(rsList(sim).map((r) => r.spec.replicas)).toEqual([8, 5]);
    patch(sim, (d) => { d.spec.replicas = 20; });
    const events = sim.tick();
    // allowed 20 + 5 = 25, toAdd 12: old round(8·25/13) = 15 (+7), new round(5·25/13) = 10 (+5)
    expect(scalings(sim, events)).toEqual(['Scaled up replica set web:1 to 15 from 8', 'Scaled up replica set web:2 to 10 from 5']);
    expect(rsList(sim).map((r) => [r.spec.replicas, r.metadata.annotations!['deployment.kubernetes.io/desired-replicas'], r.metadata.annotations!['deployment.kubernetes.io/max-replicas']])).toEqual([[15, '20', '25'], [10, '20', '25']]);
  });

  it('reports ProgressDeadlineExceeded when the new RS makes no progress past progressDeadlineSeconds', () => {
    const { sim, fake } = newSim(Infinity, deployment('web', { replicas: 2, maxSurge: 1, maxUnavailable: 0, progressDeadlineSeconds: 10 }));
    sim.tick();
    fake.brokenImages.add('web:2');
    setImage(sim, 'web:2');
    sim.tick();
    const p = () => getD(sim).status.conditions!.find((c) => c.type === 'Progressing')!;
    expect(p()).toMatchObject({ status: 'True', reason: 'ReplicaSetUpdated' });
    // the deadline passes strictly after lastUpdateTime + 10 s: the timer wakes the controller then
    const lastUpdateTick = sim.engine.clock.tickOf(p().lastUpdateTime!);
    sim.until(lastUpdateTick + 10);
    expect(p().reason).toBe('ReplicaSetUpdated');
    const events = sim.tick();
    expect(p()).toMatchObject({ status: 'False', reason: 'ProgressDeadlineExceeded' });
    expect(p().message).toMatch(/^ReplicaSet "web-[a-z0-9]+" has timed out progressing\.$/);
    expect(events.some((e) => e.type === 'DeploymentStatusUpdated')).toBe(true);
  });

  it('keeps revisionHistoryLimit old RSs and deletes the lowest revisions', () => {
    const { sim } = newSim(Infinity, deployment('web', { replicas: 1, maxSurge: 1, maxUnavailable: 0, revisionHistoryLimit: 1 }));
    sim.tick();
    for (const image of ['web:2', 'web:3', 'web:4']) {
      setImage(sim, image);
      sim.tick(3);
    }
    const rss = rsList(sim);
    expect(rss.map((r) => [r.spec.template.spec.containers[0]!.image, r.metadata.annotations![REVISION_ANNOTATION]])).toEqual([['web:3', '3'], ['web:4', '4']]);
    expect(sim.log.filter((e) => e.type === 'ReplicaSetDeleted' && e.actor === 'deployment-controller')).toHaveLength(2);
  });

  it('adopts matching orphan RSs and releases owned ones that stopped matching', () => {
    const { sim } = newSim(Infinity);
    sim.tick();
    const [owned] = rsList(sim);
    const orphan: ReplicaSet = {
      apiVersion: 'apps/v1', kind: 'ReplicaSet',
      metadata: { name: 'stray', namespace: 'default', labels: { app: 'web' } },
      spec: { replicas: 0, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'web:0' }] } } },
      status: { replicas: 0 },
    };
    sim.given(orphan);
    const events = sim.tick();
    expect(events.filter((e) => e.type === 'ReplicaSetAdopted').map((e) => e.object.name)).toEqual(['stray']);
    expect(sim.view.get('ReplicaSet', 'default', 'stray')!.metadata.ownerReferences![0]).toMatchObject({ kind: 'Deployment', name: 'web', controller: true });
    sim.when((ctx: Ctx) => { ctx.update(sim.view.get('ReplicaSet', 'default', 'stray')!, (r) => { r.metadata.labels = { app: 'other' }; }, { type: 'ReplicaSetRelabelled' }); });
    const released = sim.tick();
    expect(released.filter((e) => e.type === 'ReplicaSetReleased').map((e) => e.object.name)).toEqual(['stray']);
    expect(sim.view.get('ReplicaSet', 'default', 'stray')!.metadata.ownerReferences).toBeUndefined();
    expect(rsList(sim).map((r) => r.metadata.uid)).toEqual([owned!.metadata.uid]);
  });

  it('a hash collision bumps status.collisionCount and the next name includes it', () => {
    const d = deployment('web', { replicas: 2, maxSurge: 1, maxUnavailable: 0 });
    const taken = `web-${computeHash(d.spec.template)}`;
    const squatter: ReplicaSet = {
      apiVersion: 'apps/v1', kind: 'ReplicaSet',
      metadata: { name: taken, namespace: 'default', labels: { app: 'other' } },
      spec: { replicas: 0, selector: { matchLabels: { app: 'other' } }, template: { metadata: { labels: { app: 'other' } }, spec: { containers: [{ name: 'x', image: 'x' }] } } },
      status: { replicas: 0 },
    };
    const fake = new FakeReplicaSetStatus(Infinity);
    const sim = new Sim({ controllers: [new DeploymentController(), fake] });
    sim.given(squatter, d);
    sim.tick();
    expect(getD(sim).status.collisionCount).toBe(1);
    expect(rsList(sim).map((r) => r.metadata.name)).toEqual([`web-${computeHash(d.spec.template, 1)}`]);
    expect(rsList(sim)[0]!.spec.replicas).toBe(2);
  });

  it('an empty selector only warns SelectingAll and records the generation', () => {
    const d = deployment('web', { replicas: 2 });
    d.spec.selector = {};
    const sim = new Sim({ controllers: [new DeploymentController()] });
    sim.given(d);
    const events = sim.tick(3);
    expect(events.filter((e) => e.note?.reason === 'SelectingAll').map((e) => [e.note!.type, e.note!.message])).toEqual([
      ['Warning', 'This deployment is selecting all pods. A non-empty selector is required.'],
    ]);
    expect(getD(sim).status.observedGeneration).toBe(1);
    expect(sim.view.list('ReplicaSet')).toEqual([]);
  });

  it('a selector that does not match the template labels (rejected by validation) creates nothing', () => {
    const d = deployment('web', { replicas: 2 });
    d.spec.selector = { matchLabels: { app: 'else' } };
    const sim = new Sim({ controllers: [new DeploymentController()] });
    sim.given(d);
    sim.tick(3);
    expect(sim.view.list('ReplicaSet')).toEqual([]);
  });

  it('a scale event resizes the only active RS and writes no new revision', () => {
    const { sim } = newSim(Infinity);
    sim.tick();
    patch(sim, (d) => { d.spec.replicas = 6; });
    const events = sim.tick();
    expect(scalings(sim, events)).toEqual(['Scaled up replica set web:1 to 6 from 4']);
    expect(rsList(sim)).toHaveLength(1);
    expect(getD(sim).metadata.annotations![REVISION_ANNOTATION]).toBe('1');
  });

  it('is converged: a full resync of a settled cluster writes nothing', () => {
    const { sim } = newSim(1);
    sim.tick(10);
    setImage(sim, 'web:2');
    sim.tick(10);
    const before = sim.log.length;
    sim.when((ctx: Ctx) => { new DeploymentController().reconcile(ctx, { all: true, items: [] }); });
    sim.tick();
    expect(sim.log.slice(before)).toEqual([]);
  });

  it('is deterministic: the same inputs give the same event log', () => {
    const run = () => {
      const { sim } = newSim(1);
      sim.tick(6);
      setImage(sim, 'web:2');
      sim.tick(6);
      patch(sim, (d) => { d.spec.replicas = 7; });
      sim.tick(6);
      return sim.log.map((e) => JSON.stringify([e.seq, e.tick, e.type, e.actor, e.cause, e.change, e.data, e.note]));
    };
    expect(run()).toEqual(run());
  });
});
