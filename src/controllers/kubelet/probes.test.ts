// Probes over the real engine (§7): liveness kills and restarts at the crash back-off, startup
// gating, readiness flips, Unhealthy summaries as describe aggregates them. Seeds §4.3 and P1.
import { describe, expect, it } from 'vitest';
import type { Behavior, Container, Pod } from '../../api/types.js';
import { Clock } from '../../api/time.js';
import { Sim } from '../../engine/testing.js';
import { deriveEventsFor } from '../../kubectl/events.js';
import { podSummary } from '../../kubectl/printers/pod.js';
import { deleteObject } from '../../state/apiserver.js';
import { Kubelet } from './index.js';
import { getPod, node, pod, trail } from './testutil.js';

const clock = new Clock();

function sim(behaviors: Behavior[] = []): Sim {
  return new Sim({ controllers: [new Kubelet()], config: { behaviors } });
}

const ticksOf = (s: Sim, pred: (e: Sim['log'][number]) => boolean): number[] => s.log.filter((e) => e.actor === 'kubelet' && pred(e)).map((e) => e.tick);
const messages = (s: Sim, reason: string): string[] => s.log.filter((e) => e.actor === 'kubelet' && e.note?.reason === reason).map((e) => e.note!.message);
const unhealthyCount = (s: Sim): number => s.log.filter((e) => e.note?.reason === 'Unhealthy').reduce((n, e) => n + (e.note!.count ?? 1), 0);

function withContainer(name: string, c: Partial<Container>, o: Parameters<typeof pod>[1] = {}): Pod {
  const p = pod(name, o);
  Object.assign(p.spec.containers[0]!, c);
  return p;
}

/** STATUS (and READY, RESTARTS) every tick up to `until`. */
function rows(s: Sim, name: string, until: number): { ready: string; status: string; restarts: number }[] {
  const out: { ready: string; status: string; restarts: number }[] = [];
  for (let t = s.now; t <= until; t++) {
    s.tick();
    const x = podSummary(getPod(s.view, name), t, clock);
    out[t] = { ready: x.ready, status: x.status, restarts: x.restarts };
  }
  return out;
}

