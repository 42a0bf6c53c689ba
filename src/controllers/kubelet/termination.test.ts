// Termination (preStop, SIGTERM, SIGKILL at the grace deadline, the 2 s extension), OOM kills and
// pods made terminal by someone else, over the real engine.
import { describe, expect, it } from 'vitest';
import type { Behavior, Container, Pod } from '../../api/types.js';
import { Clock } from '../../api/time.js';
import { Sim } from '../../engine/testing.js';
import { Cluster } from '../../kubectl/testkit.js';
import { deleteObject } from '../../state/apiserver.js';
import { Kubelet } from './index.js';
import { planKill } from './termination.js';
import { getPod, node, pod } from './testutil.js';

const clock = new Clock();

function sim(behaviors: Behavior[] = []): Sim {
  return new Sim({ controllers: [new Kubelet()], config: { behaviors } });
}

const PRESTOP: NonNullable<Container['lifecycle']> = { preStop: { exec: { command: ['sh', '-c', 'sleep 5'] } } };

function hooked(name: string, grace?: number): Pod {
  return pod(name, { containers: [{ name: 'web', image: 'web:1', lifecycle: PRESTOP }], ...(grace !== undefined ? { grace } : {}) });
}

/** Delete at tick 5 (the pod runs from 1), run to `until`; the kubelet's notes and the removal tick. */
function deleteAndRun(s: Sim, until: number): { notes: [number, string, string][]; removedAt: number | undefined; last: Pod | undefined } {
  s.until(4);
  s.when((ctx) => { deleteObject(ctx, ctx.view.get('Pod', 'default', 'p')!, {}); });
  let last: Pod | undefined;
  for (let t = 5; t <= until; t++) {
    s.tick();
    last = (s.view.get('Pod', 'default', 'p') as Pod | undefined) ?? last;
  }
  const notes = s.log.filter((e) => e.actor === 'kubelet' && e.tick >= 5 && e.note).map((e) => [e.tick, e.note!.reason, e.note!.message] as [number, string, string]);
  return { notes, removedAt: s.log.find((e) => e.type === 'PodDeleted')?.tick, last };
}

