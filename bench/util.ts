// Shared helpers for the benchmarks: temporary databases, timing, peak RSS, timed runs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { defaultControllers } from '../src/controllers/index.js';
import { loadScenario } from '../src/scenario/load.js';
import { runScenario, type RunResult } from '../src/scenario/runner.js';
import type { Controller, Ctx, WorkSet } from '../src/state/controller.js';

export function tempDb(name: string): { file: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'kreplay-bench-'));
  return { file: join(dir, `${name}.db`), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function time<T>(fn: () => T): { value: T; seconds: number } {
  const t0 = performance.now();
  const value = fn();
  return { value, seconds: (performance.now() - t0) / 1000 };
}

let peakRss = 0;
export function sampleRss(): number {
  const rss = process.memoryUsage.rss();
  if (rss > peakRss) peakRss = rss;
  return peakRss;
}

export function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MB`;
}

export function rate(n: number, seconds: number): string {
  return `${Math.round(n / seconds).toLocaleString('en-US')}/s`;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** A controller wrapped to add up the time its reconciles take. */
export class Timed implements Controller {
  seconds = 0;
  runs = 0;
  constructor(private readonly inner: Controller) {}
  get name(): string { return this.inner.name; }
  get watches(): Controller['watches'] { return this.inner.watches; }
  reconcile(ctx: Ctx, work: WorkSet): void {
    const t0 = performance.now();
    this.inner.reconcile(ctx, work);
    this.seconds += (performance.now() - t0) / 1000;
    this.runs++;
  }
}

export interface TimedRun {
  result: RunResult;
  /** seconds: loading the scenario, and the whole run including it */
  loadSeconds: number;
  wall: number;
  timed: Timed[];
  /** one line per tick: its time, the events so far, the RSS */
  perTick: string[];
}

/** Load and run a scenario file with every default controller timed. */
export function timedRun(file: string, db: string): TimedRun {
  const t0 = performance.now();
  const scenario = loadScenario(file);
  const loadSeconds = (performance.now() - t0) / 1000;
  const timed = defaultControllers().map((c) => new Timed(c));
  const perTick: string[] = [];
  let last = performance.now();
  const result = runScenario(scenario, {
    db,
    controllers: () => timed,
    onTick: (t, _total, events) => {
      const now = performance.now();
      perTick.push(`tick ${t}: ${((now - last) / 1000).toFixed(1)} s, ${events.toLocaleString('en-US')} events, rss ${mb(process.memoryUsage.rss())}`);
      last = now;
    },
  });
  return { result, loadSeconds, wall: (performance.now() - t0) / 1000, timed, perTick };
}

/** The lines every envelope prints: load time, ticks, controllers, expectations. */
export function printTimedRun(r: TimedRun): void {
  console.log(`load scenario: ${r.loadSeconds.toFixed(1)} s`);
  for (const l of r.perTick) console.log(`  ${l}`);
  for (const c of r.timed) console.log(`  ${c.name.padEnd(22)} ${c.seconds.toFixed(1).padStart(6)} s in ${c.runs} runs`);
  for (const e of r.result.expectations) if (!e.passed) console.log(`  FAILED: ${JSON.stringify(e)}`);
  console.log(`expectations: ${r.result.passed ? 'all passed' : 'FAILED'} (${r.result.expectations.filter((e) => e.passed).length}/${r.result.expectations.length})`);
}
