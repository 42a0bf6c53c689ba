// The kubelet's small calculators: behaviour matching, images, IPAM, phase and conditions.
import { describe, expect, it } from 'vitest';
import type { Behavior, ContainerStatus, PodSpec } from '../../api/types.js';
import { DEFAULT_BEHAVIOR, behaviorFor, globToRegExp } from './behavior.js';
import { effectivePullPolicy, imageID, normalizedImage, pulledMessage, pullErrorText } from './images.js';
import { formatIPv4, nodeHostIP, nodePodCidr, parseCidr, parseIPv4 } from './ipam.js';
import { containersReadyCondition, generateConditions, getPhase, jsonEqual } from './status.js';
import { node, pod } from './testutil.js';

describe('behaviours', () => {
  const rules: Behavior[] = [
    { match: { image: 'web:2*' }, startupSeconds: 3, ready: { afterSeconds: 10 } },
    { match: { labels: { app: 'db' } }, exit: { afterSeconds: 5, code: 1 } },
    { match: { image: 'web:*', labels: { tier: 'edge' } }, ready: { never: true } },
    { match: {}, pull: 'fail' },
  ];

  it('globs are anchored; * and ? only', () => {
    expect(globToRegExp('web:2*').test('web:2.1')).toBe(true);
    expect(globToRegExp('web:2*').test('xweb:2')).toBe(false);
    expect(globToRegExp('a.b?').test('a.bc')).toBe(true);
    expect(globToRegExp('a.b?').test('aXbc')).toBe(false);
  });

  it('the first rule that matches wins; image and labels must both match', () => {
    const p = pod('p', { labels: { app: 'db', tier: 'edge' } });
    const at = (image: string) => behaviorFor(rules, p, { name: 'c', image });
    expect(at('web:2.0')).toMatchObject({ startupSeconds: 3, readyAfterSeconds: 10, pullFails: false });
    expect(at('web:1')).toMatchObject({ exit: { afterSeconds: 5, code: 1 } });
    const edge = pod('q', { labels: { tier: 'edge' } });
    expect(behaviorFor(rules, edge, { name: 'c', image: 'web:1' }).readyAfterSeconds).toBe(Infinity);
    expect(behaviorFor(rules, edge, { name: 'c', image: 'other:1' }).pullFails).toBe(true);
  });

  it('defaults: running 1 s after creation, ready at once, no exit, pulls succeed', () => {
    expect(behaviorFor([], pod('p'), { name: 'c', image: 'x' })).toBe(DEFAULT_BEHAVIOR);
    expect(DEFAULT_BEHAVIOR).toEqual({ startupSeconds: 1, startupJitterSeconds: 0, readyAfterSeconds: 0, pullFails: false, stopSeconds: 0 });
  });
});

describe('images', () => {
  it('pull policy defaults to Always for :latest and untagged images', () => {
    expect(effectivePullPolicy({ name: 'c', image: 'nginx' })).toBe('Always');
    expect(effectivePullPolicy({ name: 'c', image: 'nginx:latest' })).toBe('Always');
    expect(effectivePullPolicy({ name: 'c', image: 'nginx:1.25' })).toBe('IfNotPresent');
    expect(effectivePullPolicy({ name: 'c', image: 'localhost:5000/app' })).toBe('Always');
    expect(effectivePullPolicy({ name: 'c', image: 'nginx', imagePullPolicy: 'Never' })).toBe('Never');
  });

  it('names normalise like containerd reports them', () => {
    expect(normalizedImage('nginx')).toBe('docker.io/library/nginx:latest');
    expect(normalizedImage('me/app:2')).toBe('docker.io/me/app:2');
    expect(normalizedImage('registry.k8s.io/pause:3.9')).toBe('registry.k8s.io/pause:3.9');
    expect(normalizedImage('localhost:5000/app')).toBe('localhost:5000/app:latest');
    expect(imageID('web:1')).toMatch(/^docker\.io\/library\/web@sha256:[0-9a-f]{64}$/);
    expect(imageID('web:1')).toBe(imageID('web:1'));
  });

  it('v1.28 messages', () => {
    expect(pulledMessage('web:1', 1)).toBe('Successfully pulled image "web:1" in 1s (1s including waiting)');
    expect(pulledMessage('web:1', 90)).toBe('Successfully pulled image "web:1" in 1m30s (1m30s including waiting)');
    expect(pullErrorText('web:9')).toBe('rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/web:9": failed to resolve reference "docker.io/library/web:9": docker.io/library/web:9: not found');
  });
});

