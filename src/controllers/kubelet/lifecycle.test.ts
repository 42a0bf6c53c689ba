// The kubelet over the real engine: given nodes and pods bound by hand, when ticks run, then the
// pod's status and the kubelet's events are Kubernetes v1.28's.
import { describe, expect, it } from 'vitest';
import type { Behavior } from '../../api/types.js';
import { Clock } from '../../api/time.js';
import { Sim } from '../../engine/testing.js';
import { deleteObject, removeFinalizer } from '../../state/apiserver.js';
import { Kubelet } from './index.js';
import { getPod, node, pod, trail } from './testutil.js';

const clock = new Clock();
const T = (tick: number): string => clock.at(tick);

function sim(behaviors: Behavior[] = [], seed = 1): Sim {
  return new Sim({ controllers: [new Kubelet()], seed, config: { behaviors } });
}

const notes = (s: Sim, reason?: string) =>
  s.log.filter((e) => e.actor === 'kubelet' && e.note && (reason === undefined || e.note.reason === reason)).map((e) => [e.tick, e.note!.reason, e.note!.message]);

const ticksOf = (s: Sim, pred: (e: Sim['log'][number]) => boolean): number[] => s.log.filter((e) => e.actor === 'kubelet' && pred(e)).map((e) => e.tick);

describe('pod start', () => {
  it('binding seen → sandbox, IPs, conditions, ContainerCreating; running and ready after startupSeconds (default 1 s)', () => {
    const s = sim();
    s.given(node('node-a', {}, [{ type: 'InternalIP', address: '192.168.0.10' }]), pod('web-abc'));
    s.tick();
    let p = getPod(s.view, 'web-abc');
    expect(p.status.phase).toBe('Pending');
    expect(p.status.startTime).toBe(T(0));
    expect(p.status.hostIP).toBe('192.168.0.10');
    expect(p.status.podIP).toBe('10.244.1.2');
    expect(p.status.podIPs).toEqual([{ ip: '10.244.1.2' }]);
    expect(p.status.conditions).toEqual([
      { type: 'Initialized', status: 'True', lastProbeTime: null, lastTransitionTime: T(0) },
      { type: 'Ready', status: 'False', lastProbeTime: null, lastTransitionTime: T(0), reason: 'ContainersNotReady', message: 'containers with unready status: [web]' },
      { type: 'ContainersReady', status: 'False', lastProbeTime: null, lastTransitionTime: T(0), reason: 'ContainersNotReady', message: 'containers with unready status: [web]' },
      { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: T(0) },
    ]);
    expect(p.status.containerStatuses).toEqual([
      { name: 'web', state: { waiting: { reason: 'ContainerCreating' } }, lastState: {}, ready: false, restartCount: 0, image: 'web:1', imageID: '', started: false },
    ]);
    expect(trail(s.log)).toEqual([[0, 'ImagePulled', 'Pulled'], [0, 'PodSandboxCreated', 'Created']]);

    s.tick();
    p = getPod(s.view, 'web-abc');
    expect(p.status.phase).toBe('Running');
    const cs = p.status.containerStatuses![0]!;
    expect(cs.state).toEqual({ running: { startedAt: T(1) } });
    expect(cs.containerID).toMatch(/^containerd:\/\/[0-9a-f]{64}$/);
    expect(cs).toMatchObject({ ready: true, started: true, restartCount: 0, image: 'docker.io/library/web:1', lastState: {} });
    expect(cs.imageID).toMatch(/^docker\.io\/library\/web@sha256:[0-9a-f]{64}$/);
    expect(p.status.conditions!.map((c) => [c.type, c.status, c.lastTransitionTime])).toEqual([
      ['Initialized', 'True', T(0)], ['Ready', 'True', T(1)], ['ContainersReady', 'True', T(1)], ['PodScheduled', 'True', T(0)],
    ]);
    expect(notes(s)).toEqual([
      [0, 'Pulled', 'Container image "web:1" already present on machine'],
      [0, 'Created', 'Created container web'],
      [1, 'Started', 'Started container web'],
    ]);
    const started = s.log.find((e) => e.type === 'ContainerStarted')!;
    expect(started.note).toMatchObject({ type: 'Normal', source: 'kubelet', host: 'node-a' });
    expect(s.tick(100).filter((e) => e.actor === 'kubelet')).toEqual([]);
  });

  it('startupSeconds from the behaviour; three events per pod start', () => {
    const s = sim([{ match: { image: 'slow:*' }, startupSeconds: 5 }]);
    s.given(node('node-a'), pod('slow', { image: 'slow:1' }));
    s.until(4);
    expect(getPod(s.view, 'slow').status.phase).toBe('Pending');
    s.tick();
    expect(getPod(s.view, 'slow').status.containerStatuses![0]!.state.running?.startedAt).toBe(T(5));
    expect(trail(s.log)).toEqual([[0, 'ImagePulled', 'Pulled'], [0, 'PodSandboxCreated', 'Created'], [5, 'ContainerStarted', 'Started']]);
  });

  it('imagePullPolicy Always (an untagged image): Pulling, then Pulled in startupSeconds, Created, Started', () => {
    const s = sim([{ match: { image: 'web' }, startupSeconds: 3 }]);
    s.given(node('node-a'), pod('web', { image: 'web' }));
    s.until(10);
    expect(notes(s)).toEqual([
      [0, 'Pulling', 'Pulling image "web"'],
      [3, 'Pulled', 'Successfully pulled image "web" in 3s (3s including waiting)'],
      [3, 'Created', 'Created container web'],
      [3, 'Started', 'Started container web'],
    ]);
    expect(getPod(s.view, 'web').status.containerStatuses![0]!.image).toBe('docker.io/library/web:latest');
  });

  it('several containers: statuses sorted by name, the pod ready when all are', () => {
    const s = sim([{ match: { image: 'proxy:*' }, startupSeconds: 3 }]);
    s.given(node('node-a'), pod('two', { containers: [{ name: 'web', image: 'web:1' }, { name: 'proxy', image: 'proxy:1' }] }));
    s.tick();
    let p = getPod(s.view, 'two');
    expect(p.status.containerStatuses!.map((c) => c.name)).toEqual(['proxy', 'web']);
    expect(p.status.conditions!.find((c) => c.type === 'Ready')!.message).toBe('containers with unready status: [web proxy]');
    s.until(2);
    p = getPod(s.view, 'two');
    expect(p.status.phase).toBe('Pending');
    expect(p.status.conditions!.find((c) => c.type === 'Ready')!.message).toBe('containers with unready status: [proxy]');
    s.tick();
    p = getPod(s.view, 'two');
    expect(p.status.phase).toBe('Running');
    expect(p.status.conditions!.find((c) => c.type === 'Ready')).toMatchObject({ status: 'True', lastTransitionTime: T(3) });
  });
});

