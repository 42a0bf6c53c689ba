// `kubectl taint nodes …`, `kubectl cordon` and `kubectl uncordon`. Follows
// kubectl/pkg/cmd/taint/{taint,utils}.go and cmd/drain/drain.go RunCordonOrUncordon (v1.28).
// Differs: only the TYPE NAME… form of taint's arguments (plus --all and -l).
import { isQualifiedName, isValidLabelValue } from '../../api/names.js';
import { resolveResource } from '../../api/scheme.js';
import { KINDS, type Node, type Taint, type TaintEffect } from '../../api/types.js';
import { objectName, Out } from '../output.js';
import { flagBool, flagString, parseFlags, parseResourceArgs, UsageError, type FlagSpec } from '../parse.js';
import type { KubectlEnv, KubectlResult } from '../types.js';
import { apiObject, metaFor, updateObject } from '../write.js';
import { findObjects, SELECTOR_FLAG } from './common.js';

const EFFECTS: readonly string[] = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

interface ParsedTaint {
  key: string;
  value: string;
  effect: string;
}

/** Taint.ToString(): key, key=value:, key:Effect or key=value:Effect. */
function taintString(t: ParsedTaint): string {
  if (!t.effect) return t.value ? `${t.key}=${t.value}:` : t.key;
  return t.value ? `${t.key}=${t.value}:${t.effect}` : `${t.key}:${t.effect}`;
}

/** parseTaint: '<key>=<value>:<effect>', '<key>:<effect>' or '<key>'. */
function parseTaint(st: string): ParsedTaint {
  const parts = st.split(':');
  let key: string;
  let value = '';
  let effect = '';
  if (parts.length === 1) key = parts[0]!;
  else if (parts.length === 2) {
    effect = parts[1]!;
    if (!EFFECTS.includes(effect)) throw new Error(`invalid taint effect: ${effect}, unsupported taint effect`);
    const kv = parts[0]!.split('=');
    if (kv.length > 2) throw new Error(`invalid taint spec: ${st}`);
    key = kv[0]!;
    if (kv.length === 2) {
      value = kv[1]!;
      const errs = isValidLabelValue(value);
      if (errs.length > 0) throw new Error(`invalid taint spec: ${st}, ${errs.join('; ')}`);
    }
  } else throw new Error(`invalid taint spec: ${st}`);
  const errs = isQualifiedName(key);
  if (errs.length > 0) throw new Error(`invalid taint spec: ${st}, ${errs.join('; ')}`);
  return { key, value, effect };
}

/** parseTaints: additions need an effect and must be unique by (key, effect). */
function parseTaints(specs: readonly string[]): { add: ParsedTaint[]; remove: ParsedTaint[] } {
  const add: ParsedTaint[] = [];
  const remove: ParsedTaint[] = [];
  for (const spec of specs) {
    if (spec.endsWith('-')) {
      const t = parseTaint(spec.slice(0, -1));
      remove.push({ key: t.key, value: '', effect: t.effect });
      continue;
    }
    const t = parseTaint(spec);
    if (!t.effect) throw new Error(`invalid taint spec: ${spec}`);
    if (add.some((a) => a.key === t.key && a.effect === t.effect)) throw new Error(`duplicated taints with the same key and effect: {${t.key} ${t.value} ${t.effect} <nil>}`);
    add.push(t);
  }
  return { add, remove };
}

const matchTaint = (a: { key: string; effect: string }, b: { key: string; effect?: string }): boolean => a.key === b.key && a.effect === (b.effect ?? '');

/** reorganizeTaints: new taints first, then the old ones not replaced; removals; the operation. */
function reorganizeTaints(old: readonly Taint[], overwrite: boolean, add: readonly ParsedTaint[], remove: readonly ParsedTaint[]): { operation: string; taints: Taint[]; errors: string[] } {
  let taints: Taint[] = add.map((t) => ({ key: t.key, ...(t.value ? { value: t.value } : {}), effect: t.effect as TaintEffect }));
  for (const o of old) if (!taints.some((t) => matchTaint({ key: t.key, effect: t.effect }, o))) taints.push(o);
  const added = old.length !== taints.length;
  const errors: string[] = [];
  let deleted = false;
  for (const r of remove) {
    const before = taints.length;
    taints = taints.filter((t) => (r.effect ? !matchTaint(r, t) : t.key !== r.key));
    deleted = taints.length !== before;
    if (!deleted) errors.push(`taint ${JSON.stringify(taintString(r))} not found`);
  }
  const operation = (added && deleted) || overwrite ? 'modified' : added ? 'tainted' : 'untainted';
  return { operation, taints, errors };
}

const TAINT_FLAGS: FlagSpec[] = [SELECTOR_FLAG, { name: 'overwrite', kind: 'bool' }, { name: 'all', kind: 'bool' }];

