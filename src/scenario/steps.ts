// The scenario's inputs: at tick 0 the simulation's configuration, namespaces, nodes and
// objects; then the timeline steps at their times. Every step is recorded as a
// `ScenarioStepRun` event before it acts, and its writes name that event as their cause, so the
// log tells which command changed what. Step outputs are kept in the run's metadata (committed
// with the tick) so that a resumed run reports them too.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Json, KObject, Node, SimConfig, UsageRule } from '../api/types.js';
import type { Clock } from '../api/time.js';
import type { Engine } from '../engine/engine.js';
import { defaultSimConfig, namespaceObject, simConfigObject } from '../engine/testing.js';
import type { View } from '../state/cluster.js';
import type { Ctx } from '../state/controller.js';
import type { LogEvent } from '../state/events.js';
import { applyManifests, deleteTarget, runKubectl } from '../kubectl/index.js';
import type { ClientProcess, KubectlEnv, KubectlResult } from '../kubectl/types.js';
import { buildNode } from './nodes.js';
import type { Scenario, Step } from './types.js';
import { fmtTime } from './load.js';
import { addPoint, copyId, seriesLabel, valueLabel } from '../metrics/series.js';

export interface StepOutcome {
  index: number;
  at: number;
  label: string;
  line: number | undefined;
  exitCode: number;
  stdout: string;
  stderr: string;
  passed: boolean;
  detail?: string;
}

interface Running {
  step: Step;
  outcome: StepOutcome;
  process: ClientProcess;
  /** the command writes (its output is kept in the run's metadata for resume) */
  writes: boolean;
}

export function stepLabel(st: Step): string {
  switch (st.kind) {
    case 'kubectl': return `kubectl ${st.command}`;
    case 'apply': return `apply ${[...new Set(st.manifests.map((m) => m.file))].join(', ')}`;
    case 'delete': return `delete ${st.target}`;
    case 'node': return `node ${st.name}${st.ready !== undefined ? ` ready=${st.ready}` : ''}${st.reportReady !== undefined ? ` reportReady=${st.reportReady}` : ''}`;
    case 'usage': case 'load': return `${st.kind} ${Object.entries(st.selector).map(([k, v]) => `${k}=${v}`).join(',')}${st.cpu ? ` cpu=${st.cpu}` : ''}${st.memory ? ` memory=${st.memory}` : ''}`;
    case 'metric': return `metric ${seriesLabel(st.metric)} ${valueLabel(st.value)}`;
    case 'expect': return `expect ${st.expectation.label}`;
  }
}

export class StepRunner {
  private readonly outcomes: StepOutcome[] = [];
  private readonly running: Running[] = [];
  /** outputs to commit with the current tick */
  pendingMeta: Record<string, string> = {};

  /** the committed log (the runner sets it); the events of the tick in progress are added to it */
  committedLog: (toSeq?: number) => Iterable<LogEvent> = () => [];

  constructor(private readonly s: Scenario, private readonly engine: Engine, private readonly seed: number) {}

  private env(ctx: Ctx, cause?: number, upToSeq?: number): KubectlEnv {
    const env: KubectlEnv = { ctx, cwd: this.s.dir, readFile: (p) => readFileSync(resolve(this.s.dir, p), 'utf8') };
    if (cause !== undefined) env.cause = cause;
    const committed = this.committedLog;
    const pending = this.engine.pendingEvents();
    env.log = upToSeq !== undefined ? () => committed(upToSeq) : function* () {
      yield* committed();
      yield* pending;
    };
    return env;
  }

  /** Inputs of tick `t` (the engine calls this in the tick's input phase). */
  inputs(t: number, ctx: Ctx): void {
    if (t === 0) this.bootstrap(ctx);
    for (const r of this.running) {
      if (r.process.act && !r.outcome.detail) this.update(r, r.process.act(this.env(ctx)));
    }
    for (const st of this.s.timeline) if (st.at === t) this.runStep(st, ctx);
  }

