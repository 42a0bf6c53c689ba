// kubectl's command line: shell-like tokenizing, pflag's flag forms (--x=y, --x y, -n ns, -nns,
// -f a,b), and the resource builder's argument forms (TYPE NAME…, TYPE/NAME…, TYPE1,TYPE2).
// Follows spf13/pflag and cli-runtime/pkg/resource/builder.go (v1.28). Differs: no env expansion.
import { resolveResource } from '../api/scheme.js';
import type { KindInfo } from '../api/types.js';

/** A command-line error kubectl reports before touching the server (printed "error: <message>"). */
export class UsageError extends Error {}

/**
 * Split a command line as a POSIX shell would: whitespace separates words; '…' is literal;
 * "…" honours \" \\ \$ \` escapes; a backslash outside quotes escapes the next character.
 * @example tokenize(`patch deploy web -p '{"spec":{"replicas":3}}'`) // ['patch','deploy','web','-p','{"spec":{"replicas":3}}']
 */
export function tokenize(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new UsageError('unterminated quoted string in the command line');
      cur += line.slice(i + 1, end);
      i = end;
      inWord = true;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < line.length && line[j] !== '"'; j++) {
        if (line[j] === '\\' && j + 1 < line.length && '"\\$`\n'.includes(line[j + 1]!)) j++;
        cur += line[j];
      }
      if (j >= line.length) throw new UsageError('unterminated quoted string in the command line');
      i = j;
      inWord = true;
    } else if (c === '\\' && i + 1 < line.length) {
      cur += line[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) out.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (inWord) out.push(cur);
  return out;
}

// ------------------------------------------------------------------ flags

export type FlagKind = 'bool' | 'string' | 'int' | 'duration' | 'strings';

export interface FlagSpec {
  name: string;
  short?: string;
  kind: FlagKind;
}

export type FlagValue = boolean | string | number | string[];

export interface ParsedFlags {
  /** values of the flags given (durations in seconds, strings flags accumulated) */
  values: Map<string, FlagValue>;
  /** positional arguments, in order */
  args: string[];
  /** the flags as given, in order, for --record's change-cause (" --name=value") */
  given: [string, string][];
}

/** Flags every kubectl command accepts. */
export const GLOBAL_FLAGS: readonly FlagSpec[] = [{ name: 'namespace', short: 'n', kind: 'string' }];

/** Go's time.ParseDuration for the forms kubectl users type ("30s", "5m", "1h30m", "0"); seconds. */
export function parseGoDuration(s: string): number {
  if (s === '0') return 0;
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/gy;
  const unit: Record<string, number> = { ns: 1e-9, us: 1e-6, µs: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };
  let rest = s;
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    sign = rest.startsWith('-') ? -1 : 1;
    rest = rest.slice(1);
  }
  if (rest === '') throw new Error(`time: invalid duration ${JSON.stringify(s)}`);
  let total = 0;
  let at = 0;
  re.lastIndex = 0;
  while (at < rest.length) {
    re.lastIndex = at;
    const m = re.exec(rest);
    if (!m) {
      if (/^\d+(\.\d*)?$/.test(rest.slice(at))) throw new Error(`time: missing unit in duration ${JSON.stringify(s)}`);
      throw new Error(`time: invalid duration ${JSON.stringify(s)}`);
    }
    total += Number(m[1]) * unit[m[2]!]!;
    at = re.lastIndex;
  }
  return sign * total;
}

function goParseBool(s: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(s)) return false;
  return undefined;
}

function display(spec: FlagSpec): string {
  return spec.short ? `-${spec.short}, --${spec.name}` : `--${spec.name}`;
}

function convert(spec: FlagSpec, raw: string): FlagValue {
  const bad = (why: string): never => { throw new UsageError(`invalid argument ${JSON.stringify(raw)} for "${display(spec)}" flag: ${why}`); };
  switch (spec.kind) {
    case 'bool': {
      const b = goParseBool(raw);
      return b ?? bad(`strconv.ParseBool: parsing ${JSON.stringify(raw)}: invalid syntax`);
    }
    case 'int':
      if (!/^[+-]?\d+$/.test(raw)) return bad(`strconv.ParseInt: parsing ${JSON.stringify(raw)}: invalid syntax`);
      return Number(raw);
    case 'duration':
      try {
        return parseGoDuration(raw);
      } catch (e) {
        return bad((e as Error).message);
      }
    case 'string': return raw;
    case 'strings': return raw === '' ? [] : raw.split(',');
  }
}

/**
 * pflag's parse with interspersed arguments. Errors are cobra's flag errors wrapped by kubectl's
 * FlagErrorFunc: "unknown flag: --foo\nSee 'kubectl get --help' for usage."
 */
