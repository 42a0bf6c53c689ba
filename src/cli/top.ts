// kreplay top pods|nodes: resource usage at a time as `kubectl top` prints it from metrics-server
// (src/metrics/resource.ts). Follows kubectl v1.28 pkg/cmd/top/top_pod.go, top_node.go and
// pkg/metricsutil/metrics_printer.go. Differs: rows that tie under --sort-by keep name order (Go's
// sort.Sort is unstable), and nodes without metrics are listed by name (upstream: map order).
import { matches, parseSelector, SelectorError, type Selector } from '../api/labels.js';
import { milliValue, value } from '../api/quantity.js';
import { formatDuration } from '../api/time.js';
import type { Node, Pod } from '../api/types.js';
import { formatTabbed, GET_TABWRITER } from '../kubectl/printers/tabwriter.js';
import { nanosToMillis, Scraper, type ResourceSample } from '../metrics/index.js';
import type { ClusterState } from '../state/cluster.js';
import { parseTime, runInfo, seek, type RunInfo } from '../timetravel/seek.js';
import { openRead } from './history.js';
import type { Io } from './main.js';
import { parse, UsageError } from './main.js';

/** kubectl's metricsCreationDelay: a pod older than this without metrics is an error */
const METRICS_CREATION_DELAY = 120;

const USAGE = 'kreplay top pods [NAME] [-n NS] [-A] [-l SELECTOR] [--containers] [--sort-by cpu|memory] [--no-headers] [--at T] [--db FILE] | kreplay top nodes [NAME] [-l SELECTOR] [--sort-by cpu|memory] [--no-headers] [--at T] [--db FILE]';

function fmtCpu(nanos: number): string {
  return `${nanosToMillis(nanos)}m`;
}

function fmtMemory(bytes: number): string {
  return `${Math.floor(bytes / (1024 * 1024))}Mi`;
}

function selectorArg(v: string | undefined): Selector | undefined {
  if (v === undefined) return undefined;
  try {
    return parseSelector(v);
  } catch (err) {
    if (err instanceof SelectorError) throw new UsageError(err.message);
    throw err;
  }
}

function sortByArg(v: string | undefined): 'cpu' | 'memory' | undefined {
  if (v === undefined || v === '') return undefined;
  if (v !== 'cpu' && v !== 'memory') throw new UsageError('--sort-by accepts only cpu or memory');
  return v;
}

/** Open a run read-only, fold it to `--at` (default: the last tick), and hand it to `fn`. */
function atTime<T>(db: string, at: string | undefined, fn: (c: { info: RunInfo; tick: number; state: ClusterState }) => T): T {
  const store = openRead(db);
  try {
    const info = runInfo(store);
    const tick = at === undefined ? info.lastTick : parseTime(at);
    return fn({ info, tick, state: seek(store, tick, info).state });
  } finally {
    store.close();
  }
}

const byName = (a: { metadata: { namespace?: string; name: string } }, b: { metadata: { namespace?: string; name: string } }): number =>
  (a.metadata.namespace ?? '').localeCompare(b.metadata.namespace ?? '') || a.metadata.name.localeCompare(b.metadata.name);

export function topCommand(args: string[], io: Io): number {
  const [what, ...rest] = args;
  switch (what) {
    case 'pod': case 'pods': case 'po': return topPods(rest, io);
    case 'node': case 'nodes': case 'no': return topNodes(rest, io);
    case undefined: throw new UsageError(`give pods or nodes (usage: ${USAGE})`);
    default: throw new UsageError(`unknown command "${what}" for "kubectl top" (usage: ${USAGE})`);
  }
}

interface PodRow {
  pod: Pod;
  sample: ResourceSample;
  cpuNanos: number;
  memoryBytes: number;
}

