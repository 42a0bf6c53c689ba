// Small typed readers for scenario fields: each failure names the file, the line and the fix.
import { parseDurationSeconds } from '../api/time.js';
import { isQuantity } from '../api/quantity.js';
import type { Json } from '../api/types.js';
import type { Path, SourceDoc } from './yaml.js';

export type Obj = Record<string, unknown>;

export class Reader {
  constructor(readonly src: SourceDoc) {}

  fail(path: Path, reason: string): never {
    throw this.src.error(path, `${fmtPath(path)}: ${reason}`);
  }

  obj(v: unknown, path: Path, allowed: readonly string[]): Obj {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) this.fail(path, `must be a mapping, not ${describe(v)}`);
    const o = v as Obj;
    for (const k of Object.keys(o)) {
      if (!allowed.includes(k)) {
        throw this.src.error([...path, k], `${fmtPath([...path, k])}: unknown field (expected one of: ${allowed.join(', ')})`);
      }
    }
    return o;
  }

  list(v: unknown, path: Path): unknown[] {
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) this.fail(path, `must be a list, not ${describe(v)}`);
    return v as unknown[];
  }

  str(v: unknown, path: Path, required = false): string | undefined {
    if (v === undefined || v === null) {
      if (required) this.fail(path, 'is required');
      return undefined;
    }
    if (typeof v !== 'string' && typeof v !== 'number') this.fail(path, `must be a string, not ${describe(v)}`);
    return String(v);
  }

  reqStr(v: unknown, path: Path): string {
    return this.str(v, path, true)!;
  }

  int(v: unknown, path: Path, min = 0): number | undefined {
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) this.fail(path, `must be an integer ≥ ${min}, not ${JSON.stringify(v)}`);
    return v as number;
  }

  bool(v: unknown, path: Path): boolean | undefined {
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'boolean') this.fail(path, `must be true or false, not ${JSON.stringify(v)}`);
    return v as boolean;
  }

  /** a duration in whole seconds */
  duration(v: unknown, path: Path, required = false): number | undefined {
    if (v === undefined || v === null) {
      if (required) this.fail(path, 'is required (a duration such as 90s, 5m, 1h30m)');
      return undefined;
    }
    const s = parseDurationSeconds(v);
    if (Number.isNaN(s)) this.fail(path, `${JSON.stringify(v)} is not a duration (use 90s, 5m, 1h30m or a number of seconds)`);
    if (!Number.isInteger(s)) this.fail(path, `${JSON.stringify(v)} is not a whole number of seconds (one tick is one second)`);
    return s;
  }

  quantity(v: unknown, path: Path): string | undefined {
    if (v === undefined || v === null) return undefined;
    const q = typeof v === 'string' ? v.trim() : v;
    if (!isQuantity(q)) this.fail(path, `${JSON.stringify(v)} is not a Kubernetes quantity (e.g. 500m, 2, 1Gi, 1G)`);
    return String(q);
  }

  stringMap(v: unknown, path: Path): Record<string, string> | undefined {
    if (v === undefined || v === null) return undefined;
    const o = this.obj(v, path, Object.keys((v as Obj) ?? {}));
    const out: Record<string, string> = {};
    for (const k of Object.keys(o)) {
      const val = o[k];
      if (typeof val !== 'string' && typeof val !== 'number' && typeof val !== 'boolean') this.fail([...path, k], `must be a string, not ${describe(val)}`);
      out[k] = String(val);
    }
    return out;
  }

  json(v: unknown): Json {
    return v as Json;
  }
}

export function fmtPath(path: Path): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : s === '' ? p : `.${p}`;
  return s || '(top level)';
}

export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return `${typeof v} ${JSON.stringify(v)}`;
}