describe('graceful termination (killContainer)', () => {
  it('preStop runs, then SIGTERM; the pod is gone when the process exits (seed §3.5: preStop 5 s, grace 30 → ~t+5)', () => {
    const s = sim([{ match: {}, terminate: { preStopSeconds: 5, sigtermSeconds: 2 } }]);
    s.given(node('node-a'), hooked('p'));
    const r = deleteAndRun(s, 20);
    expect(r.notes).toEqual([[5, 'Killing', 'Stopping container web']]);
    const term = r.last!.status.containerStatuses![0]!.state.terminated!;
    expect(term).toMatchObject({ exitCode: 0, reason: 'Completed', finishedAt: clock.at(12) }); // hook 5–10, SIGTERM at 10, exit 12
    expect(r.removedAt).toBe(13);
  });

  it('a preStop hook still running at the deadline: SIGTERM then, a one-time 2 s extension, SIGKILL (137), FailedPreStopHook', () => {
    const s = sim([{ match: {}, terminate: { preStopSeconds: 40, sigtermSeconds: 10 } }]);
    s.given(node('node-a'), hooked('p'));
    const r = deleteAndRun(s, 50);
    // deleted at 5, grace 30: the hook is cut at 35, SIGTERM, SIGKILL at 37
    expect(r.notes).toEqual([[5, 'Killing', 'Stopping container web'], [37, 'FailedPreStopHook', 'PreStopHook failed']]);
    expect(r.last!.status.containerStatuses![0]!.state.terminated).toMatchObject({ exitCode: 137, reason: 'Error', finishedAt: clock.at(37) });
    expect(r.last!.status.phase).toBe('Failed');
    expect(r.removedAt).toBe(38);
  });

  it('…and an application that exits on SIGTERM within the extension exits 0 (no SIGKILL)', () => {
    const s = sim([{ match: {}, terminate: { preStopSeconds: 40, sigtermSeconds: 1 } }]);
    s.given(node('node-a'), hooked('p'));
    const r = deleteAndRun(s, 50);
    expect(r.last!.status.containerStatuses![0]!.state.terminated).toMatchObject({ exitCode: 0, finishedAt: clock.at(36) });
    expect(r.notes.map((n) => n[1])).toEqual(['Killing', 'FailedPreStopHook']);
  });

  it('a hook that ends within the grace leaves the rest for SIGTERM; less than 2 s left still gets 2 s', () => {
    // grace 10, hook 9 s: SIGTERM at 14 with 1 s left → 2 s → SIGKILL at 16 for an app that needs 5 s
    const s = sim([{ match: {}, terminate: { preStopSeconds: 9, sigtermSeconds: 5 } }]);
    s.given(node('node-a'), hooked('p', 10));
    const r = deleteAndRun(s, 30);
    expect(r.last!.status.containerStatuses![0]!.state.terminated).toMatchObject({ exitCode: 137, finishedAt: clock.at(16) });
    expect(r.notes.map((n) => n[1])).toEqual(['Killing']);
  });

  it('without a hook: an application that ignores SIGTERM is SIGKILLed at the deadline (deletionTimestamp)', () => {
    const s = sim([{ match: {}, terminate: { sigtermSeconds: 100 } }]);
    s.given(node('node-a'), pod('p', { grace: 20 }));
    const r = deleteAndRun(s, 40);
    expect(r.last!.metadata.deletionTimestamp).toBe(clock.at(25));
    expect(r.last!.status.containerStatuses![0]!.state.terminated).toMatchObject({ exitCode: 137, finishedAt: clock.at(25) });
    expect(r.removedAt).toBe(26);
  });

  it('the hook is not run for a container without lifecycle.preStop (the behaviour key alone does nothing)', () => {
    const s = sim([{ match: {}, terminate: { preStopSeconds: 8 } }]);
    s.given(node('node-a'), pod('p'));
    expect(deleteAndRun(s, 20).removedAt).toBe(6);
  });

  it('planKill: v1.28 killContainer arithmetic (override before the hook, minimum 2 s)', () => {
    expect(planKill({ reason: 'delete', at: 10, grace: 30, hookSeconds: undefined, restart: false })).toEqual({ reason: 'delete', at: 10, sigtermAt: 10, sigkillAt: 40, restart: false });
    expect(planKill({ reason: 'delete', at: 10, grace: 30, hookSeconds: 40, restart: false })).toMatchObject({ hookEnd: 50, sigtermAt: 40, sigkillAt: 42 });
    expect(planKill({ reason: 'delete', at: 10, grace: 30, hookSeconds: 29, restart: false })).toMatchObject({ sigtermAt: 39, sigkillAt: 41 });
    expect(planKill({ reason: 'delete', at: 10, grace: 30, hookSeconds: 5, restart: false, waitUntil: 30 })).toMatchObject({ sigtermAt: 30, sigkillAt: 40 });
    expect(planKill({ reason: 'delete', at: 10, grace: 30, hookSeconds: 5, restart: false, waitUntil: 60 })).toMatchObject({ sigtermAt: 40, sigkillAt: 42 });
    expect(planKill({ reason: 'liveness', at: 10, grace: 0, hookSeconds: 5, restart: true })).toMatchObject({ sigtermAt: 10, sigkillAt: 12 });
  });

  it('kubectl delete --grace-period=0 --force: the API server removes the pod at once', () => {
    const c = new Cluster({ nodes: 1, behaviors: [{ match: {}, terminate: { sigtermSeconds: 60 } }] });
    c.files.set('p.yaml', 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: web, image: "web:1"}]\n');
    c.kubectl('apply -f p.yaml');
    c.tick(5);
    const r = c.kubectl('delete pod p --grace-period=0 --force');
    expect(r.stdout).toBe('pod "p" force deleted\n');
    expect(r.writes.map((e) => e.type)).toEqual(['PodDeleted']);
    expect(c.sim.view.get('Pod', 'default', 'p')).toBeUndefined();
    expect(c.tick(10).filter((e) => e.actor === 'kubelet')).toEqual([]);
  });
});

