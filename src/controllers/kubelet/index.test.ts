// Determinism of the kubelet controller: same seed → same log; a full resync at any tick, or a run
// resumed from the folded log, emits exactly what the uninterrupted run did; and kubectl's pod
// printer reads the statuses it writes as upstream would.
import { describe, expect, it } from 'vitest';
import type { Behavior, Pod } from '../../api/types.js';
import { Clock, DEFAULT_START } from '../../api/time.js';
import { Engine } from '../../engine/engine.js';
import { Sim } from '../../engine/testing.js';
import { podSummary } from '../../kubectl/printers/pod.js';
import { deleteObject } from '../../state/apiserver.js';
import { ClusterState } from '../../state/cluster.js';
import type { Controller, Ctx, WorkSet } from '../../state/controller.js';
import type { LogEvent } from '../../state/events.js';
import { Kubelet } from './index.js';
import { getPod, node, pod } from './testutil.js';

const behaviors: Behavior[] = [
  { match: { labels: { app: 'crash' } }, exit: { afterSeconds: 4, code: 1 } },
  { match: { labels: { app: 'slow' } }, startupSeconds: 3, ready: { afterSeconds: 12 } },
  { match: { labels: { app: 'job' } }, exit: { afterSeconds: 7, code: 0 } },
  { match: { image: 'missing:*' }, pull: 'fail' },
];

/** A busy little cluster: crash loops, probes, a job, a failing pull, a deletion, a late node. */
function scenario(s: Sim): void {
  s.given(
    node('node-a'), node('node-b', { podCIDR: '10.244.2.0/24' }),
    pod('crash-1', { labels: { app: 'crash' } }),
    pod('slow-1', { labels: { app: 'slow' }, readinessProbe: { httpGet: { port: 80 }, periodSeconds: 5, successThreshold: 2 } }),
    pod('job-1', { labels: { app: 'job' }, restartPolicy: 'Never', node: 'node-b' }),
    pod('pull-1', { image: 'missing:1', node: 'node-b' }),
    pod('web-1'), pod('web-2', { node: 'node-c' }),
  );
  s.tick(20);
  s.when((ctx) => { deleteObject(ctx, ctx.view.get('Pod', 'default', 'web-1')!, {}); });
  s.given(node('node-c'), pod('crash-2', { labels: { app: 'crash' }, node: 'node-c' }));
  s.tick(200);
}

const strip = (events: readonly LogEvent[]) => events.map((e) => JSON.stringify(e));

/** The kubelet, but every call is a full resync (work.all), and it asks to be called every tick. */
class AlwaysResync implements Controller {
  readonly name = 'kubelet';
  readonly watches = ['Pod', 'Node', 'SimConfig'] as const;
  private readonly inner = new Kubelet();
  reconcile(ctx: Ctx, work: WorkSet): void {
    this.inner.reconcile(ctx, { all: true, items: work.items });
    ctx.requeueAfter('SimConfig//simulation', 1);
  }
}

describe('determinism', () => {
  it('the same seed gives the same log; another seed other container IDs', () => {
    const a = new Sim({ controllers: [new Kubelet()], seed: 7, config: { behaviors } });
    const b = new Sim({ controllers: [new Kubelet()], seed: 7, config: { behaviors } });
    const c = new Sim({ controllers: [new Kubelet()], seed: 8, config: { behaviors } });
    scenario(a); scenario(b); scenario(c);
    expect(strip(b.log)).toEqual(strip(a.log));
    expect(b.hashes).toEqual(a.hashes);
    const id = (s: Sim) => getPod(s.view, 'slow-1').status.containerStatuses![0]!.containerID;
    expect(id(c)).not.toBe(id(a));
  });

  it('a full resync at every tick emits exactly what targeted runs do', () => {
    const a = new Sim({ controllers: [new Kubelet()], config: { behaviors } });
    const b = new Sim({ controllers: [new AlwaysResync()], config: { behaviors } });
    scenario(a); scenario(b);
    expect(strip(b.log)).toEqual(strip(a.log));
  });

  it('a run resumed from the folded log (timers lost) continues exactly like the uninterrupted one', () => {
    const full = new Sim({ controllers: [new Kubelet()], config: { behaviors } });
    scenario(full);
    const last = full.now - 1;
    for (const resumeAt of [2, 11, 23, 57, 130]) {
      const state = new ClusterState();
      for (const e of full.log) if (e.tick < resumeAt) state.evolve(JSON.parse(JSON.stringify(e)) as LogEvent);
      const engine = new Engine({ seed: 1, clock: new Clock(DEFAULT_START), controllers: [new Kubelet()], state });
      const inputs = full.log.filter((e) => e.actor !== 'kubelet');
      const resumed: LogEvent[] = [];
      for (let t = resumeAt; t <= last; t++) {
        const due = inputs.filter((e) => e.tick === t);
        const r = engine.runTick(t, due.length ? () => { for (const e of due) engine.replayInput(e); } : undefined);
        resumed.push(...r.events);
      }
      expect(strip(resumed)).toEqual(strip(full.log.filter((e) => e.tick >= resumeAt)));
    }
  });
});

describe("kubectl's view of the statuses (printPod)", () => {
  const clock = new Clock();
  const row = (p: Pod, now: number) => { const x = podSummary(p, now, clock); return [x.ready, x.status, x.restartsCell]; };

  it('a crash loop: ContainerCreating, Running, Error, Running, CrashLoopBackOff', () => {
    const s = new Sim({ controllers: [new Kubelet()], config: { behaviors } });
    s.given(node('node-a'), pod('c', { labels: { app: 'crash' } }));
    const seen: string[][] = [];
    for (let t = 0; t <= 11; t++) { s.tick(); seen.push(row(getPod(s.view, 'c'), t)); }
    expect(seen).toEqual([
      ['0/1', 'ContainerCreating', '0'],
      ['1/1', 'Running', '0'], ['1/1', 'Running', '0'], ['1/1', 'Running', '0'], ['1/1', 'Running', '0'],
      ['0/1', 'Error', '0'],
      ['1/1', 'Running', '1 (1s ago)'], ['1/1', 'Running', '1 (2s ago)'], ['1/1', 'Running', '1 (3s ago)'], ['1/1', 'Running', '1 (4s ago)'],
      ['0/1', 'CrashLoopBackOff', '1 (0s ago)'], ['0/1', 'CrashLoopBackOff', '1 (1s ago)'],
    ]);
  });

  it('pull failures, completion and termination', () => {
    const s = new Sim({ controllers: [new Kubelet()], config: { behaviors } });
    s.given(node('node-a'), pod('pull', { image: 'missing:1' }), pod('job', { labels: { app: 'job' }, restartPolicy: 'Never' }), pod('web'));
    s.tick();
    expect(row(getPod(s.view, 'pull'), 0)).toEqual(['0/1', 'ErrImagePull', '0']);
    s.tick();
    expect(row(getPod(s.view, 'pull'), 1)).toEqual(['0/1', 'ImagePullBackOff', '0']);
    s.until(8);
    expect(row(getPod(s.view, 'job'), 8)).toEqual(['0/1', 'Completed', '0']);
    s.when((ctx) => { deleteObject(ctx, ctx.view.get('Pod', 'default', 'web')!, {}); });
    s.tick();
    expect(row(getPod(s.view, 'web'), 9)).toEqual(['0/1', 'Terminating', '0']);
  });
});
