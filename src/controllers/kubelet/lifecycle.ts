// The pod sync state machine of the simulated kubelet: SyncPod (pkg/kubelet/kubelet.go,
// kuberuntime/kuberuntime_manager.go computePodActions/SyncPod, kuberuntime_container.go
// startContainer, images/image_manager.go EnsureImageExists) and the termination path. Differs:
// time is analytic — each container step knows the tick of its next transition, so one sync
// applies every transition due and names the next instant anything can change.
import type { Behavior, Container, ContainerState, ContainerStateTerminated, ContainerStatus, Json, Node, Pod, PodStatus } from '../../api/types.js';
import type { Clock } from '../../api/time.js';
import { formatDuration } from '../../api/time.js';
import type { Rng } from '../../state/controller.js';
import type { KubeEventNote } from '../../state/events.js';
import {
  KUBELET_BACKOFF, backOffEndsSince, gcBackoff, getBackoff, isInBackOffSince, isInBackOffSinceUpdate, nextBackoff, type BackoffTable,
} from './backoff.js';
import { behaviorFor, type ContainerBehavior } from './behavior.js';
import {
  alreadyPresentMessage, backOffPullingMessage, effectivePullPolicy, failedToPullMessage, imageID, neverPullMessage,
  normalizedImage, pulledMessage, pullErrorText, pullingMessage,
} from './images.js';
import { nodeHostIP, type PodIPAllocator } from './ipam.js';
import { NEW_WORKER, carryAfter, probeParams, readyAt, type ProbeParams, type ReadinessInstance } from './prober.js';
import { cloneRecord, readRecord, type ContainerRecord, type KubeletRecord } from './record.js';
import { formatPod, generateConditions, getPhase, sortStatuses } from './status.js';

/** Transitions one sync may apply before we call it a runaway (a bug, not a scenario). */
const MAX_TRANSITIONS_PER_SYNC = 10_000;

export interface SyncEnv {
  now: number;
  clock: Clock;
  rng: Rng;
  behaviors: readonly Behavior[];
  node: Node;
  ipam: PodIPAllocator;
}

/** A Kubernetes Event the sync emits, with the event type of the log entry that carries it. */
export interface SyncNote {
  type: string;
  note: Pick<KubeEventNote, 'type' | 'reason' | 'message'>;
}

export interface SyncOutcome {
  /** the pod's status after the sync (the stored value itself when nothing changed) */
  status: PodStatus;
  record: KubeletRecord;
  notes: SyncNote[];
  /** event types of what happened, in order (the update is named after the weightiest) */
  facts: string[];
  data: { [key: string]: Json };
  /** the next tick this pod needs the kubelet (Infinity = never) */
  wakeAt: number;
  /** the pod's containers have stopped after a deletion: remove the object */
  remove: boolean;
}

interface Work {
  spec: Container;
  behavior: ContainerBehavior;
  probe: ProbeParams | undefined;
  rec: ContainerRecord;
  status: ContainerStatus;
}

const HEX_WORD = 0x100000000;

/** "containerd://" + 64 hex digits from the seeded stream (8 draws of 32 bits). */
function containerID(rng: Rng): string {
  let s = 'containerd://';
  for (let i = 0; i < 8; i++) s += rng.int(HEX_WORD).toString(16).padStart(8, '0');
  return s;
}

function defaultStatus(c: Container): ContainerStatus {
  return { name: c.name, state: { waiting: { reason: 'ContainerCreating' } }, lastState: {}, ready: false, restartCount: 0, image: c.image, imageID: '', started: false };
}

const isTerminalPhase = (phase: string | undefined): boolean => phase === 'Succeeded' || phase === 'Failed';

/** ShouldContainerBeRestarted for an exited container of a live pod. */
function shouldRestart(pod: Pod, exitCode: number): boolean {
  const policy = pod.spec.restartPolicy ?? 'Always';
  return policy === 'Always' || (policy === 'OnFailure' && exitCode !== 0);
}

