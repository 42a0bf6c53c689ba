// The metrics APIs over the real engine: metrics-server's samples (scrape grid, fresh containers,
// averaging windows, load shared by ready pods) and the custom/external series with their errors.
import { describe, expect, it } from 'vitest';
import { Clock } from '../api/time.js';
import type { Behavior, MetricSeries, Node, SimConfig, UsageRule } from '../api/types.js';
import { Kubelet } from '../controllers/kubelet/index.js';
import { node, pod } from '../controllers/kubelet/testutil.js';
import { Sim } from '../engine/testing.js';
import { deleteObject } from '../state/apiserver.js';
import type { Ctx } from '../state/controller.js';
import { lastScrape, metricsFor, Scraper } from './index.js';

const clock = new Clock();
const WEB = { matchLabels: { app: 'web' } };

function sim(behaviors: Behavior[] = [], metrics?: MetricSeries[]): Sim {
  return new Sim({ controllers: [new Kubelet()], config: { behaviors, ...(metrics ? { metrics } : {}) } });
}

/** cpu millicores of each pod with a sample at tick t (name → cpu), or the error */
function cpuAt(s: Sim, t: number): Record<string, number> | string {
  const r = metricsFor(s.view, t, clock).podResourceMetrics('default', WEB);
  if (!r.ok) return r.error;
  return Object.fromEntries([...r.value].map(([n, m]) => [n, m.containers.reduce((x, c) => x + c.cpuMillis, 0)]));
}

function addRule(rule: UsageRule): (ctx: Ctx) => void {
  return (ctx) => {
    const cfg = ctx.view.get('SimConfig', '', 'simulation') as SimConfig;
    ctx.update(cfg, (d) => { d.spec.usage.push(rule); }, { type: rule.load ? 'LoadChanged' : 'UsageChanged' });
  };
}

const UNREADY = { httpGet: { path: '/healthz', port: 8080 } };