describe('liveness probes', () => {
  // Seed §4.3: /healthz returns 500 from 15 s of container age; initialDelaySeconds 3, periodSeconds 3.
  const liveness = { httpGet: { path: '/healthz', port: 3000 }, initialDelaySeconds: 3, periodSeconds: 3 };

  it('the liveness loop (PR-3 on the engine): killed every failureThreshold × period after 15 s; restarts at the crash back-off (BO-K-1 delays, from the previous instance) while STATUS stays Running', () => {
    const s = sim([{ match: {}, live: { failAfterSeconds: 15 } }]);
    s.given(node('node-a'), withContainer('hello', { livenessProbe: liveness }));
    const r = rows(s, 'hello', 170);
    // probes on the grid 0, 3, 6, …: the 1st instance (started at 1) fails at 18, 21, 24 → killed at 24
    expect(ticksOf(s, (e) => e.note?.reason === 'Killing')).toEqual([24, 48, 72, 96, 120]);
    expect(messages(s, 'Killing')[0]).toBe('Container web failed liveness probe, will be restarted');
    // The kill and the restart share one SyncPod; doBackOff finds the previous instance (finished a
    // kill earlier): no entry → start; 24 s ago ≥ 10 s → start; ≥ 20 s → start; < 40 s → BackOff.
    expect(ticksOf(s, (e) => e.note?.reason === 'Started')).toEqual([1, 25, 49, 73, 97, 161]);
    expect(ticksOf(s, (e) => e.note?.reason === 'BackOff')).toEqual([120]);
    for (let t = 1; t < 120; t++) expect(r[t]!.status, `tick ${t}`).toBe('Running');
    for (let t = 120; t < 160; t++) expect(r[t]!.status, `tick ${t}`).toBe('CrashLoopBackOff');
    expect(r[161]).toEqual({ ready: '1/1', status: 'Running', restarts: 5 });
    const cs = getPod(s.view, 'hello').status.containerStatuses![0]!;
    expect(cs.lastState.terminated).toMatchObject({ exitCode: 0, reason: 'Completed', finishedAt: clock.at(120) });
    // three failing probes per kill: Unhealthy summaries, with the count each stands for
    expect(unhealthyCount(s)).toBe(15);
    expect(messages(s, 'Unhealthy')[0]).toBe('Liveness probe failed: HTTP probe failed with statuscode: 500');
  });

  it('describe aggregates as upstream does, including the 25-event spam filter (seed §4.3 at 113 s)', () => {
    const s = sim([{ match: {}, live: { failAfterSeconds: 15 } }]);
    s.given(node('node-a'), withContainer('hello', { livenessProbe: liveness }));
    s.until(113);
    const ev = Object.fromEntries(deriveEventsFor(s.log, getPod(s.view, 'hello'), clock, 113).map((e) => [e.reason, e]));
    // the seed's transcript: Started (x4 over 113s), Killing (x3 over 89s), Unhealthy (x10 over 95s)
    expect([ev['Started']!.count, ev['Killing']!.count, ev['Unhealthy']!.count]).toEqual([4, 3, 10]);
    expect(ev['Unhealthy']!.firstTimestamp).toBe(clock.at(18));
    expect(ev['Killing']!.firstTimestamp).toBe(clock.at(24));
  });

  it('a blip shorter than failureThreshold × period does not kill; a failure resets nothing that succeeds after', () => {
    const s = sim([{ match: {}, live: { failBetween: [[20, 27]] } }]);
    s.given(node('node-a'), withContainer('p', { livenessProbe: { exec: { command: ['check'] }, periodSeconds: 5 } }));
    s.until(120);
    // probes at 25 (age 24) fail: one failure < 3
    expect(ticksOf(s, (e) => e.note?.reason === 'Killing')).toEqual([]);
    expect(s.log.filter((e) => e.note?.reason === 'Unhealthy').map((e) => [e.tick, e.note!.message])).toEqual([[25, 'Liveness probe failed: ']]);
  });

  it('the probe\'s terminationGracePeriodSeconds bounds the kill: SIGKILL (137) when the app ignores SIGTERM', () => {
    const s = sim([{ match: {}, live: { failAfterSeconds: 10 }, terminate: { sigtermSeconds: 60 } }]);
    s.given(node('node-a'), withContainer('p', { livenessProbe: { tcpSocket: { port: 80 }, periodSeconds: 5, failureThreshold: 1, terminationGracePeriodSeconds: 4 } }));
    s.until(20);
    // probes at 10 (age 9) ok, 15 (age 14) fail → killed at 15, SIGKILL at 19, restarted at once
    expect(ticksOf(s, (e) => e.note?.reason === 'Killing')).toEqual([15]);
    expect(ticksOf(s, (e) => e.type === 'ContainerStopped')).toEqual([19]);
    const cs = getPod(s.view, 'p').status.containerStatuses![0]!;
    expect(cs.lastState.terminated).toMatchObject({ exitCode: 137, reason: 'Error', finishedAt: clock.at(19) });
    expect(cs.restartCount).toBe(1);
  });

  it('restartPolicy Never: "failed liveness probe" without "will be restarted"; the pod fails', () => {
    const s = sim([{ match: {}, live: { failAfterSeconds: 5 }, terminate: { sigtermSeconds: 40 } }]);
    s.given(node('node-a'), withContainer('p', { livenessProbe: { httpGet: { port: 80 }, periodSeconds: 5, failureThreshold: 1 } }, { restartPolicy: 'Never', grace: 10 }));
    s.until(30);
    expect(messages(s, 'Killing')).toEqual(['Container web failed liveness probe']);
    // killed at 10, SIGKILL 10 s later (the pod's terminationGracePeriodSeconds)
    expect(getPod(s.view, 'p').status.phase).toBe('Failed');
    expect(getPod(s.view, 'p').status.containerStatuses![0]!.state.terminated).toMatchObject({ exitCode: 137, finishedAt: clock.at(20) });
  });

  it('the deletion stops liveness probing: no kill while the pod terminates', () => {
    const s = sim([{ match: {}, live: { failAfterSeconds: 10 }, terminate: { sigtermSeconds: 25 } }]);
    s.given(node('node-a'), withContainer('p', { livenessProbe: { httpGet: { port: 80 }, periodSeconds: 1, failureThreshold: 1 } }));
    s.until(7);
    s.when((ctx) => { deleteObject(ctx, ctx.view.get('Pod', 'default', 'p')!, {}); });
    s.until(40);
    expect(messages(s, 'Killing')).toEqual(['Stopping container web']);
    expect(messages(s, 'Unhealthy')).toEqual([]);
    expect(s.view.get('Pod', 'default', 'p')).toBeUndefined();
  });
});

