// Loading a scenario file: YAML → validated Scenario, with manifests resolved relative to the
// scenario and every error pointing at a file and a line. Nothing is simulated or written here;
// a scenario that fails to load never touches the database.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import type { AgeWindow, Behavior, KObject, KubeletConfig, Taint, UsagePoint } from '../api/types.js';
import { defaultApiServerSettings, defaultControllerManagerSettings } from '../api/kubeletconfig.js';
import { loadApiServer, loadControllerManager, loadKubelet } from './flags.js';
import { DEFAULT_START, parseRfc3339 } from '../api/time.js';
import { Reader, describe, type Obj } from './fields.js';
import type { Check, Comparison, Expectation, Manifest, NodeTemplate, Scenario, Step } from './types.js';
import { InputError, parseYamlDocuments, type Path, type SourceDoc } from './yaml.js';
import { checkManifest } from './manifests.js';
import { loadMetricStep, loadMetrics } from './metrics.js';

const TOP = ['name', 'description', 'seed', 'duration', 'start', 'cluster', 'objects', 'behaviors', 'metrics', 'timeline', 'expect'];
const NODE = ['name', 'prefix', 'count', 'cpu', 'memory', 'pods', 'ephemeralStorage', 'labels', 'taints', 'unschedulable', 'kubelet'];
const BEHAVIOR = ['match', 'startup', 'ready', 'live', 'started', 'exit', 'pull', 'usage', 'terminate'];
const CHECK = ['object', 'path', 'count', 'event', 'equals', 'min', 'max', 'exists', 'sequence'];
const STEP_ACTIONS = ['kubectl', 'apply', 'delete', 'node', 'usage', 'load', 'metric', 'expect'];

export const DEFAULT_NAMESPACES = ['default', 'kube-node-lease', 'kube-public', 'kube-system'];

function readText(file: string, from?: { doc: SourceDoc; path: Path; written: string }): string {
  if (!existsSync(file) || !statSync(file).isFile()) {
    if (from) throw from.doc.error(from.path, `file ${JSON.stringify(from.written)} does not exist (paths are relative to the scenario file)`);
    throw new InputError(relative(process.cwd(), file) || file, undefined, "no such file");
  }
  return readFileSync(file, 'utf8');
}

export function loadScenario(file: string): Scenario {
  const abs = resolve(file);
  const docs = parseYamlDocuments(file, readText(abs));
  if (docs.length !== 1) throw new InputError(file, undefined, `a scenario is one YAML document, found ${docs.length}`);
  const src = docs[0]!;
  const r = new Reader(src);
  const top = r.obj(src.value, [], TOP);
  const name = r.reqStr(top.name, ['name']);
  const durationSeconds = r.duration(top.duration, ['duration'], true)!;
  if (durationSeconds < 1) r.fail(['duration'], 'must be at least 1s');
  const seed = r.int(top.seed, ['seed']) ?? 1;
  const start = r.str(top.start, ['start']) ?? DEFAULT_START;
  if (Number.isNaN(parseRfc3339(start))) r.fail(['start'], `${JSON.stringify(start)} is not an RFC 3339 time such as 2024-01-01T00:00:00Z`);
  const dir = dirname(abs);
  const cluster = loadCluster(r, top.cluster);
  const scenario: Scenario = {
    name,
    description: r.str(top.description, ['description']) ?? '',
    seed,
    durationSeconds,
    start,
    file,
    dir,
    nodes: cluster.nodes,
    namespaces: cluster.namespaces,
    settings: cluster.settings,
    objects: r.list(top.objects, ['objects']).flatMap((o, i) => loadManifests(r, o, ['objects', i], dir)),
    behaviors: r.list(top.behaviors, ['behaviors']).map((b, i) => loadBehavior(r, b, ['behaviors', i])),
    metrics: loadMetrics(r, top.metrics, ['metrics'], durationSeconds),
    timeline: [],
    expectations: r.list(top.expect, ['expect']).map((e, i) => loadExpectation(r, e, ['expect', i], durationSeconds)),
  };
  scenario.timeline = r.list(top.timeline, ['timeline']).map((s, i) => loadStep(r, s, ['timeline', i], dir, durationSeconds));
  // steps run in time order; at the same time, in file order
  scenario.timeline.sort((a, b) => a.at - b.at || a.index - b.index);
  return scenario;
}

