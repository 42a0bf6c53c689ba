// The annotations a Deployment keeps on its ReplicaSets (revision, revision history, desired and
// max replicas) and the deployment annotations copied to the new RS. Follows
// pkg/controller/deployment/util/deployment_util.go; pure: returns new maps instead of mutating.

/** Records the rollout sequence on RSs and on the Deployment. */
export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
/** Old revisions an RS served before a rollback gave it a new one ("1,3"). */
export const REVISION_HISTORY_ANNOTATION = 'deployment.kubernetes.io/revision-history';
/** deployment.spec.replicas when the RS was last sized; tells scaling events from rollouts. */
export const DESIRED_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/desired-replicas';
/** deployment.spec.replicas + maxSurge when the RS was last sized; the base of proportions. */
export const MAX_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/max-replicas';
/** v1.LastAppliedConfigAnnotation */
export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';
/** apps.DeprecatedRollbackTo */
export const DEPRECATED_ROLLBACK_TO_ANNOTATION = 'deprecated.deployment.rollback.to';
/** What `kubectl rollout history` prints as CHANGE-CAUSE; copied to the new RS like any other. */
export const CHANGE_CAUSE_ANNOTATION = 'kubernetes.io/change-cause';

/** sync.go maxRevHistoryLengthInChars: the revision-history annotation stays ≤ 2000 chars. */
export const MAX_REV_HISTORY_LENGTH_IN_CHARS = 2000;

/** annotationsToSkip: never copied from a Deployment to its RS (nor back on rollback). */
export const ANNOTATIONS_TO_SKIP: ReadonlySet<string> = new Set([
  LAST_APPLIED_ANNOTATION,
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  DESIRED_REPLICAS_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
  DEPRECATED_ROLLBACK_TO_ANNOTATION,
]);

export type Annotations = Readonly<Record<string, string>>;

/** Go's strconv.ParseInt(s, 10, 64): undefined when s is not a base-10 integer. */
export function parseInt64(s: string): number | undefined {
  return /^[+-]?\d+$/.test(s) ? Number(s) : undefined;
}

/** getIntFromAnnotation (strconv.Atoi): the integer value, or undefined when missing or malformed. */
export function intAnnotation(annotations: Annotations | undefined, key: string): number | undefined {
  const v = annotations?.[key];
  return v === undefined ? undefined : parseInt64(v);
}

export interface AnnotationChange {
  annotations: Record<string, string>;
  changed: boolean;
}

/** copyDeploymentAnnotationsToReplicaSet: every deployment annotation not in the skip list. */
export function copyDeploymentAnnotationsToReplicaSet(deployment: Annotations | undefined, rs: Annotations | undefined): AnnotationChange {
  const out: Record<string, string> = { ...(rs ?? {}) };
  let changed = false;
  for (const k of Object.keys(deployment ?? {}).sort()) {
    const v = deployment![k]!;
    if (ANNOTATIONS_TO_SKIP.has(k) || out[k] === v) continue;
    out[k] = v;
    changed = true;
  }
  return { annotations: out, changed };
}

/** SetReplicasAnnotations: desired-replicas and max-replicas as decimal strings. */
export function setReplicasAnnotations(rs: Annotations | undefined, desired: number, max: number): AnnotationChange {
  const out: Record<string, string> = { ...(rs ?? {}) };
  let changed = false;
  if (out[DESIRED_REPLICAS_ANNOTATION] !== String(desired)) {
    out[DESIRED_REPLICAS_ANNOTATION] = String(desired);
    changed = true;
  }
  if (out[MAX_REPLICAS_ANNOTATION] !== String(max)) {
    out[MAX_REPLICAS_ANNOTATION] = String(max);
    changed = true;
  }
  return { annotations: out, changed };
}

/** ReplicasAnnotationsNeedUpdate */
export function replicasAnnotationsNeedUpdate(rs: Annotations | undefined, desired: number, max: number): boolean {
  return rs?.[DESIRED_REPLICAS_ANNOTATION] !== String(desired) || rs?.[MAX_REPLICAS_ANNOTATION] !== String(max);
}

/**
 * SetNewReplicaSetAnnotations: copy the deployment's annotations, raise the RS revision to
 * `newRevision` when it is lower, and — when the RS already had a revision (a rollback to an old
 * template) — append the old one to revision-history, dropping the oldest entries so that the
 * string stays within `limitChars`. A new RS (`exists` false) also gets desired/max replicas.
 *
 * @example rollback: RS at revision "1", newRevision "3" → revision "3", revision-history "1"
 */
export function setNewReplicaSetAnnotations(
  deployment: Annotations | undefined,
  rs: Annotations | undefined,
  newRevision: string,
  exists: boolean,
  replicas: { desired: number; max: number },
  limitChars = MAX_REV_HISTORY_LENGTH_IN_CHARS,
): AnnotationChange {
  const copied = copyDeploymentAnnotationsToReplicaSet(deployment, rs);
  const out = copied.annotations;
  let changed = copied.changed;
  const hadRevision = REVISION_ANNOTATION in out;
  const oldRevision = out[REVISION_ANNOTATION] ?? '';
  let oldRevisionInt = parseInt64(oldRevision);
  if (oldRevisionInt === undefined) {
    // a malformed revision is left alone (upstream logs and returns false)
    if (oldRevision !== '') return { annotations: out, changed: false };
    oldRevisionInt = 0;
  }
  const newRevisionInt = parseInt64(newRevision);
  if (newRevisionInt === undefined) return { annotations: out, changed: false };
  if (oldRevisionInt < newRevisionInt) {
    out[REVISION_ANNOTATION] = newRevision;
    changed = true;
    if (hadRevision) appendRevisionHistory(out, oldRevision, limitChars);
  }
  if (!exists) {
    const r = setReplicasAnnotations(out, replicas.desired, replicas.max);
    if (r.changed) {
      Object.assign(out, r.annotations);
      changed = true;
    }
  }
  return { annotations: out, changed };
}

function appendRevisionHistory(out: Record<string, string>, oldRevision: string, limitChars: number): void {
  const history = out[REVISION_HISTORY_ANNOTATION] ?? '';
  const oldRevisions = history.split(',');
  if (oldRevisions[0]!.length === 0) {
    out[REVISION_HISTORY_ANNOTATION] = oldRevision;
    return;
  }
  let totalLen = history.length + oldRevision.length + 1;
  let start = 0;
  while (totalLen > limitChars && start < oldRevisions.length) {
    totalLen -= oldRevisions[start]!.length + 1;
    start++;
  }
  // upstream keeps the annotation unchanged when even dropping everything is not enough
  if (totalLen <= limitChars) out[REVISION_HISTORY_ANNOTATION] = [...oldRevisions.slice(start), oldRevision].join(',');
}

/** Sorted copy of an annotation map (Go serialises maps with sorted keys). */
export function sortedAnnotations(a: Annotations): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(a).sort()) out[k] = a[k]!;
  return out;
}
