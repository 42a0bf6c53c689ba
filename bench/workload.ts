// Synthetic but realistic event streams for the store benchmarks: pods shaped like a Deployment's,
// created, bound and started through the real engine write path (immer patches, seeded ids).
import { Sim } from '../src/engine/testing.js';
import { Engine } from '../src/engine/engine.js';
import { Clock } from '../src/api/time.js';
import { defaultControllers } from '../src/controllers/index.js';
import { loadScenario } from '../src/scenario/load.js';
import { StepRunner } from '../src/scenario/steps.js';
import { writeEnvelopeScenario } from './envelope.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Pod } from '../src/api/types.js';
import type { LogEvent } from '../src/state/events.js';

export function podLifecycleEvents(pods: number, perTick = 3_333): LogEvent[][] {
  const sim = new Sim({ controllers: [] });
  const ticks: LogEvent[][] = [];
  let made = 0;
  while (made < pods) {
    const batch = Math.min(perTick, pods - made);
    const start = made;
    sim.when((ctx) => {
      for (let i = start; i < start + batch; i++) {
        const rs = `web-${Math.floor(i / 100)}-5d9c7b8f4`;
        const pod: Pod = {
          apiVersion: 'v1', kind: 'Pod',
          metadata: { name: '', generateName: `${rs}-`, namespace: 'default', labels: { app: `web-${Math.floor(i / 100)}`, 'pod-template-hash': '5d9c7b8f4' },
            ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs, uid: ctx.uid(), controller: true, blockOwnerDeletion: true }] },
          spec: { containers: [{ name: 'web', image: 'web:1', resources: { requests: { cpu: '100m', memory: '128Mi' } }, terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File', imagePullPolicy: 'IfNotPresent' }],
            restartPolicy: 'Always', terminationGracePeriodSeconds: 30, dnsPolicy: 'ClusterFirst', schedulerName: 'default-scheduler', securityContext: {} },
          status: { phase: 'Pending', qosClass: 'Burstable' },
        };
        let p = ctx.create(pod, { type: 'PodCreated', note: { type: 'Normal', reason: 'SuccessfulCreate', message: `Created pod: ${rs}-xxxxx`, source: 'replicaset-controller' } });
        p = ctx.update(p, (d) => {
          d.spec.nodeName = `node-${i % 5000}`;
          d.status.conditions = [{ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: ctx.now() }];
        }, { type: 'PodScheduled', note: { type: 'Normal', reason: 'Scheduled', message: `Successfully assigned default/${p.metadata.name} to node-${i % 5000}`, source: 'default-scheduler' } });
        ctx.update(p, (d) => {
          d.status.phase = 'Running';
          d.status.podIP = `10.244.${i % 250}.${(i % 200) + 2}`;
          d.status.startTime = ctx.now();
          d.status.containerStatuses = [{ name: 'web', state: { running: { startedAt: ctx.now() } }, lastState: {}, ready: true, restartCount: 0, image: 'web:1', imageID: 'docker.io/library/web@sha256:0', containerID: 'containerd://0', started: true }];
        }, { type: 'ContainerStarted', note: { type: 'Normal', reason: 'Started', message: 'Started container web', source: 'kubelet' } });
      }
    });
    ticks.push(sim.step().events);
    made += batch;
  }
  ticks[0] = ticks[0]!; // the first tick also holds the simulation config and namespace
  return ticks;
}

/**
 * The events of a real run, tick by tick, produced in memory by the engine and the real
 * controllers (no store): 30,000 pods created, scheduled and started.
 */
export function realisticTicks(): LogEvent[][] {
  const dir = mkdtempSync(join(tmpdir(), 'kreplay-workload-'));
  try {
    const s = loadScenario(writeEnvelopeScenario(dir, { nodes: 500, deployments: 1500, replicas: 20 }));
    const engine = new Engine({ seed: s.seed, clock: new Clock(s.start), controllers: defaultControllers() });
    const steps = new StepRunner(s, engine, s.seed);
    const ticks: LogEvent[][] = [];
    for (let t = 0; t <= 2; t++) ticks.push(engine.runTick(t, (ctx) => steps.inputs(t, ctx), 'scenario').events);
    return ticks.filter((t) => t.length > 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
