// envelope: the Kubernetes scalability envelope — 5,000 nodes and 150,000 pods (1,500
// Deployments × 100 replicas) created, scheduled and Running — through the real scenario runner
// and store. Budget: < 5 min wall, < 6 GB peak RSS, ≥ 1,000 pods scheduled per second of
// scheduler time (scheduler_perf's CI floor at 5,000 nodes is 680–810 pods/s).
import { writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { mb, printTimedRun, tempDb, timedRun } from './util.js';

export interface EnvelopeOptions {
  nodes: number;
  deployments: number;
  replicas: number;
}

/**
 * The envelope's Deployments as one multi-document manifest, written to dir/apps.yaml; `extra`
 * is appended to each pod's container (e.g. probes).
 */
export function writeEnvelopeApps(dir: string, o: EnvelopeOptions, extra = ''): void {
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
${extra}`);
  }
  writeFileSync(join(dir, 'apps.yaml'), docs.join('---\n'));
}

export function writeEnvelopeScenario(dir: string, o: EnvelopeOptions): string {
  writeEnvelopeApps(dir, o);
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
  const run = timedRun(file, db.file);
  const { result, wall, timed } = run;
  const peak = process.resourceUsage().maxRSS * 1024;
  const pods = o.deployments * o.replicas;
  const scheduler = timed.find((c) => c.name === 'default-scheduler')!;
  console.log(`${o.nodes.toLocaleString('en-US')} nodes, ${pods.toLocaleString('en-US')} pods (${o.deployments} Deployments × ${o.replicas})`);
  printTimedRun(run);
  console.log(`wall time: ${wall.toFixed(1)} s (budget < 300 s); events: ${result.events.toLocaleString('en-US')}; peak RSS: ${mb(peak)} (budget < 6 GB)`);
  console.log(`scheduling: ${Math.round(pods / scheduler.seconds).toLocaleString('en-US')} pods/s of scheduler time (budget ≥ 1,000)`);
  db.cleanup();
}
