// kreplay explain over real runs: the last writer of each part of an object and the chain of
// causes behind it, back to a scenario input or fault.
import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadScenario } from '../scenario/load.js';
import { runScenario } from '../scenario/runner.js';
import { EventStore } from '../store/eventlog.js';
import { keyOf } from '../state/events.js';
import { decisionText, explain, formatExplanation, partOf } from './explain.js';
import { runInfo, seek, tickRow } from './seek.js';
import { tempDir } from '../../test/helpers.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

function explainAt(db: string, kind: string, namespace: string, name: string, tick?: number) {
  const store = EventStore.open(db, { readonly: true });
  try {
    const info = runInfo(store);
    const t = tick ?? info.lastTick;
    const row = tickRow(store, t, info);
    const object = seek(store, t, info).state.get(kind as never, namespace, name);
    const history = [...store.eventsOfObject(keyOf(kind, namespace, name), row.lastSeq)];
    return explain({ ref: { kind, namespace, name }, tick: t, object, history, lookup: (seq) => store.event(seq) });
  } finally {
    store.close();
  }
}

describe('partOf', () => {
  it('groups patch paths into the parts of an object, ignoring bookkeeping', () => {
    expect(partOf('/spec/replicas')).toBe('spec.replicas');
    expect(partOf('/spec/template/spec/containers/0/image')).toBe('spec.template');
    expect(partOf('/status')).toBe('status');
    expect(partOf('/status/conditions/1/status')).toBe('status.conditions');
    expect(partOf('/metadata/deletionTimestamp')).toBe('deletion');
    expect(partOf('/metadata/resourceVersion')).toBeUndefined();
    expect(partOf('/sim/kubelet')).toBeUndefined();
  });
});

describe('explain on the node-failure scenario', () => {
  const db = join(tmp.dir, 'node-failure.db');
  runScenario(loadScenario(join(__dirname, '../../scenarios/node-failure.yaml')), { db });

  it('traces a pod evicted from the failed node back to the kubelet stopping (a fault)', () => {
    const store = EventStore.open(db, { readonly: true });
    const evicted = [...store.events()].find((e) => e.type === 'PodEvictedByTaintManager')!;
    store.close();
    expect(evicted).toBeDefined();
    const x = explainAt(db, 'Pod', 'default', evicted.object.name, evicted.tick);
    const deletion = x.reasons.find((r) => r.parts.includes('deletion'))!;
    expect(deletion.event.actor).toBe('taint-eviction-controller');
    expect(deletion.origin).toBe('fault');
    const types = deletion.chain.map((c) => c.type);
    // the eviction timer was set when the pod was marked NotReady on the Unknown node, which the
    // kubelet's stop caused; the chain ends at the scenario step that stopped it
    expect(types.slice(-3)).toEqual(['NodeStatusUnknownMarked', 'NodeKubeletStopped', 'ScenarioStepRun']);
    const text = formatExplanation(x);
    expect(text).toContain('deletion');
    expect(text).toContain('NodeKubeletStopped');
    expect(text).toContain('← … (as above)');
  });

  it('tells the replica history of a Deployment and that a removed object is gone', () => {
    const d = explainAt(db, 'Deployment', 'default', 'web');
    expect(d.exists).toBe(true);
    expect(d.scaling.map((s) => s.text)).toEqual([expect.stringMatching(/^created with 3 replicas/)]);
    const rolled = join(tmp.dir, 'rolling-update.db');
    runScenario(loadScenario(join(__dirname, '../../scenarios/rolling-update.yaml')), { db: rolled });
    const store = EventStore.open(rolled, { readonly: true });
    const removed = [...store.events()].find((e) => e.object.kind === 'Pod' && e.change?.op === 'delete')!;
    store.close();
    const p = explainAt(rolled, 'Pod', 'default', removed.object.name);
    expect(p.exists).toBe(false);
    expect(p.removed?.seq).toBe(removed.seq);
    expect(formatExplanation(p)).toMatch(/: removed at \d/);
  });
});

describe('decisionText (HPA decisions in words)', () => {
  it('says what the metric was, what it proposed and what limited the change', () => {
    expect(decisionText({
      current: 4, metrics: [{ metric: 'cpu resource utilization (percentage of request)', current: '140%', target: '50%', proposal: 12, ready: 4, unready: 0, missing: 0, ignored: 0 }],
      proposal: 12, stabilized: 12, desired: 8, reason: 'ScaleUpLimit', limitedBy: 'Pods 4 per 60s',
    }, 4, 8)).toBe('scaled 4 → 8 because cpu resource utilization (percentage of request) was 140% of 50% over 4 ready pods → 12; limited by Pods 4 per 60s to 8 (ScaleUpLimit)');
  });

  it('names unready pods and pods without metrics, the stabilization window, and out-of-range rules', () => {
    expect(decisionText({
      current: 10, metrics: [{ metric: 'cpu resource utilization (percentage of request)', current: '93%', target: '50%', proposal: 15, ready: 8, unready: 5, missing: 1 }],
      proposal: 15, stabilized: 15, desired: 15, reason: 'DesiredWithinRange',
    }, 10, 15)).toBe('scaled 10 → 15 because cpu resource utilization (percentage of request) was 93% of 50% over 8 ready pods (5 unready, 1 without metrics) → 15');
    expect(decisionText({ current: 5, metrics: [], proposal: 1, stabilized: 3, desired: 3, reason: 'ScaleDownStabilized' }, 5, 3))
      .toBe('scaled 5 → 3; the stabilization window held it at 3 (of proposal 1) (ScaleDownStabilized)');
    expect(decisionText({ current: 12, metrics: [], proposal: 10, rule: 'Current number of replicas above Spec.MaxReplicas', stabilized: 10, desired: 10, reason: 'TooManyReplicas' }, 12, 10))
      .toBe('scaled 12 → 10 because current number of replicas above Spec.MaxReplicas (TooManyReplicas)');
  });
});
