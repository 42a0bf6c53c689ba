// Pure calculators of the Deployment controller: fenceposts, revisions, finding the new and old
// ReplicaSets, proportions, completeness and progress. Follows pkg/controller/deployment/util/
// deployment_util.go and controller_utils.go sort orders. Imported by kubectl rollout and printers.
import type { Deployment, DeploymentStatus, IntOrString, ReplicaSet } from '../../api/types.js';
import type { View } from '../../state/cluster.js';
import { controllerRef } from '../../api/podutil.js';
import { selectorMatches } from '../../api/labels.js';
import { parseRfc3339 } from '../../api/time.js';
import { DESIRED_REPLICAS_ANNOTATION, MAX_REPLICAS_ANNOTATION, REVISION_ANNOTATION, intAnnotation, parseInt64 } from './annotations.js';
import { equalIgnoreHash } from './hash.js';

export {
  REVISION_ANNOTATION, REVISION_HISTORY_ANNOTATION, DESIRED_REPLICAS_ANNOTATION, MAX_REPLICAS_ANNOTATION,
  CHANGE_CAUSE_ANNOTATION, LAST_APPLIED_ANNOTATION, DEPRECATED_ROLLBACK_TO_ANNOTATION, ANNOTATIONS_TO_SKIP,
} from './annotations.js';
export { computeHash, equalIgnoreHash, POD_TEMPLATE_HASH_LABEL } from './hash.js';

export const MAX_INT32 = 2147483647;

// Condition reasons (deployment_util.go)
export const REPLICA_SET_UPDATED_REASON = 'ReplicaSetUpdated';
export const FAILED_RS_CREATE_REASON = 'ReplicaSetCreateError';
export const NEW_REPLICA_SET_REASON = 'NewReplicaSetCreated';
export const FOUND_NEW_RS_REASON = 'FoundNewReplicaSet';
export const NEW_RS_AVAILABLE_REASON = 'NewReplicaSetAvailable';
export const TIMED_OUT_REASON = 'ProgressDeadlineExceeded';
export const PAUSED_DEPLOY_REASON = 'DeploymentPaused';
export const RESUMED_DEPLOY_REASON = 'DeploymentResumed';
export const MINIMUM_REPLICAS_AVAILABLE = 'MinimumReplicasAvailable';
export const MINIMUM_REPLICAS_UNAVAILABLE = 'MinimumReplicasUnavailable';

// ------------------------------------------------------------ defaults and accessors

const defaultedCache = new WeakMap<Deployment, Deployment>();

/**
 * SetDefaults_Deployment (pkg/apis/apps/v1/defaults.go), applied on read so that a Deployment
 * that reached the store without admission behaves as in a real cluster: replicas 1,
 * RollingUpdate 25%/25%, revisionHistoryLimit 10, progressDeadlineSeconds 600.
 */
export function withDefaults(d: Deployment): Deployment {
  let out = defaultedCache.get(d);
  if (out) return out;
  const s = d.spec;
  const type = s.strategy?.type ?? 'RollingUpdate';
  const strategy = type === 'RollingUpdate'
    ? { ...s.strategy, type, rollingUpdate: { maxUnavailable: s.strategy?.rollingUpdate?.maxUnavailable ?? '25%', maxSurge: s.strategy?.rollingUpdate?.maxSurge ?? '25%' } }
    : { ...s.strategy, type };
  out = {
    ...d,
    spec: { ...s, replicas: s.replicas ?? 1, strategy, revisionHistoryLimit: s.revisionHistoryLimit ?? 10, progressDeadlineSeconds: s.progressDeadlineSeconds ?? 600 },
    status: d.status ?? {},
  };
  defaultedCache.set(d, out);
  return out;
}

