// The node controller's taints: TaintNodesByCondition (doNoScheduleTaintingPass) and the
// NoExecute not-ready/unreachable templates, written as upstream writes them
// (node_lifecycle_controller.go; controller/util/node SwapNodeControllerTaint; controller_utils.go
// AddOrUpdateTaintOnNode, RemoveTaintOffNode; util/taints), v1.28. Differs: none known.
import type { ConditionStatus, Node, Taint } from '../../api/types.js';
import type { Ctx } from '../../state/controller.js';

export const TAINT_NODE_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_NODE_UNREACHABLE = 'node.kubernetes.io/unreachable';
export const TAINT_NODE_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';
export const TAINT_NODE_MEMORY_PRESSURE = 'node.kubernetes.io/memory-pressure';
export const TAINT_NODE_DISK_PRESSURE = 'node.kubernetes.io/disk-pressure';
export const TAINT_NODE_NETWORK_UNAVAILABLE = 'node.kubernetes.io/network-unavailable';
export const TAINT_NODE_PID_PRESSURE = 'node.kubernetes.io/pid-pressure';

/** UnreachableTaintTemplate / NotReadyTaintTemplate */
export const UNREACHABLE_TAINT: Taint = { key: TAINT_NODE_UNREACHABLE, effect: 'NoExecute' };
export const NOT_READY_TAINT: Taint = { key: TAINT_NODE_NOT_READY, effect: 'NoExecute' };

/** nodeConditionToTaintKeyStatusMap: which condition status taints the node with which key (NoSchedule). */
const NODE_CONDITION_TO_TAINT_KEY: Readonly<Record<string, Partial<Record<ConditionStatus, string>>>> = {
  Ready: { False: TAINT_NODE_NOT_READY, Unknown: TAINT_NODE_UNREACHABLE },
  MemoryPressure: { True: TAINT_NODE_MEMORY_PRESSURE },
  DiskPressure: { True: TAINT_NODE_DISK_PRESSURE },
  NetworkUnavailable: { True: TAINT_NODE_NETWORK_UNAVAILABLE },
  PIDPressure: { True: TAINT_NODE_PID_PRESSURE },
};

/** taintKeyToNodeConditionMap's keys: the condition taints this controller owns. */
const CONDITION_TAINT_KEYS = new Set([TAINT_NODE_NOT_READY, TAINT_NODE_UNREACHABLE, TAINT_NODE_NETWORK_UNAVAILABLE, TAINT_NODE_MEMORY_PRESSURE, TAINT_NODE_DISK_PRESSURE, TAINT_NODE_PID_PRESSURE]);

/** Taint.MatchTaint: same key and effect. */
export function matchTaint(a: Pick<Taint, 'key' | 'effect'>, b: Pick<Taint, 'key' | 'effect'>): boolean {
  return a.key === b.key && a.effect === b.effect;
}

export function taintExists(taints: readonly Taint[] | undefined, t: Pick<Taint, 'key' | 'effect'>): boolean {
  return (taints ?? []).some((x) => matchTaint(x, t));
}

/** How kubectl prints a taint: key=value:Effect, key:Effect without a value. */
export function taintString(t: Taint): string {
  return `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`;
}

function sameTaint(a: Taint, b: Taint): boolean {
  return a.key === b.key && (a.value ?? '') === (b.value ?? '') && a.effect === b.effect && a.timeAdded === b.timeAdded;
}

/** taintutils.AddOrUpdateTaint for each taint in turn: replace the one with the same key and effect, else append. */
function addOrUpdateTaints(current: readonly Taint[], add: readonly Taint[]): Taint[] | undefined {
  let list = [...current];
  let updated = false;
  for (const t of add) {
    const i = list.findIndex((x) => matchTaint(x, t));
    if (i >= 0 && sameTaint(list[i]!, t)) continue;
    if (i >= 0) list = list.map((x, j) => (j === i ? t : x));
    else list.push(t);
    updated = true;
  }
  return updated ? list : undefined;
}

/**
 * AddOrUpdateTaintOnNode: one PATCH with every taint added, each stamped timeAdded = now
 * (SwapNodeControllerTaint stamps the taints it adds). Returns the stored node.
 */
export function addOrUpdateTaintOnNode(ctx: Ctx, node: Node, add: readonly Taint[], cause: number): Node {
  if (add.length === 0) return node;
  const now = ctx.now();
  const stamped = add.map((t): Taint => ({ key: t.key, ...(t.value ? { value: t.value } : {}), effect: t.effect, timeAdded: now }));
  const next = addOrUpdateTaints(node.spec.taints ?? [], stamped);
  if (!next) return node;
  return ctx.update(node, (d) => { d.spec.taints = next; }, { type: 'NodeTainted', cause, data: { taints: stamped.map(taintString) } });
}

/** RemoveTaintOffNode: one PATCH removing every listed taint (by key and effect) that is present. */
export function removeTaintOffNode(ctx: Ctx, node: Node, del: readonly Taint[], cause: number): Node {
  const present = del.filter((t) => taintExists(node.spec.taints, t));
  if (present.length === 0) return node;
  const next = (node.spec.taints ?? []).filter((x) => !present.some((t) => matchTaint(x, t)));
  return ctx.update(node, (d) => {
    if (next.length === 0) delete d.spec.taints;
    else d.spec.taints = next;
  }, { type: 'NodeUntainted', cause, data: { taints: present.map(taintString) } });
}

/** SwapNodeControllerTaint: add (one write), then remove (another write), as upstream's two PATCHes. */
export function swapNodeControllerTaint(ctx: Ctx, node: Node, add: readonly Taint[], del: readonly Taint[], cause: number): Node {
  const added = addOrUpdateTaintOnNode(ctx, node, add, cause);
  return removeTaintOffNode(ctx, added, del, cause);
}

/**
 * doNoScheduleTaintingPass: the NoSchedule taints the node's conditions and spec.unschedulable
 * call for, against the condition taints it carries; adds then removes the difference.
 */
export function doNoScheduleTaintingPass(ctx: Ctx, node: Node): Node {
  const want: Taint[] = [];
  for (const c of node.status?.conditions ?? []) {
    const key = NODE_CONDITION_TO_TAINT_KEY[c.type]?.[c.status];
    if (key) want.push({ key, effect: 'NoSchedule' });
  }
  if (node.spec.unschedulable) want.push({ key: TAINT_NODE_UNSCHEDULABLE, effect: 'NoSchedule' });
  const have = (node.spec.taints ?? []).filter((t) => t.effect === 'NoSchedule' && (t.key === TAINT_NODE_UNSCHEDULABLE || CONDITION_TAINT_KEYS.has(t.key)));
  // taintutils.TaintSetDiff
  const toAdd = want.filter((t) => !taintExists(have, t));
  const toDel = have.filter((t) => !taintExists(want, t));
  if (toAdd.length === 0 && toDel.length === 0) return node;
  return swapNodeControllerTaint(ctx, node, toAdd, toDel, Number(node.metadata.resourceVersion));
}
