import { describe, expect, it } from 'vitest';
import type { Node, Pod } from '../../api/types.js';
import { Sim } from '../../engine/testing.js';
import type { LogEvent } from '../../state/events.js';
import { CONTROL_PLANE_TAINT, node, pod } from './fixtures.js';
import { Scheduler } from './index.js';

const getPod = (sim: Sim, name: string): Pod => sim.view.get('Pod', 'default', name)!;
const getNode = (sim: Sim, name: string): Node => sim.view.get('Node', '', name)!;
const of = (events: LogEvent[], type: string): LogEvent[] => events.filter((e) => e.type === type);

/** 1 tainted control-plane + 2 workers with 1 CPU each. */
function smallCluster(): Node[] {
  return [
    node('control-plane', '4', '8Gi', { taints: [CONTROL_PLANE_TAINT] }),
    node('worker-1', '1', '2Gi'),
    node('worker-2', '1', '2Gi'),
  ];
}

describe('Scheduler', () => {
  it('binds a pod: spec.nodeName, PodScheduled=True and the Scheduled event', () => {
    const sim = new Sim({ controllers: [new Scheduler()] });
    sim.given(node('node-1', '2', '4Gi'), pod('web-5d9c7b8f4-x7k2p', '500m', '128Mi'));
    const events = sim.tick();
    const [bound] = of(events, 'PodScheduled');
    expect(bound?.actor).toBe('default-scheduler');
    expect(bound?.note).toEqual({ type: 'Normal', reason: 'Scheduled', message: 'Successfully assigned default/web-5d9c7b8f4-x7k2p to node-1', source: 'default-scheduler' });
    expect(bound?.data).toEqual({ node: 'node-1', score: null, feasibleNodes: 1, evaluatedNodes: 1 });
    const p = getPod(sim, 'web-5d9c7b8f4-x7k2p');
    expect(p.spec.nodeName).toBe('node-1');
    expect(p.status.conditions).toEqual([{ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: '2024-01-01T00:00:00Z' }]);
    expect(p.sim).toBeUndefined();
  });

  it('leaves a pod Pending with the exact FitError message (1 tainted control-plane + 2 small workers)', () => {
    const sim = new Sim({ controllers: [new Scheduler()] });
    sim.given(...smallCluster(), pod('big', '2', '1Gi'));
    const events = sim.tick();
    const msg = '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. '
      + 'preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.';
    const [failed] = of(events, 'PodSchedulingFailed');
    expect(failed?.note).toEqual({ type: 'Warning', reason: 'FailedScheduling', message: msg, source: 'default-scheduler' });
    const p = getPod(sim, 'big');
    expect(p.spec.nodeName).toBeUndefined();
    expect(p.status.conditions).toEqual([{ type: 'PodScheduled', status: 'False', lastProbeTime: null, lastTransitionTime: '2024-01-01T00:00:00Z', reason: 'Unschedulable', message: msg }]);
    expect(p.sim?.['scheduler']).toEqual({ attempts: 1, lastAttemptTick: 0, plugins: ['NodeResourcesFit', 'TaintToleration'] });
  });

  it('computes the preemption verdict honestly from priorities (nothing is preempted)', () => {
    const sim = new Sim({ controllers: [new Scheduler()] });
    sim.given(...smallCluster(),
      pod('low-1', '800m', '64Mi', { priority: -10, nodeName: 'worker-1', phase: 'Running' }),
      pod('mid-2', '800m', '64Mi', { priority: 5000, nodeName: 'worker-2', phase: 'Running' }),
      pod('high', '1', '64Mi', { priority: 1000 }));
    // evicting low-1 would make room on worker-1: upstream preempts and reports no PostFilter part
    expect(of(sim.tick(), 'PodSchedulingFailed')[0]?.note?.message).toBe(
      '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu.');
    const sim2 = new Sim({ controllers: [new Scheduler()] });
    sim2.given(...smallCluster(),
      pod('low-1', '200m', '64Mi', { priority: -10, nodeName: 'worker-1', phase: 'Running' }),
      pod('mid-1', '700m', '64Mi', { priority: 5000, nodeName: 'worker-1', phase: 'Running' }),
      pod('mid-2', '800m', '64Mi', { priority: 5000, nodeName: 'worker-2', phase: 'Running' }),
      pod('high', '1', '64Mi', { priority: 1000 }));
    // evicting low-1 frees only 200m on worker-1; worker-2 has nothing of lower priority
    expect(of(sim2.tick(), 'PodSchedulingFailed')[0]?.note?.message).toBe(
      '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. '
      + 'preemption: 0/3 nodes are available: 1 Insufficient cpu, 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling.');
  });

  it('preemptionPolicy Never: not eligible', () => {
    const sim = new Sim({ controllers: [new Scheduler()] });
    const p = pod('never', '2', '64Mi');
    p.spec.preemptionPolicy = 'Never';
    sim.given(...smallCluster(), p);
    expect(of(sim.tick(), 'PodSchedulingFailed')[0]?.note?.message).toBe(
      '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.');
  });

  it('retries when a node is labelled: the pod with a nodeSelector lands on it', () => {
    const sim = new Sim({ controllers: [new Scheduler()] });
    sim.given(node('knode1', '2', '4Gi'), node('knode2', '2', '4Gi'), pod('pod4', '100m', '64Mi', { nodeSelector: { aaa: 'bbb' } }));
    const first = sim.tick();
    expect(of(first, 'PodSchedulingFailed')[0]?.note?.message).toBe(
      "0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.");
    // nothing changes: no retry until the 5-minute flush
    expect(sim.tick(20).filter((e) => e.actor === 'default-scheduler')).toEqual([]);
    expect(getPod(sim, 'pod4').spec.nodeName).toBeUndefined();
    sim.when((ctx) => { ctx.update(getNode(sim, 'knode2'), (d) => { d.metadata.labels!['aaa'] = 'bbb'; }, { type: 'NodeLabeled' }); });
    const events = sim.tick();
    expect(of(events, 'PodScheduled').map((e) => e.data?.['node'])).toEqual(['knode2']);
    expect(getPod(sim, 'pod4').status.conditions?.[0]).toMatchObject({ type: 'PodScheduled', status: 'True', lastTransitionTime: '2024-01-01T00:00:21Z' });
  });

  it('avoids a cordoned node, and uses it again once uncordoned', () => {
    const sim = new Sim({ controllers: [new Scheduler()] });
    sim.given(node('knode1', '2', '4Gi'), node('knode2', '2', '4Gi', { unschedulable: true }), pod('pod1', '100m', '64Mi'), pod('pod2', '100m', '64Mi'), pod('pod3', '100m', '64Mi'));
    sim.tick();
    expect(['pod1', 'pod2', 'pod3'].map((n) => getPod(sim, n).spec.nodeName)).toEqual(['knode1', 'knode1', 'knode1']);
    sim.when((ctx) => { ctx.update(getNode(sim, 'knode2'), (d) => { delete d.spec.unschedulable; }, { type: 'NodeUncordoned' }); });
    sim.given(pod('pod5', '100m', '64Mi'));
    sim.tick();
    expect(getPod(sim, 'pod5').spec.nodeName).toBe('knode2');
  });

  it('reports a cordoned node as unschedulable, unless the pod tolerates it', () => {
    const sim = new Sim({ controllers: [new Scheduler()] });
    sim.given(node('n1', '2', '4Gi', { unschedulable: true }), pod('a', '100m', '64Mi'),
      pod('b', '100m', '64Mi', { tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }] }));
    const events = sim.tick();
    expect(of(events, 'PodSchedulingFailed')[0]?.note?.message).toBe(
      '0/1 nodes are available: 1 node(s) were unschedulable. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.');
    expect(getPod(sim, 'b').spec.nodeName).toBe('n1');
  });

  it('avoids a NoSchedule taint the pod does not tolerate', () => {
    const sim = new Sim({ controllers: [new Scheduler()] });
    const taint = { key: 'dedicated', value: 'db', effect: 'NoSchedule' as const };
    sim.given(node('db-1', '8', '16Gi', { taints: [taint] }), node('small', '1', '1Gi'),
      pod('web', '100m', '64Mi'), pod('db', '100m', '64Mi', { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoSchedule' }] }));
    sim.tick();
    expect(getPod(sim, 'web').spec.nodeName).toBe('small');
    // the tolerating pod may go anywhere; the big empty node scores best
    expect(getPod(sim, 'db').spec.nodeName).toBe('db-1');
  });

  it('spreads pods across equal nodes (LeastAllocated), the control plane excluded', () => {
    const sim = new Sim({ controllers: [new Scheduler()] });
    const pods = Array.from({ length: 6 }, (_, i) => pod(`web1-${i}`, '100m', '128Mi'));
    sim.given(node('master', '4', '8Gi', { taints: [CONTROL_PLANE_TAINT] }), node('knode1', '2', '4Gi'), node('knode2', '2', '4Gi'), ...pods);
    sim.tick();
    const count = new Map<string, number>();
    for (const p of pods) {
      const n = getPod(sim, p.metadata.name).spec.nodeName!;
      count.set(n, (count.get(n) ?? 0) + 1);
    }
    expect(Object.fromEntries(count)).toEqual({ knode1: 3, knode2: 3 });
  });

  it('breaks ties with the seeded PRNG: the same seed gives the same placements', () => {
    const place = (seed: number): string[] => {
      const sim = new Sim({ controllers: [new Scheduler()], seed });
      const nodes = Array.from({ length: 8 }, (_, i) => node(`n${i}`, '4', '8Gi'));
      sim.given(...nodes, ...Array.from({ length: 5 }, (_, i) => pod(`p${i}`, '1', '1Gi')));
      sim.tick();
      return Array.from({ length: 5 }, (_, i) => getPod(sim, `p${i}`).spec.nodeName!);
    };
    const a = place(7);
    expect(place(7)).toEqual(a);
    expect(new Set(a).size).toBe(5); // each pod avoids the nodes already used
    const seeds = [1, 2, 3, 4, 5, 6].map(place).map((x) => x.join(','));
    expect(new Set(seeds).size).toBeGreaterThan(1); // the choice among equal nodes is random
  });

  it('takes only its own pending pods', () => {
    const sim = new Sim({ controllers: [new Scheduler()] });
    sim.given(node('n1', '2', '4Gi'), pod('other', '100m', '64Mi', { schedulerName: 'my-scheduler' }), pod('done', '100m', '64Mi', { phase: 'Succeeded' }));
    expect(sim.tick(5).filter((e) => e.actor === 'default-scheduler')).toEqual([]);
  });
});
