// One container's state machine: computePodActions' start/restart decisions (kuberuntime_manager.go,
// doBackOff), startContainer (kuberuntime_container.go) and EnsureImageExists (images/
// image_manager.go). Differs: analytic — each step knows the tick of its next transition; a
// container created at t runs at t + startupSeconds (the time the image pull takes, for policy Always).
import type { Container, ContainerState, ContainerStateTerminated, ContainerStatus, Json, Pod } from '../../api/types.js';
import type { Clock } from '../../api/time.js';
import { formatDuration } from '../../api/time.js';
import type { Rng } from '../../state/controller.js';
import {
  KUBELET_BACKOFF, backOffEndsSince, gcBackoff, getBackoff, isInBackOffSince, isInBackOffSinceUpdate, nextBackoff, type BackoffTable,
} from './backoff.js';
import { startupFor, type ContainerBehavior } from './behavior.js';
import {
  alreadyPresentMessage, backOffPullingMessage, effectivePullPolicy, failedToPullMessage, imageID, neverPullMessage,
  normalizedImage, pulledMessage, pullErrorText, pullingMessage,
} from './images.js';
import { NEW_WORKER, carryAfter, type ProbeParams, type ReadinessInstance } from './prober.js';
import type { ContainerRecord, KubeletRecord, Step } from './record.js';
import { formatPod } from './status.js';

/** A container during one sync: its spec, behaviour, bookkeeping and (mutable copy of) status. */
export interface Work {
  spec: Container;
  behavior: ContainerBehavior;
  /** readiness probe parameters, when the container has a readiness probe */
  probe: ProbeParams | undefined;
  rec: ContainerRecord;
  status: ContainerStatus;
}

/** What a container transition reads and writes besides its own Work: the pod sync. */
export interface SyncContext {
  readonly pod: Pod;
  readonly clock: Clock;
  readonly rng: Rng;
  readonly rec: KubeletRecord;
  backoff: BackoffTable;
  readonly data: { [key: string]: Json };
  note(type: string, eventType: 'Normal' | 'Warning', reason: string, message: string): void;
  fact(type: string): void;
  /** the tick a running container of a deleted pod is gone (SIGTERM exit or grace deadline) */
  stopAt(w: Work): number;
  /** the grace deadline of a deleted pod (Infinity when not deleted) */
  deadline(): number;
}

const HEX_WORD = 0x100000000;

/** "containerd://" + 64 hex digits from the seeded stream (8 draws of 32 bits). */
function containerID(rng: Rng): string {
  let s = 'containerd://';
  for (let i = 0; i < 8; i++) s += rng.int(HEX_WORD).toString(16).padStart(8, '0');
  return s;
}

/** convertToAPIContainerStatuses' default: waiting ContainerCreating, the spec's image. */
export function defaultStatus(c: Container): ContainerStatus {
  return { name: c.name, state: { waiting: { reason: 'ContainerCreating' } }, lastState: {}, ready: false, restartCount: 0, image: c.image, imageID: '', started: false };
}

/** ShouldContainerBeRestarted for an exited container of a live pod. */
function shouldRestart(pod: Pod, exitCode: number): boolean {
  const policy = pod.spec.restartPolicy ?? 'Always';
  return policy === 'Always' || (policy === 'OnFailure' && exitCode !== 0);
}

/** The image manager's back-off key (upstream "<pod uid>_<image>"; the table is per pod). */
const pullKey = (w: Work): string => `pull:${w.spec.image}`;

function enter(w: Work, step: Step, t: number): void {
  w.rec.step = step;
  w.rec.since = t;
}

function setState(w: Work, state: ContainerState): void {
  // A terminated state that gives way becomes lastState (convertToAPIContainerStatuses).
  if (w.status.state.terminated && !state.terminated) w.status.lastState = { terminated: w.status.state.terminated };
  w.status.state = state;
}

export function readinessInstance(c: SyncContext, w: Work): ReadinessInstance {
  return { workerStart: c.rec.syncedAt, params: w.probe!, startedAt: w.rec.since, successFromAge: w.behavior.readyAfterSeconds, carry: w.rec.readiness ?? NEW_WORKER };
}

