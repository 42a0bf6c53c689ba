// Golden `kubectl describe` output (kubectl/pkg/describe/describe.go v1.28 layouts), built from
// hand-made objects and Events derived from log notes.
import { describe, expect, test } from 'vitest';
import * as f from '../../../test/fixtures/kubectl.js';
import type { ObjectRef } from '../../api/types.js';
import type { LogEvent } from '../../state/events.js';
import { deriveEvents } from '../events.js';
import { describeDeployment, describeNamespace, describeNode, describePod, describeReplicaSet, describeObject } from './index.js';

const o = { now: f.NOW, clock: f.clock };
const lines = (...l: string[]): string => l.join('\n') + '\n';

let seq = 0;
function note(tick: number, reason: string, message: string, source: string, object: ObjectRef, type: 'Normal' | 'Warning' = 'Normal', host?: string): LogEvent {
  return { v: 1, seq: ++seq, id: `e${seq}`, tick, type: 'Noted', actor: source, object, change: null, note: { type, reason, message, source, ...(host ? { host } : {}) } };
}

const crashRef: ObjectRef = { kind: 'Pod', namespace: 'default', name: 'web-5d9c7b8f4-crash', uid: 'uid-web-5d9c7b8f4-crash' };
const dep: ObjectRef = { kind: 'Deployment', namespace: 'default', name: 'web', uid: 'uid-web' };
const rs: ObjectRef = { kind: 'ReplicaSet', namespace: 'default', name: 'web-6c8f9b7d5', uid: 'uid-web-6c8f9b7d5' };
const pulled = 'Container image "nginx:1.25" already present on machine';
const log: LogEvent[] = [
  note(5, 'ScalingReplicaSet', 'Scaled up replica set web-5d9c7b8f4 to 4', 'deployment-controller', dep),
  note(10, 'Scheduled', 'Successfully assigned default/web-5d9c7b8f4-crash to node-1', 'default-scheduler', crashRef),
  note(11, 'Pulled', pulled, 'kubelet', crashRef, 'Normal', 'node-1'),
  note(11, 'Created', 'Created container web', 'kubelet', crashRef, 'Normal', 'node-1'),
  note(11, 'Started', 'Started container web', 'kubelet', crashRef, 'Normal', 'node-1'),
  note(100, 'NodeNotSchedulable', 'Node node-2 status is now: NodeNotSchedulable', 'kubelet', { kind: 'Node', namespace: '', name: 'node-2', uid: 'node-2' }, 'Normal', 'node-2'),
  note(200, 'Pulled', pulled, 'kubelet', crashRef, 'Normal', 'node-1'),
  note(200, 'ScalingReplicaSet', 'Scaled up replica set web-6c8f9b7d5 to 1', 'deployment-controller', dep),
  note(200, 'ScalingReplicaSet', 'Scaled down replica set web-5d9c7b8f4 to 3 from 4', 'deployment-controller', dep),
  note(200, 'ScalingReplicaSet', 'Scaled up replica set web-6c8f9b7d5 to 2 from 1', 'deployment-controller', dep),
  note(200, 'SuccessfulCreate', 'Created pod: web-6c8f9b7d5-aaaaa', 'replicaset-controller', rs),
  note(201, 'SuccessfulCreate', 'Created pod: web-6c8f9b7d5-bbbbb', 'replicaset-controller', rs),
  note(217, 'Pulled', pulled, 'kubelet', crashRef, 'Normal', 'node-1'),
  note(234, 'BackOff', 'Back-off restarting failed container web in pod web-5d9c7b8f4-crash_default(uid-web-5d9c7b8f4-crash)', 'kubelet', crashRef, 'Warning', 'node-1'),
  note(250, 'ScalingReplicaSet', 'Scaled down replica set web-5d9c7b8f4 to 1 from 3', 'deployment-controller', dep),
  note(250, 'ScalingReplicaSet', 'Scaled up replica set web-6c8f9b7d5 to 4 from 2', 'deployment-controller', dep),
  note(250, 'SuccessfulCreate', 'Created pod: web-6c8f9b7d5-ccccc', 'replicaset-controller', rs),
  note(250, 'SuccessfulCreate', 'Created pod: web-6c8f9b7d5-ddddd', 'replicaset-controller', rs),
];
const events = deriveEvents(log, f.clock, f.NOW);

