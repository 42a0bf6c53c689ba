// Node and pod builders for the scheduler's tests: objects written by hand, as a kubelet and a user would.
// Not upstream code; small enough to ship (users' own tests may use them too).
import type { Node, Pod, Taint, Toleration } from '../../api/types.js';

export interface NodeOpts {
  labels?: Record<string, string>;
  taints?: Taint[];
  unschedulable?: boolean;
  pods?: number;
  extra?: Record<string, string>;
}

export function node(name: string, cpu: string, memory: string, o: NodeOpts = {}): Node {
  const allocatable = { cpu, memory, pods: String(o.pods ?? 110), 'ephemeral-storage': '100Gi', ...(o.extra ?? {}) };
  const n: Node = {
    apiVersion: 'v1', kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...(o.labels ?? {}) } },
    spec: {},
    status: { capacity: allocatable, allocatable, conditions: [{ type: 'Ready', status: 'True' }] },
  };
  if (o.taints) n.spec.taints = o.taints;
  if (o.unschedulable) n.spec.unschedulable = true;
  return n;
}

export interface PodOpts {
  namespace?: string;
  nodeSelector?: Record<string, string>;
  tolerations?: Toleration[];
  priority?: number;
  nodeName?: string;
  labels?: Record<string, string>;
  hostPort?: number;
  schedulerName?: string;
  phase?: 'Pending' | 'Running' | 'Succeeded' | 'Failed';
}

export function pod(name: string, cpu: string | undefined, memory: string | undefined, o: PodOpts = {}): Pod {
  const requests: Record<string, string> = {};
  if (cpu !== undefined) requests.cpu = cpu;
  if (memory !== undefined) requests.memory = memory;
  const p: Pod = {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, namespace: o.namespace ?? 'default', labels: o.labels ?? { app: 'web' } },
    spec: { containers: [{ name: 'c', image: 'web:1', resources: { requests } }] },
    status: { phase: o.phase ?? 'Pending' },
  };
  if (o.hostPort) p.spec.containers[0]!.ports = [{ containerPort: 80, hostPort: o.hostPort }];
  if (o.nodeSelector) p.spec.nodeSelector = o.nodeSelector;
  if (o.tolerations) p.spec.tolerations = o.tolerations;
  if (o.priority !== undefined) p.spec.priority = o.priority;
  if (o.nodeName) p.spec.nodeName = o.nodeName;
  if (o.schedulerName) p.spec.schedulerName = o.schedulerName;
  return p;
}

export const CONTROL_PLANE_TAINT: Taint = { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' };