export const replicasOf = (d: Deployment): number => d.spec.replicas ?? 1;
export const rsReplicas = (rs: ReplicaSet): number => rs.spec.replicas ?? 1;
export const isRollingUpdate = (d: Deployment): boolean => (d.spec.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';

// ------------------------------------------------------------ fenceposts (§1.3)

export class IntOrPercentError extends Error {}

/**
 * intstr.GetScaledValueFromIntOrPercent: an int is returned as is (never clamped); "N%" is
 * ceil/floor(N·total/100) in float64; any other string is an error.
 */
export function getScaledValueFromIntOrPercent(v: IntOrString | undefined, total: number, roundUp: boolean): number {
  if (v === undefined) throw new IntOrPercentError('nil value for IntOrString');
  if (typeof v === 'number') return Math.trunc(v);
  if (!v.endsWith('%')) throw new IntOrPercentError('invalid value for IntOrString: invalid type: string is not a percentage');
  const n = parseInt64(v.slice(0, -1));
  if (n === undefined) throw new IntOrPercentError(`invalid value for IntOrString: invalid value "${v}"`);
  const x = (n * total) / 100;
  return roundUp ? Math.ceil(x) : Math.floor(x);
}

export interface Fenceposts {
  surge: number;
  unavailable: number;
  error?: string;
}

/**
 * ResolveFenceposts: maxSurge rounds up, maxUnavailable rounds down, unset means 0, and when
 * both resolve to 0 unavailable becomes 1 (so a rollout can always move).
 * @example resolveFenceposts('25%', '25%', 10) // {surge: 3, unavailable: 2}
 */
export function resolveFenceposts(maxSurge: IntOrString | undefined, maxUnavailable: IntOrString | undefined, desired: number): Fenceposts {
  try {
    const surge = getScaledValueFromIntOrPercent(maxSurge ?? 0, desired, true);
    let unavailable = getScaledValueFromIntOrPercent(maxUnavailable ?? 0, desired, false);
    if (surge === 0 && unavailable === 0) unavailable = 1;
    return { surge, unavailable };
  } catch (e) {
    return { surge: 0, unavailable: 0, error: (e as Error).message };
  }
}

function fenceposts(d: Deployment): Fenceposts {
  const ru = d.spec.strategy?.rollingUpdate;
  return resolveFenceposts(ru?.maxSurge ?? '25%', ru?.maxUnavailable ?? '25%', replicasOf(d));
}

/** MaxUnavailable: 0 unless RollingUpdate with replicas > 0; never more than replicas. */
export function maxUnavailable(d: Deployment): number {
  if (!isRollingUpdate(d) || replicasOf(d) === 0) return 0;
  return Math.min(fenceposts(d).unavailable, replicasOf(d));
}

/** MinAvailable: replicas − MaxUnavailable for RollingUpdate, else 0. */
export function minAvailable(d: Deployment): number {
  return isRollingUpdate(d) ? replicasOf(d) - maxUnavailable(d) : 0;
}

/** MaxSurge: the fencepost surge for RollingUpdate, else 0. */
export function maxSurge(d: Deployment): number {
  return isRollingUpdate(d) ? fenceposts(d).surge : 0;
}

// ------------------------------------------------------------ revisions

/** Revision: the RS's revision annotation as a number; 0 when missing, undefined when malformed. */
export function revisionOf(rs: { metadata: { annotations?: Record<string, string> } }): number | undefined {
  const v = rs.metadata.annotations?.[REVISION_ANNOTATION];
  return v === undefined ? 0 : parseInt64(v);
}

/** MaxRevision: the highest revision (malformed ones skipped). */
export function maxRevision(rss: readonly ReplicaSet[]): number {
  let max = 0;
  for (const rs of rss) {
    const v = revisionOf(rs);
    if (v !== undefined && v > max) max = v;
  }
  return max;
}

/** LastRevision: the second-highest revision — what `kubectl rollout undo` goes back to. */
export function lastRevision(rss: readonly ReplicaSet[]): number {
  let max = 0;
  let secMax = 0;
  for (const rs of rss) {
    const v = revisionOf(rs);
    if (v === undefined) continue;
    if (v >= max) {
      secMax = max;
      max = v;
    } else if (v > secMax) secMax = v;
  }
  return secMax;
}

// ------------------------------------------------------------ sort orders (controller_utils.go)

const UTC_SECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
/** Creation-time order: UTC second-precision timestamps (all kreplay writes) compare as strings. */
function compareCreated(a: ReplicaSet, b: ReplicaSet): number {
  const x = a.metadata.creationTimestamp;
  const y = b.metadata.creationTimestamp;
  if (x === y) return 0;
  if (x !== undefined && y !== undefined && UTC_SECONDS.test(x) && UTC_SECONDS.test(y)) return x < y ? -1 : 1;
  const tx = x === undefined ? Number.NaN : parseRfc3339(x);
  const ty = y === undefined ? Number.NaN : parseRfc3339(y);
  const sx = Number.isNaN(tx) ? -Infinity : tx;
  const sy = Number.isNaN(ty) ? -Infinity : ty;
  return sx === sy ? 0 : sx < sy ? -1 : 1;
}
const byName = (a: ReplicaSet, b: ReplicaSet): number => (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0);

/** ReplicaSetsByCreationTimestamp: oldest first, ties by name. */
export function byCreationTimestamp(a: ReplicaSet, b: ReplicaSet): number {
  return compareCreated(a, b) || byName(a, b);
}

/** ReplicaSetsBySizeOlder: larger first; ties: older first (used when scaling down). */
export function bySizeOlder(a: ReplicaSet, b: ReplicaSet): number {
  return rsReplicas(a) !== rsReplicas(b) ? rsReplicas(b) - rsReplicas(a) : byCreationTimestamp(a, b);
}

/** ReplicaSetsBySizeNewer: larger first; ties: newer first (used when scaling up). */
export function bySizeNewer(a: ReplicaSet, b: ReplicaSet): number {
  return rsReplicas(a) !== rsReplicas(b) ? rsReplicas(b) - rsReplicas(a) : byCreationTimestamp(b, a);
}

/** ReplicaSetsByRevision: lower revision first; malformed or equal revisions by creation. */
export function byRevision(a: ReplicaSet, b: ReplicaSet): number {
  const ra = revisionOf(a);
  const rb = revisionOf(b);
  if (ra === undefined || rb === undefined || ra === rb) return byCreationTimestamp(a, b);
  return ra - rb;
}

// ------------------------------------------------------------ new and old ReplicaSets

/** metav1.IsControlledBy: the RS's controllerRef points at the deployment's uid. */
export function isControlledBy(rs: ReplicaSet, d: Deployment): boolean {
  const ref = controllerRef(rs);
  return ref !== undefined && ref.uid === d.metadata.uid;
}

/** FindNewReplicaSet: the oldest RS whose template equals the deployment's (ignoring the hash label). */
export function findNewReplicaSet(d: Deployment, rsList: readonly ReplicaSet[]): ReplicaSet | undefined {
  let best: ReplicaSet | undefined;
  for (const rs of rsList) {
    if (!equalIgnoreHash(rs.spec.template, d.spec.template)) continue;
    if (best === undefined || byCreationTimestamp(rs, best) < 0) best = rs;
  }
  return best;
}

/**
 * FindOldReplicaSets: every RS but the new one (`allOldRSs`, creation order) and those of them
 * with replicas ≠ 0 (`oldRSs`).
 */
export function findOldReplicaSets(d: Deployment, rsList: readonly ReplicaSet[]): { oldRSs: ReplicaSet[]; allOldRSs: ReplicaSet[] } {
  const newRS = findNewReplicaSet(d, rsList);
  const allOldRSs = [...rsList].sort(byCreationTimestamp).filter((rs) => rs !== newRS);
  return { oldRSs: allOldRSs.filter((rs) => rsReplicas(rs) !== 0), allOldRSs };
}

export interface DeploymentReplicaSets {
  newRS?: ReplicaSet | undefined;
  /** every RS of the deployment but the new one, oldest first (including those at 0) */
  oldRSs: ReplicaSet[];
  /** every RS of the deployment, oldest first */
  allRSs: ReplicaSet[];
}

/**
 * The ReplicaSets a Deployment controls (ListReplicaSets: controllerRef to the deployment and
 * labels matching its selector), split into the new one and the old ones. Read-only; for
 * `kubectl rollout history|undo|status` and the printers.
 */
export function getReplicaSetsForDeployment(view: View, d: Deployment): DeploymentReplicaSets {
  const uid = d.metadata.uid;
  if (uid === undefined) return { oldRSs: [], allRSs: [] };
  const allRSs = view.ownedBy(uid, 'ReplicaSet')
    .filter((rs) => isControlledBy(rs, d) && selectorMatches(d.spec.selector, rs.metadata.labels))
    .sort(byCreationTimestamp);
  const newRS = findNewReplicaSet(d, allRSs);
  return { newRS, oldRSs: allRSs.filter((rs) => rs !== newRS), allRSs };
}

// ------------------------------------------------------------ counts

export const filterActiveReplicaSets = (rss: readonly (ReplicaSet | undefined)[]): ReplicaSet[] =>
  rss.filter((rs): rs is ReplicaSet => rs !== undefined && rsReplicas(rs) > 0);

const sum = (rss: readonly (ReplicaSet | undefined)[], f: (rs: ReplicaSet) => number): number => {
  let n = 0;
  for (const rs of rss) if (rs) n += f(rs);
  return n;
};
/** GetReplicaCountForReplicaSets: Σ spec.replicas */
export const getReplicaCount = (rss: readonly (ReplicaSet | undefined)[]): number => sum(rss, rsReplicas);
/** GetActualReplicaCountForReplicaSets: Σ status.replicas */
export const getActualReplicaCount = (rss: readonly (ReplicaSet | undefined)[]): number => sum(rss, (rs) => rs.status?.replicas ?? 0);
/** GetReadyReplicaCountForReplicaSets: Σ status.readyReplicas */
export const getReadyReplicaCount = (rss: readonly (ReplicaSet | undefined)[]): number => sum(rss, (rs) => rs.status?.readyReplicas ?? 0);
/** GetAvailableReplicaCountForReplicaSets: Σ status.availableReplicas */
export const getAvailableReplicaCount = (rss: readonly (ReplicaSet | undefined)[]): number => sum(rss, (rs) => rs.status?.availableReplicas ?? 0);

// ------------------------------------------------------------ sizing (§1.4, §1.7)

/**
 * NewRSNewReplicas: the size the new RS may grow to now. RollingUpdate: up to
 * replicas + maxSurge pods in all, never past replicas for the new RS. Recreate: replicas.
 * @example 10 replicas, maxSurge 2, old 10, new 0 → min(12−10, 10−0) = 2
 */
export function newRSNewReplicas(d: Deployment, allRSs: readonly (ReplicaSet | undefined)[], newRS: ReplicaSet): number {
  if (!isRollingUpdate(d)) return replicasOf(d);
  const surge = getScaledValueFromIntOrPercent(d.spec.strategy?.rollingUpdate?.maxSurge ?? '25%', replicasOf(d), true);
  const current = getReplicaCount(allRSs);
  const maxTotal = replicasOf(d) + surge;
  if (current >= maxTotal) return rsReplicas(newRS);
  return rsReplicas(newRS) + Math.min(maxTotal - current, replicasOf(d) - rsReplicas(newRS));
}

/** IsSaturated: the new RS has all the replicas, believes so (annotation), and all are available. */
export function isSaturated(d: Deployment, rs: ReplicaSet | undefined): boolean {
  if (!rs) return false;
  const desired = intAnnotation(rs.metadata.annotations, DESIRED_REPLICAS_ANNOTATION);
  if (desired === undefined) return false;
  return rsReplicas(rs) === replicasOf(d) && desired === replicasOf(d) && (rs.status?.availableReplicas ?? 0) === replicasOf(d);
}

/** FindActiveOrLatest: the only active RS, the newest when none is active, undefined when several are. */
export function findActiveOrLatest(newRS: ReplicaSet | undefined, oldRSs: readonly ReplicaSet[]): ReplicaSet | undefined {
  if (!newRS && oldRSs.length === 0) return undefined;
  const newestFirst = [...oldRSs].sort((a, b) => byCreationTimestamp(b, a));
  const active = filterActiveReplicaSets([...newestFirst, newRS]);
  if (active.length === 0) return newRS ?? newestFirst[0];
  return active.length === 1 ? active[0] : undefined;
}

/** integer.RoundToInt32: round half away from zero. */
export const roundToInt32 = (x: number): number => (x < 0 ? Math.trunc(x - 0.5) : Math.trunc(x + 0.5));

/**
 * getReplicaSetFraction: how many replicas this RS gains (or loses) when the deployment's
 * replicas + maxSurge go from the RS's max-replicas annotation to the current value.
 * @example RS 8 of max 13 → deployment now 8: round(8·8/13) − 8 = 5 − 8 = −3
 */
export function getReplicaSetFraction(rs: ReplicaSet, d: Deployment): number {
  if (replicasOf(d) === 0) return -rsReplicas(rs);
  const deploymentReplicas = replicasOf(d) + maxSurge(d);
  // fallback to the deployment's current size when the annotation is missing
  const annotated = intAnnotation(rs.metadata.annotations, MAX_REPLICAS_ANNOTATION) ?? d.status?.replicas ?? 0;
  return roundToInt32((rsReplicas(rs) * deploymentReplicas) / annotated) - rsReplicas(rs);
}

/** GetProportion: the RS's fraction, capped by what is left to add (or remove). */
export function getProportion(rs: ReplicaSet | undefined, d: Deployment, toAdd: number, added: number): number {
  if (!rs || rsReplicas(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const fraction = getReplicaSetFraction(rs, d);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

// ------------------------------------------------------------ completeness and progress (§1.11)

/** DeploymentComplete: all replicas updated and available, no old pods, generation observed. */
export function deploymentComplete(d: Deployment, s: DeploymentStatus): boolean {
  const r = replicasOf(d);
  return (s.updatedReplicas ?? 0) === r && (s.replicas ?? 0) === r && (s.availableReplicas ?? 0) === r &&
    (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 0);
}

/** DeploymentProgressing: more updated, fewer old, more ready or more available than before. */
export function deploymentProgressing(d: Deployment, s: DeploymentStatus): boolean {
  const o = d.status ?? {};
  const oldOld = (o.replicas ?? 0) - (o.updatedReplicas ?? 0);
  const newOld = (s.replicas ?? 0) - (s.updatedReplicas ?? 0);
  return (s.updatedReplicas ?? 0) > (o.updatedReplicas ?? 0) || newOld < oldOld ||
    (s.readyReplicas ?? 0) > (o.readyReplicas ?? 0) || (s.availableReplicas ?? 0) > (o.availableReplicas ?? 0);
}

/** HasProgressDeadline: set and not MaxInt32. */
export const hasProgressDeadline = (d: Deployment): boolean =>
  d.spec.progressDeadlineSeconds !== undefined && d.spec.progressDeadlineSeconds !== MAX_INT32;

/** HasRevisionHistoryLimit: set and not MaxInt32. */
export const hasRevisionHistoryLimit = (d: Deployment): boolean =>
  d.spec.revisionHistoryLimit !== undefined && d.spec.revisionHistoryLimit !== MAX_INT32;

/**
 * b − a in seconds between two RFC 3339 timestamps, fractions included (upstream's tests use
 * nanoseconds, which a float of Unix seconds cannot hold).
 */
export function secondsBetween(a: string, b: string): number {
  const frac = (ts: string): number => {
    const m = /\.(\d+)/.exec(ts);
    return m ? Number(`0.${m[1]}`) : 0;
  };
  return parseRfc3339(b) - parseRfc3339(a) + (frac(b) - frac(a));
}

/**
 * DeploymentTimedOut: the Progressing condition in `s` says ProgressDeadlineExceeded already, or
 * its lastUpdateTime + progressDeadlineSeconds is strictly before `now`. Never after a
 * NewReplicaSetAvailable condition.
 */
export function deploymentTimedOut(d: Deployment, s: DeploymentStatus, now: string): boolean {
  if (!hasProgressDeadline(d)) return false;
  const c = s.conditions?.find((x) => x.type === 'Progressing');
  if (!c) return false;
  if (c.reason === NEW_RS_AVAILABLE_REASON) return false;
  if (c.reason === TIMED_OUT_REASON) return true;
  if (c.lastUpdateTime === undefined) return true;
  return d.spec.progressDeadlineSeconds! < secondsBetween(c.lastUpdateTime, now);
}
