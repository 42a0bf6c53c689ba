// One StatefulSet sync: getPodsForStatefulSet, updateStatefulSet, processReplica, processCondemned,
// runForAll and newVersionedStatefulSetPod of pkg/controller/statefulset/stateful_set_control.go
// (v1.28, MaxUnavailableStatefulSet off). Differs: no adoption of orphan pods (only pods whose
// controllerRef is the set, through the owner index), no PVCs, and a Failed pod is deleted and
// recreated in the same sync (a terminal pod's DELETE is immediate, as upstream's grace period 0).
import { compiled, matches } from '../../api/labels.js';
import { controllerRef } from '../../api/podutil.js';
import type { Pod, StatefulSet } from '../../api/types.js';
import type { Ctx } from '../../state/controller.js';
import { keyOfObject } from '../../state/events.js';
import { selectorIsValid, type CreateLedger } from '../replicaset/sync.js';
import { SLOW_START_INITIAL_BATCH_SIZE, slowStartBatch } from '../replicaset/slowstart.js';
import { createStatefulPod, deleteStatefulPod, PodControlError, updateStatefulPodIdentity } from './podcontrol.js';
import { getStatefulSetRevisions, type Revisions } from './revision.js';
import { computeReplicaStatus, nextAvailableTick, updateStatefulSetStatus, type SyncStatus } from './status.js';
import {
  CONTROLLER_NAME, getEndOrdinal, getOrdinal, getPodName, getPodRevision, getStartOrdinal, identityMatches, isFailed,
  isHealthy, isMemberOf, isRunningAndAvailable, isRunningAndReady, isTerminating, newStatefulSetPod, POD_INDEX_LABEL,
  podInOrdinalRange, STATEFULSET_POD_NAME_LABEL,
} from './utils.js';

const byName = (a: Pod, b: Pod): number => (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0);

/**
 * getPodsForStatefulSet: the set's pods — controlled by it (owner index), matching its selector,
 * named "<set>-<ordinal>" (isMemberOf) — in name order.
 */
export function getPodsForStatefulSet(ctx: Ctx, set: StatefulSet): Pod[] {
  const uid = set.metadata.uid ?? '';
  const sel = compiled(set.spec.selector);
  return ctx.view.ownedBy(uid, 'Pod')
    .filter((p) => controllerRef(p)?.uid === uid && matches(sel, p.metadata.labels) && isMemberOf(set, p))
    .sort(byName);
}

/**
 * The revision a new pod of `ordinal` gets (newVersionedStatefulSetPod): with RollingUpdate, an
 * ordinal below start + partition keeps the current revision; every other pod gets the update one.
 * Worked numbers: start 0, partition 2 → web-0 and web-1 are recreated at the current revision.
 */
export function versionFor(set: StatefulSet, revs: Revisions, ordinal: number): { revision: string; template: StatefulSet['spec']['template'] } {
  const us = set.spec.updateStrategy;
  if ((us?.type ?? 'RollingUpdate') === 'RollingUpdate' && ordinal < getStartOrdinal(set) + (us?.rollingUpdate?.partition ?? 0)) {
    return { revision: revs.currentRevision, template: revs.currentTemplate };
  }
  return { revision: revs.updateRevision, template: revs.updateTemplate };
}

/** The state of one sync: the set, its revisions, and the pods by ordinal slot (null = to create). */
interface Sync {
  ctx: Ctx;
  set: StatefulSet;
  revs: Revisions;
  monotonic: boolean;
  replicas: (Pod | null)[];
  condemned: Pod[];
  firstUnhealthy: Pod | null | undefined;
  cause: number;
  ledger: CreateLedger | undefined;
}

type Step = { exit: boolean; err?: PodControlError };