describe('IPAM', () => {
  it('parses and formats IPv4 and CIDRs', () => {
    expect(formatIPv4(parseIPv4('10.244.3.17')!)).toBe('10.244.3.17');
    expect(parseIPv4('10.244.3.256')).toBeUndefined();
    expect(parseCidr('10.244.3.9/24')).toEqual({ network: parseIPv4('10.244.3.0'), prefix: 24, size: 256 });
  });

  it('host IP: InternalIP first, else a stable made-up one', () => {
    expect(nodeHostIP(node('a', {}, [{ type: 'Hostname', address: 'a' }, { type: 'InternalIP', address: '192.168.1.5' }]))).toBe('192.168.1.5');
    const made = nodeHostIP(node('a'));
    expect(made).toMatch(/^172\.(1[6-9]|2\d|3[01])\./);
    expect(nodeHostIP(node('a'))).toBe(made);
  });

  it('pod CIDR: spec.podCIDR, else a /24 of the cluster CIDR picked by name', () => {
    expect(nodePodCidr(node('a', { podCIDR: '10.244.7.0/24' }), '10.244.0.0/16')!.network).toBe(parseIPv4('10.244.7.0'));
    const c = nodePodCidr(node('a', { podCIDR: undefined as unknown as string }), '10.244.0.0/16')!;
    expect(c.prefix).toBe(24);
    expect(formatIPv4(c.network)).toMatch(/^10\.244\.\d+\.0$/);
  });
});

