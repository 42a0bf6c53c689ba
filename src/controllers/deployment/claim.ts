// ControllerRef reconciliation for a Deployment's ReplicaSets (ClaimReplicaSets in
// pkg/controller/controller_ref_manager.go): keep owned RSs that match, release owned ones that
// no longer match, adopt matching orphans. Differs: overlapping deployments claim in key order.
import type { ReplicaSet } from '../../api/types.js';
import type { View } from '../../state/cluster.js';
import { controllerRef } from '../../api/podutil.js';
import { selectorMatches } from '../../api/labels.js';
import type { DeploymentClient } from './client.js';
import { byCreationTimestamp } from './util.js';

/**
 * The ReplicaSets without a controller, by namespace, listed once per reconcile run (so a run
 * over many deployments scans the RSs of a namespace once, not once per deployment).
 */
export class Orphans {
  private readonly byNamespace = new Map<string, ReplicaSet[]>();

  constructor(private readonly view: View) {}

  in(namespace: string): ReplicaSet[] {
    let list = this.byNamespace.get(namespace);
    if (!list) {
      list = this.view.list('ReplicaSet', namespace).filter((rs) => controllerRef(rs) === undefined);
      this.byNamespace.set(namespace, list);
    }
    return list;
  }
}

/**
 * getReplicaSetsForDeployment with ClaimObject semantics: owned + matching → claimed (even while
 * the deployment is being deleted); owned + not matching → released (unless deleting); orphan +
 * matching + not being deleted → adopted (unless the deployment is being deleted).
 * Returns the claimed RSs, oldest first.
 */
export function claimReplicaSets(c: DeploymentClient, orphans: Orphans): ReplicaSet[] {
  const d = c.d;
  const uid = d.metadata.uid;
  if (uid === undefined) return [];
  const view = c.ctx.view;
  const deleting = d.metadata.deletionTimestamp !== undefined;
  const claimed: ReplicaSet[] = [];
  for (const rs of [...view.ownedBy(uid, 'ReplicaSet')].sort(byCreationTimestamp)) {
    if (controllerRef(rs)?.uid !== uid) continue;
    if (selectorMatches(d.spec.selector, rs.metadata.labels)) {
      claimed.push(rs);
      continue;
    }
    if (deleting) continue;
    c.updateReplicaSet(rs, 'ReplicaSetReleased', (draft) => {
      const rest = (draft.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid);
      if (rest.length === 0) delete draft.metadata.ownerReferences;
      else draft.metadata.ownerReferences = rest;
    }, { deployment: d.metadata.name });
  }
  if (deleting) return claimed;
  for (const orphan of [...orphans.in(d.metadata.namespace ?? '')].sort(byCreationTimestamp)) {
    // re-read: an earlier deployment of this run may have adopted it
    const rs = view.get('ReplicaSet', orphan.metadata.namespace ?? '', orphan.metadata.name);
    if (!rs || rs.metadata.uid !== orphan.metadata.uid || controllerRef(rs) !== undefined) continue;
    if (!selectorMatches(d.spec.selector, rs.metadata.labels) || rs.metadata.deletionTimestamp !== undefined) continue;
    claimed.push(c.updateReplicaSet(rs, 'ReplicaSetAdopted', (draft) => {
      draft.metadata.ownerReferences = [
        ...(draft.metadata.ownerReferences ?? []),
        { apiVersion: 'apps/v1', kind: 'Deployment', name: d.metadata.name, uid, controller: true, blockOwnerDeletion: true },
      ];
    }, { deployment: d.metadata.name }));
  }
  return claimed.sort(byCreationTimestamp);
}
