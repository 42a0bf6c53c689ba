// `kubectl rollout` for Deployments: the status viewer and its watch, the history viewer, the
// client-side rollback of apps/v1, pause, resume and restart. Follows kubectl/pkg/polymorphichelpers
// {rollout_status,history,rollback,objectpauser,objectresumer,objectrestarter}.go and
// cmd/rollout/*.go (v1.28). Differs: the watch is driven by the simulation's events, tick by tick.
import type { Clock } from '../api/time.js';
import type { Deployment, PodTemplateSpec, ReplicaSet } from '../api/types.js';
import type { View } from '../state/cluster.js';
import type { LogEvent } from '../state/events.js';
import { applyPatch } from '../state/patch.js';
import {
  ANNOTATIONS_TO_SKIP, CHANGE_CAUSE_ANNOTATION, POD_TEMPLATE_HASH_LABEL, REVISION_ANNOTATION, TIMED_OUT_REASON,
  equalIgnoreHash, getReplicaSetsForDeployment, revisionOf,
} from '../controllers/deployment/util.js';
import { describePodTemplate, formatTabbed, PrefixWriter } from './printers/index.js';
import type { ClientProcess, KubectlEnv, ProcessUpdate } from './types.js';
import { apiObject, metaFor, updateObject, type WriteResult } from './write.js';

// ------------------------------------------------------------------ status

export interface StatusLine {
  /** the line to print (with its newline) */
  message: string;
  done: boolean;
  /** the watch ends with this error ("error: " is added when printed) */
  error?: string;
}

/**
 * DeploymentStatusViewer.Status. `revision` > 0 pins the watch to that revision.
 * @example deploymentStatus(d, 0).message // 'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...\n'
 */
export function deploymentStatus(d: Deployment, revision: number): StatusLine {
  const name = JSON.stringify(d.metadata.name);
  if (revision > 0) {
    const v = d.metadata.annotations?.[REVISION_ANNOTATION];
    const current = v === undefined ? 0 : /^[+-]?\d+$/.test(v) ? Number(v) : undefined;
    if (current === undefined) return { message: '', done: false, error: `cannot get the revision of deployment ${name}: strconv.ParseInt: parsing ${JSON.stringify(v)}: invalid syntax` };
    if (current !== revision) return { message: '', done: false, error: `desired revision (${revision}) is different from the running revision (${current})` };
  }
  const st = d.status ?? {};
  if ((d.metadata.generation ?? 0) <= (st.observedGeneration ?? 0)) {
    const cond = (st.conditions ?? []).find((c) => c.type === 'Progressing');
    if (cond?.reason === TIMED_OUT_REASON) return { message: '', done: false, error: `deployment ${name} exceeded its progress deadline` };
    const replicas = d.spec.replicas;
    const updated = st.updatedReplicas ?? 0;
    if (replicas !== undefined && updated < replicas) {
      return { message: `Waiting for deployment ${name} rollout to finish: ${updated} out of ${replicas} new replicas have been updated...\n`, done: false };
    }
    if ((st.replicas ?? 0) > updated) {
      return { message: `Waiting for deployment ${name} rollout to finish: ${(st.replicas ?? 0) - updated} old replicas are pending termination...\n`, done: false };
    }
    if ((st.availableReplicas ?? 0) < updated) {
      return { message: `Waiting for deployment ${name} rollout to finish: ${st.availableReplicas ?? 0} of ${updated} updated replicas are available...\n`, done: false };
    }
    return { message: `deployment ${name} successfully rolled out\n`, done: true };
  }
  return { message: 'Waiting for deployment spec update to be observed...\n', done: false };
}

export interface WatchOptions {
  revision: number;
  /** --timeout in seconds; 0 waits forever */
  timeoutSeconds: number;
  /** the tick the command ran at */
  startTick: number;
}

/**
 * The watch half of `rollout status` (watchtools.UntilWithSync over the one deployment): the
 * deployment as listed at command time, then one status line per watch event, rebuilt by
 * applying each event's patch. The watch ends on success, on an error (progress deadline,
 * revision mismatch), on deletion ("object has been deleted"), or on --timeout.
 * Tick boundary: a timeout of N seconds fires at the start of tick start+N, before that
 * tick's events are looked at.
 */
export class RolloutStatusWatch implements ClientProcess {
  private current: Deployment;
  private lastSeq: number;

  constructor(snapshot: Deployment, private readonly opts: WatchOptions) {
    this.current = snapshot;
    this.lastSeq = Number(snapshot.metadata.resourceVersion ?? 0);
  }

