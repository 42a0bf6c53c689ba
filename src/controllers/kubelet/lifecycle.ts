// The pod sync of the simulated kubelet: the pod worker's SyncPod / SyncTerminatingPod
// (pkg/kubelet/kubelet.go, pod_workers.go), computePodActions' init-container progress and KillPod
// (kuberuntime_manager.go, computeInitContainerActions as with SidecarContainers on), then
// generateAPIPodStatus and TerminatePod. Differs: time is analytic — one sync applies every
// transition due, in time order, and names the next instant anything about the pod can change.
import type { Container, ContainerStatus, Json, Pod, PodPhase, PodStatus } from '../../api/types.js';
import type { Clock } from '../../api/time.js';
import type { Rng } from '../../state/controller.js';
import type { BackoffTable } from './backoff.js';
import { behaviorFor, initBehavior } from './behavior.js';
import { beginCreate, defaultStatus, instance, startedAt, type ContainerKind, type SyncContext, type Work } from './containers.js';
import { beginKill, settle } from './exits.js';
import { applyProbeEvents, probeEventAt, transition, transitionAt } from './steps.js';
import { containerProbes, probeOutcomes } from './instance.js';
import { nodeHostIP } from './ipam.js';
import type { MemoryEnv } from './memory.js';
import { finishedPod, held, isTerminalPhase, removeAt, type SyncEnv, type SyncNote, type SyncOutcome } from './outcome.js';
import { storedAt } from './prober.js';
import { cloneRecord, readRecord, type ContainerRecord, type KillReason, type KubeletRecord } from './record.js';
import { formatPod, generateConditions, getPhase, isSidecar, sortStatuses, terminatePodStatuses } from './status.js';
import { containerGracePeriod, deletionGracePeriod, planKill } from './termination.js';

/** Transitions one sync may apply before we call it a runaway (a bug, not a scenario). */
const MAX_TRANSITIONS_PER_SYNC = 10_000;

const NO_MEMORY: MemoryEnv = { config: undefined, clock: undefined as unknown as Clock, usageAt: () => { throw new Error('no usage model'); } };

