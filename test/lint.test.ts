// The determinism rule of eslint.config.js: the simulation core may not read the wall clock,
// draw unseeded randomness or schedule timers; only the CLI edge may. The same code is linted as
// if it lived in each place.
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import { ROOT } from './helpers.js';

const eslint = new ESLint({ cwd: ROOT });

async function ruleIds(code: string, filePath: string): Promise<string[]> {
  const [r] = await eslint.lintText(code, { filePath });
  return (r?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('the determinism lint rule', () => {
  it.each([
    ['Date.now()', 'export const t = Date.now();'],
    ['new Date()', 'export const t = new Date();'],
    ['Math.random()', 'export const r = Math.random();'],
    ['setTimeout', 'setTimeout(() => undefined, 1);'],
    ['crypto.randomUUID()', "import crypto from 'node:crypto';\nexport const u = crypto.randomUUID();"],
    ['performance.now()', 'export const p = performance.now();'],
  ])('rejects %s in the core', async (_, code) => {
    const messages = await ruleIds(code, 'src/state/fake-for-lint.ts');
    expect(messages.some((m) => /no-restricted-(globals|properties|imports)/.test(m) && /deterministic/.test(m))).toBe(true);
  });

  it('allows the wall clock at the CLI edge', async () => {
    expect(await ruleIds('export const t = Date.now();', 'src/cli/fake-for-lint.ts')).toEqual([]);
  });

  it('keeps controllers away from the store and the engine', async () => {
    const messages = await ruleIds("import { EventStore } from '../../store/eventlog.js';\nexport const s = EventStore;", 'src/controllers/deployment/fake-for-lint.ts');
    expect(messages.some((m) => /Controllers depend on api\/ and state\/ only/.test(m))).toBe(true);
  });
});
