import { describe, expect, it } from 'vitest';
import type { Deployment, Node, Pod } from '../../api/types.js';
import { Cluster, WEB_YAML } from '../testkit.js';

function running(o: ConstructorParameters<typeof Cluster>[0] = {}): Cluster {
  const c = new Cluster(o);
  c.files.set('web.yaml', WEB_YAML);
  c.kubectl('apply -f web.yaml');
  c.tick(20);
  return c;
}
const out = (r: { stdout: string; stderr: string; exitCode: number }): [string, string, number] => [r.stdout, r.stderr, r.exitCode];
const pods = (c: Cluster): Pod[] => c.sim.view.list('Pod', 'default');

describe('kubectl create', () => {
  it('create deployment NAME --image --replicas --port, as create_deployment.go builds it', () => {
    const c = new Cluster();
    const r = c.kubectl('create deployment nginx --image=docker.io/library/nginx:1.25 --replicas=2 --port=80');
    expect(out(r)).toEqual(['deployment.apps/nginx created\n', '', 0]);
    const d = c.get<Deployment>('Deployment', 'nginx');
    expect([d.metadata.labels, d.spec.replicas, d.spec.selector, d.spec.template.metadata?.labels]).toEqual([{ app: 'nginx' }, 2, { matchLabels: { app: 'nginx' } }, { app: 'nginx' }]);
    expect(d.spec.template.spec.containers.map((x) => [x.name, x.image, x.ports])).toEqual([['nginx', 'docker.io/library/nginx:1.25', [{ containerPort: 80, protocol: 'TCP' }]]]);
    expect(r.writes.map((e) => [e.type, e.cause])).toEqual([['DeploymentCreated', 1]]);
    expect(c.kubectl('create deployment nginx --image=nginx').stderr).toBe('Error from server (AlreadyExists): deployments.apps "nginx" already exists\n');
    expect(c.kubectl('create deployment x').stderr).toBe('error: required flag(s) "image" not set\n');
  });

  it('create namespace, create -f (no last-applied), AlreadyExists naming the file', () => {
    const c = new Cluster();
    expect(out(c.kubectl('create namespace staging'))).toEqual(['namespace/staging created\n', '', 0]);
    expect(c.get('Namespace', 'staging').metadata.labels).toEqual({ 'kubernetes.io/metadata.name': 'staging' });
    expect(c.kubectl('create ns staging').stderr).toBe('Error from server (AlreadyExists): namespaces "staging" already exists\n');
    c.files.set('web.yaml', WEB_YAML);
    expect(c.kubectl('create -f web.yaml -n staging').stdout).toBe('deployment.apps/web created\n');
    const r = c.kubectl('create -f web.yaml -n staging');
    expect(out(r)).toEqual(['', 'Error from server (AlreadyExists): error when creating "web.yaml": deployments.apps "web" already exists\n', 1]);
    expect(r.writes).toEqual([]);
    expect(c.kubectl('create -f web.yaml -n nope').stderr).toBe('Error from server (NotFound): error when creating "web.yaml": namespaces "nope" not found\n');
  });
});