// ------------------------------------------------------------ cluster

function loadCluster(r: Reader, v: unknown): Pick<Scenario, 'nodes' | 'namespaces' | 'settings'> {
  const path: Path = ['cluster'];
  if (v === undefined || v === null) return { nodes: [], namespaces: [...DEFAULT_NAMESPACES], settings: defaultSettings() };
  const c = r.obj(v, path, ['nodes', 'namespaces', 'settings', 'controllerManager', 'apiServer', 'kubelet']);
  const kubelet = loadKubelet(r, c.kubelet, [...path, 'kubelet']);
  const nodes: NodeTemplate[] = [];
  r.list(c.nodes, [...path, 'nodes']).forEach((n, i) => nodes.push(...loadNodes(r, n, [...path, 'nodes', i], kubelet)));
  const seen = new Set<string>();
  nodes.forEach((n) => {
    if (seen.has(n.name)) r.fail([...path, 'nodes'], `node name ${JSON.stringify(n.name)} is used twice`);
    seen.add(n.name);
  });
  const namespaces = [...DEFAULT_NAMESPACES];
  r.list(c.namespaces, [...path, 'namespaces']).forEach((ns, i) => {
    const s = r.reqStr(ns, [...path, 'namespaces', i]);
    if (!namespaces.includes(s)) namespaces.push(s);
  });
  const settings = defaultSettings();
  settings.controllerManager = loadControllerManager(r, c.controllerManager, [...path, 'controllerManager']);
  settings.apiServer = loadApiServer(r, c.apiServer, [...path, 'apiServer']);
  if (c.settings !== undefined) {
    const s = r.obj(c.settings, [...path, 'settings'], ['podCIDR', 'percentageOfNodesToScore']);
    const cidr = r.str(s.podCIDR, [...path, 'settings', 'podCIDR']);
    if (cidr !== undefined) {
      if (!/^\d+\.\d+\.\d+\.\d+\/(\d|1\d|2[0-4])$/.test(cidr)) r.fail([...path, 'settings', 'podCIDR'], `${JSON.stringify(cidr)} is not an IPv4 CIDR with a prefix of /24 or shorter`);
      settings.podCIDR = cidr;
    }
    const pct = r.int(s.percentageOfNodesToScore, [...path, 'settings', 'percentageOfNodesToScore']);
    if (pct !== undefined) {
      if (pct > 100) r.fail([...path, 'settings', 'percentageOfNodesToScore'], 'must be between 0 and 100');
      settings.percentageOfNodesToScore = pct;
    }
  }
  return { nodes, namespaces, settings };
}

function defaultSettings(): Scenario['settings'] {
  return { podCIDR: '10.244.0.0/16', percentageOfNodesToScore: 0, controllerManager: defaultControllerManagerSettings(), apiServer: defaultApiServerSettings() };
}

