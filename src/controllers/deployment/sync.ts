// Scaling events, paused deployments, revisions and the new ReplicaSet, history cleanup
// (pkg/controller/deployment/sync.go). Differs: RS lists are re-read from the view at each
// getAllReplicaSetsAndSyncRevision (an informer that is never stale); planners are pure for tests.
import type { Deployment, LabelSelector, ReplicaSet } from '../../api/types.js';
import { controllerRef } from '../../api/podutil.js';
import { REVISION_ANNOTATION, intAnnotation, setNewReplicaSetAnnotations, sortedAnnotations } from './annotations.js';
import { SyncAborted, type DeploymentClient } from './client.js';
import { POD_TEMPLATE_HASH_LABEL, computeHash, equalIgnoreHash } from './hash.js';
import { calculateStatus, getDeploymentCondition, newDeploymentCondition, normalizeStatus, setDeploymentCondition, statusEqual } from './status.js';
import {
  DESIRED_REPLICAS_ANNOTATION, FOUND_NEW_RS_REASON, NEW_REPLICA_SET_REASON, PAUSED_DEPLOY_REASON, RESUMED_DEPLOY_REASON,
  TIMED_OUT_REASON, byCreationTimestamp, byRevision, bySizeNewer, bySizeOlder, filterActiveReplicaSets, findActiveOrLatest,
  findNewReplicaSet, findOldReplicaSets, getProportion, getReplicaCount, hasProgressDeadline, hasRevisionHistoryLimit,
  isRollingUpdate, isSaturated, maxRevision, maxSurge, newRSNewReplicas, replicasOf, rsReplicas,
} from './util.js';

export interface AllReplicaSets {
  newRS: ReplicaSet | undefined;
  /** every old RS, oldest first */
  oldRSs: ReplicaSet[];
}

/** The current values of the RSs claimed at the start of the sync (removed ones dropped). */
function fresh(c: DeploymentClient, rsList: readonly ReplicaSet[]): ReplicaSet[] {
  const out: ReplicaSet[] = [];
  for (const rs of rsList) {
    const cur = c.ctx.view.get('ReplicaSet', rs.metadata.namespace ?? '', rs.metadata.name);
    if (cur && cur.metadata.uid === rs.metadata.uid) out.push(cur);
  }
  return out;
}

/** syncStatusOnly: a deployment being deleted only gets its status refreshed. */
export function syncStatusOnly(c: DeploymentClient, rsList: readonly ReplicaSet[]): void {
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(c, rsList, false);
  syncDeploymentStatus(c, [...oldRSs, newRS], newRS);
}

/** sync: scaling events and paused deployments — proportional scaling, cleanup when paused, status. */
export function sync(c: DeploymentClient, rsList: readonly ReplicaSet[]): void {
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(c, rsList, false);
  scale(c, newRS, oldRSs);
  // apps/v1 has no rollbackTo, so "paused and no rollback in flight" is just "paused"
  if (c.d.spec.paused) cleanupDeployment(c, oldRSs);
  syncDeploymentStatus(c, [...oldRSs, newRS], newRS);
}

/**
 * checkPausedConditions: with a progress deadline, pausing sets Progressing=Unknown
 * DeploymentPaused and resuming DeploymentResumed, so time spent paused never counts towards
 * the deadline. A ProgressDeadlineExceeded condition is left alone.
 */
export function checkPausedConditions(c: DeploymentClient): void {
  const d = c.d;
  if (!hasProgressDeadline(d)) return;
  const cond = getDeploymentCondition(d.status, 'Progressing');
  if (cond?.reason === TIMED_OUT_REASON) return;
  const pausedCondExists = cond?.reason === PAUSED_DEPLOY_REASON;
  const status = normalizeStatus(d.status);
  if (d.spec.paused && !pausedCondExists) {
    setDeploymentCondition(status, newDeploymentCondition('Progressing', 'Unknown', PAUSED_DEPLOY_REASON, 'Deployment is paused', c.now()));
  } else if (!d.spec.paused && pausedCondExists) {
    setDeploymentCondition(status, newDeploymentCondition('Progressing', 'Unknown', RESUMED_DEPLOY_REASON, 'Deployment is resumed', c.now()));
  } else {
    return;
  }
  c.updateStatus(status, d.spec.paused ? PAUSED_DEPLOY_REASON : RESUMED_DEPLOY_REASON);
}

