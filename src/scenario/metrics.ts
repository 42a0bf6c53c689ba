// The scenario's custom and external metrics: the top-level `metrics:` list (series, step functions
// of simulated time) and the timeline `metric:` step (a value from the step's time on). Both become
// SimConfig.spec.metrics (api/types.ts MetricSeries), which src/metrics serves to the HPA. Ours.
import { fromLabelSelector, SelectorError } from '../api/labels.js';
import { isDNS1123Label } from '../api/names.js';
import { value as quantityValue } from '../api/quantity.js';
import type { MetricPoint, MetricSeries } from '../api/types.js';
import { normalizeKind, sameSeries, seriesLabel, type MetricSeriesId, type MetricValue } from '../metrics/series.js';
import type { Reader, Obj } from './fields.js';
import type { Path } from './yaml.js';

const TYPES = ['Pods', 'Object', 'External'] as const;
const VALUE_FIELDS = ['value', 'perPod', 'total', 'absent'];
const ID_FIELDS = ['type', 'name', 'namespace', 'selector', 'object'];

/** type, name, namespace, selector, object: which metric (shared by the list and the step). */
function loadId(r: Reader, o: Obj, path: Path): MetricSeriesId {
  const type = r.reqStr(o.type, [...path, 'type']);
  if (!(TYPES as readonly string[]).includes(type)) r.fail([...path, 'type'], `Unsupported value: ${JSON.stringify(type)}: supported values: ${TYPES.map((t) => `"${t}"`).join(', ')}`);
  const name = r.reqStr(o.name, [...path, 'name']);
  if (!/^[^\s/]+$/.test(name)) r.fail([...path, 'name'], `${JSON.stringify(name)} is not a metric name (no spaces or slashes)`);
  const namespace = r.str(o.namespace, [...path, 'namespace']) ?? 'default';
  const nsErrs = isDNS1123Label(namespace);
  if (nsErrs.length > 0) r.fail([...path, 'namespace'], `Invalid value: ${JSON.stringify(namespace)}: ${nsErrs.join('; ')}`);
  const id: MetricSeriesId = { type: type as MetricSeries['type'], name, namespace };
  const selector = r.stringMap(o.selector, [...path, 'selector']);
  if (selector !== undefined) {
    if (type === 'Object') r.fail([...path, 'selector'], 'does not go with an Object metric (the object names what it describes)');
    try {
      fromLabelSelector({ matchLabels: selector });
    } catch (err) {
      if (err instanceof SelectorError) r.fail([...path, 'selector'], err.message);
      throw err;
    }
    id.selector = selector;
  }
  if (type === 'Pods' && (selector === undefined || Object.keys(selector).length === 0)) {
    r.fail([...path, 'selector'], 'is required for a Pods metric (the labels of the pods that report it)');
  }
  if (o.object !== undefined) {
    if (type !== 'Object') r.fail([...path, 'object'], 'only goes with an Object metric');
    const ref = r.reqStr(o.object, [...path, 'object']);
    const m = /^([^/\s]+)\/([^/\s]+)$/.exec(ref);
    if (!m) r.fail([...path, 'object'], `${JSON.stringify(ref)} is not kind/name (e.g. ingress/main)`);
    id.object = { kind: normalizeKind(m![1]!), name: m![2]! };
  } else if (type === 'Object') {
    r.fail([...path, 'object'], 'is required for an Object metric (kind/name of the object it describes, e.g. ingress/main)');
  }
  return id;
}

/** One of value (Object, External), perPod or total (Pods), or absent: true. */
function loadValue(r: Reader, o: Obj, path: Path, type: MetricSeries['type'], where: string): MetricValue {
  const given = VALUE_FIELDS.filter((k) => o[k] !== undefined);
  const choices = type === 'Pods' ? 'perPod (what each pod reports), total (shared by the ready pods) or absent: true' : 'value or absent: true';
  if (given.length !== 1) r.fail(path, `${where} takes exactly one of ${choices}${given.length ? `, found ${given.join(', ')}` : ''}`);
  const field = given[0]!;
  if (field === 'absent') {
    if (r.bool(o.absent, [...path, 'absent']) !== true) r.fail([...path, 'absent'], 'only takes true (no value from this time on)');
    return { absent: true };
  }
  if (type === 'Pods' && field === 'value') r.fail([...path, 'value'], 'does not go with a Pods metric (give perPod or total)');
  if (type !== 'Pods' && field !== 'value') r.fail([...path, field], `only goes with a Pods metric (an ${type} metric takes value)`);
  const q = r.quantity(o[field], [...path, field])!;
  if (quantityValue(q) < 0) r.fail([...path, field], `${JSON.stringify(q)} must not be negative`);
  return { [field]: q } as MetricValue;
}

function within(r: Reader, at: number, path: Path, duration: number): number {
  if (at > duration) r.fail(path, `${at}s is after the end of the scenario (duration ${duration}s)`);
  return at;
}

/** The top-level `metrics:` list. */
export function loadMetrics(r: Reader, v: unknown, path: Path, duration: number): MetricSeries[] {
  const out: MetricSeries[] = [];
  r.list(v, path).forEach((entry, i) => {
    const at: Path = [...path, i];
    const o = r.obj(entry, at, [...ID_FIELDS, 'series', ...VALUE_FIELDS]);
    const id = loadId(r, o, at);
    const inline = VALUE_FIELDS.some((k) => o[k] !== undefined);
    let points: MetricPoint[];
    if (o.series !== undefined) {
      if (inline) r.fail(at, 'give series (values in time) or one value from the start, not both');
      const list = r.list(o.series, [...at, 'series']);
      if (list.length === 0) r.fail([...at, 'series'], 'is empty (give at least one point: {at: 0s, …})');
      points = list.map((p, j) => {
        const pp: Path = [...at, 'series', j];
        const po = r.obj(p, pp, ['at', ...VALUE_FIELDS]);
        const tick = within(r, r.duration(po.at, [...pp, 'at'], true)!, [...pp, 'at'], duration);
        return { tick, ...loadValue(r, po, pp, id.type, 'a point') };
      });
      const seen = new Map<number, number>();
      points.forEach((p, j) => {
        if (seen.has(p.tick)) r.fail([...at, 'series', j, 'at'], `${p.tick}s is also the time of series[${seen.get(p.tick)}]`);
        seen.set(p.tick, j);
      });
      points.sort((a, b) => a.tick - b.tick);
    } else {
      if (!inline) r.fail(at, `give series (values in time) or one value from the start (${id.type === 'Pods' ? 'perPod or total' : 'value'})`);
      points = [{ tick: 0, ...loadValue(r, o, at, id.type, 'a metric') }];
    }
    const twin = out.findIndex((s) => sameSeries(s, id));
    if (twin !== -1) r.fail(at, `the same metric as ${path.join('.')}[${twin}] (${seriesLabel(id)}): give all its values in one series`);
    out.push({ ...id, points });
  });
  return out;
}

/** A timeline `metric:` step's target and value. */
export function loadMetricStep(r: Reader, v: unknown, path: Path): { metric: MetricSeriesId; value: MetricValue } {
  const o = r.obj(v, path, [...ID_FIELDS, ...VALUE_FIELDS]);
  const metric = loadId(r, o, path);
  return { metric, value: loadValue(r, o, path, metric.type, 'a metric step') };
}
