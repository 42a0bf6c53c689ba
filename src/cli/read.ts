// kreplay get / describe: the objects as they were at a time, printed as kubectl prints them.
import type { KObject, Kind } from '../api/types.js';
import { KINDS } from '../api/types.js';
import { matches, parseSelector, SelectorError } from '../api/labels.js';
import { describeObject, printGet, printList, printObject, printTable, type TableKind } from '../kubectl/printers/index.js';
import { deriveEventsFor } from '../kubectl/events.js';
import { resolveKind } from '../scenario/refs.js';
import type { ClusterState } from '../state/cluster.js';
import { parseTime, runInfo, seek, tickRow, type RunInfo } from '../timetravel/seek.js';
import type { EventStore } from '../store/eventlog.js';
import { openRead } from './history.js';
import type { Io } from './main.js';
import { parse, UsageError } from './main.js';

const TABLE_KINDS: readonly Kind[] = ['Pod', 'Deployment', 'ReplicaSet', 'StatefulSet', 'Node', 'Namespace', 'PodDisruptionBudget', 'HorizontalPodAutoscaler'];

interface Target {
  kind: Kind;
  names: string[];
}

/** "pods", "pod/web-1", "deploy web", "po/a po/b" → kinds and names */
function targets(positionals: string[]): Target[] {
  if (positionals.length === 0) throw new UsageError('you must specify the type of resource to get (usage: kreplay get KIND[/NAME] [NAME])');
  const out: Target[] = [];
  if (positionals.every((p) => p.includes('/'))) {
    for (const p of positionals) {
      const [k, n] = p.split('/', 2) as [string, string];
      const kind = resolveKind(k);
      const t = out.find((x) => x.kind === kind);
      if (t) t.names.push(n);
      else out.push({ kind, names: [n] });
    }
    return out;
  }
  const [first, ...names] = positionals;
  if (first!.includes('/')) throw new UsageError('there is no need to specify a resource type as a separate argument when passing arguments in resource/name form');
  for (const k of first!.split(',')) out.push({ kind: k === 'all' ? 'Pod' : resolveKind(k), names });
  if (first === 'all') out.splice(0, 1, { kind: 'Pod', names }, { kind: 'Deployment', names }, { kind: 'ReplicaSet', names }, { kind: 'StatefulSet', names }, { kind: 'HorizontalPodAutoscaler', names });
  return out;
}

function atTick(v: string | undefined, info: RunInfo): number {
  return v === undefined ? info.lastTick : parseTime(v);
}

/** Open a run read-only, fold it to `--at` (default: the last tick), and hand it to `fn`. */
function atTime<T>(db: string, at: string | undefined, fn: (c: { store: EventStore; info: RunInfo; tick: number; state: ClusterState }) => T): T {
  const store = openRead(db);
  try {
    const info = runInfo(store);
    const tick = atTick(at, info);
    return fn({ store, info, tick, state: seek(store, tick, info).state });
  } finally {
    store.close();
  }
}

function notFound(kind: Kind, name: string): string {
  const info = KINDS[kind];
  const group = info.apiVersion.includes('/') ? `.${info.apiVersion.split('/')[0]}` : '';
  return `Error from server (NotFound): ${info.plural}${group} "${name}" not found`;
}