function loadNodes(r: Reader, v: unknown, path: Path, clusterKubelet: KubeletConfig): NodeTemplate[] {
  const n = r.obj(v, path, NODE);
  const name = r.str(n.name, [...path, 'name']);
  const prefix = r.str(n.prefix, [...path, 'prefix']);
  if ((name === undefined) === (prefix === undefined)) r.fail(path, 'give either name (one node) or prefix and count (many alike)');
  const count = prefix !== undefined ? r.int(n.count, [...path, 'count'], 1) : undefined;
  if (prefix !== undefined && count === undefined) r.fail([...path, 'count'], 'is required with prefix');
  if (name !== undefined && n.count !== undefined) r.fail([...path, 'count'], 'only goes with prefix');
  const cpu = r.quantity(n.cpu, [...path, 'cpu']) ?? '4';
  const memory = r.quantity(n.memory, [...path, 'memory']) ?? '8Gi';
  const ephemeralStorage = r.quantity(n.ephemeralStorage, [...path, 'ephemeralStorage']) ?? '100Gi';
  const pods = r.int(n.pods, [...path, 'pods'], 1) ?? 110;
  const labels = r.stringMap(n.labels, [...path, 'labels']) ?? {};
  const taints = r.list(n.taints, [...path, 'taints']).map((t, i) => loadTaint(r, t, [...path, 'taints', i]));
  const unschedulable = r.bool(n.unschedulable, [...path, 'unschedulable']) ?? false;
  const kubelet = loadKubelet(r, n.kubelet, [...path, 'kubelet'], clusterKubelet);
  const names = name !== undefined ? [name] : Array.from({ length: count! }, (_, i) => `${prefix}${i + 1}`);
  for (const nm of names) {
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(nm) || nm.length > 253) {
      r.fail([...path, name !== undefined ? 'name' : 'prefix'], `node name ${JSON.stringify(nm)} is not a valid DNS subdomain (lower case alphanumerics, '-' and '.')`);
    }
  }
  return names.map((nm) => ({ name: nm, cpu, memory, pods, ephemeralStorage, labels, taints, unschedulable, kubelet }));
}

function loadTaint(r: Reader, v: unknown, path: Path): Taint {
  const t = r.obj(v, path, ['key', 'value', 'effect']);
  const key = r.reqStr(t.key, [...path, 'key']);
  const value = r.str(t.value, [...path, 'value']);
  const effect = r.reqStr(t.effect, [...path, 'effect']);
  if (!['NoSchedule', 'PreferNoSchedule', 'NoExecute'].includes(effect)) {
    r.fail([...path, 'effect'], `Unsupported value: ${JSON.stringify(effect)}: supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"`);
  }
  const taint: Taint = { key, effect: effect as Taint['effect'] };
  if (value !== undefined) taint.value = value;
  return taint;
}

// ------------------------------------------------------------ manifests

/** An `objects:` entry or an `apply:` step: a path (multi-document YAML) or an inline object. */
export function loadManifests(r: Reader, v: unknown, path: Path, dir: string): Manifest[] {
  let out: Manifest[];
  if (typeof v === 'string') {
    const abs = resolve(dir, v);
    const docs = parseYamlDocuments(v, readText(abs, { doc: r.src, path, written: v }));
    out = [];
    for (const doc of docs) {
      if (Array.isArray(doc.value)) throw doc.error([], 'a manifest must be a Kubernetes object (a mapping), not a list');
      // a v1 List holds several objects
      const o = doc.value as Obj;
      if (o && o.kind === 'List' && Array.isArray(o.items)) {
        (o.items as unknown[]).forEach((item, i) => out.push({ object: item as KObject, source: doc, path: ['items', i], file: v }));
      } else {
        out.push({ object: doc.value as KObject, source: doc, path: [], file: v });
      }
    }
    if (out.length === 0) r.fail(path, `${v} holds no objects`);
  } else if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    out = [{ object: v as KObject, source: r.src, path, file: r.src.file }];
  } else {
    r.fail(path, `must be a file path or an inline Kubernetes object, not ${describe(v)}`);
  }
  for (const m of out) checkManifest(m);
  return out;
}

// ------------------------------------------------------------ behaviours

