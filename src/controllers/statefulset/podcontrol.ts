// Pod creation and deletion on behalf of a StatefulSet: StatefulPodControl (CreateStatefulPod,
// DeleteStatefulPod, recordPodEvent) of pkg/controller/statefulset/stateful_pod_control.go (v1.28).
// Differs: no PVCs are created (volumeClaimTemplates are kept but make no claims).
import type { Pod, StatefulSet } from '../../api/types.js';
import { deleteObject } from '../../state/apiserver.js';
import type { Ctx } from '../../state/controller.js';
import { refOf } from '../../state/events.js';
import { namespaceAdmission } from '../replicaset/podcontrol.js';
import { CONTROLLER_NAME, getPodRevision } from './utils.js';

/** An API error of a pod write: the sync stops and is retried on the next change (or resync). */
export class PodControlError extends Error {}

/**
 * recordPodEvent's failure half: "FailedCreate", "create Pod web-0 in StatefulSet web failed
 * error: …". The success half travels as the note of the create or delete itself.
 */
function recordFailure(ctx: Ctx, verb: 'create' | 'delete', set: StatefulSet, podName: string, err: string, cause: number): PodControlError {
  const reason = verb === 'create' ? 'FailedCreate' : 'FailedDelete';
  ctx.record(set, {
    type: verb === 'create' ? 'PodCreateFailed' : 'PodDeleteFailed', cause,
    note: { type: 'Warning', reason, message: `${verb} Pod ${podName} in StatefulSet ${set.metadata.name} failed error: ${err}`, source: CONTROLLER_NAME },
  });
  return new PodControlError(err);
}

/**
 * CreateStatefulPod: POST the pod; SuccessfulCreate "create Pod web-0 in StatefulSet web successful".
 * A pod of that name still present (a previous one being deleted) is AlreadyExists; a create in a
 * terminating namespace is refused without an event (upstream records it like any failure, but the
 * namespace is going away).
 */
export function createStatefulPod(ctx: Ctx, set: StatefulSet, pod: Pod | { error: string }, podName: string, cause: number): Pod | PodControlError {
  if ('error' in pod) return recordFailure(ctx, 'create', set, podName, pod.error, cause);
  const ns = pod.metadata.namespace ?? '';
  const denied = namespaceAdmission(ctx, ns);
  if (denied === 'terminating') return new PodControlError(`unable to create new content in namespace ${ns} because it is being terminated`);
  if (denied) return recordFailure(ctx, 'create', set, podName, denied.message, cause);
  if (ctx.view.get('Pod', ns, podName)) return recordFailure(ctx, 'create', set, podName, `pods "${podName}" already exists`, cause);
  return ctx.create(pod, {
    type: 'PodCreated', cause,
    data: { ordinal: podName.slice(podName.lastIndexOf('-') + 1), revision: getPodRevision(pod) },
    note: { type: 'Normal', reason: 'SuccessfulCreate', message: `create Pod ${podName} in StatefulSet ${set.metadata.name} successful`, source: CONTROLLER_NAME, involved: refOf(set) },
  });
}

/** DeleteStatefulPod: a graceful DELETE; SuccessfulDelete "delete Pod web-2 in StatefulSet web successful". */
export function deleteStatefulPod(ctx: Ctx, set: StatefulSet, pod: Pod, cause: number): void {
  deleteObject(ctx, pod, {
    cause,
    note: { type: 'Normal', reason: 'SuccessfulDelete', message: `delete Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} successful`, source: CONTROLLER_NAME, involved: refOf(set) },
  });
}

/** The identity fix of UpdateStatefulPod: re-apply updateIdentity's labels to a pod that lost them. */
export function updateStatefulPodIdentity(ctx: Ctx, set: StatefulSet, pod: Pod, labels: Record<string, string>, cause: number): void {
  ctx.update(pod, (d) => {
    d.metadata.labels = { ...(d.metadata.labels ?? {}), ...labels };
  }, {
    type: 'PodIdentityUpdated', cause, data: { owner: set.metadata.name },
    note: { type: 'Normal', reason: 'SuccessfulUpdate', message: `update Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} successful`, source: CONTROLLER_NAME, involved: refOf(set) },
  });
}