/** Sync one pod bound to `env.node` at tick env.now; undefined when the kubelet has nothing to do. */
export function syncPod(pod: Pod, env: SyncEnv): SyncOutcome | undefined {
  const existing = readRecord(pod);
  if (!existing && isTerminalPhase(pod.status?.phase)) return undefined;
  if (existing && isTerminalPhase(pod.status?.phase) && !pod.metadata.deletionTimestamp) return undefined;
  const sync = new PodSync(pod, env, existing);
  if (existing) {
    // Most wake-ups of a synced pod are its own writes coming back: answer them without
    // rebuilding the status, but still name the next instant (a resync has no timers).
    const due = sync.nextDue();
    if (due > env.now) return { status: pod.status, record: existing, notes: [], facts: [], data: {}, wakeAt: due, remove: false };
  }
  return sync.run();
}

class PodSync {
  private readonly rec: KubeletRecord;
  private readonly works: Work[];
  private readonly notes: SyncNote[] = [];
  private readonly facts: string[] = [];
  private readonly data: { [key: string]: Json } = {};
  private backoff: BackoffTable;
  private readonly first: boolean;
  private sandbox: { hostIP: string; podIP: string | undefined } | undefined;

  constructor(private readonly pod: Pod, private readonly env: SyncEnv, existing: KubeletRecord | undefined) {
    this.rec = existing ? cloneRecord(existing) : { syncedAt: env.now, containers: [], backoff: {} };
    this.backoff = this.rec.backoff;
    const old = pod.status?.containerStatuses ?? [];
    this.works = pod.spec.containers.map((spec) => {
      let rec = this.rec.containers.find((c) => c.name === spec.name);
      if (!rec) {
        rec = { name: spec.name, step: 'creating', since: env.now, starts: 0 };
        this.rec.containers.push(rec);
      }
      const prev = old.find((s) => s.name === spec.name);
      const probe = spec.readinessProbe ? probeParams(spec.readinessProbe) : undefined;
      return { spec, behavior: behaviorFor(env.behaviors, pod, spec), probe, rec, status: prev ? { ...prev } : defaultStatus(spec) };
    });
    this.rec.containers = this.works.map((w) => w.rec);
    this.first = existing === undefined;
  }

  run(): SyncOutcome {
    const { now } = this.env;
    if (this.first) this.firstSync();
    this.advance();
    const ready = this.refreshReadiness();
    const status = this.buildStatus();
    if (ready.became) this.facts.push('ContainerReady');
    this.rec.backoff = this.backoff;
    const stopped = this.rec.stoppedAt;
    const remove = stopped !== undefined && now >= stopped + 1 && !(this.pod.metadata.finalizers?.length);
    let wakeAt = Math.min(this.nextTransition(), ready.nextAt);
    // After the stop the pod object goes one tick later, unless finalizers hold it (whoever removes
    // the last one removes the pod: apiserver.removeFinalizer).
    if (stopped !== undefined) wakeAt = !remove && !this.pod.metadata.finalizers?.length && now < stopped + 1 ? stopped + 1 : Infinity;
    return { status, record: this.rec, notes: this.notes, facts: this.facts, data: this.data, wakeAt, remove };
  }

  /**
   * The next tick anything about this pod changes: a container transition, a readiness flip, the
   * deletion being seen, the removal; ≤ now when a sync is due now. Pods with readiness gates
   * always sync (the gates are conditions others write).
   */
  nextDue(): number {
    const { now } = this.env;
    if (this.pod.spec.readinessGates?.length) return now;
    if (this.pod.metadata.deletionTimestamp && this.rec.killedAt === undefined) return now;
    if (this.rec.stoppedAt !== undefined) return this.pod.metadata.finalizers?.length ? Infinity : this.rec.stoppedAt + 1;
    let t = this.nextTransition();
    for (const w of this.works) {
      if (w.rec.step !== 'running' || !w.probe) {
        if (w.status.ready !== (w.rec.step === 'running')) return now;
        continue;
      }
      const at = readyAt(this.readinessInstance(w));
      if ((now >= at) !== w.status.ready) return now;
      if (at > now) t = Math.min(t, at);
    }
    return t;
  }

