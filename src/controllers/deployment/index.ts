// The Deployment controller: which deployments a change wakes (the informer handlers) and
// syncDeployment's dispatch (pkg/controller/deployment/deployment_controller.go). Differs: no
// legacy rollbackTo (apps/v1 has none; `kubectl rollout undo` restores the template client-side).
import type { Deployment, KObject, OwnerReference, Pod, ReplicaSet } from '../../api/types.js';
import type { Controller, Ctx, WorkItem, WorkSet } from '../../state/controller.js';
import type { View } from '../../state/cluster.js';
import { keyOfObject } from '../../state/events.js';
import { controllerRef } from '../../api/podutil.js';
import { isEmptySelector, selectorMatches } from '../../api/labels.js';
import { Orphans, claimReplicaSets } from './claim.js';
import { CONTROLLER_NAME, DeploymentClient, SyncAborted } from './client.js';
import { rolloutRecreate } from './recreate.js';
import { rolloutRolling } from './rolling.js';
import { normalizeStatus } from './status.js';
import { checkPausedConditions, isScalingEvent, sync, syncStatusOnly } from './sync.js';
import { IntOrPercentError, getReplicaSetsForDeployment } from './util.js';

export * from './util.js';
export { getDeploymentCondition } from './status.js';

/**
 * Rolls Deployments out through ReplicaSets: creates the new RS of each template, scales new up
 * and old down within maxSurge/maxUnavailable (or Recreate), scales proportionally on resizes,
 * keeps revisions and history, and reports status and the Progressing/Available conditions.
 *
 * Events: ReplicaSetCreated, ReplicaSetScaled {from, to} (note ScalingReplicaSet on the
 * deployment), NewReplicaSetSynced, ReplicaSetAnnotationsUpdated, ReplicaSetAdopted,
 * ReplicaSetReleased, ReplicaSetDeleted (history limit), DeploymentStatusUpdated.
 *
 * @example new Sim({ controllers: [new DeploymentController(), new ReplicaSetController()] })
 */
export class DeploymentController implements Controller {
  readonly name = CONTROLLER_NAME;
  readonly watches = ['Deployment', 'ReplicaSet', 'Pod'] as const;

  reconcile(ctx: Ctx, work: WorkSet): void {
    const keys = work.all ? ctx.view.list('Deployment').map(keyOfObject) : [...deploymentKeysFor(ctx.view, work.items)];
    const orphans = new Orphans(ctx.view);
    for (const key of [...new Set(keys)].sort()) syncDeployment(ctx, key, orphans);
  }
}

/** resolveControllerRef: the Deployment a controllerRef names, if it still has that uid. */
function resolveControllerRef(view: View, namespace: string, ref: OwnerReference | undefined): Deployment | undefined {
  if (ref?.kind !== 'Deployment') return undefined;
  const d = view.get('Deployment', namespace, ref.name);
  return d && d.metadata.uid === ref.uid ? d : undefined;
}

/** The deployments a batch of changes concerns (addX/updateX/deleteX handlers). */
function deploymentKeysFor(view: View, items: readonly WorkItem[]): Set<string> {
  const keys = new Set<string>();
  const add = (d: Deployment | undefined): void => { if (d) keys.add(keyOfObject(d)); };
  for (const item of items) {
    const ns = item.obj.metadata.namespace ?? '';
    switch (item.kind) {
      case 'Deployment':
        if (!item.deleted) keys.add(item.key);
        break;
      case 'ReplicaSet': {
        for (const o of [item.prev, item.obj]) if (o) add(resolveControllerRef(view, ns, controllerRef(o)));
        // an orphan: wake every deployment that could adopt it
        if (!item.deleted && controllerRef(item.obj) === undefined) {
          for (const d of view.list('Deployment', ns)) {
            if (!isEmptySelector(d.spec.selector) && selectorMatches(d.spec.selector, item.obj.metadata.labels)) add(d);
          }
        }
        break;
      }
      case 'Pod':
        // deletePod: a Recreate deployment waits for its last old pod to go
        if (item.deleted) add(recreateDeploymentWithoutPods(view, item.obj as Pod));
        break;
      default:
        break;
    }
  }
  return keys;
}

