// The Eviction subresource against pkg/registry/core/pod/storage/eviction_test.go (v1.28):
// TestEviction (EVI-1..8), TestEvictionIgnorePDB (EVI-9..14) and TestEvictionPDBStatus, each case
// under the unhealthyPodEvictionPolicy values upstream runs it with.
import { describe, expect, it } from 'vitest';
import type { Pod, PodCondition, PodDisruptionBudget, PodPhase } from '../api/types.js';
import { Sim } from '../engine/testing.js';
import { evictPod, type EvictionResult, type EvictOptions } from './eviction.js';

type Policy = undefined | 'IfHealthyBudget' | 'AlwaysAllow';
const ALL: Policy[] = [undefined, 'IfHealthyBudget', 'AlwaysAllow'];
const NOT_ALWAYS: Policy[] = [undefined, 'IfHealthyBudget'];
const VIOLATION = "Cannot evict pod as it would violate the pod's disruption budget.";

function pod(name: string, o: { phase?: PodPhase; ready?: boolean; terminating?: boolean; labels?: Record<string, string> } = {}): Pod {
  const conditions: PodCondition[] = o.ready === undefined ? [] : [{ type: 'Ready', status: o.ready ? 'True' : 'False' }];
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, namespace: 'default', labels: o.labels ?? { a: 'true' }, ...(o.terminating ? { deletionTimestamp: '2024-01-01T00:00:00Z', deletionGracePeriodSeconds: 30 } : {}) },
    spec: { nodeName: 'foo', containers: [{ name: 'c', image: 'x' }] },
    status: { ...(o.phase ? { phase: o.phase } : {}), conditions },
  };
}

function pdb(status: Partial<PodDisruptionBudget['status']>, o: { selector?: Record<string, string> | null; policy?: Policy; name?: string } = {}): PodDisruptionBudget {
  const selector = o.selector === null ? {} : { matchLabels: o.selector ?? { a: 'true' } };
  return {
    apiVersion: 'policy/v1', kind: 'PodDisruptionBudget',
    metadata: { name: o.name ?? 'foo', namespace: 'default' },
    spec: { selector, ...(o.policy ? { unhealthyPodEvictionPolicy: o.policy } : {}) },
    status: { observedGeneration: 1, disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0, ...status },
  };
}

/** Create the objects at tick 0, evict at tick 1; the result and the state after. */
function evict(objects: (Pod | PodDisruptionBudget)[], target: string, opts: EvictOptions = {}): { r: EvictionResult; sim: Sim } {
  const sim = new Sim({ controllers: [] });
  sim.given(...objects);
  sim.tick();
  let r: EvictionResult | undefined;
  sim.when((ctx) => { r = evictPod(ctx, { metadata: { name: target, namespace: 'default' } }, opts); });
  sim.tick();
  return { r: r!, sim };
}

const refusal = (cause: string): EvictionResult => ({ ok: false, code: 429, reason: 'TooManyRequests', message: VIOLATION, causes: [{ type: 'DisruptionBudget', message: cause }] });
const grace0: EvictOptions = { gracePeriodSeconds: 0 };