describe('describe pod', () => {
  test('a crash-looping pod: container state, last state, conditions, tolerations and aggregated events', () => {
    expect(describePod(f.crashLoopPod, { ...o, events })).toBe(lines(
      'Name:             web-5d9c7b8f4-crash',
      'Namespace:        default',
      'Priority:         0',
      'Service Account:  default',
      'Node:             node-1/10.0.0.10',
      'Start Time:       Mon, 01 Jan 2024 00:00:11 +0000',
      'Labels:           app=web',
      '                  pod-template-hash=5d9c7b8f4',
      'Annotations:      <none>',
      'Status:           Running',
      'IP:               10.244.1.5',
      'IPs:',
      '  IP:           10.244.1.5',
      'Controlled By:  ReplicaSet/web-5d9c7b8f4',
      'Containers:',
      '  web:',
      '    Container ID:   containerd://web-0001',
      '    Image:          nginx:1.25',
      '    Image ID:       docker.io/library/nginx:1.25@sha256:0123abcd',
      '    Port:           80/TCP',
      '    Host Port:      0/TCP',
      '    State:          Waiting',
      '      Reason:       CrashLoopBackOff',
      '    Last State:     Terminated',
      '      Reason:       Error',
      '      Exit Code:    1',
      '      Started:      Mon, 01 Jan 2024 00:04:45 +0000',
      '      Finished:     Mon, 01 Jan 2024 00:04:48 +0000',
      '    Ready:          False',
      '    Restart Count:  3',
      '    Limits:',
      '      memory:  256Mi',
      '    Requests:',
      '      cpu:        100m',
      '      memory:     128Mi',
      '    Readiness:    http-get http://:80/healthz delay=0s timeout=1s period=5s #success=1 #failure=3',
      '    Environment:  <none>',
      '    Mounts:       <none>',
      'Conditions:',
      '  Type              Status',
      '  Initialized       True ',
      '  Ready             False ',
      '  ContainersReady   False ',
      '  PodScheduled      True ',
      'Volumes:            <none>',
      'QoS Class:          Burstable',
      'Node-Selectors:     <none>',
      'Tolerations:        node.kubernetes.io/not-ready:NoExecute op=Exists for 300s',
      '                    node.kubernetes.io/unreachable:NoExecute op=Exists for 300s',
      'Events:',
      '  Type     Reason     Age                  From               Message',
      '  ----     ------     ----                 ----               -------',
      '  Normal   Scheduled  4m50s                default-scheduler  Successfully assigned default/web-5d9c7b8f4-crash to node-1',
      '  Normal   Created    4m49s                kubelet            Created container web',
      '  Normal   Started    4m49s                kubelet            Started container web',
      '  Normal   Pulled     83s (x3 over 4m49s)  kubelet            Container image "nginx:1.25" already present on machine',
      '  Warning  BackOff    66s                  kubelet            Back-off restarting failed container web in pod web-5d9c7b8f4-crash_default(uid-web-5d9c7b8f4-crash)',
    ));
  });

  test('an unscheduled pod: Node <none>, an empty IP (with its padding) and IPs <none>', () => {
    expect(describePod(f.pendingPod, o)).toBe(lines(
      'Name:             web-6c8f9b7d5-pend',
      'Namespace:        default',
      'Priority:         0',
      'Service Account:  default',
      'Node:             <none>',
      'Labels:           app=web',
      '                  pod-template-hash=5d9c7b8f4',
      'Annotations:      <none>',
      'Status:           Pending',
      'IP:               ',
      'IPs:              <none>',
      'Controlled By:    ReplicaSet/web-5d9c7b8f4',
      'Containers:',
      '  web:',
      '    Image:      nginx:1.25',
      '    Port:       80/TCP',
      '    Host Port:  0/TCP',
      '    Limits:',
      '      memory:  256Mi',
      '    Requests:',
      '      cpu:        100m',
      '      memory:     128Mi',
      '    Readiness:    http-get http://:80/healthz delay=0s timeout=1s period=5s #success=1 #failure=3',
      '    Environment:  <none>',
      '    Mounts:       <none>',
      'Conditions:',
      '  Type           Status',
      '  PodScheduled   False ',
      'Volumes:         <none>',
      'QoS Class:       Burstable',
      'Node-Selectors:  <none>',
      'Tolerations:     node.kubernetes.io/not-ready:NoExecute op=Exists for 300s',
      '                 node.kubernetes.io/unreachable:NoExecute op=Exists for 300s',
      'Events:          <none>',
    ));
  });

  test('a terminating pod: "Terminating (lasts <invalid>)" as kubectl prints for a future deadline', () => {
    const out = describePod(f.terminatingPod, o);
    expect(out).toContain('Status:                    Terminating (lasts <invalid>)\nTermination Grace Period:  30s\n');
  });

  test('init containers are listed before containers', () => {
    const out = describePod(f.initPod, o);
    expect(out.indexOf('Init Containers:\n  migrate:\n')).toBeGreaterThan(0);
    expect(out).toContain('    State:          Terminated\n      Reason:       Completed\n      Exit Code:    0\n');
    expect(out.indexOf('Init Containers:')).toBeLessThan(out.indexOf('\nContainers:'));
  });
});

