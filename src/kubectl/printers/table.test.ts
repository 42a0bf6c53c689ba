// Golden `kubectl get` tables (column sets of printers.go v1.28, tabwriter min width 6, gap 3).
import { describe, expect, test } from 'vitest';
import * as f from '../../../test/fixtures/kubectl.js';
import type { KObject } from '../../api/types.js';
import { noResourcesFound, printGet, printTable } from './table.js';

const o = { now: f.NOW, clock: f.clock };
const lines = (...l: string[]): string => l.join('\n') + '\n';

describe('get pods', () => {
  const pods = [f.runningPod, f.crashLoopPod, f.terminatingPod, f.imagePullPod, f.initPod, f.initCrashPod];

  test('default columns, rows in name order', () => {
    expect(printTable('Pod', pods, o)).toBe(lines(
      'NAME                  READY   STATUS                  RESTARTS      AGE',
      'db-init-0             0/1     Init:1/2                0             4m50s',
      'db-init-1             0/1     Init:CrashLoopBackOff   2 (50s ago)   4m50s',
      'web-5d9c7b8f4-abcde   1/1     Running                 0             4m50s',
      'web-5d9c7b8f4-crash   0/1     CrashLoopBackOff        3 (12s ago)   4m50s',
      'web-5d9c7b8f4-term    1/1     Terminating             0             4m50s',
      'web-6c8f9b7d5-pull    0/1     ImagePullBackOff        0             4m50s',
    ));
  });

  test('-o wide adds IP, NODE, NOMINATED NODE, READINESS GATES', () => {
    expect(printTable('Pod', [f.runningPod, f.pendingPod, f.creatingPod], { ...o, wide: true })).toBe(lines(
      'NAME                  READY   STATUS              RESTARTS   AGE     IP           NODE     NOMINATED NODE   READINESS GATES',
      'web-5d9c7b8f4-abcde   1/1     Running             0          4m50s   10.244.1.5   node-1   <none>           <none>',
      'web-6c8f9b7d5-crea    0/1     ContainerCreating   0          4m50s   <none>       node-1   <none>           <none>',
      'web-6c8f9b7d5-pend    0/1     Pending             0          4m50s   <none>       <none>   <none>           <none>',
    ));
  });

  test('-A puts NAMESPACE first, --show-labels appends LABELS', () => {
    const other = { ...f.runningPod, metadata: { ...f.runningPod.metadata, namespace: 'kube-system', name: 'coredns-1', labels: {} } };
    expect(printTable('Pod', [f.runningPod, other], { ...o, allNamespaces: true, showLabels: true })).toBe(lines(
      'NAMESPACE     NAME                  READY   STATUS    RESTARTS   AGE     LABELS',
      'default       web-5d9c7b8f4-abcde   1/1     Running   0          4m50s   app=web,pod-template-hash=5d9c7b8f4',
      'kube-system   coredns-1             1/1     Running   0          4m50s   <none>',
    ));
  });

  test('--no-headers', () => {
    expect(printTable('Pod', [f.runningPod], { ...o, noHeaders: true })).toBe(lines('web-5d9c7b8f4-abcde   1/1   Running   0     4m50s'));
  });
});

describe('get deployments and replicasets', () => {
  test('a Deployment mid-rollout: 3/4 ready, 4 up to date, 3 available', () => {
    expect(printTable('Deployment', [f.deployment], o)).toBe(lines(
      'NAME   READY   UP-TO-DATE   AVAILABLE   AGE',
      'web    3/4     4            3           4m55s',
    ));
    expect(printTable('Deployment', [f.deployment], { ...o, wide: true })).toBe(lines(
      'NAME   READY   UP-TO-DATE   AVAILABLE   AGE     CONTAINERS   IMAGES       SELECTOR',
      'web    3/4     4            3           4m55s   web          nginx:1.25   app=web',
    ));
  });

  test('replicasets, wide', () => {
    expect(printTable('ReplicaSet', [f.newReplicaSet, f.oldReplicaSet], { ...o, wide: true })).toBe(lines(
      'NAME            DESIRED   CURRENT   READY   AGE     CONTAINERS   IMAGES       SELECTOR',
      'web-5d9c7b8f4   1         1         1       4m55s   web          nginx:1.24   app=web,pod-template-hash=5d9c7b8f4',
      'web-6c8f9b7d5   4         4         2       100s    web          nginx:1.25   app=web,pod-template-hash=6c8f9b7d5',
    ));
  });
});

