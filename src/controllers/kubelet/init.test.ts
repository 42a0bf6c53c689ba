// Init containers and native sidecars over the real engine: one at a time in order, the STATUS
// strings kubectl prints (Init:0/2, Init:CrashLoopBackOff, PodInitializing), restartPolicy Never,
// sidecars started before and stopped after the app containers, run-to-completion with sidecars.
import { describe, expect, it } from 'vitest';
import type { Behavior, Container, Pod } from '../../api/types.js';
import { Clock } from '../../api/time.js';
import { Sim } from '../../engine/testing.js';
import { podSummary } from '../../kubectl/printers/pod.js';
import { deleteObject } from '../../state/apiserver.js';
import { Kubelet } from './index.js';
import { getPod, node, pod } from './testutil.js';

const clock = new Clock();

function sim(behaviors: Behavior[] = []): Sim {
  return new Sim({ controllers: [new Kubelet()], config: { behaviors } });
}

function withInit(name: string, inits: Container[], o: Parameters<typeof pod>[1] = {}): Pod {
  const p = pod(name, o);
  p.spec.initContainers = inits;
  return p;
}

/** The STATUS column each time it changes: [tick, READY, STATUS, RESTARTS]. */
function statusChanges(s: Sim, name: string, until: number): [number, string, string, number][] {
  const out: [number, string, string, number][] = [];
  let last = '';
  for (let t = s.now; t <= until; t++) {
    s.tick();
    const p = s.view.get('Pod', 'default', name) as Pod | undefined;
    if (!p) break;
    const x = podSummary(p, t, clock);
    const key = `${x.ready} ${x.status} ${x.restarts}`;
    if (key !== last) out.push([t, x.ready, x.status, x.restarts]);
    last = key;
  }
  return out;
}

const notesOf = (s: Sim, reason: string): [number, string][] => s.log.filter((e) => e.actor === 'kubelet' && e.note?.reason === reason).map((e) => [e.tick, e.note!.message]);

