// One monitor pass and the NoExecute tainting pass (node_lifecycle_controller.go monitorNodeHealth,
// processTaintBaseEviction, markNodeAsReachable, handleDisruption, doNoExecuteTaintingPass), v1.28.
// Differs: nodes and zones in name order (upstream: parallel workers, map order); the taint queue
// is derived from the nodes (see eligibleForTainting); a pass's tainting follows its disruption check.
import type { ConditionStatus, ControllerManagerSettings, Node, Taint } from '../../api/types.js';
import type { Ctx } from '../../state/controller.js';
import { kubeletState } from '../nodestatus/conditions.js';
import { creationTick, markPodsNotReady, probeTick, SOURCE, tickOf, tryUpdateNodeHealth } from './health.js';
import { consume, newZoneRecord, nextTokenTick, swapLimiter, tryAccept, type ZoneRecord } from './ratelimit.js';
import type { LifecycleRecord } from './record.js';
import { NOT_READY_TAINT, removeTaintOffNode, swapNodeControllerTaint, taintExists, UNREACHABLE_TAINT } from './taints.js';
import { computeZoneState, getZoneKey, isNodeExcludedFromDisruptionChecks, qpsForState, type ZoneState } from './zones.js';

const byName = (a: Node, b: Node): number => (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0);
const rv = (n: Node): number => Number(n.metadata.resourceVersion);

/**
 * markNodeAsReachable: remove the unreachable, then the not-ready NoExecute taint (two PATCHes
 * when both are there); the node leaves its zone's taint queue by itself (the queue is derived).
 */
export function markNodeAsReachable(ctx: Ctx, node: Node): Node {
  const a = removeTaintOffNode(ctx, node, [UNREACHABLE_TAINT], rv(node));
  return removeTaintOffNode(ctx, a, [NOT_READY_TAINT], rv(a));
}

/**
 * processTaintBaseEviction on the Ready condition this pass observed: False or Unknown with the
 * opposite NoExecute taint present swaps it at once; otherwise the node waits in its zone's
 * queue (markNodeForTainting); True removes both taints.
 */
function processTaintBaseEviction(ctx: Ctx, node: Node, observed: ConditionStatus): Node {
  switch (observed) {
    case 'False':
      if (taintExists(node.spec.taints, UNREACHABLE_TAINT)) return swapNodeControllerTaint(ctx, node, [NOT_READY_TAINT], [UNREACHABLE_TAINT], rv(node));
      return node;
    case 'Unknown':
      if (taintExists(node.spec.taints, NOT_READY_TAINT)) return swapNodeControllerTaint(ctx, node, [UNREACHABLE_TAINT], [NOT_READY_TAINT], rv(node));
      return node;
    case 'True':
      return markNodeAsReachable(ctx, node);
  }
}

/**
 * Whether the monitor pass has anything to write for this node: it registers now, its health
 * turns Unknown, or processTaintBaseEviction would swap or remove a NoExecute taint. The pass
 * visits only these nodes (in name order), so it costs a scan, not a sort, of every node.
 */
function needsMonitorWork(ctx: Ctx, node: Node, s: ControllerManagerSettings, rec: LifecycleRecord, period: number): boolean {
  const now = ctx.tick;
  const created = creationTick(node, ctx.clock);
  if (created > now - period && created <= now) return true;
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
  const taints = node.spec.taints;
  // a running kubelet heartbeats now: never past its grace period
  const pastGrace = (grace: number): boolean => !kubeletState(node).running && now > probeTick(node, now, ctx.clock, rec) + grace;
  switch (ready?.status) {
    case undefined: return pastGrace(s.nodeStartupGracePeriodSeconds);
    case 'Unknown': return taintExists(taints, NOT_READY_TAINT);
    case 'False': return taintExists(taints, UNREACHABLE_TAINT) || pastGrace(s.nodeMonitorGracePeriodSeconds);
    case 'True': return taintExists(taints, UNREACHABLE_TAINT) || taintExists(taints, NOT_READY_TAINT) || pastGrace(s.nodeMonitorGracePeriodSeconds);
  }
}

/**
 * monitorNodeHealth at a monitor tick: give new zones a tainter, register nodes created since the
 * previous pass (RegisteredNode, markNodeAsReachable), update each node's health, process
 * taint-based eviction and NodeNotReady, then handleDisruption over every node's Ready status.
 */