export function parseFlags(argv: readonly string[], specs: readonly FlagSpec[], cmdPath: string): ParsedFlags {
  const all = [...specs, ...GLOBAL_FLAGS];
  const byName = new Map(all.map((s) => [s.name, s]));
  const byShort = new Map(all.filter((s) => s.short).map((s) => [s.short!, s]));
  const values = new Map<string, FlagValue>();
  const args: string[] = [];
  const given: [string, string][] = [];
  const fail = (msg: string): never => { throw new UsageError(`${msg}\nSee '${cmdPath} --help' for usage.`); };
  const set = (spec: FlagSpec, raw: string): void => {
    let v: FlagValue;
    try {
      v = convert(spec, raw);
    } catch (e) {
      return fail((e as Error).message);
    }
    const prev = values.get(spec.name);
    values.set(spec.name, spec.kind === 'strings' && Array.isArray(prev) ? [...prev, ...(v as string[])] : v);
    given.push([spec.name, raw]);
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      args.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
      const spec = byName.get(name);
      if (!spec) fail(`unknown flag: --${name}`);
      if (eq >= 0) set(spec!, a.slice(eq + 1));
      else if (spec!.kind === 'bool') set(spec!, 'true');
      else if (i + 1 < argv.length) set(spec!, argv[++i]!);
      else fail(`flag needs an argument: --${name}`);
    } else if (a.startsWith('-') && a.length > 1) {
      // shorthand cluster: -A, -n ns, -nns, -n=ns, -Af
      for (let j = 1; j < a.length; j++) {
        const c = a[j]!;
        const spec = byShort.get(c);
        if (!spec) fail(`unknown shorthand flag: '${c}' in ${a}`);
        if (a[j + 1] === '=') {
          set(spec!, a.slice(j + 2));
          break;
        }
        if (spec!.kind === 'bool') {
          set(spec!, 'true');
          continue;
        }
        if (j + 1 < a.length) set(spec!, a.slice(j + 1));
        else if (i + 1 < argv.length) set(spec!, argv[++i]!);
        else fail(`flag needs an argument: '${c}' in ${a}`);
        break;
      }
    } else {
      args.push(a);
    }
  }
  return { values, args, given };
}

export const flagString = (p: ParsedFlags, name: string): string | undefined => p.values.get(name) as string | undefined;
export const flagBool = (p: ParsedFlags, name: string): boolean => p.values.get(name) === true;
export const flagNumber = (p: ParsedFlags, name: string): number | undefined => p.values.get(name) as number | undefined;
export const flagStrings = (p: ParsedFlags, name: string): string[] => (p.values.get(name) as string[] | undefined) ?? [];

// ------------------------------------------------------------------ resource arguments

/** One kind and the names asked for (none: every object of the kind). */
export interface ResourceRequest {
  info: KindInfo;
  /** the argument as typed, for messages */
  typed: string;
  names: string[];
}

/**
 * The "all" category in discovery order, for the kinds kreplay serves (services, daemonsets, jobs
 * and cronjobs are not modelled): HPAs are in it (their storage's Categories()).
 */
export const ALL_CATEGORY = ['pods', 'deployments', 'replicasets', 'statefulsets', 'horizontalpodautoscalers'] as const;

const SLASH_FORM_ERROR = "there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'";

/**
 * ResourceTypeOrNameArgs: "TYPE NAME…", "TYPE1,TYPE2 [NAME…]" or "TYPE/NAME…". `all` expands
 * the "all" category to the kinds kreplay serves in it (pods, deployments, replicasets, HPAs).
 * @example parseResourceArgs(['deploy/web', 'pod/x']) // [{info: Deployment, names: ['web']}, {info: Pod, names: ['x']}]
 */
export function parseResourceArgs(args: readonly string[], opts: { allowAll?: boolean } = {}): ResourceRequest[] {
  if (args.length === 0) return [];
  const resolve = (t: string): KindInfo => {
    const r = resolveResource(t);
    if (!r.ok) throw new UsageError(r.error.message.replace(/^error: /, ''));
    return r.info;
  };
  if (args.some((a) => a.includes('/'))) {
    const out: ResourceRequest[] = [];
    for (const a of args) {
      if (!a.includes('/')) throw new UsageError(SLASH_FORM_ERROR);
      const i = a.indexOf('/');
      const type = a.slice(0, i);
      const name = a.slice(i + 1);
      if (name === '' || type === '') throw new UsageError(`arguments in resource/name form must have a single resource and name`);
      const info = resolve(type);
      const last = out[out.length - 1];
      if (last && last.info === info) last.names.push(name);
      else out.push({ info, typed: type, names: [name] });
    }
    return out;
  }
  const [types, ...names] = args;
  const out: ResourceRequest[] = [];
  for (const t of types!.split(',')) {
    if (t === '') continue;
    if (t.toLowerCase() === 'all' && opts.allowAll) {
      for (const k of ALL_CATEGORY) out.push({ info: resolve(k), typed: k, names: [...names] });
      continue;
    }
    out.push({ info: resolve(t), typed: t, names: [...names] });
  }
  return out;
}