describe('kubectl delete', () => {
  it('by name, TYPE/NAME and several names; NotFound does not stop the others', () => {
    const c = running();
    const [a, b] = pods(c);
    const cmd = `delete pods ${a!.metadata.name} missing ${b!.metadata.name}`;
    const r = c.kubectl(cmd);
    expect(r.stdout).toBe(`pod "${a!.metadata.name}" deleted\npod "${b!.metadata.name}" deleted\n`);
    expect(r.stderr).toBe('Error from server (NotFound): pods "missing" not found\n');
    expect(r.exitCode).toBe(1);
    expect(r.writes.map((e) => [e.type, e.cause, e.data])).toEqual([
      ['PodDeletionRequested', 1, { command: `kubectl ${cmd}` }],
      ['PodDeletionRequested', 1, { command: `kubectl ${cmd}` }],
    ]);
    const d = pods(c).find((p) => !p.metadata.deletionTimestamp)!.metadata.name;
    expect(c.kubectl(`delete pod/${d} deployment.apps/web`).stdout).toBe(`pod "${d}" deleted\ndeployment.apps "web" deleted\n`);
    expect(c.kubectl('delete pods a pod/b').stderr).toMatch(/there is no need to specify a resource type/);
  });

  it('grace periods: default 30 s, --grace-period=0 alone means 1, --force deletes at once', () => {
    const c = running();
    const [a, b, d] = pods(c).map((p) => p.metadata.name);
    c.kubectl(`delete pod ${a}`);
    expect(c.get<Pod>('Pod', a!).metadata.deletionGracePeriodSeconds).toBe(30);
    const one = c.kubectl(`delete pod ${b} --grace-period=0`);
    expect(one.stdout).toBe(`pod "${b}" deleted\n`);
    expect(one.writes[0]!.type).toBe('PodDeletionRequested');
    const f = c.kubectl(`delete pod ${d} --grace-period=0 --force`);
    expect(out(f)).toEqual([`pod "${d}" force deleted\n`, 'warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n', 0]);
    expect(f.writes.map((e) => e.type)).toEqual(['PodDeleted']);
    expect(c.kubectl(`delete pod ${a} --force --grace-period=5`).stderr).toBe('error: --force and --grace-period greater than 0 cannot be specified together\n');
  });

  it('-l and --all, "No resources found", cascade policies', () => {
    const c = running();
    expect(out(c.kubectl('delete pods -l app=nope'))).toEqual(['No resources found\n', '', 0]);
    const r = c.kubectl('delete pods -l app=web');
    expect(r.stdout.split('\n').filter(Boolean)).toHaveLength(3);
    expect(c.kubectl('delete pods').stderr).toBe('error: resource(s) were provided, but no name was specified\n');
    expect(c.kubectl('delete deploy web --cascade=sideways').stderr).toBe('error: invalid cascade value (sideways). Must be "background", "foreground", or "orphan"\n');
    const o = c.kubectl('delete deployment web --cascade=orphan');
    expect(o.stdout).toBe('deployment.apps "web" deleted\n');
    expect(o.writes.map((e) => e.type)).toEqual(['DeploymentDeletionRequested']);
    c.tick(3);
    expect(c.sim.view.list('ReplicaSet', 'default')).toHaveLength(1);
  });

  it('-f FILE and the scenario\'s delete: target', () => {
    const c = running();
    const p = pods(c)[0]!.metadata.name;
    const t = c.delete(`pod/${p}`);
    expect(out(t)).toEqual([`pod "${p}" deleted\n`, '', 0]);
    expect(t.writes.map((e) => [e.type, e.data])).toEqual([['PodDeletionRequested', { command: `kubectl delete pod ${p} -n default` }]]);
    expect(out(c.delete(`pod/default/${p}`))).toEqual([`pod "${p}" deleted\n`, '', 0]);
    expect(out(c.kubectl('delete -f web.yaml'))).toEqual(['deployment.apps "web" deleted\n', '', 0]);
    expect(c.kubectl('delete -f web.yaml').stderr).toBe('Error from server (NotFound): error when deleting "web.yaml": deployments.apps "web" not found\n');
    expect(c.delete('node/nope').stderr).toBe('Error from server (NotFound): nodes "nope" not found\n');
    expect(c.delete('widget/x').stderr).toBe('error: the server doesn\'t have a resource type "widget"\n');
  });
});

