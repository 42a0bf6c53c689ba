// Pod and host IP addresses: what the CNI plugin (host-local IPAM on the node's spec.podCIDR)
// and the node's addresses give the kubelet. Differs: deterministic — a pod gets the LOWEST free
// address of its node's podCIDR from network+2 (network+1 is the bridge gateway, as host-local
// reserves it) up to broadcast-1, "free" meaning not held by another non-terminal pod on that
// node; host-local instead walks round-robin from the last address it gave out. IPv4 only.
import type { Node, Pod } from '../../api/types.js';
import type { View } from '../../state/cluster.js';

export function parseIPv4(s: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return undefined;
  let n = 0;
  for (let i = 1; i <= 4; i++) {
    const octet = Number(m[i]);
    if (octet > 255) return undefined;
    n = n * 256 + octet;
  }
  return n;
}

export function formatIPv4(n: number): string {
  return `${Math.floor(n / 16777216) % 256}.${Math.floor(n / 65536) % 256}.${Math.floor(n / 256) % 256}.${n % 256}`;
}

export interface Cidr {
  network: number;
  prefix: number;
  size: number;
}

export function parseCidr(s: string): Cidr | undefined {
  const slash = s.indexOf('/');
  if (slash < 0) return undefined;
  const ip = parseIPv4(s.slice(0, slash));
  const prefix = Number(s.slice(slash + 1));
  if (ip === undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > 32) return undefined;
  const size = 2 ** (32 - prefix);
  return { network: ip - (ip % size), prefix, size };
}

/** FNV-1a, 32 bits: a stable hash of a name for the fallbacks below. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/**
 * The node's InternalIP; else its first address; else a stable address in 172.16.0.0/12 derived
 * from the name (nodes built by hand in tests often carry no addresses).
 */
export function nodeHostIP(node: Node): string {
  const addrs = node.status?.addresses ?? [];
  const internal = addrs.find((a) => a.type === 'InternalIP' && parseIPv4(a.address) !== undefined);
  if (internal) return internal.address;
  const any = addrs.find((a) => parseIPv4(a.address) !== undefined);
  if (any) return any.address;
  const base = parseIPv4('172.16.0.0')!;
  return formatIPv4(base + 2 + (fnv1a(node.metadata.name) % (2 ** 20 - 4)));
}

/**
 * The node's pod CIDR: spec.podCIDR (or the first IPv4 of podCIDRs); else a /24 of the cluster
 * CIDR chosen by a hash of the node name (the node IPAM controller normally assigns these; two
 * nodes may collide in the fallback, which only matters for scenarios without podCIDRs).
 */
export function nodePodCidr(node: Node, clusterCidr: string): Cidr | undefined {
  for (const s of [node.spec.podCIDR, ...(node.spec.podCIDRs ?? [])]) {
    const c = s ? parseCidr(s) : undefined;
    if (c) return c;
  }
  const cluster = parseCidr(clusterCidr);
  if (!cluster || cluster.prefix > 24) return cluster;
  const blocks = 2 ** (24 - cluster.prefix);
  return { network: cluster.network + (fnv1a(node.metadata.name) % blocks) * 256, prefix: 24, size: 256 };
}

/**
 * The first address handed to pods: network + 2. network + 1 is the bridge's gateway (cni0), which
 * host-local reserves, so pods of a node with 10.244.1.0/24 get 10.244.1.2, .3, … as in kind.
 */
export const FIRST_POD_HOST_OFFSET = 2;

const terminal = (p: Pod): boolean => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';

interface NodePool {
  cidr: Cidr;
  used: Set<number>;
  /** every address below this is taken (allocation only adds, so the lowest free only rises) */
  lowest: number;
}

/**
 * Allocates pod IPs within one reconcile: the pool of a node is built once from the view (one
 * walk over the node's pods) and then updated as addresses are handed out, so starting n pods on
 * a node costs O(n), not O(n²).
 */
export class PodIPAllocator {
  private readonly pools = new Map<string, NodePool | null>();

  constructor(private readonly view: View, private readonly clusterCidr: string) {}

  /** The lowest free address of the node's pod CIDR, or undefined when it is exhausted. */
  allocate(node: Node): string | undefined {
    const pool = this.pool(node);
    if (!pool) return undefined;
    const last = pool.cidr.network + pool.cidr.size - 2; // broadcast - 1
    let ip = Math.max(pool.lowest, pool.cidr.network + FIRST_POD_HOST_OFFSET);
    while (ip <= last && pool.used.has(ip)) ip++;
    if (ip > last) return undefined;
    pool.used.add(ip);
    pool.lowest = ip + 1;
    return formatIPv4(ip);
  }

  private pool(node: Node): NodePool | undefined {
    const name = node.metadata.name;
    let pool = this.pools.get(name);
    if (pool === undefined) {
      const cidr = nodePodCidr(node, this.clusterCidr);
      if (!cidr) pool = null;
      else {
        const used = new Set<number>();
        for (const p of this.view.podsOnNode(name)) {
          if (terminal(p) || !p.status?.podIP || p.spec.hostNetwork) continue;
          const ip = parseIPv4(p.status.podIP);
          if (ip !== undefined) used.add(ip);
        }
        pool = { cidr, used, lowest: cidr.network + FIRST_POD_HOST_OFFSET };
      }
      this.pools.set(name, pool);
    }
    return pool ?? undefined;
  }
}