/** The tick of the container's next transition (Infinity = none). */
export function transitionAt(c: SyncContext, w: Work): number {
  const r = w.rec;
  const killed = c.rec.killedAt !== undefined;
  switch (r.step) {
    case 'creating': return killed ? Infinity : r.since + startupFor(w.behavior, c.pod.metadata.uid ?? '', w.spec.name, r.starts);
    case 'running': {
      const exitAt = w.behavior.exit ? r.since + w.behavior.exit.afterSeconds : Infinity;
      return killed ? Math.min(exitAt, c.stopAt(w)) : exitAt;
    }
    case 'exited': return killed ? Infinity : r.restartAt ?? Infinity;
    case 'pullFailed': return killed ? Infinity : r.since + 1;
    case 'pullBackOff': {
      if (killed) return Infinity;
      const e = c.backoff[pullKey(w)];
      return e ? Math.max(r.since, e.lastUpdate + e.backoffSeconds) : r.since;
    }
    case 'neverPull': case 'done': return Infinity;
  }
}

/** Apply the transition due at t (= transitionAt). */
export function transition(c: SyncContext, w: Work, t: number): void {
  const r = w.rec;
  switch (r.step) {
    case 'creating': return startContainer(c, w, t);
    case 'running': {
      const exit = w.behavior.exit;
      if (exit && r.since + exit.afterSeconds === t) return exitContainer(c, w, t, exit.code);
      return stopContainer(c, w, t);
    }
    case 'exited':
      // doBackOff let the start through: Next(key, FinishedAt) moves the delay on.
      c.backoff = gcBackoff(nextBackoff(c.backoff, w.spec.name, r.since, t, KUBELET_BACKOFF), t, KUBELET_BACKOFF);
      delete r.restartAt;
      return beginCreate(c, w, t);
    case 'pullFailed': case 'pullBackOff': return beginCreate(c, w, t);
    case 'neverPull': case 'done': return;
  }
}

/** EnsureImageExists and createContainer: the image is found or pulled, the container created. */
export function beginCreate(c: SyncContext, w: Work, t: number): void {
  const image = w.spec.image;
  const policy = effectivePullPolicy(w.spec);
  if (w.rec.starts === 0) setState(w, { waiting: { reason: 'ContainerCreating' } });
  if (policy === 'Never' || (policy === 'IfNotPresent' && !w.behavior.pullFails)) {
    if (w.behavior.pullFails) {
      c.note('ImagePullFailed', 'Warning', 'ErrImageNeverPull', neverPullMessage(image));
      c.note('ImagePullFailed', 'Warning', 'Failed', 'Error: ErrImageNeverPull');
      setState(w, { waiting: { reason: 'ErrImageNeverPull', message: neverPullMessage(image) } });
      c.fact('ImagePullFailed');
      return enter(w, 'neverPull', t);
    }
    c.note('ImagePulled', 'Normal', 'Pulled', alreadyPresentMessage(image));
    c.note('ContainerCreated', 'Normal', 'Created', `Created container ${w.spec.name}`);
    c.fact('ContainerCreated');
    return enter(w, 'creating', t);
  }
  const key = pullKey(w);
  if (isInBackOffSinceUpdate(c.backoff, key, t, KUBELET_BACKOFF)) {
    c.note('ImagePullBackedOff', 'Normal', 'BackOff', backOffPullingMessage(image));
    c.note('ImagePullBackedOff', 'Warning', 'Failed', 'Error: ImagePullBackOff');
    setState(w, { waiting: { reason: 'ImagePullBackOff', message: backOffPullingMessage(image) } });
    c.fact('ImagePullBackedOff');
    return enter(w, 'pullBackOff', t);
  }
  c.note('ImagePullStarted', 'Normal', 'Pulling', pullingMessage(image));
  if (w.behavior.pullFails) {
    c.note('ImagePullFailed', 'Warning', 'Failed', failedToPullMessage(image));
    c.note('ImagePullFailed', 'Warning', 'Failed', 'Error: ErrImagePull');
    c.backoff = gcBackoff(nextBackoff(c.backoff, key, t, t, KUBELET_BACKOFF), t, KUBELET_BACKOFF);
    setState(w, { waiting: { reason: 'ErrImagePull', message: pullErrorText(image) } });
    c.fact('ImagePullFailed');
    c.data['container'] = w.spec.name;
    c.data['pullBackoffSeconds'] = getBackoff(c.backoff, key);
    return enter(w, 'pullFailed', t);
  }
  enter(w, 'creating', t); // Pulled and Created are noted when the pull ends (startContainer)
}