describe('resource metrics (metrics-server v0.6, --metric-resolution=15s)', () => {
  it('serves the latest scrape: every 15 s from tick 0', () => {
    expect([0, 14, 15, 29, 30, 44].map(lastScrape)).toEqual([0, 0, 15, 15, 30, 30]);
  });

  it('a container has a sample from the first scrape at which it is 10 s old (fresh: window = age), else two scrapes (window 15 s)', () => {
    const usage = [{ atSeconds: 0, cpu: '100m', memory: '64Mi' }];
    const s = sim([{ match: { image: 'slow:*' }, startupSeconds: 8, usage }, { match: {}, usage }]);
    s.given(node('node-a'), pod('a'), pod('b', { image: 'slow:1' })); // a runs from tick 1, b from 8
    s.until(14);
    expect(cpuAt(s, 14)).toBe('no metrics returned from resource metrics API');
    s.until(15);
    const at15 = metricsFor(s.view, 15, clock).podResourceMetrics('default', WEB);
    expect(at15).toEqual({ ok: true, value: new Map([['a', { timestampTick: 15, windowSeconds: 14, containers: [{ name: 'web', cpuMillis: 100, memoryBytes: 64 * 2 ** 20 }] }]]) });
    s.until(29);
    expect(cpuAt(s, 29)).toEqual({ a: 100 }); // still the scrape of 15: b was 7 s old then
    s.until(30);
    const at30 = metricsFor(s.view, 30, clock).podResourceMetrics('default', WEB);
    expect(at30.ok && at30.value.get('b')).toEqual({ timestampTick: 30, windowSeconds: 15, containers: [{ name: 'web', cpuMillis: 100, memoryBytes: 64 * 2 ** 20 }] });
  });

  it('CPU is the average over the window (a behaviour series step inside it); memory is the value at the scrape', () => {
    const s = sim([{ match: {}, usage: [{ atSeconds: 0, cpu: '100m', memory: '64Mi' }, { atSeconds: 20, cpu: '400m', memory: '128Mi' }] }]);
    s.given(node('node-a'), pod('a')); // runs from 1: the step is at tick 21
    s.until(30);
    const r = metricsFor(s.view, 30, clock).podResourceMetrics('default', WEB);
    // ticks 16–20 at 100m, 21–30 at 400m: (5·100 + 10·400) / 15 = 300m
    expect(r.ok && r.value.get('a')!.containers).toEqual([{ name: 'web', cpuMillis: 300, memoryBytes: 128 * 2 ** 20 }]);
    s.until(45);
    expect(cpuAt(s, 45)).toEqual({ a: 400 });
  });

  it('rounds an average up to whole millicores, as Quantity.MilliValue does', () => {
    const s = sim([{ match: {}, usage: [{ atSeconds: 0, cpu: '100m' }, { atSeconds: 28, cpu: '101m' }] }]);
    s.given(node('node-a'), pod('a'));
    s.until(30);
    // ticks 16–28 at 100m, 29–30 at 101m: 1502/15 = 100.13… → 101
    expect(cpuAt(s, 30)).toEqual({ a: 101 });
  });

  it('a load: rule is shared by the ready pods — a new ready replica lowers everyone\'s share', () => {
    const s = sim([{ match: { image: 'unready:*' }, ready: { never: true } }]);
    s.given(node('node-a'), pod('a'), pod('b'), pod('u', { image: 'unready:1', readinessProbe: UNREADY }));
    s.when(addRule({ sinceTick: 0, selector: { app: 'web' }, load: { cpu: '1' } }));
    s.until(30);
    // u runs but is not ready: it gets no share (0m) and a and b split the load
    expect(cpuAt(s, 30)).toEqual({ a: 500, b: 500, u: 0 });
    s.when((ctx) => { ctx.create(pod('c'), { type: 'PodCreated' }); });
    s.until(45);
    // c became ready at 31: the shares are read from the pods ready now (c: 10 s of running at 45 ≥ 10)
    expect(cpuAt(s, 45)).toEqual({ a: 333, b: 333, c: 333, u: 0 });
  });

  it('a terminating pod leaves the load to the others (no share while it shuts down)', () => {
    const s = sim([{ match: {}, terminate: { sigtermSeconds: 25 } }]);
    s.given(node('node-a'), pod('a'), pod('b'), pod('c'));
    s.when(addRule({ sinceTick: 0, selector: { app: 'web' }, load: { cpu: '900m' } }));
    s.until(30);
    expect(cpuAt(s, 30)).toEqual({ a: 300, b: 300, c: 300 });
    s.when((ctx) => { deleteObject(ctx, ctx.view.get('Pod', 'default', 'c')!, {}); });
    s.until(45);
    // c still runs (SIGTERM takes 25 s) but receives nothing (shares are read from the pods as they are now)
    expect(cpuAt(s, 45)).toEqual({ a: 450, b: 450, c: 0 });
  });

  it('a usage: rule sets the container usage from its tick on, averaged in the window it falls in', () => {
    const s = sim([{ match: {}, usage: [{ atSeconds: 0, cpu: '100m' }] }]);
    s.given(node('node-a'), pod('a'));
    s.until(35);
    s.when(addRule({ sinceTick: 36, selector: { app: 'web' }, cpu: '250m' }));
    s.until(45);
    // ticks 31–35 at 100m, 36–45 at 250m: (500 + 2500) / 15 = 200
    expect(cpuAt(s, 45)).toEqual({ a: 200 });
    s.until(60);
    expect(cpuAt(s, 60)).toEqual({ a: 250 });
  });

  it('pods not Running, and pods on a node whose kubelet stopped, are absent', () => {
    const s = sim([{ match: { image: 'broken:*' }, pull: 'fail' }]);
    s.given(node('node-a'), node('node-b'), pod('a'), pod('p', { image: 'broken:1' }), pod('b', { node: 'node-b' }));
    s.until(30);
    expect(Object.keys(cpuAt(s, 30) as object)).toEqual(['a', 'b']);
    s.when((ctx) => {
      const n = ctx.view.get('Node', '', 'node-b') as Node;
      ctx.update(n, (d) => { d.sim = { kubelet: { running: false, since: ctx.tick } }; }, { type: 'NodeKubeletStopped' });
    });
    s.until(44);
    expect(Object.keys(cpuAt(s, 44) as object)).toEqual(['a', 'b']); // the scrape of 30 still holds it
    s.until(45);
    expect(Object.keys(cpuAt(s, 45) as object)).toEqual(['a']);
  });

  it('a pod with a container younger than 10 s at the scrape is absent (metrics-server drops the pod)', () => {
    const s = sim([{ match: { image: 'side:*' }, startupSeconds: 8 }]);
    s.given(node('node-a'), pod('a', { containers: [{ name: 'app', image: 'app:1' }, { name: 'side', image: 'side:1' }] }));
    s.until(15); // app runs from 1 (14 s), side from 8 (7 s)
    expect(cpuAt(s, 15)).toBe('no metrics returned from resource metrics API');
    s.until(30);
    const r = metricsFor(s.view, 30, clock).podResourceMetrics('default', WEB);
    expect(r.ok && r.value.get('a')!.containers.map((c) => c.name)).toEqual(['app', 'side']);
  });

  it('nodes: the sum over their containers, from the second scrape they answered', () => {
    const s = sim([{ match: {}, usage: [{ atSeconds: 0, cpu: '200m', memory: '100Mi' }] }]);
    s.given(node('node-a'), pod('a'), pod('b'));
    s.until(14);
    expect(new Scraper(s.view, 14, clock).nodeSample(s.view.get('Node', '', 'node-a')!)).toBeUndefined();
    s.until(15);
    // running from tick 1: ticks 2–15 of the window (0, 15] at 200m each, two pods
    expect(new Scraper(s.view, 15, clock).nodeSample(s.view.get('Node', '', 'node-a')!)).toEqual({ timestampTick: 15, windowSeconds: 15, cpuNanos: Math.floor((2 * 14 * 200 * 1e6) / 15), memoryBytes: 200 * 2 ** 20 });
    s.until(30);
    expect(new Scraper(s.view, 30, clock).nodeSample(s.view.get('Node', '', 'node-a')!)).toMatchObject({ cpuNanos: 400e6, memoryBytes: 200 * 2 ** 20 });
  });

  it('is a function of the view and the tick (two sources agree; asking twice changes nothing)', () => {
    const s = sim([{ match: {}, usage: [{ atSeconds: 0, cpu: '100m' }, { atSeconds: 20, cpu: '400m' }] }]);
    s.given(node('node-a'), pod('a'), pod('b'));
    s.until(40);
    const m = metricsFor(s.view, 40, clock);
    const first = m.podResourceMetrics('default', WEB);
    expect(m.podResourceMetrics('default', WEB)).toEqual(first);
    expect(metricsFor(s.view, 40, clock).podResourceMetrics('default', WEB)).toEqual(first);
  });
});