function recreateDeploymentWithoutPods(view: View, pod: Pod): Deployment | undefined {
  const ns = pod.metadata.namespace ?? '';
  const ref = controllerRef(pod);
  if (ref?.kind !== 'ReplicaSet') return undefined;
  const rs = view.get('ReplicaSet', ns, ref.name);
  if (!rs || rs.metadata.uid !== ref.uid) return undefined;
  const d = resolveControllerRef(view, ns, controllerRef(rs));
  if (!d || d.spec.strategy?.type !== 'Recreate') return undefined;
  for (const r of getReplicaSetsForDeployment(view, d).allRSs) {
    for (const p of view.ownedBy(r.metadata.uid!, 'Pod')) {
      if (controllerRef(p)?.uid === r.metadata.uid && selectorMatches(d.spec.selector, p.metadata.labels)) return undefined;
    }
  }
  return d;
}

/**
 * The cause of a sync's writes: the latest change among its inputs (the deployment and its
 * RSs). Derived from the state, so a full resync and a targeted run give the same events.
 */
function causeOf(view: View, d: Deployment): number {
  let max = Number(d.metadata.resourceVersion ?? 0);
  for (const rs of view.ownedBy(d.metadata.uid ?? '', 'ReplicaSet') as KObject[]) max = Math.max(max, Number(rs.metadata.resourceVersion ?? 0));
  return Number.isFinite(max) ? max : 0;
}

/** syncDeployment: deleted → status; paused conditions; paused → sync; scaling → sync; strategy. */
export function syncDeployment(ctx: Ctx, key: string, orphans: Orphans): void {
  const obj = ctx.view.getByKey(key) as Deployment | undefined;
  if (!obj || obj.kind !== 'Deployment') return;
  const c = new DeploymentClient(ctx, obj, causeOf(ctx.view, obj));
  try {
    if (isEmptySelector(c.d.spec.selector)) return selectingAll(c);
    // Validation rejects a selector that does not match the template's labels; acting on one
    // would release every RS it creates and loop on name collisions, so such a deployment waits.
    if (!selectorMatches(c.d.spec.selector, c.d.spec.template.metadata?.labels)) return;
    const rsList: ReplicaSet[] = claimReplicaSets(c, orphans);
    if (c.d.metadata.deletionTimestamp !== undefined) return syncStatusOnly(c, rsList);
    checkPausedConditions(c);
    if (c.d.spec.paused) return sync(c, rsList);
    if (isScalingEvent(c, rsList)) return sync(c, rsList);
    if (c.d.spec.strategy?.type === 'Recreate') return rolloutRecreate(c, rsList);
    return rolloutRolling(c, rsList);
  } catch (e) {
    // upstream returns the error and the work queue retries with back-off
    if (e instanceof SyncAborted || e instanceof IntOrPercentError) return c.requeueAfter(1);
    throw e;
  }
}

/**
 * An empty selector selects every pod: upstream warns (SelectingAll) on every sync and only
 * records the generation. Deviation: the warning is recorded once per generation, together with
 * the status write, so that a resumed run (full resync) emits no extra event.
 */
function selectingAll(c: DeploymentClient): void {
  const generation = c.d.metadata.generation ?? 0;
  if ((c.d.status?.observedGeneration ?? 0) >= generation) return;
  c.record('DeploymentSelectingAll', c.note('Warning', 'SelectingAll', 'This deployment is selecting all pods. A non-empty selector is required.'));
  const status = normalizeStatus(c.d.status);
  status.observedGeneration = generation;
  c.updateStatus(status, 'SelectingAll');
}