  // ------------------------------------------------------------ notes and facts

  private note(type: string, eventType: 'Normal' | 'Warning', reason: string, message: string): void {
    this.notes.push({ type, note: { type: eventType, reason, message } });
  }

  // ------------------------------------------------------------ the first sync: the sandbox

  /**
   * The pod worker's first SyncPod: the status manager records startTime, the sandbox gets its
   * IP, the probe workers start, and each container begins its creation.
   */
  private firstSync(): void {
    const { node, now } = this.env;
    this.rec.syncedAt = now;
    // Deleted before the kubelet saw it: no sandbox; advance() stops it at once.
    if (this.pod.metadata.deletionTimestamp) return;
    const hostIP = nodeHostIP(node);
    const podIP = this.pod.spec.hostNetwork ? hostIP : this.env.ipam.allocate(node);
    this.sandbox = { hostIP, podIP };
    this.facts.push('PodSandboxCreated');
    if (podIP !== undefined) this.data['podIP'] = podIP;
    for (const w of this.works) this.beginCreate(w, now);
  }

  // ------------------------------------------------------------ the clock

  /** Apply every transition due at or before now, in time order; see the deletion at now first. */
  private advance(): void {
    const { now } = this.env;
    for (let n = 0; ; n++) {
      if (n > MAX_TRANSITIONS_PER_SYNC) throw new Error(`kubelet: pod ${formatPod(this.pod)} did not settle at tick ${now}`);
      const t = this.nextTransition();
      if (this.pod.metadata.deletionTimestamp && this.rec.killedAt === undefined && t >= now) {
        this.kill(now);
        continue;
      }
      if (t > now) return;
      for (const w of this.works) if (this.transitionAt(w) === t) this.transition(w, t);
      if (this.rec.killedAt !== undefined && this.rec.stoppedAt === undefined && this.works.every((w) => w.rec.step !== 'running')) this.stopPod(t);
    }
  }

  private nextTransition(): number {
    let t = Infinity;
    for (const w of this.works) t = Math.min(t, this.transitionAt(w));
    if (this.rec.killedAt !== undefined && this.rec.stoppedAt === undefined && this.works.every((w) => w.rec.step !== 'running')) {
      t = Math.min(t, this.env.now);
    }
    return t;
  }

  /** The tick of the container's next transition (Infinity = none). */
  private transitionAt(w: Work): number {
    const r = w.rec;
    const killed = this.rec.killedAt !== undefined;
    switch (r.step) {
      case 'creating': return killed ? Infinity : r.since + w.behavior.startupSeconds;
      case 'running': {
        const exitAt = w.behavior.exit ? r.since + w.behavior.exit.afterSeconds : Infinity;
        return killed ? Math.min(exitAt, this.stopAt(w)) : exitAt;
      }
      case 'exited': return killed ? Infinity : r.restartAt ?? Infinity;
      case 'pullFailed': return killed ? Infinity : r.since + 1;
      case 'pullBackOff': {
        if (killed) return Infinity;
        const e = this.backoff[pullKey(w)];
        return e ? Math.max(r.since, e.lastUpdate + e.backoffSeconds) : r.since;
      }
      case 'neverPull': case 'done': return Infinity;
    }
  }

