// kubectl over a StatefulSet with the real controllers: apply, get sts (-o wide), describe statefulset,
// scale statefulset (the scale subresource), delete (the garbage collector removes its pods).
import { describe, expect, it } from 'vitest';
import type { StatefulSet } from '../../api/types.js';
import { Cluster } from '../testkit.js';

const STS_YAML = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: web
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx:1.25
  volumeClaimTemplates:
  - metadata:
      name: www
    spec:
      accessModes: [ReadWriteOnce]
      resources:
        requests:
          storage: 1Gi
`;

function running(): Cluster {
  const c = new Cluster();
  c.files.set('sts.yaml', STS_YAML);
  expect(c.kubectl('apply -f sts.yaml').stdout).toBe('statefulset.apps/web created\n');
  c.tick(30);
  return c;
}

describe('kubectl and StatefulSets', () => {
  it('get sts / statefulsets: NAME READY AGE; -o wide adds CONTAINERS IMAGES', () => {
    const c = running();
    expect(c.sim.view.list('Pod', 'default').map((p) => [p.metadata.name, p.status.phase])).toEqual([['web-0', 'Running'], ['web-1', 'Running']]);
    const r = c.kubectl('get sts');
    expect(r.stdout).toMatch(/^NAME\s+READY\s+AGE\nweb\s+2\/2\s+3\ds\n$/);
    expect(c.kubectl('get statefulsets -o wide').stdout).toMatch(/^NAME\s+READY\s+AGE\s+CONTAINERS\s+IMAGES\nweb\s+2\/2\s+3\ds\s+nginx\s+nginx:1\.25\n$/);
  });

  it('describe statefulset', () => {
    const c = running();
    const text = c.kubectl('describe statefulset web').stdout;
    expect(text).toMatch(/^Name:\s+web\nNamespace:\s+default\nCreationTimestamp:\s+.+\nSelector:\s+app=web\nLabels:\s+<none>\nAnnotations:\s+<none>\nReplicas:\s+2 desired \| 2 total\nUpdate Strategy:\s+RollingUpdate\n {2}Partition:\s+0\nPods Status:\s+2 Running \/ 0 Waiting \/ 0 Succeeded \/ 0 Failed\nPod Template:\n/);
    expect(text).toMatch(/Volume Claims:\n {2}Name:\s+www\n {2}StorageClass:\s+\n {2}Labels:\s+<none>\n {2}Annotations:\s+<none>\n {2}Capacity:\s+1Gi\n {2}Access Modes:\s+\[ReadWriteOnce\]\n/);
    expect(text).toMatch(/Normal\s+SuccessfulCreate\s+\S+\s+statefulset-controller\s+create Pod web-0 in StatefulSet web successful\n/);
    expect(text).toMatch(/Normal\s+SuccessfulCreate\s+\S+\s+statefulset-controller\s+create Pod web-1 in StatefulSet web successful\n/);
  });

  it('scale statefulset/web --replicas=N writes spec.replicas through the scale subresource; pods follow in order', () => {
    const c = running();
    const r = c.kubectl('scale statefulset/web --replicas=3');
    expect([r.stdout, r.stderr, r.exitCode]).toEqual(['statefulset.apps/web scaled\n', '', 0]);
    expect(r.writes.map((e) => [e.type, e.data])).toEqual([['StatefulSetScaled', { command: 'kubectl scale statefulset/web --replicas=3', from: 2, to: 3 }]]);
    c.tick(30);
    expect(c.get<StatefulSet>('StatefulSet', 'web').status).toMatchObject({ replicas: 3, readyReplicas: 3 });
    c.kubectl('scale sts web --replicas=1');
    c.tick(90);
    expect(c.sim.view.list('Pod', 'default').map((p) => p.metadata.name)).toEqual(['web-0']);
  });

  it('delete statefulset: the garbage collector removes its pods', () => {
    const c = running();
    expect(c.kubectl('delete sts web').stdout).toBe('statefulset.apps "web" deleted\n');
    c.tick(60);
    expect(c.sim.view.list('Pod', 'default')).toEqual([]);
  });
});