describe('startup probes', () => {
  it('hold liveness and readiness off until the slow start finishes', () => {
    // liveness would fail at once (failureThreshold 1) during the first 24 s; startup succeeds from 25 s
    const s = sim([{ match: {}, started: { afterSeconds: 25 }, live: { failBetween: [[0, 24]] } }]);
    s.given(node('node-a'), withContainer('slow', {
      startupProbe: { httpGet: { port: 80 }, periodSeconds: 5, failureThreshold: 10 },
      livenessProbe: { httpGet: { port: 80 }, periodSeconds: 5, failureThreshold: 1 },
      readinessProbe: { httpGet: { port: 80 }, periodSeconds: 5 },
    }));
    s.until(29);
    let cs = getPod(s.view, 'slow').status.containerStatuses![0]!;
    expect(cs).toMatchObject({ started: false, ready: false });
    expect(cs.state.running).toBeDefined();
    s.until(60);
    // startup succeeds at the probe at 30 (age 29); liveness and readiness probe from 35 on
    expect(ticksOf(s, (e) => e.type === 'ContainerStartupProbeSucceeded')).toEqual([30]);
    expect(ticksOf(s, (e) => e.type === 'ContainerReady')).toEqual([35]);
    expect(messages(s, 'Killing')).toEqual([]);
    expect(new Set(messages(s, 'Unhealthy'))).toEqual(new Set(['Startup probe failed: HTTP probe failed with statuscode: 500']));
    expect(unhealthyCount(s)).toBe(5); // probes at 5 … 25
    cs = getPod(s.view, 'slow').status.containerStatuses![0]!;
    expect(cs).toMatchObject({ started: true, ready: true, restartCount: 0 });
  });

  it('seed P1: a startup probe that never passes kills every 9 s; under OnFailure the exit 0 met in back-off completes the pod', () => {
    const s = sim([{ match: {}, started: { afterSeconds: 1000 } }]);
    s.given(node('node-a'), withContainer('nginx', { startupProbe: { httpGet: { path: '/api/version', port: 80 }, periodSeconds: 3, failureThreshold: 3, timeoutSeconds: 5 } }, { restartPolicy: 'OnFailure' }));
    s.until(60);
    expect(ticksOf(s, (e) => e.note?.reason === 'Killing')).toEqual([9, 18, 27]);
    expect(messages(s, 'Killing')[0]).toBe('Container web failed startup probe, will be restarted');
    expect(unhealthyCount(s)).toBe(9);
    expect(ticksOf(s, (e) => e.note?.reason === 'BackOff')).toEqual([27]);
    const p = getPod(s.view, 'nginx');
    expect(p.status.phase).toBe('Succeeded');
    const x = podSummary(p, 60, clock);
    expect([x.ready, x.status, x.restarts]).toEqual(['0/1', 'Completed', 2]);
  });
});

describe('readiness probes', () => {
  it('failBetween flips Ready off after failureThreshold failures and on at the next success; no restart', () => {
    const s = sim([{ match: {}, ready: { failBetween: [[30, 60]] } }]);
    s.given(node('node-a'), withContainer('p', { readinessProbe: { httpGet: { port: 8080, path: '/ready' }, periodSeconds: 5 } }));
    s.until(100);
    // started at 1; probes at 35 … 60 (ages 34 … 59) fail: unready at the 3rd (45), ready at 65
    expect(ticksOf(s, (e) => e.type === 'ContainerReady')).toEqual([5, 65]);
    expect(ticksOf(s, (e) => e.type === 'ContainerUnready')).toEqual([45]);
    expect(s.log.filter((e) => e.note?.reason === 'Unhealthy').map((e) => [e.tick, e.note!.count ?? 1])).toEqual([[35, 1], [50, 3], [60, 2]]);
    const ready = getPod(s.view, 'p').status.conditions!.find((c) => c.type === 'Ready')!;
    expect(ready).toMatchObject({ status: 'True', lastTransitionTime: clock.at(65) });
    expect(getPod(s.view, 'p').status.containerStatuses![0]!.restartCount).toBe(0);
  });

  it('events per pod start: 3 without probes (Pulled, Created, Started); a readiness probe adds the Ready flip; a passing liveness probe nothing', () => {
    const s = sim();
    s.given(node('node-a'), pod('plain'), withContainer('probed', {
      readinessProbe: { httpGet: { port: 80 } }, livenessProbe: { httpGet: { port: 80 } },
    }));
    s.until(300);
    expect(trail(s.log, 'plain').length).toBe(3);
    expect(trail(s.log, 'probed')).toEqual([[0, 'ImagePulled', 'Pulled'], [0, 'PodSandboxCreated', 'Created'], [1, 'ContainerStarted', 'Started'], [10, 'ContainerReady']]);
  });
});

describe('sidecar probes', () => {
  it('a sidecar failing liveness: "Init container … failed liveness probe", restarted whatever the restartPolicy', () => {
    const s = sim([{ match: { image: 'proxy:*' }, live: { failAfterSeconds: 10 } }]);
    const p = pod('p', { restartPolicy: 'Never' });
    p.spec.initContainers = [{ name: 'proxy', image: 'proxy:1', restartPolicy: 'Always', livenessProbe: { httpGet: { port: 15020 }, periodSeconds: 5, failureThreshold: 1 } }];
    s.given(node('node-a'), p);
    const r = rows(s, 'p', 32);
    // killed at 15 (age 14) and 30; restarted at once each time; STATUS Running, READY 1/2 in the gap
    expect(ticksOf(s, (e) => e.note?.reason === 'Killing')).toEqual([15, 30]);
    expect(messages(s, 'Killing')).toEqual(['Init container proxy failed liveness probe', 'Init container proxy failed liveness probe']);
    expect([r[30], r[31]]).toEqual([{ ready: '1/2', status: 'Running', restarts: 1 }, { ready: '2/2', status: 'Running', restarts: 2 }]);
    expect(getPod(s.view, 'p').status.initContainerStatuses![0]!.restartCount).toBe(2);
  });
});
