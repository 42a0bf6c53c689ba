// StatefulSet revisions without ControllerRevision objects: getStatefulSetRevisions and
// newRevision of pkg/controller/statefulset/stateful_set_control.go / stateful_set_utils.go (v1.28).
// Differs: kreplay stores no ControllerRevisions. A revision is named "<set>-<hash>", the hash being
// the pod-template-hash helper (controller.ComputeHash form) over the template and collisionCount
// (always 0: two templates never share a name here). The template of status.currentRevision is kept
// in the set's `sim.statefulset` entry, written with the status, because once the spec changes it
// is the only place the old template lives (upstream reads it back from the ControllerRevision).
import type { Json, PodTemplateSpec, StatefulSet } from '../../api/types.js';
import { computeHash } from '../deployment/hash.js';

/** The `sim` key this controller owns on a StatefulSet. */
export const SIM_KEY = 'statefulset';

/** What the controller remembers in `sim.statefulset`: the current revision and its template. */
export interface StoredRevision {
  revision: string;
  template: PodTemplateSpec;
}

export interface Revisions {
  currentRevision: string;
  currentTemplate: PodTemplateSpec;
  updateRevision: string;
  updateTemplate: PodTemplateSpec;
  collisionCount: number;
}

/**
 * ControllerRevisionName: the prefix (cut to 223 characters) and the hash. The hash is
 * controller.ComputeHash of the template with collisionCount, as for a ReplicaSet's pod-template-hash
 * (upstream hashes the revision's patch bytes: the same form, a different value).
 * @example revisionName(set) // "web-7c9d5b6f4"
 */
export function revisionName(set: StatefulSet, template: PodTemplateSpec = set.spec.template, collisionCount = set.status?.collisionCount ?? 0): string {
  const prefix = set.metadata.name.length > 223 ? set.metadata.name.slice(0, 223) : set.metadata.name;
  return `${prefix}-${computeHash(template, collisionCount)}`;
}

export function storedRevision(set: StatefulSet): StoredRevision | undefined {
  const s = set.sim?.[SIM_KEY] as unknown as StoredRevision | undefined;
  return s && typeof s.revision === 'string' ? s : undefined;
}

/**
 * getStatefulSetRevisions: the update revision is the spec's template; the current revision is
 * status.currentRevision when its template is known, else the update revision (a new set, or one
 * whose history is gone).
 */
export function getStatefulSetRevisions(set: StatefulSet): Revisions {
  const collisionCount = set.status?.collisionCount ?? 0;
  const updateRevision = revisionName(set, set.spec.template, collisionCount);
  const stored = storedRevision(set);
  const current = set.status?.currentRevision;
  if (current && current !== updateRevision && stored?.revision === current) {
    return { currentRevision: current, currentTemplate: stored.template, updateRevision, updateTemplate: set.spec.template, collisionCount };
  }
  return { currentRevision: updateRevision, currentTemplate: set.spec.template, updateRevision, updateTemplate: set.spec.template, collisionCount };
}

/** The `sim.statefulset` value to store for a status whose current revision is `revision`. */
export function toStored(revision: string, template: PodTemplateSpec): Json {
  return { revision, template } as unknown as Json;
}