  observe(_view: View, tick: number, _clock: Clock, events: readonly LogEvent[]): ProcessUpdate {
    if (this.opts.timeoutSeconds > 0 && tick >= this.opts.startTick + this.opts.timeoutSeconds) {
      return { stderr: 'error: timed out waiting for the condition\n', done: true, exitCode: 1 };
    }
    const { namespace, name } = this.current.metadata;
    let stdout = '';
    for (const e of events) {
      if (e.seq <= this.lastSeq || e.change === null) continue;
      if (e.object.kind !== 'Deployment' || e.object.namespace !== (namespace ?? '') || e.object.name !== name) continue;
      this.lastSeq = e.seq;
      const c = e.change;
      if (c.op === 'delete') return { stdout, stderr: 'error: object has been deleted\n', done: true, exitCode: 1 };
      this.current = c.op === 'create' ? (c.object as Deployment) : applyPatch(this.current, c.patch);
      const s = deploymentStatus(this.current, this.opts.revision);
      if (s.error !== undefined) return { stdout, stderr: `error: ${s.error}\n`, done: true, exitCode: 1 };
      stdout += s.message;
      if (s.done) return { stdout, done: true, exitCode: 0 };
    }
    return stdout ? { stdout, done: false } : { done: false };
  }
}

// ------------------------------------------------------------------ history

/** The Deployment's ReplicaSets as GetAllReplicaSets returns them: old ones, then the new one. */
function allReplicaSets(view: View, d: Deployment): ReplicaSet[] {
  const { newRS, oldRSs } = getReplicaSetsForDeployment(view, d);
  return newRS ? [...oldRSs, newRS] : oldRSs;
}

/** describe.NewPrefixWriter over a bytes.Buffer: no tabwriter, tabs stay tabs (printTemplate). */
class RawPrefixWriter extends PrefixWriter {
  private text = '';

  override write(level: number, text: string): void {
    this.text += '  '.repeat(level) + text;
  }

  override writeLine(...a: string[]): void {
    this.text += a.join(' ') + '\n';
  }

  override flush(): void {}

  override toString(): string {
    return this.text;
  }
}

/** printTemplate: the pod template as `rollout history --revision` shows it. */
export function printTemplate(t: PodTemplateSpec): string {
  const w = new RawPrefixWriter();
  describePodTemplate(w, t);
  return w.toString();
}

/**
 * DeploymentHistoryViewer.ViewHistory: the "REVISION  CHANGE-CAUSE" table, or one revision's
 * pod template (with the RS's change-cause among its annotations).
 */
export function viewHistory(view: View, d: Deployment, revision: number): { ok: true; text: string } | { ok: false; error: string } {
  const history = new Map<number, PodTemplateSpec>();
  for (const rs of allReplicaSets(view, d)) {
    const v = revisionOf(rs);
    if (v === undefined) continue;
    const t = structuredClone(rs.spec.template);
    const cause = rs.metadata.annotations?.[CHANGE_CAUSE_ANNOTATION];
    t.metadata = { ...t.metadata, annotations: { ...t.metadata?.annotations, ...(cause ? { [CHANGE_CAUSE_ANNOTATION]: cause } : {}) } };
    history.set(v, t);
  }
  if (history.size === 0) return { ok: true, text: 'No rollout history found.' };
  if (revision > 0) {
    const t = history.get(revision);
    return t ? { ok: true, text: printTemplate(t) } : { ok: false, error: 'unable to find the specified revision' };
  }
  const rows = [...history.keys()].sort((a, b) => a - b)
    .map((r) => `${r}\t${history.get(r)!.metadata?.annotations?.[CHANGE_CAUSE_ANNOTATION] || '<none>'}\n`);
  return { ok: true, text: formatTabbed(`REVISION\tCHANGE-CAUSE\n${rows.join('')}`, { minwidth: 0, padding: 2 }) };
}

// ------------------------------------------------------------------ undo

/**
 * A rollout verb's result: the printer's operation ("rolled back"), or an error; `named` errors
 * are printed as `error: deployments.apps "web" <error>` (the patch function failed).
 */
export type RolloutOutcome = { ok: true; operation: string; write?: WriteResult } | { ok: false; error: string; named?: boolean };

