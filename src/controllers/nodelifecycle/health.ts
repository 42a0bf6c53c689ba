// Node health: the grace periods and the Unknown conditions (node_lifecycle_controller.go
// tryUpdateNodeHealth) and MarkPodsNotReady (controller/util/node/controller_utils.go), v1.28.
// Differs: the probe timestamp is derived, not observed — see probeTick.
import type { ControllerManagerSettings, Node, NodeCondition, Pod } from '../../api/types.js';
import type { Clock } from '../../api/time.js';
import type { Ctx } from '../../state/controller.js';
import { kubeletState } from '../nodestatus/conditions.js';
import type { LifecycleRecord } from './record.js';

export const SOURCE = 'node-controller';

/** The conditions the controller marks Unknown (NetworkUnavailable is managed at the control plane level). */
const HEALTH_CONDITION_TYPES = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'] as const;

export const NODE_STATUS_UNKNOWN_REASON = 'NodeStatusUnknown';
export const NODE_STATUS_UNKNOWN_MESSAGE = 'Kubelet stopped posting node status.';
export const NODE_STATUS_NEVER_UPDATED_REASON = 'NodeStatusNeverUpdated';
export const NODE_STATUS_NEVER_UPDATED_MESSAGE = 'Kubelet never posted node status.';

export function creationTick(node: Node, clock: Clock): number {
  const ts = node.metadata.creationTimestamp;
  return ts ? tickOf(clock, ts) : 0;
}

/** clock.tickOf, memoised per clock: the monitor parses every node's timestamps every pass. */
const parsed = new WeakMap<Clock, Map<string, number>>();

export function tickOf(clock: Clock, timestamp: string): number {
  let m = parsed.get(clock);
  if (!m) parsed.set(clock, (m = new Map()));
  let t = m.get(timestamp);
  if (t === undefined) {
    if (m.size > 100_000) m.clear();
    m.set(timestamp, (t = clock.tickOf(timestamp)));
  }
  return t;
}

/**
 * The node's probeTimestamp: when the controller last saw a heartbeat. Upstream it is refreshed
 * whenever the Ready condition's lastHeartbeatTime changes or the node Lease is renewed (every
 * 10 s). Here a running kubelet heartbeats continuously (probe = now); a stopped kubelet's last
 * heartbeat is sim.kubelet.since (the tick it stopped; the creation when it never ran); leaving
 * master disruption mode resets every probe to that instant (record.probeResetTick).
 */
export function probeTick(node: Node, now: number, clock: Clock, rec: LifecycleRecord): number {
  const k = kubeletState(node);
  const created = creationTick(node, clock);
  const heartbeat = k.running ? now : (k.since ?? created);
  return Math.max(heartbeat, created, rec.probeResetTick ?? -Infinity);
}

export interface HealthResult {
  node: Node;
  /** the Ready condition as this pass found it (a node that never posted one: Unknown) */
  observed: NodeCondition;
  /** the Ready condition after this pass */
  current: NodeCondition | undefined;
}

function readyOf(node: Node): NodeCondition | undefined {
  return node.status?.conditions?.find((c) => c.type === 'Ready');
}

/**
 * tryUpdateNodeHealth: grace = nodeStartupGracePeriod for a node that never posted Ready, else
 * nodeMonitorGracePeriod; when now > probe + grace (strictly) every health condition goes
 * Unknown ("Kubelet stopped posting node status."; missing ones "Kubelet never posted node
 * status." with the creation as heartbeat), written only when the Ready condition changed.
 * The write carries RecordNodeStatusChange's NodeNotReady event when Ready was True.
 */
export function tryUpdateNodeHealth(ctx: Ctx, node: Node, s: ControllerManagerSettings, rec: LifecycleRecord): HealthResult {
  const cur = readyOf(node);
  const created = node.metadata.creationTimestamp ?? ctx.clock.at(creationTick(node, ctx.clock));
  const observed: NodeCondition = cur ? { ...cur } : { type: 'Ready', status: 'Unknown', lastHeartbeatTime: created, lastTransitionTime: created };
  const grace = cur ? s.nodeMonitorGracePeriodSeconds : s.nodeStartupGracePeriodSeconds;
  const probe = probeTick(node, ctx.tick, ctx.clock, rec);
  if (!(ctx.tick > probe + grace)) return { node, observed, current: cur };
  const now = ctx.now();
  const conditions = (node.status?.conditions ?? []).map((c) => ({ ...c }));
  for (const type of HEALTH_CONDITION_TYPES) {
    const c = conditions.find((x) => x.type === type);
    if (!c) {
      conditions.push({ type, status: 'Unknown', lastHeartbeatTime: created, lastTransitionTime: now, reason: NODE_STATUS_NEVER_UPDATED_REASON, message: NODE_STATUS_NEVER_UPDATED_MESSAGE });
    } else if (c.status !== 'Unknown') {
      c.status = 'Unknown';
      c.reason = NODE_STATUS_UNKNOWN_REASON;
      c.message = NODE_STATUS_UNKNOWN_MESSAGE;
      c.lastTransitionTime = now;
    }
  }
  const next = conditions.find((c) => c.type === 'Ready')!;
  if (cur && JSON.stringify(next) === JSON.stringify(cur)) return { node, observed, current: cur };
  const name = node.metadata.name;
  const becameNotReady = observed.status === 'True';
  const stored = ctx.update(node, (d) => { d.status.conditions = conditions; }, {
    type: 'NodeStatusUnknownMarked',
    cause: Number(node.metadata.resourceVersion),
    data: { lastHeartbeat: ctx.clock.at(probe), gracePeriodSeconds: grace },
    ...(becameNotReady ? { note: { type: 'Normal', reason: 'NodeNotReady', message: `Node ${name} status is now: NodeNotReady`, source: SOURCE } } : {}),
  });
  return { node: stored, observed, current: next };
}

/**
 * MarkPodsNotReady: each pod on the node with a Ready condition that is not False gets
 * Ready=False (reason and message kept, lastTransitionTime now) and a Warning NodeNotReady
 * "Node is not ready" event. Pods in name order (upstream: informer order).
 */
export function markPodsNotReady(ctx: Ctx, nodeName: string, cause: number): void {
  const pods = ctx.view.podsOnNode(nodeName).slice().sort(byKey);
  for (const pod of pods) {
    const i = pod.status?.conditions?.findIndex((c) => c.type === 'Ready') ?? -1;
    if (i < 0 || pod.status.conditions![i]!.status === 'False') continue;
    ctx.update(pod, (d) => {
      const c = d.status.conditions![i]!;
      c.status = 'False';
      c.lastTransitionTime = ctx.now();
    }, { type: 'PodMarkedNotReady', cause, note: { type: 'Warning', reason: 'NodeNotReady', message: 'Node is not ready', source: SOURCE } });
  }
}

function byKey(a: Pod, b: Pod): number {
  const ka = `${a.metadata.namespace ?? ''}/${a.metadata.name}`;
  const kb = `${b.metadata.namespace ?? ''}/${b.metadata.name}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}
