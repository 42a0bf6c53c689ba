// The node lifecycle controller in a whole cluster (the default controllers plus the node status,
// node lifecycle and taint eviction controllers): a node failure from heartbeat to eviction and
// replacement, recovery, NotReady kubelets, condition taints, per-zone rate limits, partial and
// full disruption, master disruption mode, registration, and resume/resync equivalence.
import { describe, expect, it } from 'vitest';
import { defaultControllerManagerSettings } from '../../api/kubeletconfig.js';
import type { ControllerManagerSettings, Node } from '../../api/types.js';
import { Engine } from '../../engine/engine.js';
import { Sim } from '../../engine/testing.js';
import { runKubectl } from '../../kubectl/index.js';
import { buildNode } from '../../scenario/nodes.js';
import type { Controller } from '../../state/controller.js';
import { deployment } from '../deployment/fixtures.js';
import { readLifecycleRecord } from './record.js';
import { AlwaysResync, allControllers, checkResume, NODE_CONTROLLER_NAMES, clock, condition, node, nodeTemplate, notes, podsOn, setKubelet, startKubelet, stopKubelet, taintKeys, untaintNode, type NodeOpts } from './testutil.js';

const workerNode = (name: string, index: number, o: NodeOpts = {}): Node => buildNode(nodeTemplate(name, o), index, '10.244.0.0/16', clock.at(o.at ?? 0));

function cluster(nodes: Node[], replicas = 6, settings?: Partial<ControllerManagerSettings>): Sim {
  const config = settings ? { settings: { podCIDR: '10.244.0.0/16', percentageOfNodesToScore: 0, controllerManager: { ...defaultControllerManagerSettings(), ...settings } } } : undefined;
  const sim = new Sim({ controllers: allControllers(), ...(config ? { config } : {}) });
  sim.given(...nodes);
  if (replicas > 0) sim.given(deployment('web', { replicas, maxSurge: 1 }));
  return sim;
}

