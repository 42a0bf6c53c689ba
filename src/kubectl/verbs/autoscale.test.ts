// `kubectl autoscale` as kubectl v1.28 runs it (cmd/autoscale/autoscale.go): the autoscaling/v1
// object it sends, converted and defaulted by the API server, and its errors; `get`/`describe hpa`.
import { describe, expect, it } from 'vitest';
import type { HorizontalPodAutoscaler } from '../../api/types.js';
import { Cluster, WEB_YAML } from '../testkit.js';

function running(): Cluster {
  const c = new Cluster();
  c.files.set('web.yaml', WEB_YAML);
  c.kubectl('apply -f web.yaml');
  c.tick(5);
  return c;
}
const out = (r: { stdout: string; stderr: string; exitCode: number }): [string, string, number] => [r.stdout, r.stderr, r.exitCode];
const cpu = (averageUtilization: number) => [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization } } }];

describe('kubectl autoscale', () => {
  it('creates the HPA for a deployment: "horizontalpodautoscaler.autoscaling/web autoscaled"', () => {
    const c = running();
    const r = c.kubectl('autoscale deployment web --min=2 --max=10 --cpu-percent=50');
    expect(out(r)).toEqual(['horizontalpodautoscaler.autoscaling/web autoscaled\n', '', 0]);
    expect(r.writes.map((e) => [e.type, e.cause])).toEqual([['HorizontalPodAutoscalerCreated', 1]]);
    const h = c.get<HorizontalPodAutoscaler>('HorizontalPodAutoscaler', 'web');
    expect([h.apiVersion, h.spec]).toEqual(['autoscaling/v2', {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 2, maxReplicas: 10, metrics: cpu(50),
    }]);
    expect(c.kubectl('autoscale deployment web --max=3').stderr).toBe('Error from server (AlreadyExists): horizontalpodautoscalers.autoscaling "web" already exists\n');
  });

  it('without --min and --cpu-percent the server defaults apply (1 and cpu 80 %); TYPE/NAME, --name, rs', () => {
    const c = running();
    expect(c.kubectl('autoscale deploy/web --max=5 --name=web-hpa').stdout).toBe('horizontalpodautoscaler.autoscaling/web-hpa autoscaled\n');
    const h = c.get<HorizontalPodAutoscaler>('HorizontalPodAutoscaler', 'web-hpa');
    expect([h.spec.minReplicas, h.spec.maxReplicas, h.spec.metrics, h.spec.behavior]).toEqual([1, 5, cpu(80), undefined]);
    const rec = c.kubectl('autoscale deployment web --max=4 --name=rec --record');
    expect([rec.stdout, rec.stderr]).toEqual(['horizontalpodautoscaler.autoscaling/rec autoscaled\n', 'Flag --record has been deprecated, --record will be removed in the future\n']);
    expect(c.get('HorizontalPodAutoscaler', 'rec').metadata.annotations).toEqual({ 'kubernetes.io/change-cause': 'kubectl autoscale deployment web --max=4 --name=rec --record=true' });
    const rs = c.sim.view.list('ReplicaSet', 'default')[0]!.metadata.name;
    expect(c.kubectl(`autoscale rs ${rs} --max=2 --min=0`).stdout).toBe(`horizontalpodautoscaler.autoscaling/${rs} autoscaled\n`);
    expect(c.get<HorizontalPodAutoscaler>('HorizontalPodAutoscaler', rs).spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs });
  });

  it('-f names the target from a file; -n puts the HPA in that namespace; --dry-run=client writes nothing', () => {
    const c = running();
    const dry = c.kubectl('autoscale -f web.yaml --max=4 --dry-run=client');
    expect([dry.stdout, dry.writes]).toEqual(['horizontalpodautoscaler.autoscaling/web created (dry run)\n', []]);
    expect(c.kubectl('autoscale -f web.yaml --max=4').stdout).toBe('horizontalpodautoscaler.autoscaling/web autoscaled\n');
    expect(c.get<HorizontalPodAutoscaler>('HorizontalPodAutoscaler', 'web').spec.maxReplicas).toBe(4);
    expect(c.kubectl('autoscale deployment web --max=3 -n kube-system').stderr).toBe('Error from server (NotFound): deployments.apps "web" not found\n');
  });

  it.each<[string, string]>([
    ['autoscale deployment web', 'error: required flag(s) "max" not set\n'],
    ['autoscale deployment web --max=0', 'error: --max=MAXPODS is required and must be at least 1, max: 0\n'],
    ['autoscale deployment web --max=-1', 'error: --max=MAXPODS is required and must be at least 1, max: -1\n'],
    ['autoscale deployment web --min=5 --max=3', 'error: --max=MAXPODS must be larger or equal to --min=MINPODS, max: 3, min: 5\n'],
    ['autoscale deployment web --max=three', 'error: invalid argument "three" for "--max" flag: strconv.ParseInt: parsing "three": invalid syntax\nSee \'kubectl autoscale --help\' for usage.\n'],
    ['autoscale deployment web --max=3 --dry-run=maybe', 'error: Invalid dry-run value (maybe). Must be "none", "server", or "client".\n'],
    ['autoscale --max=3', "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n"],
    ['autoscale deployment --max=3', 'error: resource(s) were provided, but no name was specified\n'],
    ['autoscale frobs web --max=3', 'error: the server doesn\'t have a resource type "frobs"\n'],
    ['autoscale deployment nope --max=3', 'Error from server (NotFound): deployments.apps "nope" not found\n'],
    ['autoscale node worker-1 --max=3', 'error: cannot autoscale a Node: could not find scale subresource for /v1, Resource=nodes in discovery information\n'],
    ['autoscale deployment web --max=3 --cpu-percent=0', 'The HorizontalPodAutoscaler "web" is invalid: spec.metrics[0].resource.target.averageUtilization: Invalid value: 0: must be greater than 0\n'],
    ['autoscale deployment web --max=3 --name=Web', 'The HorizontalPodAutoscaler "Web" is invalid: metadata.name: Invalid value: "Web": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character (e.g. \'example.com\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')\n'],
    ['autoscale -f web.yaml deployment web --max=3', 'error: when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well\n'],
  ])('%s fails as kubectl does, writing nothing', (cmd, stderr) => {
    const c = running();
    const r = c.kubectl(cmd);
    expect(out(r)).toEqual(['', stderr, 1]);
    expect(r.writes).toEqual([]);
  });

  it('a pod has no scale subresource; the other targets are still autoscaled (ContinueOnError)', () => {
    const c = running();
    const pod = c.sim.view.list('Pod', 'default')[0]!.metadata.name;
    const r = c.kubectl(`autoscale pod/${pod} deployment/web --max=3`);
    expect(out(r)).toEqual(['horizontalpodautoscaler.autoscaling/web autoscaled\n', `error: cannot autoscale a Pod: could not find scale subresource for /v1, Resource=pods in discovery information\n`, 1]);
  });
});

