// Shared helpers for the cross-cutting tests.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..');
export const SCENARIOS_DIR = join(ROOT, 'scenarios');

export function shippedScenarios(): string[] {
  return readdirSync(SCENARIOS_DIR).filter((f) => f.endsWith('.yaml')).sort().map((f) => join(SCENARIOS_DIR, f));
}

export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'kreplay-test-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