/** deploymentRevision: the RS of `toRevision`, or of the previous revision when 0. */
function deploymentRevision(view: View, d: Deployment, toRevision: number): ReplicaSet | string {
  let latest: ReplicaSet | undefined;
  let latestRev = -1;
  let previous: ReplicaSet | undefined;
  let previousRev = -1;
  for (const rs of allReplicaSets(view, d)) {
    const v = revisionOf(rs);
    if (v === undefined) continue;
    if (toRevision === 0) {
      if (latestRev < v) {
        previousRev = latestRev;
        previous = latest;
        latestRev = v;
        latest = rs;
      } else if (previousRev < v) {
        previousRev = v;
        previous = rs;
      }
    } else if (toRevision === v) {
      return rs;
    }
  }
  if (toRevision > 0) return `unable to find specified revision ${toRevision} in history`;
  return previous ?? `no rollout history found for deployment ${JSON.stringify(d.metadata.name)}`;
}

/**
 * DeploymentRollbacker.Rollback (apps/v1, client side): copy the revision's RS template (minus
 * pod-template-hash) and its annotations (minus the skip list) into the deployment. The
 * deployment controller then adopts that RS as the new one and gives it revision max+1.
 */
export function rollback(env: KubectlEnv, d: Deployment, toRevision: number, command: string): RolloutOutcome {
  if (toRevision < 0) return { ok: false, error: `unable to find specified revision ${toRevision} in history` };
  const rs = deploymentRevision(env.ctx.view, d, toRevision);
  if (typeof rs === 'string') return { ok: false, error: rs };
  if (d.spec.paused) return { ok: false, error: `you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume deployment/${d.metadata.name}' and try again` };
  if (equalIgnoreHash(rs.spec.template, d.spec.template)) return { ok: true, operation: `skipped rollback (current template already matches revision ${toRevision})` };
  const template = structuredClone(rs.spec.template);
  if (template.metadata?.labels) delete template.metadata.labels[POD_TEMPLATE_HASH_LABEL];
  const annotations: Record<string, string> = {};
  for (const k of ANNOTATIONS_TO_SKIP) {
    const v = d.metadata.annotations?.[k];
    if (v !== undefined) annotations[k] = v;
  }
  for (const [k, v] of Object.entries(rs.metadata.annotations ?? {})) if (!ANNOTATIONS_TO_SKIP.has(k)) annotations[k] = v;
  const next = apiObject(d) as unknown as Deployment;
  next.spec.template = template;
  next.metadata.annotations = annotations;
  const w = updateObject(env, d, next, metaFor(env, 'DeploymentRolledBack', { command, revision: revisionOf(rs) ?? 0 }));
  if (!w.ok) return { ok: false, error: `failed restoring revision ${toRevision}: ${w.error.message}` };
  return { ok: true, operation: 'rolled back', write: w };
}

// ------------------------------------------------------------------ pause, resume, restart

/** defaultObjectPauser / defaultObjectResumer for a Deployment. */
export function setPaused(env: KubectlEnv, d: Deployment, paused: boolean, command: string): RolloutOutcome {
  if (paused && d.spec.paused) return { ok: false, error: 'is already paused', named: true };
  if (!paused && !d.spec.paused) return { ok: false, error: 'is not paused', named: true };
  const next = apiObject(d) as unknown as Deployment;
  next.spec.paused = paused;
  const w = updateObject(env, d, next, metaFor(env, paused ? 'DeploymentPaused' : 'DeploymentResumed', { command }));
  if (!w.ok) return { ok: false, error: `failed to patch: ${w.error.message}` };
  return { ok: true, operation: paused ? 'paused' : 'resumed', write: w };
}

export const RESTARTED_AT_ANNOTATION = 'kubectl.kubernetes.io/restartedAt';

/** defaultObjectRestarter: stamp the template with kubectl.kubernetes.io/restartedAt = now. */
export function restart(env: KubectlEnv, d: Deployment, command: string): RolloutOutcome {
  if (d.spec.paused) return { ok: false, error: "can't restart paused deployment (run rollout resume first)", named: true };
  const now = env.ctx.now();
  if (d.spec.template.metadata?.annotations?.[RESTARTED_AT_ANNOTATION] === now) {
    return { ok: false, error: `failed to create patch for ${d.metadata.name}: if restart has already been triggered within the past second, please wait before attempting to trigger another` };
  }
  const next = apiObject(d) as unknown as Deployment;
  next.spec.template.metadata = { ...next.spec.template.metadata, annotations: { ...next.spec.template.metadata?.annotations, [RESTARTED_AT_ANNOTATION]: now } };
  const w = updateObject(env, d, next, metaFor(env, 'DeploymentRestarted', { command, restartedAt: now }));
  if (!w.ok) return { ok: false, error: `failed to patch: ${w.error.message}` };
  return { ok: true, operation: 'restarted', write: w };
}