/** The container runs: startedAt = t, a new container ID; restartCount counts earlier instances. */
function startContainer(c: SyncContext, w: Work, t: number): void {
  const r = w.rec;
  if (effectivePullPolicy(w.spec) === 'Always') {
    c.note('ImagePulled', 'Normal', 'Pulled', pulledMessage(w.spec.image, startupFor(w.behavior, c.pod.metadata.uid ?? '', w.spec.name, r.starts)));
    c.note('ContainerCreated', 'Normal', 'Created', `Created container ${w.spec.name}`);
  }
  c.note('ContainerStarted', 'Normal', 'Started', `Started container ${w.spec.name}`);
  r.starts++;
  enter(w, 'running', t);
  setState(w, { running: { startedAt: c.clock.at(t) } });
  w.status.containerID = containerID(c.rng);
  w.status.image = normalizedImage(w.spec.image);
  w.status.imageID = imageID(w.spec.image);
  w.status.restartCount = r.starts - 1;
  // TODO(startup probes, a later issue): started stays false until the startup probe succeeds.
  w.status.started = true;
  c.fact(r.starts > 1 ? 'ContainerRestarted' : 'ContainerStarted');
  c.data['container'] = w.spec.name;
  if (r.starts > 1) c.data['restartCount'] = r.starts - 1;
}

function terminated(c: SyncContext, w: Work, t: number, exitCode: number, reason: string): ContainerStateTerminated {
  const term: ContainerStateTerminated = { exitCode, reason, startedAt: c.clock.at(w.rec.since), finishedAt: c.clock.at(t) };
  if (w.status.containerID !== undefined) term.containerID = w.status.containerID;
  return term;
}

/** The running instance stops at t; the readiness worker's counters carry over to the next one. */
function endInstance(c: SyncContext, w: Work, t: number, term: ContainerStateTerminated): void {
  if (w.probe) w.rec.readiness = carryAfter(readinessInstance(c, w), t);
  setState(w, { terminated: term });
  w.status.ready = false;
  w.status.started = false;
}

/**
 * The process exits on its own. computePodActions restarts it per restartPolicy; doBackOff holds
 * the start while FinishedAt is within the back-off (CrashLoopBackOff), else calls Next and starts
 * it at once. Delays from each exit: 0, 10, 20, 40, 80, 160, 300, 300 s (BO-K-1).
 */
function exitContainer(c: SyncContext, w: Work, t: number, exitCode: number): void {
  const r = w.rec;
  endInstance(c, w, t, terminated(c, w, t, exitCode, exitCode === 0 ? 'Completed' : 'Error'));
  c.fact('ContainerExited');
  c.data['container'] = w.spec.name;
  c.data['exitCode'] = exitCode;
  enter(w, 'done', t);
  if (c.rec.killedAt !== undefined || !shouldRestart(c.pod, exitCode)) return;
  const key = w.spec.name;
  if (isInBackOffSince(c.backoff, key, t, t, KUBELET_BACKOFF)) {
    const delay = getBackoff(c.backoff, key);
    enter(w, 'exited', t);
    r.restartAt = backOffEndsSince(c.backoff, key, t, KUBELET_BACKOFF);
    const message = `back-off ${formatDuration(delay)} restarting failed container=${w.spec.name} pod=${formatPod(c.pod)}`;
    setState(w, { waiting: { reason: 'CrashLoopBackOff', message } });
    c.note('ContainerBackedOff', 'Warning', 'BackOff', `Back-off restarting failed container ${w.spec.name} in pod ${formatPod(c.pod)}`);
    c.data['restartAfterSeconds'] = delay;
    return;
  }
  c.backoff = gcBackoff(nextBackoff(c.backoff, key, t, t, KUBELET_BACKOFF), t, KUBELET_BACKOFF);
  c.data['restartAfterSeconds'] = 0;
  beginCreate(c, w, t);
}

/**
 * A running container of a deleted pod ends: it exits 0 on SIGTERM (the default behaviour), or is
 * SIGKILLed (137) at the grace deadline. It does not restart.
 */
function stopContainer(c: SyncContext, w: Work, t: number): void {
  const graceful = c.rec.killedAt! + w.behavior.stopSeconds <= c.deadline();
  endInstance(c, w, t, terminated(c, w, t, graceful ? 0 : 137, graceful ? 'Completed' : 'Error'));
  enter(w, 'done', t);
}

/** status_manager TerminatePod: a container that never ran reports ContainerStatusUnknown/137. */
export function abandonContainer(w: Work, t: number): void {
  if (!w.status.state.terminated) {
    w.status.state = { terminated: { exitCode: 137, reason: 'ContainerStatusUnknown', message: 'The container could not be located when the pod was terminated' } };
    w.status.ready = false;
    w.status.started = false;
  }
  delete w.rec.restartAt;
  enter(w, 'done', t);
}