describe('IP addresses', () => {
  it('the lowest free address of the node CIDR; terminal pods free theirs; hostNetwork takes the host IP', () => {
    const s = sim([{ match: { labels: { app: 'job' } }, exit: { afterSeconds: 2, code: 0 } }]);
    s.given(node('node-a'), node('node-b', { podCIDR: '10.244.2.0/24' }, [{ type: 'InternalIP', address: '192.168.0.11' }]),
      pod('a'), pod('b'), pod('job', { labels: { app: 'job' }, restartPolicy: 'Never' }), pod('x', { node: 'node-b' }));
    s.tick();
    const ip = (n: string) => getPod(s.view, n).status.podIP;
    expect([ip('a'), ip('b'), ip('job'), ip('x')]).toEqual(['10.244.1.2', '10.244.1.3', '10.244.1.4', '10.244.2.2']);
    s.until(5); // job exits at 3 → Succeeded
    expect(getPod(s.view, 'job').status.phase).toBe('Succeeded');
    const host = pod('host', { node: 'node-b' });
    host.spec.hostNetwork = true;
    s.given(pod('c'), host);
    s.tick();
    expect(ip('c')).toBe('10.244.1.4');
    expect(ip('host')).toBe('192.168.0.11');
  });

  it('a pod bound to a node that does not exist waits for it', () => {
    const s = sim();
    s.given(pod('early', { node: 'late' }));
    s.tick(5);
    expect(getPod(s.view, 'early').status.startTime).toBeUndefined();
    s.given(node('late'));
    s.tick(2);
    expect(getPod(s.view, 'early').status).toMatchObject({ phase: 'Running', startTime: T(5) });
  });
});