describe('kubectl scale and set image', () => {
  it('scale deployment/web --replicas=N: "scaled", one event with from/to', () => {
    const c = running();
    const r = c.kubectl('scale deployment/web --replicas=5');
    expect(out(r)).toEqual(['deployment.apps/web scaled\n', '', 0]);
    expect(r.writes.map((e) => [e.type, e.data])).toEqual([['DeploymentScaled', { command: 'kubectl scale deployment/web --replicas=5', from: 3, to: 5 }]]);
    expect(c.kubectl('scale deploy web --replicas 5').writes).toEqual([]);
    const rs = c.sim.view.list('ReplicaSet', 'default')[0]!.metadata.name;
    expect(c.kubectl(`scale rs ${rs} --replicas=2`).stdout).toBe(`replicaset.apps/${rs} scaled\n`);
    expect(c.kubectl('scale deploy web --replicas=2 --current-replicas=3').stderr).toBe('error: Expected replicas to be 3, was 5\n');
    expect(c.kubectl('scale deploy web').stderr).toBe('error: required flag(s) "replicas" not set\n');
    expect(c.kubectl('scale deploy web --replicas=-1').stderr).toBe('error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0\n');
    expect(c.kubectl('scale deploy nope --replicas=1').stderr).toBe('Error from server (NotFound): deployments.apps "nope" not found\n');
    expect(c.kubectl(`scale pod ${pods(c)[0]!.metadata.name} --replicas=1`).stderr).toBe('Error from server (NotFound): the server could not find the requested resource\n');
  });

  it('set image: "image updated", nothing when unchanged, unknown containers, pods', () => {
    const c = running();
    const r = c.kubectl('set image deployment/web web=web:2');
    expect(out(r)).toEqual(['deployment.apps/web image updated\n', '', 0]);
    expect(r.writes.map((e) => [e.type, e.data])).toEqual([['DeploymentImageUpdated', { command: 'kubectl set image deployment/web web=web:2', images: { web: 'web:2' } }]]);
    expect(out(c.kubectl('set image deployment/web web=web:2'))).toEqual(['', '', 0]);
    expect(out(c.kubectl('set image deployment/web nope=x'))).toEqual(['', 'error: unable to find container named "nope"\n', 1]);
    const both = c.kubectl('set image deployment/web nope=x web=web:3');
    expect(out(both)).toEqual(['deployment.apps/web image updated\n', 'error: unable to find container named "nope"\n', 1]);
    const p = pods(c)[0]!.metadata.name;
    expect(c.kubectl(`set image pod/${p} *=web:9`).stdout).toBe(`pod/${p} image updated\n`);
    expect(c.kubectl('set image deployment/web').stderr).toBe('error: at least one image update is required\n');
    expect(c.kubectl('set image deployment/web web').stderr).toBe('error: at least one image update is required\n');
    expect(c.kubectl('set frob deployment/web').stderr).toBe('error: unknown command "frob" for "kubectl set"\n');
    expect(c.kubectl('set image deployment/nope web=x').stderr).toBe('Error from server (NotFound): deployments.apps "nope" not found\n');
  });

  it('--record sets kubernetes.io/change-cause to the command line', () => {
    const c = running();
    const r = c.kubectl('set image deployment/web web=web:2 --record');
    expect(r.stderr).toBe('Flag --record has been deprecated, --record will be removed in the future\n');
    expect(c.get('Deployment', 'web').metadata.annotations?.['kubernetes.io/change-cause']).toBe('kubectl set image deployment/web web=web:2 --record=true');
  });
});

describe('kubectl label and annotate', () => {
  it('labeled, not labeled, unlabeled, "label not found.", --overwrite', () => {
    const c = running();
    expect(out(c.kubectl('label nodes worker-1 disk=ssd zone=a'))).toEqual(['node/worker-1 labeled\n', '', 0]);
    expect(c.get<Node>('Node', 'worker-1').metadata.labels).toMatchObject({ disk: 'ssd', zone: 'a' });
    expect(c.kubectl('label node worker-1 disk=ssd').stdout).toBe('node/worker-1 not labeled\n');
    const r = c.kubectl('label node worker-1 disk=hdd');
    expect(out(r)).toEqual(['', "error: 'disk' already has a value (ssd), and --overwrite is false\n", 1]);
    expect(r.writes).toEqual([]);
    expect(c.kubectl('label node worker-1 disk=hdd zone=b').stderr).toBe("'disk' already has a value (ssd), and --overwrite is false\n'zone' already has a value (a), and --overwrite is false\n");
    expect(c.kubectl('label node worker-1 disk=hdd --overwrite').stdout).toBe('node/worker-1 labeled\n');
    const u = c.kubectl('label node worker-1 disk- nope-');
    expect(out(u)).toEqual(['label "nope" not found.\nnode/worker-1 unlabeled\n', '', 0]);
    expect(u.writes.map((e) => [e.type, e.object.name])).toEqual([['ObjectLabeled', 'worker-1']]);
    expect(c.kubectl('label deploy web tier=front').stdout).toBe('deployment.apps/web labeled\n');
    expect(c.kubectl('label pods -l app=web tier=front').stdout.split('\n').filter(Boolean)).toHaveLength(3);
    expect(c.kubectl('label node worker-1 bad=va!ue').stderr).toMatch(/^error: invalid label value: "bad=va!ue": a valid label must be an empty string/);
    expect(c.kubectl('label node worker-1').stderr).toBe('error: at least one label update is required\n');
    expect(c.kubectl('label node worker-1 a=b node2').stderr).toBe('error: all resources must be specified before label changes: node2\n');
    expect(c.kubectl('label node worker-1 Bad_/key=x').stderr).toMatch(/^The Node "worker-1" is invalid: metadata\.labels: Invalid value: "Bad_\/key"/);
  });

  it('annotate: annotated; overwrite error; the change-cause annotation is always overwritable', () => {
    const c = running();
    expect(out(c.kubectl('annotate deployment/web kubernetes.io/change-cause="image updated to v2"'))).toEqual(['deployment.apps/web annotated\n', '', 0]);
    expect(c.kubectl('annotate deployment/web kubernetes.io/change-cause=again').stdout).toBe('deployment.apps/web annotated\n');
    c.kubectl('annotate deployment web owner=me');
    expect(c.kubectl('annotate deployment web owner=you').stderr).toBe("error: --overwrite is false but found the following declared annotation(s): 'owner' already has a value (me)\n");
    const r = c.kubectl('annotate deployment web owner-');
    expect([r.stdout, r.writes.map((e) => e.type)]).toEqual(['deployment.apps/web annotated\n', ['ObjectAnnotated']]);
    expect(c.get('Deployment', 'web').metadata.annotations?.owner).toBeUndefined();
  });
});

