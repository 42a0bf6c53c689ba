import { describe, expect, it } from 'vitest';
import type { Node, Pod } from '../../api/types.js';
import { Sim } from '../../engine/testing.js';
import { serializeEvent, type LogEvent } from '../../state/events.js';
import { node, pod } from './fixtures.js';
import { Scheduler } from './index.js';
import { backoffSeconds, isPodUpdated, prioritySort } from './queue.js';

const getPod = (sim: Sim, name: string): Pod => sim.view.get('Pod', 'default', name)!;
const getNode = (sim: Sim, name: string): Node => sim.view.get('Node', '', name)!;
const ticksOf = (events: LogEvent[], type: string, name?: string): number[] =>
  events.filter((e) => e.type === type && (name === undefined || e.object.name === name)).map((e) => e.tick);

describe('scheduling queue', () => {
  it('backs off 1 s doubling to 10 s (podInitialBackoffDuration, podMaxBackoffDuration)', () => {
    expect([1, 2, 3, 4, 5, 6, 20].map(backoffSeconds)).toEqual([1, 2, 4, 8, 10, 10, 10]);
  });

  it('orders by priority, then creation, then name (PrioritySort)', () => {
    const mk = (name: string, priority: number, created: string): Pod => {
      const p = pod(name, '1', '1Gi', { priority });
      p.metadata.creationTimestamp = created;
      return p;
    };
    const pods = [mk('b', 0, 't1'), mk('a', 0, 't1'), mk('c', 10, 't2'), mk('d', 0, 't0')];
    expect(pods.sort(prioritySort).map((p) => p.metadata.name)).toEqual(['c', 'd', 'a', 'b']);
  });

  it('ignores status and bookkeeping changes when deciding whether a pod was updated', () => {
    const a = pod('x', '1', '1Gi');
    const b: Pod = { ...a, metadata: { ...a.metadata, resourceVersion: '9' }, status: { phase: 'Pending', conditions: [] }, sim: { scheduler: { attempts: 1 } } };
    expect(isPodUpdated(a, b)).toBe(false);
    expect(isPodUpdated(a, { ...b, metadata: { ...b.metadata, labels: { app: 'other' } } })).toBe(true);
  });

  it('retries an unschedulable pod every 5 minutes when nothing changes', () => {
    const sim = new Sim({ controllers: [new Scheduler()] });
    sim.given(node('n1', '1', '1Gi'), pod('big', '2', '64Mi'));
    const events = sim.until(901);
    expect(ticksOf(events, 'PodSchedulingFailed')).toEqual([0, 300, 600, 900]);
    expect(getPod(sim, 'big').sim?.['scheduler']).toMatchObject({ attempts: 4, lastAttemptTick: 900 });
  });

  it('retries at once when an assigned pod is deleted after the back-off, and at back-off expiry when during it', () => {
    const sim = new Sim({ controllers: [new Scheduler()] });
    sim.given(node('n1', '1', '1Gi'), pod('running', '600m', '64Mi', { nodeName: 'n1', phase: 'Running' }), pod('a', '600m', '64Mi'));
    sim.until(600); // failures at 0, 300, 600: back-off now 4 s (attempts 3)
    expect(getPod(sim, 'a').sim?.['scheduler']).toMatchObject({ attempts: 3, lastAttemptTick: 600 });
    sim.when((ctx) => ctx.remove(getPod(sim, 'running'), { type: 'PodDeleted' }));
    const events = sim.until(605);
    expect(ticksOf(events, 'PodSchedulingRequeued', 'a')).toEqual([601]);
    expect(ticksOf(events, 'PodScheduled', 'a')).toEqual([604]);
  });

  it('moves only the pods whose failing plugins care about the event', () => {
    const sim = new Sim({ controllers: [new Scheduler()] });
    sim.given(node('n1', '1', '1Gi'), pod('running', '600m', '64Mi', { nodeName: 'n1', phase: 'Running' }),
      pod('selector', '100m', '64Mi', { nodeSelector: { disk: 'ssd' } }), pod('cpu', '600m', '64Mi'));
    sim.tick(5);
    // an assigned pod finishing frees cpu: only the NodeResourcesFit pod is retried
    sim.when((ctx) => ctx.update(getPod(sim, 'running'), (d) => { d.status.phase = 'Succeeded'; }, { type: 'PodSucceeded' }));
    const e1 = sim.tick();
    expect(ticksOf(e1, 'PodScheduled')).toEqual([5]);
    expect(e1.filter((e) => e.object.name === 'selector')).toEqual([]);
    // a label change moves the NodeAffinity pod
    sim.when((ctx) => ctx.update(getNode(sim, 'n1'), (d) => { d.metadata.labels!['disk'] = 'ssd'; }, { type: 'NodeLabeled' }));
    expect(ticksOf(sim.tick(), 'PodScheduled', 'selector')).toEqual([6]);
  });

  it('does not retry on node heartbeats (only scheduling properties count)', () => {
    const sim = new Sim({ controllers: [new Scheduler()] });
    sim.given(node('n1', '1', '1Gi'), pod('big', '2', '64Mi'));
    sim.tick(3);
    for (let t = 0; t < 5; t++) {
      sim.when((ctx) => ctx.update(getNode(sim, 'n1'), (d) => { d.status.conditions![0]!.lastHeartbeatTime = ctx.now(); }, { type: 'NodeHeartbeat' }));
      expect(sim.tick().filter((e) => e.actor === 'default-scheduler')).toEqual([]);
    }
  });

  it('a full resync (resumed run) emits exactly the events of the uninterrupted run', () => {
    const script = (sim: Sim, resyncAt: ReadonlySet<number>): string[] => {
      sim.given(node('a', '2', '2Gi'), node('b', '1', '1Gi', { labels: { 'topology.kubernetes.io/zone': 'z2' } }),
        ...Array.from({ length: 6 }, (_, i) => pod(`p${i}`, '700m', '256Mi')),
        pod('sel', '100m', '64Mi', { nodeSelector: { disk: 'ssd' } }));
      const out: string[] = [];
      for (let t = 0; t < 700; t++) {
        if (t === 7) sim.when((ctx) => ctx.remove(getPod(sim, 'p0'), { type: 'PodDeleted' }));
        if (t === 9) sim.given(node('c', '1', '1Gi'));
        if (t === 302) sim.when((ctx) => ctx.update(getNode(sim, 'b'), (d) => { d.metadata.labels!['disk'] = 'ssd'; }, { type: 'NodeLabeled' }));
        if (t === 303) sim.when((ctx) => ctx.remove(getPod(sim, 'p1'), { type: 'PodDeleted' }));
        if (t === 4) sim.when((ctx) => ctx.update(getNode(sim, 'a'), (d) => { d.spec.unschedulable = true; }, { type: 'NodeCordoned' }));
        if (t === 12) sim.when((ctx) => ctx.update(getNode(sim, 'a'), (d) => { delete d.spec.unschedulable; }, { type: 'NodeUncordoned' }));
        if (t === 20) sim.when((ctx) => ctx.update(getNode(sim, 'c'), (d) => { d.spec.taints = [{ key: 'k', effect: 'NoSchedule' }]; }, { type: 'NodeTainted' }));
        if (t === 400) sim.when((ctx) => ctx.update(getNode(sim, 'c'), (d) => { delete d.spec.taints; }, { type: 'NodeUntainted' }));
        if (t % 10 === 3) sim.when((ctx) => ctx.update(getNode(sim, 'b'), (d) => { d.status.conditions![0]!.lastHeartbeatTime = ctx.now(); }, { type: 'NodeHeartbeat' }));
        if (t === 30 || t === 401) sim.given(pod(`late${t}`, '900m', '64Mi'), pod(`tol${t}`, '100m', '64Mi', { tolerations: [{ key: 'k', operator: 'Exists' }] }));
        if (resyncAt.has(t)) {
          // what resuming from the log does: every controller resyncs, timers are gone
          const engine = sim.engine as unknown as { dirty: { all: boolean }[]; timers: Map<number, unknown> };
          for (const d of engine.dirty) d.all = true;
          engine.timers.clear();
        }
        out.push(...sim.tick().map(serializeEvent));
      }
      return out;
    };
    const straight = script(new Sim({ controllers: [new Scheduler()], seed: 3 }), new Set());
    expect(straight.filter((e) => e.includes('"PodScheduled"')).length).toBeGreaterThan(3);
    expect(straight.some((e) => e.includes('"PodSchedulingRequeued"'))).toBe(true);
    for (const at of [[1], [8], [300, 304], [2, 5, 10, 301, 303, 601], [4, 12, 13, 20, 21, 30, 31, 400, 401, 402, 403]]) {
      expect(script(new Sim({ controllers: [new Scheduler()], seed: 3 }), new Set(at))).toEqual(straight);
    }
  });
});