describe('TestEviction', () => {
  const cases: [string, string, PodDisruptionBudget['status'] extends infer S ? Partial<S> : never, { phase?: PodPhase; selector?: Record<string, string> | null }, Policy[], EvictionResult | 'deleted'][] = [
    ['EVI-1 no disruptions allowed, pod running', 't1', { disruptionsAllowed: 0 }, { phase: 'Running' }, NOT_ALWAYS, refusal('The disruption budget foo needs 0 healthy pods and has 0 currently')],
    ['EVI-2 no disruptions allowed, pod pending', 't2', { disruptionsAllowed: 0 }, { phase: 'Pending' }, ALL, 'deleted'],
    ['EVI-3 no disruptions allowed, pod succeeded', 't3', { disruptionsAllowed: 0 }, { phase: 'Succeeded' }, ALL, 'deleted'],
    ['EVI-4 no disruptions allowed, pod failed', 't4', { disruptionsAllowed: 0 }, { phase: 'Failed' }, ALL, 'deleted'],
    ['EVI-5 disruptions allowed', 't5', { disruptionsAllowed: 1 }, {}, ALL, 'deleted'],
    ['EVI-6 non-matching pdb', 't6', { disruptionsAllowed: 0 }, { selector: { b: 'true' } }, ALL, 'deleted'],
    ['EVI-8 no disruptions allowed, pod running, empty selector', 't8', { disruptionsAllowed: 0 }, { phase: 'Running', selector: null }, NOT_ALWAYS,
      refusal('The disruption budget foo needs 0 healthy pods and has 0 currently')],
  ];
  for (const [name, podName, status, o, policies, want] of cases) {
    for (const policy of policies) {
      it(`${name} (${policy ?? 'nil'} policy)`, () => {
        const { r, sim } = evict([pod(podName, o.phase ? { phase: o.phase } : {}), pdb(status, { ...(o.selector !== undefined ? { selector: o.selector } : {}), policy })], podName, grace0);
        if (want === 'deleted') {
          expect(r).toEqual({ ok: true });
          expect(sim.view.get('Pod', 'default', podName)).toBeUndefined();
        } else {
          expect(r).toEqual(want);
          expect(sim.view.get('Pod', 'default', podName)?.metadata.deletionTimestamp).toBeUndefined();
        }
      });
    }
  }

  it('EVI-7 disruptions allowed but the name in the URL differs: 400', () => {
    const { r, sim } = evict([pod('t7'), pdb({ disruptionsAllowed: 1 })], 't7', { ...grace0, name: 't7bad-name' });
    expect(r).toEqual({ ok: false, code: 400, reason: 'BadRequest', message: 'name in URL does not match name in Eviction object' });
    expect(sim.view.get('Pod', 'default', 't7')).toBeDefined();
  });

  it('a pod that does not exist: 404', () => {
    expect(evict([pdb({ disruptionsAllowed: 1 })], 'nope').r).toEqual({ ok: false, code: 404, reason: 'NotFound', message: 'pods "nope" not found' });
  });

  it('a pod matched by two budgets: 500, nothing written', () => {
    const { r, sim } = evict([pod('t', { phase: 'Running', ready: true }), pdb({ disruptionsAllowed: 1 }, { name: 'a' }), pdb({ disruptionsAllowed: 1 }, { name: 'b', selector: null })], 't');
    expect(r).toEqual({ ok: false, code: 500, reason: '', message: 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.' });
    expect(sim.log.filter((e) => e.tick === 1)).toEqual([]);
  });

  it('a budget not observed yet: 429, still being processed', () => {
    const { r } = evict([pod('t', { phase: 'Running', ready: true }), pdb({ disruptionsAllowed: 1, observedGeneration: 0 })], 't');
    expect(r).toEqual(refusal('The disruption budget foo is still being processed by the server.'));
  });

  it('negative disruptionsAllowed and a full disruptedPods map: 403', () => {
    expect(evict([pod('t', { phase: 'Running', ready: true }), pdb({ disruptionsAllowed: -1 })], 't').r)
      .toEqual({ ok: false, code: 403, reason: 'Forbidden', message: 'poddisruptionbudget.policy "foo" is forbidden: pdb disruptions allowed is negative' });
    const disruptedPods = Object.fromEntries(Array.from({ length: 2001 }, (_, i) => [`p${i}`, '2024-01-01T00:00:00Z']));
    expect(evict([pod('t', { phase: 'Running', ready: true }), pdb({ disruptionsAllowed: 1, disruptedPods })], 't').r)
      .toEqual({ ok: false, code: 403, reason: 'Forbidden', message: 'poddisruptionbudget.policy "foo" is forbidden: DisruptedPods map too big - too many evictions not confirmed by PDB controller' });
  });
});

describe('TestEvictionIgnorePDB', () => {
  it.each(ALL)('EVI-9 no disruptions allowed, pod terminating: deleted again (DisruptionTarget added) (%s policy)', (policy) => {
    const { r, sim } = evict([pod('t6', { phase: 'Running', terminating: true }), pdb({ disruptionsAllowed: 0 }, { policy })], 't6', { gracePeriodSeconds: 300 });
    expect(r).toEqual({ ok: true });
    const p = sim.view.get('Pod', 'default', 't6')!;
    expect(p.metadata.deletionTimestamp).toBe('2024-01-01T00:00:00Z'); // a longer grace never extends a deletion
    expect(p.status.conditions?.find((c) => c.type === 'DisruptionTarget')).toEqual({
      type: 'DisruptionTarget', status: 'True', lastProbeTime: null, lastTransitionTime: '2024-01-01T00:00:01Z', reason: 'EvictionByEvictionAPI', message: 'Eviction API: evicting',
    });
  });

  it.each(ALL)('EVI-10 no disruptions allowed, pod running and healthy, the unhealthy pod not ours: 429 (%s policy)', (policy) => {
    const { r } = evict([pod('t7', { phase: 'Running', ready: true }), pdb({ disruptionsAllowed: 0, currentHealthy: 2, desiredHealthy: 2 }, { policy })], 't7', grace0);
    expect(r).toEqual(refusal('The disruption budget foo needs 2 healthy pods and has 2 currently'));
  });

  it.each(ALL)('EVI-11 disruptions allowed, pod healthy: deleted by honouring the budget (%s policy)', (policy) => {
    const { r, sim } = evict([pod('t8', { phase: 'Running', ready: true }), pdb({ disruptionsAllowed: 1, currentHealthy: 3, desiredHealthy: 3 }, { policy })], 't8', grace0);
    expect(r).toEqual({ ok: true });
    expect(sim.view.get('Pod', 'default', 't8')).toBeUndefined();
    const st = sim.view.get('PodDisruptionBudget', 'default', 'foo')!.status;
    expect(st.disruptionsAllowed).toBe(0);
    expect(st.disruptedPods).toEqual({ t8: '2024-01-01T00:00:01Z' });
    expect(st.conditions).toEqual([{ type: 'DisruptionAllowed', status: 'False', observedGeneration: 1, lastTransitionTime: '2024-01-01T00:00:01Z', reason: 'InsufficientPods', message: '' }]);
    expect(sim.log.filter((e) => e.tick === 1).map((e) => e.type)).toEqual(['EvictionAdmitted', 'PodDisruptionTargetSet', 'PodDeleted']);
  });

  it.each(ALL)('EVI-12 no disruptions allowed, pod running but unhealthy, budget met: deleted without decrement (%s policy)', (policy) => {
    const { r, sim } = evict([pod('t8', { phase: 'Running', ready: false }), pdb({ disruptionsAllowed: 0, currentHealthy: 2, desiredHealthy: 2 }, { policy })], 't8', grace0);
    expect(r).toEqual({ ok: true });
    expect(sim.view.get('Pod', 'default', 't8')).toBeUndefined();
    expect(sim.view.get('PodDisruptionBudget', 'default', 'foo')!.status.disruptedPods).toBeUndefined();
  });

  it('EVI-13 no disruptions allowed, pod unhealthy, AlwaysAllow: deleted without the budget check', () => {
    const { r, sim } = evict([pod('t8', { phase: 'Running', ready: false }), pdb({ disruptionsAllowed: 0 }, { policy: 'AlwaysAllow' })], 't8', grace0);
    expect(r).toEqual({ ok: true });
    expect(sim.view.get('Pod', 'default', 't8')).toBeUndefined();
  });

  it.each(NOT_ALWAYS)('EVI-13 counterpart: unhealthy pod, budget not met, %s policy: 429', (policy) => {
    expect(evict([pod('t8', { phase: 'Running', ready: false }), pdb({ disruptionsAllowed: 0 }, { policy })], 't8', grace0).r)
      .toEqual(refusal('The disruption budget foo needs 0 healthy pods and has 0 currently'));
  });

  it('EVI-14 pending pod: one writer, so the delete never conflicts (upstream retries 20 times): deleted at once', () => {
    const { r, sim } = evict([pod('t4', { phase: 'Pending' }), pdb({ disruptionsAllowed: 0 })], 't4', grace0);
    expect(r).toEqual({ ok: true });
    expect(sim.view.get('Pod', 'default', 't4')).toBeUndefined();
  });
});

describe('TestEvictionPDBStatus and graceful deletion', () => {
  it('allowed 3 → 2 keeps SufficientPods; allowed 1 → 0 turns InsufficientPods', () => {
    const cond = { type: 'DisruptionAllowed', status: 'True' as const, observedGeneration: 1, lastTransitionTime: '2024-01-01T00:00:00Z', reason: 'SufficientPods', message: '' };
    const a = evict([pod('foo-1', { phase: 'Running', ready: true }), pdb({ disruptionsAllowed: 3, conditions: [cond] })], 'foo-1').sim.view.get('PodDisruptionBudget', 'default', 'foo')!.status;
    expect([a.disruptionsAllowed, a.conditions![0]!.reason]).toEqual([2, 'SufficientPods']);
    const b = evict([pod('foo-1', { phase: 'Running', ready: true }), pdb({ disruptionsAllowed: 1, conditions: [cond] })], 'foo-1').sim.view.get('PodDisruptionBudget', 'default', 'foo')!.status;
    expect([b.disruptionsAllowed, b.conditions![0]!.reason, b.conditions![0]!.status, b.conditions![0]!.lastTransitionTime]).toEqual([0, 'InsufficientPods', 'False', '2024-01-01T00:00:01Z']);
  });

  it('a running pod is deleted gracefully with its own grace period, or the eviction\'s', () => {
    const own = evict([pod('p', { phase: 'Running', ready: true })], 'p').sim.view.get('Pod', 'default', 'p')!;
    expect([own.metadata.deletionTimestamp, own.metadata.deletionGracePeriodSeconds]).toEqual(['2024-01-01T00:00:31Z', 30]);
    const short = evict([pod('p', { phase: 'Running', ready: true })], 'p', { gracePeriodSeconds: 5 }).sim.view.get('Pod', 'default', 'p')!;
    expect(short.metadata.deletionGracePeriodSeconds).toBe(5);
  });
});
