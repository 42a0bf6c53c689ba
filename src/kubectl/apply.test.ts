import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Deployment } from '../api/types.js';
import { LAST_APPLIED_ANNOTATION } from '../controllers/deployment/util.js';
import { Cluster, WEB_YAML } from './testkit.js';

const WEB_V2 = WEB_YAML.replace('image: web:1', 'image: web:2');

/** web.yaml with an env list and minReadySeconds, for the three-way merge tests. */
const WEB_ENV = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  minReadySeconds: 5
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: web:1
          env:
            - {name: A, value: "1"}
            - {name: B, value: "2"}
`;

describe('kubectl apply -f (client-side apply)', () => {
  it('created → unchanged → configured, one event per write with its type and the step as cause', () => {
    const c = new Cluster();
    c.files.set('web.yaml', WEB_YAML);
    const r1 = c.kubectl('apply -f web.yaml');
    expect([r1.stdout, r1.stderr, r1.exitCode]).toEqual(['deployment.apps/web created\n', '', 0]);
    expect(r1.writes.map((e) => [e.type, e.cause, e.data])).toEqual([['DeploymentCreated', 1, { command: 'kubectl apply -f web.yaml' }]]);
    c.tick(15);
    const r2 = c.kubectl('apply -f web.yaml');
    expect([r2.stdout, r2.exitCode, r2.writes.length]).toEqual(['deployment.apps/web unchanged\n', 0, 0]);
    c.files.set('web.yaml', WEB_V2);
    const r3 = c.kubectl('apply -f web.yaml');
    expect([r3.stdout, r3.stderr, r3.exitCode]).toEqual(['deployment.apps/web configured\n', '', 0]);
    expect(r3.writes.map((e) => e.type)).toEqual(['DeploymentUpdated']);
    expect(c.get<Deployment>('Deployment', 'web').spec.template.spec.containers[0]!.image).toBe('web:2');
  });

  it('stores the manifest as kubectl does in the last-applied-configuration annotation', () => {
    const c = new Cluster();
    c.files.set('web.yaml', WEB_YAML);
    c.kubectl('apply -f web.yaml');
    expect(c.get('Deployment', 'web').metadata.annotations?.[LAST_APPLIED_ANNOTATION]).toBe(
      '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"annotations":{},"labels":{"app":"web"},"name":"web","namespace":"default"},'
      + '"spec":{"replicas":3,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},'
      + '"spec":{"containers":[{"image":"web:1","name":"web","ports":[{"containerPort":8080}]}]}}}}\n');
  });

  it('three-way merge: fields deleted from the manifest go, server defaults and others\' fields stay, scale is overwritten', () => {
    const c = new Cluster();
    c.files.set('web.yaml', WEB_ENV);
    c.kubectl('apply -f web.yaml');
    c.tick(5);
    expect(c.kubectl('scale deployment/web --replicas=5').stdout).toBe('deployment.apps/web scaled\n');
    c.kubectl('label deployment web team=a');
    c.files.set('web.yaml', WEB_ENV.replace('  minReadySeconds: 5\n', '').replace('            - {name: B, value: "2"}\n', ''));
    const r = c.kubectl('apply -f web.yaml');
    expect(r.stdout).toBe('deployment.apps/web configured\n');
    const d = c.get<Deployment>('Deployment', 'web');
    expect(d.spec.minReadySeconds).toBeUndefined();
    expect(d.spec.replicas).toBe(3);
    expect(d.spec.template.spec.containers[0]!.env).toEqual([{ name: 'A', value: '1' }]);
    expect(d.spec.template.spec.containers[0]!.imagePullPolicy).toBe('IfNotPresent');
    expect(d.metadata.labels).toEqual({ team: 'a' });
    expect(d.spec.progressDeadlineSeconds).toBe(600);
  });

  it('a rejected apply writes nothing and prints the API server\'s message', () => {
    const c = new Cluster();
    c.files.set('bad.yaml', WEB_YAML.replace('replicas: 3', 'replicas: -1'));
    const r = c.kubectl('apply -f bad.yaml');
    expect([r.stdout, r.stderr, r.exitCode]).toEqual(['', 'The Deployment "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0\n', 1]);
    expect(r.writes).toEqual([]);
    c.files.set('web.yaml', WEB_YAML);
    c.kubectl('apply -f web.yaml');
    c.files.set('web.yaml', WEB_YAML.replace(/app: web/g, 'app: other'));
    const u = c.kubectl('apply -f web.yaml');
    expect(u.exitCode).toBe(1);
    expect(u.stderr).toMatch(/^The Deployment "web" is invalid: spec\.selector: Invalid value: .*field is immutable\n$/);
    expect(u.writes).toEqual([]);
  });

  it('an unknown field: the server\'s strict decoding error, with the patch and object for an existing object', () => {
    const c = new Cluster();
    c.files.set('web.yaml', WEB_YAML.replace('replicas: 3', 'replica: 3'));
    const r = c.kubectl('apply -f web.yaml');
    expect(r.stderr).toBe('Error from server (BadRequest): error when creating "web.yaml": Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replica"\n');
    c.files.set('ok.yaml', WEB_YAML);
    c.kubectl('apply -f ok.yaml');
    const u = c.kubectl('apply -f web.yaml');
    expect(u.stderr).toMatch(/^Error from server \(BadRequest\): error when applying patch:\n\{.*"replica":3.*\}\nto:\nResource: "apps\/v1, Resource=deployments", GroupVersionKind: "apps\/v1, Kind=Deployment"\nName: "web", Namespace: "default"\nfor: "web\.yaml": Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec\.replica"\n$/);
    expect(u.writes).toEqual([]);
  });

  it('several objects: each one applied in turn; a failing one does not stop the others', () => {
    const c = new Cluster();
    const other = WEB_YAML.replace('name: web\n', 'name: api\n  namespace: nope\n');
    const third = WEB_YAML.replace('name: web\n', 'name: db\n');
    const unknown = 'apiVersion: v1\nkind: Foo\nmetadata:\n  name: x\n';
    c.files.set('multi.yaml', `${WEB_YAML}---\n${other}---\n${unknown}---\n${third}`);
    const r = c.kubectl('apply -f multi.yaml');
    expect(r.stdout).toBe('deployment.apps/web created\ndeployment.apps/db created\n');
    expect(r.stderr).toBe('Error from server (NotFound): error when creating "multi.yaml": namespaces "nope" not found\n'
      + 'resource mapping not found for name: "x" namespace: "" from "multi.yaml": no matches for kind "Foo" in version "v1"\nensure CRDs are installed first\n');
    expect(r.exitCode).toBe(1);
    expect(r.writes.map((e) => e.object.name)).toEqual(['web', 'db']);
  });

  it('a v1 List and a directory of manifests', () => {
    const c = new Cluster();
    c.files.set('list.yaml', `apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Namespace\n    metadata: {name: team-a}\n`);
    expect(c.kubectl('apply -f list.yaml').stdout).toBe('namespace/team-a created\n');
    const dir = mkdtempSync(join(tmpdir(), 'kreplay-apply-'));
    try {
      mkdirSync(join(dir, 'm'));
      writeFileSync(join(dir, 'm', 'b-web.yaml'), WEB_YAML);
      writeFileSync(join(dir, 'm', 'a-ns.json'), JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-b' } }));
      writeFileSync(join(dir, 'm', 'notes.txt'), 'not a manifest');
      c.dir = dir;
      expect(c.kubectl('apply -f m').stdout).toBe('namespace/team-b created\ndeployment.apps/web created\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('kubectl\'s own errors: missing path, no -f, namespace mismatch, generateName', () => {
    const c = new Cluster({ namespaces: ['default', 'prod'] });
    expect(c.kubectl('apply -f nope.yaml').stderr).toBe('error: the path "nope.yaml" does not exist\n');
    expect(c.kubectl('apply').stderr).toBe('error: must specify one of -f and -k\n');
    c.files.set('web.yaml', WEB_YAML.replace('name: web\n', 'name: web\n  namespace: prod\n'));
    expect(c.kubectl('apply -f web.yaml -n default').stderr).toBe(`error: the namespace from the provided object "prod" does not match the namespace "default". You must pass '--namespace=prod' to perform this operation.\n`);
    expect(c.kubectl('apply -f web.yaml').stdout).toBe('deployment.apps/web created\n');
    c.files.set('gen.yaml', WEB_YAML.replace('name: web\n', 'generateName: web-\n'));
    expect(c.kubectl('apply -f gen.yaml').stderr).toBe('error: from web-: cannot use generate name with apply\n');
    c.files.set('bad.yaml', 'a: [1\n');
    expect(c.kubectl('apply -f bad.yaml').stderr).toMatch(/^error: error parsing bad\.yaml: error converting YAML to JSON: yaml: /);
  });

  it('an object created without apply gets the missing-annotation warning, then the annotation', () => {
    const c = new Cluster();
    c.files.set('web.yaml', WEB_YAML);
    expect(c.kubectl('create -f web.yaml').stdout).toBe('deployment.apps/web created\n');
    expect(c.get('Deployment', 'web').metadata.annotations?.[LAST_APPLIED_ANNOTATION]).toBeUndefined();
    const r = c.kubectl('apply -f web.yaml');
    expect(r.stderr).toBe('Warning: resource deployments/web is missing the kubectl.kubernetes.io/last-applied-configuration annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.\n');
    expect(r.stdout).toBe('deployment.apps/web configured\n');
    expect(c.get('Deployment', 'web').metadata.annotations?.[LAST_APPLIED_ANNOTATION]).toContain('"image":"web:1"');
  });

  it('--record stores the command line as the change-cause', () => {
    const c = new Cluster();
    c.files.set('web.yaml', WEB_YAML);
    const r = c.kubectl('apply -f web.yaml --record');
    expect(r.stderr).toBe('Flag --record has been deprecated, --record will be removed in the future\n');
    expect(c.get('Deployment', 'web').metadata.annotations?.['kubernetes.io/change-cause']).toBe('kubectl apply --filename=web.yaml --record=true');
  });

  it('applyManifests: the scenario\'s objects and apply steps', () => {
    const c = new Cluster();
    const web = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'web:1' }] } } } };
    const r1 = c.apply([{ object: web as never, file: 'web.yaml' }]);
    expect([r1.stdout, r1.writes.map((e) => [e.type, e.data])]).toEqual(['deployment.apps/web created\n', [['DeploymentCreated', { command: 'kubectl apply -f web.yaml' }]]]);
    expect(c.apply([{ object: web as never, file: 'web.yaml' }]).stdout).toBe('deployment.apps/web unchanged\n');
    const r3 = c.apply([{ object: { ...web, spec: { ...web.spec, replicas: 4 } } as never, file: 'web-v2.yaml' }]);
    expect(r3.stdout).toBe('deployment.apps/web configured\n');
    expect(c.get<Deployment>('Deployment', 'web').spec.replicas).toBe(4);
  });
});
