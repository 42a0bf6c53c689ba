// Test fixtures for the Deployment controller (used by the *.test.ts files only): object
// builders shaped like upstream's test helpers, and a stand-in for the ReplicaSet controller's
// status (the real one lives in controllers/replicaset) so rollouts can be driven in a Sim.
import type { Deployment, DeploymentCondition, DeploymentStatus, IntOrString, PodTemplateSpec, ReplicaSet } from '../../api/types.js';
import type { Controller, Ctx, WorkSet } from '../../state/controller.js';
import { keyOfObject } from '../../state/events.js';
import { DESIRED_REPLICAS_ANNOTATION, MAX_REPLICAS_ANNOTATION, REVISION_ANNOTATION } from './annotations.js';

export function template(image = 'web:1', labels: Record<string, string> = { app: 'web' }): PodTemplateSpec {
  return { metadata: { labels }, spec: { containers: [{ name: 'web', image }] } };
}

export interface DeploymentOpts {
  replicas?: number;
  maxSurge?: IntOrString;
  maxUnavailable?: IntOrString;
  strategy?: 'RollingUpdate' | 'Recreate';
  revisionHistoryLimit?: number;
  progressDeadlineSeconds?: number;
  image?: string;
  uid?: string;
  generation?: number;
  status?: DeploymentStatus;
  conditions?: DeploymentCondition[];
  annotations?: Record<string, string>;
  paused?: boolean;
}

/** A deployment like upstream's newDeployment: maxSurge/maxUnavailable 0 unless given. */
export function deployment(name: string, o: DeploymentOpts = {}): Deployment {
  const type = o.strategy ?? 'RollingUpdate';
  const d: Deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default', annotations: { ...(o.annotations ?? {}) } },
    spec: {
      replicas: o.replicas ?? 1,
      selector: { matchLabels: { app: 'web' } },
      template: template(o.image),
      strategy: type === 'RollingUpdate' ? { type, rollingUpdate: { maxSurge: o.maxSurge ?? 0, maxUnavailable: o.maxUnavailable ?? 0 } } : { type },
    },
    status: { ...(o.status ?? {}), ...(o.conditions ? { conditions: o.conditions } : {}) },
  };
  if (o.uid !== undefined) d.metadata.uid = o.uid;
  if (o.generation !== undefined) d.metadata.generation = o.generation;
  if (o.revisionHistoryLimit !== undefined) d.spec.revisionHistoryLimit = o.revisionHistoryLimit;
  if (o.progressDeadlineSeconds !== undefined) d.spec.progressDeadlineSeconds = o.progressDeadlineSeconds;
  if (o.paused !== undefined) d.spec.paused = o.paused;
  return d;
}

export interface RSOpts {
  replicas: number;
  statusReplicas?: number;
  ready?: number;
  available?: number;
  /** RFC 3339 creation time (default 2016-05-20T00:00:00Z) */
  created?: string;
  revision?: string;
  desired?: number;
  max?: number;
  image?: string;
  uid?: string;
  generation?: number;
  observedGeneration?: number;
  deleting?: boolean;
}

/** A ReplicaSet like upstream's rs()/newRSWithStatus helpers. */
export function rs(name: string, o: RSOpts): ReplicaSet {
  const annotations: Record<string, string> = {};
  if (o.revision !== undefined) annotations[REVISION_ANNOTATION] = o.revision;
  if (o.desired !== undefined) annotations[DESIRED_REPLICAS_ANNOTATION] = String(o.desired);
  if (o.max !== undefined) annotations[MAX_REPLICAS_ANNOTATION] = String(o.max);
  const r: ReplicaSet = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, namespace: 'default', uid: o.uid ?? `uid-${name}`, creationTimestamp: o.created ?? '2016-05-20T00:00:00Z', annotations },
    spec: { replicas: o.replicas, selector: { matchLabels: { app: 'web' } }, template: template(o.image) },
    status: { replicas: o.statusReplicas ?? 0, readyReplicas: o.ready ?? 0, availableReplicas: o.available ?? 0 },
  };
  if (o.generation !== undefined) r.metadata.generation = o.generation;
  if (o.observedGeneration !== undefined) r.status.observedGeneration = o.observedGeneration;
  if (o.deleting) r.metadata.deletionTimestamp = '2016-05-20T00:00:00Z';
  return r;
}

/**
 * Stands in for the ReplicaSet controller's status: status.replicas follows spec.replicas at once
 * (pods created and deleted instantly), scale-downs lose availability at once, and on scale-ups
 * `step` more replicas become ready and available each tick after the one they were asked for
 * (`step` Infinity: at once). It remembers when it last stepped each RS (a test fake may).
 */
export class FakeReplicaSetStatus implements Controller {
  readonly name = 'fake-replicaset';
  readonly watches = ['ReplicaSet'] as const;
  private readonly lastStep = new Map<string, number>();
  /** images whose pods never become available */
  readonly brokenImages = new Set<string>();

  constructor(private readonly step = 1) {}

  reconcile(ctx: Ctx, work: WorkSet): void {
    const keys = work.all ? ctx.view.list('ReplicaSet').map(keyOfObject) : work.items.filter((i) => !i.deleted).map((i) => i.key);
    for (const key of [...new Set(keys)].sort()) {
      const cur = ctx.view.getByKey(key) as ReplicaSet | undefined;
      if (!cur) continue;
      const want = cur.spec.replicas ?? 1;
      let available = Math.min(cur.status.availableReplicas ?? 0, want);
      if (available < want && !cur.spec.template.spec.containers.some((c) => this.brokenImages.has(c.image))) {
        const last = this.lastStep.get(key);
        if (this.step === Infinity) available = want;
        else if (last !== undefined && last < ctx.tick) {
          available = Math.min(want, available + this.step);
          this.lastStep.set(key, ctx.tick);
        } else if (last === undefined) this.lastStep.set(key, ctx.tick);
        if (available < want) ctx.requeueAfter(key, 1);
      }
      if (available >= want) this.lastStep.delete(key);
      ctx.update(cur, (d) => {
        d.status.replicas = want;
        d.status.readyReplicas = available;
        d.status.availableReplicas = available;
        d.status.observedGeneration = cur.metadata.generation ?? 0;
      }, { type: 'ReplicaSetStatusUpdated' });
    }
  }
}
