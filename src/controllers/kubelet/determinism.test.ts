// Determinism of the deeper kubelet: probes (startup, liveness, readiness windows), init containers,
// sidecars, preStop terminations with termination ordering, OOM kills and run-to-completion pods —
// a full resync at every tick, and runs resumed from the folded log, emit exactly the events of the
// uninterrupted run (CONTRIBUTING rule 2).
import { describe, expect, it } from 'vitest';
import type { Behavior, Pod } from '../../api/types.js';
import { Clock, DEFAULT_START } from '../../api/time.js';
import { Engine } from '../../engine/engine.js';
import { Sim } from '../../engine/testing.js';
import { deleteObject } from '../../state/apiserver.js';
import { ClusterState } from '../../state/cluster.js';
import type { Controller, Ctx, WorkSet } from '../../state/controller.js';
import type { LogEvent } from '../../state/events.js';
import { Kubelet } from './index.js';
import { node, pod } from './testutil.js';

const behaviors: Behavior[] = [
  { match: { labels: { app: 'live' } }, live: { failAfterSeconds: 12 }, terminate: { sigtermSeconds: 2 } },
  { match: { labels: { app: 'slow' } }, started: { afterSeconds: 14 }, ready: { afterSeconds: 16, failBetween: [[40, 55]] } },
  { match: { image: 'proxy:*' }, startupSeconds: 2, started: { afterSeconds: 3 }, terminate: { sigtermSeconds: 1 } },
  { match: { image: 'migrate:*' }, exit: { afterSeconds: 4, code: 0 } },
  { match: { image: 'job:*' }, exit: { afterSeconds: 9, code: 0 } },
  { match: { labels: { app: 'hog' } }, usage: [{ atSeconds: 0, memory: '10Mi' }, { atSeconds: 7, memory: '1Gi' }] },
  { match: { labels: { app: 'hooked' } }, terminate: { preStopSeconds: 6, sigtermSeconds: 3 } },
];

function withProbes(p: Pod, over: Partial<Pod['spec']['containers'][0]>): Pod {
  Object.assign(p.spec.containers[0]!, over);
  return p;
}

function scenario(s: Sim): void {
  const http = { httpGet: { port: 80 }, periodSeconds: 4 };
  const meshed = pod('meshed', { labels: { app: 'hooked' }, containers: [{ name: 'web', image: 'web:1', lifecycle: { preStop: { exec: { command: ['sleep', '6'] } } }, readinessProbe: http }] });
  meshed.spec.initContainers = [{ name: 'proxy', image: 'proxy:1', restartPolicy: 'Always', startupProbe: { ...http, periodSeconds: 2 } }, { name: 'migrate', image: 'migrate:1' }];
  const job = pod('job', { image: 'job:1', restartPolicy: 'Never', node: 'node-b' });
  job.spec.initContainers = [{ name: 'proxy', image: 'proxy:1', restartPolicy: 'Always' }];
  s.given(
    node('node-a'), node('node-b', { podCIDR: '10.244.2.0/24' }),
    withProbes(pod('live-1', { labels: { app: 'live' } }), { livenessProbe: { ...http, initialDelaySeconds: 3, periodSeconds: 3 } }),
    withProbes(pod('slow-1', { labels: { app: 'slow' } }), { startupProbe: { ...http, failureThreshold: 10 }, readinessProbe: { ...http, successThreshold: 2 }, livenessProbe: http }),
    withProbes(pod('hog-1', { labels: { app: 'hog' }, node: 'node-b' }), { resources: { limits: { memory: '256Mi' } } }),
    meshed, job,
  );
  s.tick(30);
  s.when((ctx) => { deleteObject(ctx, ctx.view.get('Pod', 'default', 'meshed')!, {}); });
  s.tick(150);
}

const strip = (events: readonly LogEvent[]) => events.map((e) => JSON.stringify(e));

class AlwaysResync implements Controller {
  readonly name = 'kubelet';
  readonly watches = ['Pod', 'Node', 'SimConfig'] as const;
  private readonly inner = new Kubelet();
  reconcile(ctx: Ctx, work: WorkSet): void {
    this.inner.reconcile(ctx, { all: true, items: work.items });
    ctx.requeueAfter('SimConfig//simulation', 1);
  }
}

describe('determinism with probes, init containers, sidecars and terminations', () => {
  it('the scenario exercises what it should', () => {
    const s = new Sim({ controllers: [new Kubelet()], config: { behaviors } });
    scenario(s);
    const reasons = new Set(s.log.filter((e) => e.note).map((e) => e.note!.reason));
    for (const r of ['Unhealthy', 'Killing', 'BackOff', 'Started']) expect(reasons).toContain(r);
    for (const t of ['ContainerOOMKilled', 'ContainerStartupProbeSucceeded', 'ContainerUnready', 'PodKillStarted', 'PodDeleted', 'PodSucceeded']) {
      expect(s.log.some((e) => e.type === t), t).toBe(true);
    }
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
    for (const resumeAt of [3, 15, 26, 31, 33, 40, 47, 61, 120]) {
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
      expect(strip(resumed), `resumed at ${resumeAt}`).toEqual(strip(full.log.filter((e) => e.tick >= resumeAt)));
    }
  });
});
