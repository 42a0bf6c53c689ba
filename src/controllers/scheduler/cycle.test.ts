import { describe, expect, it } from 'vitest';
import type { Pod } from '../../api/types.js';
import { Sim } from '../../engine/testing.js';
import type { LogEvent } from '../../state/events.js';
import { numFeasibleNodesToFind, selectHost } from './cycle.js';
import { node, pod } from './fixtures.js';
import { Scheduler } from './index.js';
import { fitErrorMessage, newStatus, truncateMessage } from './messages.js';
import { nodeTreeList } from './nodetree.js';

const getPod = (sim: Sim, name: string): Pod => sim.view.get('Pod', 'default', name)!;
const of = (events: LogEvent[], type: string): LogEvent[] => events.filter((e) => e.type === type);

describe('numFeasibleNodesToFind', () => {
  it.each([
    [0, 50, 50], [0, 99, 99], [0, 100, 100], [0, 1000, 420], [0, 5000, 500], [0, 6000, 300], [0, 10000, 500],
    [20, 5000, 1000], [1, 5000, 100], [100, 300, 300],
  ])('percentage %i of %i nodes → %i', (pct, n, want) => expect(numFeasibleNodesToFind(pct, n)).toBe(want));
});

describe('nodeTree', () => {
  it('interleaves zones, in the order their first node was created', () => {
    const z = (name: string, zone?: string) => node(name, '1', '1Gi', zone ? { labels: { 'topology.kubernetes.io/zone': zone } } : {});
    const list = nodeTreeList([z('a1', 'a'), z('b1', 'b'), z('a2', 'a'), z('a3', 'a'), z('x1'), z('b2', 'b')]);
    expect(list.map((n) => n.metadata.name)).toEqual(['a1', 'b1', 'x1', 'a2', 'b2', 'a3']);
  });
});

describe('selectHost', () => {
  it('takes the highest total; ties by reservoir sampling (rng.int(j) === 0 replaces the pick)', () => {
    const draws: number[] = [];
    const rng = { next: () => 0, int: (n: number) => { draws.push(n); return n === 3 ? 0 : 1; }, string: () => '' };
    expect(selectHost([5, 9, 9, 2, 9], 5, rng)).toBe(4);
    expect(draws).toEqual([2, 3]);
    expect(selectHost([1, 7, 3], 3, rng)).toBe(1);
  });
});

describe('messages', () => {
  it('sorts the histogram as strings ("10 …" before "2 …")', () => {
    const a = newStatus('Unschedulable', 'X', 'Insufficient cpu');
    const b = newStatus('Unschedulable', 'X', 'Insufficient memory', 'Insufficient cpu');
    expect(fitErrorMessage(12, { statuses: [...Array(10).fill(b), a, a], bulk: [], preFilterMsg: '' }, '')).toBe(
      '0/12 nodes are available: 10 Insufficient memory, 12 Insufficient cpu.');
  });
  it('cuts Event notes to 1,024 bytes', () => {
    const long = 'x'.repeat(2000);
    expect(truncateMessage(long)).toHaveLength(1024);
    expect(truncateMessage(long).endsWith('x ...')).toBe(true);
    expect(truncateMessage('short')).toBe('short');
  });
});

