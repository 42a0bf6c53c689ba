// envelope with probes: the scalability envelope (5,000 nodes, 150,000 pods as 1,500 Deployments ×
// 100 replicas) where every pod has a readiness and a liveness probe — the kubelet's probes are
// analytic, so they must not cost an event or a wake-up per probe. Same budgets as `envelope`
// (< 5 min wall, < 6 GB peak RSS); runs to 25 s so every pod turns Ready at its first probe.
// Run: npm run build && node --expose-gc dist/bench/envelope-probes.js [nodes deployments replicas]
import v8 from 'node:v8';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { loadScenario } from '../src/scenario/load.js';
import { runScenario } from '../src/scenario/runner.js';
import { defaultControllers } from '../src/controllers/index.js';
import type { Controller, Ctx, WorkSet } from '../src/state/controller.js';
import type { EnvelopeOptions } from './envelope.js';
import { mb, tempDb } from './util.js';

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

const DURATION_SECONDS = 25;

/** writeEnvelopeScenario's manifests, each pod template with a readiness and a liveness probe. */
export function writeEnvelopeProbesScenario(dir: string, o: EnvelopeOptions): string {
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
          readinessProbe: {httpGet: {path: /ready, port: 8080}, periodSeconds: 10}
          livenessProbe: {httpGet: {path: /healthz, port: 8080}, initialDelaySeconds: 5, periodSeconds: 10}
`);
  }
  writeFileSync(join(dir, 'apps.yaml'), docs.join('---\n'));
  const file = join(dir, 'envelope-probes.yaml');
  writeFileSync(file, `name: envelope-probes
description: ${o.nodes} nodes, ${o.deployments} Deployments × ${o.replicas} replicas, readiness and liveness probes on every pod
duration: ${DURATION_SECONDS}s
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
  - at: ${DURATION_SECONDS}s
    count: {kind: Pod, phase: Running}
    equals: ${o.deployments * o.replicas}
  - at: ${DURATION_SECONDS}s
    object: deployment/app-0
    path: status.availableReplicas
    equals: ${o.replicas}
  - at: ${DURATION_SECONDS}s
    object: deployment/app-${o.deployments - 1}
    path: status.readyReplicas
    equals: ${o.replicas}
`);
  return file;
}

export function envelopeProbesBench(o: EnvelopeOptions = { nodes: 5000, deployments: 1500, replicas: 100 }): void {
  const db = tempDb('envelope-probes');
  const file = writeEnvelopeProbesScenario(dirname(db.file), o);
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
  console.log(`${o.nodes.toLocaleString('en-US')} nodes, ${pods.toLocaleString('en-US')} pods (${o.deployments} Deployments × ${o.replicas}), readiness + liveness probes on every pod`);
  console.log(`load scenario: ${loadSeconds.toFixed(1)} s`);
  for (const l of perTick) console.log(`  ${l}`);
  for (const c of timed) console.log(`  ${c.name.padEnd(22)} ${c.seconds.toFixed(1).padStart(6)} s in ${c.runs} runs`);
  for (const e of result.expectations) if (!e.passed) console.log(`  FAILED: ${JSON.stringify(e)}`);
  console.log(`expectations: ${result.passed ? 'all passed' : 'FAILED'} (${result.expectations.filter((e) => e.passed).length}/${result.expectations.length})`);
  console.log(`wall time: ${wall.toFixed(1)} s (budget < 300 s); events: ${result.events.toLocaleString('en-US')} (${(result.events / pods).toFixed(2)} per pod); peak RSS: ${mb(peak)} (budget < 6 GB)`);
  db.cleanup();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  v8.setFlagsFromString('--max-semi-space-size=64'); // as the CLI does (src/cli/bin.ts)
  const [nodes, deployments, replicas] = process.argv.slice(2).map(Number);
  envelopeProbesBench(nodes && deployments && replicas ? { nodes, deployments, replicas } : undefined);
}