export function monitorNodeHealth(ctx: Ctx, s: ControllerManagerSettings, rec: LifecycleRecord, period: number, markPods: boolean): void {
  const now = ctx.tick;
  const work: Node[] = [];
  for (const n of ctx.view.list('Node')) if (needsMonitorWork(ctx, n, s, rec, period)) work.push(n);
  work.sort(byName);
  const current = (n: Node): Node => ctx.view.get('Node', '', n.metadata.name) ?? n;
  for (const node of work) {
    // classifyNodes "added": the controller had not seen the node at its previous pass
    const created = creationTick(node, ctx.clock);
    if (created > now - period && created <= now) {
      const name = node.metadata.name;
      ctx.record(node, { type: 'NodeRegisteredInController', cause: rv(node), note: { type: 'Normal', reason: 'RegisteredNode', message: `Node ${name} event: Registered Node ${name} in Controller`, source: SOURCE } });
      markNodeAsReachable(ctx, node);
    }
  }
  for (const n of work) {
    const h = tryUpdateNodeHealth(ctx, current(n), s, rec);
    if (!h.current) continue;
    const node = processTaintBaseEviction(ctx, h.node, h.observed.status);
    if (markPods && h.current.status !== 'True' && h.observed.status === 'True') markPodsNotReady(ctx, node.metadata.name, rv(node));
  }
  const zoneReady = new Map<string, (ConditionStatus | undefined)[]>();
  const zones = new Set<string>();
  for (const n of ctx.view.list('Node')) {
    const zone = getZoneKey(n);
    zones.add(zone);
    if (isNodeExcludedFromDisruptionChecks(n)) continue;
    let list = zoneReady.get(zone);
    if (!list) zoneReady.set(zone, (list = []));
    list.push(n.status?.conditions?.find((c) => c.type === 'Ready')?.status);
  }
  // classifyNodes/addPodEvictorForNewZone: a zone without a state gets a fresh tainter (upstream
  // before the health updates; only handleDisruption and the tainting pass read it). Deviation: a
  // zone of excluded nodes only keeps its tainter (upstream replaces it every pass, as such a zone
  // never keeps a state); only counted zones and zones seen for the first time get a new one.
  for (const zone of zones) {
    const z = rec.zones[zone];
    if (!z || (z.state === undefined && zoneReady.has(zone))) rec.zones[zone] = newZoneRecord(s.nodeEvictionRate, now);
  }
  handleDisruption(ctx, s, rec, zoneReady);
  // zones with no node left: their tainter is never used again (a zone that comes back gets a new one)
  for (const zone of Object.keys(rec.zones)) if (!zones.has(zone) && rec.zones[zone]!.state === undefined) delete rec.zones[zone];
}

/**
 * handleDisruption: each counted zone's new state (ComputeZoneState); all zones fully disrupted →
 * master disruption mode (every NoExecute not-ready/unreachable taint removed, every tainter
 * stopped); leaving it resets every probe timestamp and every zone's limiter; otherwise a zone
 * whose state changed gets its state's rate (setLimiterInZone).
 */
function handleDisruption(ctx: Ctx, s: ControllerManagerSettings, rec: LifecycleRecord, zoneReady: Map<string, (ConditionStatus | undefined)[]>): void {
  const now = ctx.tick;
  const newStates = new Map<string, ZoneState>();
  let allAre = true;
  for (const zone of [...zoneReady.keys()].sort()) {
    const [, state] = computeZoneState(zoneReady.get(zone)!, s.unhealthyZoneThreshold);
    if (state !== 'FullDisruption') allAre = false;
    newStates.set(zone, state);
  }
  let allWas = true;
  const stated: string[] = [];
  for (const zone of Object.keys(rec.zones).sort()) {
    const z = rec.zones[zone]!;
    if (z.state === undefined) continue;
    if (!zoneReady.has(zone)) {
      // no counted node left in the zone: forget its state, keep its tainter
      const { state: _dropped, ...rest } = z;
      rec.zones[zone] = rest;
      continue;
    }
    stated.push(zone);
    if (z.state !== 'FullDisruption') allWas = false;
  }
  if (allAre && allWas) return;
  const setState = (zone: string, state: ZoneState, qps: number | undefined): void => {
    let z: ZoneRecord = rec.zones[zone]!;
    if (qps !== undefined) z = swapLimiter(z, qps, now);
    rec.zones[zone] = { ...z, state };
  };
  if (allAre) {
    // "Controller detected that all Nodes are not-Ready. Entering master disruption mode"
    const tainted = ctx.view.list('Node').filter((n) => taintExists(n.spec.taints, UNREACHABLE_TAINT) || taintExists(n.spec.taints, NOT_READY_TAINT));
    for (const n of tainted.sort(byName)) markNodeAsReachable(ctx, n);
    for (const zone of stated) setState(zone, 'FullDisruption', 0);
    return;
  }
  if (allWas) {
    // "Controller detected that some Nodes are Ready. Exiting master disruption mode"
    rec.probeResetTick = now;
    for (const zone of stated) setState(zone, newStates.get(zone)!, qpsForState(newStates.get(zone)!, zoneReady.get(zone)!.length, s));
    return;
  }
  for (const zone of stated) {
    const next = newStates.get(zone)!;
    if (rec.zones[zone]!.state === next) continue;
    setState(zone, next, qpsForState(next, zoneReady.get(zone)!.length, s));
  }
}