/**
 * getAllReplicaSetsAndSyncRevision: the new RS (created when `create` and missing) with its
 * revision raised to max(old) + 1, and the deployment's revision annotation following it.
 */
export function getAllReplicaSetsAndSyncRevision(c: DeploymentClient, rsList: readonly ReplicaSet[], create: boolean): AllReplicaSets {
  const list = fresh(c, rsList);
  const { allOldRSs } = findOldReplicaSets(c.d, list);
  const newRS = getNewReplicaSet(c, list, allOldRSs, create);
  return { newRS, oldRSs: allOldRSs };
}

/** CloneSelectorAndAddLabel */
function cloneSelectorAndAddLabel(sel: LabelSelector, key: string, value: string): LabelSelector {
  const out: LabelSelector = { matchLabels: { ...(sel.matchLabels ?? {}), [key]: value } };
  if (sel.matchExpressions) out.matchExpressions = sel.matchExpressions.map((e) => ({ ...e, ...(e.values ? { values: [...e.values] } : {}) }));
  return out;
}

function getNewReplicaSet(c: DeploymentClient, rsList: readonly ReplicaSet[], oldRSs: readonly ReplicaSet[], create: boolean): ReplicaSet | undefined {
  const d = c.d;
  const replicas = { desired: replicasOf(d), max: replicasOf(d) + maxSurge(d) };
  const existing = findNewReplicaSet(d, rsList);
  const newRevision = String(maxRevision(oldRSs) + 1);
  if (existing) return syncExistingNewReplicaSet(c, existing, newRevision, replicas);
  if (!create) return undefined;

  // A new RS: <deployment>-<pod-template-hash>, the hash label on its template, labels and selector.
  const hash = computeHash(d.spec.template, d.status?.collisionCount);
  const labels = { ...(d.spec.template.metadata?.labels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash };
  const name = `${d.metadata.name}-${hash}`;
  const draft: ReplicaSet = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name,
      namespace: d.metadata.namespace ?? 'default',
      labels,
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: d.metadata.name, uid: d.metadata.uid!, controller: true, blockOwnerDeletion: true }],
    },
    spec: {
      replicas: 0,
      ...(d.spec.minReadySeconds ? { minReadySeconds: d.spec.minReadySeconds } : {}),
      selector: cloneSelectorAndAddLabel(d.spec.selector, POD_TEMPLATE_HASH_LABEL, hash),
      template: { ...d.spec.template, metadata: { ...(d.spec.template.metadata ?? {}), labels } },
    },
    status: { replicas: 0 },
  };
  const count = newRSNewReplicas(d, [...oldRSs, draft], draft);
  const ann = setNewReplicaSetAnnotations(d.metadata.annotations, undefined, newRevision, false, replicas);
  const rs: ReplicaSet = { ...draft, metadata: { ...draft.metadata, annotations: sortedAnnotations(ann.annotations) }, spec: { ...draft.spec, replicas: count } };

  let created: ReplicaSet;
  let alreadyExists = false;
  const clash = c.ctx.view.get('ReplicaSet', rs.metadata.namespace!, name);
  if (clash) {
    // Ours with the same template (a stale cache upstream): it is the new RS. Otherwise a hash
    // collision: bump status.collisionCount so the next sync computes another name.
    if (controllerRef(clash)?.uid === d.metadata.uid && equalIgnoreHash(d.spec.template, clash.spec.template)) {
      created = clash;
      alreadyExists = true;
    } else {
      const status = normalizeStatus(d.status);
      status.collisionCount = (d.status?.collisionCount ?? 0) + 1;
      c.updateStatus(status, 'HashCollision');
      throw new SyncAborted(`replicasets.apps "${name}" already exists`);
    }
  } else {
    created = c.createReplicaSet(rs, count, newRevision);
  }

  let needsUpdate = d.metadata.annotations?.[REVISION_ANNOTATION] !== newRevision;
  const status = normalizeStatus(d.status);
  if (!alreadyExists && hasProgressDeadline(d)) {
    setDeploymentCondition(status, newDeploymentCondition('Progressing', 'True', NEW_REPLICA_SET_REASON, `Created new replica set "${created.metadata.name}"`, c.now()));
    needsUpdate = true;
  }
  if (needsUpdate) c.updateStatus(status, NEW_REPLICA_SET_REASON, { [REVISION_ANNOTATION]: newRevision });
  return created;
}

