// hpa: one hour of autoscaling on 100 nodes. 40 (or 20) Deployments, each with a HorizontalPodAutoscaler
// (cpu 50 %, 2–120 replicas), under a load that rises and falls every few minutes (a different
// phase per Deployment), so that a few thousand pods come and go. Budget: the hour simulates in
// a few seconds. Reported as simulated seconds per wall second, next to a baseline run in the
// same process: the same cluster, Deployments and load for the same hour without autoscalers
// (fixed replicas), i.e. what the autoscaling itself costs.
// Run: npm run build && node --expose-gc dist/bench/hpa.js [nodes deployments seconds]
import v8 from 'node:v8';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { loadScenario } from '../src/scenario/load.js';
import { runScenario } from '../src/scenario/runner.js';
import { EventStore } from '../src/store/eventlog.js';
import { defaultControllers } from '../src/controllers/index.js';
import { mb, tempDb, Timed } from './util.js';

export interface HpaBenchOptions {
  nodes: number;
  deployments: number;
  /** simulated seconds */
  seconds: number;
}

/** Load steps: every 5 minutes each Deployment's total cpu moves along a wave (cores). */
function loadAt(i: number, minute: number): number {
  const phase = (i * 7) % 12;
  const step = (Math.floor(minute / 5) + phase) % 12;
  const wave = [1, 2, 4, 6, 8, 6, 4, 3, 2, 1, 1, 1][step]!;
  return wave * (1 + (i % 3));
}

export function writeHpaScenario(dir: string, o: HpaBenchOptions, autoscale: boolean): string {
  const docs: string[] = [];
  for (let i = 0; i < o.deployments; i++) {
    docs.push(`apiVersion: apps/v1
kind: Deployment
metadata: {name: app-${i}}
spec:
  replicas: ${autoscale ? 2 : 30}
  selector: {matchLabels: {app: app-${i}}}
  template:
    metadata: {labels: {app: app-${i}}}
    spec:
      containers:
        - name: app
          image: registry.example/app:${i % 5}
          resources: {requests: {cpu: 100m, memory: 128Mi}}
`);
    if (autoscale) {
      docs.push(`apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: app-${i}}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: app-${i}}
  minReplicas: 2
  maxReplicas: 120
  metrics:
    - type: Resource
      resource: {name: cpu, target: {type: Utilization, averageUtilization: 50}}
`);
    }
  }
  writeFileSync(join(dir, `apps-${autoscale}.yaml`), docs.join('---\n'));
  const steps: string[] = [];
  for (let minute = 0; minute * 60 < o.seconds; minute += 5) {
    for (let i = 0; i < o.deployments; i++) {
      steps.push(`  - at: ${minute * 60 + 30}s\n    load: {selector: {app: app-${i}}, cpu: "${loadAt(i, minute)}"}`);
    }
  }
  const file = join(dir, `hpa-${autoscale}.yaml`);
  writeFileSync(file, `name: hpa-bench
description: ${o.nodes} nodes, ${o.deployments} Deployments ${autoscale ? 'with HPAs' : 'at fixed replicas'} under a changing load
duration: ${o.seconds}s
cluster:
  nodes:
    - prefix: node-
      count: ${o.nodes}
      cpu: "32"
      memory: 128Gi
      pods: 110
objects:
  - apps-${autoscale}.yaml
behaviors:
  - match: {image: "registry.example/*"}
    startup: 5s
timeline:
${steps.join('\n')}
`);
  return file;
}

interface Run {
  /** seconds per controller, the busiest first */
  controllers: string;
  wall: number;
  events: number;
  pods: { min: number; max: number };
  rescales: number;
}

function runOnce(o: HpaBenchOptions, autoscale: boolean): Run {
  const db = tempDb(`hpa-${autoscale}`);
  const file = writeHpaScenario(dirname(db.file), o, autoscale);
  const t0 = performance.now();
  const scenario = loadScenario(file);
  const timed = defaultControllers().map((c) => new Timed(c));
  const result = runScenario(scenario, { db: db.file, controllers: () => timed });
  const wall = (performance.now() - t0) / 1000;
  // after the clock: pod counts and rescales from the log
  let pods = 0;
  let min = Infinity;
  let max = 0;
  let rescales = 0;
  const store = EventStore.open(db.file, { readonly: true });
  for (const e of store.events()) {
    if (e.note?.reason === 'SuccessfulRescale') rescales++;
    if (e.object.kind !== 'Pod' || !e.change || e.change.op === 'patch') continue;
    pods += e.change.op === 'create' ? 1 : -1;
    if (e.tick > 120 && pods < min) min = pods;
    if (pods > max) max = pods;
  }
  store.close();
  db.cleanup();
  const controllers = [...timed].sort((a, b) => b.seconds - a.seconds).filter((c) => c.seconds >= 0.05).map((c) => `${c.name} ${c.seconds.toFixed(1)} s`).join(', ');
  return { wall, events: result.events, pods: { min, max }, rescales, controllers };
}

export function hpaBench(o: HpaBenchOptions = { nodes: 100, deployments: 40, seconds: 3600 }): void {
  const base = runOnce(o, false);
  const hpa = runOnce(o, true);
  const peak = process.resourceUsage().maxRSS * 1024;
  console.log(`${o.nodes} nodes, ${o.deployments} Deployments, ${o.seconds} simulated seconds, the load of each changing every 5 min`);
  console.log(`baseline, fixed 30 replicas each (${base.pods.max.toLocaleString('en-US')} pods): ${base.wall.toFixed(1)} s wall, ${(o.seconds / base.wall).toFixed(0)} simulated s per wall s, ${base.events.toLocaleString('en-US')} events`);
  console.log(`with HPAs (${hpa.pods.min.toLocaleString('en-US')}–${hpa.pods.max.toLocaleString('en-US')} pods, ${hpa.rescales.toLocaleString('en-US')} rescales): ${hpa.wall.toFixed(1)} s wall, ${(o.seconds / hpa.wall).toFixed(0)} simulated s per wall s (budget: the hour in a few seconds), ${hpa.events.toLocaleString('en-US')} events`);
  console.log(`  controllers, baseline: ${base.controllers}`);
  console.log(`  controllers, with HPAs: ${hpa.controllers}`);
  console.log(`peak RSS: ${mb(peak)}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  v8.setFlagsFromString('--max-semi-space-size=64');
  const [nodes, deployments, seconds] = process.argv.slice(2).map(Number);
  hpaBench(nodes && deployments && seconds ? { nodes, deployments, seconds } : undefined);
}