function loadBehavior(r: Reader, v: unknown, path: Path): Behavior {
  const b = r.obj(v, path, BEHAVIOR);
  const match = r.obj(b.match ?? {}, [...path, 'match'], ['image', 'labels']);
  const out: Behavior = { match: {} };
  const image = r.str(match.image, [...path, 'match', 'image']);
  if (image !== undefined) out.match.image = image;
  const labels = r.stringMap(match.labels, [...path, 'match', 'labels']);
  if (labels !== undefined) out.match.labels = labels;
  if (b.startup !== null && typeof b.startup === 'object' && !Array.isArray(b.startup)) {
    // a range: each container start takes a stable, seeded time within it
    const st = r.obj(b.startup, [...path, 'startup'], ['min', 'max']);
    const min = r.duration(st.min, [...path, 'startup', 'min'], true)!;
    const max = r.duration(st.max, [...path, 'startup', 'max'], true)!;
    if (max < min) r.fail([...path, 'startup', 'max'], `must not be less than min (${min}s)`);
    out.startupSeconds = min;
    out.startupJitterSeconds = max - min;
  } else {
    const startup = r.duration(b.startup, [...path, 'startup']);
    if (startup !== undefined) out.startupSeconds = startup;
  }
  if (b.ready !== undefined) {
    const rd = r.obj(b.ready, [...path, 'ready'], ['after', 'never', 'failBetween']);
    const never = r.bool(rd.never, [...path, 'ready', 'never']);
    const after = r.duration(rd.after, [...path, 'ready', 'after']);
    out.ready = {};
    if (never !== undefined) out.ready.never = never;
    if (after !== undefined) out.ready.afterSeconds = after;
    if (rd.failBetween !== undefined) out.ready.failBetween = loadWindows(r, rd.failBetween, [...path, 'ready', 'failBetween']);
  }
  if (b.live !== undefined) {
    const lv = r.obj(b.live, [...path, 'live'], ['failAfter', 'failBetween']);
    out.live = {};
    const fa = r.duration(lv.failAfter, [...path, 'live', 'failAfter']);
    if (fa !== undefined) out.live.failAfterSeconds = fa;
    if (lv.failBetween !== undefined) out.live.failBetween = loadWindows(r, lv.failBetween, [...path, 'live', 'failBetween']);
    if (fa === undefined && lv.failBetween === undefined) r.fail([...path, 'live'], 'give failAfter, failBetween or both');
  }
  if (b.started !== undefined) {
    const st = r.obj(b.started, [...path, 'started'], ['after']);
    out.started = { afterSeconds: r.duration(st.after, [...path, 'started', 'after'], true)! };
  }
  if (b.terminate !== undefined) {
    const t = r.obj(b.terminate, [...path, 'terminate'], ['preStop', 'sigterm']);
    out.terminate = {};
    const pre = r.duration(t.preStop, [...path, 'terminate', 'preStop']);
    const sig = r.duration(t.sigterm, [...path, 'terminate', 'sigterm']);
    if (pre !== undefined) out.terminate.preStopSeconds = pre;
    if (sig !== undefined) out.terminate.sigtermSeconds = sig;
  }
  if (b.exit !== undefined) {
    const ex = r.obj(b.exit, [...path, 'exit'], ['after', 'code']);
    const after = r.duration(ex.after, [...path, 'exit', 'after'], true)!;
    const code = r.int(ex.code, [...path, 'exit', 'code']) ?? 0;
    if (code > 255) r.fail([...path, 'exit', 'code'], 'an exit code is between 0 and 255');
    out.exit = { afterSeconds: after, code };
  }
  if (b.pull !== undefined) {
    const p = r.reqStr(b.pull, [...path, 'pull']);
    if (p !== 'fail' && p !== 'ok') r.fail([...path, 'pull'], `must be "fail" or "ok", not ${JSON.stringify(p)}`);
    out.pull = p as 'fail' | 'ok';
  }
  if (b.usage !== undefined) out.usage = loadUsage(r, b.usage, [...path, 'usage']);
  return out;
}

/** One window [30s, 60s] or several [[30s, 60s], [2m, 3m]] of container age. */
function loadWindows(r: Reader, v: unknown, path: Path): AgeWindow[] {
  const list = r.list(v, path);
  const windows = list.length > 0 && !Array.isArray(list[0]) ? [list] : list;
  return windows.map((w, i) => {
    const at: Path = windows === list ? [...path, i] : path;
    const pair = r.list(w, at);
    if (pair.length !== 2) r.fail(at, 'a window is [from, to], two durations of container age');
    const from = r.duration(pair[0], [...at, 0], true)!;
    const to = r.duration(pair[1], [...at, 1], true)!;
    if (to <= from) r.fail([...at, 1], `must be after ${from}s`);
    return [from, to] as AgeWindow;
  });
}

