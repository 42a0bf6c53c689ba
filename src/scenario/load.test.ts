import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScenario } from './load.js';
import { InputError } from './yaml.js';

const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

function write(files: Record<string, string>): string {
  const d = mkdtempSync(join(tmpdir(), 'kreplay-scn-'));
  dirs.push(d);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(d, name), text);
  return join(d, Object.keys(files)[0]!);
}

function failure(files: Record<string, string>): InputError {
  try {
    loadScenario(write(files));
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error('expected the scenario to be rejected');
}

const ok = `name: t
duration: 1m
cluster:
  nodes:
    - prefix: worker-
      count: 3
      cpu: "2"
objects:
  - web.yaml
timeline:
  - at: 30s
    kubectl: set image deployment/web web=web:2
  - at: 10s
    expect: {object: deployment/web, path: status.readyReplicas, equals: 3}
expect:
  - at: 1m
    object: deployment/web
    path: status.availableReplicas
    equals: 3
  - always: {object: deployment/web, path: status.availableReplicas, min: 2}
    from: 30s
  - by: 50s
    count: {kind: Pod, selector: {app: web}, phase: Running}
    equals: 3
`;
const web = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: "web:1"}]}
`;

describe('loading a scenario', () => {
  it('reads the whole format', () => {
    const s = loadScenario(write({ 's.yaml': ok, 'web.yaml': web }));
    expect(s.name).toBe('t');
    expect(s.durationSeconds).toBe(60);
    expect(s.seed).toBe(1);
    expect(s.nodes.map((n) => n.name)).toEqual(['worker-1', 'worker-2', 'worker-3']);
    expect(s.nodes[0]).toMatchObject({ cpu: '2', memory: '8Gi', pods: 110 });
    expect(s.objects).toHaveLength(1);
    expect(s.timeline.map((t) => t.at)).toEqual([10, 30]);
    expect(s.expectations.map((e) => e.mode)).toEqual(['at', 'always', 'by']);
    expect(s.expectations[1]!.from).toBe(30);
  });

  it.each([
    ['a missing duration', 'name: t\n', 's.yaml:1: duration: is required'],
    ['a bad duration', 'name: t\nduration: 5 minutes\n', 's.yaml:2: duration: "5 minutes" is not a duration'],
    ['an unknown field', 'name: t\nduration: 1m\nnodes: []\n', 's.yaml:3: nodes: unknown field'],
    ['malformed YAML', 'name: t\nduration: 1m\ncluster:\n  nodes: [a, b\n', 'malformed YAML: Flow sequence'],
    ['a duplicate key', 'name: t\nduration: 1m\nduration: 2m\n', 's.yaml:3: malformed YAML'],
    ['a step after the end', 'name: t\nduration: 1m\ntimeline:\n  - at: 2m\n    kubectl: get pods\n', 's.yaml:4: timeline[0].at: 120s is after the end'],
    ['a step with two actions', 'name: t\nduration: 1m\ntimeline:\n  - at: 2s\n    kubectl: get pods\n    delete: pod/x\n', 's.yaml:4: timeline[0]: a step takes exactly one action'],
    ['a bad quantity', 'name: t\nduration: 1m\ncluster:\n  nodes:\n    - name: a\n      cpu: lots\n', 's.yaml:6: cluster.nodes[0].cpu: "lots" is not a Kubernetes quantity'],
    ['a bad taint effect', 'name: t\nduration: 1m\ncluster:\n  nodes:\n    - name: a\n      taints: [{key: k, effect: NoRun}]\n', 'Unsupported value: "NoRun"'],
    ['a missing manifest file', 'name: t\nduration: 1m\nobjects:\n  - nope.yaml\n', 's.yaml:4: file "nope.yaml" does not exist'],
    ['a check without comparison', 'name: t\nduration: 1m\nexpect:\n  - at: 1s\n    object: deployment/web\n    path: spec.replicas\n', 's.yaml:4: expect[0]: a check needs equals, min, max or exists'],
  ])('rejects %s with file and line', (_, text, want) => {
    expect(failure({ 's.yaml': text }).message).toContain(want);
  });

  it('names the manifest file and line for an unknown kind', () => {
    const e = failure({ 's.yaml': 'name: t\nduration: 1m\nobjects:\n  - m.yaml\n', 'm.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Foo\nmetadata: {name: b}\n' });
    expect(e.file).toBe('m.yaml');
    expect(e.line).toBe(6);
    expect(e.message).toMatch(/no matches for kind "Foo" in version "v1"/);
  });
});

describe('manifests are checked as the API server would, before anything runs', () => {
  const deploy = (spec: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
${spec}`;
  const tpl = `  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers: [{name: web, image: "web:1"}]
`;
  const scenario = 'name: t\nduration: 1m\nobjects:\n  - web.yaml\n';
  it.each([
    ['selector not matching template labels', deploy(tpl.replace('labels: {app: web}', 'labels: {app: other}')), 'web.yaml:10', '`selector` does not match template `labels`'],
    ['maxSurge and maxUnavailable both 0', deploy(tpl + '  strategy:\n    rollingUpdate: {maxSurge: 0, maxUnavailable: 0}\n'), 'web.yaml:', 'may not be 0 when `maxSurge` is 0'],
    ['negative replicas', deploy('  replicas: -1\n' + tpl), 'web.yaml:6', 'must be greater than or equal to 0'],
    ['an invalid name', deploy(tpl).replace('name: web\nspec', 'name: Web_1\nspec'), 'web.yaml:4', 'a lowercase RFC 1123 subdomain must consist of'],
    ['an unknown field', deploy('  replica: 3\n' + tpl), 'web.yaml:6', 'unknown field "spec.replica"'],
  ])('rejects %s', (_, manifest, where, why) => {
    const e = failure({ 's.yaml': scenario, 'web.yaml': manifest });
    expect(e.message).toContain(where);
    expect(e.message).toContain(why);
  });
});

