// `kubectl drain NODE…|-l SELECTOR`: Complete (flags, nodes), RunCordonOrUncordon, then the
// drain process (../drain/process.ts) that evicts through the Eviction API across ticks.
// Follows staging/src/k8s.io/kubectl/pkg/cmd/drain/drain.go (v1.28). Differs: --dry-run=server
// and --chunk-size are not modelled (the latter is accepted and ignored).
import { parseSelector, SelectorError, type Selector } from '../../api/labels.js';
import { newNotFound } from '../../api/errors.js';
import type { Node } from '../../api/types.js';
import { DrainOutput, DrainProcess, type DrainSettings } from '../drain/process.js';
import { Out } from '../output.js';
import { flagBool, flagNumber, flagString, parseFlags, UsageError, type FlagSpec } from '../parse.js';
import type { KubectlEnv, KubectlResult } from '../types.js';
import { apiObject, metaFor, updateObject } from '../write.js';
import { listKind, SELECTOR_FLAG } from './common.js';
import { KINDS } from '../../api/types.js';
import { matches } from '../../api/labels.js';

const DRAIN_FLAGS: FlagSpec[] = [
  SELECTOR_FLAG, { name: 'force', kind: 'bool' }, { name: 'ignore-daemonsets', kind: 'bool' }, { name: 'delete-emptydir-data', kind: 'bool' },
  { name: 'delete-local-data', kind: 'bool' }, { name: 'grace-period', kind: 'int' }, { name: 'timeout', kind: 'duration' },
  { name: 'pod-selector', kind: 'string' }, { name: 'disable-eviction', kind: 'bool' }, { name: 'skip-wait-for-delete-timeout', kind: 'int' },
  { name: 'dry-run', kind: 'string' }, { name: 'chunk-size', kind: 'int' },
];

const USAGE_SUFFIX = "\nSee 'kubectl drain -h' for help and examples";

/** The nodes the command names (ResourceNames("nodes", args…) or -l), or the error Complete returns. */
function resolveNodes(env: KubectlEnv, args: readonly string[], selector: Selector | undefined): Node[] | { error: Out } {
  if (selector) return (listKind(env, KINDS.Node, '', false) as Node[]).filter((n) => matches(selector, n.metadata.labels));
  const nodes: Node[] = [];
  for (const a of args) {
    const slash = a.indexOf('/');
    if (slash >= 0 && !['node', 'nodes', 'no'].includes(a.slice(0, slash).toLowerCase())) {
      const out = new Out();
      out.error(`error: expected resource of type node, got ${JSON.stringify(a.slice(0, slash))}`);
      return { error: out };
    }
    const name = slash >= 0 ? a.slice(slash + 1) : a;
    const node = env.ctx.view.get('Node', '', name);
    if (!node) {
      // the builder's visitor stops at the first error
      const out = new Out();
      out.fail({ t: 'api', error: newNotFound('nodes', name) });
      return { error: out };
    }
    nodes.push(node);
  }
  return nodes;
}

/** RunCordonOrUncordon(true): "node/x cordoned", or "already cordoned"; dry runs print only. */
function cordon(env: KubectlEnv, nodes: readonly Node[], dryRun: boolean, line: string, o: DrainOutput): void {
  const suffix = dryRun ? ' (dry run)' : '';
  for (const node of nodes) {
    const name = node.metadata.name;
    if (node.spec?.unschedulable === true) {
      o.out(`node/${name} already cordoned${suffix}`);
      continue;
    }
    if (!dryRun) {
      const next = apiObject(node) as unknown as Node;
      next.spec = { ...next.spec, unschedulable: true };
      const w = updateObject(env, node, next, metaFor(env, 'NodeCordoned', { command: line }));
      if (!w.ok) {
        o.err(`error: unable to cordon node ${JSON.stringify(name)}: ${w.error.message}`);
        continue;
      }
    }
    o.out(`node/${name} cordoned${suffix}`);
  }
}