describe('pod status', () => {
  const spec = (restartPolicy: NonNullable<PodSpec['restartPolicy']>, names = ['a', 'b']): PodSpec => ({ containers: names.map((n) => ({ name: n, image: 'x' })), restartPolicy });
  const cs = (name: string, state: ContainerStatus['state'], last: ContainerStatus['lastState'] = {}): ContainerStatus =>
    ({ name, state, lastState: last, ready: false, restartCount: 0, image: 'x', imageID: '' });
  const running = { running: { startedAt: 't' } };
  const exited = (exitCode: number) => ({ terminated: { exitCode } });
  const waiting = { waiting: { reason: 'ContainerCreating' } };

  it('getPhase (kubelet_pods.go)', () => {
    expect(getPhase(spec('Always'), [cs('a', waiting), cs('b', running)], false)).toBe('Pending');
    expect(getPhase(spec('Always'), [cs('a', running), cs('b', running)], false)).toBe('Running');
    expect(getPhase(spec('Always'), [cs('a', running)], false)).toBe('Pending'); // b unknown
    expect(getPhase(spec('Always'), [cs('a', exited(1)), cs('b', { waiting: { reason: 'CrashLoopBackOff' } }, exited(1))], false)).toBe('Running');
    expect(getPhase(spec('Never'), [cs('a', exited(0)), cs('b', exited(0))], false)).toBe('Succeeded');
    expect(getPhase(spec('Never'), [cs('a', exited(0)), cs('b', exited(2))], false)).toBe('Failed');
    expect(getPhase(spec('OnFailure'), [cs('a', exited(0)), cs('b', exited(2))], false)).toBe('Running');
    expect(getPhase(spec('Always'), [cs('a', exited(0)), cs('b', exited(0))], true)).toBe('Succeeded');
    expect(getPhase(spec('Always'), [cs('a', exited(0)), cs('b', exited(137))], true)).toBe('Failed');
  });

  it('ContainersReady names the unready containers in spec order, Go-style', () => {
    expect(containersReadyCondition(spec('Always', ['b', 'a']), [cs('a', running), cs('b', running)], 'Running'))
      .toEqual({ type: 'ContainersReady', status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [b a]' });
    expect(containersReadyCondition(spec('Never'), [cs('a', exited(0)), cs('b', exited(0))], 'Succeeded'))
      .toEqual({ type: 'ContainersReady', status: 'False', reason: 'PodCompleted' });
  });

  it('conditions keep their lastTransitionTime while the status holds; others are kept first', () => {
    const p = pod('p');
    p.status.conditions = [
      { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: 'T0' },
      { type: 'example.com/gate', status: 'True', lastTransitionTime: 'G' },
      { type: 'Ready', status: 'False', lastProbeTime: null, lastTransitionTime: 'T1', reason: 'ContainersNotReady', message: 'm' },
    ];
    const ready = { ...cs('web', running), ready: true };
    const c = generateConditions(p, [ready], 'Running', 'T2');
    expect(c.map((x) => [x.type, x.status, x.lastTransitionTime])).toEqual([
      ['example.com/gate', 'True', 'G'], ['Initialized', 'True', 'T2'], ['Ready', 'True', 'T2'], ['ContainersReady', 'True', 'T2'], ['PodScheduled', 'True', 'T0'],
    ]);
  });

  it('readiness gates hold Ready', () => {
    const p = pod('p');
    p.spec.readinessGates = [{ conditionType: 'example.com/lb' }];
    const c = generateConditions(p, [{ ...cs('web', running), ready: true }], 'Running', 'T');
    expect(c.find((x) => x.type === 'Ready')).toMatchObject({ status: 'False', reason: 'ReadinessGatesNotReady', message: 'corresponding condition of pod readiness gate "example.com/lb" does not exist.' });
    expect(c.find((x) => x.type === 'ContainersReady')!.status).toBe('True');
  });

  it('jsonEqual ignores undefined-valued keys and key order', () => {
    expect(jsonEqual({ a: 1, b: [1, { c: null }] }, { b: [1, { c: null }], a: 1, d: undefined })).toBe(true);
    expect(jsonEqual({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(jsonEqual([1], { 0: 1 })).toBe(false);
  });
});

describe('start-up ranges', () => {
  it('draw a stable start-up per pod, container and start, spread over the range', async () => {
    const { startupFor, resolveBehavior } = await import('./behavior.js');
    const b = resolveBehavior({ match: {}, startupSeconds: 2, startupJitterSeconds: 4 });
    const seen = new Set<number>();
    for (let i = 0; i < 200; i++) {
      const s = startupFor(b, `uid-${i}`, 'web', 0);
      expect(s).toBeGreaterThanOrEqual(2);
      expect(s).toBeLessThanOrEqual(6);
      expect(startupFor(b, `uid-${i}`, 'web', 0)).toBe(s);
      seen.add(s);
    }
    expect([...seen].sort()).toEqual([2, 3, 4, 5, 6]);
  });
});

describe('a stopped kubelet', () => {
  it('freezes its pods until it is started again', async () => {
    const { Sim } = await import('../../engine/testing.js');
    const { Kubelet } = await import('./index.js');
    const sim = new Sim({ controllers: [new Kubelet()], config: { behaviors: [{ match: { image: 'x:*' }, startupSeconds: 3 }] } });
    const node = { apiVersion: 'v1', kind: 'Node' as const, metadata: { name: 'n1' }, spec: { podCIDR: '10.244.1.0/24' }, status: { addresses: [{ type: 'InternalIP', address: '10.0.0.10' }] } };
    const p = { apiVersion: 'v1', kind: 'Pod' as const, metadata: { name: 'p', namespace: 'default' }, spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'x:1' }] }, status: { phase: 'Pending' as const } };
    sim.given(node, p);
    sim.tick(1);
    sim.when((ctx) => { ctx.update(ctx.view.get('Node', '', 'n1')!, (d) => { d.sim = { kubelet: { running: false } }; }, { type: 'NodeKubeletStopped' }); });
    sim.tick(10);
    expect(sim.view.get('Pod', 'default', 'p')!.status.phase).toBe('Pending');
    sim.when((ctx) => { ctx.update(ctx.view.get('Node', '', 'n1')!, (d) => { d.sim = { kubelet: { running: true } }; }, { type: 'NodeKubeletStarted' }); });
    sim.tick(1);
    expect(sim.view.get('Pod', 'default', 'p')!.status.phase).toBe('Running');
  });
});