  private transition(w: Work, t: number): void {
    const r = w.rec;
    switch (r.step) {
      case 'creating': return this.startContainer(w, t);
      case 'running': {
        const exit = w.behavior.exit;
        if (exit && r.since + exit.afterSeconds === t) return this.exitContainer(w, t, exit.code);
        return this.stopContainer(w, t);
      }
      case 'exited': {
        // doBackOff let the start through: Next(key, FinishedAt) moves the delay on.
        this.backoff = gcBackoff(nextBackoff(this.backoff, w.spec.name, r.since, t, KUBELET_BACKOFF), t, KUBELET_BACKOFF);
        delete r.restartAt;
        return this.beginCreate(w, t);
      }
      case 'pullFailed': case 'pullBackOff': return this.beginCreate(w, t);
      case 'neverPull': case 'done': return;
    }
  }

  // ------------------------------------------------------------ container transitions

  private setState(w: Work, state: ContainerState): void {
    // A terminated state that gives way becomes lastState (convertToAPIContainerStatuses).
    if (w.status.state.terminated && !state.terminated) w.status.lastState = { terminated: w.status.state.terminated };
    w.status.state = state;
  }

  /** EnsureImageExists and createContainer: the image is pulled (or found), the container created. */
  private beginCreate(w: Work, t: number): void {
    const r = w.rec;
    const image = w.spec.image;
    const policy = effectivePullPolicy(w.spec);
    if (r.starts === 0) this.setState(w, { waiting: { reason: 'ContainerCreating' } });
    const enter = (step: ContainerRecord['step']): void => { r.step = step; r.since = t; };
    if (policy === 'Never' || (policy === 'IfNotPresent' && !w.behavior.pullFails)) {
      if (w.behavior.pullFails) {
        this.note('ImagePullFailed', 'Warning', 'ErrImageNeverPull', neverPullMessage(image));
        this.note('ImagePullFailed', 'Warning', 'Failed', 'Error: ErrImageNeverPull');
        this.setState(w, { waiting: { reason: 'ErrImageNeverPull', message: neverPullMessage(image) } });
        this.facts.push('ImagePullFailed');
        return enter('neverPull');
      }
      this.note('ImagePulled', 'Normal', 'Pulled', alreadyPresentMessage(image));
      this.note('ContainerCreated', 'Normal', 'Created', `Created container ${w.spec.name}`);
      this.facts.push('ContainerCreated');
      return enter('creating');
    }
    const key = pullKey(w);
    if (isInBackOffSinceUpdate(this.backoff, key, t, KUBELET_BACKOFF)) {
      this.note('ImagePullBackedOff', 'Normal', 'BackOff', backOffPullingMessage(image));
      this.note('ImagePullBackedOff', 'Warning', 'Failed', 'Error: ImagePullBackOff');
      this.setState(w, { waiting: { reason: 'ImagePullBackOff', message: backOffPullingMessage(image) } });
      this.facts.push('ImagePullBackedOff');
      return enter('pullBackOff');
    }
    this.note('ImagePullStarted', 'Normal', 'Pulling', pullingMessage(image));
    if (w.behavior.pullFails) {
      this.note('ImagePullFailed', 'Warning', 'Failed', failedToPullMessage(image));
      this.note('ImagePullFailed', 'Warning', 'Failed', 'Error: ErrImagePull');
      this.backoff = gcBackoff(nextBackoff(this.backoff, key, t, t, KUBELET_BACKOFF), t, KUBELET_BACKOFF);
      this.setState(w, { waiting: { reason: 'ErrImagePull', message: pullErrorText(image) } });
      this.facts.push('ImagePullFailed');
      this.data['container'] = w.spec.name;
      this.data['pullBackoffSeconds'] = getBackoff(this.backoff, key);
      return enter('pullFailed');
    }
    return enter('creating'); // Pulled and Created are noted when the pull ends (startContainer)
  }

