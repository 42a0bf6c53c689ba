// One running container instance as the kubelet's probe workers see it (prober/worker.go,
// prober_manager.go UpdatePodStatus): startup gating liveness and readiness, a liveness or startup
// failure that crosses its threshold killing the container, readiness flipping Ready. Differs:
// computed from the instance start in closed form; a probe result produced at instant t is seen by
// the other workers strictly after t (they tick at the same instants and do not wait for the sync).
import type { Container, Pod } from '../../api/types.js';
import type { ContainerBehavior } from './behavior.js';
import type { Work } from './containers.js';
import { oomAt, type MemoryEnv } from './memory.js';
import {
  INITIAL_RESULT, NEW_WORKER, failureFrom, nextReportAfter, probeParams, probeTimeline, successFrom,
  type Outcome, type ProbeKind, type ProbeParams, type ProbeRunSpec, type ProbeTimeline, type WorkerRun,
} from './prober.js';
import type { KillRecord, KubeletRecord } from './record.js';
import { containerGracePeriod, killOutcome, planKill } from './termination.js';

/** What an instance reads from its pod sync. */
export interface InstanceEnv {
  readonly pod: Pod;
  readonly rec: KubeletRecord;
  readonly memory: MemoryEnv;
  /** the pod's IP (for the TCP probe failure text) */
  podIP(): string;
}

export interface Instance {
  startedAt: number;
  /** the process exits by itself (behaviour exit; Infinity = never) */
  exitAt: number;
  /** the OOM killer ends it (Infinity = never) */
  oomAt: number;
  /** status.started turns true (the start without a startup probe; Infinity = never) */
  startedFrom: number;
  timelines: Partial<Record<ProbeKind, ProbeTimeline>>;
  specs: Partial<Record<ProbeKind, ProbeRunSpec>>;
  /** a liveness/startup failure crosses its threshold: the kill it begins */
  probeKill?: { at: number; reason: 'liveness' | 'startup'; plan: KillRecord };
  /** when the instance stops, as far as is known now (Infinity = not foreseen) */
  stopAt: number;
  /** the next instant after t with a visible probe effect (started, a readiness flip, a report) */
  nextEventAfter(t: number): number;
}

const PROBES: readonly ProbeKind[] = ['startup', 'liveness', 'readiness'];

/** The probes a container has (regular init containers may not have any: validation forbids them). */
export function containerProbes(c: Container, sidecarOrApp: boolean): Partial<Record<ProbeKind, ProbeParams>> {
  const out: Partial<Record<ProbeKind, ProbeParams>> = {};
  if (!sidecarOrApp) return out;
  if (c.startupProbe) out.startup = probeParams(c.startupProbe);
  if (c.livenessProbe) out.liveness = probeParams(c.livenessProbe);
  if (c.readinessProbe) out.readiness = probeParams(c.readinessProbe);
  return out;
}

const outcomeCache = new WeakMap<ContainerBehavior, Record<ProbeKind, Outcome>>();

/** The behaviour's probe outcomes: ready/live/started keys (SCENARIOS.md). */
export function probeOutcomes(b: ContainerBehavior): Record<ProbeKind, Outcome> {
  let o = outcomeCache.get(b);
  if (!o) {
    o = {
      startup: successFrom(b.startedAfterSeconds ?? 0),
      liveness: failureFrom(b.liveFailAfterSeconds ?? Infinity, b.liveFailBetween),
      readiness: successFrom(b.readyAfterSeconds, b.readyFailBetween),
    };
    outcomeCache.set(b, o);
  }
  return o;
}