/** `kubectl taint nodes NAME key=value:Effect | key:Effect- | key-` */
export function taintCommand(argv: string[], env: KubectlEnv, line: string): KubectlResult {
  const flags = parseFlags(argv, TAINT_FLAGS, 'kubectl taint');
  const out = new Out();
  const resources: string[] = [];
  const specs: string[] = [];
  for (const s of flags.args) {
    const isTaint = s.includes('=') || s.includes(':') || s.endsWith('-');
    if (isTaint) specs.push(s);
    else if (specs.length > 0) throw new UsageError(`all resources must be specified before taint changes: ${s}`);
    else resources.push(s);
  }
  if (resources.length < 1) throw new UsageError('one or more resources must be specified as <resource> <name>');
  if (specs.length < 1) throw new UsageError('at least one taint update is required');
  let parsed: { add: ParsedTaint[]; remove: ParsedTaint[] };
  try {
    parsed = parseTaints(specs);
  } catch (e) {
    throw new UsageError(`${(e as Error).message}\nSee 'kubectl taint -h' for help and examples`);
  }
  const type = resolveResource(resources[0]!.toLowerCase());
  if (!type.ok) throw new UsageError(type.error.message.replace(/^error: /, ''));
  if (type.kind !== 'Node') throw new UsageError(`invalid resource type ${resources[0]!.toLowerCase()}, only node types are supported`);
  const conflicts: string[] = [];
  for (const a of parsed.add) for (const r of parsed.remove) if (a.key === r.key && (!r.effect || a.effect === r.effect)) conflicts.push(`{"${r.key}":"${r.effect}"}`);
  if (conflicts.length > 0) throw new UsageError(`can not both modify and remove the following taint(s) in the same command: ${conflicts.join(', ')}`);
  const all = flagBool(flags, 'all');
  const selector = flagString(flags, 'selector');
  if (all && selector !== undefined) throw new UsageError("setting 'all' parameter with a non empty selector is prohibited");
  if (!all && selector === undefined && resources.length < 2) throw new UsageError("at least one resource name must be specified since 'all' parameter is not set");
  const reqs = [{ info: KINDS.Node, typed: resources[0]!, names: all || selector !== undefined ? [] : resources.slice(1) }];
  const found = findObjects(env, reqs, { namespace: '', all, ...(selector !== undefined ? { selector } : {}) }, out);
  const overwrite = flagBool(flags, 'overwrite');
  for (const { obj } of found) {
    const node = obj as Node;
    const old = node.spec?.taints ?? [];
    if (!overwrite) {
      const exists = parsed.add.filter((t) => old.some((o) => o.key === t.key && o.effect === t.effect)).map((t) => t.key);
      if (exists.length > 0) {
        out.error(`node ${node.metadata.name} already has ${exists.join(',')} taint(s) with same effect(s) and --overwrite is false`);
        continue;
      }
    }
    const r = reorganizeTaints(old, overwrite, parsed.add, parsed.remove);
    if (r.errors.length > 0) {
      for (const e of r.errors) out.error(e);
      continue;
    }
    const next = apiObject(node) as unknown as Node;
    if (r.taints.length > 0) next.spec = { ...next.spec, taints: r.taints };
    else delete next.spec.taints;
    const w = updateObject(env, node, next, metaFor(env, r.operation === 'untainted' ? 'NodeUntainted' : 'NodeTainted', { command: line }));
    if (!w.ok) {
      out.fail({ t: 'api', error: w.error });
      continue;
    }
    out.print(`${objectName(KINDS.Node, node.metadata.name)} ${r.operation}`);
  }
  return out.result();
}

/** `kubectl cordon NODE…` / `kubectl uncordon NODE…` */
export function cordonCommand(argv: string[], env: KubectlEnv, line: string, desired: boolean): KubectlResult {
  const verb = desired ? 'cordon' : 'uncordon';
  const flags = parseFlags(argv, [SELECTOR_FLAG], `kubectl ${verb}`);
  const out = new Out();
  const selector = flagString(flags, 'selector');
  if (flags.args.length === 0 && selector === undefined) throw new UsageError(`USAGE: ${verb} NODE [flags]\nSee 'kubectl ${verb} -h' for help and examples`);
  const reqs = flags.args.some((a) => a.includes('/')) ? parseResourceArgs(flags.args) : [{ info: KINDS.Node, typed: 'nodes', names: flags.args }];
  const found = findObjects(env, reqs, { namespace: '', ...(selector !== undefined ? { selector } : {}) }, out);
  for (const { info, obj } of found) {
    const name = objectName(info, obj.metadata.name);
    if (info.kind !== 'Node') {
      out.print(`${name} skipped`);
      continue;
    }
    const node = obj as Node;
    if ((node.spec?.unschedulable ?? false) === desired) {
      out.print(`${name} already ${verb}ed`);
      continue;
    }
    const next = apiObject(node) as unknown as Node;
    if (desired) next.spec = { ...next.spec, unschedulable: true };
    else delete next.spec.unschedulable;
    const w = updateObject(env, node, next, metaFor(env, desired ? 'NodeCordoned' : 'NodeUncordoned', { command: line }));
    if (!w.ok) {
      out.warn(`error: unable to ${verb} node ${JSON.stringify(node.metadata.name)}: ${w.error.message}`);
      continue;
    }
    out.print(`${name} ${verb}ed`);
  }
  return out.result();
}