describe('describe deployment', () => {
  test('mid-rollout: replicas line, strategy, pod template, conditions, old/new ReplicaSets, events', () => {
    expect(describeDeployment(f.deployment, { ...o, replicaSets: [f.newReplicaSet, f.oldReplicaSet], events })).toBe(lines(
      'Name:                   web',
      'Namespace:              default',
      'CreationTimestamp:      Mon, 01 Jan 2024 00:00:05 +0000',
      'Labels:                 app=web',
      'Annotations:            deployment.kubernetes.io/revision: 2',
      'Selector:               app=web',
      'Replicas:               4 desired | 4 updated | 5 total | 3 available | 2 unavailable',
      'StrategyType:           RollingUpdate',
      'MinReadySeconds:        0',
      'RollingUpdateStrategy:  25% max unavailable, 25% max surge',
      'Pod Template:',
      '  Labels:  app=web',
      '  Containers:',
      '   web:',
      '    Image:        nginx:1.25',
      '    Port:         80/TCP',
      '    Host Port:    0/TCP',
      '    Environment:  <none>',
      '    Mounts:       <none>',
      '  Volumes:        <none>',
      'Conditions:',
      '  Type           Status  Reason',
      '  ----           ------  ------',
      '  Available      True    MinimumReplicasAvailable',
      '  Progressing    True    ReplicaSetUpdated',
      'OldReplicaSets:  web-5d9c7b8f4 (1/1 replicas created)',
      'NewReplicaSet:   web-6c8f9b7d5 (4/4 replicas created)',
      'Events:',
      '  Type    Reason             Age    From                   Message',
      '  ----    ------             ----   ----                   -------',
      '  Normal  ScalingReplicaSet  4m55s  deployment-controller  Scaled up replica set web-5d9c7b8f4 to 4',
      '  Normal  ScalingReplicaSet  100s   deployment-controller  Scaled up replica set web-6c8f9b7d5 to 1',
      '  Normal  ScalingReplicaSet  100s   deployment-controller  Scaled down replica set web-5d9c7b8f4 to 3 from 4',
      '  Normal  ScalingReplicaSet  100s   deployment-controller  Scaled up replica set web-6c8f9b7d5 to 2 from 1',
      '  Normal  ScalingReplicaSet  50s    deployment-controller  Scaled down replica set web-5d9c7b8f4 to 1 from 3',
      '  Normal  ScalingReplicaSet  50s    deployment-controller  Scaled up replica set web-6c8f9b7d5 to 4 from 2',
    ));
  });

  test('old ReplicaSets scaled to 0 are not listed; no new one yet reads <none>', () => {
    const idle = { ...f.oldReplicaSet, spec: { ...f.oldReplicaSet.spec, replicas: 0 } };
    const out = describeDeployment(f.deployment, { ...o, replicaSets: [idle] });
    expect(out).toContain('OldReplicaSets:  <none>\nNewReplicaSet:   <none>\nEvents:          <none>\n');
  });
});

