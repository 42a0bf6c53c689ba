// Running a scenario: the tick loop of the engine, committed tick by tick to the store, with the
// scenario's inputs in each tick's input phase and its checks at each tick's end. A run whose
// database already holds an unfinished run of the same scenario and seed resumes: the log is
// folded back tick by tick (re-evaluating the checks and the kubectl watchers on the way) and
// the loop continues from the first tick that was not committed — giving the same log as an
// uninterrupted run.
import { existsSync, rmSync } from 'node:fs';
import { Clock } from '../api/time.js';
import { Engine } from '../engine/engine.js';
import { defaultControllers } from '../controllers/index.js';
import type { View } from '../state/cluster.js';
import type { Controller } from '../state/controller.js';
import type { KubeEventNote, LogEvent } from '../state/events.js';
import { canonicalJson, sha256Hex } from '../state/hash.js';
import { EventStore, StoreError } from '../store/eventlog.js';
import { evaluate, type CheckContext } from './expect.js';
import { podCidrFor } from './nodes.js';
import { checkUpdates } from './precheck.js';
import { StepRunner, type StepOutcome } from './steps.js';
import type { Expectation, Scenario } from './types.js';
import { InputError } from './yaml.js';

export const KREPLAY_VERSION = '0.1.0';

export interface ExpectationOutcome {
  label: string;
  line: number | undefined;
  passed: boolean;
  /** for failures: when and what was seen */
  detail?: string;
}

export interface RunResult {
  scenario: string;
  file: string;
  seed: number;
  ticks: number;
  events: number;
  stateHash: string;
  /** head of the event hash chain: equal logs have equal log hashes */
  logHash: string;
  resumedAt?: number;
  expectations: ExpectationOutcome[];
  steps: StepOutcome[];
  passed: boolean;
}

export interface RunOptions {
  db: string;
  seed?: number;
  /** the controllers to run (default: defaultControllers(), in their documented order) */
  controllers?: () => Controller[];
  /** commit ticks on a writer thread while the next tick is simulated (default true) */
  writerThread?: boolean;
  /** called after each committed tick */
  onTick?: (tick: number, total: number, events: number) => void;
}

/** Identity of a run: the scenario as loaded (manifests included) and the seed. */
export function scenarioFingerprint(s: Scenario, seed: number): string {
  const plain = {
    name: s.name, seed, durationSeconds: s.durationSeconds, start: s.start, nodes: s.nodes, namespaces: s.namespaces,
    settings: s.settings, objects: s.objects.map((m) => m.object), behaviors: s.behaviors,
    timeline: s.timeline.map((st) => ({ ...st, ...(st.kind === 'apply' ? { manifests: st.manifests.map((m) => m.object) } : {}) })),
    expectations: s.expectations,
    // only when present, so that the fingerprints of scenarios without metrics are unchanged
    ...(s.metrics.length > 0 ? { metrics: s.metrics } : {}),
  };
  return sha256Hex(canonicalJson(plain));
}

/** Checks that need the whole scenario, done before anything is written. */
export function precheck(s: Scenario): void {
  checkUpdates(s);
  if (s.nodes.length > 0) {
    try {
      podCidrFor(s.settings.podCIDR, s.nodes.length - 1);
    } catch (err) {
      throw new InputError(s.file, undefined, (err as Error).message);
    }
  }
}

class Checks {
  private readonly byTick = new Map<number, Expectation[]>();
  private readonly pending: { e: Expectation; outcome: ExpectationOutcome }[] = [];
  readonly notes: { note: KubeEventNote; event: LogEvent }[] = [];
  readonly outcomes: ExpectationOutcome[] = [];
  private readonly needNotes: boolean;

  constructor(s: Scenario) {
    const all = [...s.expectations, ...s.timeline.flatMap((st) => (st.kind === 'expect' ? [st.expectation] : []))];
    this.needNotes = all.some((e) => e.check.kind === 'event');
    for (const e of all) {
      const outcome: ExpectationOutcome = { label: e.label, line: e.line, passed: e.mode !== 'by' };
      this.outcomes.push(outcome);
      this.pending.push({ e, outcome });
    }
    void this.byTick;
  }

  absorb(events: readonly LogEvent[]): void {
    if (!this.needNotes) return;
    for (const ev of events) if (ev.note) this.notes.push({ note: ev.note, event: ev });
  }

  endOfTick(tick: number, view: View): void {
    const ctx: CheckContext = { view, notes: this.notes };
    for (const { e, outcome } of this.pending) {
      switch (e.mode) {
        case 'at':
          if (tick === e.at) {
            const r = evaluate(e.check, ctx);
            outcome.passed = r.ok;
            if (!r.ok) outcome.detail = `saw ${r.actual}`;
          }
          break;
        case 'always':
          if (outcome.passed && tick >= (e.from ?? 0) && (e.to === undefined || tick <= e.to)) {
            const r = evaluate(e.check, ctx);
            if (!r.ok) {
              outcome.passed = false;
              outcome.detail = `failed at ${tick}s: saw ${r.actual}`;
            }
          }
          break;
        case 'by':
          if (!outcome.passed && tick <= e.at!) {
            const r = evaluate(e.check, ctx);
            if (r.ok) {
              outcome.passed = true;
              outcome.detail = `held at ${tick}s`;
            } else outcome.detail = `never held by ${e.at}s (last saw ${r.actual})`;
          }
          break;
      }
    }
  }
}

