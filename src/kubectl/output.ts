// What kubectl's write verbs print: the name printer ("deployment.apps/web created"), server
// warnings, and errors as cmdutil.CheckErr prints them (one error alone, several one per line).
// Follows cli-runtime printers/name.go and kubectl/pkg/cmd/util/helpers.go (v1.28).
import { kubectlMessage, type ApiError, type ApplyPatchContext, type KubectlVerb } from '../api/errors.js';
import type { KindInfo } from '../api/types.js';
import type { KubectlResult } from './types.js';

/** "deployment.apps/web": the name printer's resource/name. */
export function objectName(info: KindInfo, name: string): string {
  return `${info.qualified}/${name}`;
}

/** `deployment.apps "web"`: the resource and quoted name kubectl uses in many messages. */
export function quotedName(info: KindInfo, name: string): string {
  const group = info.apiVersion.includes('/') ? `.${info.apiVersion.split('/')[0]}` : '';
  return `${info.plural}${group} ${JSON.stringify(name)}`;
}

/** One error of a command, kept until the command ends (kubectl aggregates them). */
export type CmdError =
  | { t: 'api'; error: ApiError; verb?: KubectlVerb; file?: string; apply?: ApplyPatchContext }
  /** a client-side error; printed "error: <message>" when alone */
  | { t: 'msg'; message: string };

/**
 * Collects a command's output. Errors are printed at the end, as kubectl's CheckErr does: one
 * error alone with its special forms (Invalid: "The Deployment "web" is invalid: …"), several as
 * "Error from server (Reason): …" lines; any error makes the exit code 1.
 */
export class Out {
  stdout = '';
  stderr = '';
  readonly errors: CmdError[] = [];

  print(line: string): void {
    this.stdout += line.endsWith('\n') ? line : `${line}\n`;
  }

  warn(line: string): void {
    this.stderr += line.endsWith('\n') ? line : `${line}\n`;
  }

  /** Server warnings ("Warning: spec.template…: …"), as client-go's warning handler prints them. */
  warnings(ws: readonly string[]): void {
    for (const w of ws) this.warn(`Warning: ${w}`);
  }

  fail(e: CmdError): void {
    this.errors.push(e);
  }

  error(message: string): void {
    this.errors.push({ t: 'msg', message });
  }

  result(readOnly = false): KubectlResult {
    const r: KubectlResult = { exitCode: this.errors.length > 0 ? 1 : 0, stdout: this.stdout, stderr: this.stderr + formatErrors(this.errors) };
    if (readOnly) r.readOnly = true;
    return r;
  }
}

/** StandardErrorMessage: "Error from server (Reason): <source part><message>" for every reason. */
function standardMessage(e: Extract<CmdError, { t: 'api' }>): string {
  if (e.error.reason !== 'Invalid') return kubectlMessage(e.error, e.verb ?? 'patching', e.file, e.apply);
  // kubectlMessage renders Invalid in CheckErr's single-error form; in an aggregate it is standard.
  const as = kubectlMessage({ ...e.error, reason: 'BadRequest' }, e.verb ?? 'patching', e.file, e.apply);
  return as.replace(/^Error from server \(BadRequest\)/, 'Error from server (Invalid)');
}

/** What CheckErr prints for the errors of a command ('' for none); ends with a newline. */
export function formatErrors(errors: readonly CmdError[]): string {
  if (errors.length === 0) return '';
  if (errors.length === 1) {
    const e = errors[0]!;
    const msg = e.t === 'api' ? kubectlMessage(e.error, e.verb ?? 'patching', e.file, e.apply)
      : e.message.startsWith('error: ') ? e.message : `error: ${e.message}`;
    return msg.endsWith('\n') ? msg : `${msg}\n`;
  }
  // MultipleErrors: each error's standard message, one a line, no "error: " prefix added.
  return errors.map((e) => `${e.t === 'api' ? standardMessage(e) : e.message.replace(/\n$/, '')}\n`).join('');
}

/** A finished command that only failed. */
export function failure(message: string): KubectlResult {
  const o = new Out();
  o.error(message);
  return o.result();
}

// ------------------------------------------------------------------ Go's JSON

/**
 * Go's json.Marshal of decoded JSON (map keys sorted, <, > and & escaped as \u003c …, U+2028/9
 * escaped); what kubectl puts in the last-applied annotation and prints as patches.
 * @example goJson({b: 1, a: '<x>'}) // '{"a":"\u003cx\u003e","b":1}'
 */
export function goJson(v: unknown): string {
  return JSON.stringify(sortKeys(v)).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  const o = v as Record<string, unknown>;
  for (const k of Object.keys(o).sort()) if (o[k] !== undefined) out[k] = sortKeys(o[k]);
  return out;
}
