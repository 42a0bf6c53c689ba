// The container step machine of one sync: when each container's next transition is due, what the
// probe workers did at an instant (Unhealthy reports), and applying a transition. Upstream: the pod
// worker's SyncPod reacting to PLEG and prober results. Differs: analytic, instant by instant.
import { KUBELET_BACKOFF, gcBackoff, nextBackoff } from './backoff.js';
import { beginCreate, instance, pullKey, startContainer, type SyncContext, type Work } from './containers.js';
import { beginKill, exitContainer, stopContainer } from './exits.js';
import { probeFailedMessage } from './instance.js';
import { reportAt } from './prober.js';
import { startupFor } from './behavior.js';

/**
 * The tick of the container's next step transition (Infinity = none): start, exit, OOM kill, a
 * probe kill, a killed container stopping, a restart, a pull retry.
 */
export function transitionAt(c: SyncContext, w: Work): number {
  const r = w.rec;
  const killed = c.rec.killedAt !== undefined || c.rec.podKilledAt !== undefined;
  switch (r.step) {
    case 'waiting': return Infinity;
    case 'creating': return killed ? Infinity : r.since + startupFor(w.behavior, c.pod.metadata.uid ?? '', w.spec.name, r.starts);
    case 'running': {
      const i = instance(c, w)!;
      return Math.min(i.exitAt, i.oomAt, i.probeKill?.at ?? Infinity);
    }
    case 'stopping': return instance(c, w)!.stopAt;
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

/** The next instant after the record's probedThrough with a probe result change or report. */
export function probeEventAt(c: SyncContext, w: Work): number {
  const i = instance(c, w);
  return i ? i.nextEventAfter(w.rec.probedThrough ?? -Infinity) : Infinity;
}

/** Apply what the probes did at t: Unhealthy reports (the status follows from the timelines). */
export function applyProbeEvents(c: SyncContext, w: Work, t: number): void {
  const i = instance(c, w)!;
  for (const kind of ['startup', 'liveness', 'readiness'] as const) {
    const tl = i.timelines[kind];
    if (!tl) continue;
    const r = reportAt(tl, t);
    if (!r) continue;
    const repeat = r.count > 1 || r.first !== t ? { count: r.count, firstTick: r.first } : undefined;
    c.note('ContainerProbeFailed', 'Warning', 'Unhealthy', probeFailedMessage(kind, w.spec, c.podIP()), repeat);
    c.fact('ContainerProbeFailed');
    c.data['container'] = w.spec.name;
    c.data['probe'] = kind;
    c.data['failures'] = r.count;
  }
  if (i.startedFrom === t && w.params.startup) c.fact('ContainerStartupProbeSucceeded');
  w.rec.probedThrough = t; // not an input of the instance: the cached one stays valid
}

/** Apply the step transition due at t (= transitionAt). */
export function transition(c: SyncContext, w: Work, t: number): void {
  const r = w.rec;
  switch (r.step) {
    case 'creating': return startContainer(c, w, t);
    case 'running': {
      const i = instance(c, w)!;
      if (i.oomAt === t && i.oomAt <= i.exitAt) return exitContainer(c, w, t, 137, 'OOMKilled');
      if (i.exitAt === t) return exitContainer(c, w, t, w.behavior.exit!.code, w.behavior.exit!.code === 0 ? 'Completed' : 'Error');
      return beginKill(c, w, i.probeKill!.plan);
    }
    case 'stopping': return stopContainer(c, w, t);
    case 'exited':
      // doBackOff let the start through: Next(key, FinishedAt) moves the delay on.
      c.backoff = gcBackoff(nextBackoff(c.backoff, w.spec.name, r.since, t, KUBELET_BACKOFF), t, KUBELET_BACKOFF);
      delete r.restartAt;
      return beginCreate(c, w, t);
    case 'pullFailed': case 'pullBackOff': return beginCreate(c, w, t);
    case 'waiting': case 'neverPull': case 'done': return;
  }
}