/** processReplica: recreate a failed pod, create a missing one, wait (monotonic) for health, fix identity. */
function processReplica(s: Sync, i: number): Step {
  const { ctx, set, monotonic } = s;
  let pod: Pod | null = s.replicas[i] ?? null;
  const ordinal = i + getStartOrdinal(set);
  if (pod && isFailed(pod)) {
    ctx.record(set, {
      type: 'FailedPodRecreating', cause: s.cause,
      note: { type: 'Warning', reason: 'RecreatingFailedPod', message: `StatefulSet ${set.metadata.namespace ?? ''}/${set.metadata.name} is recreating failed Pod ${pod.metadata.name}`, source: CONTROLLER_NAME },
    });
    deleteStatefulPod(ctx, set, pod, s.cause);
    s.replicas[i] = pod = null;
  }
  if (!pod) {
    // at most spec.replicas creates per set per simulated second (the ReplicaSet's CreateLedger rule):
    // a pod removed in the second it was created is recreated at the next second, not in a loop
    const key = keyOfObject(set);
    if (s.ledger && s.ledger.allowance(ctx.tick, key, set.spec.replicas ?? 1) === 0) {
      ctx.requeueAfter(key, 1);
      return { exit: true };
    }
    s.ledger?.spend(key, 1);
    const v = versionFor(set, s.revs, ordinal);
    const settings = ctx.view.count('SimConfig') > 0 ? ctx.view.config().settings.apiServer : undefined;
    const created = createStatefulPod(ctx, set, newStatefulSetPod(set, v.template, v.revision, ordinal, settings), getPodName(set, ordinal), s.cause);
    if (created instanceof PodControlError) return { exit: true, err: created };
    // upstream's local object has no phase yet: the slot stays "not created" for this sync's status
    return { exit: monotonic };
  }
  if (isTerminating(pod) && monotonic) return { exit: true };
  if (!isRunningAndReady(pod) && monotonic) return { exit: true };
  if (!isRunningAndAvailable(pod, set.spec.minReadySeconds ?? 0, ctx.tick, ctx.clock) && monotonic) return { exit: true };
  if (!identityMatches(set, pod)) {
    updateStatefulPodIdentity(ctx, set, pod, { [STATEFULSET_POD_NAME_LABEL]: pod.metadata.name, [POD_INDEX_LABEL]: String(getOrdinal(pod)) }, s.cause);
  }
  return { exit: false };
}

/** processCondemned: wait for terminating pods (monotonic), delete the highest healthy one (or the first unhealthy). */
function processCondemned(s: Sync, i: number): Step {
  const { ctx, set, monotonic } = s;
  const pod = s.condemned[i]!;
  if (isTerminating(pod)) return { exit: monotonic };
  if (!isRunningAndReady(pod) && monotonic && pod !== s.firstUnhealthy) return { exit: true };
  if (!isRunningAndAvailable(pod, set.spec.minReadySeconds ?? 0, ctx.tick, ctx.clock) && monotonic && pod !== s.firstUnhealthy) return { exit: true };
  deleteStatefulPod(ctx, set, pod, s.cause);
  return { exit: monotonic };
}

/**
 * runForAll: monotonic — one at a time, stopping at the first exit; Parallel — slow-start batches
 * (1, 2, 4 …) over all of them, stopping after a batch with an error.
 */
function runForAll(n: number, fn: (i: number) => Step, monotonic: boolean): Step {
  if (monotonic) {
    for (let i = 0; i < n; i++) {
      const r = fn(i);
      if (r.exit || r.err) return { exit: true, ...(r.err ? { err: r.err } : {}) };
    }
    return { exit: false };
  }
  let next = 0;
  const { error } = slowStartBatch(n, SLOW_START_INITIAL_BATCH_SIZE, () => fn(next++).err);
  return error ? { exit: true, err: error } : { exit: false };
}

function statusOf(s: Sync): SyncStatus {
  const counts = computeReplicaStatus([...s.replicas, ...s.condemned], s.set.spec.minReadySeconds ?? 0, s.revs, s.ctx.tick, s.ctx.clock);
  return { ...counts, observedGeneration: s.set.metadata.generation ?? 0, currentRevision: s.revs.currentRevision, updateRevision: s.revs.updateRevision, collisionCount: s.revs.collisionCount };
}

