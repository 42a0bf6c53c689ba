// Killing a container: killContainer (pkg/kubelet/kuberuntime/kuberuntime_container.go, v1.28 with
// PR #115835: the grace override applies before the preStop hook), setTerminationGracePeriod, the
// pod worker's calculateEffectiveGracePeriod (pod_workers.go) and the sidecar termination ordering
// of kuberuntime_termination_order.go (v1.29, SidecarContainers on). Differs: whole seconds.
import type { Container, Pod } from '../../api/types.js';
import type { KillReason, KillRecord } from './record.js';

/** kuberuntime minimumGracePeriodInSeconds: StopContainer always gets at least this long. */
export const MINIMUM_GRACE_PERIOD_SECONDS = 2;
/** The API server's default terminationGracePeriodSeconds (applied here to undefaulted objects). */
export const DEFAULT_GRACE_SECONDS = 30;

/**
 * calculateEffectiveGracePeriod for a deleted pod: deletionGracePeriodSeconds, else (0) the spec's
 * terminationGracePeriodSeconds; never less than 1. The pod worker passes it to killPod as the
 * override, so it replaces the per-container value.
 */
export function deletionGracePeriod(pod: Pod): number {
  let grace = pod.metadata.deletionGracePeriodSeconds ?? 0;
  if (grace === 0) grace = pod.spec.terminationGracePeriodSeconds ?? DEFAULT_GRACE_SECONDS;
  return Math.max(1, grace);
}

/**
 * setTerminationGracePeriod without an override (probe kills, KillPod): the probe's own
 * terminationGracePeriodSeconds for a liveness/startup kill, else the pod's.
 */
export function containerGracePeriod(pod: Pod, c: Container, reason: KillReason): number {
  if (pod.metadata.deletionGracePeriodSeconds !== undefined) return pod.metadata.deletionGracePeriodSeconds;
  const probe = reason === 'liveness' ? c.livenessProbe : reason === 'startup' ? c.startupProbe : undefined;
  if (probe?.terminationGracePeriodSeconds !== undefined) return probe.terminationGracePeriodSeconds;
  return pod.spec.terminationGracePeriodSeconds ?? DEFAULT_GRACE_SECONDS;
}

export interface KillInput {
  reason: KillReason;
  at: number;
  grace: number;
  /** the container defines lifecycle.preStop: the hook runs this long */
  hookSeconds: number | undefined;
  /** sidecars: the instant the containers they wait for have stopped (termination ordering) */
  waitUntil?: number;
  restart: boolean;
}

/**
 * killContainer's timeline. The preStop hook gets at most the grace period; what it used is taken
 * off; a sidecar then waits (at most the rest) for the app containers and later sidecars; then
 * StopContainer with what is left, but never less than 2 s — so a hook still running at the
 * deadline earns the container a one-time 2 s extension after SIGTERM.
 * @example planKill({reason:'delete', at: 10, grace: 30, hookSeconds: 40, restart: false}) → SIGTERM 40, SIGKILL 42
 */
export function planKill(k: KillInput): KillRecord {
  let grace = k.grace;
  let t = k.at;
  let hookEnd: number | undefined;
  if (k.hookSeconds !== undefined && grace > 0) {
    hookEnd = k.at + k.hookSeconds;
    const used = Math.min(k.hookSeconds, grace);
    t += used;
    grace -= used;
  }
  if (k.waitUntil !== undefined && grace > 0) {
    const waited = Math.min(Math.max(0, k.waitUntil - t), grace);
    t += waited;
    grace -= waited;
  }
  if (grace < MINIMUM_GRACE_PERIOD_SECONDS) grace = MINIMUM_GRACE_PERIOD_SECONDS;
  const out: KillRecord = { reason: k.reason, at: k.at, sigtermAt: t, sigkillAt: t + grace, restart: k.restart };
  if (hookEnd !== undefined) out.hookEnd = hookEnd;
  return out;
}

/**
 * How the process ends under a kill, given when it would exit by itself (`naturalAt`, Infinity =
 * never) and how long it takes after SIGTERM: by itself, on SIGTERM (exit 0: the simulated
 * application shuts down cleanly), or SIGKILLed (137).
 */
export function killOutcome(kill: KillRecord, sigtermSeconds: number, naturalAt: number): { at: number; how: 'natural' | 'sigterm' | 'sigkill' } {
  const graceful = kill.sigtermAt + sigtermSeconds;
  const onSignal = graceful <= kill.sigkillAt ? { at: graceful, how: 'sigterm' as const } : { at: kill.sigkillAt, how: 'sigkill' as const };
  return naturalAt < onSignal.at ? { at: Math.max(kill.at, naturalAt), how: 'natural' } : onSignal;
}

/** "Stopping container web" and the probe-kill messages of computePodActions. */
export function killingMessage(c: Container, reason: KillReason, sidecar: boolean, restart: boolean): string {
  if (reason === 'liveness' || reason === 'startup') {
    if (sidecar) return `Init container ${c.name} failed ${reason} probe`;
    return `Container ${c.name} failed ${reason} probe${restart ? ', will be restarted' : ''}`;
  }
  return `Stopping container ${c.name}`;
}
