// How a container stops and whether it runs again: the process exiting or being OOM-killed,
// killContainer (kuberuntime_container.go) finishing, and computePodActions' restart decision with
// doBackOff (kuberuntime_manager.go). Differs: a kill's every instant is fixed when it begins.
import type { ContainerStateTerminated, Pod } from '../../api/types.js';
import { formatDuration } from '../../api/time.js';
import { KUBELET_BACKOFF, backOffEndsSince, gcBackoff, getBackoff, isInBackOffSince, nextBackoff } from './backoff.js';
import { beginCreate, enter, instance, setState, terminated, type ContainerKind, type SyncContext, type Work } from './containers.js';
import { instanceCarries } from './instance.js';
import type { KillRecord } from './record.js';
import { formatPod } from './status.js';
import { killOutcome, killingMessage } from './termination.js';

/**
 * ShouldContainerBeRestarted for an exited container of a live pod: app containers by the pod's
 * restartPolicy; regular init containers when they failed and the policy is not Never; sidecars always.
 */
export function shouldRestart(pod: Pod, kind: ContainerKind, exitCode: number): boolean {
  const policy = pod.spec.restartPolicy ?? 'Always';
  if (kind === 'sidecar') return true;
  if (kind === 'init') return exitCode !== 0 && policy !== 'Never';
  return policy === 'Always' || (policy === 'OnFailure' && exitCode !== 0);
}

/**
 * The running instance stops at t; the probe workers' counters carry over to the next one. With
 * `shown` false the status keeps showing it running (see ContainerRecord.pendingTerm).
 */
export function endInstance(c: SyncContext, w: Work, t: number, term: ContainerStateTerminated, shown = true): void {
  const i = instance(c, w);
  if (i) w.rec.probes = instanceCarries(i, t);
  if (shown) setState(w, { terminated: term });
  else w.rec.pendingTerm = term;
  w.status.ready = false;
  w.status.started = false;
  w.readyBefore = false;
  delete w.rec.startedAt;
  delete w.rec.probedThrough;
  if (w.kind === 'init' && term.exitCode === 0) w.rec.completed = true;
  w.version++;
}

/** Neither the pod's deletion nor KillPod stops restarts. */
const restartsAllowed = (c: SyncContext): boolean => c.rec.killedAt === undefined && c.rec.podKilledAt === undefined;

/**
 * computePodActions restarts an exited container per restartPolicy; doBackOff holds the start
 * while `eventTime` (the FinishedAt of the newest exited instance) is within the back-off
 * (CrashLoopBackOff), else calls Next and starts it at once. Delays from each exit: 0, 10, 20, 40,
 * 80, 160, 300, 300 s (BO-K-1).
 */
function restartOrRest(c: SyncContext, w: Work, t: number, exitCode: number): void {
  enter(w, 'done', t);
  w.rec.lastExit = t;
  if (!restartsAllowed(c) || !shouldRestart(c.pod, w.kind, exitCode)) return;
  const key = w.spec.name;
  if (isInBackOffSince(c.backoff, key, t, t, KUBELET_BACKOFF)) return backOff(c, w, t, true);
  c.backoff = gcBackoff(nextBackoff(c.backoff, key, t, t, KUBELET_BACKOFF), t, KUBELET_BACKOFF);
  c.data['restartAfterSeconds'] = 0;
  beginCreate(c, w, t);
}

/** CrashLoopBackOff from the exit at t: waiting with upstream's message until FinishedAt + delay. */
function backOff(c: SyncContext, w: Work, t: number, noteIt: boolean): void {
  const key = w.spec.name;
  const delay = getBackoff(c.backoff, key);
  enter(w, 'exited', t);
  w.rec.restartAt = backOffEndsSince(c.backoff, key, t, KUBELET_BACKOFF);
  const message = `back-off ${formatDuration(delay)} restarting failed container=${w.spec.name} pod=${formatPod(c.pod)}`;
  setState(w, { waiting: { reason: 'CrashLoopBackOff', message } });
  if (noteIt) c.note('ContainerBackedOff', 'Warning', 'BackOff', `Back-off restarting failed container ${w.spec.name} in pod ${formatPod(c.pod)}`);
  c.data['restartAfterSeconds'] = delay;
}

