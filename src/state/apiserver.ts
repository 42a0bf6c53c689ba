// The API server's own semantics that every writer shares: graceful deletion
// (pkg/registry/core/pod/strategy.go CheckGracefulDelete, registry/rest/delete.go) and deletion
// propagation (background, foreground, orphan — the garbage collector finishes the latter two).
import type { ApiServerSettings, KObject, Pod } from '../api/types.js';
import { mutatePodForCreate, type AdmissionOptions } from '../api/admission.js';
import type { Ctx, WriteMeta } from './controller.js';

export type PropagationPolicy = 'Background' | 'Foreground' | 'Orphan';

export interface DeleteOptions {
  /** seconds; undefined = the object's default (pods: spec.terminationGracePeriodSeconds ?? 30) */
  gracePeriodSeconds?: number;
  propagationPolicy?: PropagationPolicy;
}

export const DEFAULT_TERMINATION_GRACE_SECONDS = 30;
export const FINALIZER_ORPHAN = 'orphan';
export const FINALIZER_FOREGROUND = 'foregroundDeletion';

export type DeleteOutcome = 'removed' | 'terminating' | 'unchanged';

/** The grace period a pod delete gets (0 for unscheduled or finished pods). */
export function podGracePeriod(pod: Pod, requested: number | undefined): number {
  let grace = requested ?? pod.spec.terminationGracePeriodSeconds ?? DEFAULT_TERMINATION_GRACE_SECONDS;
  // An unscheduled pod has no kubelet to stop it; a finished pod has nothing to stop.
  if (!pod.spec.nodeName) grace = 0;
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') grace = 0;
  return Math.max(0, grace);
}

/**
 * DELETE an object. Pods with a grace period get deletionTimestamp = now + grace and become
 * Terminating (the kubelet removes them); a second delete may only shorten the grace. Objects
 * with finalizers get deletionTimestamp and wait for the finalizers; the rest are removed.
 * Event types: `<Kind>DeletionRequested` (marked) and `<Kind>Deleted` (removed).
 */
export function deleteObject(ctx: Ctx, obj: KObject, meta: Omit<WriteMeta, 'type'>, opts: DeleteOptions = {}): DeleteOutcome {
  const policy = opts.propagationPolicy ?? 'Background';
  const finalizer = policy === 'Orphan' ? FINALIZER_ORPHAN : policy === 'Foreground' ? FINALIZER_FOREGROUND : undefined;
  if (obj.kind === 'Pod') {
    const pod = obj as Pod;
    const grace = podGracePeriod(pod, opts.gracePeriodSeconds);
    if (grace === 0 && !(pod.metadata.finalizers?.length) && !finalizer) {
      ctx.remove(pod, { ...meta, type: 'PodDeleted' });
      return 'removed';
    }
    const deadlineTick = ctx.tick + grace;
    const existing = pod.metadata.deletionTimestamp ? ctx.clock.tickOf(pod.metadata.deletionTimestamp) : undefined;
    if (existing !== undefined && existing <= deadlineTick && !finalizer) return 'unchanged';
    ctx.update(pod, (d) => {
      d.metadata.deletionTimestamp = ctx.clock.at(deadlineTick);
      d.metadata.deletionGracePeriodSeconds = grace;
      if (finalizer && !(d.metadata.finalizers ?? []).includes(finalizer)) d.metadata.finalizers = [...(d.metadata.finalizers ?? []), finalizer];
    }, { ...meta, type: 'PodDeletionRequested' });
    return 'terminating';
  }
  if (!finalizer && !(obj.metadata.finalizers?.length)) {
    ctx.remove(obj, { ...meta, type: `${obj.kind}Deleted` });
    return 'removed';
  }
  if (obj.metadata.deletionTimestamp && (!finalizer || obj.metadata.finalizers?.includes(finalizer))) return 'unchanged';
  ctx.update(obj, (d) => {
    if (!d.metadata.deletionTimestamp) {
      d.metadata.deletionTimestamp = ctx.now();
      d.metadata.deletionGracePeriodSeconds = 0;
    }
    if (finalizer && !(d.metadata.finalizers ?? []).includes(finalizer)) d.metadata.finalizers = [...(d.metadata.finalizers ?? []), finalizer];
  }, { ...meta, type: `${obj.kind}DeletionRequested` });
  return 'terminating';
}

/**
 * Remove a finalizer; when none remain on an object being deleted, the object goes away (the
 * API server's behaviour after the last finalizer is removed).
 */
export function removeFinalizer(ctx: Ctx, obj: KObject, finalizer: string, meta: Omit<WriteMeta, 'type'>): void {
  const rest = (obj.metadata.finalizers ?? []).filter((f) => f !== finalizer);
  if (rest.length === 0 && obj.metadata.deletionTimestamp) {
    if (obj.kind === 'Pod' && (obj as Pod).spec.nodeName && !['Succeeded', 'Failed'].includes((obj as Pod).status?.phase ?? '')) {
      // a running pod still needs its kubelet to stop it
      ctx.update(obj, (d) => { delete d.metadata.finalizers; }, { ...meta, type: `${obj.kind}FinalizerRemoved` });
      return;
    }
    ctx.remove(obj, { ...meta, type: `${obj.kind}Deleted` });
    return;
  }
  ctx.update(obj, (d) => {
    if (rest.length === 0) delete d.metadata.finalizers;
    else d.metadata.finalizers = rest;
  }, { ...meta, type: `${obj.kind}FinalizerRemoved` });
}

/**
 * A pod as the API server stores it on create: defaulting, the mutating admission plugins
 * (ServiceAccount, Priority, DefaultTolerationSeconds) and the pod strategy's PrepareForCreate
 * (Pending, QoS class; whatever status the writer supplied is discarded). Returns the server's
 * error message when admission refuses the pod (an unknown priority class).
 */
export function podForCreate(pod: Pod, settings?: ApiServerSettings): Pod | { error: string } {
  const opts: AdmissionOptions = settings ? { tolerationSeconds: { notReady: settings.defaultNotReadyTolerationSeconds, unreachable: settings.defaultUnreachableTolerationSeconds } } : {};
  const r = mutatePodForCreate({ ...pod, status: {} }, opts);
  if (!r.ok) return { error: r.error.message };
  return r.object;
}

/** Admission options for user requests under the run's apiserver flags. */
export function admissionOptionsFor(view: { count(kind: 'SimConfig'): number; config(): { settings: { apiServer?: ApiServerSettings } } }): AdmissionOptions {
  if (view.count('SimConfig') === 0) return {};
  const a = view.config().settings.apiServer;
  return a ? { tolerationSeconds: { notReady: a.defaultNotReadyTolerationSeconds, unreachable: a.defaultUnreachableTolerationSeconds } } : {};
}
