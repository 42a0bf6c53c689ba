// envelope: the Kubernetes scalability envelope — 5,000 nodes and 150,000 pods (1,500
// Deployments × 100 replicas) created, scheduled and Running — through the real scenario runner
// and store. Budget: < 5 min wall, < 6 GB peak RSS, ≥ 1,000 pods scheduled per second of
// scheduler time (scheduler_perf's CI floor at 5,000 nodes is 680–810 pods/s).
import { writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadScenario } from '../src/scenario/load.js';
import { runScenario } from '../src/scenario/runner.js';
import { defaultControllers } from '../src/controllers/index.js';
import type { Controller, Ctx, WorkSet } from '../src/state/controller.js';
import { tempDb, mb } from './util.js';

export interface EnvelopeOptions {
  nodes: number;
  deployments: number;
  replicas: number;
}

class Timed implements Controller {
  seconds = 0;
  runs = 0;
  constructor(private readonly inner: Controller) {}
  get name(): string { return this.inner.name; }
  get watches() { return this.inner.watches; }
  reconcile(ctx: Ctx, work: WorkSet): void {
    const t0 = performance.now();
    this.inner.reconcile(ctx, work);
    this.seconds += (performance.now() - t0) / 1000;
    this.runs++;
  }
}

export function writeEnvelopeScenario(dir: string, o: EnvelopeOptions): string {
  const docs: string[] = [];
  for (let i = 0; i < o.deployments; i++) {
    docs.push(`apiVersion: apps/v1
kind: Deployment
metadata: {name: app-${i}}
spec:
  replicas: ${o.replicas}
  selector: {matchLabels: {app: app-${i}}}
  template:
    metadata: {labels: {app: app-${i}}}
    spec:
      containers:
        - name: app
          image: registry.example/app:${i % 7}
          resources: {requests: {cpu: 100m, memory: 128Mi}}
`);
  }
  writeFileSync(join(dir, 'apps.yaml'), docs.join('---\n'));
  const file = join(dir, 'envelope.yaml');
  writeFileSync(file, `name: envelope
description: ${o.nodes} nodes, ${o.deployments} Deployments × ${o.replicas} replicas
duration: 5s
cluster:
  settings: {podCIDR: 10.0.0.0/8}
  nodes:
    - prefix: node-
      count: ${o.nodes}
      cpu: "32"
      memory: 128Gi
      pods: 110
objects:
  - apps.yaml
expect:
  - at: 5s
    count: {kind: Pod, phase: Running}
    equals: ${o.deployments * o.replicas}
`);
  return file;
}

export function envelopeBench(o: EnvelopeOptions = { nodes: 5000, deployments: 1500, replicas: 100 }): void {
  const db = tempDb('envelope');
  const file = writeEnvelopeScenario(dirname(db.file), o);
  const t0 = performance.now();
  const scenario = loadScenario(file);
  const loadSeconds = (performance.now() - t0) / 1000;
  const timed = defaultControllers().map((c) => new Timed(c));
  const perTick: string[] = [];
  let last = performance.now();
  const result = runScenario(scenario, {
    db: db.file,
    controllers: () => timed,
    onTick: (t, _total, events) => {
      const now = performance.now();
      perTick.push(`tick ${t}: ${((now - last) / 1000).toFixed(1)} s, ${events.toLocaleString('en-US')} events, rss ${mb(process.memoryUsage.rss())}`);
      last = now;
    },
  });
  const wall = (performance.now() - t0) / 1000;
  const peak = process.resourceUsage().maxRSS * 1024;
  const pods = o.deployments * o.replicas;
  const scheduler = timed.find((c) => c.name === 'default-scheduler')!;
  console.log(`${o.nodes.toLocaleString('en-US')} nodes, ${pods.toLocaleString('en-US')} pods (${o.deployments} Deployments × ${o.replicas})`);
  console.log(`load scenario: ${loadSeconds.toFixed(1)} s`);
  for (const l of perTick) console.log(`  ${l}`);
  for (const c of timed) console.log(`  ${c.name.padEnd(22)} ${c.seconds.toFixed(1).padStart(6)} s in ${c.runs} runs`);
  console.log(`expectations: ${result.passed ? 'all passed' : 'FAILED'} (${result.expectations.filter((e) => e.passed).length}/${result.expectations.length})`);
  console.log(`wall time: ${wall.toFixed(1)} s (budget < 300 s); events: ${result.events.toLocaleString('en-US')}; peak RSS: ${mb(peak)} (budget < 6 GB)`);
  console.log(`scheduling: ${Math.round(pods / scheduler.seconds).toLocaleString('en-US')} pods/s of scheduler time (budget ≥ 1,000)`);
  db.cleanup();
}