function loadUsage(r: Reader, v: unknown, path: Path): UsagePoint[] {
  const point = (p: unknown, at: Path, needAt: boolean): UsagePoint => {
    const o = r.obj(p, at, needAt ? ['at', 'cpu', 'memory', 'ephemeralStorage'] : ['cpu', 'memory', 'ephemeralStorage']);
    const u: UsagePoint = { atSeconds: needAt ? r.duration(o.at, [...at, 'at'], true)! : 0 };
    const cpu = r.quantity(o.cpu, [...at, 'cpu']);
    const memory = r.quantity(o.memory, [...at, 'memory']);
    const eph = r.quantity(o.ephemeralStorage, [...at, 'ephemeralStorage']);
    if (cpu !== undefined) u.cpu = cpu;
    if (memory !== undefined) u.memory = memory;
    if (eph !== undefined) u.ephemeralStorage = eph;
    return u;
  };
  if (Array.isArray(v)) return v.map((p, i) => point(p, [...path, i], true)).sort((a, b) => a.atSeconds - b.atSeconds);
  return [point(v, path, false)];
}

// ------------------------------------------------------------ timeline

function loadStep(r: Reader, v: unknown, path: Path, dir: string, duration: number): Step {
  const s = r.obj(v, path, ['at', 'allowError', 'output', 'contains', ...STEP_ACTIONS]);
  const at = r.duration(s.at, [...path, 'at'], true)!;
  if (at > duration) r.fail([...path, 'at'], `${at}s is after the end of the scenario (duration ${duration}s)`);
  const actions = STEP_ACTIONS.filter((a) => s[a] !== undefined);
  if (actions.length !== 1) r.fail(path, `a step takes exactly one action (one of: ${STEP_ACTIONS.join(', ')}), found ${actions.length ? actions.join(', ') : 'none'}`);
  const base = { at, index: path[1] as number, line: r.src.lineOf(path), allowError: r.bool(s.allowError, [...path, 'allowError']) ?? false };
  const action = actions[0]!;
  if ((s.output !== undefined || s.contains !== undefined) && action !== 'kubectl') r.fail([...path, 'output'], 'output and contains only go with a kubectl step');
  switch (action) {
    case 'kubectl': {
      const command = r.reqStr(s.kubectl, [...path, 'kubectl']).trim().replace(/^kubectl\s+/, '');
      if (command === '') r.fail([...path, 'kubectl'], 'is empty');
      const step: Step = { ...base, kind: 'kubectl', command };
      if (s.output !== undefined) step.output = r.list(s.output, [...path, 'output']).map((l, i) => r.reqStr(l, [...path, 'output', i]));
      if (s.contains !== undefined) step.contains = r.list(s.contains, [...path, 'contains']).map((l, i) => r.reqStr(l, [...path, 'contains', i]));
      return step;
    }
    case 'apply':
      return { ...base, kind: 'apply', manifests: loadManifests(r, s.apply, [...path, 'apply'], dir) };
    case 'delete': {
      const target = r.reqStr(s.delete, [...path, 'delete']);
      if (!/^[^/\s]+\/([^/\s]+\/)?[^/\s]+$/.test(target)) r.fail([...path, 'delete'], `${JSON.stringify(target)} is not kind/name or kind/namespace/name`);
      return { ...base, kind: 'delete', target };
    }
    case 'node': {
      const n = r.obj(s.node, [...path, 'node'], ['name', 'ready', 'reportReady']);
      const ready = r.bool(n.ready, [...path, 'node', 'ready']);
      const reportReady = r.bool(n.reportReady, [...path, 'node', 'reportReady']);
      if (ready === undefined && reportReady === undefined) r.fail([...path, 'node'], 'give ready (the kubelet runs or stops) or reportReady (a running kubelet reports Ready or NotReady)');
      const step: Extract<Step, { kind: 'node' }> = { ...base, kind: 'node', name: r.reqStr(n.name, [...path, 'node', 'name']) };
      if (ready !== undefined) step.ready = ready;
      if (reportReady !== undefined) step.reportReady = reportReady;
      return step;
    }
    case 'usage': case 'load': {
      const u = r.obj(s[action], [...path, action], ['selector', 'cpu', 'memory']);
      const selector = r.stringMap(u.selector, [...path, action, 'selector']);
      if (!selector) r.fail([...path, action, 'selector'], 'is required (labels of the pods it applies to)');
      const step: Extract<Step, { kind: 'usage' | 'load' }> = { ...base, kind: action, selector: selector! };
      const cpu = r.quantity(u.cpu, [...path, action, 'cpu']);
      const memory = r.quantity(u.memory, [...path, action, 'memory']);
      if (cpu !== undefined) step.cpu = cpu;
      if (memory !== undefined) step.memory = memory;
      if (cpu === undefined && memory === undefined) r.fail([...path, action], 'give cpu, memory or both');
      return step;
    }
    case 'metric':
      return { ...base, kind: 'metric', ...loadMetricStep(r, s.metric, [...path, 'metric']) };
    case 'expect': {
      const check = loadCheck(r, s.expect, [...path, 'expect']);
      return { ...base, kind: 'expect', expectation: { mode: 'at', at, check, label: `at ${fmtTime(at)}: ${checkLabel(check)}`, line: base.line } };
    }
  }
  return r.fail(path, 'unknown step');
}

