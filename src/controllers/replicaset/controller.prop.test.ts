// Properties of the ReplicaSet controller with the garbage collector under random user actions
// (scale, delete pods, bind pods, make pods ready, relabel pods, delete ReplicaSets with a policy).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Pod, ReplicaSet } from '../../api/types.js';
import { controllerRef, isPodActive } from '../../api/podutil.js';
import { Clock } from '../../api/time.js';
import { Engine } from '../../engine/engine.js';
import { Sim } from '../../engine/testing.js';
import { deleteObject, type PropagationPolicy } from '../../state/apiserver.js';
import type { Ctx } from '../../state/controller.js';
import { GarbageCollector } from '../garbage-collector/index.js';
import { ReplicaSetController } from './index.js';

const NAMES = ['a', 'b', 'c'] as const;

function replicaSet(name: string, replicas: number): ReplicaSet {
  return {
    apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name, namespace: 'default' },
    spec: { replicas, minReadySeconds: 2, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'x' }] } } },
    status: { replicas: 0 },
  };
}

type Action =
  | { op: 'scale'; rs: number; to: number }
  | { op: 'deletePod'; pick: number }
  | { op: 'bind'; pick: number }
  | { op: 'ready'; pick: number }
  | { op: 'relabel'; pick: number; rs: number }
  | { op: 'deleteRS'; rs: number; policy: PropagationPolicy }
  | { op: 'recreate'; rs: number; replicas: number }
  | { op: 'idle' };

const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ op: fc.constant('scale' as const), rs: fc.nat(2), to: fc.nat(6) }),
  fc.record({ op: fc.constant('deletePod' as const), pick: fc.nat(50) }),
  fc.record({ op: fc.constant('bind' as const), pick: fc.nat(50) }),
  fc.record({ op: fc.constant('ready' as const), pick: fc.nat(50) }),
  fc.record({ op: fc.constant('relabel' as const), pick: fc.nat(50), rs: fc.nat(2) }),
  fc.record({ op: fc.constant('deleteRS' as const), rs: fc.nat(2), policy: fc.constantFrom<PropagationPolicy>('Background', 'Foreground', 'Orphan') }),
  fc.record({ op: fc.constant('recreate' as const), rs: fc.nat(2), replicas: fc.nat(5) }),
  fc.constant({ op: 'idle' as const }),
);

function apply(ctx: Ctx, a: Action): void {
  const pods = ctx.view.list('Pod', 'default');
  const pick = (n: number): Pod | undefined => pods[n % Math.max(1, pods.length)];
  const rs = (i: number): ReplicaSet | undefined => ctx.view.get('ReplicaSet', 'default', NAMES[i]!);
  switch (a.op) {
    case 'scale': { const r = rs(a.rs); if (r) ctx.update(r, (d) => { d.spec.replicas = a.to; }, { type: 'ReplicaSetScaled' }); return; }
    case 'deletePod': { const p = pick(a.pick); if (p) deleteObject(ctx, p, {}); return; }
    case 'bind': { const p = pick(a.pick); if (p && !p.spec.nodeName) ctx.update(p, (d) => { d.spec.nodeName = 'n1'; }, { type: 'PodBound' }); return; }
    case 'ready': {
      const p = pick(a.pick);
      if (p?.spec.nodeName && isPodActive(p)) ctx.update(p, (d) => { d.status.phase = 'Running'; d.status.conditions = [{ type: 'Ready', status: 'True', lastTransitionTime: ctx.now() }]; }, { type: 'PodReady' });
      return;
    }
    case 'relabel': { const p = pick(a.pick); if (p) ctx.update(p, (d) => { d.metadata.labels = { app: NAMES[a.rs]! }; }, { type: 'PodLabeled' }); return; }
    case 'deleteRS': { const r = rs(a.rs); if (r) deleteObject(ctx, r, {}, { propagationPolicy: a.policy }); return; }
    case 'recreate': { if (!rs(a.rs)) ctx.create(replicaSet(NAMES[a.rs]!, a.replicas), { type: 'ReplicaSetCreated' }); return; }
    case 'idle': return;
  }
}

/** The invariants that hold at the end of every tick. */
function check(sim: Sim): void {
  const view = sim.view;
  for (const rs of view.list('ReplicaSet', 'default')) {
    const uid = rs.metadata.uid!;
    const owned = view.ownedBy(uid, 'Pod').filter((p) => controllerRef(p)?.uid === uid && isPodActive(p));
    if (rs.metadata.deletionTimestamp === undefined) {
      expect(owned.length).toBe(rs.spec.replicas); // converged within the tick
      for (const p of owned) expect(p.metadata.labels?.app).toBe(rs.metadata.name); // stale pods released
    }
    expect(rs.status.replicas).toBe(owned.length);
    expect(rs.status.observedGeneration).toBe(rs.metadata.generation);
    expect(rs.status.availableReplicas ?? 0).toBeLessThanOrEqual(rs.status.readyReplicas ?? 0);
  }
  for (const p of view.list('Pod', 'default')) {
    // no live pod keeps a reference to a ReplicaSet that is gone (the GC removed it or the pod)
    if (p.metadata.deletionTimestamp === undefined) {
      for (const r of p.metadata.ownerReferences ?? []) expect(view.getByUid(r.uid)).toBeDefined();
    }
    // an orphan that a live ReplicaSet selects has been adopted
    if (!controllerRef(p) && isPodActive(p)) {
      const rs = view.get('ReplicaSet', 'default', p.metadata.labels?.app ?? '');
      expect(rs === undefined || rs.metadata.deletionTimestamp !== undefined).toBe(true);
    }
  }
}

describe('ReplicaSet controller + garbage collector under random actions', () => {
  it('converge every tick, and a resumed run agrees with the uninterrupted one', () => {
    fc.assert(fc.property(fc.array(fc.array(action, { maxLength: 3 }), { minLength: 1, maxLength: 12 }), fc.nat(20), (ticks, seed) => {
      const sim = new Sim({ seed, controllers: [new ReplicaSetController(), new GarbageCollector()] });
      sim.given(replicaSet('a', 2), replicaSet('b', 3));
      sim.tick();
      check(sim);
      for (const acts of ticks) {
        sim.when((ctx) => { for (const a of acts) apply(ctx, a); });
        sim.tick();
        check(sim);
      }
      // a resume at the next tick (full resync, no timers) emits what the uninterrupted run emits
      const resumed = new Engine({ seed, clock: new Clock(), controllers: [new ReplicaSetController(), new GarbageCollector()], state: sim.engine.state });
      const fromResume = resumed.runTick(sim.now).events.map((e) => `${e.actor} ${e.type} ${e.object.name}`);
      const uninterrupted = new Sim({ seed, controllers: [new ReplicaSetController(), new GarbageCollector()] });
      uninterrupted.given(replicaSet('a', 2), replicaSet('b', 3));
      uninterrupted.tick();
      for (const acts of ticks) { uninterrupted.when((ctx) => { for (const a of acts) apply(ctx, a); }); uninterrupted.tick(); }
      expect(fromResume).toEqual(uninterrupted.tick().map((e) => `${e.actor} ${e.type} ${e.object.name}`));
    }), { numRuns: 60 });
  });
});