describe('init containers', () => {
  it('run one at a time in order, then the app containers: Init:0/2, Init:1/2, PodInitializing, Running', () => {
    // i1 has no exit in its behaviour: an init container completes 1 s after it starts
    const s = sim([{ match: { image: 'migrate:*' }, exit: { afterSeconds: 3, code: 0 } }]);
    s.given(node('node-a'), withInit('p', [{ name: 'wait-db', image: 'busybox:1' }, { name: 'migrate', image: 'migrate:1' }]));
    expect(statusChanges(s, 'p', 10)).toEqual([
      [0, '0/1', 'Init:0/2', 0], [2, '0/1', 'Init:1/2', 0], [6, '0/1', 'PodInitializing', 0], [7, '1/1', 'Running', 0],
    ]);
    expect(notesOf(s, 'Started')).toEqual([[1, 'Started container wait-db'], [3, 'Started container migrate'], [7, 'Started container web']]);
    const p = getPod(s.view, 'p');
    expect(p.status.initContainerStatuses!.map((c) => [c.name, c.state.terminated?.reason, c.state.terminated?.exitCode, c.ready])).toEqual([
      ['wait-db', 'Completed', 0, true], ['migrate', 'Completed', 0, true],
    ]);
    expect(p.status.conditions!.find((c) => c.type === 'Initialized')).toMatchObject({ status: 'True', lastTransitionTime: clock.at(6) });
  });

  it('while initializing: Initialized False with the incomplete containers, the app containers waiting PodInitializing', () => {
    const s = sim([{ match: { image: 'slow:*' }, exit: { afterSeconds: 100, code: 0 } }]);
    s.given(node('node-a'), withInit('p', [{ name: 'a', image: 'slow:1' }, { name: 'b', image: 'busybox:1' }]));
    s.until(5);
    const p = getPod(s.view, 'p');
    expect(p.status.phase).toBe('Pending');
    expect(p.status.conditions!.find((c) => c.type === 'Initialized')).toMatchObject({ status: 'False', reason: 'ContainersNotInitialized', message: 'containers with incomplete status: [a b]' });
    expect(p.status.containerStatuses![0]!.state).toEqual({ waiting: { reason: 'PodInitializing' } });
    expect(p.status.initContainerStatuses![1]!.state).toEqual({ waiting: { reason: 'PodInitializing' } });
  });

  it('a failing init container restarts with the crash back-off (BO-K-1): Init:Error, Init:CrashLoopBackOff; the next one waits', () => {
    const s = sim([{ match: { image: 'fail:*' }, exit: { afterSeconds: 2, code: 1 } }]);
    s.given(node('node-a'), withInit('p', [{ name: 'check', image: 'fail:1' }, { name: 'next', image: 'busybox:1' }]));
    expect(statusChanges(s, 'p', 40)).toEqual([
      [0, '0/1', 'Init:0/2', 0], [3, '0/1', 'Init:Error', 0], [4, '0/1', 'Init:0/2', 1], [6, '0/1', 'Init:CrashLoopBackOff', 1],
      [17, '0/1', 'Init:0/2', 2], [19, '0/1', 'Init:CrashLoopBackOff', 2], [40, '0/1', 'Init:0/2', 3],
    ]);
    expect(notesOf(s, 'Started').every(([, m]) => m === 'Started container check')).toBe(true);
    expect(getPod(s.view, 'p').status.phase).toBe('Pending');
  });

  it('restartPolicy Never: a failed init container fails the pod (Init:Error); the app never starts', () => {
    const s = sim([{ match: { image: 'fail:*' }, exit: { afterSeconds: 2, code: 1 } }]);
    s.given(node('node-a'), withInit('p', [{ name: 'check', image: 'fail:1' }, { name: 'next', image: 'busybox:1' }], { restartPolicy: 'Never' }));
    expect(statusChanges(s, 'p', 30)).toEqual([[0, '0/1', 'Init:0/2', 0], [3, '0/1', 'Init:Error', 0]]);
    const p = getPod(s.view, 'p');
    expect(p.status.phase).toBe('Failed');
    expect(p.status.containerStatuses![0]!.state).toEqual({ waiting: { reason: 'PodInitializing' } });
    expect(s.log.filter((e) => e.actor === 'kubelet' && e.tick > 3)).toEqual([]);
  });

  it('an OOM-killed init container reads Init:OOMKilled', () => {
    const s = sim([{ match: { image: 'hungry:*' }, exit: { afterSeconds: 30, code: 0 }, usage: [{ atSeconds: 2, memory: '1Gi' }] }]);
    s.given(node('node-a'), withInit('p', [{ name: 'load', image: 'hungry:1', resources: { limits: { memory: '256Mi' } } }]));
    s.until(3);
    expect(podSummary(getPod(s.view, 'p'), 3, clock).status).toBe('Init:OOMKilled');
  });
});