/**
 * updateStatefulSet: slot the pods by ordinal (the rest condemned, highest first), process the
 * replicas, then the condemned pods, then (RollingUpdate) delete the highest-ordinal pod at or above
 * the partition that is not at the update revision, one at a time, waiting for health in between.
 * Returns the status to write.
 */
export function updateStatefulSet(ctx: Ctx, set: StatefulSet, revs: Revisions, pods: readonly Pod[], cause: number, ledger?: CreateLedger): { status: SyncStatus; seen: (Pod | null)[] } {
  const start = getStartOrdinal(set);
  const replicas: (Pod | null)[] = new Array<Pod | null>(Math.max(0, getEndOrdinal(set) - start + 1)).fill(null);
  const condemned: Pod[] = [];
  for (const pod of pods) {
    if (podInOrdinalRange(pod, set)) replicas[getOrdinal(pod) - start] = pod;
    else if (getOrdinal(pod) >= 0) condemned.push(pod);
  }
  condemned.sort((a, b) => getOrdinal(b) - getOrdinal(a) || byName(a, b)); // descendingOrdinal
  // firstUnhealthyPod: the lowest unhealthy replica (a missing one counts), else the lowest unhealthy condemned
  let firstUnhealthy: Pod | null | undefined = replicas.find((p) => !p || !isHealthy(p));
  if (firstUnhealthy === undefined) firstUnhealthy = [...condemned].reverse().find((p) => !isHealthy(p));
  const s: Sync = { ctx, set, revs, monotonic: set.spec.podManagementPolicy !== 'Parallel', replicas, condemned, firstUnhealthy, cause, ledger };
  const seen = (): (Pod | null)[] => [...s.replicas, ...s.condemned];
  if (set.metadata.deletionTimestamp !== undefined) return { status: statusOf(s), seen: seen() };

  if (runForAll(replicas.length, (i) => processReplica(s, i), s.monotonic).exit) return { status: statusOf(s), seen: seen() };
  if (runForAll(condemned.length, (i) => processCondemned(s, i), s.monotonic).exit) return { status: statusOf(s), seen: seen() };
  const status = statusOf(s);
  if (set.spec.updateStrategy?.type === 'OnDelete') return { status, seen: seen() };

  const updateMin = set.spec.updateStrategy?.rollingUpdate?.partition ?? 0;
  for (let target = replicas.length - 1; target >= updateMin; target--) {
    const pod = replicas[target];
    // a pod created by this sync (Parallel) has the update revision at or above the partition and is not healthy yet
    if (!pod) return { status, seen: seen() };
    if (getPodRevision(pod) !== revs.updateRevision && !isTerminating(pod)) {
      deleteStatefulPod(ctx, set, pod, cause);
      status.currentReplicas--;
      return { status, seen: seen() };
    }
    if (!isHealthy(pod)) return { status, seen: seen() };
  }
  return { status, seen: seen() };
}

/**
 * syncStatefulSet: revisions, pods, updateStatefulSet, then the status write; requeues for the tick a
 * ready pod becomes available when minReadySeconds is set. A set with an unparsable selector is skipped.
 */
export function syncStatefulSet(ctx: Ctx, set: StatefulSet, cause: number, ledger?: CreateLedger): void {
  if (!selectorIsValid(set.spec.selector)) return;
  const revs = getStatefulSetRevisions(set);
  const pods = getPodsForStatefulSet(ctx, set);
  const { status, seen } = updateStatefulSet(ctx, set, revs, pods, cause, ledger);
  const key = keyOfObject(set);
  const current = (ctx.view.getByKey(key) as StatefulSet | undefined) ?? set;
  updateStatefulSetStatus(ctx, current, status, revs, cause);
  const at = nextAvailableTick(set, seen, ctx.tick, ctx.clock);
  if (at !== undefined) ctx.requeueAfter(key, at - ctx.tick);
}