describe('kubectl get / describe hpa', () => {
  it('get hpa, get horizontalpodautoscalers and describe hpa name the new autoscaler', () => {
    const c = running();
    c.kubectl('autoscale deployment web --max=10 --cpu-percent=50');
    for (const cmd of ['get hpa', 'get horizontalpodautoscalers', 'get hpa/web', 'get horizontalpodautoscaler.autoscaling web']) {
      const r = c.kubectl(cmd);
      expect(r.stdout.split('\n')[0]).toMatch(/^NAME +REFERENCE +TARGETS +MINPODS +MAXPODS +REPLICAS +AGE$/);
      expect(r.stdout.split('\n')[1]).toMatch(/^web +Deployment\/web +cpu: \S+\/50% +1 +10 +\d+ +\d+s$/);
    }
    expect(c.kubectl('get hpa -o name').stdout).toBe('horizontalpodautoscaler.autoscaling/web\n');
    // HPAs are in the "all" category, after the replica sets (discovery order)
    expect(c.kubectl('get all').stdout).toMatch(/\n\nNAME +REFERENCE +TARGETS +MINPODS +MAXPODS +REPLICAS +AGE\nhorizontalpodautoscaler\.autoscaling\/web +Deployment\/web /);
    expect(c.kubectl('get hpa web -o yaml').stdout).toMatch(/^apiVersion: autoscaling\/v2\nkind: HorizontalPodAutoscaler\n/);
    const d = c.kubectl('describe hpa web').stdout;
    expect(d).toMatch(/^Name: +web\nNamespace: +default\n/);
    expect(d).toMatch(/\nReference: +Deployment\/web\nMetrics: +\( current \/ target \)\n {2}resource cpu on pods {2}\(as a percentage of request\): +\S+.* \/ 50%\nMin replicas: +1\nMax replicas: +10\nDeployment pods: +\d+ current \/ \d+ desired\n/);
    expect(c.kubectl('get hpa nope').stderr).toBe('Error from server (NotFound): horizontalpodautoscalers.autoscaling "nope" not found\n');
  });

  it('patch and delete hpa', () => {
    const c = running();
    c.kubectl('autoscale deployment web --max=10');
    expect(c.kubectl(`patch hpa web -p '{"spec":{"maxReplicas":8}}'`).stdout).toBe('horizontalpodautoscaler.autoscaling/web patched\n');
    expect(c.get<HorizontalPodAutoscaler>('HorizontalPodAutoscaler', 'web').spec.maxReplicas).toBe(8);
    expect(c.kubectl(`patch hpa web -p '{"spec":{"minReplicas":9}}'`).stderr).toBe('The HorizontalPodAutoscaler "web" is invalid: spec.maxReplicas: Invalid value: 8: must be greater than or equal to `minReplicas`\n');
    expect(c.kubectl('delete hpa web').stdout).toBe('horizontalpodautoscaler.autoscaling "web" deleted\n');
  });
});

describe('kubectl apply of an autoscaling/v1 HorizontalPodAutoscaler', () => {
  const v1 = (cpuPercent: number): string => `apiVersion: autoscaling/v1
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  maxReplicas: 5
  targetCPUUtilizationPercentage: ${cpuPercent}
`;
  it('creates, reports unchanged, and configures the stored autoscaling/v2 object', () => {
    const c = running();
    c.files.set('hpa.yaml', v1(50));
    expect(c.kubectl('apply -f hpa.yaml').stdout).toBe('horizontalpodautoscaler.autoscaling/web created\n');
    expect(c.kubectl('apply -f hpa.yaml').stdout).toBe('horizontalpodautoscaler.autoscaling/web unchanged\n');
    c.files.set('hpa.yaml', v1(70));
    expect(out(c.kubectl('apply -f hpa.yaml'))).toEqual(['horizontalpodautoscaler.autoscaling/web configured\n', '', 0]);
    const h = c.get<HorizontalPodAutoscaler>('HorizontalPodAutoscaler', 'web');
    expect([h.apiVersion, h.spec.metrics]).toEqual(['autoscaling/v2', cpu(70)]);
    c.files.set('hpa.yaml', v1(0));
    expect(c.kubectl('apply -f hpa.yaml').stderr).toBe('The HorizontalPodAutoscaler "web" is invalid: spec.metrics[0].resource.target.averageUtilization: Invalid value: 0: must be greater than 0\n');
  });
});