describe('scheduling cycle', () => {
  it('walks numToFind nodes from a rotating start index that resets each reconcile run', () => {
    const sim = new Sim({ controllers: [new Scheduler()] });
    const nodes = Array.from({ length: 300 }, (_, i) => node(`n${String(i).padStart(3, '0')}`, '4', '8Gi'));
    sim.given(...nodes, pod('p1', '1', '1Gi'), pod('p2', '1', '1Gi'), pod('p3', '1', '1Gi'));
    const events = of(sim.tick(), 'PodScheduled');
    // 300 nodes → 50 − 2 = 48 % → 144 to find: p1 walks n000–n143, p2 n144–n287, p3 n288–n299 and n000–n131
    expect(events.map((e) => e.data)).toEqual([
      expect.objectContaining({ feasibleNodes: 144, evaluatedNodes: 144 }),
      expect.objectContaining({ feasibleNodes: 144, evaluatedNodes: 144 }),
      expect.objectContaining({ feasibleNodes: 144, evaluatedNodes: 144 }),
    ]);
    const idx = (name: string) => Number(getPod(sim, name).spec.nodeName!.slice(1));
    expect(idx('p1')).toBeLessThan(144);
    expect(idx('p2')).toBeGreaterThanOrEqual(144);
    expect(idx('p2')).toBeLessThan(288);
    expect(idx('p3') >= 288 || idx('p3') < 132).toBe(true);
    sim.given(pod('p4', '1', '1Gi'));
    sim.tick();
    expect(idx('p4')).toBeLessThan(144); // a new run starts at 0
  });

  it('rejects a DaemonSet-style pod on every node but its own (PreFilterResult) with v1.28 wording', () => {
    const sim = new Sim({ controllers: [new Scheduler()] });
    const ds = pod('exporter-x', '10m', '16Mi', { hostPort: 9100 });
    ds.spec.affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n2'] }] }] } } };
    sim.given(node('n1', '2', '2Gi'), node('n2', '2', '2Gi'), node('n3', '2', '2Gi'), pod('old', '10m', '16Mi', { hostPort: 9100, nodeName: 'n2', phase: 'Running' }), ds);
    const [failed] = of(sim.tick(), 'PodSchedulingFailed');
    expect(failed?.note?.message).toBe("0/3 nodes are available: 1 node(s) didn't have free ports for the requested pod ports, 2 node is filtered out by the prefilter result. "
      + 'preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.');
    expect(failed?.data).toEqual({ attempts: 1, evaluatedNodes: 3, plugins: ['NodePorts'] });
    sim.when((ctx) => ctx.remove(getPod(sim, 'old'), { type: 'PodDeleted' }));
    sim.tick();
    expect(getPod(sim, 'exporter-x').spec.nodeName).toBe('n2');
  });

  it('reports conflicting matchFields terms as a PreFilter failure', () => {
    const sim = new Sim({ controllers: [new Scheduler()] });
    const p = pod('p', '10m', '16Mi');
    p.spec.affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [
      { key: 'metadata.name', operator: 'In', values: ['n1'] }, { key: 'metadata.name', operator: 'In', values: ['n2'] }] }] } } };
    sim.given(node('n1', '2', '2Gi'), node('n2', '2', '2Gi'), p);
    expect(of(sim.tick(), 'PodSchedulingFailed')[0]?.note?.message).toBe(
      '0/2 nodes are available: pod affinity terms conflict. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.');
  });

  it('waits for nodes when there are none, and takes the first one that registers', () => {
    const sim = new Sim({ controllers: [new Scheduler()] });
    sim.given(pod('early', '10m', '16Mi'));
    const [failed] = of(sim.tick(), 'PodSchedulingFailed');
    expect(failed?.note?.message).toBe('no nodes available to schedule pods');
    sim.tick(3);
    sim.given(node('n1', '1', '1Gi'));
    expect(of(sim.tick(), 'PodScheduled').map((e) => e.tick)).toEqual([4]);
  });

  it('counts every reason of a node (cpu and memory) and the pod limit', () => {
    const sim = new Sim({ controllers: [new Scheduler()] });
    sim.given(node('n1', '1', '1Gi'), node('n2', '8', '8Gi', { pods: 1 }), pod('x', '1', '64Mi', { nodeName: 'n2', phase: 'Running' }), pod('big', '2', '2Gi'));
    expect(of(sim.tick(), 'PodSchedulingFailed')[0]?.note?.message).toBe(
      '0/2 nodes are available: 1 Insufficient cpu, 1 Insufficient memory, 1 Too many pods. '
      + 'preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.');
  });

  it('sees its own bindings within a run: the next pod does not fit where the last one went', () => {
    const sim = new Sim({ controllers: [new Scheduler()] });
    sim.given(node('n1', '1', '1Gi'), node('n2', '1', '1Gi'), ...['a', 'b', 'c'].map((n) => pod(n, '600m', '64Mi')));
    const events = sim.tick();
    expect(new Set(['a', 'b'].map((n) => getPod(sim, n).spec.nodeName))).toEqual(new Set(['n1', 'n2']));
    expect(of(events, 'PodSchedulingFailed').map((e) => e.object.name)).toEqual(['c']);
  });
});
