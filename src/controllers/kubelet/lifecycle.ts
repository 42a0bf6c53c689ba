// The pod sync of the simulated kubelet: the pod worker's SyncPod / SyncTerminatingPod
// (pkg/kubelet/kubelet.go, pod_workers.go) over the containers' state machines (containers.ts),
// then generateAPIPodStatus. Differs: time is analytic — one sync applies every transition due,
// in time order, and names the next instant anything about the pod can change.
import type { Behavior, Json, Node, Pod, PodStatus } from '../../api/types.js';
import type { Clock } from '../../api/time.js';
import type { Rng } from '../../state/controller.js';
import type { KubeEventNote } from '../../state/events.js';
import type { BackoffTable } from './backoff.js';
import { behaviorFor } from './behavior.js';
import { abandonContainer, beginCreate, defaultStatus, readinessInstance, transition, transitionAt, type SyncContext, type Work } from './containers.js';
import { nodeHostIP, type PodIPAllocator } from './ipam.js';
import { probeParams, readyAt } from './prober.js';
import { cloneRecord, readRecord, type KubeletRecord } from './record.js';
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

const isTerminalPhase = (phase: string | undefined): boolean => phase === 'Succeeded' || phase === 'Failed';

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

class PodSync implements SyncContext {
  readonly rec: KubeletRecord;
  readonly data: { [key: string]: Json } = {};
  backoff: BackoffTable;
  private readonly works: Work[];
  private readonly notes: SyncNote[] = [];
  private readonly facts: string[] = [];
  private readonly first: boolean;
  private sandbox: { hostIP: string; podIP: string | undefined } | undefined;

  constructor(readonly pod: Pod, private readonly env: SyncEnv, existing: KubeletRecord | undefined) {
    this.rec = existing ? cloneRecord(existing) : { syncedAt: env.now, containers: [], backoff: {} };
    this.backoff = this.rec.backoff;
    const old = pod.status?.containerStatuses ?? [];
    this.works = pod.spec.containers.map((spec) => {
      const rec = this.rec.containers.find((c) => c.name === spec.name) ?? { name: spec.name, step: 'creating', since: env.now, starts: 0 };
      const prev = old.find((s) => s.name === spec.name);
      const probe = spec.readinessProbe ? probeParams(spec.readinessProbe) : undefined;
      return { spec, behavior: behaviorFor(env.behaviors, pod, spec), probe, rec, status: prev ? { ...prev } : defaultStatus(spec) };
    });
    this.rec.containers = this.works.map((w) => w.rec);
    this.first = existing === undefined;
  }

  get clock(): Clock { return this.env.clock; }
  get rng(): Rng { return this.env.rng; }

  note(type: string, eventType: 'Normal' | 'Warning', reason: string, message: string): void {
    this.notes.push({ type, note: { type: eventType, reason, message } });
  }

  fact(type: string): void {
    this.facts.push(type);
  }

  run(): SyncOutcome {
    const { now } = this.env;
    if (this.first) this.firstSync();
    this.advance();
    const ready = this.refreshReadiness();
    const status = this.buildStatus();
    if (ready.became) this.fact('ContainerReady');
    this.rec.backoff = this.backoff;
    const stopped = this.rec.stoppedAt;
    const held = (this.pod.metadata.finalizers?.length ?? 0) > 0;
    const remove = stopped !== undefined && now >= stopped + 1 && !held;
    let wakeAt = Math.min(this.nextTransition(), ready.nextAt);
    // After the stop the pod object goes one tick later, unless finalizers hold it (whoever removes
    // the last one removes the pod: apiserver.removeFinalizer).
    if (stopped !== undefined) wakeAt = !remove && !held && now < stopped + 1 ? stopped + 1 : Infinity;
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
      const at = readyAt(readinessInstance(this, w));
      if ((now >= at) !== w.status.ready) return now;
      if (at > now) t = Math.min(t, at);
    }
    return t;
  }

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
    this.fact('PodSandboxCreated');
    if (podIP !== undefined) this.data['podIP'] = podIP;
    for (const w of this.works) beginCreate(this, w, now);
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
      for (const w of this.works) if (transitionAt(this, w) === t) transition(this, w, t);
      if (this.allStopped()) this.stopPod(t);
    }
  }

  /** Deleted, every container stopped, the pod not yet marked terminal. */
  private allStopped(): boolean {
    return this.rec.killedAt !== undefined && this.rec.stoppedAt === undefined && this.works.every((w) => w.rec.step !== 'running');
  }

  private nextTransition(): number {
    let t = this.allStopped() ? this.env.now : Infinity;
    for (const w of this.works) t = Math.min(t, transitionAt(this, w));
    return t;
  }

  // ------------------------------------------------------------ termination

  stopAt(w: Work): number {
    const killedAt = this.rec.killedAt ?? this.env.now;
    return Math.max(killedAt, Math.min(killedAt + w.behavior.stopSeconds, this.deadline()));
  }

  deadline(): number {
    const ts = this.pod.metadata.deletionTimestamp;
    return ts ? this.env.clock.tickOf(ts) : Infinity;
  }

  /** killPodWithSyncResult: SIGTERM to every running container ("Killing"); nothing else starts. */
  private kill(now: number): void {
    this.rec.killedAt = now;
    this.fact('PodTerminationStarted');
    for (const w of this.works) {
      if (w.rec.step === 'running') this.note('ContainerStopRequested', 'Normal', 'Killing', `Stopping container ${w.spec.name}`);
    }
  }

  /** Every container has stopped (status_manager TerminatePod): the phase becomes terminal. */
  private stopPod(t: number): void {
    for (const w of this.works) abandonContainer(w, t);
    this.rec.stoppedAt = t;
    this.fact('PodTerminated');
  }

  // ------------------------------------------------------------ readiness and the status

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
          const at = readyAt(readinessInstance(this, w));
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

  /** generateAPIPodStatus: statuses by name, the phase (never back from terminal), conditions. */
  private buildStatus(): PodStatus {
    const old = this.pod.status ?? {};
    const statuses = sortStatuses(this.works.map((w) => w.status));
    let phase = getPhase(this.pod.spec, statuses, this.rec.stoppedAt !== undefined);
    if (isTerminalPhase(old.phase)) phase = old.phase!;
    if (phase !== old.phase && isTerminalPhase(phase)) {
      this.fact(phase === 'Succeeded' ? 'PodSucceeded' : 'PodFailed');
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
