// kreplay run SCENARIO [--db FILE] [--seed N] [--json]
import { performance } from 'node:perf_hooks';
import { loadScenario } from '../scenario/load.js';
import { runScenario, type RunResult } from '../scenario/runner.js';
import { formatDuration } from '../api/time.js';
import type { Io } from './main.js';
import { parse, UsageError } from './main.js';

export function runCommand(args: string[], io: Io): number {
  const { values, positionals } = parse(args, {
    db: { type: 'string', default: 'kreplay.db' },
    seed: { type: 'string' },
    json: { type: 'boolean', default: false },
  }, { min: 1, max: 1, usage: 'kreplay run SCENARIO [--db FILE] [--seed N] [--json]' });
  let seed: number | undefined;
  if (values.seed !== undefined) {
    if (!/^\d+$/.test(values.seed)) throw new UsageError(`--seed must be a non-negative integer, not ${JSON.stringify(values.seed)}`);
    seed = Number(values.seed);
  }
  const scenario = loadScenario(positionals[0]!);
  const started = performance.now();
  let lastShown = 0;
  const progress = io.isTTY && !values.json;
  const result = runScenario(scenario, {
    db: values.db!,
    ...(seed !== undefined ? { seed } : {}),
    onTick: (t, total, events) => {
      if (!progress) return;
      const now = performance.now();
      if (now - lastShown < 100 && t !== total) return;
      lastShown = now;
      io.err(`\r${scenario.name}: ${formatDuration(t)} / ${formatDuration(total)} simulated, ${events.toLocaleString('en-US')} events`);
    },
  });
  if (progress) io.err('\r\x1b[K');
  const wallSeconds = (performance.now() - started) / 1000;
  if (values.json) io.out(JSON.stringify({ ...result, db: values.db, wallSeconds: Number(wallSeconds.toFixed(3)) }) + '\n');
  else io.out(summary(result, values.db!, wallSeconds));
  return result.passed ? 0 : 1;
}

export function summary(r: RunResult, db: string, wallSeconds: number): string {
  const lines: string[] = [];
  lines.push(`${r.scenario} (seed ${r.seed}): ${formatDuration(r.ticks - 1)} simulated in ${wallSeconds.toFixed(2)}s, ${r.events.toLocaleString('en-US')} events → ${db}${r.resumedAt !== undefined ? ` (resumed at ${r.resumedAt}s)` : ''}`);
  for (const s of r.steps) {
    const mark = s.passed ? ' ' : '✗';
    lines.push(`${mark} ${formatDuration(s.at).padStart(7)}  ${s.label}`);
    for (const l of (s.stdout + s.stderr).split('\n').filter((x) => x !== '')) lines.push(`            ${l}`);
    if (!s.passed && s.detail) lines.push(`    ${s.detail}${s.line !== undefined ? `  (${r.file}:${s.line})` : ''}`);
  }
  const passed = r.expectations.filter((e) => e.passed).length;
  for (const e of r.expectations) {
    lines.push(`${e.passed ? 'PASS' : 'FAIL'}  ${e.label}${!e.passed && e.detail ? ` — ${e.detail}` : ''}${!e.passed && e.line !== undefined ? `  (${r.file}:${e.line})` : ''}`);
  }
  lines.push(`state hash ${r.stateHash}, log hash ${r.logHash.slice(0, 32)}`);
  const failedSteps = r.steps.filter((s) => !s.passed).length;
  lines.push(`${passed} of ${r.expectations.length} expectations passed${failedSteps ? `, ${failedSteps} step(s) failed` : ''} — ${r.passed ? 'PASS' : 'FAIL'}`);
  return lines.join('\n') + '\n';
}
