// What every verb shares: the namespace flags, finding the objects a command names (by name, by
// -l selector, --all) with kubectl's NotFound errors, and --record's change-cause.
// Follows cli-runtime/pkg/resource/builder.go and genericclioptions/record_flags.go (v1.28).
import { newNotFound } from '../../api/errors.js';
import { matches, parseSelector, SelectorError, type Selector } from '../../api/labels.js';
import { resourceOf } from '../../api/scheme.js';
import type { KObject, KindInfo } from '../../api/types.js';
import type { Out } from '../output.js';
import { flagBool, flagString, UsageError, type FlagSpec, type ParsedFlags, type ResourceRequest } from '../parse.js';
import type { KubectlEnv } from '../types.js';

/** A verb's invocation: the environment, its parsed flags, and "kubectl <verb>" for messages. */
export interface Invocation {
  env: KubectlEnv;
  flags: ParsedFlags;
  /** "kubectl scale", "kubectl rollout undo" */
  path: string;
}

export const RECORD_FLAG: FlagSpec = { name: 'record', kind: 'bool' };
export const SELECTOR_FLAG: FlagSpec = { name: 'selector', short: 'l', kind: 'string' };
export const FILENAME_FLAG: FlagSpec = { name: 'filename', short: 'f', kind: 'strings' };
export const RECURSIVE_FLAG: FlagSpec = { name: 'recursive', short: 'R', kind: 'bool' };

/** The request namespace: -n, else the context's ("default"); enforce when -n was given. */
export function namespaceOf(p: ParsedFlags): { namespace: string; enforce: boolean } {
  const ns = flagString(p, 'namespace');
  return ns ? { namespace: ns, enforce: true } : { namespace: 'default', enforce: false };
}

/**
 * --record's change-cause: the command path, the arguments, then each flag as " --name=value"
 * (record_flags.go parseCommandArguments). Prints the deprecation warning.
 */
export function changeCause(inv: Invocation, out: Out): string | undefined {
  if (!inv.flags.values.has('record')) return undefined;
  out.warn('Flag --record has been deprecated, --record will be removed in the future');
  if (!flagBool(inv.flags, 'record')) return undefined;
  const args = inv.flags.args.length > 0 ? ` ${inv.flags.args.join(' ')}` : '';
  return `${inv.path}${args}${inv.flags.given.map(([n, v]) => ` --${n}=${v}`).join('')}`;
}

export function parseLabelSelector(s: string): Selector {
  try {
    return parseSelector(s);
  } catch (e) {
    if (e instanceof SelectorError) throw new UsageError(e.message);
    throw e;
  }
}

export interface Found {
  info: KindInfo;
  obj: KObject;
}

/** Objects of a kind in the namespace (all namespaces with allNamespaces), in name order. */
export function listKind(env: KubectlEnv, info: KindInfo, namespace: string, allNamespaces: boolean): KObject[] {
  const objs = info.namespaced && !allNamespaces ? env.ctx.view.list(info.kind, namespace) : env.ctx.view.list(info.kind);
  return [...objs].sort((a, b) => {
    const an = a.metadata.namespace ?? '';
    const bn = b.metadata.namespace ?? '';
    if (an !== bn) return an < bn ? -1 : 1;
    return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
  });
}

export interface FindOptions {
  namespace: string;
  allNamespaces?: boolean;
  selector?: string;
  all?: boolean;
  /** what to say when neither names, a selector nor --all were given */
  missingNames?: string;
}

/**
 * The objects named by resource arguments (NotFound errors recorded in `out`), or every object
 * of the kinds matching -l / --all, in the API server's list order.
 */
export function findObjects(env: KubectlEnv, reqs: readonly ResourceRequest[], o: FindOptions, out: Out): Found[] {
  const found: Found[] = [];
  const sel = o.selector !== undefined ? parseLabelSelector(o.selector) : undefined;
  for (const r of reqs) {
    if (r.names.length > 0) {
      if (sel) throw new UsageError('name cannot be provided when a selector is specified');
      for (const name of r.names) {
        const obj = env.ctx.view.get(r.info.kind, r.info.namespaced ? o.namespace : '', name);
        if (obj) found.push({ info: r.info, obj });
        else out.fail({ t: 'api', error: newNotFound(resourceOf(r.info), name) });
      }
      continue;
    }
    if (!sel && !o.all) throw new UsageError(o.missingNames ?? `resource(s) were provided, but no name was specified`);
    for (const obj of listKind(env, r.info, o.namespace, o.allNamespaces === true)) {
      if (!sel || matches(sel, obj.metadata.labels)) found.push({ info: r.info, obj });
    }
  }
  return found;
}
