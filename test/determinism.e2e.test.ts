// The same scenario run in two separate processes gives the same log, byte for byte (same log
// hash: the head of the SHA-256 chain over every event), and a different seed a different one.
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, SCENARIOS_DIR, tempDir } from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

function run(args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'kreplay.js'), ...args], { cwd: tmp.dir, encoding: 'utf8' });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

describe('determinism across processes', () => {
  it('gives the same log hash in two processes, and another with another seed', () => {
    const scenario = join(SCENARIOS_DIR, 'rolling-update.yaml');
    const a = run(['run', scenario, '--db', 'a.db', '--json']);
    const b = run(['run', scenario, '--db', 'b.db', '--json']);
    const c = run(['run', scenario, '--db', 'c.db', '--json', '--seed', '99']);
    expect(a.code, a.err).toBe(0);
    const ja = JSON.parse(a.out);
    const jb = JSON.parse(b.out);
    const jc = JSON.parse(c.out);
    expect(jb.logHash).toBe(ja.logHash);
    expect(jb.stateHash).toBe(ja.stateHash);
    expect(jb.events).toBe(ja.events);
    expect(jc.logHash).not.toBe(ja.logHash);
  });
});