  private bootstrap(ctx: Ctx): void {
    const config = defaultSimConfig(this.seed, this.s.start, { scenario: this.s.name, behaviors: this.s.behaviors, settings: this.s.settings });
    // only scenarios with metrics carry the field, so that other runs' configuration is unchanged
    if (this.s.metrics.length > 0) config.metrics = this.s.metrics.map((m) => ({ ...copyId(m), points: m.points.map((p) => ({ ...p })) }));
    ctx.create(simConfigObject(config), { type: 'SimulationConfigured' });
    for (const ns of this.s.namespaces) ctx.create(namespaceObject(ns), { type: 'NamespaceCreated' });
    this.s.nodes.forEach((n, i) => {
      const node: Node = buildNode(n, i, this.s.settings.podCIDR, ctx.now());
      ctx.create(node, { type: 'NodeRegistered', note: { type: 'Normal', reason: 'NodeReady', message: `Node ${n.name} status is now: NodeReady`, source: 'kubelet', host: n.name } });
    });
    if (this.s.objects.length > 0) {
      const userCtx = this.engine.contextFor('user', -1);
      const res = applyManifests(this.s.objects.map((m) => ({ object: m.object, file: m.file })), this.env(userCtx));
      if (res.exitCode !== 0) {
        // objects passed static validation at load; a failure here is a conflict between them
        this.outcomes.push({ index: -1, at: 0, label: 'objects', line: undefined, exitCode: res.exitCode, stdout: res.stdout, stderr: res.stderr, passed: false, detail: res.stderr.trim() });
        this.pendingMeta['step:objects'] = JSON.stringify({ exitCode: res.exitCode, stdout: res.stdout, stderr: res.stderr });
      }
    }
  }

  private record(st: Step, ctx: Ctx): number {
    const config = ctx.view.get('SimConfig', '', 'simulation')!;
    const data: { [k: string]: Json } = { step: st.index, action: st.kind, label: stepLabel(st) };
    ctx.record(config, { type: 'ScenarioStepRun', data });
    return this.engine.state.lastSeq;
  }

  private runStep(st: Step, scenarioCtx: Ctx): void {
    if (st.kind === 'expect') return; // evaluated at the end of the tick by the checks
    const cause = this.record(st, scenarioCtx);
    const outcome: StepOutcome = { index: st.index, at: st.at, label: stepLabel(st), line: st.line, exitCode: 0, stdout: '', stderr: '', passed: true };
    this.outcomes.push(outcome);
    const userCtx = this.engine.contextFor('user', -1);
    let res: KubectlResult;
    switch (st.kind) {
      case 'kubectl': res = runKubectl(st.command, this.env(userCtx, cause)); break;
      case 'apply': res = applyManifests(st.manifests.map((m) => ({ object: m.object, file: m.file })), this.env(userCtx, cause)); break;
      case 'delete': res = deleteTarget(st.target, this.env(userCtx, cause)); break;
      case 'node': res = this.nodeStep(st, scenarioCtx, cause); break;
      case 'usage': case 'load': res = this.usageStep(st, scenarioCtx, cause); break;
      case 'metric': res = this.metricStep(st, scenarioCtx, cause); break;
    }
    outcome.exitCode = res.exitCode;
    outcome.stdout = res.stdout;
    outcome.stderr = res.stderr;
    if (res.process) this.running.push({ step: st, outcome, process: res.process, writes: !res.readOnly });
    else this.settle(st, outcome);
    if (!res.readOnly) this.pendingMeta[`step:${st.index}`] = JSON.stringify({ exitCode: res.exitCode, stdout: res.stdout, stderr: res.stderr, running: res.process !== undefined });
  }

  private nodeStep(st: Extract<Step, { kind: 'node' }>, ctx: Ctx, cause: number): KubectlResult {
    const node = ctx.view.get('Node', '', st.name);
    if (!node) return { exitCode: 1, stdout: '', stderr: `Error from server (NotFound): nodes "${st.name}" not found\n` };
    const type = st.ready === true ? 'NodeKubeletStarted' : st.ready === false ? 'NodeKubeletStopped' : st.reportReady ? 'NodeKubeletReportsReady' : 'NodeKubeletReportsNotReady';
    ctx.update(node, (d) => {
      const sim = (d.sim ?? {}) as Record<string, Json>;
      const kubelet = { ...((sim.kubelet as Record<string, Json> | undefined) ?? {}) };
      // running: whether the kubelet runs; since: the tick it last stopped or started (the node
      // lifecycle controller's last heartbeat of a stopped kubelet); reportReady: what a running
      // kubelet says of itself
      if (st.ready !== undefined && kubelet.running !== st.ready) {
        kubelet.running = st.ready;
        kubelet.since = ctx.tick;
      }
      if (st.reportReady !== undefined) kubelet.reportReady = st.reportReady;
      sim.kubelet = kubelet;
      d.sim = sim;
    }, { type, cause });
    return { exitCode: 0, stdout: '', stderr: '' };
  }

