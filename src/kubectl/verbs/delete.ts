// `kubectl delete`: by name, TYPE/NAME, -f, -l or --all, with --grace-period, --force, --now and
// --cascade. Follows kubectl/pkg/cmd/delete/{delete,delete_flags}.go (v1.28) and the API
// server's graceful deletion (src/state/apiserver.ts deleteObject).
// Differs: kubectl waits for the deletion to finish (--wait); here the command returns at once.
import { newNotFound } from '../../api/errors.js';
import { kindFor, resolveResource, resourceOf } from '../../api/scheme.js';
import type { KObject, KindInfo } from '../../api/types.js';
import { deleteObject, type PropagationPolicy } from '../../state/apiserver.js';
import { readManifests } from '../manifests.js';
import { Out } from '../output.js';
import { flagBool, flagNumber, flagString, flagStrings, parseFlags, parseResourceArgs, UsageError, type FlagSpec } from '../parse.js';
import type { KubectlEnv, KubectlResult } from '../types.js';
import { metaFor } from '../write.js';
import { FILENAME_FLAG, findObjects, namespaceOf, RECURSIVE_FLAG, SELECTOR_FLAG } from './common.js';

const DELETE_FLAGS: FlagSpec[] = [
  FILENAME_FLAG, RECURSIVE_FLAG, SELECTOR_FLAG, { name: 'all', kind: 'bool' }, { name: 'all-namespaces', short: 'A', kind: 'bool' },
  { name: 'grace-period', kind: 'int' }, { name: 'force', kind: 'bool' }, { name: 'now', kind: 'bool' },
  { name: 'cascade', kind: 'string' }, { name: 'wait', kind: 'bool' }, { name: 'ignore-not-found', kind: 'bool' },
  { name: 'output', short: 'o', kind: 'string' },
];

interface DeleteSettings {
  gracePeriod: number;
  policy: PropagationPolicy;
  outputName: boolean;
  command: string;
}

/** GetCascadingStrategy: background | foreground | orphan, or the deprecated booleans. */
function cascading(v: string | undefined, out: Out): PropagationPolicy {
  switch (v ?? 'background') {
    case 'background': return 'Background';
    case 'foreground': return 'Foreground';
    case 'orphan': return 'Orphan';
    case '1': case 't': case 'T': case 'TRUE': case 'true': case 'True':
      out.warn(`warning: --cascade=${v} is deprecated (boolean value) and can be replaced with --cascade=background.`);
      return 'Background';
    case '0': case 'f': case 'F': case 'FALSE': case 'false': case 'False':
      out.warn(`warning: --cascade=${v} is deprecated (boolean value) and can be replaced with --cascade=orphan.`);
      return 'Orphan';
    default: throw new UsageError(`invalid cascade value (${v}). Must be "background", "foreground", or "orphan"`);
  }
}

/** DeleteOptions.PrintObj: `pod "web-1" deleted`, "force deleted" with a zero grace period. */
function printDeleted(info: KindInfo, name: string, s: DeleteSettings, out: Out): void {
  if (s.outputName) out.print(`${info.qualified}/${name}`);
  else out.print(`${info.qualified} ${JSON.stringify(name)} ${s.gracePeriod === 0 ? 'force deleted' : 'deleted'}`);
}

function deleteOne(env: KubectlEnv, info: KindInfo, obj: KObject, s: DeleteSettings, out: Out): void {
  const meta = metaFor(env, 'unused', { command: s.command });
  const { type: _t, ...rest } = meta;
  deleteObject(env.ctx, obj, rest, { ...(s.gracePeriod >= 0 ? { gracePeriodSeconds: s.gracePeriod } : {}), propagationPolicy: s.policy });
  printDeleted(info, obj.metadata.name, s, out);
}