describe('usage and load (behaviours and timeline)', () => {
  it('reads constant usage, usage series (sorted by container age) and timeline usage:/load: steps', () => {
    const s = loadScenario(write({ 's.yaml': `name: t
duration: 10m
behaviors:
  - match: {image: "web:*"}
    usage: [{at: 2m, cpu: 900m}, {at: 0s, cpu: 100m, memory: 64Mi}]
  - match: {labels: {app: db}}
    usage: {cpu: 200m, memory: 1Gi}
timeline:
  - at: 6m
    usage: {selector: {app: web}, cpu: 900m}
  - at: 8m
    load: {selector: {app: web}, cpu: "3", memory: 2Gi}
` }));
    expect(s.behaviors[0]!.usage).toEqual([{ atSeconds: 0, cpu: '100m', memory: '64Mi' }, { atSeconds: 120, cpu: '900m' }]);
    expect(s.behaviors[1]!.usage).toEqual([{ atSeconds: 0, cpu: '200m', memory: '1Gi' }]);
    expect(s.timeline.map((st) => [st.at, st.kind])).toEqual([[360, 'usage'], [480, 'load']]);
    expect(s.timeline[1]).toMatchObject({ selector: { app: 'web' }, cpu: '3', memory: '2Gi' });
  });

  it.each([
    ['a usage step without a selector', 'timeline:\n  - at: 1m\n    usage: {cpu: 1}\n', 's.yaml:5: timeline[0].usage.selector: is required'],
    ['a load step without cpu or memory', 'timeline:\n  - at: 1m\n    load: {selector: {app: web}}\n', 's.yaml:5: timeline[0].load: give cpu, memory or both'],
    ['a bad usage quantity', 'behaviors:\n  - match: {}\n    usage: [{at: 0s, cpu: fast}]\n', 's.yaml:5: behaviors[0].usage[0].cpu: "fast" is not a Kubernetes quantity'],
  ])('rejects %s', (_, text, want) => {
    expect(failure({ 's.yaml': `name: t\nduration: 10m\n${text}` }).message).toContain(want);
  });
});

