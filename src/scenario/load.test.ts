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