describe('memory and CPU limits', () => {
  const limited = (limits: Record<string, string>): Pod => pod('p', { containers: [{ name: 'web', image: 'web:1', resources: { limits, requests: limits } }] });

  it('memory above the limit: OOMKilled (137) at the usage step, restarted per policy with the crash back-off (BO-K-1)', () => {
    const s = sim([{ match: {}, usage: [{ atSeconds: 0, memory: '50Mi' }, { atSeconds: 10, memory: '200Mi' }] }]);
    s.given(node('node-a'), limited({ memory: '128Mi' }));
    s.until(50);
    const kills = s.log.filter((e) => e.type === 'ContainerOOMKilled').map((e) => e.tick);
    expect(kills).toEqual([11, 22, 43]); // running from 1, 12 (at once), 33 (10 s back-off)
    const cs = getPod(s.view, 'p').status.containerStatuses![0]!;
    expect(cs.lastState.terminated).toMatchObject({ exitCode: 137, reason: 'OOMKilled', finishedAt: clock.at(43) });
    expect(cs.state.waiting?.reason).toBe('CrashLoopBackOff');
  });

  it('CPU above the limit is only throttled: nothing happens', () => {
    const s = sim([{ match: {}, usage: [{ atSeconds: 0, cpu: '4' }] }]);
    s.given(node('node-a'), limited({ cpu: '500m', memory: '128Mi' }));
    s.until(100);
    expect(s.log.filter((e) => e.actor === 'kubelet').length).toBe(3);
  });

  it('a timeline usage step above the limit OOM-kills at its tick', () => {
    const s = sim();
    s.given(node('node-a'), limited({ memory: '128Mi' }));
    s.until(20);
    s.when((ctx) => {
      const cfg = ctx.view.get('SimConfig', '', 'simulation')!;
      ctx.update(cfg, (d) => { d.spec.usage = [{ sinceTick: 21, selector: { app: 'web' }, memory: '300Mi' }]; }, { type: 'UsageChanged' });
    });
    s.until(25);
    // the rule's tick, then the instance restarted at once is over the limit as soon as it runs
    expect(s.log.filter((e) => e.type === 'ContainerOOMKilled').map((e) => e.tick)).toEqual([21, 22]);
  });
});

describe('pods made terminal by someone else', () => {
  it('an evicted pod (Failed, reason Evicted, containers terminated) is left alone: no restart, no phase change, no writes', () => {
    const s = sim([{ match: {}, exit: { afterSeconds: 30, code: 1 }, live: { failAfterSeconds: 5 } }]);
    s.given(node('node-a'), pod('p', { containers: [{ name: 'web', image: 'web:1', livenessProbe: { httpGet: { port: 80 }, periodSeconds: 5 } }] }));
    s.until(8);
    s.when((ctx) => {
      ctx.update(ctx.view.get('Pod', 'default', 'p')!, (d) => {
        d.status.phase = 'Failed';
        d.status.reason = 'Evicted';
        d.status.message = 'The node was low on resource: memory. ';
        d.status.conditions = [...(d.status.conditions ?? []), { type: 'DisruptionTarget', status: 'True', reason: 'TerminationByKubelet', message: 'The node was low on resource: memory. ' }];
        d.status.containerStatuses![0]!.state = { terminated: { exitCode: 137, reason: 'Error' } };
      }, { type: 'PodEvicted' });
    });
    s.tick();
    const before = getPod(s.view, 'p');
    const events = s.tick(100).filter((e) => e.actor === 'kubelet');
    expect(events).toEqual([]);
    expect(getPod(s.view, 'p')).toBe(before);
    expect(before.status.phase).toBe('Failed');
  });

  it('a Succeeded pod written by anyone is finished too: a later full resync does nothing', () => {
    const s = sim();
    const done = pod('p');
    done.status.phase = 'Succeeded';
    s.given(node('node-a'), done);
    expect(s.tick(20).filter((e) => e.actor === 'kubelet')).toEqual([]);
  });
});
