// `kubectl get` and `kubectl describe` inside kubectl steps: finding the objects (names, -l, -n,
// -A, "all", events) and handing them to the read-side printers (../printers, ../events.ts).
// Follows kubectl/pkg/cmd/get/get.go and cmd/describe/describe.go (v1.28).
// Differs: Kubernetes Events come from the log, which a KubectlEnv only reaches through `log`.
import { newNotFound } from '../../api/errors.js';
import { matches } from '../../api/labels.js';
import { resourceOf } from '../../api/scheme.js';
import type { KObject, Pod, ReplicaSet } from '../../api/types.js';
import type { LogEvent } from '../../state/events.js';
import { deriveEvents, deriveEventsFor, type KubeEvent } from '../events.js';
import { Out } from '../output.js';
import { flagBool, flagString, parseFlags, parseResourceArgs, UsageError, type FlagSpec, type ResourceRequest } from '../parse.js';
import { describeObject, printGet, printList, printObject, type TableKind } from '../printers/index.js';
import type { KubectlEnv, KubectlResult } from '../types.js';
import { listKind, namespaceOf, parseLabelSelector, SELECTOR_FLAG } from './common.js';

/**
 * A KubectlEnv that can also read the event log, for the Kubernetes Events `describe` and
 * `get events` show. Without `log` they show no events.
 */
export interface KubectlReadEnv extends KubectlEnv {
  /** the log's events so far, in seq order */
  log?: () => Iterable<LogEvent>;
}

const GET_FLAGS: FlagSpec[] = [
  SELECTOR_FLAG, { name: 'output', short: 'o', kind: 'string' }, { name: 'all-namespaces', short: 'A', kind: 'bool' },
  { name: 'show-labels', kind: 'bool' }, { name: 'no-headers', kind: 'bool' }, { name: 'watch', short: 'w', kind: 'bool' },
];
const DESCRIBE_FLAGS: FlagSpec[] = [SELECTOR_FLAG, { name: 'all-namespaces', short: 'A', kind: 'bool' }];

const EVENT_NAMES = ['events', 'event', 'ev', 'events.v1.', 'events.events.k8s.io'];
const OUTPUTS = ['', 'wide', 'yaml', 'json', 'name'];

interface Group {
  kind: TableKind;
  qualified: string;
  objects: KObject[];
}

function events(env: KubectlEnv): KubeEvent[] {
  const log = (env as KubectlReadEnv).log;
  return log ? deriveEvents(log(), env.ctx.clock, env.ctx.tick) : [];
}

/** Resolve the arguments into groups of objects, recording NotFound errors. */
function collect(env: KubectlEnv, args: string[], namespace: string, allNs: boolean, selector: string | undefined, out: Out): { groups: Group[]; named: boolean; names: number } {
  const sel = selector !== undefined ? parseLabelSelector(selector) : undefined;
  const groups: Group[] = [];
  let named = false;
  let nameCount = 0;
  const wantsEvents = args.length > 0 && !args[0]!.includes('/') && args[0]!.split(',').some((t) => EVENT_NAMES.includes(t.toLowerCase()));
  const typeArgs = wantsEvents ? [args[0]!.split(',').filter((t) => !EVENT_NAMES.includes(t.toLowerCase())).join(','), ...args.slice(1)] : args;
  const reqs: ResourceRequest[] = typeArgs[0] === '' ? [] : parseResourceArgs(typeArgs, { allowAll: true });
  if (wantsEvents) {
    const evs = events(env).filter((e) => (allNs || e.metadata.namespace === namespace) && (!sel || matches(sel, e.metadata.labels)));
    const names = args.slice(1);
    if (names.length > 0) {
      named = true;
      nameCount += names.length;
      for (const n of names) {
        const e = evs.find((x) => x.metadata.name === n);
        if (e) groups.push({ kind: 'Event', qualified: 'event', objects: [e] });
        else out.fail({ t: 'api', error: newNotFound('events', n) });
      }
    } else {
      groups.push({ kind: 'Event', qualified: 'event', objects: evs });
    }
  }
  for (const r of reqs) {
    if (r.info.kind === 'SimConfig') continue;
    const kind = r.info.kind as TableKind;
    if (r.names.length > 0) {
      if (sel) throw new UsageError('name cannot be provided when a selector is specified');
      named = true;
      nameCount += r.names.length;
      for (const name of r.names) {
        const obj = env.ctx.view.get(r.info.kind, r.info.namespaced ? namespace : '', name);
        if (!obj) {
          out.fail({ t: 'api', error: newNotFound(resourceOf(r.info), name) });
          continue;
        }
        const last = groups[groups.length - 1];
        if (last && last.kind === kind) last.objects.push(obj);
        else groups.push({ kind, qualified: r.info.qualified, objects: [obj] });
      }
      continue;
    }
    const objs = listKind(env, r.info, namespace, allNs).filter((o) => !sel || matches(sel, o.metadata.labels));
    groups.push({ kind, qualified: r.info.qualified, objects: objs });
  }
  return { groups, named, names: nameCount };
}

