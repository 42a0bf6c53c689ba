// Every shipped scenario: it passes its own expectations, `verify` proves it deterministic,
// folding its log from scratch gives exactly the live state at every tick, and a run killed
// mid-way and resumed writes exactly the log of an uninterrupted run.
import { afterAll, describe, expect, it } from 'vitest';
import { basename, join } from 'node:path';
import { loadScenario } from '../src/scenario/load.js';
import { runScenario } from '../src/scenario/runner.js';
import { EventStore } from '../src/store/eventlog.js';
import { ClusterState } from '../src/state/cluster.js';
import { verifyRun } from '../src/timetravel/verify.js';
import { shippedScenarios, tempDir } from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

class Killed extends Error {}

describe.each(shippedScenarios().map((f) => [basename(f), f]))('scenario %s', (name, file) => {
  const db = join(tmp.dir, `${name}.db`);
  const scenario = loadScenario(file);
  const result = runScenario(scenario, { db });

  it('passes its expectations', () => {
    const failed = [...result.expectations.filter((e) => !e.passed).map((e) => `${e.label}: ${e.detail ?? ''}`),
      ...result.steps.filter((s) => !s.passed).map((s) => `step ${s.label}: ${s.detail ?? ''}`)];
    expect(failed).toEqual([]);
    expect(result.passed).toBe(true);
  });

  it('passes kreplay verify', () => {
    const store = EventStore.open(db, { readonly: true });
    try {
      const v = verifyRun(store);
      expect(v.mismatch).toBeUndefined();
      expect(v.ok).toBe(true);
    } finally {
      store.close();
    }
  });

  it('folding the log gives the live state hash at every tick', () => {
    const store = EventStore.open(db, { readonly: true });
    try {
      const fold = new ClusterState();
      const it = store.events();
      let next = it.next();
      for (const row of store.ticks()) {
        while (!next.done && next.value.seq <= row.lastSeq) {
          fold.evolve(next.value);
          next = it.next();
        }
        expect(fold.stateHash(), `tick ${row.tick}`).toBe(row.stateHash);
      }
    } finally {
      store.close();
    }
  });

  it('resumes after being killed to the same log', () => {
    const killedDb = join(tmp.dir, `${name}.killed.db`);
    const killAt = Math.max(1, Math.floor(scenario.durationSeconds / 3));
    expect(() => runScenario(scenario, { db: killedDb, onTick: (t) => { if (t === killAt) throw new Killed(); } })).toThrow(Killed);
    const resumed = runScenario(scenario, { db: killedDb });
    expect(resumed.resumedAt).toBe(killAt + 1);
    expect(resumed.logHash).toBe(result.logHash);
    expect(resumed.stateHash).toBe(result.stateHash);
    expect(resumed.expectations).toEqual(result.expectations);
    expect(resumed.steps.map((s) => [s.label, s.exitCode, s.stdout, s.passed])).toEqual(result.steps.map((s) => [s.label, s.exitCode, s.stdout, s.passed]));
  });
});
