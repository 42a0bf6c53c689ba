// The API calls the Deployment controller makes (its clientset and event recorder): RS create,
// scale, annotate, delete, adopt, release; Deployment UpdateStatus. Each call is one event.
// Differs: writes apply to the current object, so upstream's 409 Conflict-and-requeue never happens.
import type { Deployment, DeploymentStatus, KObject, ObjectRef, ReplicaSet } from '../../api/types.js';
import type { Ctx, WriteMeta } from '../../state/controller.js';
import type { KubeEventNote } from '../../state/events.js';
import { keyOfObject, refOf } from '../../state/events.js';
import { deleteObject } from '../../state/apiserver.js';
import { replicasAnnotationsNeedUpdate } from './annotations.js';
import { applyStatus } from './status.js';
import { DESIRED_REPLICAS_ANNOTATION, MAX_REPLICAS_ANNOTATION, maxSurge, replicasOf, rsReplicas, withDefaults } from './util.js';

export const CONTROLLER_NAME = 'deployment-controller';

/** Aborts one sync (upstream `return err`): the deployment is retried a second later. */
export class SyncAborted extends Error {}

export interface ScaleResult {
  scaled: boolean;
  rs: ReplicaSet;
}

/** One sync of one Deployment: the writer, the deployment as last written, the decision's cause. */
export class DeploymentClient {
  /** the deployment as last stored (defaults applied on read) */
  d: Deployment;

  constructor(readonly ctx: Ctx, d: Deployment, readonly cause: number) {
    this.d = withDefaults(d);
  }

  get key(): string {
    return keyOfObject(this.d);
  }

  now(): string {
    return this.ctx.now();
  }

  /** The deployment, as `involvedObject` of the Kubernetes Events we record. */
  get involved(): ObjectRef {
    return refOf(this.d);
  }

  note(type: 'Normal' | 'Warning', reason: string, message: string): KubeEventNote {
    return { type, reason, message, source: CONTROLLER_NAME, involved: this.involved };
  }

  private meta(type: string, data?: WriteMeta['data'], note?: KubeEventNote): WriteMeta {
    const m: WriteMeta = { type };
    if (this.cause > 0) m.cause = this.cause;
    if (data !== undefined) m.data = data;
    if (note !== undefined) m.note = note;
    return m;
  }

  /** Record a Kubernetes Event on the deployment that changes no object. */
  record(type: string, note: KubeEventNote): void {
    this.ctx.record(this.d, this.meta(type, undefined, note));
  }

  /**
   * Deployments/UpdateStatus: the status strategy keeps spec and labels but takes status and
   * annotations, which is how upstream writes the revision annotation.
   */
  updateStatus(status: DeploymentStatus, why: string, annotations?: Record<string, string>): void {
    const stored = this.ctx.update(this.d, (draft) => {
      applyStatus(draft, status);
      if (annotations) draft.metadata.annotations = { ...(draft.metadata.annotations ?? {}), ...annotations };
    }, this.meta('DeploymentStatusUpdated', { why }));
    this.d = withDefaults(stored);
  }

  createReplicaSet(rs: ReplicaSet, replicas: number, revision: string): ReplicaSet {
    // creation event: "Scaled up replica set X to N" (no "from"), only when N > 0
    const note = replicas > 0 ? this.note('Normal', 'ScalingReplicaSet', `Scaled up replica set ${rs.metadata.name} to ${replicas}`) : undefined;
    return this.ctx.create(rs, this.meta('ReplicaSetCreated', { replicas, revision }, note));
  }

  /** A write to an RS other than a scale (revision annotations, minReadySeconds, ownership). */
  updateReplicaSet(rs: ReplicaSet, type: string, recipe: (draft: ReplicaSet) => void, data?: WriteMeta['data']): ReplicaSet {
    return this.ctx.update(rs, (draft) => { recipe(draft as ReplicaSet); }, this.meta(type, data));
  }

  /**
   * scaleReplicaSet: one write setting spec.replicas and the desired/max-replicas annotations,
   * when either differs. The ScalingReplicaSet event ("Scaled up replica set X to 3 from 1")
   * is recorded on the deployment only when the size changed.
   */
  scaleReplicaSet(rs: ReplicaSet, newScale: number, op: 'up' | 'down' | ''): ScaleResult {
    const desired = replicasOf(this.d);
    const max = desired + maxSurge(this.d);
    const from = rsReplicas(rs);
    const sizeNeedsUpdate = from !== newScale;
    if (!sizeNeedsUpdate && !replicasAnnotationsNeedUpdate(rs.metadata.annotations, desired, max)) return { scaled: false, rs };
    const recipe = (draft: ReplicaSet): void => {
      draft.spec.replicas = newScale;
      draft.metadata.annotations = { ...(draft.metadata.annotations ?? {}), [DESIRED_REPLICAS_ANNOTATION]: String(desired), [MAX_REPLICAS_ANNOTATION]: String(max) };
    };
    if (!sizeNeedsUpdate) {
      return { scaled: false, rs: this.updateReplicaSet(rs, 'ReplicaSetAnnotationsUpdated', recipe, { desired, max }) };
    }
    const note = this.note('Normal', 'ScalingReplicaSet', `Scaled ${op} replica set ${rs.metadata.name} to ${newScale} from ${from}`);
    const stored = this.ctx.update(rs, (draft) => { recipe(draft as ReplicaSet); }, this.meta('ReplicaSetScaled', { from, to: newScale }, note));
    return { scaled: true, rs: stored };
  }

  /** scaleReplicaSetAndRecordEvent: "up" or "down" by comparison; nothing when equal. */
  scaleReplicaSetAndRecordEvent(rs: ReplicaSet, newScale: number): ScaleResult {
    if (rsReplicas(rs) === newScale) return { scaled: false, rs };
    return this.scaleReplicaSet(rs, newScale, rsReplicas(rs) < newScale ? 'up' : 'down');
  }

  /** DELETE an old RS (history limit); background propagation leaves its pods to the GC. */
  deleteReplicaSet(rs: ReplicaSet): void {
    deleteObject(this.ctx, rs as KObject, { ...(this.cause > 0 ? { cause: this.cause } : {}), data: { reason: 'RevisionHistoryLimit' } });
  }

  requeueAfter(seconds: number): void {
    this.ctx.requeueAfter(this.key, seconds);
  }
}
