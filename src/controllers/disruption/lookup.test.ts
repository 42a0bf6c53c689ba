// The per-reconcile indexes answer exactly what a plain scan does (pdbLister.GetPodPodDisruptionBudgets,
// podLister.Pods(ns).List(selector)).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromLabelSelector } from '../../api/labels.js';
import type { LabelSelector, Pod, PodDisruptionBudget } from '../../api/types.js';
import { ClusterState } from '../../state/cluster.js';
import { getPodDisruptionBudgets } from '../../state/eviction.js';
import { Budgets, NamespacePods } from './lookup.js';

const value = fc.constantFrom('a', 'b', 'c');
const labels = fc.dictionary(fc.constantFrom('app', 'tier', 'x'), value, { maxKeys: 3 });
const selector = fc.oneof(
  fc.constant(undefined),
  fc.record({ matchLabels: labels }),
  fc.record({ matchExpressions: fc.array(fc.record({ key: fc.constantFrom('app', 'tier'), operator: fc.constantFrom('In' as const, 'NotIn' as const), values: fc.array(value, { minLength: 1, maxLength: 2 }) }), { maxLength: 2 }) }),
  fc.record({ matchLabels: labels, matchExpressions: fc.constant([{ key: 'x', operator: 'Exists' as const }]) }),
) as fc.Arbitrary<LabelSelector | undefined>;

function state(pods: { ns: string; labels: Record<string, string> }[], pdbs: { ns: string; selector: LabelSelector | undefined }[]): ClusterState {
  const s = new ClusterState({ hashing: false });
  let seq = 0;
  const put = (o: Pod | PodDisruptionBudget): void => s.applyChange(++seq, `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`, { op: 'create', object: o });
  pods.forEach((p, i) => put({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `p${i}`, namespace: p.ns, uid: `p${i}`, labels: p.labels }, spec: { containers: [] }, status: {} }));
  pdbs.forEach((b, i) => put({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: `b${i}`, namespace: b.ns, uid: `b${i}` }, spec: b.selector ? { selector: b.selector } : {}, status: { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 } }));
  return s;
}

describe('lookup indexes', () => {
  it('Budgets.matching and NamespacePods.matching equal a full scan', () => {
    const ns = fc.constantFrom('default', 'other');
    fc.assert(fc.property(
      fc.array(fc.record({ ns, labels }), { maxLength: 25 }),
      fc.array(fc.record({ ns, selector }), { maxLength: 8 }),
      (pods, pdbs) => {
        const s = state(pods, pdbs);
        const budgets = new Budgets(s);
        for (const pod of s.list('Pod')) {
          expect(budgets.matching(pod).map((b) => b.metadata.name)).toEqual(getPodDisruptionBudgets(s, pod).map((b) => b.metadata.name));
        }
        const all = s.list('PodDisruptionBudget');
        const idx = new NamespacePods(s, all);
        for (const b of all) {
          if (!b.spec.selector) continue;
          const sel = fromLabelSelector(b.spec.selector);
          const naive = s.list('Pod', b.metadata.namespace).filter((p) => getPodDisruptionBudgets(s, p).includes(b)).map((p) => p.metadata.name).sort();
          expect(idx.matching(b, sel).map((p) => p.metadata.name)).toEqual(naive);
        }
      },
    ), { numRuns: 200 });
  });
});
