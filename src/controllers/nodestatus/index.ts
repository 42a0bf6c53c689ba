// The kubelet's node status updates (pkg/kubelet/kubelet_node_status.go syncNodeStatus with the
// Ready setter, and the start-up events of kubelet.go BirthCry and the container manager), v1.28.
// Differs: no periodic heartbeats — lastHeartbeatTime moves only when the kubelet posts a change
// or starts again (a running kubelet counts as heartbeating continuously, see below); the
// MemoryPressure/DiskPressure/PIDPressure conditions belong to the node-pressure eviction manager.
import type { Node, NodeCondition } from '../../api/types.js';
import type { Controller, Ctx, WorkSet } from '../../state/controller.js';
import type { KubeEventNote } from '../../state/events.js';
import { desiredReady, getNodeCondition, kubeletState, type KubeletState } from './conditions.js';

export { kubeletState, desiredReady, getNodeCondition, KUBELET_NOT_READY_MESSAGE, KUBELET_NOT_READY_REASON, KUBELET_READY_MESSAGE, KUBELET_READY_REASON } from './conditions.js';
export type { KubeletState } from './conditions.js';

const SOURCE = 'kubelet';

/**
 * What each node's kubelet posts about itself: the Ready condition (True "KubeletReady" or, with
 * `node: {name, reportReady: false}`, False "KubeletNotReady"), and on a start after a stop the
 * events Starting "Starting kubelet." and NodeAllocatableEnforced. A stopped kubelet posts nothing.
 *
 * Heartbeats (deviation, documented): upstream the kubelet posts its status every
 * nodeStatusReportFrequency (5 min when unchanged) and renews its Lease every 10 s; the node
 * lifecycle controller takes either as a heartbeat. Here a running kubelet is taken to be
 * heartbeating continuously and a stopped one's last heartbeat is sim.kubelet.since, so no event
 * is written per heartbeat: the Ready condition's lastHeartbeatTime changes only when the
 * condition changes or the kubelet starts again.
 *
 * @example
 *   const sim = new Sim({ controllers: defaultControllers() }); // registered in src/controllers/index.ts
 */
export class NodeStatusController implements Controller {
  readonly name = 'kubelet-node-status';
  readonly watches = ['Node'] as const;

  reconcile(ctx: Ctx, work: WorkSet): void {
    const names = new Set<string>();
    if (work.all) for (const n of ctx.view.list('Node')) names.add(n.metadata.name);
    for (const item of work.items) if (item.kind === 'Node' && !item.deleted) names.add(item.obj.metadata.name);
    for (const name of [...names].sort()) {
      const node = ctx.view.get('Node', '', name);
      if (node) syncNodeStatus(ctx, node);
    }
  }
}

/**
 * One node's kubelet: post the Ready condition when it differs from what the kubelet would say,
 * or when the kubelet has started since its last post. Returns the stored node.
 */
export function syncNodeStatus(ctx: Ctx, node: Node): Node {
  const state = kubeletState(node);
  if (!state.running) return node;
  const want = desiredReady(state);
  const cur = getNodeCondition(node, 'Ready');
  const statusChanged = cur?.status !== want.status;
  const changed = statusChanged || cur?.reason !== want.reason || cur?.message !== want.message;
  const started = startedSincePost(ctx, state, cur);
  if (!changed && !started) return node;
  const name = node.metadata.name;
  const note = (reason: string, message: string): KubeEventNote => ({ type: 'Normal', reason, message, source: SOURCE, host: name });
  const cause = Number(node.metadata.resourceVersion);
  if (started && state.since === ctx.tick) {
    // BirthCry, then the container manager enforcing node allocatable, then the first status post.
    ctx.record(node, { type: 'KubeletStarted', cause, note: note('Starting', 'Starting kubelet.') });
    ctx.record(node, { type: 'NodeAllocatableEnforced', cause, note: note('NodeAllocatableEnforced', 'Updated Node Allocatable limit across pods') });
  }
  const now = ctx.now();
  const next: NodeCondition = {
    type: 'Ready',
    status: want.status,
    lastHeartbeatTime: now,
    // setters.ReadyCondition: the transition time moves only when the status does
    lastTransitionTime: statusChanged || !cur?.lastTransitionTime ? now : cur.lastTransitionTime,
    reason: want.reason!,
    message: want.message!,
  };
  const event = want.status === 'True' ? 'NodeReady' : 'NodeNotReady';
  return ctx.update(node, (d) => {
    const conditions = (d.status.conditions ??= []);
    const i = conditions.findIndex((c) => c.type === 'Ready');
    // NodeReady is kept last among the kubelet's conditions (setters.go: version-skew note)
    if (i < 0) conditions.push(next);
    else conditions[i] = next;
  }, {
    type: statusChanged ? (want.status === 'True' ? 'NodeReadyReported' : 'NodeNotReadyReported') : 'NodeStatusReported',
    cause,
    data: { ready: want.status, ...(started ? { kubeletStartedAt: state.since! } : {}) },
    // recordNodeStatusEvent: only a change of the Ready status is an event
    ...(statusChanged ? { note: note(event, `Node ${name} status is now: ${event}`) } : {}),
  });
}

/** The kubelet started (sim.kubelet.since) after the Ready condition's last heartbeat: its first post is due. */
function startedSincePost(ctx: Ctx, state: KubeletState, cur: NodeCondition | undefined): boolean {
  if (state.since === undefined) return false;
  if (!cur?.lastHeartbeatTime) return true;
  return ctx.clock.tickOf(cur.lastHeartbeatTime) < state.since;
}