/**
 * The new RS exists: sync its annotations (revision max+1 on rollback, with revision-history)
 * and minReadySeconds — one RS write, after which upstream returns. Otherwise the deployment's
 * revision follows the RS's, and FoundNewReplicaSet is recorded if there is no Progressing yet.
 */
function syncExistingNewReplicaSet(c: DeploymentClient, rs: ReplicaSet, newRevision: string, replicas: { desired: number; max: number }): ReplicaSet {
  const d = c.d;
  const ann = setNewReplicaSetAnnotations(d.metadata.annotations, rs.metadata.annotations, newRevision, true, replicas);
  const minReady = d.spec.minReadySeconds ?? 0;
  if (ann.changed || (rs.spec.minReadySeconds ?? 0) !== minReady) {
    const from = rs.metadata.annotations?.[REVISION_ANNOTATION];
    const to = ann.annotations[REVISION_ANNOTATION];
    return c.updateReplicaSet(rs, 'NewReplicaSetSynced', (draft) => {
      draft.metadata.annotations = ann.annotations;
      if (minReady) draft.spec.minReadySeconds = minReady;
      else delete draft.spec.minReadySeconds;
    }, { revision: to ?? null, ...(from !== undefined && from !== to ? { previousRevision: from } : {}) });
  }
  const revision = rs.metadata.annotations?.[REVISION_ANNOTATION] ?? '';
  let needsUpdate = d.metadata.annotations?.[REVISION_ANNOTATION] !== revision;
  const status = normalizeStatus(d.status);
  if (hasProgressDeadline(d) && !getDeploymentCondition(d.status, 'Progressing')) {
    setDeploymentCondition(status, newDeploymentCondition('Progressing', 'True', FOUND_NEW_RS_REASON, `Found new replica set "${rs.metadata.name}"`, c.now()));
    needsUpdate = true;
  }
  if (needsUpdate) c.updateStatus(status, FOUND_NEW_RS_REASON, { [REVISION_ANNOTATION]: revision });
  return rs;
}

// ------------------------------------------------------------ proportional scaling (§1.7)

export type ScalePlan =
  | { kind: 'none' }
  | { kind: 'activeOrLatest'; rs: ReplicaSet; to: number }
  | { kind: 'saturated'; rss: ReplicaSet[] }
  | { kind: 'proportional'; op: 'up' | 'down' | ''; sizes: { rs: ReplicaSet; to: number }[] };

/**
 * The decision of scale(): one active (or the latest) RS takes all replicas; a saturated new RS
 * sends the old ones to 0; otherwise RollingUpdate spreads replicas + maxSurge − Σ replicas over
 * the active RSs in proportion to their max-replicas annotation, largest first, leftovers to the
 * first. Worked example (DEP-PS-7, 13 → 8, surge 0): toAdd −5; v2(8): round(8·8/13)=5 → −3;
 * v1(3): round(3·8/13)=2 → −1; v3(2): round(2·8/13)=1 → −1 (capped by the −1 left).
 */
