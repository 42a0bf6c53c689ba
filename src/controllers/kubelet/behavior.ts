// How a simulated container acts: the scenario's `behaviors` (SCENARIOS.md), first matching rule
// wins; match.image is a glob on the container image, match.labels a subset of the pod's labels.
// No upstream counterpart — this stands in for the container runtime and the application.
import type { Behavior, Container, Pod } from '../../api/types.js';
import { mix32 } from '../../state/hash.js';

/** A behaviour with its defaults applied, in seconds. */
export interface ContainerBehavior {
  /** from container creation (or, for imagePullPolicy Always, the pull) to running */
  startupSeconds: number;
  /** extra start-up of 0…jitter whole seconds, stable per (pod, container, start) */
  startupJitterSeconds: number;
  /** container age from which readiness probes succeed; Infinity = never, 0 = at once */
  readyAfterSeconds: number;
  /** the process exits this long after each start, with this code */
  exit?: { afterSeconds: number; code: number };
  /** the image cannot be pulled (ErrImagePull / ImagePullBackOff) */
  pullFails: boolean;
  /**
   * from SIGTERM to the process exiting (0 = at once). A behaviour key for SIGTERM handling and
   * preStop hooks is a later issue; the termination path already takes min(this, grace deadline)
   * and kills with 137 when the deadline wins.
   */
  stopSeconds: number;
}

export const DEFAULT_STARTUP_SECONDS = 1;

export const DEFAULT_BEHAVIOR: ContainerBehavior = Object.freeze({
  startupSeconds: DEFAULT_STARTUP_SECONDS,
  startupJitterSeconds: 0,
  readyAfterSeconds: 0,
  pullFails: false,
  stopSeconds: 0,
});

interface CompiledRule {
  image?: RegExp;
  labels?: [string, string][];
  behavior: ContainerBehavior;
}

/** Compiled per behaviours array (the SimConfig spec is immutable, so identity is a sound key). */
const compiled = new WeakMap<readonly Behavior[], CompiledRule[]>();

/** A glob (`*` any run of characters, `?` one character) as an anchored RegExp. */
export function globToRegExp(glob: string): RegExp {
  let re = '^';
  for (const ch of glob) {
    if (ch === '*') re += '.*';
    else if (ch === '?') re += '.';
    else re += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(re + '$', 's');
}

function nonNegative(v: number | undefined, fallback: number): number {
  return v !== undefined && Number.isFinite(v) && v >= 0 ? v : fallback;
}

export function resolveBehavior(b: Behavior): ContainerBehavior {
  const out: ContainerBehavior = {
    startupSeconds: nonNegative(b.startupSeconds, DEFAULT_STARTUP_SECONDS),
    startupJitterSeconds: Math.floor(nonNegative(b.startupJitterSeconds, 0)),
    readyAfterSeconds: b.ready?.never ? Infinity : nonNegative(b.ready?.afterSeconds, 0),
    pullFails: b.pull === 'fail',
    stopSeconds: 0,
  };
  if (b.exit) out.exit = { afterSeconds: nonNegative(b.exit.afterSeconds, 0), code: b.exit.code };
  return Object.freeze(out);
}

function compile(rules: readonly Behavior[]): CompiledRule[] {
  let c = compiled.get(rules);
  if (!c) {
    c = rules.map((r) => {
      const rule: CompiledRule = { behavior: resolveBehavior(r) };
      if (r.match.image !== undefined) rule.image = globToRegExp(r.match.image);
      if (r.match.labels) rule.labels = Object.entries(r.match.labels);
      return rule;
    });
    compiled.set(rules, c);
  }
  return c;
}

/** The behaviour of `container` in `pod`: the first rule whose image glob and labels both match. */
export function behaviorFor(rules: readonly Behavior[], pod: Pod, container: Container): ContainerBehavior {
  if (rules.length === 0) return DEFAULT_BEHAVIOR;
  const labels = pod.metadata.labels ?? {};
  for (const r of compile(rules)) {
    if (r.image && !r.image.test(container.image)) continue;
    if (r.labels && !r.labels.every(([k, v]) => Object.prototype.hasOwnProperty.call(labels, k) && labels[k] === v)) continue;
    return r.behavior;
  }
  return DEFAULT_BEHAVIOR;
}

/**
 * How long this start of the container takes: the behaviour's start-up plus its jitter, drawn
 * from a mixed hash of "uid/container/start" — a pure function of the pod, so a resumed or re-synced
 * kubelet computes the same value without remembering it.
 */
export function startupFor(b: ContainerBehavior, podUid: string, container: string, start: number): number {
  if (b.startupJitterSeconds <= 0) return b.startupSeconds;
  return b.startupSeconds + (mix32(`${podUid}/${container}/${start}`) % (b.startupJitterSeconds + 1));
}