export function instanceOf(env: InstanceEnv, w: Work): Instance {
  const r = w.rec;
  const S = r.startedAt ?? r.since;
  const exitAt = w.behavior.exit ? S + w.behavior.exit.afterSeconds : Infinity;
  const oom = oomAt(env.pod, w.spec, S, w.behavior.usesMemory === true, env.memory);
  const natural = Math.min(exitAt, oom);
  const deletion = env.rec.killedAt ?? Infinity;
  // Liveness/startup workers stop at the deletion and at a kill; the probe that caused a probe
  // kill is itself counted (it is at the kill instant).
  const killedFrom = r.kill ? (r.kill.reason === 'liveness' || r.kill.reason === 'startup' ? r.kill.at + 1 : r.kill.at) : Infinity;
  const probeUntil = Math.min(natural, killedFrom, deletion);
  const timelines: Instance['timelines'] = {};
  const specs: Instance['specs'] = {};
  const spec = (kind: ProbeKind, from: number, until: number): ProbeRunSpec => ({
    workerStart: env.rec.syncedAt, params: w.params[kind]!, startedAt: S, from, until, outcome: w.outcomes[kind]!,
    carry: r.probes?.[kind] ?? NEW_WORKER, initial: INITIAL_RESULT[kind], holdOnFailure: kind !== 'readiness', stopOnSuccess: kind === 'startup',
  });
  let startedFrom = S;
  let gate = S;
  let killAt = Infinity;
  let killReason: 'liveness' | 'startup' = 'liveness';
  if (w.params.startup) {
    specs.startup = spec('startup', S, probeUntil);
    const tl = probeTimeline(specs.startup);
    timelines.startup = tl;
    const success = tl.halt?.result === 'Success' ? tl.halt.at : Infinity;
    if (tl.halt?.result === 'Failure') { killAt = tl.halt.at; killReason = 'startup'; }
    // StopLivenessAndStartup at the deletion removes the startup worker: the container counts as started
    startedFrom = Math.min(success, deletion >= S && killAt === Infinity ? deletion : Infinity);
    gate = startedFrom + 1;
  }
  if (w.params.liveness) {
    specs.liveness = spec('liveness', gate, Math.min(probeUntil, killAt));
    const tl = probeTimeline(specs.liveness);
    timelines.liveness = tl;
    if (tl.halt?.result === 'Failure' && tl.halt.at < killAt) { killAt = tl.halt.at; killReason = 'liveness'; }
  }
  let probeKill: Instance['probeKill'];
  let stopAt = natural;
  if (r.kill) stopAt = killOutcome(r.kill, w.behavior.stopSeconds, natural).at;
  else if (killAt < natural) {
    const restart = w.kind === 'sidecar' || (env.pod.spec.restartPolicy ?? 'Always') !== 'Never';
    const plan = planKill({
      reason: killReason, at: killAt, grace: containerGracePeriod(env.pod, w.spec, killReason),
      hookSeconds: w.spec.lifecycle?.preStop ? w.behavior.preStopSeconds ?? 0 : undefined, restart,
    });
    probeKill = { at: killAt, reason: killReason, plan };
    stopAt = killOutcome(plan, w.behavior.stopSeconds, natural).at;
  }
  if (w.params.readiness) {
    specs.readiness = spec('readiness', gate, stopAt);
    timelines.readiness = probeTimeline(specs.readiness);
  }
  const hasStartup = w.params.startup !== undefined;
  return {
    startedAt: S, exitAt, oomAt: oom, startedFrom, timelines, specs, ...(probeKill ? { probeKill } : {}), stopAt,
    nextEventAfter(t: number): number {
      let next = hasStartup && startedFrom > t ? startedFrom : Infinity;
      const ready = timelines.readiness;
      if (ready) for (const s of ready.sets) if (s.at > t) { next = Math.min(next, s.at); break; }
      for (const k of PROBES) {
        const tl = timelines[k];
        if (tl && tl.streaks.length > 0) next = Math.min(next, nextReportAfter(tl, t));
      }
      return next;
    },
  };
}

/** The probe workers' counters when the instance stopped at t (what the next instance inherits). */
export function instanceCarries(i: Instance, t: number): Partial<Record<ProbeKind, WorkerRun>> {
  const out: Partial<Record<ProbeKind, WorkerRun>> = {};
  for (const k of PROBES) {
    const s = i.specs[k];
    if (!s) continue;
    const tl = i.timelines[k]!;
    // a halted worker (on hold after a kill) or one that stopped probing by t keeps its counters
    out[k] = s.until <= t || (tl.halt !== undefined && tl.halt.at <= t) ? tl.carry : probeTimeline({ ...s, until: t }).carry;
  }
  return out;
}

const PROBE_NAME: Readonly<Record<ProbeKind, string>> = { startup: 'Startup', liveness: 'Liveness', readiness: 'Readiness' };

/**
 * The Unhealthy message: "<Kind> probe failed: <output>". The simulated application fails HTTP
 * probes with status 500, refuses TCP connections, answers gRPC NOT_SERVING, and its exec
 * commands print nothing (upstream then reports an empty output).
 */
export function probeFailedMessage(kind: ProbeKind, c: Container, podIP: string): string {
  const p = kind === 'startup' ? c.startupProbe : kind === 'liveness' ? c.livenessProbe : c.readinessProbe;
  let output = '';
  if (p?.httpGet) output = 'HTTP probe failed with statuscode: 500';
  else if (p?.tcpSocket) {
    const port = p.tcpSocket.port;
    const n = typeof port === 'number' ? port : (c.ports ?? []).find((x) => x.name === port)?.containerPort ?? port;
    output = `dial tcp ${p.tcpSocket.host ?? podIP}:${n}: connect: connection refused`;
  } else if (p?.grpc) output = 'service unhealthy (responded with "NOT_SERVING")';
  return `${PROBE_NAME[kind]} probe failed: ${output}`;
}