describe('kubectl taint, cordon, uncordon', () => {
  it('tainted / untainted / modified and their errors', () => {
    const c = running();
    const r = c.kubectl('taint nodes worker-1 dedicated=db:NoSchedule');
    expect(out(r)).toEqual(['node/worker-1 tainted\n', '', 0]);
    expect(r.writes.map((e) => e.type)).toEqual(['NodeTainted']);
    expect(c.get<Node>('Node', 'worker-1').spec.taints).toEqual([{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }]);
    expect(c.kubectl('taint nodes worker-1 dedicated=web:NoSchedule').stderr).toBe('error: node worker-1 already has dedicated taint(s) with same effect(s) and --overwrite is false\n');
    expect(c.kubectl('taint nodes worker-1 dedicated=web:NoSchedule --overwrite').stdout).toBe('node/worker-1 modified\n');
    expect(c.kubectl('taint nodes worker-1 gpu:NoExecute').stdout).toBe('node/worker-1 tainted\n');
    expect(c.kubectl('taint nodes worker-1 dedicated:NoSchedule-').stdout).toBe('node/worker-1 untainted\n');
    expect(c.kubectl('taint nodes worker-1 gpu-').stdout).toBe('node/worker-1 untainted\n');
    expect(c.get<Node>('Node', 'worker-1').spec.taints).toBeUndefined();
    expect(c.kubectl('taint nodes worker-1 gpu-').stderr).toBe('error: taint "gpu" not found\n');
    expect(c.kubectl('taint nodes worker-1 gpu:NoSchedule-').stderr).toBe('error: taint "gpu:NoSchedule" not found\n');
    expect(c.kubectl('taint nodes worker-1 a=b:Sometimes').stderr).toBe("error: invalid taint effect: Sometimes, unsupported taint effect\nSee 'kubectl taint -h' for help and examples\n");
    expect(c.kubectl('taint nodes worker-1 a=b').stderr).toMatch(/^error: invalid taint spec: a=b, name part must consist of alphanumeric characters.*\nSee 'kubectl taint -h' for help and examples\n$/);
    expect(c.kubectl('taint nodes worker-1 a=b:NoSchedule a=c:NoSchedule').stderr).toBe("error: duplicated taints with the same key and effect: {a c NoSchedule <nil>}\nSee 'kubectl taint -h' for help and examples\n");
    expect(c.kubectl('taint pods x a=b:NoSchedule').stderr).toBe('error: invalid resource type pods, only node types are supported\n');
    expect(c.kubectl('taint nodes worker-1 a:NoSchedule a-').stderr).toBe('error: can not both modify and remove the following taint(s) in the same command: {"a":""}\n');
    expect(c.kubectl('taint nodes nope a:NoSchedule').stderr).toBe('Error from server (NotFound): nodes "nope" not found\n');
    expect(c.kubectl('taint nodes --all a:NoSchedule').stdout).toBe('node/worker-1 tainted\nnode/worker-2 tainted\n');
  });

  it('cordon and uncordon', () => {
    const c = running();
    const r = c.kubectl('cordon worker-1');
    expect(out(r)).toEqual(['node/worker-1 cordoned\n', '', 0]);
    expect(r.writes.map((e) => e.type)).toEqual(['NodeCordoned']);
    expect(c.get<Node>('Node', 'worker-1').spec.unschedulable).toBe(true);
    expect(c.kubectl('cordon worker-1').stdout).toBe('node/worker-1 already cordoned\n');
    expect(c.kubectl('uncordon worker-1').stdout).toBe('node/worker-1 uncordoned\n');
    expect(c.get<Node>('Node', 'worker-1').spec.unschedulable).toBeUndefined();
    expect(c.kubectl('uncordon worker-1').stdout).toBe('node/worker-1 already uncordoned\n');
    expect(c.kubectl('cordon nope').stderr).toBe('Error from server (NotFound): nodes "nope" not found\n');
    expect(c.kubectl('cordon').stderr).toBe("error: USAGE: cordon NODE [flags]\nSee 'kubectl cordon -h' for help and examples\n");
  });
});