const three = (): Node[] => [workerNode('worker-1', 0), workerNode('worker-2', 1), workerNode('worker-3', 2)];
const readyPods = (s: Sim, n: string) => podsOn(s, n).filter((p) => p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')).length;
const noExecuteTaintedAt = (s: Sim, key = 'node.kubernetes.io/unreachable') => s.log
  .filter((e) => e.type === 'NodeTainted' && (e.data?.taints as string[]).includes(`${key}:NoExecute`))
  .map((e) => [e.tick, e.object.name]);

describe('a node whose kubelet stops (defaults: monitor 5 s, grace 40 s, tolerations 300 s)', () => {
  const s = cluster(three());
  s.tick(100);
  stopKubelet(s, 'worker-1');
  s.until(144);
  const before = node(s, 'worker-1');
  const onFailed = podsOn(s, 'worker-1').map((p) => p.metadata.name);
  s.until(145);

  it('stays Ready until the first monitor pass more than 40 s after its last heartbeat', () => {
    expect(condition(before, 'Ready')).toBe('True');
    expect(onFailed.length).toBe(2);
  });

  it('at 145 every health condition goes Unknown, keeping the last heartbeat', () => {
    const n = node(s, 'worker-1');
    for (const type of ['MemoryPressure', 'DiskPressure', 'PIDPressure', 'Ready']) {
      expect(n.status.conditions!.find((c) => c.type === type)).toMatchObject({
        status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.',
        lastHeartbeatTime: clock.at(0), lastTransitionTime: clock.at(145),
      });
    }
    const e = s.log.find((x) => x.note?.reason === 'NodeNotReady' && x.object.kind === 'Node')!;
    expect([e.tick, e.note!.type, e.note!.message, e.note!.source]).toEqual([145, 'Normal', 'Node worker-1 status is now: NodeNotReady', 'node-controller']);
  });

  it('its pods are marked not ready (Warning NodeNotReady "Node is not ready")', () => {
    expect(readyPods(s, 'worker-1')).toBe(0);
    expect(notes(s.log.filter((e) => e.object.kind === 'Pod'), 'NodeNotReady').map(([t, r]) => [t, r])).toEqual([[145, 'NodeNotReady'], [145, 'NodeNotReady']]);
  });

  it('unreachable:NoSchedule at 145 (timeAdded), unreachable:NoExecute at 150 (the pass that observes Unknown)', () => {
    s.until(150);
    expect(node(s, 'worker-1').spec.taints).toEqual([
      { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule', timeAdded: clock.at(145) },
      { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: clock.at(150) },
    ]);
  });

  it('its pods are marked for deletion 300 s after the NoExecute taint, not before, and replaced elsewhere', () => {
    s.until(449);
    expect(s.log.filter((e) => e.note?.reason === 'TaintManagerEviction')).toEqual([]);
    s.until(460);
    const evictions = s.log.filter((e) => e.note?.reason === 'TaintManagerEviction');
    expect(evictions.map((e) => [e.tick, e.note!.message])).toEqual(onFailed.sort().map((n) => [450, `Marking for deletion Pod default/${n}`]));
    for (const name of onFailed) {
      const p = s.view.get('Pod', 'default', name)!;
      expect(p.metadata.deletionTimestamp).toBe(clock.at(480));
      expect(p.status.conditions!.find((c) => c.type === 'DisruptionTarget')).toMatchObject({ status: 'True', reason: 'DeletionByTaintManager' });
    }
    const created = s.log.filter((e) => e.type === 'PodCreated' && e.tick === 450).map((e) => e.object.name);
    expect(created.length).toBe(2);
    const placed = created.map((n) => s.view.get('Pod', 'default', n)!.spec.nodeName);
    expect(placed.every((n) => n === 'worker-2' || n === 'worker-3')).toBe(true);
    expect(s.view.get('Deployment', 'default', 'web')!.status.availableReplicas).toBe(6);
  });

  it('kubectl describe node shows the conditions, taints and events', () => {
    const ctx = s.engine.contextFor('user', -1);
    const out = runKubectl('describe node worker-1', { ctx, cwd: '.', readFile: () => { throw new Error('no files'); }, log: () => s.log }).stdout;
    expect(out).toContain('node.kubernetes.io/unreachable:NoExecute');
    expect(out).toMatch(/Ready\s+Unknown .*NodeStatusUnknown\s+Kubelet stopped posting node status\./);
    expect(out).toMatch(/Normal\s+NodeNotReady\s+.*node-controller\s+Node worker-1 status is now: NodeNotReady/);
    expect(out).toMatch(/Normal\s+RegisteredNode\s+.*node-controller\s+Node worker-1 event: Registered Node worker-1 in Controller/);
  });
});

describe('a node that comes back', () => {
  it('before the tolerations run out: taints removed, evictions cancelled, nothing replaced', () => {
    const s = cluster(three());
    s.tick(100);
    stopKubelet(s, 'worker-1');
    s.until(200);
    startKubelet(s, 'worker-1');
    const events = s.tick(100);
    expect(condition(node(s, 'worker-1'), 'Ready')).toBe('True');
    expect(taintKeys(node(s, 'worker-1'))).toEqual([]);
    // NoSchedule at once (node update); NoExecute at the pass that observes Ready (200 is one)
    expect(events.filter((e) => e.type === 'NodeUntainted').map((e) => [e.tick, e.data!.taints])).toEqual([
      [201, ['node.kubernetes.io/unreachable:NoSchedule']], [205, ['node.kubernetes.io/unreachable:NoExecute']],
    ]);
    expect(notes(events, 'TaintManagerEviction').map(([t]) => t)).toEqual([205, 205]);
    expect(events.filter((e) => e.type === 'PodCreated')).toEqual([]);
    expect(notes(events, 'Starting', 'NodeReady').map(([t, r]) => [t, r])).toEqual([[201, 'Starting'], [201, 'NodeReady']]);
  });

  it('after its pods were evicted: the node is Ready and untainted again', () => {
    const s = cluster(three());
    s.tick(100);
    stopKubelet(s, 'worker-1');
    s.until(500);
    startKubelet(s, 'worker-1');
    s.tick(10);
    expect(condition(node(s, 'worker-1'), 'Ready')).toBe('True');
    expect(taintKeys(node(s, 'worker-1'))).toEqual([]);
    expect(s.view.get('Deployment', 'default', 'web')!.status.availableReplicas).toBe(6);
  });
});

describe('a kubelet that runs but reports NotReady', () => {
  it('not-ready:NoSchedule at once, not-ready:NoExecute at the next pass, pods evicted 300 s later; a stop swaps to unreachable without waiting', () => {
    const s = cluster(three());
    s.tick(102);
    s.when((ctx) => setKubelet(ctx, 'worker-2', { reportReady: false }));
    s.until(105);
    expect(taintKeys(node(s, 'worker-2'))).toEqual(['node.kubernetes.io/not-ready:NoSchedule', 'node.kubernetes.io/not-ready:NoExecute']);
    expect(s.log.filter((e) => e.type === 'NodeTainted').map((e) => e.tick)).toEqual([102, 105]);
    // the kubelet keeps heartbeating: no Unknown, no node-controller NodeNotReady (the kubelet's own instead)
    expect(notes(s.log, 'NodeNotReady').map(([t, , n]) => [t, n])).toEqual([[102, 'worker-2']]);
    expect(s.log.find((e) => e.note?.reason === 'NodeNotReady')!.note!.source).toBe('kubelet');
    stopKubelet(s, 'worker-2');
    s.until(160);
    // stopped at 106 → Unknown at 150 (> 146) → swapped at 155, the pass that observes Unknown, no token needed
    expect(condition(node(s, 'worker-2'), 'Ready')).toBe('Unknown');
    expect(taintKeys(node(s, 'worker-2'))).toEqual(['node.kubernetes.io/unreachable:NoSchedule', 'node.kubernetes.io/unreachable:NoExecute']);
    expect(s.log.filter((e) => e.object.name === 'worker-2' && (e.type === 'NodeTainted' || e.type === 'NodeUntainted')).map((e) => [e.tick, e.type, e.data!.taints])).toEqual([
      [102, 'NodeTainted', ['node.kubernetes.io/not-ready:NoSchedule']],
      [105, 'NodeTainted', ['node.kubernetes.io/not-ready:NoExecute']],
      [150, 'NodeTainted', ['node.kubernetes.io/unreachable:NoSchedule']],
      [150, 'NodeUntainted', ['node.kubernetes.io/not-ready:NoSchedule']],
      [155, 'NodeTainted', ['node.kubernetes.io/unreachable:NoExecute']],
      [155, 'NodeUntainted', ['node.kubernetes.io/not-ready:NoExecute']],
    ]);
    // the pods' timers started with the not-ready taint at 105 are kept across the swap
    s.until(410);
    expect(notes(s.log, 'TaintManagerEviction').map(([t]) => t)).toEqual([405, 405]);
  });
});

describe('condition taints (TaintNodesByCondition)', () => {
  it('cordon adds unschedulable:NoSchedule, uncordon removes it; a pressure condition adds its taint', () => {
    const s = cluster(three(), 0);
    s.tick(3);
    const kubectl = (cmd: string) => s.when((ctx) => { runKubectl(cmd, { ctx, cwd: '.', readFile: () => { throw new Error('no files'); } }); });
    kubectl('cordon worker-3');
    s.tick();
    expect(node(s, 'worker-3').spec.taints).toEqual([{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule', timeAdded: clock.at(3) }]);
    kubectl('uncordon worker-3');
    s.tick();
    expect(node(s, 'worker-3').spec.taints).toBeUndefined();
    s.when((ctx) => {
      const n = ctx.view.get('Node', '', 'worker-1')!;
      ctx.update(n, (d) => { d.status.conditions!.find((c) => c.type === 'MemoryPressure')!.status = 'True'; }, { type: 'Test' });
    });
    s.tick();
    expect(taintKeys(node(s, 'worker-1'))).toEqual(['node.kubernetes.io/memory-pressure:NoSchedule']);
  });

  it('a node registered without a kubelet: NodeStatusNeverUpdated after the 60 s startup grace', () => {
    const bare: Node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'ghost' }, spec: {}, status: {}, sim: { kubelet: { running: false } } };
    const s = cluster([...three(), bare], 0);
    s.until(64);
    expect(condition(node(s, 'ghost'), 'Ready')).toBeUndefined();
    s.tick();
    const n = node(s, 'ghost');
    expect(n.status.conditions!.map((c) => [c.type, c.status, c.reason, c.message, c.lastHeartbeatTime, c.lastTransitionTime])).toEqual(
      ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'].map((t) => [t, 'Unknown', 'NodeStatusNeverUpdated', 'Kubelet never posted node status.', clock.at(0), clock.at(65)]),
    );
    expect(notes(s.log, 'NodeNotReady')).toEqual([]); // it was never Ready
    s.until(70);
    expect(taintKeys(node(s, 'ghost'))).toEqual(['node.kubernetes.io/unreachable:NoSchedule', 'node.kubernetes.io/unreachable:NoExecute']);
  });
});

describe('rate limits and zone states', () => {
  const zone = (name: string, n: number, from: number): Node[] => Array.from({ length: n }, (_, i) => workerNode(`${name}-${i}`, from + i, { zone: name }));

  it('many failing nodes in one zone are tainted one per 10 s (node-eviction-rate 0.1), in name order', () => {
    const s = cluster(zone('a', 10, 0), 0);
    s.tick(100);
    for (const n of ['a-7', 'a-2', 'a-5', 'a-3']) stopKubelet(s, n);
    s.until(200);
    expect(noExecuteTaintedAt(s)).toEqual([[150, 'a-2'], [160, 'a-3'], [170, 'a-5'], [180, 'a-7']]);
    expect(readLifecycleRecord(s.view).zones[':\x00:a']).toEqual({ state: 'Normal', qps: 0.1, readyAt: 190 });
  });

  it('PartialDisruption (more than 2 and ≥ 55 % not ready) in a zone of ≤ 50 nodes stops NoExecute tainting there', () => {
    const s = cluster([...zone('a', 10, 0), ...zone('b', 3, 10)], 0);
    s.tick(100);
    for (const n of ['a-0', 'a-1', 'a-2', 'a-3', 'a-4', 'a-5']) stopKubelet(s, n);
    stopKubelet(s, 'b-0');
    s.until(300);
    expect(noExecuteTaintedAt(s)).toEqual([[150, 'b-0']]);
    expect(node(s, 'a-0').spec.taints!.map((t) => `${t.key}:${t.effect}`)).toEqual(['node.kubernetes.io/unreachable:NoSchedule']);
    expect(s.log.filter((e) => e.type === 'ZoneStatesChanged').map((e) => [e.tick, e.data!.zones])).toEqual([
      [0, { a: 'none → Normal', b: 'none → Normal' }],
      [145, { a: 'Normal → PartialDisruption' }],
    ]);
  });

  it('… and slows to secondary-node-eviction-rate 0.01 in a zone larger than large-cluster-size-threshold', () => {
    const s = cluster(zone('a', 10, 0), 0, { largeClusterSizeThreshold: 5 });
    s.tick(100);
    for (const n of ['a-0', 'a-1', 'a-2', 'a-3', 'a-4', 'a-5']) stopKubelet(s, n);
    s.until(400);
    // the limiter swapped at 145 while full: the first token at once, then one per 100 s
    expect(noExecuteTaintedAt(s)).toEqual([[150, 'a-0'], [250, 'a-1'], [350, 'a-2']]);
  });

  it('a zone in FullDisruption while another zone is healthy is tainted at the normal rate', () => {
    const s = cluster([...zone('a', 3, 0), ...zone('b', 2, 3)], 0);
    s.tick(100);
    for (const n of ['a-0', 'a-1', 'a-2']) stopKubelet(s, n);
    s.until(200);
    expect(noExecuteTaintedAt(s)).toEqual([[150, 'a-0'], [160, 'a-1'], [170, 'a-2']]);
    expect(readLifecycleRecord(s.view).zones[':\x00:a']!.state).toBe('FullDisruption');
  });

  it('every zone fully disrupted: master disruption mode taints nothing NoExecute; leaving it drains the limiter', () => {
    const s = cluster([...zone('a', 2, 0), ...zone('b', 2, 2)]);
    s.tick(100);
    for (const n of ['a-0', 'a-1', 'b-0', 'b-1']) stopKubelet(s, n);
    s.until(400);
    expect(noExecuteTaintedAt(s)).toEqual([]);
    expect(notes(s.log, 'TaintManagerEviction')).toEqual([]);
    expect(Object.values(readLifecycleRecord(s.view).zones).map((z) => [z.state, z.qps])).toEqual([['FullDisruption', 0], ['FullDisruption', 0]]);
    for (const n of ['a-0', 'a-1', 'b-0', 'b-1']) expect(taintKeys(node(s, n))).toEqual(['node.kubernetes.io/unreachable:NoSchedule']);
    startKubelet(s, 'b-1');
    s.until(600);
    // leaving at 405: zone b Normal, zone a FullDisruption, both at 0.1 from drained buckets
    expect(noExecuteTaintedAt(s)).toEqual([[415, 'a-0'], [415, 'b-0'], [425, 'a-1']]);
    expect(readLifecycleRecord(s.view).probeResetTick).toBe(405);
    expect(s.log.filter((e) => e.data?.masterDisruption).map((e) => [e.tick, e.type, e.data!.masterDisruption])).toEqual([[145, 'ZoneStatesChanged', 'entered'], [405, 'ZoneStatesChanged', 'left']]);
  });

  it('a master disruption that starts while NoExecute taints are on removes them, cancelling the evictions', () => {
    const s = cluster([...zone('a', 2, 0)]);
    s.tick(100);
    stopKubelet(s, 'a-0');
    s.until(160);
    expect(taintKeys(node(s, 'a-0'))).toEqual(['node.kubernetes.io/unreachable:NoSchedule', 'node.kubernetes.io/unreachable:NoExecute']);
    stopKubelet(s, 'a-1');
    s.until(210);
    expect(taintKeys(node(s, 'a-0'))).toEqual(['node.kubernetes.io/unreachable:NoSchedule']);
    expect(notes(s.log, 'TaintManagerEviction').map(([t]) => t)).toEqual([205, 205, 205]);
  });

  it('a NoExecute taint removed by hand from a node still not Ready comes back with the next token (deviation: upstream waits for the next pass)', () => {
    const s = cluster(zone('a', 4, 0), 0);
    s.tick(100);
    stopKubelet(s, 'a-1');
    s.until(157);
    untaintNode(s, 'a-1', 'node.kubernetes.io/unreachable');
    s.until(165);
    expect(s.log.filter((e) => e.object.name === 'a-1' && e.type === 'NodeTainted').map((e) => [e.tick, e.data!.taints])).toEqual([
      [145, ['node.kubernetes.io/unreachable:NoSchedule']], [150, ['node.kubernetes.io/unreachable:NoExecute']],
      [158, ['node.kubernetes.io/unreachable:NoSchedule']], [160, ['node.kubernetes.io/unreachable:NoExecute']],
    ]);
  });

  it('nodes labelled node.kubernetes.io/exclude-disruption do not count towards their zone', () => {
    const excluded = (name: string, i: number) => workerNode(name, i, { zone: 'a', labels: { 'node.kubernetes.io/exclude-disruption': '' } });
    const s = cluster([workerNode('a-0', 0, { zone: 'a' }), excluded('x-1', 1), excluded('x-2', 2)], 0);
    s.tick(100);
    stopKubelet(s, 'a-0');
    s.until(160);
    // only a-0 counts: zone a is FullDisruption and the only zone → master disruption mode
    expect(readLifecycleRecord(s.view).zones[':\x00:a']!.state).toBe('FullDisruption');
    expect(noExecuteTaintedAt(s)).toEqual([]);
  });

  it('a zone of excluded nodes only has no state; its nodes are still tainted at the normal rate', () => {
    const excluded = (name: string, i: number) => workerNode(name, i, { zone: 'x', labels: { 'node.kubernetes.io/exclude-disruption': '' } });
    const s = cluster([workerNode('a-0', 0, { zone: 'a' }), excluded('x-1', 1), excluded('x-2', 2)], 0);
    s.tick(100);
    stopKubelet(s, 'x-1');
    stopKubelet(s, 'x-2');
    s.until(200);
    expect(noExecuteTaintedAt(s)).toEqual([[150, 'x-1'], [160, 'x-2']]);
    expect(readLifecycleRecord(s.view).zones[':\x00:x']!.state).toBeUndefined();
    // the record is written when tokens are taken, not at every pass
    expect(s.log.filter((e) => e.object.kind === 'SimConfig' && e.tick > 0).map((e) => e.tick)).toEqual([150, 160]);
  });
});

describe('registration', () => {
  it('RegisteredNode at the first pass after a node appears; RemovingNode when it goes', () => {
    const s = cluster(three(), 0);
    s.tick(12);
    s.given(workerNode('worker-4', 3, { at: 12 }));
    s.tick(5);
    s.when((ctx) => { ctx.remove(ctx.view.get('Node', '', 'worker-2')!, { type: 'NodeDeleted' }); });
    s.tick();
    expect(notes(s.log, 'RegisteredNode', 'RemovingNode')).toEqual([
      [0, 'RegisteredNode', 'worker-1'], [0, 'RegisteredNode', 'worker-2'], [0, 'RegisteredNode', 'worker-3'],
      [15, 'RegisteredNode', 'worker-4'], [17, 'RemovingNode', 'worker-2'],
    ]);
    expect(s.log.find((e) => e.note?.reason === 'RemovingNode')!.note!.message).toBe('Node worker-2 event: Removing Node worker-2 from Controller');
  });
});

describe('determinism', () => {
  function scenario(s: Sim): void {
    s.given(workerNode('a-0', 0, { zone: 'a' }), workerNode('a-1', 1, { zone: 'a' }), workerNode('a-2', 2, { zone: 'a' }), workerNode('a-3', 3, { zone: 'a' }),
      workerNode('b-0', 4, { zone: 'b' }), workerNode('b-1', 5, { zone: 'b' }), deployment('web', { replicas: 8, maxSurge: 1 }));
    s.tick(30);
    s.when((ctx) => setKubelet(ctx, 'b-0', { reportReady: false }));
    s.when((ctx) => setKubelet(ctx, 'b-1', { reportReady: false }));
    s.tick(3);
    stopKubelet(s, 'b-1');
    s.tick(10);
    stopKubelet(s, 'a-1');
    stopKubelet(s, 'a-2');
    s.tick(40);
    stopKubelet(s, 'a-3');
    s.tick(14);
    // a hand removal between passes: the NoSchedule taint comes back at once, the NoExecute one with the next token
    untaintNode(s, 'a-1', 'node.kubernetes.io/unreachable');
    s.tick(46);
    startKubelet(s, 'a-2');
    s.when((ctx) => setKubelet(ctx, 'b-0', { reportReady: true }));
    s.tick(300);
  }
  it('a full resync at every tick emits exactly what targeted runs do', () => {
    const a = new Sim({ controllers: allControllers() });
    const b = new Sim({ controllers: allControllers().map((c): Controller => (NODE_CONTROLLER_NAMES.has(c.name) ? new AlwaysResync(c) : c)) });
    scenario(a); scenario(b);
    expect(b.log.map((e) => JSON.stringify(e))).toEqual(a.log.map((e) => JSON.stringify(e)));
    expect(notes(a.log, 'TaintManagerEviction').length).toBeGreaterThan(0);
  });

  it('a run resumed from the folded log continues exactly like the uninterrupted one', () => {
    const full = new Sim({ controllers: allControllers() });
    scenario(full);
    checkResume(full, allControllers, (state, controllers) => new Engine({ seed: 1, clock, controllers, state }), [1, 31, 34, 44, 76, 81, 86, 87, 88, 91, 97, 98, 100, 131, 133, 134, 135, 140, 144, 150, 300, 388]);
  });
});
