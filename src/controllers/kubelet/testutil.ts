// Builders for the kubelet's tests (not used by the controller): nodes and pods bound by hand,
// without a scheduler, and a compact view of the kubelet's events.
import type { Container, Node, Pod, RestartPolicy } from '../../api/types.js';
import type { View } from '../../state/cluster.js';
import type { LogEvent } from '../../state/events.js';

export function node(name: string, over: Partial<Node['spec']> = {}, addresses?: { type: string; address: string }[]): Node {
  return {
    apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'kubernetes.io/hostname': name } },
    spec: { podCIDR: '10.244.1.0/24', ...over },
    status: { capacity: { cpu: '4', memory: '8Gi', pods: '110' }, allocatable: { cpu: '4', memory: '8Gi', pods: '110' }, ...(addresses ? { addresses } : {}) },
  };
}

export interface PodOptions {
  node?: string;
  image?: string;
  labels?: Record<string, string>;
  restartPolicy?: RestartPolicy;
  containers?: Container[];
  readinessProbe?: Container['readinessProbe'];
  imagePullPolicy?: Container['imagePullPolicy'];
  grace?: number;
}

export function pod(name: string, o: PodOptions = {}): Pod {
  const container: Container = { name: 'web', image: o.image ?? 'web:1' };
  if (o.readinessProbe) container.readinessProbe = o.readinessProbe;
  if (o.imagePullPolicy) container.imagePullPolicy = o.imagePullPolicy;
  const p: Pod = {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, namespace: 'default', labels: o.labels ?? { app: 'web' } },
    spec: { containers: o.containers ?? [container], nodeName: o.node ?? 'node-a' },
    status: { phase: 'Pending', qosClass: 'BestEffort', conditions: [{ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: '2024-01-01T00:00:00Z' }] },
  };
  if (o.restartPolicy) p.spec.restartPolicy = o.restartPolicy;
  if (o.grace !== undefined) p.spec.terminationGracePeriodSeconds = o.grace;
  return p;
}

export function getPod(view: View, name: string): Pod {
  const p = view.get('Pod', 'default', name);
  if (!p) throw new Error(`pod ${name} not found`);
  return p;
}

/** The kubelet's events for one pod: [tick, type, note reason?] */
export function trail(events: readonly LogEvent[], name?: string): [number, string, string?][] {
  return events
    .filter((e) => e.actor === 'kubelet' && (name === undefined || e.object.name === name))
    .map((e) => (e.note ? [e.tick, e.type, e.note.reason] : [e.tick, e.type]));
}