/** `kubectl delete …` */
export function deleteCommand(argv: string[], env: KubectlEnv, line: string): KubectlResult {
  const flags = parseFlags(argv, DELETE_FLAGS, 'kubectl delete');
  const out = new Out();
  const { namespace, enforce } = namespaceOf(flags);
  let grace = flagNumber(flags, 'grace-period') ?? -1;
  const force = flagBool(flags, 'force');
  if (flagBool(flags, 'now')) {
    if (grace !== -1) throw new UsageError('--now and --grace-period cannot be specified together');
    grace = 1;
  }
  // --grace-period=0 without --force becomes 1 (no accidental immediate deletion); --force alone means 0.
  if (grace === 0 && !force) grace = 1;
  if (force && grace < 0) grace = 0;
  if (grace === 0 && force) out.warn('warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.');
  else if (grace > 0 && force) throw new UsageError('--force and --grace-period greater than 0 cannot be specified together');
  const output = flagString(flags, 'output');
  if (output !== undefined && output !== 'name') throw new UsageError(`Unexpected -o output mode: ${JSON.stringify(output)}. We only support '-o name'`);
  const s: DeleteSettings = { gracePeriod: grace, policy: cascading(flagString(flags, 'cascade'), out), outputName: output === 'name', command: line };
  const files = flagStrings(flags, 'filename');
  const allNs = flagBool(flags, 'all-namespaces');
  const selector = flagString(flags, 'selector');
  const all = flagBool(flags, 'all');
  if (all && selector !== undefined) throw new UsageError('cannot set --all and --selector at the same time');
  let warnClusterScope = enforce && !allNs;
  const visit = (info: KindInfo, obj: KObject): void => {
    if (warnClusterScope && !info.namespaced) {
      out.warn('warning: deleting cluster-scoped resources, not scoped to the provided namespace');
      warnClusterScope = false;
    }
    deleteOne(env, info, obj, s, out);
  };
  if (files.length > 0) {
    if (flags.args.length > 0) throw new UsageError('Unexpected args: [' + flags.args.join(' ') + ']');
    deleteFromFiles(env, files, flagBool(flags, 'recursive'), namespace, visit, out);
    return out.result();
  }
  const reqs = parseResourceArgs(flags.args);
  if (reqs.length === 0) throw new UsageError("You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'");
  const ignoreNotFound = flagBool(flags, 'ignore-not-found') || (!flags.values.has('ignore-not-found') && (all || selector !== undefined));
  const probe = new Out();
  const found = findObjects(env, reqs, { namespace, allNamespaces: allNs, ...(selector !== undefined ? { selector } : {}), all }, probe);
  if (!ignoreNotFound) for (const e of probe.errors) out.fail(e);
  for (const f of found) visit(f.info, f.obj);
  if (found.length === 0 && out.errors.length === 0) out.print('No resources found');
  return out.result();
}

function deleteFromFiles(env: KubectlEnv, files: string[], recursive: boolean, namespace: string, visit: (info: KindInfo, obj: KObject) => void, out: Out): void {
  let items;
  try {
    const r = readManifests(env, files, recursive);
    items = r.items;
    for (const e of r.errors) out.error(e);
  } catch (e) {
    out.error((e as Error).message);
    return;
  }
  for (const m of items) {
    const raw = m.raw as { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } };
    const info = kindFor(String(raw.apiVersion), String(raw.kind));
    if (!info) {
      out.error(`resource mapping not found for name: ${JSON.stringify(String(raw.metadata?.name ?? ''))} namespace: ${JSON.stringify(String(raw.metadata?.namespace ?? ''))} from ${JSON.stringify(m.file)}: no matches for kind ${JSON.stringify(String(raw.kind))} in version ${JSON.stringify(String(raw.apiVersion))}\nensure CRDs are installed first`);
      continue;
    }
    const name = String(raw.metadata?.name ?? '');
    const ns = info.namespaced ? (typeof raw.metadata?.namespace === 'string' && raw.metadata.namespace) || namespace : '';
    const obj = env.ctx.view.get(info.kind, ns, name);
    if (!obj) out.fail({ t: 'api', error: newNotFound(resourceOf(info), name), verb: 'deleting', file: m.file });
    else visit(info, obj);
  }
}

/**
 * The scenario's `delete:` step: "kind/name" or "kind/namespace/name", deleted as
 * `kubectl delete kind name [-n namespace]` would.
 * @example deleteTarget('pod/web-abc12', env) // stdout 'pod "web-abc12" deleted\n'
 */
export function deleteTargetCommand(target: string, env: KubectlEnv): KubectlResult {
  const out = new Out();
  const parts = target.split('/');
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => p === '')) {
    out.error(`${JSON.stringify(target)} is not kind/name or kind/namespace/name`);
    return out.result();
  }
  const r = resolveResource(parts[0]!);
  if (!r.ok) {
    out.error(r.error.message);
    return out.result();
  }
  const info = r.info;
  const name = parts[parts.length - 1]!;
  const ns = info.namespaced ? (parts.length === 3 ? parts[1]! : 'default') : '';
  const obj = env.ctx.view.get(info.kind, ns, name);
  if (!obj) {
    out.fail({ t: 'api', error: newNotFound(resourceOf(info), name) });
    return out.result();
  }
  deleteOne(env, info, obj, { gracePeriod: -1, policy: 'Background', outputName: false, command: `kubectl delete ${info.singular} ${name}${info.namespaced ? ` -n ${ns}` : ''}` }, out);
  return out.result();
}

