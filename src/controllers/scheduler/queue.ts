// The scheduling queue's rules (internal/queue/scheduling_queue.go, eventhandlers.go, the plugins'
// EventsToRegister; v1.28): which pods are ours, their order (PrioritySort), back-off, and which
// cluster events move an unschedulable pod back. Differs: the queue itself is not kept in memory —
// a pod's attempts, last attempt and "moved" flag live in pod.sim.scheduler, so a resumed run
// decides exactly as an uninterrupted one; QueueingHints are not modelled (events are matched on
// the plugins' registrations only); the 5-minute flush is exact rather than on a 30 s ticker.
import type { Json, Node, Pod } from '../../api/types.js';
import type { WorkItem } from '../../state/controller.js';
import { NODE_AFFINITY, NODE_NAME, NODE_PORTS, NODE_RESOURCES_FIT, NODE_UNSCHEDULABLE, TAINT_TOLERATION } from './messages.js';

export const SCHEDULER_NAME = 'default-scheduler';
/** podInitialBackoffDuration, podMaxBackoffDuration, podMaxInUnschedulablePodsDuration */
export const POD_INITIAL_BACKOFF_SECONDS = 1;
export const POD_MAX_BACKOFF_SECONDS = 10;
export const POD_MAX_IN_UNSCHEDULABLE_PODS_SECONDS = 5 * 60;

/** pod.sim.scheduler: what kube-scheduler's queue remembers about an unschedulable pod. */
export interface Bookkeeping {
  /** failed scheduling attempts so far */
  attempts: number;
  lastAttemptTick: number;
  /** plugins that rejected some node in the last attempt (Diagnosis.UnschedulablePlugins) */
  plugins: string[];
  /** a cluster event this pod's plugins care about happened since the last attempt */
  moved?: boolean;
}

export function bookkeeping(pod: Pod): Bookkeeping | undefined {
  const s = pod.sim?.['scheduler'];
  if (s === null || typeof s !== 'object' || Array.isArray(s)) return undefined;
  const attempts = s['attempts'];
  const last = s['lastAttemptTick'];
  if (typeof attempts !== 'number' || typeof last !== 'number') return undefined;
  const plugins = Array.isArray(s['plugins']) ? s['plugins'].filter((p): p is string => typeof p === 'string') : [];
  const b: Bookkeeping = { attempts, lastAttemptTick: last, plugins };
  if (s['moved'] === true) b.moved = true;
  return b;
}

export function bookkeepingJson(b: Bookkeeping): { [key: string]: Json } {
  const o: { [key: string]: Json } = { attempts: b.attempts, lastAttemptTick: b.lastAttemptTick, plugins: [...b.plugins] };
  if (b.moved) o['moved'] = true;
  return o;
}

const terminal = (p: Pod): boolean => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';

/**
 * The pods this scheduler places: spec.schedulerName "default-scheduler" (or unset), not yet
 * bound, not being deleted, not finished.
 */
export function isPendingForUs(pod: Pod): boolean {
  const name = pod.spec.schedulerName;
  return (name === undefined || name === '' || name === SCHEDULER_NAME)
    && !pod.spec.nodeName && pod.metadata.deletionTimestamp === undefined && !terminal(pod);
}

/** A pod the scheduler's cache counts on a node: assigned and not finished. */
export function isActiveAssigned(pod: Pod): boolean {
  return !!pod.spec.nodeName && !terminal(pod);
}

/**
 * calculateBackoffDuration: 1 s doubled per earlier attempt, capped at 10 s.
 * Worked numbers: attempts 1 → 1 s, 2 → 2 s, 3 → 4 s, 4 → 8 s, 5+ → 10 s.
 */
export function backoffSeconds(attempts: number): number {
  let d = POD_INITIAL_BACKOFF_SECONDS;
  for (let i = 1; i < attempts; i++) {
    if (d > POD_MAX_BACKOFF_SECONDS - d) return POD_MAX_BACKOFF_SECONDS;
    d += d;
  }
  return d;
}

/** isPodBackingoff is false from lastAttempt + backoff on (the expiry is not "after" now). */
export function backoffExpiresAt(b: Bookkeeping): number {
  return b.lastAttemptTick + backoffSeconds(b.attempts);
}

export function flushAt(b: Bookkeeping): number {
  return b.lastAttemptTick + POD_MAX_IN_UNSCHEDULABLE_PODS_SECONDS;
}

/**
 * Is an unschedulable pod due for another attempt at `tick`: moved by a cluster event and out of
 * back-off (backoffQ → activeQ), or 5 minutes in the unschedulable pool (flushUnschedulablePodsLeftover).
 */
export function isDue(b: Bookkeeping, tick: number): boolean {
  return tick >= flushAt(b) || (b.moved === true && tick >= backoffExpiresAt(b));
}

// ------------------------------------------------------------ cluster events

/** Cluster events, as a bit mask (framework.ClusterEvent Resource × ActionType). */
export const NODE_ADD = 1;
/** a taint changed, or spec.unschedulable became false (NodeSpecUnschedulableChange is a taint update) */
export const NODE_TAINT_UPDATE = 2;
/** labels, allocatable or condition statuses changed */
export const NODE_OTHER_UPDATE = 4;
/** an assigned pod was deleted, or finished (the scheduler's informer drops terminal pods) */
export const ASSIGNED_POD_DELETE = 8;
const ALL_EVENTS = NODE_ADD | NODE_TAINT_UPDATE | NODE_OTHER_UPDATE | ASSIGNED_POD_DELETE;