function topPods(args: string[], io: Io): number {
  const { values, positionals } = parse(args, {
    db: { type: 'string', default: 'kreplay.db' }, namespace: { type: 'string', short: 'n' }, 'all-namespaces': { type: 'boolean', short: 'A', default: false },
    selector: { type: 'string', short: 'l' }, at: { type: 'string' }, containers: { type: 'boolean', default: false },
    'sort-by': { type: 'string' }, 'no-headers': { type: 'boolean', default: false },
  }, { min: 0, max: 1, usage: USAGE });
  const sortBy = sortByArg(values['sort-by']);
  const name = positionals[0];
  if (name !== undefined && values.selector !== undefined) throw new UsageError('only one of NAME or selector can be provided');
  const selector = selectorArg(values.selector);
  const namespace = values.namespace ?? 'default';
  const all = values['all-namespaces'] === true;
  return atTime(values.db!, values.at, ({ info, tick, state }) => {
    const scraper = new Scraper(state, tick, info.clock);
    const rows: PodRow[] = [];
    const row = (pod: Pod, sample: ResourceSample): PodRow => ({
      pod, sample,
      cpuNanos: sample.containers.reduce((s, c) => s + c.cpuNanos, 0),
      memoryBytes: sample.containers.reduce((s, c) => s + c.memoryBytes, 0),
    });
    if (name !== undefined) {
      // the metrics API's Get: the pod lister's NotFound, else metrics-server's own
      const pod = state.get('Pod', namespace, name);
      if (!pod) {
        io.err(`Error from server (NotFound): pods "${name}" not found\n`);
        return 1;
      }
      const sample = scraper.podSample(pod);
      if (!sample) {
        io.err(`Error from server (NotFound): podmetrics.metrics.k8s.io "${namespace}/${name}" not found\n`);
        return 1;
      }
      rows.push(row(pod, sample));
    } else {
      for (const pod of state.list('Pod', all ? undefined : namespace)) {
        if (selector && !matches(selector, pod.metadata.labels)) continue;
        const sample = scraper.podSample(pod);
        if (sample) rows.push(row(pod, sample));
      }
      if (rows.length === 0) return emptyPods(state, tick, info, namespace, all, selector, io);
    }
    rows.sort((a, b) => byName(a.pod, b.pod));
    if (sortBy === 'cpu') rows.sort((a, b) => nanosToMillis(b.cpuNanos) - nanosToMillis(a.cpuNanos));
    if (sortBy === 'memory') rows.sort((a, b) => b.memoryBytes - a.memoryBytes);
    const lines: string[] = [];
    if (!values['no-headers']) lines.push(`${all ? 'NAMESPACE\t' : ''}${values.containers ? 'POD\t' : ''}NAME\tCPU(cores)\tMEMORY(bytes)\t`);
    for (const r of rows) {
      const ns = all ? `${r.pod.metadata.namespace ?? ''}\t` : '';
      if (values.containers) {
        const containers = [...r.sample.containers].sort((a, b) => a.name.localeCompare(b.name));
        if (sortBy === 'cpu') containers.sort((a, b) => nanosToMillis(b.cpuNanos) - nanosToMillis(a.cpuNanos));
        if (sortBy === 'memory') containers.sort((a, b) => b.memoryBytes - a.memoryBytes);
        for (const c of containers) lines.push(`${ns}${r.pod.metadata.name}\t${c.name}\t${fmtCpu(c.cpuNanos)}\t${fmtMemory(c.memoryBytes)}\t`);
      } else {
        lines.push(`${ns}${r.pod.metadata.name}\t${fmtCpu(r.cpuNanos)}\t${fmtMemory(r.memoryBytes)}\t`);
      }
    }
    io.out(formatTabbed(lines.join('\n') + '\n', GET_TABWRITER));
    return 0;
  });
}

/**
 * kubectl's verifyEmptyMetrics: no pod had metrics. It looks at the pods of the current
 * namespace (also with -A, as upstream does): none → "No resources found"; one older than two
 * minutes → an error naming it; else "metrics not available yet".
 */
