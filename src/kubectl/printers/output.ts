// `kubectl get -o json|yaml`: printers.JSONPrinter (json.MarshalIndent, four spaces, Go's HTML-safe
// escaping) and printers.YAMLPrinter, over the object as the API server returns it (unstructured,
// so keys are sorted); several objects are wrapped in a v1 List (kubectl/pkg/cmd/get printGeneric).
// Differs: the simulator's hidden `sim` field is dropped, as the API server never had it.
import type { Json, KObject } from '../../api/types.js';
import { toYaml } from './yaml.js';

export type OutputFormat = 'json' | 'yaml';

export interface OutputOptions {
  /**
   * Sort keys at every level, as kubectl does (it decodes the server's JSON into Go maps).
   * false keeps the object's own key order. Default true.
   */
  sortKeys?: boolean;
}

/** The object as the API server would return it: plain JSON without `sim` or undefined fields. */
export function apiView(obj: KObject): Json {
  const { sim: _sim, ...rest } = obj;
  return JSON.parse(JSON.stringify(rest)) as Json;
}

function sortDeep(v: Json): Json {
  if (Array.isArray(v)) return v.map(sortDeep);
  if (v === null || typeof v !== 'object') return v;
  const out: { [k: string]: Json } = {};
  for (const k of Object.keys(v).sort()) out[k] = sortDeep(v[k]!);
  return out;
}

/**
 * Go's json.MarshalIndent(v, "", "    ") plus a newline: <, >, & and U+2028/U+2029 are escaped
 * as \u003c …, and \b \f as \u0008 \u000c (Go before 1.22, which kubectl 1.28 is built with).
 */
export function toGoJson(v: Json): string {
  return (
    JSON.stringify(v, null, 4)
      .replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
      .replace(/\\(.)/g, (e, c: string) => (c === 'b' ? '\\u0008' : c === 'f' ? '\\u000c' : e)) + '\n'
  );
}

function render(v: Json, format: OutputFormat, opts: OutputOptions): string {
  return format === 'json' ? toGoJson(v) : toYaml(v, { sortKeys: opts.sortKeys !== false });
}

/**
 * One object, as `kubectl get KIND/NAME -o yaml|json` prints it.
 * @example printObject(pod, 'yaml').startsWith('apiVersion: v1\nkind: Pod\n')
 */
export function printObject(obj: KObject, format: OutputFormat, opts: OutputOptions = {}): string {
  const v = apiView(obj);
  return render(opts.sortKeys === false ? v : sortDeep(v), format, opts);
}

/** Zero or several objects, as `kubectl get KIND -o yaml|json` prints them: a v1 List. */
export function printList(objs: readonly KObject[], format: OutputFormat, opts: OutputOptions = {}): string {
  const items = objs.map((o) => {
    const v = apiView(o);
    return opts.sortKeys === false ? v : sortDeep(v);
  });
  return render({ apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } }, format, opts);
}
