// Numbered SQL migrations (migrations/NNN_name.sql) applied in order on open; the schema version
// is SQLite's user_version. A database written by a newer kreplay is refused, never "upgraded
// down".
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** The migrations folder: found by walking up from this module (src/ or dist/src/). */
export function migrationsDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'migrations');
    if (existsSync(join(dir, 'package.json')) && existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  throw new Error('kreplay installation is incomplete: the migrations/ folder was not found');
}

export function loadMigrations(dir = migrationsDir()): Migration[] {
  const out: Migration[] = [];
  for (const file of readdirSync(dir).sort()) {
    const m = /^(\d+)_([\w-]+)\.sql$/.exec(file);
    if (!m) continue;
    out.push({ version: Number(m[1]), name: m[2]!, sql: readFileSync(join(dir, file), 'utf8') });
  }
  out.forEach((mig, i) => {
    if (mig.version !== i + 1) throw new Error(`migrations must be numbered 1, 2, 3 … without gaps; found ${mig.version} at position ${i + 1}`);
  });
  return out;
}

export const LATEST_SCHEMA = (): number => loadMigrations().length;

export class SchemaTooNewError extends Error {}

/** Bring `db` to the latest schema; refuse one newer than this kreplay knows. */
export function migrate(db: Database.Database, file: string, migrations = loadMigrations()): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.length;
  if (current > latest) {
    throw new SchemaTooNewError(`${file} was written by a newer kreplay (schema version ${current}; this kreplay knows up to ${latest}). Upgrade kreplay, or use another --db.`);
  }
  for (const mig of migrations.slice(current)) {
    db.transaction(() => {
      db.exec(mig.sql);
      db.pragma(`user_version = ${mig.version}`);
    })();
  }
  return latest;
}