  /** The container runs: startedAt = t; a new container ID; restartCount counts earlier instances. */
  private startContainer(w: Work, t: number): void {
    const r = w.rec;
    if (effectivePullPolicy(w.spec) === 'Always') {
      this.note('ImagePulled', 'Normal', 'Pulled', pulledMessage(w.spec.image, w.behavior.startupSeconds));
      this.note('ContainerCreated', 'Normal', 'Created', `Created container ${w.spec.name}`);
    }
    this.note('ContainerStarted', 'Normal', 'Started', `Started container ${w.spec.name}`);
    r.starts++;
    r.step = 'running';
    r.since = t;
    this.setState(w, { running: { startedAt: this.env.clock.at(t) } });
    w.status.containerID = containerID(this.env.rng);
    w.status.image = normalizedImage(w.spec.image);
    w.status.imageID = imageID(w.spec.image);
    w.status.restartCount = r.starts - 1;
    w.status.started = true;
    this.facts.push(r.starts > 1 ? 'ContainerRestarted' : 'ContainerStarted');
    this.data['container'] = w.spec.name;
    if (r.starts > 1) this.data['restartCount'] = r.starts - 1;
  }

  private terminatedState(w: Work, t: number, exitCode: number, reason: string): ContainerStateTerminated {
    const term: ContainerStateTerminated = { exitCode, reason, startedAt: this.env.clock.at(w.rec.since), finishedAt: this.env.clock.at(t) };
    if (w.status.containerID !== undefined) term.containerID = w.status.containerID;
    return term;
  }

  /** The running instance stops at t; the readiness worker's counters carry over to the next one. */
  private endInstance(w: Work, t: number, term: ContainerStateTerminated): void {
    if (w.probe) w.rec.readiness = carryAfter(this.readinessInstance(w), t);
    this.setState(w, { terminated: term });
    w.status.ready = false;
    w.status.started = false;
  }

  /**
   * The process exits on its own. computePodActions restarts it per restartPolicy; doBackOff holds
   * the start while FinishedAt is within the back-off (CrashLoopBackOff), else calls Next and starts
   * at once. Delays from each exit: 0, 10, 20, 40, 80, 160, 300, 300 s (BO-K-1).
   */
  private exitContainer(w: Work, t: number, exitCode: number): void {
    const r = w.rec;
    this.endInstance(w, t, this.terminatedState(w, t, exitCode, exitCode === 0 ? 'Completed' : 'Error'));
    this.facts.push('ContainerExited');
    this.data['container'] = w.spec.name;
    this.data['exitCode'] = exitCode;
    r.step = 'done';
    r.since = t;
    if (this.rec.killedAt !== undefined || !shouldRestart(this.pod, exitCode)) return;
    const key = w.spec.name;
    if (isInBackOffSince(this.backoff, key, t, t, KUBELET_BACKOFF)) {
      const delay = getBackoff(this.backoff, key);
      r.step = 'exited';
      r.restartAt = backOffEndsSince(this.backoff, key, t, KUBELET_BACKOFF);
      const message = `back-off ${formatDuration(delay)} restarting failed container=${w.spec.name} pod=${formatPod(this.pod)}`;
      this.setState(w, { waiting: { reason: 'CrashLoopBackOff', message } });
      this.note('ContainerBackedOff', 'Warning', 'BackOff', `Back-off restarting failed container ${w.spec.name} in pod ${formatPod(this.pod)}`);
      this.data['restartAfterSeconds'] = delay;
      return;
    }
    this.backoff = gcBackoff(nextBackoff(this.backoff, key, t, t, KUBELET_BACKOFF), t, KUBELET_BACKOFF);
    this.data['restartAfterSeconds'] = 0;
    this.beginCreate(w, t);
  }

  // ------------------------------------------------------------ termination

  /** The tick a running container of a deleted pod is gone: its SIGTERM exit, or the grace deadline. */
  private stopAt(w: Work): number {
    const killedAt = this.rec.killedAt ?? this.env.now;
    return Math.max(killedAt, Math.min(killedAt + w.behavior.stopSeconds, this.deadline()));
  }

  private deadline(): number {
    const ts = this.pod.metadata.deletionTimestamp;
    return ts ? this.env.clock.tickOf(ts) : Infinity;
  }

