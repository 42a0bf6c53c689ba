// How a simulated container acts: the scenario's `behaviors` (SCENARIOS.md), first matching rule
// wins; match.image is a glob on the container image, match.labels a subset of the pod's labels.
// No upstream counterpart — this stands in for the container runtime and the application.
import type { AgeWindow, Behavior, Container, Pod } from '../../api/types.js';
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
  /** from SIGTERM to the process exiting (terminate.sigtermSeconds; 0 = at once) */
  stopSeconds: number;
  /** readiness probes fail inside these container-age windows [from, to) (sorted) */
  readyFailBetween?: readonly AgeWindow[];
  /** liveness probes fail from this container age on (absent: never) */
  liveFailAfterSeconds?: number;
  /** liveness probes fail inside these container-age windows [from, to) (sorted) */
  liveFailBetween?: readonly AgeWindow[];
  /** startup probes succeed from this container age on (absent: at once) */
  startedAfterSeconds?: number;
  /** how long the preStop hook runs, when the container defines one (absent: 0) */
  preStopSeconds?: number;
  /** the behaviour's usage series sets memory (the kubelet then watches for OOM kills) */
  usesMemory?: true;
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

/** Windows with from < to, sorted by start (bad windows are dropped: the loader rejects them). */
function windows(w: readonly AgeWindow[] | undefined): readonly AgeWindow[] | undefined {
  const ok = (w ?? []).filter(([from, to]) => Number.isFinite(from) && to > from).map(([from, to]) => [Math.max(0, from), to] as AgeWindow);
  if (ok.length === 0) return undefined;
  return Object.freeze(ok.sort((a, b) => a[0] - b[0] || a[1] - b[1]));
}

export function resolveBehavior(b: Behavior): ContainerBehavior {
  const out: ContainerBehavior = {
    startupSeconds: nonNegative(b.startupSeconds, DEFAULT_STARTUP_SECONDS),
    startupJitterSeconds: Math.floor(nonNegative(b.startupJitterSeconds, 0)),
    readyAfterSeconds: b.ready?.never ? Infinity : nonNegative(b.ready?.afterSeconds, 0),
    pullFails: b.pull === 'fail',
    stopSeconds: nonNegative(b.terminate?.sigtermSeconds, 0),
  };
  if (b.exit) out.exit = { afterSeconds: nonNegative(b.exit.afterSeconds, 0), code: b.exit.code };
  const readyFail = windows(b.ready?.failBetween);
  if (readyFail) out.readyFailBetween = readyFail;
  if (b.live?.failAfterSeconds !== undefined) out.liveFailAfterSeconds = nonNegative(b.live.failAfterSeconds, 0);
  const liveFail = windows(b.live?.failBetween);
  if (liveFail) out.liveFailBetween = liveFail;
  if (b.started) out.startedAfterSeconds = nonNegative(b.started.afterSeconds, 0);
  if (b.terminate?.preStopSeconds !== undefined) out.preStopSeconds = nonNegative(b.terminate.preStopSeconds, 0);
  if ((b.usage ?? []).some((p) => p.memory !== undefined)) out.usesMemory = true;
  return Object.freeze(out);
}

/**
 * A regular init container whose behaviour gives no exit completes 1 s after it starts (exit 0):
 * init containers are run-to-completion steps, and a rule written for the app image would
 * otherwise keep the pod in Init forever. kreplay's choice, not upstream's.
 */
export const INIT_DEFAULT_EXIT = Object.freeze({ afterSeconds: 1, code: 0 });

/** The behaviour as it applies to a regular (run-to-completion) init container. */
export function initBehavior(b: ContainerBehavior): ContainerBehavior {
  if (b.exit) return b;
  let c = initCache.get(b);
  if (!c) {
    c = Object.freeze({ ...b, exit: INIT_DEFAULT_EXIT });
    initCache.set(b, c);
  }
  return c;
}

const initCache = new WeakMap<ContainerBehavior, ContainerBehavior>();

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
