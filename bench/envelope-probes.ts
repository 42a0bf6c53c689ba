// envelope with probes: the scalability envelope (5,000 nodes, 150,000 pods as 1,500 Deployments ×
// 100 replicas) where every pod has a readiness and a liveness probe — the kubelet's probes are
// analytic, so they must not cost an event or a wake-up per probe. Same budgets as `envelope`
// (< 5 min wall, < 6 GB peak RSS); runs to 25 s so every pod turns Ready at its first probe.
// Run: npm run build && node --expose-gc dist/bench/envelope-probes.js [nodes deployments replicas]
import v8 from 'node:v8';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeEnvelopeApps, type EnvelopeOptions } from './envelope.js';
import { mb, printTimedRun, tempDb, timedRun } from './util.js';

const DURATION_SECONDS = 25;

/** writeEnvelopeScenario's manifests, each pod template with a readiness and a liveness probe. */
export function writeEnvelopeProbesScenario(dir: string, o: EnvelopeOptions): string {
  writeEnvelopeApps(dir, o, `          readinessProbe: {httpGet: {path: /ready, port: 8080}, periodSeconds: 10}
          livenessProbe: {httpGet: {path: /healthz, port: 8080}, initialDelaySeconds: 5, periodSeconds: 10}
`);
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
  const run = timedRun(file, db.file);
  const { result, wall } = run;
  const peak = process.resourceUsage().maxRSS * 1024;
  const pods = o.deployments * o.replicas;
  console.log(`${o.nodes.toLocaleString('en-US')} nodes, ${pods.toLocaleString('en-US')} pods (${o.deployments} Deployments × ${o.replicas}), readiness + liveness probes on every pod`);
  printTimedRun(run);
  console.log(`wall time: ${wall.toFixed(1)} s (budget < 300 s); events: ${result.events.toLocaleString('en-US')} (${(result.events / pods).toFixed(2)} per pod); peak RSS: ${mb(peak)} (budget < 6 GB)`);
  db.cleanup();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  v8.setFlagsFromString('--max-semi-space-size=64'); // as the CLI does (src/cli/bin.ts)
  const [nodes, deployments, replicas] = process.argv.slice(2).map(Number);
  envelopeProbesBench(nodes && deployments && replicas ? { nodes, deployments, replicas } : undefined);
}