function removeDb(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(f)) rmSync(f);
}

/**
 * Simulate a loaded scenario into `opts.db`. Throws InputError/StoreError for bad input (the
 * CLI's exit 2) before writing anything.
 */
export function runScenario(s: Scenario, opts: RunOptions): RunResult {
  precheck(s);
  const seed = opts.seed ?? s.seed;
  const fingerprint = scenarioFingerprint(s, seed);
  const lastTick = s.durationSeconds;

  // Decide: resume an unfinished run of the same scenario, or start afresh.
  let resume = false;
  if (existsSync(opts.db)) {
    const old = EventStore.open(opts.db); // refuses corrupted or newer databases (StoreError)
    resume = old.getMeta('fingerprint') === fingerprint && old.getMeta('status') === 'running' && old.lastTick() !== undefined;
    old.close();
    if (!resume) removeDb(opts.db);
  }
  const store = EventStore.open(opts.db);
  try {
    if (!resume) {
      store.setMeta({
        kreplay_version: KREPLAY_VERSION, fingerprint, status: 'running', scenario_name: s.name, scenario_file: s.file,
        seed: String(seed), start: s.start, duration: String(s.durationSeconds),
      });
    }
    const clock = new Clock(s.start);
    const engine = new Engine({ seed, clock, controllers: (opts.controllers ?? defaultControllers)() });
    const checks = new Checks(s);
    const steps = new StepRunner(s, engine, seed);
    steps.committedLog = (toSeq) => store.events(1, toSeq ?? store.lastSeq);
    let startTick = 0;
    let resumedAt: number | undefined;
    if (resume) {
      steps.savedMeta = store.metaWithPrefix('step:');
      startTick = replay(store, engine, checks, steps) + 1;
      resumedAt = startTick;
      engine.resumeAt(startTick - 1);
      steps.resumeProcesses();
    }
    store.useWriterThread(opts.writerThread ?? true);
    for (let t = startTick; t <= lastTick; t++) {
      const r = engine.runTick(t, (ctx) => steps.inputs(t, ctx), 'scenario');
      const last = r.events.length ? r.events[r.events.length - 1]!.seq : store.lastSeq;
      steps.endOfTick(t, engine.state, clock, r.events);
      store.appendTick(r.events, { tick: t, lastSeq: last, events: r.events.length, stateHash: r.stateHash }, steps.takeMeta());
      checks.absorb(r.events);
      checks.endOfTick(t, engine.state);
      opts.onTick?.(t, lastTick, store.lastSeq);
    }
    store.setMeta({ status: 'complete' });
    const stateHash = store.lastTick()!.stateHash;
    const stepOutcomes = steps.finish();
    const result: RunResult = {
      scenario: s.name, file: s.file, seed, ticks: lastTick + 1, events: store.lastSeq, stateHash, logHash: store.logHash,
      expectations: checks.outcomes, steps: stepOutcomes,
      passed: checks.outcomes.every((o) => o.passed) && stepOutcomes.every((o) => o.passed),
    };
    if (resumedAt !== undefined) result.resumedAt = resumedAt;
    return result;
  } finally {
    store.close();
  }
}

/** Fold the committed ticks back into the engine, re-running checks and watchers. Returns the last tick. */
function replay(store: EventStore, engine: Engine, checks: Checks, steps: StepRunner): number {
  const ticks = [...store.ticks()];
  const it = store.events();
  let pending: LogEvent | undefined = it.next().value as LogEvent | undefined;
  let last = -1;
  for (const row of ticks) {
    const events: LogEvent[] = [];
    while (pending && pending.seq <= row.lastSeq) {
      events.push(pending);
      pending = it.next().value as LogEvent | undefined;
    }
    if (row.tick === 0) steps.replayBootstrap();
    for (const e of events) {
      engine.state.evolve(e);
      if (e.type === 'ScenarioStepRun' && e.actor === 'scenario' && typeof e.data?.step === 'number') steps.replayStep(e.data.step, row.tick, engine.state, e.seq);
    }
    const hash = engine.state.stateHash();
    if (hash !== row.stateHash) {
      throw new StoreError(`${store.file}: folding the log does not reproduce the state hash of tick ${row.tick}; the database is inconsistent (run kreplay verify)`);
    }
    checks.absorb(events);
    steps.endOfTick(row.tick, engine.state, engine.clock, events);
    checks.endOfTick(row.tick, engine.state);
    last = row.tick;
  }
  return last;
}