/**
 * `kubectl drain`: cordon the nodes, then drain them one after the other — evict their pods
 * through the Eviction API (retrying refused evictions every 5 s), wait for the pods to go,
 * "node/x drained". Bare pods need --force, DaemonSet pods --ignore-daemonsets, emptyDir pods
 * --delete-emptydir-data. Returns a ClientProcess while pods are still being evicted; with
 * env.resume it only re-creates that process from the state (no output, no writes).
 *
 * @example drainCommand(['worker-1', '--ignore-daemonsets'], env, 'kubectl drain worker-1 --ignore-daemonsets')
 *   // stdout "node/worker-1 cordoned\nevicting pod default/web-…\n…", process: the rest of the drain
 */
export function drainCommand(argv: string[], env: KubectlEnv, line: string): KubectlResult {
  const flags = parseFlags(argv, DRAIN_FLAGS, 'kubectl drain');
  const o = new DrainOutput();
  if (flags.values.has('delete-local-data')) o.err('Flag --delete-local-data has been deprecated, This option is deprecated and will be deleted. Use --delete-emptydir-data.');
  const selectorText = flagString(flags, 'selector') ?? '';
  if (flags.args.length === 0 && !flags.values.has('selector')) throw new UsageError(`USAGE: drain NODE [flags]${USAGE_SUFFIX}`);
  if (flags.args.length > 0 && selectorText !== '') throw new UsageError(`error: cannot specify both a node name and a --selector option${USAGE_SUFFIX}`);
  const dryRun = flagString(flags, 'dry-run') ?? 'none';
  if (!['none', 'client', 'server'].includes(dryRun)) throw new UsageError(`Invalid dry-run value (${dryRun}). Must be "none", "server", or "client".`);
  if (dryRun === 'server') throw new UsageError('kubectl drain --dry-run=server is not supported by kreplay');
  let podSelector: Selector | undefined;
  const podSel = flagString(flags, 'pod-selector');
  if (podSel) {
    try {
      podSelector = parseSelector(podSel);
    } catch (e) {
      if (e instanceof SelectorError) throw new UsageError('--pod-selector=<pod_selector> must be a valid label selector');
      throw e;
    }
  }
  let selector: Selector | undefined;
  if (selectorText !== '') {
    try {
      selector = parseSelector(selectorText);
    } catch (e) {
      if (e instanceof SelectorError) throw new UsageError(e.message);
      throw e;
    }
  }
  const settings: DrainSettings = {
    force: flagBool(flags, 'force'),
    ignoreAllDaemonSets: flagBool(flags, 'ignore-daemonsets'),
    deleteEmptyDirData: flagBool(flags, 'delete-emptydir-data') || flagBool(flags, 'delete-local-data'),
    skipWaitForDeleteTimeoutSeconds: flagNumber(flags, 'skip-wait-for-delete-timeout') ?? 0,
    gracePeriodSeconds: flagNumber(flags, 'grace-period') ?? -1,
    timeoutSeconds: flagNumber(flags, 'timeout') ?? 0,
    disableEviction: flagBool(flags, 'disable-eviction'),
    dryRun: dryRun === 'client',
    ...(podSelector ? { podSelector } : {}),
  };
  const nodes = resolveNodes(env, flags.args, selector);
  if (!Array.isArray(nodes)) return env.resume ? { exitCode: 1, stdout: '', stderr: '' } : nodes.error.result();
  const names = nodes.map((n) => n.metadata.name);
  if (env.resume) {
    const p = DrainProcess.resume(env.ctx.view, env.ctx.clock, names, settings, env.resume.startTick, env.ctx.tick);
    return p.finished ? { exitCode: 0, stdout: '', stderr: '' } : { exitCode: 0, stdout: '', stderr: '', process: p };
  }
  cordon(env, nodes, settings.dryRun, line, o);
  const p = new DrainProcess(names, settings, env.ctx.tick, env.cause);
  const u = p.begin(env.ctx, o);
  const r: KubectlResult = { exitCode: u?.exitCode ?? 0, stdout: o.stdout, stderr: o.stderr };
  if (!u) r.process = p;
  return r;
}
