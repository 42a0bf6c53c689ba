// Builders for the eviction manager's tests (not used by the controller): nodes shaped as the
// scenario runner registers them (src/scenario/nodes.ts) with a given kubelet configuration, bare
// pods bound to a node with the QoS a test needs, usage behaviours, and compact event views.
import { defaultKubeletConfig } from '../../api/kubeletconfig.js';
import type { Behavior, Container, Json, KubeletConfig, Node, Pod } from '../../api/types.js';
import { value } from '../../api/quantity.js';
import { Clock, DEFAULT_START } from '../../api/time.js';
import type { LogEvent } from '../../state/events.js';

export const clock = new Clock(DEFAULT_START);

export interface NodeOpts {
  memory?: string;
  ephemeralStorage?: string;
  kubelet?: Partial<KubeletConfig>;
  index?: number;
}

/** A node as src/scenario/nodes.ts builds it: capacity, allocatable, the kubelet's conditions, its config. */
export function pressureNode(name: string, o: NodeOpts = {}): Node {
  const kubelet = { ...defaultKubeletConfig(), ...(o.kubelet ?? {}) };
  const mem = value(o.memory ?? '2Gi');
  const fs = value(o.ephemeralStorage ?? '100Gi');
  const now = clock.at(0);
  const cond = (type: string, status: 'True' | 'False', reason: string, message: string) => ({ type, status, lastHeartbeatTime: now, lastTransitionTime: now, reason, message });
  return {
    apiVersion: 'v1', kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux' } },
    spec: { podCIDR: `10.244.${o.index ?? 0}.0/24`, podCIDRs: [`10.244.${o.index ?? 0}.0/24`] },
    sim: { kubelet: { running: true, config: kubelet as unknown as Json } },
    status: {
      capacity: { cpu: '4', 'ephemeral-storage': `${Math.floor(fs / 1024)}Ki`, memory: `${Math.floor(mem / 1024)}Ki`, pods: '110' },
      allocatable: { cpu: '4', 'ephemeral-storage': String(Math.floor(fs * 0.9)), memory: `${Math.floor(Math.max(0, mem - 100 * 2 ** 20) / 1024)}Ki`, pods: '110' },
      conditions: [
        cond('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
        cond('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
        cond('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
        cond('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
      ],
      addresses: [{ type: 'InternalIP', address: `10.0.0.${10 + (o.index ?? 0)}` }, { type: 'Hostname', address: name }],
    },
  };
}

export type Qos = 'BestEffort' | 'Burstable' | 'Guaranteed';

export interface PodOpts {
  node?: string;
  /** memory request (Burstable) or request = limit (Guaranteed) */
  memory?: string;
  qos?: Qos;
  priority?: number;
  grace?: number;
  containers?: Container[];
  labels?: Record<string, string>;
}

/** A bare pod bound to `node` (default node-a) whose image is its name (behaviours match on it). */
export function boundPod(name: string, o: PodOpts = {}): Pod {
  const qos = o.qos ?? 'BestEffort';
  const c: Container = { name: 'web', image: `${name}:1` };
  if (qos === 'Burstable') c.resources = { requests: { memory: o.memory ?? '100Mi' } };
  if (qos === 'Guaranteed') c.resources = { requests: { cpu: '100m', memory: o.memory ?? '100Mi' }, limits: { cpu: '100m', memory: o.memory ?? '100Mi' } };
  const p: Pod = {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, namespace: 'default', labels: o.labels ?? { app: name } },
    spec: { containers: o.containers ?? [c], nodeName: o.node ?? 'node-a', terminationGracePeriodSeconds: o.grace ?? 30, priority: o.priority ?? 0 },
    status: { phase: 'Pending', qosClass: qos },
  };
  return p;
}

/** A behaviour giving every container of the image `image:*` this constant usage. */
export function uses(image: string, usage: { memory?: string; ephemeralStorage?: string }, extra: Partial<Behavior> = {}): Behavior {
  return { match: { image: `${image}:*` }, usage: [{ atSeconds: 0, ...usage }], ...extra };
}

export const strip = (events: readonly LogEvent[]): string[] => events.map((e) => JSON.stringify(e));

/** The eviction manager's events: [tick, type, note reason?, object name]. */
export function trail(events: readonly LogEvent[]): [number, string, string | undefined, string][] {
  return events
    .filter((e) => e.actor === 'kubelet-eviction-manager')
    .map((e) => [e.tick, e.type, e.note?.reason, e.object.name]);
}

