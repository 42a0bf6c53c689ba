import { describe, expect, it } from 'vitest';
import type { Controller, Ctx, WorkSet } from '../state/controller.js';
import type { KObject, ReplicaSet } from '../api/types.js';
import { ClusterState } from '../state/cluster.js';
import { Sim } from './testing.js';

function rs(name: string, replicas: number): ReplicaSet {
  return {
    apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name, namespace: 'default' },
    spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'x' }] } } },
    status: { replicas: 0 },
  };
}

/** A toy controller: status.replicas follows spec.replicas one step per tick, using a timer. */
class Stepper implements Controller {
  readonly name = 'stepper';
  readonly watches = ['ReplicaSet'] as const;
  runs = 0;
  reconcile(ctx: Ctx, work: WorkSet): void {
    this.runs++;
    const keys = work.all ? ctx.view.list('ReplicaSet').map((r) => `ReplicaSet/${r.metadata.namespace}/${r.metadata.name}`) : work.items.map((i) => i.key);
    for (const key of [...new Set(keys)].sort()) {
      const r = ctx.view.getByKey(key) as ReplicaSet | undefined;
      if (!r) continue;
      const want = r.spec.replicas ?? 1;
      if (r.status.replicas === want) continue;
      if ((r.metadata.annotations?.['last-step'] ?? '') === String(ctx.tick)) { ctx.requeueAfter(key, 1); continue; }
      ctx.update(r, (d) => {
        d.status.replicas += d.status.replicas < want ? 1 : -1;
        d.metadata.annotations = { ...(d.metadata.annotations ?? {}), 'last-step': String(ctx.tick) };
      }, { type: 'ReplicaSetStepped', cause: Number(r.metadata.resourceVersion) });
    }
  }
}

describe('engine', () => {
  it('assigns gap-free seqs, resourceVersions and generations', () => {
    const sim = new Sim({ controllers: [] });
    sim.given(rs('a', 2));
    sim.tick();
    const a = sim.view.get('ReplicaSet', 'default', 'a')!;
    expect(a.metadata.generation).toBe(1);
    expect(sim.log.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(a.metadata.resourceVersion).toBe('3');
    expect(a.metadata.creationTimestamp).toBe('2024-01-01T00:00:00Z');
    sim.when((ctx) => { ctx.update(a, (d) => { d.spec.replicas = 5; }, { type: 'ReplicaSetScaled' }); });
    sim.tick();
    const a2 = sim.view.get('ReplicaSet', 'default', 'a')!;
    expect(a2.metadata.generation).toBe(2);
    expect(a2.metadata.resourceVersion).toBe('4');
    sim.when((ctx) => { ctx.update(a2, (d) => { d.status.replicas = 1; }, { type: 'StatusUpdated' }); });
    sim.tick();
    expect(sim.view.get('ReplicaSet', 'default', 'a')!.metadata.generation).toBe(2);
  });

  it('wakes controllers on changes and timers, and settles within a tick', () => {
    const stepper = new Stepper();
    const sim = new Sim({ controllers: [stepper] });
    sim.given(rs('a', 3));
    sim.tick(5);
    const steps = sim.log.filter((e) => e.type === 'ReplicaSetStepped');
    expect(steps.map((e) => e.tick)).toEqual([0, 1, 2]);
    expect(sim.view.get('ReplicaSet', 'default', 'a')!.status.replicas).toBe(3);
  });

  it('folding the log gives the live state and hash at every tick', () => {
    const sim = new Sim({ controllers: [new Stepper()] });
    sim.given(rs('a', 3), rs('b', 1));
    sim.tick(2);
    sim.when((ctx) => ctx.remove(ctx.view.get('ReplicaSet', 'default', 'b')!, { type: 'ReplicaSetDeleted' }));
    sim.tick(3);
    const fold = new ClusterState();
    let i = 0;
    for (let t = 0; t < sim.hashes.length; t++) {
      for (; i < sim.log.length && sim.log[i]!.tick === t; i++) fold.evolve(JSON.parse(JSON.stringify(sim.log[i])));
      expect(fold.stateHash()).toBe(sim.hashes[t]);
    }
    expect(fold.get('ReplicaSet', 'default', 'b')).toBeUndefined();
    expect(JSON.stringify(fold.get('ReplicaSet', 'default', 'a'))).toBe(JSON.stringify(sim.view.get('ReplicaSet', 'default', 'a')));
  });

  it('is deterministic: same seed, same events; other seed, other ids', () => {
    const run = (seed: number) => {
      const sim = new Sim({ controllers: [new Stepper()], seed });
      sim.given(rs('a', 2));
      sim.tick(3);
      return sim.log;
    };
    expect(JSON.stringify(run(7))).toBe(JSON.stringify(run(7)));
    expect(run(7)[0]!.id).not.toBe(run(8)[0]!.id);
  });

  it('stops a controller fight loudly, naming seed and tick', () => {
    class Fighter implements Controller {
      readonly name = 'fighter';
      readonly watches = ['ReplicaSet'] as const;
      reconcile(ctx: Ctx): void {
        const r = ctx.view.get('ReplicaSet', 'default', 'a');
        if (r) ctx.update(r, (d) => { d.status.replicas += 1; }, { type: 'Fought' });
      }
    }
    const sim = new Sim({ controllers: [new Fighter()], seed: 3 });
    sim.given(rs('a', 1));
    expect(() => sim.tick()).toThrow(/did not settle.*seed 3, tick 0/);
  });

  it('generateName draws seeded suffixes', () => {
    const sim = new Sim({ controllers: [] });
    const made: KObject[] = [];
    sim.when((ctx) => { for (let i = 0; i < 3; i++) made.push(ctx.create({ ...rs('', 1), metadata: { name: '', generateName: 'web-', namespace: 'default' } }, { type: 'ReplicaSetCreated' })); });
    sim.tick();
    for (const o of made) expect(o.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(new Set(made.map((o) => o.metadata.uid)).size).toBe(3);
  });
});
