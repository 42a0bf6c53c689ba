// ESLint flat config. Two project rules live here:
// 1. Determinism: the simulation core (src/ outside the CLI edge) may not read the wall clock,
//    draw unseeded randomness, schedule timers, or observe garbage collection. Time, randomness
//    and ids are arguments (ctx.now, ctx.rng, ctx.ids) — see ARCHITECTURE.md "Determinism".
// 2. Dependencies point one way (STYLE.md §1): controllers import api/state types and pure
//    helpers only — never the store, the engine or node I/O.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const determinismMessage =
  'kreplay is deterministic: use the logical clock (ctx.now / tick), the seeded PRNG (ctx.rng) or the id factory (ctx.ids) instead. Only src/cli may touch the wall clock.';

const bannedGlobals = [
  'Date', 'setTimeout', 'setInterval', 'setImmediate', 'clearTimeout', 'clearInterval',
  'clearImmediate', 'queueMicrotask', 'performance', 'WeakRef', 'FinalizationRegistry',
].map((name) => ({ name, message: determinismMessage }));

const bannedProperties = [
  { object: 'Math', property: 'random' },
  { object: 'crypto', property: 'randomUUID' },
  { object: 'crypto', property: 'randomBytes' },
  { object: 'crypto', property: 'randomInt' },
  { object: 'crypto', property: 'getRandomValues' },
  { object: 'process', property: 'hrtime' },
  { object: 'process', property: 'uptime' },
  { object: 'Date', property: 'now' },
].map((p) => ({ ...p, message: determinismMessage }));

const bannedImports = {
  paths: [
    { name: 'node:timers', message: determinismMessage },
    { name: 'timers', message: determinismMessage },
    { name: 'node:timers/promises', message: determinismMessage },
    { name: 'node:perf_hooks', message: determinismMessage },
    { name: 'perf_hooks', message: determinismMessage },
  ],
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/cli/**'],
    rules: {
      'no-restricted-globals': ['error', ...bannedGlobals],
      'no-restricted-properties': ['error', ...bannedProperties],
      'no-restricted-imports': ['error', bannedImports],
    },
  },
  {
    // Controllers are pure: no store, no engine, no I/O.
    files: ['src/controllers/**/*.ts'],
    ignores: ['src/controllers/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: bannedImports.paths,
        patterns: [
          { group: ['**/store/**', '**/store', '**/engine/**', '**/engine', '**/cli/**', '**/scenario/**', '**/kubectl/**', '**/timetravel/**'],
            message: 'Controllers depend on api/ and state/ only (STYLE.md §1). Pass what you need through ctx.' },
          { group: ['node:fs', 'fs', 'node:path', 'path', 'node:child_process', 'better-sqlite3'],
            message: 'Controllers do no I/O (STYLE.md §3).' },
        ],
      }],
    },
  },
  {
    files: ['src/api/**/*.ts', 'src/state/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: bannedImports.paths,
        patterns: [
          { group: ['**/store/**', '**/engine/**', '**/controllers/**', '**/cli/**', '**/scenario/**', '**/kubectl/**', '**/timetravel/**'],
            message: 'api/ and state/ sit at the bottom of the dependency graph (STYLE.md §1).' },
        ],
      }],
    },
  },
);