/** The process exits on its own (or the kernel OOM-kills it); the restart policy decides. */
export function exitContainer(c: SyncContext, w: Work, t: number, exitCode: number, reason: string): void {
  endInstance(c, w, t, terminated(c, w, t, exitCode, reason));
  c.fact(reason === 'OOMKilled' ? 'ContainerOOMKilled' : 'ContainerExited');
  c.data['container'] = w.spec.name;
  c.data['exitCode'] = exitCode;
  restartOrRest(c, w, t, exitCode);
}

/** killContainer begins: the Killing event; the preStop hook runs, SIGTERM and SIGKILL follow. */
export function beginKill(c: SyncContext, w: Work, kill: KillRecord): void {
  c.note('ContainerStopRequested', 'Normal', 'Killing', killingMessage(w.spec, kill.reason, w.kind === 'sidecar', kill.restart));
  w.rec.kill = kill;
  enter(w, 'stopping', kill.at);
  if (kill.reason === 'liveness' || kill.reason === 'startup') {
    c.fact(kill.reason === 'liveness' ? 'ContainerLivenessProbeFailed' : 'ContainerStartupProbeFailed');
    c.data['container'] = w.spec.name;
  }
}

/**
 * A killed container has stopped: on SIGTERM (exit 0), SIGKILL (137) or by itself. A hook still
 * running dies with it (FailedPreStopHook). After a probe kill, the same SyncPod starts it again:
 * doBackOff looks at the newest exited instance the runtime had before the kill — the previous one
 * — so the first restarts after probe kills are immediate (the seed's liveness loop, §4.3).
 */
export function stopContainer(c: SyncContext, w: Work, t: number): void {
  const kill = w.rec.kill!;
  const i = instance(c, w)!;
  const how = killOutcome(kill, w.behavior.stopSeconds, Math.min(i.exitAt, i.oomAt)).how;
  let exitCode = 0, reason = 'Completed';
  if (how === 'sigkill') { exitCode = 137; reason = 'Error'; }
  else if (how === 'natural') {
    if (i.oomAt <= i.exitAt) { exitCode = 137; reason = 'OOMKilled'; }
    else { exitCode = w.behavior.exit!.code; reason = exitCode === 0 ? 'Completed' : 'Error'; }
  }
  const key = w.spec.name;
  const prev = w.rec.lastExit;
  const restartNow = kill.restart && restartsAllowed(c) && (prev === undefined || !isInBackOffSince(c.backoff, key, prev, t, KUBELET_BACKOFF));
  endInstance(c, w, t, terminated(c, w, t, exitCode, reason), !restartNow);
  delete w.rec.kill;
  if (kill.hookEnd !== undefined && kill.hookEnd > t) {
    c.note('PreStopHookFailed', 'Warning', 'FailedPreStopHook', 'PreStopHook failed');
    c.fact('PreStopHookFailed');
  }
  c.fact('ContainerStopped');
  c.data['container'] = w.spec.name;
  c.data['exitCode'] = exitCode;
  if (!kill.restart || !restartsAllowed(c)) {
    enter(w, 'done', t);
    w.rec.lastExit = t;
    return;
  }
  if (prev === undefined) {
    // no exited instance in the runtime: doBackOff lets the start through without Next
    enter(w, 'done', t);
    w.rec.lastExit = t;
    c.data['restartAfterSeconds'] = 0;
    return beginCreate(c, w, t);
  }
  if (isInBackOffSince(c.backoff, key, prev, t, KUBELET_BACKOFF)) {
    c.note('ContainerBackedOff', 'Warning', 'BackOff', `Back-off restarting failed container ${w.spec.name} in pod ${formatPod(c.pod)}`);
    w.rec.lastExit = t;
    // the next SyncPod sees this instance exited: ShouldContainerBeRestarted, then the back-off from it
    if (shouldRestart(c.pod, w.kind, exitCode)) return backOff(c, w, t, false);
    return enter(w, 'done', t);
  }
  c.backoff = gcBackoff(nextBackoff(c.backoff, key, prev, t, KUBELET_BACKOFF), t, KUBELET_BACKOFF);
  enter(w, 'done', t);
  w.rec.lastExit = t;
  c.data['restartAfterSeconds'] = 0;
  beginCreate(c, w, t);
}

/** Mark the container as not to run again (the pod is being torn down). */
export function settle(w: Work, t: number): void {
  if (w.rec.pendingTerm) {
    w.status.state = { terminated: w.rec.pendingTerm };
    delete w.rec.pendingTerm;
  }
  delete w.rec.restartAt;
  enter(w, 'done', t);
}
