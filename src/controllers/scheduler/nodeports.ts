// NodePorts: a pod's hostPorts must be free on the node (framework/plugins/nodeports and
// framework/types.go HostPortInfo, v1.28). Differs: the node's used ports are gathered from the
// projection's pods-by-node index when a pod that wants host ports is scheduled (rare), not kept.
import type { ContainerPort, Pod, PodSpec } from '../../api/types.js';
import type { HostPort } from './framework.js';
import { ERR_REASON_PORTS, NODE_PORTS, newStatus, type Status } from './messages.js';

/** getContainerPorts: the ports of the pod's (app) containers that ask for a hostPort. */
export function getContainerPorts(spec: PodSpec): ContainerPort[] {
  const out: ContainerPort[] = [];
  for (const c of spec.containers ?? []) {
    for (const p of c.ports ?? []) if ((p.hostPort ?? 0) > 0) out.push(p);
  }
  return out;
}

const DEFAULT_BIND_ALL_HOST_IP = '0.0.0.0';

/** framework.HostPortInfo: ip → set of "protocol/port". */
export class HostPortInfo {
  private readonly byIp = new Map<string, Set<string>>();

  add(p: HostPort): void {
    let s = this.byIp.get(p.ip);
    if (!s) this.byIp.set(p.ip, (s = new Set()));
    s.add(`${p.protocol}/${p.port}`);
  }

  /** CheckConflict: 0.0.0.0 conflicts with the same protocol/port on any IP, and vice versa. */
  checkConflict(p: HostPort): boolean {
    if (p.port <= 0) return false;
    const pp = `${p.protocol}/${p.port}`;
    if (p.ip === DEFAULT_BIND_ALL_HOST_IP) {
      for (const s of this.byIp.values()) if (s.has(pp)) return true;
      return false;
    }
    return (this.byIp.get(DEFAULT_BIND_ALL_HOST_IP)?.has(pp) ?? false) || (this.byIp.get(p.ip)?.has(pp) ?? false);
  }
}

/** The host ports in use on a node by `pods` (the node's non-terminal pods, minus `except`). */
export function usedPorts(pods: readonly Pod[], except?: ReadonlySet<Pod>): HostPortInfo {
  const info = new HostPortInfo();
  for (const pod of pods) {
    if (except?.has(pod)) continue;
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') continue;
    for (const p of getContainerPorts(pod.spec)) info.add({ ip: p.hostIP || DEFAULT_BIND_ALL_HOST_IP, protocol: p.protocol || 'TCP', port: p.hostPort! });
  }
  return info;
}

/** fitsPorts */
export function fitsPorts(want: readonly HostPort[], used: HostPortInfo): boolean {
  for (const p of want) if (used.checkConflict(p)) return false;
  return true;
}

const PORTS_STATUS = newStatus('Unschedulable', NODE_PORTS, ERR_REASON_PORTS);

/** Filter: Unschedulable "node(s) didn't have free ports for the requested pod ports". */
export function nodePortsFilter(want: readonly HostPort[], used: HostPortInfo): Status | null {
  return fitsPorts(want, used) ? null : PORTS_STATUS;
}
