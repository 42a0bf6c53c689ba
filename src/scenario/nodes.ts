// Node objects for the scenario's cluster, as a kubelet registers them: the well-known labels,
// capacity, allocatable (capacity minus the kubelet's default hard-eviction reserve, as a real
// node reports it), Ready conditions, addresses and a /24 podCIDR carved from the cluster CIDR.
import { value } from '../api/quantity.js';
import type { Json, Node } from '../api/types.js';
import type { NodeTemplate } from './types.js';

export const KUBELET_VERSION = 'v1.28.0';

/** Default hard eviction thresholds (memory.available<100Mi, nodefs.available<10%) leave allocatable below capacity. */
const EVICTION_HARD_MEMORY_BYTES = 100 * 1024 * 1024;
const EVICTION_HARD_NODEFS_FRACTION = 0.1;

export class CidrError extends Error {}

/** The i-th /24 in `cidr` ("10.244.0.0/16", 3 → "10.244.3.0/24"). */
export function podCidrFor(cidr: string, index: number): string {
  const [base, bitsText] = cidr.split('/');
  const bits = Number(bitsText);
  const octets = base!.split('.').map(Number);
  const baseInt = ((octets[0]! << 24) | (octets[1]! << 16) | (octets[2]! << 8) | octets[3]!) >>> 0;
  const room = 2 ** (24 - bits);
  if (index >= room) {
    throw new CidrError(`cluster.settings.podCIDR ${cidr} has room for ${room} nodes (one /24 each); set a larger range such as 10.0.0.0/8`);
  }
  const net = ((baseInt & ~(2 ** (32 - bits) - 1)) + index * 256) >>> 0;
  return `${net >>> 24}.${(net >>> 16) & 255}.${(net >>> 8) & 255}.0/24`;
}

/** Node InternalIP: 10.0.x.y counting from 10.0.0.10. */
export function nodeAddress(index: number): string {
  const h = index + 10;
  return `10.0.${(h >> 8) & 255}.${h & 255}`;
}

function bytesToKi(bytes: number): string {
  return `${Math.floor(bytes / 1024)}Ki`;
}

export function buildNode(t: NodeTemplate, index: number, podCIDR: string, now: string): Node {
  const memBytes = value(t.memory);
  const storageBytes = value(t.ephemeralStorage);
  const capacity = { cpu: t.cpu, 'ephemeral-storage': bytesToKi(storageBytes), memory: bytesToKi(memBytes), pods: String(t.pods) };
  const allocatable = {
    cpu: t.cpu,
    'ephemeral-storage': String(Math.floor(storageBytes * (1 - EVICTION_HARD_NODEFS_FRACTION))),
    memory: bytesToKi(Math.max(0, memBytes - EVICTION_HARD_MEMORY_BYTES)),
    pods: String(t.pods),
  };
  const cidr = podCidrFor(podCIDR, index);
  const cond = (type: string, status: 'True' | 'False', reason: string, message: string) => ({ type, status, lastHeartbeatTime: now, lastTransitionTime: now, reason, message });
  const node: Node = {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: t.name,
      labels: {
        'beta.kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': t.name,
        'kubernetes.io/os': 'linux',
        ...t.labels,
      },
      annotations: { 'node.alpha.kubernetes.io/ttl': '0', 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' },
    },
    spec: { podCIDR: cidr, podCIDRs: [cidr], ...(t.taints.length ? { taints: t.taints.map((x) => ({ ...x })) } : {}), ...(t.unschedulable ? { unschedulable: true } : {}) },
    // the simulated kubelet's own configuration and state (hidden bookkeeping)
    sim: { kubelet: { running: true, config: t.kubelet as unknown as Json } },
    status: {
      capacity,
      allocatable,
      conditions: [
        cond('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
        cond('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
        cond('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
        cond('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
      ],
      addresses: [{ type: 'InternalIP', address: nodeAddress(index) }, { type: 'Hostname', address: t.name }],
      nodeInfo: {
        architecture: 'amd64',
        bootID: '',
        containerRuntimeVersion: 'containerd://1.7.2',
        kernelVersion: '6.1.0-kreplay',
        kubeProxyVersion: KUBELET_VERSION,
        kubeletVersion: KUBELET_VERSION,
        machineID: '',
        operatingSystem: 'linux',
        osImage: 'kreplay simulated node',
        systemUUID: '',
      },
    },
  };
  return node;
}