// ------------------------------------------------------------ expectations

function loadExpectation(r: Reader, v: unknown, path: Path, duration: number): Expectation {
  const o = r.obj(v, path, ['at', 'always', 'by', 'from', 'to', ...CHECK]);
  const modes = (['at', 'always', 'by'] as const).filter((m) => o[m] !== undefined);
  if (modes.length !== 1) r.fail(path, 'an expectation has exactly one of at (a check at one time), always (at every tick) or by (eventually)');
  const mode = modes[0]!;
  const line = r.src.lineOf(path);
  const within = (t: number | undefined, key: string): number | undefined => {
    if (t !== undefined && t > duration) r.fail([...path, key], `${t}s is after the end of the scenario (duration ${duration}s)`);
    return t;
  };
  if (mode === 'always') {
    for (const k of CHECK) if (o[k] !== undefined) r.fail([...path, k], 'goes inside always:');
    const check = loadCheck(r, o.always, [...path, 'always']);
    const from = within(r.duration(o.from, [...path, 'from']), 'from');
    const to = within(r.duration(o.to, [...path, 'to']), 'to');
    const e: Expectation = { mode, check, line, label: `always${from !== undefined ? ` from ${fmtTime(from)}` : ''}${to !== undefined ? ` to ${fmtTime(to)}` : ''}: ${checkLabel(check)}` };
    if (from !== undefined) e.from = from;
    if (to !== undefined) e.to = to;
    return e;
  }
  if (o.from !== undefined || o.to !== undefined) r.fail([...path, o.from !== undefined ? 'from' : 'to'], 'from and to only go with always');
  const at = within(r.duration(o[mode], [...path, mode], true), mode)!;
  const rest: Obj = {};
  for (const k of CHECK) if (o[k] !== undefined) rest[k] = o[k];
  const check = loadCheckFrom(r, rest, path);
  return { mode, at, check, line, label: `${mode} ${fmtTime(at)}: ${checkLabel(check)}` };
}

function loadCheck(r: Reader, v: unknown, path: Path): Check {
  return loadCheckFrom(r, r.obj(v, path, CHECK), path);
}