describe('describe replicaset', () => {
  test('replicas, pod phases of the pods it controls, template, events', () => {
    const owned = [f.runningPod, f.crashLoopPod, f.imagePullPod, f.completedPod].map((p) => ({
      ...p,
      metadata: { ...p.metadata, labels: { app: 'web', 'pod-template-hash': '6c8f9b7d5' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-6c8f9b7d5', uid: 'uid-web-6c8f9b7d5', controller: true }] },
    }));
    const stranger = f.pod({ name: 'not-mine' }); // controlled by the old ReplicaSet: not counted
    expect(describeReplicaSet(f.newReplicaSet, { ...o, pods: [...owned, stranger], events })).toBe(lines(
      'Name:           web-6c8f9b7d5',
      'Namespace:      default',
      'Selector:       app=web,pod-template-hash=6c8f9b7d5',
      'Labels:         app=web',
      '                pod-template-hash=6c8f9b7d5',
      'Annotations:    deployment.kubernetes.io/desired-replicas: 4',
      '                deployment.kubernetes.io/max-replicas: 5',
      '                deployment.kubernetes.io/revision: 2',
      'Controlled By:  Deployment/web',
      'Replicas:       4 current / 4 desired',
      'Pods Status:    2 Running / 1 Waiting / 1 Succeeded / 0 Failed',
      'Pod Template:',
      '  Labels:  app=web',
      '           pod-template-hash=6c8f9b7d5',
      '  Containers:',
      '   web:',
      '    Image:        nginx:1.25',
      '    Port:         80/TCP',
      '    Host Port:    0/TCP',
      '    Environment:  <none>',
      '    Mounts:       <none>',
      '  Volumes:        <none>',
      'Events:',
      '  Type    Reason            Age   From                   Message',
      '  ----    ------            ----  ----                   -------',
      '  Normal  SuccessfulCreate  100s  replicaset-controller  Created pod: web-6c8f9b7d5-aaaaa',
      '  Normal  SuccessfulCreate  99s   replicaset-controller  Created pod: web-6c8f9b7d5-bbbbb',
      '  Normal  SuccessfulCreate  50s   replicaset-controller  Created pod: web-6c8f9b7d5-ccccc',
      '  Normal  SuccessfulCreate  50s   replicaset-controller  Created pod: web-6c8f9b7d5-ddddd',
    ));
  });
});

describe('describe node', () => {
  test('cordoned node: taints, lease, conditions, capacity, non-terminated pods with request/limit percentages', () => {
    const onNode2 = [f.runningPod, f.crashLoopPod, f.completedPod].map((p) => ({ ...p, spec: { ...p.spec, nodeName: 'node-2' } }));
    expect(describeNode(f.workerCordoned, { ...o, pods: [...onNode2, f.pod({ name: 'elsewhere' })], events })).toBe(lines(
      'Name:               node-2',
      'Roles:              <none>',
      'Labels:             beta.kubernetes.io/arch=amd64',
      '                    beta.kubernetes.io/os=linux',
      '                    kubernetes.io/arch=amd64',
      '                    kubernetes.io/hostname=node-2',
      '                    kubernetes.io/os=linux',
      'Annotations:        node.alpha.kubernetes.io/ttl: 0',
      '                    volumes.kubernetes.io/controller-managed-attach-detach: true',
      'CreationTimestamp:  Mon, 01 Jan 2024 00:00:00 +0000',
      'Taints:             node.kubernetes.io/unschedulable:NoSchedule',
      'Unschedulable:      true',
      'Lease:',
      '  HolderIdentity:  node-2',
      '  AcquireTime:     <unset>',
      '  RenewTime:       Mon, 01 Jan 2024 00:04:50 +0000',
      'Conditions:',
      '  Type             Status  LastHeartbeatTime                 LastTransitionTime                Reason                       Message',
      '  ----             ------  -----------------                 ------------------                ------                       -------',
      '  MemoryPressure   False   Mon, 01 Jan 2024 00:04:50 +0000   Mon, 01 Jan 2024 00:00:00 +0000   KubeletHasSufficientMemory   kubelet has sufficient memory available',
      '  DiskPressure     False   Mon, 01 Jan 2024 00:04:50 +0000   Mon, 01 Jan 2024 00:00:00 +0000   KubeletHasNoDiskPressure     kubelet has no disk pressure',
      '  PIDPressure      False   Mon, 01 Jan 2024 00:04:50 +0000   Mon, 01 Jan 2024 00:00:00 +0000   KubeletHasSufficientPID      kubelet has sufficient PID available',
      '  Ready            True    Mon, 01 Jan 2024 00:04:50 +0000   Mon, 01 Jan 2024 00:00:00 +0000   KubeletReady                 kubelet is posting ready status',
      'Addresses:',
      '  InternalIP:  10.0.0.11',
      '  Hostname:    node-2',
      'Capacity:',
      '  cpu:                4',
      '  ephemeral-storage:  102687672Ki',
      '  memory:             8137900Ki',
      '  pods:               110',
      'Allocatable:',
      '  cpu:                4',
      '  ephemeral-storage:  94636958920',
      '  memory:             8035500Ki',
      '  pods:               110',
      'System Info:',
      '  Machine ID:                 ',
      '  System UUID:                ',
      '  Boot ID:                    ',
      '  Kernel Version:             6.1.0-kreplay',
      '  OS Image:                   kreplay simulated node',
      '  Operating System:           linux',
      '  Architecture:               amd64',
      '  Container Runtime Version:  containerd://1.7.2',
      '  Kubelet Version:            v1.28.0',
      '  Kube-Proxy Version:         v1.28.0',
      'PodCIDR:                      10.244.1.0/24',
      'PodCIDRs:                     10.244.1.0/24',
      'Non-terminated Pods:          (2 in total)',
      '  Namespace                   Name                   CPU Requests  CPU Limits  Memory Requests  Memory Limits  Age',
      '  ---------                   ----                   ------------  ----------  ---------------  -------------  ---',
      '  default                     web-5d9c7b8f4-abcde    100m (2%)     0 (0%)      128Mi (1%)       256Mi (3%)     4m50s',
      '  default                     web-5d9c7b8f4-crash    100m (2%)     0 (0%)      128Mi (1%)       256Mi (3%)     4m50s',
      'Allocated resources:',
      '  (Total limits may be over 100 percent, i.e., overcommitted.)',
      '  Resource           Requests    Limits',
      '  --------           --------    ------',
      '  cpu                200m (5%)   0 (0%)',
      '  memory             256Mi (3%)  512Mi (6%)',
      '  ephemeral-storage  0 (0%)      0 (0%)',
      'Events:',
      '  Type    Reason              Age    From     Message',
      '  ----    ------              ----   ----     -------',
      '  Normal  NodeNotSchedulable  3m20s  kubelet  Node node-2 status is now: NodeNotSchedulable',
    ));
  });
});

describe('describe namespace', () => {
  test('labels, status, and no quota or limit range', () => {
    expect(describeNamespace(f.namespace('default', 0), o)).toBe(lines(
      'Name:         default',
      'Labels:       kubernetes.io/metadata.name=default',
      'Annotations:  <none>',
      'Status:       Active',
      '',
      'No resource quota.',
      '',
      'No LimitRange resource.',
    ));
  });
});

test('describeObject dispatches by kind', () => {
  expect(describeObject(f.namespace('default', 0), o)).toBe(describeNamespace(f.namespace('default', 0), o));
  expect(describeObject({ apiVersion: 'kreplay.io/v1', kind: 'SimConfig', metadata: { name: 'x' } }, o)).toBeUndefined();
});

test('annotations: last-applied-configuration hidden, long values on their own line, cut at 138 characters', () => {
  const long = 'x'.repeat(150);
  const ns = { ...f.namespace('a', 0), metadata: { ...f.namespace('a', 0).metadata, annotations: {
    'kubectl.kubernetes.io/last-applied-configuration': '{"apiVersion":"v1"}\n', long, short: 'v', multi: 'one\ntwo\n',
  } } };
  expect(describeNamespace(ns, o)).toBe(lines(
    'Name:         a',
    'Labels:       kubernetes.io/metadata.name=a',
    'Annotations:  long:',
    `                ${'x'.repeat(138)}...`,
    '              multi:',
    '                one',
    '                two',
    '              short: v',
    'Status:       Active',
    '',
    'No resource quota.',
    '',
    'No LimitRange resource.',
  ));
});
