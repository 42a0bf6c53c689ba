// One container's creation: computePodActions' start decision, EnsureImageExists
// (images/image_manager.go) and startContainer (kuberuntime_container.go), with the Work and
// SyncContext a container transition runs in. Differs: a container created at t runs at
// t + startupSeconds (the time the image pull takes, for policy Always); no postStart hook.
import type { Container, ContainerState, ContainerStateTerminated, ContainerStatus, Json, Pod } from '../../api/types.js';
import type { Clock } from '../../api/time.js';
import type { Rng } from '../../state/controller.js';
import { KUBELET_BACKOFF, gcBackoff, getBackoff, isInBackOffSinceUpdate, nextBackoff, type BackoffTable } from './backoff.js';
import { startupFor, type ContainerBehavior } from './behavior.js';
import {
  alreadyPresentMessage, backOffPullingMessage, effectivePullPolicy, failedToPullMessage, imageID, neverPullMessage,
  normalizedImage, pulledMessage, pullErrorText, pullingMessage,
} from './images.js';
import { instanceOf, type Instance, type InstanceEnv } from './instance.js';
import type { Outcome, ProbeKind, ProbeParams } from './prober.js';
import type { ContainerRecord, KubeletRecord, Step } from './record.js';

export type ContainerKind = 'init' | 'sidecar' | 'app';

/** A container during one sync: its spec, behaviour, bookkeeping and (mutable copy of) status. */
export interface Work {
  kind: ContainerKind;
  spec: Container;
  behavior: ContainerBehavior;
  /** the probes the container has (regular init containers have none) */
  params: Partial<Record<ProbeKind, ProbeParams>>;
  outcomes: Partial<Record<ProbeKind, Outcome>>;
  rec: ContainerRecord;
  status: ContainerStatus;
  /** the ready flag last reported (a new instance resets it): ContainerReady/Unready facts */
  readyBefore: boolean;
  /** bumped on every change of rec: invalidates the cached instance */
  version: number;
  cached?: { version: number; podVersion: number; value: Instance };
}

/** What a container transition reads and writes besides its own Work: the pod sync. */
export interface SyncContext extends InstanceEnv {
  readonly pod: Pod;
  readonly clock: Clock;
  readonly rng: Rng;
  readonly rec: KubeletRecord;
  backoff: BackoffTable;
  readonly data: { [key: string]: Json };
  /** "ContainerCreating", or "PodInitializing" for a pod with init containers */
  readonly defaultWaiting: string;
  /** bumped when a pod-level fact the instances read changes (the deletion) */
  readonly podVersion: number;
  note(type: string, eventType: 'Normal' | 'Warning', reason: string, message: string, repeat?: { count: number; firstTick: number }): void;
  fact(type: string): void;
}

const HEX_WORD = 0x100000000;

/** "containerd://" + 64 hex digits from the seeded stream (8 draws of 32 bits). */
function containerID(rng: Rng): string {
  let s = 'containerd://';
  for (let i = 0; i < 8; i++) s += rng.int(HEX_WORD).toString(16).padStart(8, '0');
  return s;
}

/** convertToAPIContainerStatuses' default: waiting (ContainerCreating or PodInitializing), the spec's image. */
export function defaultStatus(c: Container, reason = 'ContainerCreating'): ContainerStatus {
  return { name: c.name, state: { waiting: { reason } }, lastState: {}, ready: false, restartCount: 0, image: c.image, imageID: '', started: false };
}

/** The image manager's back-off key (upstream "<pod uid>_<image>"; the table is per pod). */
export const pullKey = (w: Work): string => `pull:${w.spec.image}`;

export function enter(w: Work, step: Step, t: number): void {
  w.rec.step = step;
  w.rec.since = t;
  w.version++;
}

export function setState(w: Work, state: ContainerState): void {
  // A terminated state that gives way becomes lastState (convertToAPIContainerStatuses).
  if (w.rec.pendingTerm) {
    w.status.lastState = { terminated: w.rec.pendingTerm };
    delete w.rec.pendingTerm;
  } else if (w.status.state.terminated && !state.terminated) w.status.lastState = { terminated: w.status.state.terminated };
  w.status.state = state;
}

/** The container's running instance, with its probe timelines (cached until the record changes). */
export function instance(c: SyncContext, w: Work): Instance | undefined {
  if (w.rec.step !== 'running' && w.rec.step !== 'stopping') return undefined;
  if (w.cached && w.cached.version === w.version && w.cached.podVersion === c.podVersion) return w.cached.value;
  const value = instanceOf(c, w);
  w.cached = { version: w.version, podVersion: c.podVersion, value };
  return value;
}

/** Whether the instance counts as started at t (running, and its startup probe succeeded). */
export function startedAt(c: SyncContext, w: Work, t: number): boolean {
  const i = instance(c, w);
  return i !== undefined && i.startedFrom <= t;
}

/** EnsureImageExists and createContainer: the image is found or pulled, the container created. */
export function beginCreate(c: SyncContext, w: Work, t: number): void {
  const image = w.spec.image;
  const policy = effectivePullPolicy(w.spec);
  if (w.rec.starts === 0) setState(w, { waiting: { reason: c.defaultWaiting } });
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
export function startContainer(c: SyncContext, w: Work, t: number): void {
  const r = w.rec;
  if (effectivePullPolicy(w.spec) === 'Always') {
    c.note('ImagePulled', 'Normal', 'Pulled', pulledMessage(w.spec.image, startupFor(w.behavior, c.pod.metadata.uid ?? '', w.spec.name, r.starts)));
    c.note('ContainerCreated', 'Normal', 'Created', `Created container ${w.spec.name}`);
  }
  c.note('ContainerStarted', 'Normal', 'Started', `Started container ${w.spec.name}`);
  r.starts++;
  r.startedAt = t;
  r.probedThrough = t - 1;
  enter(w, 'running', t);
  setState(w, { running: { startedAt: c.clock.at(t) } });
  w.status.containerID = containerID(c.rng);
  w.status.image = normalizedImage(w.spec.image);
  w.status.imageID = imageID(w.spec.image);
  w.status.restartCount = r.starts - 1;
  c.fact(r.starts > 1 ? 'ContainerRestarted' : 'ContainerStarted');
  c.data['container'] = w.spec.name;
  if (r.starts > 1) c.data['restartCount'] = r.starts - 1;
}

export function terminated(c: SyncContext, w: Work, t: number, exitCode: number, reason: string): ContainerStateTerminated {
  const term: ContainerStateTerminated = { exitCode, reason, startedAt: c.clock.at(w.rec.startedAt ?? w.rec.since), finishedAt: c.clock.at(t) };
  if (w.status.containerID !== undefined) term.containerID = w.status.containerID;
  return term;
}
