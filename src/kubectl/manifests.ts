// kubectl's -f: files, multi-document YAML or JSON, v1 Lists, directories (.json/.yaml/.yml,
// lexical order; -R to recurse). Follows cli-runtime/pkg/resource/visitor.go (v1.28).
// Differs: YAML errors carry the yaml package's wording, not go-yaml's.
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { KubectlEnv } from './types.js';

/** One object read from a file, before any decoding. */
export interface RawManifest {
  raw: unknown;
  /** the source kubectl names in messages: the path as given, or joined under a directory */
  file: string;
}

const EXTENSIONS = ['.json', '.yaml', '.yml'];

function isDirectory(env: KubectlEnv, path: string): boolean {
  try {
    return statSync(resolve(env.cwd, path)).isDirectory();
  } catch {
    return false;
  }
}

function filesIn(env: KubectlEnv, dir: string, recursive: boolean): string[] {
  const out: string[] = [];
  for (const name of readdirSync(resolve(env.cwd, dir)).sort()) {
    const p = join(dir, name);
    if (isDirectory(env, p)) {
      if (recursive) out.push(...filesIn(env, p, true));
    } else if (EXTENSIONS.some((e) => name.endsWith(e))) {
      out.push(p);
    }
  }
  return out;
}

/**
 * Objects in one file's text: documents in order, empty ones skipped, Lists flattened. A
 * malformed document ends the file (the stream decoder stops there) with an error message.
 */
export function parseManifestText(file: string, text: string): { items: RawManifest[]; error?: string } {
  const out: RawManifest[] = [];
  const docs = parseAllDocuments(text, { uniqueKeys: true, prettyErrors: false });
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    const err = doc.errors[0];
    if (err) {
      const first = err.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
      const line = err.linePos?.[0]?.line;
      return { items: out, error: `error parsing ${file}: error converting YAML to JSON: yaml: ${line !== undefined ? `line ${line}: ` : ''}${first}` };
    }
    if (doc.contents === null) continue;
    const v = doc.toJS({ maxAliasCount: 100 }) as unknown;
    if (v === null || v === undefined) continue;
    const o = v as { kind?: unknown; items?: unknown };
    if (typeof o === 'object' && typeof o.kind === 'string' && o.kind.endsWith('List') && Array.isArray(o.items)) {
      for (const item of o.items) out.push({ raw: item, file });
    } else {
      out.push({ raw: v, file });
    }
  }
  return { items: out };
}

/**
 * Read every -f argument. Throws Error with kubectl's message (without "error: ") for a missing
 * path: the builder fails before anything is sent. A malformed file yields the objects before
 * the bad document and an error (the builder continues on error; the command fails at the end).
 */
export function readManifests(env: KubectlEnv, paths: readonly string[], recursive: boolean): { items: RawManifest[]; errors: string[] } {
  const items: RawManifest[] = [];
  const errors: string[] = [];
  const texts: [string, string][] = [];
  for (const p of paths) {
    const files = isDirectory(env, p) ? filesIn(env, p, recursive) : [p];
    for (const f of files) {
      try {
        texts.push([f, env.readFile(f)]);
      } catch {
        throw new Error(`the path ${JSON.stringify(f)} does not exist`);
      }
    }
  }
  for (const [f, text] of texts) {
    const r = parseManifestText(f, text);
    items.push(...r.items);
    if (r.error) errors.push(r.error);
  }
  return { items, errors };
}