export function planScale(d: Deployment, newRS: ReplicaSet | undefined, oldRSs: readonly ReplicaSet[]): ScalePlan {
  const activeOrLatest = findActiveOrLatest(newRS, oldRSs);
  if (activeOrLatest) {
    return rsReplicas(activeOrLatest) === replicasOf(d) ? { kind: 'none' } : { kind: 'activeOrLatest', rs: activeOrLatest, to: replicasOf(d) };
  }
  const newestFirst = [...oldRSs].sort((a, b) => byCreationTimestamp(b, a));
  if (isSaturated(d, newRS)) return { kind: 'saturated', rss: filterActiveReplicaSets(newestFirst) };
  if (!isRollingUpdate(d)) return { kind: 'none' };

  const all = filterActiveReplicaSets([...newestFirst, newRS]);
  const allowedSize = replicasOf(d) > 0 ? replicasOf(d) + maxSurge(d) : 0;
  const toAdd = allowedSize - getReplicaCount(all);
  let op: 'up' | 'down' | '' = '';
  if (toAdd > 0) {
    all.sort(bySizeNewer);
    op = 'up';
  } else if (toAdd < 0) {
    all.sort(bySizeOlder);
    op = 'down';
  }
  let added = 0;
  const sizes = all.map((rs) => {
    if (toAdd === 0) return { rs, to: rsReplicas(rs) };
    const p = getProportion(rs, d, toAdd, added);
    added += p;
    return { rs, to: rsReplicas(rs) + p };
  });
  if (toAdd !== 0 && sizes.length > 0) sizes[0]!.to = Math.max(0, sizes[0]!.to + toAdd - added);
  return { kind: 'proportional', op, sizes };
}

/** scale: run planScale's decision. Sorts `oldRSs` newest first in place, as FindActiveOrLatest does. */
export function scale(c: DeploymentClient, newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): void {
  const plan = planScale(c.d, newRS, oldRSs);
  oldRSs.sort((a, b) => byCreationTimestamp(b, a));
  switch (plan.kind) {
    case 'none':
      return;
    case 'activeOrLatest':
      c.scaleReplicaSetAndRecordEvent(plan.rs, plan.to);
      return;
    case 'saturated':
      for (const rs of plan.rss) c.scaleReplicaSetAndRecordEvent(rs, 0);
      return;
    case 'proportional':
      for (const { rs, to } of plan.sizes) c.scaleReplicaSet(rs, to, plan.op);
      return;
    default: {
      const never: never = plan;
      throw new Error(`unknown scale plan ${String(never)}`);
    }
  }
}

// ------------------------------------------------------------ history cleanup (§1.10)

/**
 * The old RSs cleanupDeployment deletes: the lowest revisions beyond revisionHistoryLimit, skipping
 * any that still has replicas (spec or status), an unobserved generation, or is being deleted.
 */
export function planCleanup(d: Deployment, oldRSs: readonly ReplicaSet[]): ReplicaSet[] {
  if (!hasRevisionHistoryLimit(d)) return [];
  const cleanable = oldRSs.filter((rs) => rs.metadata.deletionTimestamp === undefined);
  const diff = cleanable.length - d.spec.revisionHistoryLimit!;
  if (diff <= 0) return [];
  const sorted = [...cleanable].sort(byRevision);
  const out: ReplicaSet[] = [];
  for (let i = 0; i < diff; i++) {
    const rs = sorted[i]!;
    if ((rs.status?.replicas ?? 0) !== 0 || rsReplicas(rs) !== 0) continue;
    if ((rs.metadata.generation ?? 0) > (rs.status?.observedGeneration ?? 0) || rs.metadata.deletionTimestamp !== undefined) continue;
    out.push(rs);
  }
  return out;
}

export function cleanupDeployment(c: DeploymentClient, oldRSs: readonly ReplicaSet[]): void {
  for (const rs of planCleanup(c.d, oldRSs)) c.deleteReplicaSet(rs);
}

/** syncDeploymentStatus: write calculateStatus when it differs. */
export function syncDeploymentStatus(c: DeploymentClient, allRSs: readonly (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined): void {
  const s = calculateStatus(allRSs, newRS, c.d, c.now());
  if (statusEqual(c.d.status, s)) return;
  c.updateStatus(s, 'Status');
}

/** isScalingEvent: an active RS whose desired-replicas annotation differs from spec.replicas. */
export function isScalingEvent(c: DeploymentClient, rsList: readonly ReplicaSet[]): boolean {
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(c, rsList, false);
  for (const rs of filterActiveReplicaSets([...oldRSs, newRS])) {
    const desired = intAnnotation(rs.metadata.annotations, DESIRED_REPLICAS_ANNOTATION);
    if (desired !== undefined && desired !== replicasOf(c.d)) return true;
  }
  return false;
}