describe('kubectl patch', () => {
  it('strategic (default), merge and json patches; "patched (no change)"', () => {
    const c = running();
    const r = c.kubectl(`patch deployment web -p '{"spec":{"replicas":4}}'`);
    expect(out(r)).toEqual(['deployment.apps/web patched\n', '', 0]);
    expect(r.writes.map((e) => [e.type, e.data])).toEqual([['DeploymentPatched', { command: `kubectl patch deployment web -p '{"spec":{"replicas":4}}'`, type: 'strategic' }]]);
    expect(c.kubectl(`patch deployment web -p '{"spec":{"replicas":4}}'`).stdout).toBe('deployment.apps/web patched (no change)\n');
    c.kubectl(`patch deploy/web --type=strategic -p '{"spec":{"template":{"spec":{"containers":[{"name":"web","env":[{"name":"A","value":"1"}]}]}}}}'`);
    const web = c.get<Deployment>('Deployment', 'web').spec.template.spec.containers[0]!;
    expect([web.image, web.env]).toEqual(['web:1', [{ name: 'A', value: '1' }]]);
    c.kubectl(`patch deploy/web --type merge -p 'spec: {minReadySeconds: 3}'`);
    expect(c.get<Deployment>('Deployment', 'web').spec.minReadySeconds).toBe(3);
    expect(c.kubectl(`patch deploy web --type=json -p '[{"op":"replace","path":"/spec/replicas","value":2}]'`).stdout).toBe('deployment.apps/web patched\n');
    expect(c.get<Deployment>('Deployment', 'web').spec.replicas).toBe(2);
  });

  it('errors: validation, bad JSON patch paths, flags', () => {
    const c = running();
    const r = c.kubectl(`patch deploy web -p '{"spec":{"replicas":-2}}'`);
    expect(out(r)).toEqual(['', 'The Deployment "web" is invalid: spec.replicas: Invalid value: -2: must be greater than or equal to 0\n', 1]);
    expect(r.writes).toEqual([]);
    expect(c.kubectl(`patch deploy web --type=json -p '[{"op":"remove","path":"/spec/nope"}]'`).stderr).toBe('The request is invalid: : remove operation does not apply: doc is missing path: "/spec/nope": missing value\n');
    expect(c.kubectl(`patch deploy web -p '{"spec":{"replica":2}}'`).stderr).toBe('Error from server (BadRequest): Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replica"\n');
    expect(c.kubectl('patch deploy web').stderr).toBe('error: must specify --patch or --patch-file containing the contents of the patch\n');
    expect(c.kubectl(`patch deploy web --type=xml -p '{}'`).stderr).toBe('error: --type must be one of [json merge strategic], not "xml"\n');
    expect(c.kubectl(`patch deploy nope -p '{}'`).stderr).toBe('Error from server (NotFound): deployments.apps "nope" not found\n');
  });
});

