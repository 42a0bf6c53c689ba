// The NoExecute taint manager against upstream's tables (taint_manager_test.go TestCreatePod,
// TestUpdateNode, TestUpdateNodeWithMultipleTaints; k8s-semantics §4.4) and the derived
// keep-existing-timer case, plus cancellation events, re-evictions and resume equivalence.
import { describe, expect, it } from 'vitest';
import type { Node, Pod, Taint, Toleration } from '../../api/types.js';
import { Engine } from '../../engine/engine.js';
import { Sim } from '../../engine/testing.js';
import { runKubectl } from '../../kubectl/index.js';
import { buildNode } from '../../scenario/nodes.js';
import { deleteObject } from '../../state/apiserver.js';
import type { LogEvent } from '../../state/events.js';
import { deployment } from '../deployment/fixtures.js';
import { AlwaysResync, allControllers, checkResume, clock, nodeTemplate } from '../nodelifecycle/testutil.js';
import { TaintEvictionController } from './index.js';

const taint = (i: number): Taint => ({ key: `testTaint${i}`, value: `test${i}`, effect: 'NoExecute', timeAdded: clock.at(0) });
/** addToleration: seconds < 0 = forever */
const toleration = (i: number, seconds: number): Toleration => ({ key: `testTaint${i}`, value: `test${i}`, effect: 'NoExecute', ...(seconds >= 0 ? { tolerationSeconds: seconds } : {}) });

function testNode(name: string, taints: Taint[] = []): Node {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name }, spec: taints.length ? { taints } : {}, status: {} };
}

function testPod(name: string, nodeName: string | undefined, tolerations: Toleration[] = []): Pod {
  return {
    apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' },
    spec: { containers: [{ name: 'c', image: 'web:1' }], ...(nodeName ? { nodeName } : {}), ...(tolerations.length ? { tolerations } : {}) },
    status: { phase: 'Pending' },
  };
}

function setTaints(s: Sim, node: string, taints: Taint[]): void {
  s.when((ctx) => {
    const n = ctx.view.get('Node', '', node)!;
    ctx.update(n, (d) => { if (taints.length) d.spec.taints = taints; else delete d.spec.taints; }, { type: 'NodeTaintsChanged' });
  });
}

const deleted = (events: readonly LogEvent[], pod = 'pod1') => events.filter((e) => e.object.name === pod && (e.type === 'PodDeletionRequested' || e.type === 'PodDeleted'));
const deletedAt = (events: readonly LogEvent[], pod = 'pod1') => deleted(events, pod).map((e) => e.tick);
const evictionNotes = (events: readonly LogEvent[]) => events.filter((e) => e.note?.reason === 'TaintManagerEviction').map((e) => [e.tick, e.note!.message]);

/** TestCreatePod: the node exists (with its taints) before the pod is bound to it. */
function createPod(nodeTaints: Taint[], pod: Pod, ticks = 20): { sim: Sim; events: LogEvent[] } {
  const sim = new Sim({ controllers: [new TaintEvictionController()] });
  sim.given(testNode('node1', nodeTaints));
  sim.tick();
  sim.given(pod);
  return { sim, events: sim.tick(ticks) };
}