function loadCheckFrom(r: Reader, o: Obj, path: Path): Check {
  const cmp: Comparison = {};
  if (o.equals !== undefined) cmp.equals = r.json(o.equals);
  const min = o.min === undefined ? undefined : typeof o.min === 'number' ? o.min : r.fail([...path, 'min'], 'must be a number');
  const max = o.max === undefined ? undefined : typeof o.max === 'number' ? o.max : r.fail([...path, 'max'], 'must be a number');
  if (min !== undefined) cmp.min = min;
  if (max !== undefined) cmp.max = max;
  const exists = r.bool(o.exists, [...path, 'exists']);
  if (exists !== undefined) cmp.exists = exists;
  if (o.sequence !== undefined) {
    if (o.event === undefined) r.fail([...path, 'sequence'], 'only goes with an event check');
    cmp.sequence = r.list(o.sequence, [...path, 'sequence']).map((m, i) => r.reqStr(m, [...path, 'sequence', i]));
  }
  const subjects = (['object', 'count', 'event'] as const).filter((k) => o[k] !== undefined);
  if (subjects.length !== 1) r.fail(path, 'a check has exactly one of object (with path), count or event');
  if (cmp.equals === undefined && cmp.min === undefined && cmp.max === undefined && cmp.exists === undefined && cmp.sequence === undefined) {
    r.fail(path, 'a check needs equals, min, max or exists (or sequence, for events)');
  }
  switch (subjects[0]!) {
    case 'object': {
      const ref = r.reqStr(o.object, [...path, 'object']);
      if (!/^[^/\s]+\/([^/\s]+\/)?[^/\s]+$/.test(ref)) r.fail([...path, 'object'], `${JSON.stringify(ref)} is not kind/name or kind/namespace/name`);
      const p = r.str(o.path, [...path, 'path']) ?? '';
      if (p === '' && cmp.exists === undefined) r.fail([...path, 'path'], 'is required unless the check is exists');
      return { kind: 'object', ref, path: p, cmp };
    }
    case 'count': {
      if (cmp.exists !== undefined) r.fail([...path, 'exists'], 'does not go with count');
      const c = r.obj(o.count, [...path, 'count'], ['kind', 'namespace', 'selector', 'phase']);
      const count: Extract<Check, { kind: 'count' }>['count'] = { kind: r.reqStr(c.kind, [...path, 'count', 'kind']) };
      const ns = r.str(c.namespace, [...path, 'count', 'namespace']);
      if (ns !== undefined) count.namespace = ns;
      const sel = r.stringMap(c.selector, [...path, 'count', 'selector']);
      if (sel !== undefined) count.selector = sel;
      const phase = r.str(c.phase, [...path, 'count', 'phase']);
      if (phase !== undefined) count.phase = phase;
      return { kind: 'count', count, cmp };
    }
    case 'event': {
      if (cmp.exists !== undefined) r.fail([...path, 'exists'], 'does not go with event (use equals: 0)');
      const e = r.obj(o.event, [...path, 'event'], ['reason', 'type', 'object', 'message']);
      const event: Extract<Check, { kind: 'event' }>['event'] = {};
      for (const k of ['reason', 'type', 'object', 'message'] as const) {
        const s = r.str(e[k], [...path, 'event', k]);
        if (s !== undefined) event[k] = s;
      }
      return { kind: 'event', event, cmp };
    }
  }
}

export function fmtTime(seconds: number): string {
  if (seconds === 0) return '0s';
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s ? `${s}s` : ''}`;
}

function cmpLabel(c: Comparison): string {
  const parts: string[] = [];
  if (c.equals !== undefined) parts.push(`= ${JSON.stringify(c.equals)}`);
  if (c.min !== undefined) parts.push(`≥ ${c.min}`);
  if (c.max !== undefined) parts.push(`≤ ${c.max}`);
  if (c.exists !== undefined) parts.push(c.exists ? 'exists' : 'does not exist');
  if (c.sequence !== undefined) parts.push(`in order: ${c.sequence.map((m) => JSON.stringify(m)).join(', ')}`);
  return parts.join(' and ');
}

export function checkLabel(c: Check): string {
  switch (c.kind) {
    case 'object': return `${c.ref}${c.path ? ` ${c.path}` : ''} ${cmpLabel(c.cmp)}`;
    case 'count': {
      const sel = c.count.selector ? ` ${Object.entries(c.count.selector).map(([k, v]) => `${k}=${v}`).join(',')}` : '';
      return `count ${c.count.kind}${sel}${c.count.phase ? ` ${c.count.phase}` : ''} ${cmpLabel(c.cmp)}`;
    }
    case 'event': return `events${Object.entries(c.event).map(([k, v]) => ` ${k}=${JSON.stringify(v)}`).join('')} ${cmpLabel(c.cmp)}`;
  }
}