describe('custom and external metrics (SimConfig.spec.metrics)', () => {
  const series: MetricSeries[] = [
    { type: 'Pods', name: 'rps', namespace: 'default', selector: { app: 'web' }, points: [{ tick: 0, total: '900' }, { tick: 40, total: '1500' }, { tick: 60, absent: true }] },
    { type: 'Pods', name: 'conns', namespace: 'default', selector: { app: 'web' }, points: [{ tick: 20, perPod: '10' }] },
    { type: 'Object', name: 'requests-per-second', namespace: 'default', object: { kind: 'Ingress', name: 'main' }, points: [{ tick: 0, value: '2k' }, { tick: 30, absent: true }] },
    { type: 'External', name: 'queue_messages_ready', namespace: 'default', selector: { queue: 'jobs' }, points: [{ tick: 0, value: '30' }, { tick: 50, value: '3000' }] },
    { type: 'External', name: 'queue_messages_ready', namespace: 'default', selector: { queue: 'mail' }, points: [{ tick: 0, value: '12' }] },
  ];

  function customSim(): Sim {
    const s = sim([{ match: { image: 'unready:*' }, ready: { never: true } }], series);
    s.given(node('node-a'), pod('a'), pod('b'), pod('c'), pod('u', { image: 'unready:1', readinessProbe: UNREADY }));
    return s;
  }

  const milli = (a: ReturnType<ReturnType<typeof metricsFor>['podsMetric']>): Record<string, number> | string =>
    a.ok ? Object.fromEntries([...a.value].map(([n, v]) => [n, v.milli])) : a.error;

  it('Pods: a total shared evenly by the ready pods (truncated), 0 for a pod not ready; a step function of time', () => {
    const s = customSim();
    s.until(10);
    expect(milli(metricsFor(s.view, 10, clock).podsMetric('default', 'rps', WEB))).toEqual({ a: 300000, b: 300000, c: 300000, u: 0 });
    s.until(40);
    const at40 = metricsFor(s.view, 40, clock).podsMetric('default', 'rps', WEB);
    expect(milli(at40)).toEqual({ a: 500000, b: 500000, c: 500000, u: 0 });
    expect(at40.ok && at40.value.get('a')).toEqual({ milli: 500000, timestampTick: 40, windowSeconds: 60 });
    s.when((ctx) => { ctx.create(pod('d'), { type: 'PodCreated' }); });
    s.until(45);
    expect(milli(metricsFor(s.view, 45, clock).podsMetric('default', 'rps', WEB))).toEqual({ a: 375000, b: 375000, c: 375000, d: 375000, u: 0 });
  });

  it('Pods: perPod is what every running matching pod reports; before the first point the metric is not found', () => {
    const s = customSim();
    s.until(19);
    expect(milli(metricsFor(s.view, 19, clock).podsMetric('default', 'conns', WEB))).toBe('unable to fetch metrics from custom metrics API: the server could not find the metric conns for pods');
    s.until(20);
    expect(milli(metricsFor(s.view, 20, clock).podsMetric('default', 'conns', WEB))).toEqual({ a: 10000, b: 10000, c: 10000, u: 10000 });
  });

  it('Pods errors: no such metric, absent values, no pods selected', () => {
    const s = customSim();
    s.until(60);
    const m = metricsFor(s.view, 60, clock);
    expect(milli(m.podsMetric('default', 'nope', WEB))).toBe('unable to fetch metrics from custom metrics API: the server could not find the metric nope for pods');
    expect(milli(m.podsMetric('default', 'rps', WEB))).toBe('unable to fetch metrics from custom metrics API: the server could not find the metric rps for pods');
    expect(milli(m.podsMetric('default', 'conns', { matchLabels: { app: 'other' } }))).toBe('no metrics returned from custom metrics API');
    expect(milli(m.podsMetric('other', 'conns', WEB))).toBe('unable to fetch metrics from custom metrics API: the server could not find the metric conns for pods');
  });

  it('Object: the value of the described object, an error naming its group/resource when there is none', () => {
    const s = customSim();
    s.until(29);
    const ing = { kind: 'Ingress', name: 'main', apiVersion: 'networking.k8s.io/v1' };
    expect(metricsFor(s.view, 29, clock).objectMetric('default', ing, 'requests-per-second')).toEqual({ ok: true, value: { milli: 2000000, timestampTick: 29, windowSeconds: 60 } });
    s.until(30);
    expect(metricsFor(s.view, 30, clock).objectMetric('default', ing, 'requests-per-second')).toEqual({ ok: false, error: 'unable to fetch metrics from custom metrics API: the server could not find the metric requests-per-second for ingresses.networking.k8s.io main' });
    expect(metricsFor(s.view, 10, clock).objectMetric('default', { kind: 'Service', name: 'web', apiVersion: 'v1' }, 'requests-per-second')).toEqual({ ok: false, error: 'unable to fetch metrics from custom metrics API: the server could not find the metric requests-per-second for services web' });
    expect(metricsFor(s.view, 10, clock).objectMetric('default', { kind: 'Deployment', name: 'web' }, 'requests-per-second')).toMatchObject({ error: expect.stringContaining('for deployments.apps web') });
  });

  it('External: the sum over the series whose labels match the metric selector', () => {
    const s = customSim();
    s.until(50);
    const m = metricsFor(s.view, 50, clock);
    expect(m.externalMetric('default', 'queue_messages_ready', { matchLabels: { queue: 'jobs' } })).toEqual({ ok: true, value: { milli: 3000000, timestampTick: 50, windowSeconds: 60 } });
    expect(m.externalMetric('default', 'queue_messages_ready')).toMatchObject({ ok: true, value: { milli: 3012000 } });
    expect(metricsFor(s.view, 49, clock).externalMetric('default', 'queue_messages_ready', { matchLabels: { queue: 'jobs' } })).toMatchObject({ value: { milli: 30000 } });
    expect(m.externalMetric('default', 'queue_messages_ready', { matchLabels: { queue: 'none' } })).toEqual({ ok: false, error: 'no metrics returned from external metrics API' });
    expect(m.externalMetric('default', 'nope')).toEqual({ ok: false, error: 'unable to fetch metrics from external metrics API: the server could not find the metric nope for provided labels' });
  });

  it('a simulation without metrics answers "not found" for every custom metric', () => {
    const s = sim();
    s.given(node('node-a'), pod('a'));
    s.until(5);
    const m = metricsFor(s.view, 5, clock);
    expect(m.podsMetric('default', 'rps', WEB)).toMatchObject({ ok: false });
    expect(m.externalMetric('default', 'q')).toMatchObject({ ok: false });
  });
});