describe('readiness probes (§7)', () => {
  it('PR-4 analogue: initialDelaySeconds 10 skips the probe at 10 (age 9); ready at the probe at 20', () => {
    const s = sim();
    s.given(node('node-a'), pod('p', { readinessProbe: { httpGet: { port: 80 }, initialDelaySeconds: 10, periodSeconds: 10 } }));
    s.until(19);
    let p = getPod(s.view, 'p');
    expect(p.status.phase).toBe('Running');
    expect(p.status.containerStatuses![0]!.ready).toBe(false);
    s.tick();
    p = getPod(s.view, 'p');
    expect(p.status.containerStatuses![0]!.ready).toBe(true);
    expect(p.status.conditions!.find((c) => c.type === 'Ready')).toMatchObject({ status: 'True', lastTransitionTime: T(20) });
    expect(trail(s.log)).toEqual([[0, 'ImagePulled', 'Pulled'], [0, 'PodSandboxCreated', 'Created'], [1, 'ContainerStarted', 'Started'], [20, 'ContainerReady']]);
  });

  it('PR-2 analogue: successThreshold 3, period 5, probes succeed from age 7 → successes at 10, 15, 20 → ready at 20', () => {
    const s = sim([{ match: {}, ready: { afterSeconds: 7 } }]);
    s.given(node('node-a'), pod('p', { readinessProbe: { exec: { command: ['true'] }, periodSeconds: 5, successThreshold: 3 } }));
    s.until(60);
    expect(ticksOf(s, (e) => e.type === 'ContainerReady')).toEqual([20]);
  });

  it('ready.never: Running 0/1 for good; the failing probes are only reported (Unhealthy, summarised)', () => {
    const s = sim([{ match: {}, ready: { never: true } }]);
    s.given(node('node-a'), pod('p', { readinessProbe: { tcpSocket: { port: 80 }, periodSeconds: 5 } }));
    s.until(600);
    // reports after 1, 4, 8, 16, 32, 64 failing probes (probes at 5, 10, … — the one at 0 saw no container)
    expect(trail(s.log)).toEqual([[0, 'ImagePulled', 'Pulled'], [0, 'PodSandboxCreated', 'Created'], [1, 'ContainerStarted', 'Started'],
      ...[5, 20, 40, 80, 160, 320].map((t) => [t, 'ContainerProbeFailed', 'Unhealthy'])]);
    const reports = s.log.filter((e) => e.note?.reason === 'Unhealthy').map((e) => [e.note!.count ?? 1, e.note!.firstTick ?? e.tick]);
    expect(reports).toEqual([[1, 5], [3, 10], [4, 25], [8, 45], [16, 85], [32, 165]]);
    expect(s.log.find((e) => e.note?.reason === 'Unhealthy')!.note!.message).toBe('Readiness probe failed: dial tcp 10.244.1.2:80: connect: connection refused');
    expect(getPod(s.view, 'p').status.conditions!.find((c) => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'ContainersNotReady' });
  });

  it('PR-1 analogue: every new container starts unready and turns ready at its first successful probe', () => {
    const s = sim([{ match: {}, exit: { afterSeconds: 30, code: 1 } }]);
    s.given(node('node-a'), pod('p', { readinessProbe: { httpGet: { port: 80 }, periodSeconds: 10 } }));
    s.until(100);
    // starts at 1, 32 (restart at 31, at once), 73 (exit 62 + 10 s back-off + 1 s start)
    expect(ticksOf(s, (e) => e.type === 'ContainerReady')).toEqual([10, 40, 80]);
    expect(ticksOf(s, (e) => e.type === 'ContainerExited')).toEqual([31, 62]);
  });
});

