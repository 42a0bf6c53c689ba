// The listers the disruption controller reads through (pdbLister.GetPodPodDisruptionBudgets,
// podLister.Pods(ns).List(selector)), as per-reconcile indexes over the view so that neither a
// pod nor a budget is matched against everything. Differs: lists come back in name order.
import { compiled, matches } from '../../api/labels.js';
import type { KObject, LabelSelector, Pod, PodDisruptionBudget } from '../../api/types.js';
import type { View } from '../../state/cluster.js';

const byName = (a: KObject, b: KObject): number => (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0);

/** The label pair every object a selector matches must carry (its first matchLabels entry), if any. */
function keyPair(sel: LabelSelector | undefined): string | undefined {
  const keys = Object.keys(sel?.matchLabels ?? {}).sort();
  return keys.length > 0 ? `${keys[0]}\u0000${sel!.matchLabels![keys[0]!]}` : undefined;
}

interface NsBudgets {
  all: PodDisruptionBudget[];
  /** budgets with matchLabels, under their key pair */
  byPair: Map<string, PodDisruptionBudget[]>;
  /** the others (empty selector, expressions only) — always checked */
  rest: PodDisruptionBudget[];
}

/** The budgets of each namespace, listed once per reconcile. */
export class Budgets {
  private byNs: Map<string, NsBudgets> | undefined;
  constructor(private readonly view: View) {}

  private ns(ns: string): NsBudgets | undefined {
    if (!this.byNs) {
      this.byNs = new Map();
      for (const b of this.view.list('PodDisruptionBudget')) {
        const k = b.metadata.namespace ?? '';
        let e = this.byNs.get(k);
        if (!e) this.byNs.set(k, (e = { all: [], byPair: new Map(), rest: [] }));
        e.all.push(b);
        if (!b.spec?.selector) continue; // a missing selector matches no pod
        const pair = keyPair(b.spec.selector);
        if (pair === undefined) e.rest.push(b);
        else {
          let l = e.byPair.get(pair);
          if (!l) e.byPair.set(pair, (l = []));
          l.push(b);
        }
      }
    }
    return this.byNs.get(ns);
  }

  /** Every budget of the namespace. */
  in(ns: string): PodDisruptionBudget[] {
    return this.ns(ns)?.all ?? [];
  }

  /** GetPodPodDisruptionBudgets: the budgets whose selector matches the pod, in name order. */
  matching(pod: Pod): PodDisruptionBudget[] {
    const e = this.ns(pod.metadata.namespace ?? '');
    if (!e) return [];
    const labels = pod.metadata.labels ?? {};
    const out = e.rest.filter((b) => matches(compiled(b.spec.selector), labels));
    for (const k of Object.keys(labels)) {
      for (const b of e.byPair.get(`${k}\u0000${labels[k]}`) ?? []) if (matches(compiled(b.spec.selector), labels)) out.push(b);
    }
    return out.sort(byName);
  }
}

/**
 * The pods of the namespaces whose budgets are synced in this reconcile: one pass over the pods,
 * bucketed by the label pairs the budgets' selectors require.
 */
export class NamespacePods {
  private readonly all = new Map<string, Pod[]>();
  private readonly byPair = new Map<string, Map<string, Pod[]>>();

  constructor(view: View, budgets: readonly PodDisruptionBudget[]) {
    const pairs = new Map<string, Set<string>>();
    for (const b of budgets) {
      const ns = b.metadata.namespace ?? '';
      this.all.set(ns, []);
      this.byPair.set(ns, new Map());
      let set = pairs.get(ns);
      if (!set) pairs.set(ns, (set = new Set()));
      const pair = keyPair(b.spec?.selector);
      if (pair !== undefined) set.add(pair);
    }
    for (const pod of view.list('Pod')) {
      const ns = pod.metadata.namespace ?? '';
      const list = this.all.get(ns);
      if (!list) continue;
      list.push(pod);
      const wanted = pairs.get(ns)!;
      if (wanted.size === 0) continue;
      const labels = pod.metadata.labels ?? {};
      for (const k of Object.keys(labels)) {
        const pair = `${k}\u0000${labels[k]}`;
        if (!wanted.has(pair)) continue;
        const m = this.byPair.get(ns)!;
        let l = m.get(pair);
        if (!l) m.set(pair, (l = []));
        l.push(pod);
      }
    }
  }

  /** podLister.Pods(ns).List(selector) for a budget's (valid) selector, in name order. */
  matching(pdb: PodDisruptionBudget, selector: ReturnType<typeof compiled>): Pod[] {
    const ns = pdb.metadata.namespace ?? '';
    const pair = keyPair(pdb.spec?.selector);
    const candidates = pair === undefined ? this.all.get(ns) ?? [] : this.byPair.get(ns)?.get(pair) ?? [];
    return candidates.filter((p) => matches(selector, p.metadata.labels)).sort(byName);
  }
}