function transitionTick(ctx: Ctx, at: string | undefined): number {
  return at ? tickOf(ctx.clock, at) : -Infinity;
}

/**
 * Whether a node waits in its zone's NoExecute taint queue at tick `now`, and with which taint.
 * Upstream every monitor pass re-adds each node whose *observed* Ready is False/Unknown and which
 * lacks the matching taint (markNodeForTainting); the tainting pass takes them as tokens allow.
 * Derived here from the node: Ready False since the last pass or before (the kubelet said so),
 * or Unknown since before the last pass (the controller's own Unknown is observed one pass later),
 * without its taint. Deviation: a node that recovers between passes leaves the queue at once
 * (upstream it is dequeued at its turn, spending a token).
 */
export function eligibleForTainting(ctx: Ctx, node: Node, lastPass: number): { add: Taint; remove: Taint } | undefined {
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
  if (!ready || ready.status === 'True') return undefined;
  const t = transitionTick(ctx, ready.lastTransitionTime);
  if (ready.status === 'False' && t <= lastPass && !taintExists(node.spec.taints, NOT_READY_TAINT)) return { add: NOT_READY_TAINT, remove: UNREACHABLE_TAINT };
  if (ready.status === 'Unknown' && t < lastPass && !taintExists(node.spec.taints, UNREACHABLE_TAINT)) return { add: UNREACHABLE_TAINT, remove: NOT_READY_TAINT };
  return undefined;
}

/**
 * doNoExecuteTaintingPass: per zone (sorted), the queued nodes in name order (upstream: heap order
 * of equal ProcessAt, i.e. arbitrary), each tainted (SwapNodeControllerTaint) if the zone's token
 * bucket gives a token. Returns the next tick a token is due for a zone that still has a queue.
 */
export function doNoExecuteTaintingPass(ctx: Ctx, rec: LifecycleRecord, lastPass: number): number {
  const queues = new Map<string, { node: Node; add: Taint; remove: Taint }[]>();
  // runs on every call: scan in creation order, sort only the (few) queued nodes
  for (const node of ctx.view.list('Node')) {
    const e = eligibleForTainting(ctx, node, lastPass);
    if (!e) continue;
    const zone = getZoneKey(node);
    let q = queues.get(zone);
    if (!q) queues.set(zone, (q = []));
    q.push({ node, ...e });
  }
  for (const q of queues.values()) q.sort((a, b) => byName(a.node, b.node));
  let next = Infinity;
  for (const zone of [...queues.keys()].sort()) {
    let z = rec.zones[zone];
    if (!z) continue; // a zone no pass has seen yet has no tainter
    const q = queues.get(zone)!;
    let i = 0;
    for (; i < q.length; i++) {
      const at = tryAccept(z, ctx.tick);
      if (at === undefined) break;
      z = consume(z, at);
      const { node, add, remove } = q[i]!;
      const cur = ctx.view.get('Node', '', node.metadata.name) ?? node;
      swapNodeControllerTaint(ctx, cur, [add], [remove], rv(cur));
    }
    rec.zones[zone] = z;
    if (i < q.length) next = Math.min(next, nextTokenTick(z, ctx.tick + 1));
  }
  return next;
}

