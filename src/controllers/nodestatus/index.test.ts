// The kubelet's own node status: Ready or NotReady as the scenario says, nothing while stopped,
// the start-up events and a fresh post when a stopped kubelet starts again.
import { describe, expect, it } from 'vitest';
import type { Node } from '../../api/types.js';
import { Sim } from '../../engine/testing.js';
import { buildNode } from '../../scenario/nodes.js';
import { clock, condition, node, nodeTemplate, notes, setKubelet, startKubelet, stopKubelet, type NodeOpts } from '../nodelifecycle/testutil.js';
import { KUBELET_NOT_READY_MESSAGE, NodeStatusController } from './index.js';

const workerNode = (name: string, index: number, o: NodeOpts = {}): Node => buildNode(nodeTemplate(name, o), index, '10.244.0.0/16', clock.at(o.at ?? 0));

const ready = (s: Sim, name: string) => node(s, name).status.conditions!.find((c) => c.type === 'Ready')!;

describe('NodeStatusController', () => {
  it('a registered Ready node needs no post: no event at all', () => {
    const s = new Sim({ controllers: [new NodeStatusController()] });
    s.given(workerNode('worker-1', 0));
    const events = s.tick(30);
    expect(events.filter((e) => e.actor === 'kubelet-node-status')).toEqual([]);
  });

  it('reportReady false posts Ready=False KubeletNotReady with NodeNotReady; true again posts NodeReady', () => {
    const s = new Sim({ controllers: [new NodeStatusController()] });
    s.given(workerNode('worker-1', 0));
    s.tick(10);
    s.when((ctx) => setKubelet(ctx, 'worker-1', { reportReady: false }));
    const a = s.tick();
    expect(ready(s, 'worker-1')).toEqual({
      type: 'Ready', status: 'False', lastHeartbeatTime: clock.at(10), lastTransitionTime: clock.at(10),
      reason: 'KubeletNotReady', message: KUBELET_NOT_READY_MESSAGE,
    });
    expect(a.filter((e) => e.note).map((e) => [e.type, e.note!.reason, e.note!.message, e.note!.source, e.note!.host])).toEqual([
      ['NodeNotReadyReported', 'NodeNotReady', 'Node worker-1 status is now: NodeNotReady', 'kubelet', 'worker-1'],
    ]);
    s.tick(4);
    s.when((ctx) => setKubelet(ctx, 'worker-1', { reportReady: true }));
    const b = s.tick();
    expect(ready(s, 'worker-1')).toMatchObject({ status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastTransitionTime: clock.at(15) });
    expect(notes(b)).toEqual([[15, 'NodeReady', 'worker-1']]);
  });

  it('a stopped kubelet posts nothing, even when told to report NotReady', () => {
    const s = new Sim({ controllers: [new NodeStatusController()] });
    s.given(workerNode('worker-1', 0));
    s.tick(5);
    stopKubelet(s, 'worker-1');
    s.tick();
    s.when((ctx) => setKubelet(ctx, 'worker-1', { reportReady: false }));
    const events = s.tick(20);
    expect(events.filter((e) => e.actor === 'kubelet-node-status')).toEqual([]);
    expect(condition(node(s, 'worker-1'), 'Ready')).toBe('True');
  });

  it('a kubelet that starts again: Starting, NodeAllocatableEnforced, then a fresh post (NodeReady only if the status changes)', () => {
    const s = new Sim({ controllers: [new NodeStatusController()] });
    s.given(workerNode('worker-1', 0));
    s.tick(5);
    stopKubelet(s, 'worker-1');
    s.tick(10);
    startKubelet(s, 'worker-1');
    const events = s.tick();
    expect(events.filter((e) => e.actor === 'kubelet-node-status').map((e) => [e.type, e.note?.reason, e.note?.message])).toEqual([
      ['KubeletStarted', 'Starting', 'Starting kubelet.'],
      ['NodeAllocatableEnforced', 'NodeAllocatableEnforced', 'Updated Node Allocatable limit across pods'],
      ['NodeStatusReported', undefined, undefined],
    ]);
    // Ready stayed True: heartbeat moves, transition does not
    expect(ready(s, 'worker-1')).toMatchObject({ status: 'True', lastHeartbeatTime: clock.at(15), lastTransitionTime: clock.at(0) });
    expect(s.tick(20).filter((e) => e.actor === 'kubelet-node-status')).toEqual([]);
  });

  it('after the controller marked it Unknown, the restarted kubelet reports NodeReady', () => {
    const s = new Sim({ controllers: [new NodeStatusController()] });
    s.given(workerNode('worker-1', 0));
    s.tick(5);
    stopKubelet(s, 'worker-1');
    s.tick(50);
    s.when((ctx) => {
      const n = ctx.view.get('Node', '', 'worker-1')!;
      ctx.update(n, (d) => { const c = d.status.conditions!.find((x) => x.type === 'Ready')!; c.status = 'Unknown'; c.reason = 'NodeStatusUnknown'; c.lastTransitionTime = ctx.now(); }, { type: 'Test' });
    });
    s.tick(5);
    startKubelet(s, 'worker-1');
    const events = s.tick();
    expect(notes(events)).toEqual([[60, 'Starting', 'worker-1'], [60, 'NodeAllocatableEnforced', 'worker-1'], [60, 'NodeReady', 'worker-1']]);
    expect(ready(s, 'worker-1')).toMatchObject({ status: 'True', reason: 'KubeletReady', lastHeartbeatTime: clock.at(60), lastTransitionTime: clock.at(60) });
  });

  it('a node without kubelet bookkeeping (created by hand) has a running kubelet that posts Ready at once', () => {
    const s = new Sim({ controllers: [new NodeStatusController()] });
    s.given({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'bare' }, spec: {}, status: {} });
    const events = s.tick();
    expect(notes(events)).toEqual([[0, 'NodeReady', 'bare']]);
    expect(condition(node(s, 'bare'), 'Ready')).toBe('True');
  });
});