describe('metrics: and metric: steps', () => {
  const text = `name: t
duration: 10m
metrics:
  - type: Pods
    name: http_requests_per_second
    selector: {app: web}
    series: [{at: 2m, total: "900"}, {at: 0s, total: "100"}]
  - type: Pods
    name: connections
    selector: {app: web}
    perPod: "10"
  - type: External
    name: queue_messages_ready
    selector: {queue: jobs}
    series: [{at: 0s, value: "30"}, {at: 5m, value: "3000"}, {at: 6m, absent: true}]
  - type: Object
    name: requests-per-second
    namespace: shop
    object: ingress/main
    value: 2k
timeline:
  - at: 3m
    metric: {type: Pods, name: http_requests_per_second, selector: {app: web}, total: "1500"}
  - at: 4m
    metric: {type: Object, name: requests-per-second, namespace: shop, object: Ingress/main, absent: true}
`;

  it('reads series (sorted), single values from the start, and metric steps', () => {
    const s = loadScenario(write({ 's.yaml': text }));
    expect(s.metrics).toEqual([
      { type: 'Pods', name: 'http_requests_per_second', namespace: 'default', selector: { app: 'web' }, points: [{ tick: 0, total: '100' }, { tick: 120, total: '900' }] },
      { type: 'Pods', name: 'connections', namespace: 'default', selector: { app: 'web' }, points: [{ tick: 0, perPod: '10' }] },
      { type: 'External', name: 'queue_messages_ready', namespace: 'default', selector: { queue: 'jobs' }, points: [{ tick: 0, value: '30' }, { tick: 300, value: '3000' }, { tick: 360, absent: true }] },
      { type: 'Object', name: 'requests-per-second', namespace: 'shop', object: { kind: 'Ingress', name: 'main' }, points: [{ tick: 0, value: '2k' }] },
    ]);
    expect(s.timeline[0]).toMatchObject({ at: 180, kind: 'metric', metric: { type: 'Pods', name: 'http_requests_per_second', namespace: 'default', selector: { app: 'web' } }, value: { total: '1500' } });
    expect(s.timeline[1]).toMatchObject({ kind: 'metric', metric: { type: 'Object', object: { kind: 'Ingress', name: 'main' } }, value: { absent: true } });
  });

  const bad = (body: string): string => `name: t\nduration: 10m\n${body}`;
  it.each([
    ['an unknown type', 'metrics:\n  - type: Resource\n    name: cpu\n    value: "1"\n', 's.yaml:4: metrics[0].type: Unsupported value: "Resource": supported values: "Pods", "Object", "External"'],
    ['a missing name', 'metrics:\n  - type: External\n    value: "1"\n', 's.yaml:4: metrics[0].name: is required'],
    ['a bad quantity', 'metrics:\n  - type: External\n    name: q\n    series: [{at: 0s, value: lots}]\n', 's.yaml:6: metrics[0].series[0].value: "lots" is not a Kubernetes quantity'],
    ['a negative value', 'metrics:\n  - type: External\n    name: q\n    value: "-3"\n', 's.yaml:6: metrics[0].value: "-3" must not be negative'],
    ['a Pods metric without a selector', 'metrics:\n  - type: Pods\n    name: rps\n    total: "1"\n', 's.yaml:4: metrics[0].selector: is required for a Pods metric'],
    ['a Pods metric with value', 'metrics:\n  - type: Pods\n    name: rps\n    selector: {app: web}\n    value: "1"\n', 's.yaml:7: metrics[0].value: does not go with a Pods metric'],
    ['an External metric with total', 'metrics:\n  - type: External\n    name: q\n    total: "1"\n', 's.yaml:6: metrics[0].total: only goes with a Pods metric'],
    ['an Object metric without an object', 'metrics:\n  - type: Object\n    name: rps\n    value: "1"\n', 's.yaml:4: metrics[0].object: is required for an Object metric'],
    ['a bad object reference', 'metrics:\n  - type: Object\n    name: rps\n    object: main\n    value: "1"\n', 's.yaml:6: metrics[0].object: "main" is not kind/name'],
    ['an object on an External metric', 'metrics:\n  - type: External\n    name: q\n    object: ingress/main\n    value: "1"\n', 's.yaml:6: metrics[0].object: only goes with an Object metric'],
    ['a point with two values', 'metrics:\n  - type: Pods\n    name: rps\n    selector: {app: web}\n    series:\n      - {at: 0s, perPod: "1", total: "2"}\n', 's.yaml:8: metrics[0].series[0]: a point takes exactly one of perPod (what each pod reports), total (shared by the ready pods) or absent: true, found perPod, total'],
    ['a point after the end', 'metrics:\n  - type: External\n    name: q\n    series: [{at: 11m, value: "1"}]\n', 's.yaml:6: metrics[0].series[0].at: 660s is after the end'],
    ['two points at one time', 'metrics:\n  - type: External\n    name: q\n    series: [{at: 1m, value: "1"}, {at: 60s, value: "2"}]\n', 'metrics[0].series[1].at: 60s is also the time of series[0]'],
    ['neither series nor value', 'metrics:\n  - type: External\n    name: q\n', 's.yaml:4: metrics[0]: give series (values in time) or one value from the start (value)'],
    ['series and a value', 'metrics:\n  - type: External\n    name: q\n    value: "1"\n    series: [{at: 0s, value: "1"}]\n', 's.yaml:4: metrics[0]: give series (values in time) or one value from the start, not both'],
    ['the same metric twice', 'metrics:\n  - {type: External, name: q, value: "1"}\n  - {type: External, name: q, value: "2"}\n', 's.yaml:5: metrics[1]: the same metric as metrics[0] (External q)'],
    ['an invalid label', 'metrics:\n  - {type: External, name: q, selector: {"bad key!": x}, value: "1"}\n', 's.yaml:4: metrics[0].selector: key: Invalid value: "bad key!"'],
    ['absent: false', 'metrics:\n  - {type: External, name: q, absent: false}\n', 'metrics[0].absent: only takes true'],
    ['a metric step without a value', 'timeline:\n  - at: 1m\n    metric: {type: External, name: q}\n', 's.yaml:5: timeline[0].metric: a metric step takes exactly one of value or absent: true'],
    ['a metric step of an unknown type', 'timeline:\n  - at: 1m\n    metric: {type: pods, name: q, perPod: "1"}\n', 's.yaml:5: timeline[0].metric.type: Unsupported value: "pods"'],
    ['a metric step with an unknown field', 'timeline:\n  - at: 1m\n    metric: {type: External, name: q, values: "1"}\n', 's.yaml:5: timeline[0].metric.values: unknown field'],
  ])('rejects %s with file and line', (_, body, want) => {
    expect(failure({ 's.yaml': bad(body) }).message).toContain(want);
  });
});