  /** killPodWithSyncResult: SIGTERM to every running container ("Killing"); nothing else starts. */
  private kill(now: number): void {
    this.rec.killedAt = now;
    this.facts.push('PodTerminationStarted');
    for (const w of this.works) {
      if (w.rec.step === 'running') this.note('ContainerStopRequested', 'Normal', 'Killing', `Stopping container ${w.spec.name}`);
    }
  }

  /** A running container of a deleted pod ends: exit 0 on SIGTERM, or SIGKILL (137) at the deadline. */
  private stopContainer(w: Work, t: number): void {
    const graceful = this.rec.killedAt! + w.behavior.stopSeconds <= this.deadline();
    this.endInstance(w, t, this.terminatedState(w, t, graceful ? 0 : 137, graceful ? 'Completed' : 'Error'));
    w.rec.step = 'done';
    w.rec.since = t;
  }

  /**
   * Every container has stopped (status_manager TerminatePod): the ones that never ran report
   * ContainerStatusUnknown/137, and the pod's phase becomes terminal.
   */
  private stopPod(t: number): void {
    for (const w of this.works) {
      if (!w.status.state.terminated) {
        w.status.state = { terminated: { exitCode: 137, reason: 'ContainerStatusUnknown', message: 'The container could not be located when the pod was terminated' } };
        w.status.ready = false;
        w.status.started = false;
      }
      delete w.rec.restartAt;
      w.rec.step = 'done';
      w.rec.since = t;
    }
    this.rec.stoppedAt = t;
    this.facts.push('PodTerminated');
  }

  // ------------------------------------------------------------ readiness and the status

  private readinessInstance(w: Work): ReadinessInstance {
    return {
      workerStart: this.rec.syncedAt,
      params: w.probe!,
      startedAt: w.rec.since,
      successFromAge: w.behavior.readyAfterSeconds,
      carry: w.rec.readiness ?? NEW_WORKER,
    };
  }

  /** Each container's ready flag at now; the next instant one turns ready. */
  private refreshReadiness(): { became: boolean; nextAt: number } {
    const { now } = this.env;
    let became = false;
    let nextAt = Infinity;
    for (const w of this.works) {
      let ready = false;
      if (w.rec.step === 'running') {
        if (!w.probe) ready = true;
        else {
          const at = readyAt(this.readinessInstance(w));
          ready = now >= at;
          if (!ready && Number.isFinite(at)) nextAt = Math.min(nextAt, at);
        }
      }
      if (ready && !w.status.ready) {
        became = true;
        this.data['container'] = w.spec.name;
        this.data['ready'] = true;
      }
      w.status.ready = ready;
    }
    return { became, nextAt };
  }

  private buildStatus(): PodStatus {
    const old = this.pod.status ?? {};
    const statuses = sortStatuses(this.works.map((w) => w.status));
    let phase = getPhase(this.pod.spec, statuses, this.rec.stoppedAt !== undefined);
    if (isTerminalPhase(old.phase)) phase = old.phase!; // no way back from a terminal phase
    if (phase !== old.phase && isTerminalPhase(phase)) {
      this.facts.push(phase === 'Succeeded' ? 'PodSucceeded' : 'PodFailed');
      this.data['phase'] = phase;
    }
    const status: PodStatus = { ...old, phase, conditions: generateConditions(this.pod, statuses, phase, this.env.clock.at(this.env.now)) };
    if (this.sandbox) {
      status.hostIP = this.sandbox.hostIP;
      if (this.sandbox.podIP !== undefined) {
        status.podIP = this.sandbox.podIP;
        status.podIPs = [{ ip: this.sandbox.podIP }];
      }
      status.startTime = this.env.clock.at(this.env.now);
    }
    status.containerStatuses = statuses;
    return status;
  }
}

function pullKey(w: Work): string {
  return `pull:${w.spec.image}`;
}