  private usageStep(st: Extract<Step, { kind: 'usage' | 'load' }>, ctx: Ctx, cause: number): KubectlResult {
    const config = ctx.view.get('SimConfig', '', 'simulation') as SimConfig;
    const rule: UsageRule = { sinceTick: ctx.tick, selector: st.selector };
    if (st.kind === 'usage') {
      if (st.cpu) rule.cpu = st.cpu;
      if (st.memory) rule.memory = st.memory;
    } else {
      rule.load = {};
      if (st.cpu) rule.load.cpu = st.cpu;
      if (st.memory) rule.load.memory = st.memory;
    }
    ctx.update(config, (d) => { d.spec.usage.push(rule); }, { type: st.kind === 'usage' ? 'UsageChanged' : 'LoadChanged', cause });
    return { exitCode: 0, stdout: '', stderr: '' };
  }

  /** A `metric:` step: a point at this tick in its series (created when the scenario had none). */
  private metricStep(st: Extract<Step, { kind: 'metric' }>, ctx: Ctx, cause: number): KubectlResult {
    const config = ctx.view.get('SimConfig', '', 'simulation') as SimConfig;
    ctx.update(config, (d) => {
      d.spec.metrics ??= [];
      addPoint(d.spec.metrics, st.metric, { tick: ctx.tick, ...st.value });
    }, { type: 'MetricChanged', cause, data: { metric: st.metric.name, type: st.metric.type } });
    return { exitCode: 0, stdout: '', stderr: '' };
  }

  private update(r: Running, u: { stdout?: string; stderr?: string; done: boolean; exitCode?: number }): void {
    if (u.stdout) r.outcome.stdout += u.stdout;
    if (u.stderr) r.outcome.stderr += u.stderr;
    if (u.done) {
      r.outcome.exitCode = u.exitCode ?? 0;
      this.settle(r.step, r.outcome);
      this.running.splice(this.running.indexOf(r), 1);
    }
    // a writing command's output so far goes with the tick, so that a resumed run reports it
    if (r.writes && (u.stdout || u.stderr || u.done)) {
      this.pendingMeta[`step:${r.step.index}`] = JSON.stringify({ exitCode: r.outcome.exitCode, stdout: r.outcome.stdout, stderr: r.outcome.stderr, running: !u.done });
    }
  }

  /** The run metadata to commit with the tick just simulated (step outputs); clears it. */
  takeMeta(): Record<string, string> {
    const m = this.pendingMeta;
    this.pendingMeta = {};
    return m;
  }

  /** After the tick settled: drive read-only watchers (rollout status). */
  endOfTick(t: number, view: View, clock: Clock, events: readonly LogEvent[]): void {
    for (const r of [...this.running]) if (r.process.observe) this.update(r, r.process.observe(view, t, clock, events));
  }

  /** Judge a finished step: its exit code and its expected output. */
  private settle(st: Step, o: StepOutcome): void {
    const problems: string[] = [];
    if (o.exitCode !== 0 && !st.allowError) problems.push(`exited ${o.exitCode}: ${(o.stderr || o.stdout).trim().split('\n')[0] ?? ''}`);
    if (st.kind === 'kubectl') {
      const lines = o.stdout.split('\n').filter((l) => l !== '');
      if (st.output && JSON.stringify(lines) !== JSON.stringify(st.output)) {
        problems.push(`printed:\n${lines.map((l) => `      ${l}`).join('\n')}\n    expected:\n${st.output.map((l) => `      ${l}`).join('\n')}`);
      }
      // contains: what the user saw on the terminal, stdout and stderr
      for (const c of st.contains ?? []) if (!o.stdout.includes(c) && !o.stderr.includes(c)) problems.push(`output does not contain ${JSON.stringify(c)}`);
    }
    o.passed = problems.length === 0;
    if (!o.passed) o.detail = problems.join('; ');
  }