function emptyPods(state: ClusterState, tick: number, info: RunInfo, namespace: string, all: boolean, selector: Selector | undefined, io: Io): number {
  const pods = state.list('Pod', namespace).filter((p) => !selector || matches(selector, p.metadata.labels)).sort(byName);
  if (pods.length === 0) {
    io.err(all ? 'No resources found\n' : `No resources found in ${namespace} namespace.\n`);
    return 0;
  }
  for (const p of pods) {
    const age = tick - (p.metadata.creationTimestamp ? info.clock.tickOf(p.metadata.creationTimestamp) : 0);
    if (age > METRICS_CREATION_DELAY) {
      io.err(`error: Metrics not available for pod ${p.metadata.namespace ?? ''}/${p.metadata.name}, age: ${formatDuration(age)}\n`);
      return 1;
    }
  }
  io.err('error: metrics not available yet\n');
  return 1;
}

function percent(used: number, available: number): string {
  return `${Math.trunc((used / available) * 100)}%`;
}

function topNodes(args: string[], io: Io): number {
  const { values, positionals } = parse(args, {
    db: { type: 'string', default: 'kreplay.db' }, selector: { type: 'string', short: 'l' }, at: { type: 'string' },
    'sort-by': { type: 'string' }, 'no-headers': { type: 'boolean', default: false },
  }, { min: 0, max: 1, usage: USAGE });
  const sortBy = sortByArg(values['sort-by']);
  const name = positionals[0];
  if (name !== undefined && values.selector !== undefined) throw new UsageError('only one of NAME or --selector can be provided');
  const selector = selectorArg(values.selector);
  return atTime(values.db!, values.at, ({ info, tick, state }) => {
    const scraper = new Scraper(state, tick, info.clock);
    let nodes: Node[];
    if (name !== undefined) {
      const node = state.get('Node', '', name);
      if (!node) {
        io.err(`Error from server (NotFound): nodes "${name}" not found\n`);
        return 1;
      }
      if (!scraper.nodeSample(node)) {
        io.err(`Error from server (NotFound): nodemetrics.metrics.k8s.io "${name}" not found\n`);
        return 1;
      }
      nodes = [node];
    } else {
      nodes = state.list('Node').filter((n) => !selector || matches(selector, n.metadata.labels)).sort(byName);
    }
    const rows = nodes.flatMap((node) => {
      const sample = scraper.nodeSample(node);
      return sample ? [{ node, sample }] : [];
    });
    if (rows.length === 0) {
      io.err('error: metrics not available yet\n');
      return 1;
    }
    if (sortBy === 'cpu') rows.sort((a, b) => nanosToMillis(b.sample.cpuNanos) - nanosToMillis(a.sample.cpuNanos));
    if (sortBy === 'memory') rows.sort((a, b) => b.sample.memoryBytes - a.sample.memoryBytes);
    const lines: string[] = [];
    if (!values['no-headers']) lines.push('NAME\tCPU(cores)\tCPU%\tMEMORY(bytes)\tMEMORY%\t');
    for (const { node, sample } of rows) {
      const alloc = node.status?.allocatable ?? {};
      let line = `${node.metadata.name}\t${fmtCpu(sample.cpuNanos)}\t`;
      if (alloc.cpu !== undefined) line += `${percent(nanosToMillis(sample.cpuNanos), milliValue(alloc.cpu))}\t`;
      line += `${fmtMemory(sample.memoryBytes)}\t`;
      if (alloc.memory !== undefined) line += `${percent(sample.memoryBytes * 1000, value(alloc.memory) * 1000)}\t`;
      lines.push(line);
    }
    // nodes listed without metrics (a stopped kubelet, a node younger than two scrapes)
    const sampled = new Set(rows.map((r) => r.node.metadata.name));
    for (const node of nodes) if (!sampled.has(node.metadata.name)) lines.push(`${node.metadata.name}\t<unknown>\t<unknown>\t<unknown>\t<unknown>\t`);
    io.out(formatTabbed(lines.join('\n') + '\n', GET_TABWRITER));
    return 0;
  });
}