describe('TestCreatePod', () => {
  it('TAINT-CP-1 a pod not scheduled is not deleted', () => {
    expect(deleted(createPod([taint(1)], testPod('pod1', undefined)).events)).toEqual([]);
  });

  it('TAINT-CP-2 a pod on an untainted node is not deleted', () => {
    expect(deleted(createPod([], testPod('pod1', 'node1')).events)).toEqual([]);
  });

  it('TAINT-CP-3 a pod without tolerations on a NoExecute-tainted node is deleted at once', () => {
    const { events } = createPod([taint(1)], testPod('pod1', 'node1'));
    expect(deletedAt(events)).toEqual([1]);
    expect(evictionNotes(events)).toEqual([[1, 'Marking for deletion Pod default/pod1']]);
    expect(events.find((e) => e.note?.reason === 'TaintManagerEviction')!.note!.source).toBe('taint-controller');
  });

  it('TAINT-CP-4 the pod is patched with DisruptionTarget=True DeletionByTaintManager before the DELETE', () => {
    const { sim, events } = createPod([taint(1)], testPod('pod1', 'node1'));
    const mine = events.filter((e) => e.actor === 'taint-eviction-controller').map((e) => e.type);
    expect(mine).toEqual(['PodEvictedByTaintManager', 'PodDeletionRequested']);
    const p = sim.view.get('Pod', 'default', 'pod1')!;
    expect(p.status.conditions).toEqual([{ type: 'DisruptionTarget', status: 'True', lastProbeTime: null, lastTransitionTime: clock.at(1), reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint' }]);
    expect(p.metadata.deletionTimestamp).toBe(clock.at(31)); // the pod's own grace period (30 s)
  });

  it('TAINT-CP-5 a pod tolerating the taint for 100 s is not deleted before then', () => {
    const { events } = createPod([taint(1)], testPod('pod1', 'node1', [toleration(1, 100)]), 120);
    expect(deletedAt(events)).toEqual([101]);
  });

  it('TAINT-CP-6 a pod tolerating the taint forever is not deleted', () => {
    expect(deleted(createPod([taint(1)], testPod('pod1', 'node1', [toleration(1, -1)]), 400).events)).toEqual([]);
  });

  it('TAINT-CP-7 a pod tolerating another taint (forever) is deleted', () => {
    expect(deletedAt(createPod([taint(1)], testPod('pod1', 'node1', [toleration(2, -1)])).events)).toEqual([1]);
  });
});

/** TestUpdateNode: the pod is on the node; the node's taints change at tick 1. */
function updateNode(oldTaints: Taint[], newTaints: Taint[], pod: Pod, ticks = 20): LogEvent[] {
  const sim = new Sim({ controllers: [new TaintEvictionController()] });
  sim.given(testNode('node1', oldTaints), pod);
  sim.tick();
  setTaints(sim, 'node1', newTaints);
  return sim.tick(ticks);
}

describe('TestUpdateNode', () => {
  it('TAINT-UN-1/2 a taint added to the node of a pod without tolerations: patched, then deleted', () => {
    const events = updateNode([], [taint(1)], testPod('pod1', 'node1'));
    expect(deletedAt(events)).toEqual([1]);
    expect(events.filter((e) => e.object.name === 'pod1').map((e) => e.type)).toEqual(['PodEvictedByTaintManager', 'PodDeletionRequested']);
  });

  it('TAINT-UN-3 an added taint tolerated for 100 s: not deleted within the window', () => {
    expect(deleted(updateNode([], [taint(1)], testPod('pod1', 'node1', [toleration(1, 100)]), 99))).toEqual([]);
  });

  it('TAINT-UN-4 taints 1 and 2 added, the pod tolerates only 1: deleted', () => {
    expect(deletedAt(updateNode([], [taint(1), taint(2)], testPod('pod1', 'node1', [toleration(1, -1)])))).toEqual([1]);
  });

  it('TAINT-UN-5 the taint removed while the pod tolerated it briefly: not deleted later', () => {
    const sim = new Sim({ controllers: [new TaintEvictionController()] });
    sim.given(testNode('node1', [taint(1)]), testPod('pod1', 'node1', [toleration(1, 2)]));
    sim.tick();
    setTaints(sim, 'node1', []);
    const events = sim.tick(10);
    expect(deleted(events)).toEqual([]);
    expect(evictionNotes(events)).toEqual([[1, 'Cancelling deletion of Pod default/pod1']]);
  });

  it('TAINT-UN-6 tolerating taint 1 for 1 s and taint 2 for 100 s, both added: deleted after 1 s', () => {
    expect(deletedAt(updateNode([], [taint(1), taint(2)], testPod('pod1', 'node1', [toleration(1, 1), toleration(2, 100)])))).toEqual([2]);
  });
});

describe('TestUpdateNodeWithMultipleTaints', () => {
  it('TAINT-MT-1 tolerating taint 1 forever and taint 2 for 60 s: queued only while both are there, never deleted', () => {
    const sim = new Sim({ controllers: [new TaintEvictionController()] });
    const pod = testPod('pod1', 'node1', [toleration(1, -1), toleration(2, 60)]);
    const scheduled = () => sim.view.get('Pod', 'default', 'pod1')!.sim?.['taint-eviction'];
    sim.given(testNode('node1'), pod);
    sim.tick();
    expect(scheduled()).toBeUndefined(); // no taints: not queued
    setTaints(sim, 'node1', [taint(1)]);
    sim.tick();
    expect(scheduled()).toBeUndefined(); // taint 1 only: not queued
    setTaints(sim, 'node1', [taint(1), taint(2)]);
    sim.tick();
    expect(scheduled()).toEqual({ startTick: 2, fireTick: 62 }); // both: queued
    setTaints(sim, 'node1', [taint(1)]);
    const events = sim.tick(100);
    expect(scheduled()).toBeUndefined(); // back to taint 1: dequeued
    expect(evictionNotes(events)).toEqual([[3, 'Cancelling deletion of Pod default/pod1']]);
    expect(deleted(sim.log)).toEqual([]);
  });
});

describe('the keep-existing-timer rule', () => {
  it('TAINT-DER-1 tolerating taint 2 for 100 s and taint 1 for 1 s: taint 2 at 0, taint 1 at 50 → evicted at 100, not 51', () => {
    const sim = new Sim({ controllers: [new TaintEvictionController()] });
    sim.given(testNode('node1'), testPod('pod1', 'node1', [toleration(1, 1), toleration(2, 100)]));
    setTaints(sim, 'node1', [taint(2)]);
    sim.tick(50);
    setTaints(sim, 'node1', [taint(2), taint(1)]);
    const events = sim.tick(60);
    expect(deletedAt(events)).toEqual([100]);
    expect(sim.view.get('Pod', 'default', 'pod1')!.sim!['taint-eviction']).toEqual({ startTick: 0, fireTick: 100, fired: true });
  });

  it('a taint no longer tolerated cancels the timer (with its event) and evicts at once', () => {
    const sim = new Sim({ controllers: [new TaintEvictionController()] });
    sim.given(testNode('node1', [taint(1)]), testPod('pod1', 'node1', [toleration(1, 100)]));
    sim.tick(10);
    setTaints(sim, 'node1', [taint(1), taint(2)]);
    const events = sim.tick();
    expect(evictionNotes(events)).toEqual([[10, 'Cancelling deletion of Pod default/pod1'], [10, 'Marking for deletion Pod default/pod1']]);
    expect(deletedAt(events)).toEqual([10]);
  });
});

describe('after the eviction (the fired worker stays until cancelled)', () => {
  it('an untolerating terminating pod is marked again on each change of the node\'s NoExecute taints, not otherwise', () => {
    const sim = new Sim({ controllers: [new TaintEvictionController()] });
    sim.given(testNode('node1', [taint(1)]), testPod('pod1', 'node1'));
    sim.tick(5);
    sim.when((ctx) => { const p = ctx.view.get('Pod', 'default', 'pod1')!; ctx.update(p, (d) => { d.metadata.labels = { touched: 'yes' }; }, { type: 'PodLabelled' }); });
    sim.tick(2);
    setTaints(sim, 'node1', [taint(1), taint(3)]);
    sim.tick(2);
    expect(evictionNotes(sim.log)).toEqual([[0, 'Marking for deletion Pod default/pod1'], [7, 'Marking for deletion Pod default/pod1']]);
    // the second DELETE changes nothing: the deadline stays the first one's
    expect(sim.view.get('Pod', 'default', 'pod1')!.metadata.deletionTimestamp).toBe(clock.at(30));
  });

  it('a tolerating pod evicted on time is not scheduled again while it terminates', () => {
    const sim = new Sim({ controllers: [new TaintEvictionController()] });
    sim.given(testNode('node1', [taint(1)]), testPod('pod1', 'node1', [toleration(1, 5), toleration(2, 50)]));
    sim.tick(10);
    setTaints(sim, 'node1', [taint(1), taint(2)]);
    sim.tick(100);
    expect(evictionNotes(sim.log)).toEqual([[5, 'Marking for deletion Pod default/pod1']]);
  });

  it('a pod removed while its eviction is pending: "Cancelling deletion"', () => {
    const sim = new Sim({ controllers: [new TaintEvictionController()] });
    sim.given(testNode('node1', [taint(1)]), testPod('pod1', 'node1', [toleration(1, 100)]));
    sim.tick(3);
    sim.when((ctx) => { deleteObject(ctx, ctx.view.get('Pod', 'default', 'pod1')!, {}, { gracePeriodSeconds: 30 }); });
    expect(evictionNotes(sim.tick())).toEqual([]); // terminating, still there: the worker stays
    sim.when((ctx) => { ctx.remove(ctx.view.get('Pod', 'default', 'pod1')!, { type: 'PodDeleted' }); });
    expect(evictionNotes(sim.tick())).toEqual([[4, 'Cancelling deletion of Pod default/pod1']]);
    expect(sim.tick(200).filter((e) => e.object.name === 'pod1')).toEqual([]);
  });
});

describe('kubectl taint … :NoExecute by hand (seeds T4)', () => {
  function run(removeAt?: number): Sim {
    const sim = new Sim({ controllers: [new TaintEvictionController()] });
    const t: Taint = { key: 'memeda', value: 'hehehe', effect: 'NoExecute' };
    const tol: Toleration = { key: 'memeda', operator: 'Equal', value: 'hehehe', effect: 'NoExecute' };
    sim.given(testNode('knode1'), testNode('knode2'), testPod('pod1', 'knode1'), testPod('pod2', 'knode2', [tol]), testPod('pod22', 'knode2', [{ ...tol, tolerationSeconds: 10 }]));
    sim.tick(5);
    setTaints(sim, 'knode1', [t]);
    setTaints(sim, 'knode2', [t]);
    if (removeAt !== undefined) {
      sim.tick(removeAt);
      setTaints(sim, 'knode1', []);
      setTaints(sim, 'knode2', []);
    }
    sim.until(40);
    return sim;
  }

  it('no toleration: evicted at once; forever: stays; tolerationSeconds 10: evicted 10 s later', () => {
    const sim = run();
    expect([deletedAt(sim.log, 'pod1'), deletedAt(sim.log, 'pod2'), deletedAt(sim.log, 'pod22')]).toEqual([[5], [], [15]]);
  });

  it('removing the taint after 5 s cancels the 10 s eviction', () => {
    const sim = run(5);
    expect([deletedAt(sim.log, 'pod1'), deletedAt(sim.log, 'pod22')]).toEqual([[5], []]);
    expect(sim.log.filter((e) => e.note?.message === 'Cancelling deletion of Pod default/pod22').map((e) => e.tick)).toEqual([10]);
  });

  it('removing the taint at the very tick the toleration runs out cancels it (changes before timers)', () => {
    const sim = run(10);
    expect(deletedAt(sim.log, 'pod22')).toEqual([]);
  });
});

describe('kubectl taint … :NoExecute in a running cluster (all controllers)', () => {
  it('the pods on the node are evicted at once, stopped by their kubelet, replaced on the other nodes; removing the taint lets pods back', () => {
    const sim = new Sim({ controllers: allControllers() });
    sim.given(...[0, 1, 2].map((i) => buildNode(nodeTemplate(`worker-${i + 1}`), i, '10.244.0.0/16', clock.at(0))), deployment('web', { replicas: 3, maxSurge: 1 }));
    sim.tick(20);
    const kubectl = (cmd: string): string[] => {
      const out: string[] = [];
      sim.when((ctx) => { out.push(runKubectl(cmd, { ctx, cwd: '.', readFile: () => { throw new Error('no files'); } }).stdout.trim()); });
      return out;
    };
    const victims = sim.view.podsOnNode('worker-1').map((p) => p.metadata.name);
    expect(victims.length).toBe(1);
    const out = kubectl('taint nodes worker-1 dedicated=db:NoExecute');
    const events = sim.tick(40);
    expect(out).toEqual(['node/worker-1 tainted']);
    expect(evictionNotes(events)).toEqual([[20, `Marking for deletion Pod default/${victims[0]}`]]);
    expect(sim.view.get('Pod', 'default', victims[0]!)).toBeUndefined(); // the kubelet stopped it and it is gone
    expect(sim.view.podsOnNode('worker-1')).toEqual([]);
    expect(sim.view.get('Deployment', 'default', 'web')!.status.availableReplicas).toBe(3);
    kubectl('taint nodes worker-1 dedicated:NoExecute-');
    kubectl('scale deployment web --replicas=6');
    sim.tick(10);
    expect(sim.view.podsOnNode('worker-1').length).toBeGreaterThan(0);
  });
});

describe('determinism', () => {
  function scenario(s: Sim): void {
    s.given(testNode('node1'), testNode('node2', [taint(3)]),
      testPod('a', 'node1'), testPod('b', 'node1', [toleration(1, 20)]), testPod('c', 'node1', [toleration(1, -1), toleration(2, 30)]),
      testPod('d', 'node2', [toleration(3, 15)]), testPod('e', 'node2', [toleration(3, -1)]));
    s.tick(3);
    setTaints(s, 'node1', [taint(1)]);
    s.tick(7);
    setTaints(s, 'node1', [taint(1), taint(2)]);
    s.tick(6);
    setTaints(s, 'node1', [taint(2)]);
    s.tick(9);
    setTaints(s, 'node1', []);
    s.given(testPod('f', 'node2', [toleration(3, 4)]));
    s.tick(40);
  }

  it('a full resync at every tick emits exactly what targeted runs do', () => {
    const a = new Sim({ controllers: [new TaintEvictionController()] });
    const b = new Sim({ controllers: [new AlwaysResync(new TaintEvictionController())] });
    scenario(a); scenario(b);
    expect(b.log.map((e) => JSON.stringify(e))).toEqual(a.log.map((e) => JSON.stringify(e)));
    expect(evictionNotes(a.log).length).toBeGreaterThan(3);
  });

  it('a run resumed from the folded log continues exactly like the uninterrupted one', () => {
    const full = new Sim({ controllers: [new TaintEvictionController()] });
    scenario(full);
    checkResume(full, () => [new TaintEvictionController()], (state, controllers) => new Engine({ seed: 1, clock, controllers, state }), [1, 4, 9, 11, 17, 20, 26, 30, 50]);
  });
});