describe('get nodes and namespaces', () => {
  test('STATUS from the Ready condition plus SchedulingDisabled; ROLES from labels', () => {
    const noConditions = f.node({ name: 'node-4', ready: 'none' });
    expect(printTable('Node', [f.workerLost, f.controlPlane, f.workerReady, f.workerCordoned, noConditions], o)).toBe(lines(
      'NAME     STATUS                     ROLES           AGE   VERSION',
      'cp-1     Ready                      control-plane   5m    v1.28.0',
      'node-1   Ready                      <none>          5m    v1.28.0',
      'node-2   Ready,SchedulingDisabled   <none>          5m    v1.28.0',
      'node-3   NotReady                   gpu,worker      5m    v1.28.0',
      'node-4   Unknown                    <none>          5m    v1.28.0',
    ));
  });

  test('nodes -o wide', () => {
    expect(printTable('Node', [f.controlPlane, f.workerReady], { ...o, wide: true })).toBe(lines(
      'NAME     STATUS   ROLES           AGE   VERSION   INTERNAL-IP   EXTERNAL-IP   OS-IMAGE                 KERNEL-VERSION   CONTAINER-RUNTIME',
      'cp-1     Ready    control-plane   5m    v1.28.0   10.0.0.2      <none>        kreplay simulated node   6.1.0-kreplay    containerd://1.7.2',
      'node-1   Ready    <none>          5m    v1.28.0   10.0.0.10     <none>        kreplay simulated node   6.1.0-kreplay    containerd://1.7.2',
    ));
  });

  test('-A does not add NAMESPACE to cluster-scoped kinds', () => {
    expect(printTable('Namespace', [f.namespace('kube-system', 0), f.namespace('default', 0), f.namespace('old', 100, 'Terminating')], { ...o, allNamespaces: true })).toBe(lines(
      'NAME          STATUS        AGE',
      'default       Active        5m',
      'kube-system   Active        5m',
      'old           Terminating   3m20s',
    ));
  });
});

describe('get over several kinds', () => {
  test('kind prefixes and a blank line between tables (get all)', () => {
    const out = printGet([
      { kind: 'Pod', objects: [f.runningPod] },
      { kind: 'Deployment', objects: [f.deployment] },
      { kind: 'ReplicaSet', objects: [f.oldReplicaSet, f.newReplicaSet] },
    ], { ...o, namespace: 'default' });
    expect(out.stderr).toBe('');
    expect(out.stdout).toBe(lines(
      'NAME                      READY   STATUS    RESTARTS   AGE',
      'pod/web-5d9c7b8f4-abcde   1/1     Running   0          4m50s',
      '',
      'NAME                  READY   UP-TO-DATE   AVAILABLE   AGE',
      'deployment.apps/web   3/4     4            3           4m55s',
      '',
      'NAME                            DESIRED   CURRENT   READY   AGE',
      'replicaset.apps/web-5d9c7b8f4   1         1         1       4m55s',
      'replicaset.apps/web-6c8f9b7d5   4         4         2       100s',
    ));
  });

  test('only one kind has objects: no prefix', () => {
    const out = printGet([{ kind: 'Pod', objects: [f.runningPod] }, { kind: 'Deployment', objects: [] }], { ...o, namespace: 'default' });
    expect(out.stdout).toBe(lines('NAME                  READY   STATUS    RESTARTS   AGE', 'web-5d9c7b8f4-abcde   1/1     Running   0          4m50s'));
  });

  test('nothing found: the message goes to stderr', () => {
    expect(printGet([{ kind: 'Pod', objects: [] }], { ...o, namespace: 'default' })).toEqual({ stdout: '', stderr: 'No resources found in default namespace.\n' });
    expect(printGet([{ kind: 'Pod', objects: [] as KObject[] }], { ...o, namespace: 'default', allNamespaces: true })).toEqual({ stdout: '', stderr: 'No resources found\n' });
    expect(noResourcesFound('prod', false)).toBe('No resources found in prod namespace.\n');
    expect(printTable('Pod', [], o)).toBe('');
  });
});