describe('exits and restarts (§6)', () => {
  it('BO-K-1: restart delays from each exit 0, 10, 20, 40, 80, 160, 300, 300; CrashLoopBackOff status and notes', () => {
    const s = sim([{ match: { image: 'crash:*' }, exit: { afterSeconds: 5, code: 1 } }]);
    s.given(node('node-a'), pod('crash', { image: 'crash:1' }));
    s.until(12);
    const p = getPod(s.view, 'crash');
    const uid = p.metadata.uid!;
    const cs = p.status.containerStatuses![0]!;
    expect(p.status.phase).toBe('Running');
    expect(cs.state).toEqual({ waiting: { reason: 'CrashLoopBackOff', message: `back-off 10s restarting failed container=web pod=crash_default(${uid})` } });
    expect(cs.lastState).toEqual({ terminated: { exitCode: 1, reason: 'Error', startedAt: T(7), finishedAt: T(12), containerID: cs.containerID } });
    expect(cs).toMatchObject({ restartCount: 1, ready: false, started: false });
    expect(notes(s, 'BackOff')).toEqual([[12, 'BackOff', `Back-off restarting failed container web in pod crash_default(${uid})`]]);
    expect(s.log.find((e) => e.note?.reason === 'BackOff')!.note!.type).toBe('Warning');

    s.until(960);
    const exits = ticksOf(s, (e) => e.type === 'ContainerExited');
    const restarts = ticksOf(s, (e) => e.note?.reason === 'Created' && e.tick > 0);
    expect(exits).toEqual([6, 12, 28, 54, 100, 186, 352, 658]);
    expect(restarts.map((r, i) => r - exits[i]!)).toEqual([0, 10, 20, 40, 80, 160, 300, 300]);
    expect(getPod(s.view, 'crash').status.containerStatuses![0]!.restartCount).toBe(8);
    expect(s.log.filter((e) => e.type === 'ContainerExited' && e.tick === 658)[0]!.data).toMatchObject({ exitCode: 1, restartAfterSeconds: 300 });
  });

  it('BO-K-2: after a container ran 11 minutes the next restart is immediate, the one after 10 s', () => {
    const s = sim([{ match: {}, exit: { afterSeconds: 5, code: 1 } }]);
    s.given(node('node-a'), pod('crash'));
    const setExit = (afterSeconds: number) => s.when((ctx) => {
      const cfg = ctx.view.get('SimConfig', '', 'simulation')!;
      ctx.update(cfg, (d) => { d.spec.behaviors = [{ match: {}, exit: { afterSeconds, code: 1 } }]; }, { type: 'SimulationConfigured' });
    });
    s.until(29);
    setExit(660); // the 4th instance starts at 49 and runs until 709
    s.until(710);
    setExit(5);
    s.until(800);
    const exits = ticksOf(s, (e) => e.type === 'ContainerExited');
    const restarts = ticksOf(s, (e) => e.note?.reason === 'Created' && e.tick > 0);
    expect(exits.slice(0, 5)).toEqual([6, 12, 28, 709, 715]);
    expect(restarts.slice(0, 5).map((r, i) => r - exits[i]!)).toEqual([0, 10, 20, 0, 10]);
  });

  it('restartPolicy Never: exit 0 → Succeeded (Completed), exit 3 → Failed; no more syncs', () => {
    const s = sim([{ match: { labels: { app: 'ok' } }, exit: { afterSeconds: 5, code: 0 } }, { match: { labels: { app: 'bad' } }, exit: { afterSeconds: 5, code: 3 } }]);
    s.given(node('node-a'), pod('ok', { labels: { app: 'ok' }, restartPolicy: 'Never' }), pod('bad', { labels: { app: 'bad' }, restartPolicy: 'Never' }));
    s.until(6);
    const ok = getPod(s.view, 'ok');
    expect(ok.status.phase).toBe('Succeeded');
    expect(ok.status.containerStatuses![0]!.state.terminated).toMatchObject({ exitCode: 0, reason: 'Completed', startedAt: T(1), finishedAt: T(6) });
    expect(ok.status.conditions!.map((c) => [c.type, c.status, c.reason])).toEqual([
      ['Initialized', 'True', 'PodCompleted'], ['Ready', 'False', 'PodCompleted'], ['ContainersReady', 'False', 'PodCompleted'], ['PodScheduled', 'True', undefined],
    ]);
    const bad = getPod(s.view, 'bad');
    expect(bad.status.phase).toBe('Failed');
    expect(bad.status.containerStatuses![0]!.state.terminated).toMatchObject({ exitCode: 3, reason: 'Error' });
    expect(bad.status.conditions!.find((c) => c.type === 'Ready')!.reason).toBe('PodFailed');
    expect(s.log.filter((e) => e.tick === 6 && e.actor === 'kubelet').map((e) => [e.object.name, e.type])).toEqual([['bad', 'PodFailed'], ['ok', 'PodSucceeded']]);
    expect(s.tick(100).filter((e) => e.actor === 'kubelet')).toEqual([]);
  });

  it('restartPolicy OnFailure: exit 0 completes the pod, a failure restarts with back-off', () => {
    const s = sim([{ match: { labels: { app: 'ok' } }, exit: { afterSeconds: 5, code: 0 } }, { match: { labels: { app: 'bad' } }, exit: { afterSeconds: 5, code: 1 } }]);
    s.given(node('node-a'), pod('ok', { labels: { app: 'ok' }, restartPolicy: 'OnFailure' }), pod('bad', { labels: { app: 'bad' }, restartPolicy: 'OnFailure' }));
    s.until(12);
    expect(getPod(s.view, 'ok').status.phase).toBe('Succeeded');
    const bad = getPod(s.view, 'bad');
    expect(bad.status.phase).toBe('Running');
    expect(bad.status.containerStatuses![0]!.state.waiting?.reason).toBe('CrashLoopBackOff');
  });

  it('restartPolicy Always restarts a container that exited 0 too', () => {
    const s = sim([{ match: {}, exit: { afterSeconds: 5, code: 0 } }]);
    s.given(node('node-a'), pod('p'));
    s.until(12);
    const cs = getPod(s.view, 'p').status.containerStatuses![0]!;
    expect(cs.state.waiting?.reason).toBe('CrashLoopBackOff');
    expect(cs.lastState.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
  });
});

describe('image pulls', () => {
  it('pull: fail → ErrImagePull, then ImagePullBackOff; retries at 0, 10, 30, 70, 150, 310, 610, 910', () => {
    const s = sim([{ match: { image: 'web:9' }, pull: 'fail' }]);
    s.given(node('node-a'), pod('p', { image: 'web:9' }));
    s.tick();
    const err = 'rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/web:9": failed to resolve reference "docker.io/library/web:9": docker.io/library/web:9: not found';
    expect(getPod(s.view, 'p').status.containerStatuses![0]!.state).toEqual({ waiting: { reason: 'ErrImagePull', message: err } });
    s.tick();
    expect(getPod(s.view, 'p').status.containerStatuses![0]!.state).toEqual({ waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "web:9"' } });
    expect(notes(s).map((n) => [n[0], n[1], n[2]])).toEqual([
      [0, 'Pulling', 'Pulling image "web:9"'],
      [0, 'Failed', `Failed to pull image "web:9": ${err}`],
      [0, 'Failed', 'Error: ErrImagePull'],
      [1, 'BackOff', 'Back-off pulling image "web:9"'],
      [1, 'Failed', 'Error: ImagePullBackOff'],
    ]);
    expect(s.log.filter((e) => e.note?.reason === 'Failed').every((e) => e.note!.type === 'Warning')).toBe(true);
    expect(s.log.find((e) => e.note?.reason === 'BackOff')!.note!.type).toBe('Normal');
    expect(trail(s.log).map((t) => t[1])).toEqual(['ImagePullStarted', 'ImagePullFailed', 'PodSandboxCreated', 'ImagePullBackedOff', 'ImagePullBackedOff']);
    s.until(920);
    expect(ticksOf(s, (e) => e.note?.reason === 'Pulling')).toEqual([0, 10, 30, 70, 150, 310, 610, 910]);
    expect(ticksOf(s, (e) => e.note?.reason === 'BackOff')).toEqual([1, 11, 31, 71, 151, 311, 611, 911]);
    const p = getPod(s.view, 'p');
    expect(p.status.phase).toBe('Pending');
    expect(p.status.containerStatuses![0]!.restartCount).toBe(0);
  });

  it('imagePullPolicy Never with a missing image: ErrImageNeverPull, no retries', () => {
    const s = sim([{ match: {}, pull: 'fail' }]);
    s.given(node('node-a'), pod('p', { imagePullPolicy: 'Never' }));
    s.until(100);
    expect(notes(s)).toEqual([
      [0, 'ErrImageNeverPull', 'Container image "web:1" is not present with pull policy of Never'],
      [0, 'Failed', 'Error: ErrImageNeverPull'],
    ]);
    expect(getPod(s.view, 'p').status.containerStatuses![0]!.state.waiting?.reason).toBe('ErrImageNeverPull');
  });
});

describe('termination', () => {
  function deleteAt(s: Sim, name: string): void {
    s.when((ctx) => { deleteObject(ctx, ctx.view.get('Pod', 'default', name)!, {}); });
  }

  it('a deleted pod: Killing, containers stop on SIGTERM, Terminating for one tick, then removed', () => {
    const s = sim();
    s.given(node('node-a'), pod('p'));
    s.until(4);
    deleteAt(s, 'p');
    s.tick();
    const p = getPod(s.view, 'p');
    expect(p.metadata.deletionTimestamp).toBe(T(35));
    expect(p.status.phase).toBe('Succeeded');
    expect(p.status.containerStatuses![0]!.state.terminated).toMatchObject({ exitCode: 0, reason: 'Completed', startedAt: T(1), finishedAt: T(5) });
    expect(notes(s, 'Killing')).toEqual([[5, 'Killing', 'Stopping container web']]);
    s.tick();
    expect(s.view.get('Pod', 'default', 'p')).toBeUndefined();
    expect(trail(s.log).slice(-2)).toEqual([[5, 'PodTerminated', 'Killing'], [6, 'PodDeleted']]);
  });

  it('deleted while ContainerCreating: never starts, ContainerStatusUnknown, Failed', () => {
    const s = sim([{ match: {}, startupSeconds: 10 }]);
    s.given(node('node-a'), pod('p'));
    s.until(2);
    deleteAt(s, 'p');
    s.tick();
    const p = getPod(s.view, 'p');
    expect(p.status.phase).toBe('Failed');
    expect(p.status.containerStatuses![0]!.state).toEqual({ terminated: { exitCode: 137, reason: 'ContainerStatusUnknown', message: 'The container could not be located when the pod was terminated' } });
    s.until(20);
    expect(s.view.get('Pod', 'default', 'p')).toBeUndefined();
    expect(notes(s, 'Started')).toEqual([]);
    expect(notes(s, 'Killing')).toEqual([]);
  });

  it('deleted in CrashLoopBackOff: no restart', () => {
    const s = sim([{ match: {}, exit: { afterSeconds: 5, code: 1 } }]);
    s.given(node('node-a'), pod('p'));
    s.until(14);
    deleteAt(s, 'p');
    s.until(40);
    expect(ticksOf(s, (e) => e.note?.reason === 'Started')).toEqual([1, 7]);
    expect(s.view.get('Pod', 'default', 'p')).toBeUndefined();
  });

  it('finalizers keep the stopped pod until the last one goes', () => {
    const s = sim();
    const held = pod('p');
    held.metadata.finalizers = ['example.com/hold'];
    s.given(node('node-a'), held);
    s.until(4);
    deleteAt(s, 'p');
    s.until(30);
    expect(getPod(s.view, 'p').status.phase).toBe('Succeeded');
    s.when((ctx) => removeFinalizer(ctx, ctx.view.get('Pod', 'default', 'p')!, 'example.com/hold', {}));
    s.tick();
    expect(s.view.get('Pod', 'default', 'p')).toBeUndefined();
  });

  it('created and deleted before the kubelet saw it: no sandbox, removed the next tick', () => {
    const s = sim();
    s.given(node('node-a'), pod('p'));
    deleteAt(s, 'p');
    s.tick();
    const p = getPod(s.view, 'p');
    expect(p.status.podIP).toBeUndefined();
    expect(p.status.phase).toBe('Failed');
    s.tick();
    expect(s.view.get('Pod', 'default', 'p')).toBeUndefined();
  });
});