/** `kubectl get TYPE[,TYPE…] [NAME…] | TYPE/NAME… [-o wide|yaml|json|name] [-l] [-n|-A] [--show-labels]` */
export function getCommand(argv: string[], env: KubectlEnv): KubectlResult {
  const flags = parseFlags(argv, GET_FLAGS, 'kubectl get');
  const out = new Out();
  if (flagBool(flags, 'watch')) throw new UsageError('kubectl get --watch is not supported by kreplay (use rollout status, or a later expectation)');
  const output = flagString(flags, 'output') ?? '';
  if (!OUTPUTS.includes(output)) {
    throw new UsageError(`unable to match a printer suitable for the output format ${JSON.stringify(output)}, allowed formats are: json,name,wide,yaml`);
  }
  if (flags.args.length === 0) {
    throw new UsageError(`You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).\nSee 'kubectl get -h' for help and examples`);
  }
  const { namespace } = namespaceOf(flags);
  const allNs = flagBool(flags, 'all-namespaces');
  const { groups, named, names } = collect(env, flags.args, namespace, allNs, flagString(flags, 'selector'), out);
  const objects = groups.flatMap((g) => g.objects);
  if (output === 'yaml' || output === 'json') {
    const single = names === 1 && objects.length === 1; // singleItemImplied
    if (objects.length > 0 || !named) out.stdout += single ? printObject(objects[0]!, output) : printList(objects, output);
  } else if (output === 'name') {
    for (const g of groups) for (const o of g.objects) out.print(`${g.qualified}/${o.metadata.name}`);
  } else {
    const printed = printGet(groups.map((g) => ({ kind: g.kind, objects: g.objects })), {
      now: env.ctx.tick, clock: env.ctx.clock, namespace, allNamespaces: allNs, wide: output === 'wide',
      showLabels: flagBool(flags, 'show-labels'), noHeaders: flagBool(flags, 'no-headers'), preserveOrder: named,
    });
    out.stdout += printed.stdout;
    if (out.errors.length === 0) out.stderr += printed.stderr;
  }
  return out.result(true);
}

/** `kubectl describe TYPE [NAME…] | TYPE/NAME… [-l] [-n|-A]` */
export function describeCommand(argv: string[], env: KubectlEnv): KubectlResult {
  const flags = parseFlags(argv, DESCRIBE_FLAGS, 'kubectl describe');
  const out = new Out();
  if (flags.args.length === 0) throw new UsageError(`You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.\n`);
  const { namespace } = namespaceOf(flags);
  const allNs = flagBool(flags, 'all-namespaces');
  const { groups } = collect(env, flags.args, namespace, allNs, flagString(flags, 'selector'), out);
  const objects = groups.flatMap((g) => g.objects);
  const log = (env as KubectlReadEnv).log;
  const parts: string[] = [];
  // One object: fold only its notes; several: fold the log once (the describers keep their own).
  const all = log && objects.length > 1 ? deriveEvents(log(), env.ctx.clock, env.ctx.tick) : undefined;
  for (const obj of objects) {
    const evs = all ?? (log ? deriveEventsFor(log(), obj, env.ctx.clock, env.ctx.tick) : []);
    const view = env.ctx.view;
    const ns = obj.metadata.namespace ?? '';
    const s = describeObject(obj, {
      now: env.ctx.tick, clock: env.ctx.clock, events: evs,
      ...(obj.kind === 'Deployment' ? { replicaSets: view.list('ReplicaSet', ns) as ReplicaSet[] } : {}),
      ...((obj.kind === 'ReplicaSet' || obj.kind === 'StatefulSet') && obj.metadata.uid ? { pods: view.ownedBy(obj.metadata.uid, 'Pod') as Pod[] } : {}),
      ...(obj.kind === 'Node' ? { pods: view.podsOnNode(obj.metadata.name) } : {}),
    });
    if (s === undefined) out.error(`no description has been implemented for ${obj.kind}`);
    else parts.push(s);
  }
  out.stdout += parts.join('\n\n');
  if (objects.length === 0 && out.errors.length === 0) out.stderr += allNs ? 'No resources found\n' : `No resources found in ${namespace} namespace.\n`;
  return out.result(true);
}