/** Sync one pod bound to `env.node` at tick env.now; undefined when the kubelet has nothing to do. */
export function syncPod(pod: Pod, env: SyncEnv): SyncOutcome | undefined {
  const existing = readRecord(pod);
  if (isTerminalPhase(pod.status?.phase) && (!existing?.terminal || existing.stoppedAt !== undefined)) return finishedPod(pod, existing, env.now, env.clock);
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
  readonly defaultWaiting: string;
  readonly memory: MemoryEnv;
  podVersion = 0;
  backoff: BackoffTable;
  /** init containers (spec order), then app containers (spec order) */
  private readonly all: Work[];
  private readonly inits: Work[];
  private readonly apps: Work[];
  private readonly notes: SyncNote[] = [];
  private readonly facts: string[] = [];
  private readonly first: boolean;
  private sandbox: { hostIP: string; podIP: string | undefined } | undefined;

  constructor(readonly pod: Pod, private readonly env: SyncEnv, existing: KubeletRecord | undefined) {
    this.rec = existing ? cloneRecord(existing) : { syncedAt: env.now, containers: [], backoff: {} };
    this.backoff = this.rec.backoff;
    this.memory = env.memory ?? NO_MEMORY;
    const initSpecs = pod.spec.initContainers ?? [];
    this.defaultWaiting = initSpecs.length > 0 ? 'PodInitializing' : 'ContainerCreating';
    const build = (spec: Container, kind: ContainerKind, recs: ContainerRecord[] | undefined, old: readonly ContainerStatus[]): Work => {
      const rec = recs?.find((c) => c.name === spec.name) ?? { name: spec.name, step: 'waiting', since: env.now, starts: 0 };
      const prev = old.find((s) => s.name === spec.name);
      const base = behaviorFor(env.behaviors, pod, spec);
      const behavior = kind === 'init' ? initBehavior(base) : base;
      return {
        kind, spec, behavior, params: containerProbes(spec, kind !== 'init'), outcomes: probeOutcomes(behavior), rec,
        status: prev ? { ...prev } : defaultStatus(spec, this.defaultWaiting), readyBefore: prev?.ready ?? false, version: 0,
      };
    };
    this.inits = initSpecs.map((s) => build(s, isSidecar(s) ? 'sidecar' : 'init', this.rec.initContainers, pod.status?.initContainerStatuses ?? []));
    this.apps = pod.spec.containers.map((s) => build(s, 'app', this.rec.containers, pod.status?.containerStatuses ?? []));
    this.all = [...this.inits, ...this.apps];
    this.rec.containers = this.apps.map((w) => w.rec);
    if (this.inits.length > 0) this.rec.initContainers = this.inits.map((w) => w.rec);
    this.first = existing === undefined;
  }

  get clock(): Clock { return this.env.clock; }
  get rng(): Rng { return this.env.rng; }

  podIP(): string {
    return this.sandbox?.podIP ?? this.pod.status?.podIP ?? '';
  }

  note(type: string, eventType: 'Normal' | 'Warning', reason: string, message: string, repeat?: { count: number; firstTick: number }): void {
    const note: SyncNote['note'] = { type: eventType, reason, message };
    if (repeat) {
      note.count = repeat.count;
      note.firstTick = repeat.firstTick;
    }
    this.notes.push({ type, note });
  }

  fact(type: string): void {
    this.facts.push(type);
  }

  run(): SyncOutcome {
    const { now } = this.env;
    if (this.first) {
      this.firstSync();
      if (!this.pod.metadata.deletionTimestamp) this.actions(now);
    }
    this.advance();
    const status = this.buildStatus();
    this.rec.backoff = this.backoff;
    const stopped = this.rec.stoppedAt;
    const deleted = this.pod.metadata.deletionTimestamp !== undefined;
    let wakeAt = this.nextEvent();
    let remove = false;
    if (stopped !== undefined) {
      // After the stop the pod object goes one tick later, unless finalizers hold it (whoever
      // removes the last one removes the pod: apiserver.removeFinalizer).
      wakeAt = Infinity;
      if (deleted && !held(this.pod)) {
        const at = removeAt(this.pod, this.rec, this.clock);
        if (now >= at) remove = true;
        else wakeAt = at;
      }
    }
    return { status, record: this.rec, notes: this.notes, facts: this.facts, data: this.data, wakeAt, remove };
  }

  /**
   * The next tick anything about this pod changes: a container transition, a probe effect, the
   * deletion being seen; ≤ now when a sync is due now. Pods with readiness gates always sync (the
   * gates are conditions others write).
   */
  nextDue(): number {
    const { now } = this.env;
    if (this.pod.spec.readinessGates?.length) return now;
    if (this.pod.metadata.deletionTimestamp && this.rec.killedAt === undefined) return now;
    // The node lifecycle controller marks pods of an unreachable node Ready=False
    // (MarkPodsNotReady); a kubelet that is back posts its own view at its next sync.
    const cond = (type: string): string | undefined => this.pod.status?.conditions?.find((c) => c.type === type)?.status;
    if (cond('Ready') !== undefined && cond('ContainersReady') !== undefined && cond('Ready') !== cond('ContainersReady')) return now;
    // A behaviour change can move a readiness or started flip into the past: catch up now.
    for (const w of this.all) {
      const f = this.flagsAt(w, now);
      if (f.ready !== w.status.ready || f.started !== (w.status.started ?? false)) return now;
    }
    return this.nextEvent();
  }

  /**
   * The pod worker's first SyncPod: the status manager records startTime, the sandbox gets its
   * IP, the probe workers start.
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
  }

  // ------------------------------------------------------------ the clock

  private nextEvent(): number {
    let t = Infinity;
    for (const w of this.all) t = Math.min(t, transitionAt(this, w), probeEventAt(this, w));
    return t;
  }

  /**
   * Apply everything due at or before now, instant by instant: what the probes did (reports
   * first, as the prober records them before the sync reacts), the containers' transitions, then
   * the pod's actions. The deletion is seen at now.
   */
  private advance(): void {
    const { now } = this.env;
    for (let n = 0; ; n++) {
      if (n > MAX_TRANSITIONS_PER_SYNC) throw new Error(`kubelet: pod ${formatPod(this.pod)} did not settle at tick ${now}`);
      const t = this.nextEvent();
      if (this.pod.metadata.deletionTimestamp && this.rec.killedAt === undefined && t >= now) {
        this.kill(now);
        this.actions(now);
        continue;
      }
      if (t > now) return;
      for (const w of this.all) if (probeEventAt(this, w) === t) applyProbeEvents(this, w, t);
      for (const w of this.all) if (transitionAt(this, w) === t) transition(this, w, t);
      this.actions(t);
    }
  }

  // ------------------------------------------------------------ computePodActions

  /**
   * What the pod worker does at t after the containers' transitions: initialization progress and
   * the start of the app containers; KillPod when a run-to-completion pod's app containers are
   * done (or a regular init container failed under restartPolicy Never) but sidecars still run;
   * TerminatePod once nothing runs and the pod is deleted or terminal.
   */
  private actions(t: number): void {
    if (this.rec.stoppedAt !== undefined) return;
    const deleting = this.rec.killedAt !== undefined;
    if (!deleting && this.rec.podKilledAt === undefined) {
      if (!this.rec.initialized) this.initialize(t);
      const policy = this.pod.spec.restartPolicy ?? 'Always';
      const failedInit = this.inits.some((w) => w.kind === 'init' && w.rec.step === 'done' && !w.rec.completed);
      const appsDone = this.rec.initialized === true && policy !== 'Always' && this.apps.every((w) => w.rec.step === 'done');
      if ((failedInit || appsDone) && this.inits.some((w) => w.kind === 'sidecar' && w.rec.step !== 'done' && w.rec.step !== 'waiting')) this.podKill(t);
    }
    if (this.all.some((w) => w.rec.step === 'running' || w.rec.step === 'stopping')) return;
    if (deleting || isTerminalPhase(this.phaseAt(t, false))) this.stopPod(t);
  }

  /**
   * computeInitContainerActions: the last init container that has run decides — a completed one
   * (exit 0, or a sidecar that started) lets the next one start, or, being the last, initializes
   * the pod; then every app container starts.
   */
  private initialize(t: number): void {
    const inits = this.inits;
    let initialized = inits.length === 0;
    if (!initialized) {
      let found = false;
      for (let i = inits.length - 1; i >= 0 && !found; i--) {
        const w = inits[i]!;
        if (w.rec.starts === 0) continue;
        found = true;
        const complete = w.kind === 'sidecar' ? startedAt(this, w, t) : w.rec.completed === true;
        if (!complete) break;
        if (i === inits.length - 1) initialized = true;
        else this.startIfWaiting(inits[i + 1]!, t);
      }
      if (!found) this.startIfWaiting(inits[0]!, t);
    }
    if (!initialized) return;
    this.rec.initialized = true;
    if (inits.length > 0) this.fact('PodInitialized');
    for (const w of this.apps) this.startIfWaiting(w, t);
  }

  private startIfWaiting(w: Work, t: number): void {
    if (w.rec.step === 'waiting') beginCreate(this, w, t);
  }

  // ------------------------------------------------------------ termination

  /** SyncTerminatingPod at the deletion: Killing for every running container, nothing else starts. */
  private kill(now: number): void {
    this.rec.killedAt = now;
    this.podVersion++;
    this.fact('PodTerminationStarted');
    const grace = deletionGracePeriod(this.pod);
    this.killContainers(now, 'delete', () => grace);
  }

  /** computePodActions' KillPod (killPodWithSyncResult without an override): the sidecars stop. */
  private podKill(t: number): void {
    this.rec.podKilledAt = t;
    this.podVersion++;
    this.fact('PodKillStarted');
    this.killContainers(t, 'pod', (w) => containerGracePeriod(this.pod, w.spec, 'pod'));
    for (const w of this.inits) if (w.kind === 'sidecar' && w.rec.step !== 'stopping' && w.rec.step !== 'waiting') settle(w, t);
  }

  /**
   * killContainersWithSyncResult: every running container is killed at once; sidecars wait (within
   * their grace) for the app containers and the later sidecars to stop, in reverse order
   * (newTerminationOrdering); containers that are not running count as stopped.
   */
  private killContainers(t: number, reason: KillReason, grace: (w: Work) => number): void {
    const hook = (w: Work): number | undefined => (w.spec.lifecycle?.preStop ? w.behavior.preStopSeconds ?? 0 : undefined);
    const start = (w: Work, waitUntil?: number): void => {
      beginKill(this, w, planKill({ reason, at: t, grace: grace(w), hookSeconds: hook(w), restart: false, ...(waitUntil !== undefined ? { waitUntil } : {}) }));
    };
    let appsStop = -Infinity;
    for (const w of this.apps) {
      if (w.rec.step === 'running') start(w);
      if (w.rec.step === 'stopping') appsStop = Math.max(appsStop, instance(this, w)!.stopAt);
    }
    let later = -Infinity;
    for (let i = this.inits.length - 1; i >= 0; i--) {
      const w = this.inits[i]!;
      if (w.kind !== 'sidecar') continue;
      const waitUntil = Math.max(appsStop, later);
      if (w.rec.step === 'running') start(w, Number.isFinite(waitUntil) ? waitUntil : undefined);
      later = w.rec.step === 'stopping' ? instance(this, w)!.stopAt : -Infinity;
    }
  }

  /**
   * Every container has stopped and the pod is deleted or terminal: the pod worker is done
   * (TerminatePod marks what never reported a terminated state).
   */
  private stopPod(t: number): void {
    for (const w of this.all) if (w.rec.step !== 'done') settle(w, t);
    const changed = terminatePodStatuses(this.pod.spec, this.apps.map((w) => w.status), this.inits.map((w) => w.status));
    if (changed.length > 0) this.data['unknown'] = changed;
    this.rec.stoppedAt = t;
    this.podVersion++;
    if (this.rec.killedAt !== undefined) this.fact('PodTerminated');
  }

  // ------------------------------------------------------------ the status

  /** The container's started and ready flags at t (prober_manager UpdatePodStatus). */
  private flagsAt(w: Work, t: number): { started: boolean; ready: boolean } {
    const step = w.rec.step;
    if (step === 'running' || step === 'stopping') {
      if (w.kind === 'init') return { started: true, ready: false };
      const started = startedAt(this, w, t);
      const tl = instance(this, w)!.timelines.readiness;
      return { started, ready: started && (!tl || storedAt(tl, 'Failure', t) === 'Success') };
    }
    // A killed instance being replaced still shows running (ContainerRecord.pendingTerm): started
    // stays (no startup worker flips it), ready drops (the readiness worker saw it stop).
    if (w.rec.pendingTerm) return { started: !w.params.startup, ready: false };
    const term = w.status.state.terminated;
    return { started: false, ready: w.kind === 'init' && term !== undefined && term.exitCode === 0 };
  }

  private statusAt(w: Work, t: number): void {
    const f = this.flagsAt(w, t);
    w.status.started = f.started;
    w.status.ready = f.ready;
  }

  private phaseAt(t: number, podIsTerminal: boolean): PodPhase {
    for (const w of this.all) this.statusAt(w, t);
    return getPhase(this.pod.spec, this.apps.map((w) => w.status), podIsTerminal, this.inits.map((w) => w.status));
  }

  /** generateAPIPodStatus: statuses, the phase (never back from terminal), conditions. */
  private buildStatus(): PodStatus {
    const { now } = this.env;
    const old = this.pod.status ?? {};
    const before = this.all.map((w) => w.readyBefore);
    let phase = this.phaseAt(now, this.rec.stoppedAt !== undefined);
    this.all.forEach((w, i) => {
      const running = w.rec.step === 'running' || w.rec.step === 'stopping';
      if (w.status.ready && !before[i]) {
        this.fact('ContainerReady');
        this.data['container'] = w.spec.name;
        this.data['ready'] = true;
      } else if (!w.status.ready && before[i] && running) {
        this.fact('ContainerUnready');
        this.data['container'] = w.spec.name;
        this.data['ready'] = false;
      }
    });
    // TerminatePod: a pod that stopped without a terminal phase (deleted while initializing) fails.
    if (this.rec.stoppedAt !== undefined && !isTerminalPhase(phase)) phase = 'Failed';
    if (isTerminalPhase(old.phase)) phase = old.phase!;
    if (isTerminalPhase(phase)) this.rec.terminal = true;
    if (phase !== old.phase && isTerminalPhase(phase)) {
      this.fact(phase === 'Succeeded' ? 'PodSucceeded' : 'PodFailed');
      this.data['phase'] = phase;
    }
    const statuses = sortStatuses(this.apps.map((w) => w.status));
    const initStatuses = this.inits.map((w) => w.status);
    const status: PodStatus = { ...old, phase, conditions: generateConditions(this.pod, statuses, phase, this.clock.at(now), initStatuses) };
    if (this.sandbox) {
      status.hostIP = this.sandbox.hostIP;
      if (this.sandbox.podIP !== undefined) {
        status.podIP = this.sandbox.podIP;
        status.podIPs = [{ ip: this.sandbox.podIP }];
      }
      status.startTime = this.clock.at(now);
    }
    if (initStatuses.length > 0) status.initContainerStatuses = initStatuses;
    status.containerStatuses = statuses;
    return status;
  }
}