describe('kubectl get and describe inside steps', () => {
  it('tables, -o wide/name/yaml/json, -l, -A, --show-labels', () => {
    const c = running({ namespaces: ['default', 'other'] });
    const g = c.kubectl('get deploy');
    expect(out(g)).toEqual(['NAME   READY   UP-TO-DATE   AVAILABLE   AGE\nweb    3/3     3            3           21s\n', '', 0]);
    expect([g.readOnly, g.writes]).toEqual([true, []]);
    expect(c.kubectl('get deploy web -o name').stdout).toBe('deployment.apps/web\n');
    expect(c.kubectl('get deployment/web -o yaml').stdout).toMatch(/^apiVersion: apps\/v1\nkind: Deployment\n/);
    expect(c.kubectl('get deploy -o json').stdout).toMatch(/^\{\n {4}"apiVersion": "v1",\n {4}"items": \[/);
    expect(c.kubectl('get pods -l app=web --no-headers').stdout.split('\n').filter(Boolean)).toHaveLength(3);
    expect(c.kubectl('get nodes -o wide').stdout.split('\n')[0]).toMatch(/^NAME +STATUS +ROLES +AGE +VERSION +INTERNAL-IP/);
    expect(c.kubectl('get deploy -A').stdout).toMatch(/^NAMESPACE {3}NAME {3}READY/);
  });

  it('NotFound and "No resources found" (stderr)', () => {
    const c = running({ namespaces: ['default', 'other'] });
    expect(out(c.kubectl('get deployments x'))).toEqual(['', 'Error from server (NotFound): deployments.apps "x" not found\n', 1]);
    expect(out(c.kubectl('get pods -n other'))).toEqual(['', 'No resources found in other namespace.\n', 0]);
    expect(out(c.kubectl('get pods -l app=nope'))).toEqual(['', 'No resources found in default namespace.\n', 0]);
    expect(c.kubectl('get foos').stderr).toBe('error: the server doesn\'t have a resource type "foos"\n');
  });

  it('describe and get events read the log\'s Kubernetes Events', () => {
    const c = running();
    const d = c.kubectl('describe deployment web');
    expect(d.stdout).toMatch(/^Name: +web\nNamespace: +default\n/);
    expect(d.stdout).toMatch(/Normal {2}ScalingReplicaSet {2}\d+s +deployment-controller {2}Scaled up replica set web-\w+ to 3\n$/);
    const e = c.kubectl('get events');
    expect(e.stdout.split('\n')[0]).toMatch(/^LAST SEEN +TYPE +REASON +OBJECT +MESSAGE$/);
    expect(e.stdout).toContain('ScalingReplicaSet');
    expect(c.kubectl('describe pods').stdout.match(/^Name:/gm)).toHaveLength(3);
    expect(c.kubectl('describe pod nope').stderr).toBe('Error from server (NotFound): pods "nope" not found\n');
  });
});

describe('kubectl itself', () => {
  it.each([
    ['frob', 'error: unknown command "frob" for "kubectl"\n'],
    ['gett pods', 'error: unknown command "gett" for "kubectl"\n\nDid you mean this?\n\tget\n\tset\n'],
    ['get pods --frob', "error: unknown flag: --frob\nSee 'kubectl get --help' for usage.\n"],
    ['autoscale deployment web --min=2 --max=5', 'Error from server (NotFound): deployments.apps "web" not found\n'],
    ['expose deployment web --port=80', 'error: kubectl expose is not supported yet by kreplay\n'],
    ['exec web -- ls', 'error: kubectl exec is not supported by kreplay\n'],
    [`patch deploy web -p '{`, 'error: unterminated quoted string in the command line\n'],
  ])('kubectl %s', (cmd, stderr) => {
    const c = new Cluster({ nodes: 1 });
    expect(out(c.kubectl(cmd))).toEqual(['', stderr, 1]);
  });

  it('global flags before the verb, and a leading "kubectl"', () => {
    const c = running({ namespaces: ['default', 'other'] });
    expect(c.kubectl('kubectl -n other get pods').stderr).toBe('No resources found in other namespace.\n');
  });
});
