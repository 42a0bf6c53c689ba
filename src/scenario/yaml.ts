// YAML documents that remember where each value came from, so that every complaint about a
// scenario or a manifest names the file and the line ("web.yaml:12: spec.replicas: …").
import { isMap, isSeq, LineCounter, parseAllDocuments, type Document, type Node as YamlNode } from 'yaml';

export type Path = readonly (string | number)[];

export class InputError extends Error {
  constructor(readonly file: string, readonly line: number | undefined, readonly reason: string) {
    super(`${file}${line !== undefined ? `:${line}` : ''}: ${reason}`);
  }
}

/** One parsed YAML document and the means to find the line of any path in it. */
export class SourceDoc {
  constructor(
    readonly file: string,
    readonly doc: Document.Parsed,
    private readonly lines: LineCounter,
    readonly value: unknown,
  ) {}

  /** Line (1-based) of the value at `path`, or of its nearest existing ancestor. */
  lineOf(path: Path): number | undefined {
    for (let n = path.length; n >= 0; n--) {
      const node = this.doc.getIn(path.slice(0, n), true) as YamlNode | undefined;
      if (node && typeof node === 'object' && 'range' in node && node.range) return this.lines.linePos(node.range[0]).line;
      if (n === 0) {
        const c = this.doc.contents;
        if (c && c.range) return this.lines.linePos(c.range[0]).line;
      }
    }
    return undefined;
  }

  /** Line of the key of a map entry (for "unknown field" complaints). */
  keyLine(path: Path): number | undefined {
    const parent = this.doc.getIn(path.slice(0, -1), true) as YamlNode | undefined;
    if (parent && isMap(parent)) {
      const last = path[path.length - 1];
      for (const item of parent.items) {
        const k = item.key as YamlNode | undefined;
        if (k && typeof k === 'object' && 'value' in k && (k as { value: unknown }).value === last && k.range) return this.lines.linePos(k.range[0]).line;
      }
    }
    return this.lineOf(path);
  }

  error(path: Path, reason: string): InputError {
    return new InputError(this.file, this.lineOf(path), reason);
  }
}

/** Parse every document of a YAML text; reject syntax errors and duplicate keys with their line. */
export function parseYamlDocuments(file: string, text: string): SourceDoc[] {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const list = Array.isArray(docs) ? docs : [docs];
  const out: SourceDoc[] = [];
  for (const doc of list) {
    const err = doc.errors[0];
    if (err) {
      const line = lines.linePos(err.pos[0]).line;
      throw new InputError(file, line, `malformed YAML: ${yamlReason(err.message)}`);
    }
    if (doc.contents === null) continue; // an empty document between '---' separators
    out.push(new SourceDoc(file, doc, lines, doc.toJS({ maxAliasCount: 100 })));
  }
  return out;
}

function yamlReason(message: string): string {
  // the yaml package appends " at line N, column M:" and a code excerpt; keep the first sentence
  const first = message.split('\n')[0]!;
  return first.replace(/ at line \d+, column \d+:?$/, '').trim();
}

export { isMap, isSeq };