  /** Unfinished processes at the end of the run are judged on what they printed so far. */
  finish(): StepOutcome[] {
    for (const r of this.running.splice(0)) {
      this.settle(r.step, r.outcome);
      if (r.outcome.passed === false || (r.step.kind === 'kubectl' && r.step.output)) continue;
      r.outcome.detail = `still running at ${fmtTime(this.s.durationSeconds)}`;
    }
    return this.outcomes.sort((a, b) => a.at - b.at || a.index - b.index);
  }

  /**
   * Resume: reconstruct the outcome of step `index` (recorded at tick `t`) without writing — a
   * writing step's output from the run's metadata, a read-only command (a watcher) re-run against
   * the state right after its ScenarioStepRun event, which is where the live run ran it.
   */
  replayStep(index: number, t: number, view: View, seq: number): void {
    const st = this.s.timeline.find((x) => x.index === index);
    if (!st || st.kind === 'expect') return;
    const outcome: StepOutcome = { index: st.index, at: st.at, label: stepLabel(st), line: st.line, exitCode: 0, stdout: '', stderr: '', passed: true };
    this.outcomes.push(outcome);
    const saved = this.savedMeta[`step:${st.index}`];
    if (saved !== undefined) {
      const o = JSON.parse(saved) as { exitCode: number; stdout: string; stderr: string; running?: boolean };
      Object.assign(outcome, { exitCode: o.exitCode, stdout: o.stdout, stderr: o.stderr });
      // a writing command still running at the last committed tick is re-created once the whole
      // log is folded (resumeProcesses), so that it continues from the state it had reached
      if (o.running && st.kind === 'kubectl') this.toResume.push({ step: st, outcome });
      else this.settle(st, outcome);
      return;
    }
    if (st.kind !== 'kubectl') return;
    const res = runKubectl(st.command, this.env(readOnlyCtx(view, this.engine, t), undefined, seq));
    outcome.exitCode = res.exitCode;
    outcome.stdout = res.stdout;
    outcome.stderr = res.stderr;
    if (res.process) this.running.push({ step: st, outcome, process: res.process, writes: false });
    else this.settle(st, outcome);
  }

  private readonly toResume: { step: Extract<Step, { kind: 'kubectl' }>; outcome: StepOutcome }[] = [];

  /**
   * Resume, after the log is folded: re-create the writing commands that were still running
   * (drain), with env.resume, so that they continue as the uninterrupted run's did.
   */
  resumeProcesses(): void {
    for (const { step, outcome } of this.toResume.splice(0)) {
      const env = this.env(this.engine.contextFor('user', -1));
      env.resume = { startTick: step.at };
      const res = runKubectl(step.command, env);
      if (res.process) this.running.push({ step, outcome, process: res.process, writes: true });
      else this.settle(step, outcome);
    }
  }

  /** Resume: a failure of tick 0's objects, from the run's metadata. */
  replayBootstrap(): void {
    const saved = this.savedMeta['step:objects'];
    if (saved === undefined) return;
    const o = JSON.parse(saved) as { exitCode: number; stdout: string; stderr: string };
    this.outcomes.push({ index: -1, at: 0, label: 'objects', line: undefined, ...o, passed: false, detail: o.stderr.trim() });
  }

  savedMeta: Record<string, string> = {};
}

/** A Ctx that reads but refuses to write (re-running read-only commands on resume). */
function readOnlyCtx(view: View, engine: Engine, tick: number): Ctx {
  const refuse = (): never => { throw new Error('a read-only command tried to write during resume'); };
  return {
    actor: 'user', tick, clock: engine.clock, view, rng: { next: refuse, int: refuse, string: refuse },
    now: () => engine.clock.at(tick), uid: refuse, create: refuse, update: refuse, remove: refuse, record: refuse, requeueAfter: () => undefined,
  } as Ctx;
}

export type { KObject };