export function eventNames(mask: number): string[] {
  const out: string[] = [];
  if (mask & NODE_ADD) out.push('NodeAdd');
  if (mask & NODE_TAINT_UPDATE) out.push('NodeTaintChange');
  if (mask & NODE_OTHER_UPDATE) out.push('NodeUpdate');
  if (mask & ASSIGNED_POD_DELETE) out.push('AssignedPodDelete');
  return out;
}

/** The events each filter plugin registers for (EventsToRegister, v1.28). */
const INTEREST: Readonly<Record<string, number>> = {
  [NODE_UNSCHEDULABLE]: NODE_ADD | NODE_TAINT_UPDATE,
  [NODE_NAME]: NODE_ADD,
  [TAINT_TOLERATION]: NODE_ADD | NODE_TAINT_UPDATE | NODE_OTHER_UPDATE,
  [NODE_AFFINITY]: NODE_ADD | NODE_TAINT_UPDATE | NODE_OTHER_UPDATE,
  [NODE_PORTS]: NODE_ADD | NODE_TAINT_UPDATE | NODE_OTHER_UPDATE | ASSIGNED_POD_DELETE,
  [NODE_RESOURCES_FIT]: NODE_ADD | NODE_TAINT_UPDATE | NODE_OTHER_UPDATE | ASSIGNED_POD_DELETE,
};

/** podMatchesEvent: a pod rejected by no plugin (e.g. no nodes at all) moves on any event. */
export function interestOf(plugins: readonly string[]): number {
  if (plugins.length === 0) return ALL_EVENTS;
  let mask = 0;
  for (const p of plugins) mask |= INTEREST[p] ?? ALL_EVENTS;
  return mask;
}

const same = (a: unknown, b: unknown): boolean => a === b || JSON.stringify(a) === JSON.stringify(b);

function conditionStatuses(n: Node): string {
  return (n.status?.conditions ?? []).map((c) => `${c.type}=${c.status}`).sort().join(',');
}

/** nodeSchedulingPropertiesChange: the scheduling-relevant differences between two node versions. */
export function nodeSchedulingPropertiesChange(next: Node, old: Node): number {
  let mask = 0;
  if (old.spec?.unschedulable === true && next.spec?.unschedulable !== true) mask |= NODE_TAINT_UPDATE;
  if (!same(old.spec?.taints ?? [], next.spec?.taints ?? [])) mask |= NODE_TAINT_UPDATE;
  if (!same(old.status?.allocatable ?? {}, next.status?.allocatable ?? {})) mask |= NODE_OTHER_UPDATE;
  if (!same(old.metadata.labels ?? {}, next.metadata.labels ?? {})) mask |= NODE_OTHER_UPDATE;
  if (old.status?.conditions !== next.status?.conditions && conditionStatuses(old) !== conditionStatuses(next)) mask |= NODE_OTHER_UPDATE;
  return mask;
}

/** The event a Node work item stands for (deletions move nothing in the default profile). */
export function nodeEvent(item: WorkItem): number {
  if (item.deleted) return 0;
  if (!item.prev) return NODE_ADD;
  return nodeSchedulingPropertiesChange(item.obj as Node, item.prev as Node);
}

/**
 * Does a Node work item change what the node walk holds (the node list and its zones, labels,
 * taints, cordon, allocatable)? Heartbeats do not; references are compared, which is safe
 * (immer keeps the identity of unchanged subtrees) and may only over-report.
 */
export function nodeListStale(item: WorkItem): boolean {
  if (item.deleted || !item.prev) return true;
  const a = item.prev as Node;
  const b = item.obj as Node;
  return a.metadata.labels !== b.metadata.labels || a.spec?.taints !== b.spec?.taints
    || (a.spec?.unschedulable === true) !== (b.spec?.unschedulable === true) || a.status?.allocatable !== b.status?.allocatable;
}

/** The event a Pod work item stands for, seen from the unschedulable pods' side. */
export function podEvent(item: WorkItem, current: Pod | undefined): number {
  const last = item.obj as Pod;
  const before = item.prev as Pod | undefined;
  const wasActive = (before !== undefined && isActiveAssigned(before)) || (item.deleted && isActiveAssigned(last));
  const isActive = current !== undefined && isActiveAssigned(current);
  return wasActive && !isActive ? ASSIGNED_POD_DELETE : 0;
}

const IGNORED_METADATA = new Set(['resourceVersion', 'generation', 'finalizers', 'managedFields']);

/** isPodUpdated: anything but status, resourceVersion, generation, finalizers (and our sim) changed. */
export function isPodUpdated(old: Pod, next: Pod): boolean {
  if (old.spec !== next.spec && !same(old.spec, next.spec)) return true;
  const a = old.metadata as unknown as Record<string, unknown>;
  const b = next.metadata as unknown as Record<string, unknown>;
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (IGNORED_METADATA.has(k)) continue;
    if (!same(a[k], b[k])) return true;
  }
  return false;
}

/**
 * PrioritySort: higher spec.priority first, then earlier creation, then namespace and name.
 * Upstream's second key is the time the pod entered the active queue; creation time is what a
 * resumed run can see, and the name makes the order total.
 */
export function prioritySort(a: Pod, b: Pod): number {
  const pa = a.spec.priority ?? 0;
  const pb = b.spec.priority ?? 0;
  if (pa !== pb) return pb - pa;
  const ca = a.metadata.creationTimestamp ?? '';
  const cb = b.metadata.creationTimestamp ?? '';
  if (ca !== cb) return ca < cb ? -1 : 1;
  const na = a.metadata.namespace ?? '';
  const nb = b.metadata.namespace ?? '';
  if (na !== nb) return na < nb ? -1 : 1;
  return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
}