describe('native sidecars (initContainers with restartPolicy Always)', () => {
  const proxy: Container = { name: 'proxy', image: 'proxy:1', restartPolicy: 'Always', startupProbe: { httpGet: { port: 15021 }, periodSeconds: 2, failureThreshold: 30 } };

  it('start in order before the app containers: the next init container waits for the sidecar\'s startup probe', () => {
    const s = sim([{ match: { image: 'proxy:*' }, startupSeconds: 2, started: { afterSeconds: 4 } }]);
    s.given(node('node-a'), withInit('p', [proxy, { name: 'setup', image: 'setup:1' }]));
    expect(statusChanges(s, 'p', 12)).toEqual([
      [0, '0/2', 'Init:0/2', 0], [6, '1/2', 'Init:1/2', 0], [8, '1/2', 'PodInitializing', 0], [9, '2/2', 'Running', 0],
    ]);
    // proxy runs at 2; startup probes at 2, 4 fail (ages 0, 2), 6 passes → setup starts at 6
    expect(notesOf(s, 'Created').map(([t]) => t)).toEqual([0, 6, 8]);
    const p = getPod(s.view, 'p');
    expect(p.status.initContainerStatuses![0]).toMatchObject({ name: 'proxy', started: true, ready: true });
    expect(p.status.conditions!.find((c) => c.type === 'ContainersReady')!.status).toBe('True');
  });

  it('are restarted when they exit, with the crash back-off, and do not hold the initialized pod back', () => {
    const s = sim([{ match: { image: 'proxy:*' }, exit: { afterSeconds: 20, code: 1 } }]);
    s.given(node('node-a'), withInit('p', [{ name: 'proxy', image: 'proxy:1', restartPolicy: 'Always' }]));
    s.until(60);
    // proxy 1–21, restarted at once (21–42), then back-off 10 s (52)
    expect(notesOf(s, 'Started').filter(([, m]) => m === 'Started container proxy').map(([t]) => t)).toEqual([1, 22, 53]);
    const p = getPod(s.view, 'p');
    expect(p.status.phase).toBe('Running');
    expect(p.status.conditions!.find((c) => c.type === 'Initialized')!.status).toBe('True');
    expect(p.status.containerStatuses![0]!.restartCount).toBe(0);
  });

  it('stop after the app containers on deletion, later sidecars first (termination ordering)', () => {
    const s = sim([
      { match: { image: 'web:*' }, terminate: { preStopSeconds: 5, sigtermSeconds: 2 } },
      { match: { image: 'proxy:*' }, terminate: { sigtermSeconds: 1 } },
      { match: { image: 'logs:*' }, terminate: { sigtermSeconds: 3 } },
    ]);
    const p = withInit('p', [{ name: 'proxy', image: 'proxy:1', restartPolicy: 'Always' }, { name: 'logs', image: 'logs:1', restartPolicy: 'Always' }], {
      containers: [{ name: 'web', image: 'web:1', lifecycle: { preStop: { exec: { command: ['sleep', '5'] } } } }],
    });
    s.given(node('node-a'), p);
    s.until(10);
    s.when((ctx) => { deleteObject(ctx, ctx.view.get('Pod', 'default', 'p')!, {}); });
    s.until(30);
    // Killing for all three at 11; web: preStop to 16, SIGTERM, exits 18; logs: SIGTERM at 18, exits
    // 21; proxy waits for logs: SIGTERM at 21, exits 22; the pod is removed the tick after
    // (upstream kills in parallel goroutines; kreplay records app containers, then sidecars last to first)
    expect(notesOf(s, 'Killing')).toEqual([[11, 'Stopping container web'], [11, 'Stopping container logs'], [11, 'Stopping container proxy']]);
    const stopped = s.log.filter((e) => e.actor === 'kubelet' && (e.type === 'ContainerStopped' || e.type === 'PodTerminated')).map((e) => [e.tick, e.data?.['container']]);
    expect(stopped).toEqual([[18, 'web'], [21, 'logs'], [22, 'proxy']]);
    expect(s.log.find((e) => e.type === 'PodDeleted')!.tick).toBe(23);
  });

  it('a run-to-completion pod: when the app containers are done the sidecars are stopped and the pod Succeeds', () => {
    const s = sim([{ match: { image: 'job:*' }, exit: { afterSeconds: 5, code: 0 } }, { match: { image: 'proxy:*' }, terminate: { sigtermSeconds: 2 } }]);
    const p = withInit('p', [{ name: 'proxy', image: 'proxy:1', restartPolicy: 'Always' }], { image: 'job:1', restartPolicy: 'Never' });
    s.given(node('node-a'), p);
    expect(statusChanges(s, 'p', 20)).toEqual([
      [0, '0/2', 'Init:0/1', 0], [1, '1/2', 'PodInitializing', 0], [2, '2/2', 'Running', 0], [7, '1/2', 'Completed', 0], [9, '0/2', 'Completed', 0],
    ]);
    // web exits 0 at 7 → KillPod: "Stopping container proxy", SIGTERM, exits 2 s later → Succeeded
    expect(notesOf(s, 'Killing')).toEqual([[7, 'Stopping container proxy']]);
    expect(getPod(s.view, 'p').status.phase).toBe('Succeeded');
  });

  it('restartPolicy Never + a failed init container: the running sidecars are stopped, the pod Failed', () => {
    const s = sim([{ match: { image: 'fail:*' }, exit: { afterSeconds: 3, code: 2 } }]);
    s.given(node('node-a'), withInit('p', [{ name: 'proxy', image: 'proxy:1', restartPolicy: 'Always' }, { name: 'check', image: 'fail:1' }], { restartPolicy: 'Never' }));
    s.until(20);
    expect(notesOf(s, 'Killing')).toEqual([[5, 'Stopping container proxy']]);
    const p = getPod(s.view, 'p');
    expect(p.status.phase).toBe('Failed');
    expect(p.status.initContainerStatuses!.map((c) => c.state.terminated?.exitCode)).toEqual([0, 2]);
    expect(podSummary(p, 20, clock).status).toBe('Init:Error');
  });
});