export function getCommand(args: string[], io: Io): number {
  const { values, positionals } = parse(args, {
    db: { type: 'string', default: 'kreplay.db' }, namespace: { type: 'string', short: 'n' }, 'all-namespaces': { type: 'boolean', short: 'A', default: false },
    at: { type: 'string' }, output: { type: 'string', short: 'o' }, selector: { type: 'string', short: 'l' }, 'show-labels': { type: 'boolean', default: false },
  }, { min: 1, max: 50, usage: 'kreplay get KIND[/NAME] [NAME] [-n NS] [-A] [--at T] [-o wide|yaml|json] [-l SELECTOR]' });
  const output = values.output;
  if (output !== undefined && !['wide', 'yaml', 'json', 'name'].includes(output)) throw new UsageError(`unable to match a printer suitable for the output format "${output}", allowed formats are: json,name,wide,yaml`);
  let selector;
  try {
    selector = values.selector !== undefined ? parseSelector(values.selector) : undefined;
  } catch (err) {
    if (err instanceof SelectorError) throw new UsageError(err.message);
    throw err;
  }
  const wanted = targets(positionals);
  return atTime(values.db!, values.at, ({ info, tick, state }) => {
    const namespace = values.namespace ?? 'default';
    const all = values['all-namespaces'] === true;
    const groups: { kind: TableKind; objects: KObject[] }[] = [];
    const errors: string[] = [];
    for (const t of wanted) {
      if (!TABLE_KINDS.includes(t.kind)) throw new UsageError(`the server doesn't have a resource type "${t.kind}"`);
      const ns = KINDS[t.kind].namespaced ? namespace : '';
      let objects: KObject[];
      if (t.names.length > 0) {
        objects = [];
        for (const n of t.names) {
          const o = state.get(t.kind, ns, n);
          if (o) objects.push(o);
          else errors.push(notFound(t.kind, n));
        }
      } else {
        objects = state.list(t.kind, KINDS[t.kind].namespaced && !all ? namespace : undefined);
        objects.sort((a, b) => (a.metadata.namespace ?? '').localeCompare(b.metadata.namespace ?? '') || a.metadata.name.localeCompare(b.metadata.name));
      }
      if (selector) objects = objects.filter((o) => matches(selector!, o.metadata.labels));
      groups.push({ kind: t.kind as TableKind, objects });
    }
    const single = wanted.length === 1 && wanted[0]!.names.length === 1;
    if (output === 'yaml' || output === 'json') {
      const objs = groups.flatMap((g) => g.objects);
      if (objs.length > 0) io.out(single && objs.length === 1 ? printObject(objs[0]!, output) : printList(objs, output));
    } else if (output === 'name') {
      for (const g of groups) for (const o of g.objects) io.out(`${KINDS[g.kind as Kind].qualified}/${o.metadata.name}\n`);
    } else {
      const r = printGet(groups, { now: tick, clock: info.clock, wide: output === 'wide', showLabels: values['show-labels'] === true, allNamespaces: all, namespace });
      io.out(r.stdout);
      if (r.stderr && errors.length === 0) io.err(r.stderr);
    }
    for (const e of errors) io.err(e + '\n');
    return errors.length > 0 ? 1 : 0;
  });
}

function relatedFor(obj: KObject, state: ClusterState): { replicaSets?: KObject[]; pods?: KObject[] } {
  switch (obj.kind) {
    case 'Deployment': return { replicaSets: state.list('ReplicaSet', obj.metadata.namespace) };
    case 'ReplicaSet': return { pods: state.list('Pod', obj.metadata.namespace) };
    case 'StatefulSet': return { pods: obj.metadata.uid ? state.ownedBy(obj.metadata.uid, 'Pod') : [] };
    case 'Node': return { pods: state.podsOnNode(obj.metadata.name) };
    default: return {};
  }
}

export function describeObjectAt(store: EventStore, info: RunInfo, obj: KObject, tick: number, state: ClusterState): string {
  const row = tickRow(store, tick, info);
  const events = deriveEventsFor(store.events(1, row.lastSeq), obj, info.clock, tick);
  const text = describeObject(obj, { now: tick, clock: info.clock, events, ...relatedFor(obj, state) } as Parameters<typeof describeObject>[1]);
  if (text === undefined) throw new UsageError(`describe does not support ${obj.kind} yet`);
  return text;
}

export function describeCommand(args: string[], io: Io): number {
  const { values, positionals } = parse(args, {
    db: { type: 'string', default: 'kreplay.db' }, namespace: { type: 'string', short: 'n' }, at: { type: 'string' },
  }, { min: 1, max: 2, usage: 'kreplay describe KIND/NAME [-n NS] [--at T]' });
  const wanted = targets(positionals);
  return atTime(values.db!, values.at, ({ store, info, tick, state }) => {
    const out: string[] = [];
    let missing = 0;
    for (const t of wanted) {
      const ns = KINDS[t.kind].namespaced ? values.namespace ?? 'default' : '';
      const objs = t.names.length ? t.names.map((n) => state.get(t.kind, ns, n) ?? n) : state.list(t.kind, KINDS[t.kind].namespaced ? ns : undefined);
      for (const o of objs) {
        if (typeof o === 'string') {
          io.err(notFound(t.kind, o) + '\n');
          missing++;
          continue;
        }
        out.push(describeObjectAt(store, info, o, tick, state));
      }
    }
    io.out(out.join('\n\n'));
    if (out.length) io.out('\n');
    return missing > 0 ? 1 : 0;
  });
}

export { printTable };
