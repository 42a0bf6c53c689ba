// A scenario's usage, load and metrics reach the metrics APIs: behaviour usage series, timeline
// usage:/load: steps, the metrics: section and metric: steps, through a real run and its log.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { metricsFor } from '../metrics/index.js';
import { EventStore } from '../store/eventlog.js';
import { runInfo, seek } from '../timetravel/seek.js';
import { loadScenario } from './load.js';
import { runScenario } from './runner.js';

const dir = mkdtempSync(join(tmpdir(), 'kreplay-metrics-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SCENARIO = `name: metrics
duration: 4m
cluster:
  nodes: [{name: node-a}]
objects:
  - apiVersion: apps/v1
    kind: Deployment
    metadata: {name: web}
    spec:
      replicas: 2
      selector: {matchLabels: {app: web}}
      template:
        metadata: {labels: {app: web}}
        spec: {containers: [{name: web, image: "web:1"}]}
behaviors:
  - match: {image: "web:*"}
    usage: [{at: 0s, cpu: 100m, memory: 64Mi}, {at: 40s, cpu: 200m}]
metrics:
  - type: Pods
    name: rps
    selector: {app: web}
    series: [{at: 0s, total: "100"}]
  - type: External
    name: queue
    value: "30"
timeline:
  - at: 60s
    load: {selector: {app: web}, cpu: "1"}
  - at: 2m
    metric: {type: Pods, name: rps, selector: {app: web}, total: "900"}
  - at: 2m30s
    metric: {type: External, name: queue, absent: true}
  - at: 3m
    usage: {selector: {app: web}, cpu: 50m}
`;

describe('a run with usage, load and metrics', () => {
  const file = join(dir, 's.yaml');
  writeFileSync(file, SCENARIO);
  const db = join(dir, 'run.db');
  const result = runScenario(loadScenario(file), { db, writerThread: false });
  const store = EventStore.open(db, { readonly: true });
  afterAll(() => store.close());
  const info = runInfo(store);
  const at = (tick: number) => {
    const state = seek(store, tick, info).state;
    return { state, m: metricsFor(state, tick, info.clock) };
  };
  const cpu = (tick: number): number[] => {
    const r = at(tick).m.podResourceMetrics('default', { matchLabels: { app: 'web' } });
    return r.ok ? [...r.value.values()].map((p) => p.containers[0]!.cpuMillis) : [];
  };

  it('runs', () => {
    expect(result.passed).toBe(true);
  });

  it('the behaviour series, then the load shared by the two ready pods, then the usage override', () => {
    expect(cpu(30)).toEqual([100, 100]);
    expect(cpu(60)).toEqual([234, 234]); // 200m from 40 s of age; the load from tick 60: (14·200 + 700) / 15, rounded up
    expect(cpu(75)).toEqual([700, 700]); // 200m + 1 cpu / 2
    expect(cpu(195)).toEqual([550, 550]); // usage: 50m from 180, plus the load
  });

  it('the metrics: section and metric: steps are SimConfig.spec.metrics, points added by MetricChanged events', () => {
    const rps = (tick: number) => {
      const r = at(tick).m.podsMetric('default', 'rps', { matchLabels: { app: 'web' } });
      return r.ok ? [...r.value.values()].map((v) => v.milli) : r.error;
    };
    expect(rps(119)).toEqual([50000, 50000]);
    expect(rps(120)).toEqual([450000, 450000]);
    expect(at(149).m.externalMetric('default', 'queue')).toMatchObject({ ok: true, value: { milli: 30000 } });
    expect(at(150).m.externalMetric('default', 'queue')).toEqual({ ok: false, error: 'no metrics returned from external metrics API' });
    expect(at(240).state.config().metrics).toEqual([
      { type: 'Pods', name: 'rps', namespace: 'default', selector: { app: 'web' }, points: [{ tick: 0, total: '100' }, { tick: 120, total: '900' }] },
      { type: 'External', name: 'queue', namespace: 'default', points: [{ tick: 0, value: '30' }, { tick: 150, absent: true }] },
    ]);
    const events = [...store.events()];
    const changed = events.filter((e) => e.type === 'MetricChanged');
    expect(changed.map((e) => e.tick)).toEqual([120, 150]);
    for (const e of changed) {
      const cause = events.find((x) => x.seq === e.cause);
      expect(cause?.type).toBe('ScenarioStepRun');
      expect(cause?.data?.label).toMatch(/^metric /);
    }
    expect(events.filter((e) => e.type === 'LoadChanged' || e.type === 'UsageChanged').map((e) => [e.tick, e.type])).toEqual([[60, 'LoadChanged'], [180, 'UsageChanged']]);
  });
});
