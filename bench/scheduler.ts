// scheduler: 150,000 pods onto 5,000 nodes (3 zones) through the real engine; budget ≥ 1,000 pods
// bound per second of wall time on a 2-core machine (kube-scheduler's scheduler_perf CI floor for
// 5,000 nodes is 680–810 pods/s). The time counted is the scheduler's reconcile runs, including
// the writes they make (immer patch, event append, projection and nodeUsage update), not the
// creation of the objects. Two shapes: all pods pending at once, and 15,000 new pods per tick;
// and, for scale, 5,000 pods that fit nowhere (the cost of a failed attempt).
// Run alone: node --max-semi-space-size=64 dist/bench/scheduler.js
import { performance } from 'node:perf_hooks';
import type { Node, Pod } from '../src/api/types.js';
import { Scheduler } from '../src/controllers/scheduler/index.js';
import { Clock } from '../src/api/time.js';
import { Engine } from '../src/engine/engine.js';
import { defaultSimConfig, namespaceObject, simConfigObject } from '../src/engine/testing.js';
import { mb, rate, sampleRss, Timed } from './util.js';

const NODES = 5_000;
const PODS = 150_000;

function nodeObj(i: number): Node {
  const name = `node-${String(i).padStart(4, '0')}`;
  const allocatable = { cpu: '16', memory: '64Gi', pods: '110', 'ephemeral-storage': '100Gi' };
  return {
    apiVersion: 'v1', kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, 'topology.kubernetes.io/zone': `zone-${i % 3}` } },
    spec: i === 0 ? { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] } : {},
    status: { capacity: allocatable, allocatable, conditions: [{ type: 'Ready', status: 'True' }] },
  };
}

function podObj(i: number): Pod {
  const app = `app-${i % 1500}`;
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name: `${app}-${i}`, namespace: 'default', labels: { app } },
    spec: { containers: [{ name: 'c', image: `${app}:1`, resources: { requests: { cpu: '100m', memory: '128Mi' } } }] },
    status: { phase: 'Pending', qosClass: 'Burstable' },
  };
}

function shape(label: string, batches: number): void {
  const timed = new Timed(new Scheduler());
  // The engine directly: Sim keeps every event and spreads a tick's events into one call.
  const engine = new Engine({ seed: 1, clock: new Clock(), controllers: [timed] });
  engine.runTick(0, (ctx) => {
    ctx.create(simConfigObject(defaultSimConfig(1, '2024-01-01T00:00:00Z')), { type: 'SimulationConfigured' });
    ctx.create(namespaceObject('default'), { type: 'NamespaceCreated' });
    for (let i = 0; i < NODES; i++) ctx.create(nodeObj(i), { type: 'NodeCreated' });
  });
  const per = PODS / batches;
  let bound = 0;
  const wall0 = performance.now();
  for (let b = 0; b < batches; b++) {
    const r = engine.runTick(b + 1, (ctx) => {
      for (let i = 0; i < per; i++) ctx.create(podObj(b * per + i), { type: 'PodCreated' });
    });
    for (const e of r.events) if (e.type === 'PodScheduled') bound++;
    sampleRss();
  }
  const wall = (performance.now() - wall0) / 1000;
  const perNode = new Map<string, number>();
  for (const p of engine.state.list('Pod')) if (p.spec.nodeName) perNode.set(p.spec.nodeName, (perNode.get(p.spec.nodeName) ?? 0) + 1);
  const counts = [...perNode.values()];
  console.log(`${label}: ${bound.toLocaleString('en-US')} pods bound in ${timed.seconds.toFixed(1)} s of scheduler time`
    + ` (${rate(bound, timed.seconds)}; ${timed.runs} runs), ${wall.toFixed(1)} s wall with object creation`
    + ` (${rate(bound, wall)}); pods per node ${Math.min(...counts)}–${Math.max(...counts)} on ${perNode.size} nodes; peak RSS ${mb(sampleRss())}`);
}

/** 5,000 pods that fit nowhere: every attempt walks all nodes and runs the preemption dry run. */
function unschedulable(): void {
  const timed = new Timed(new Scheduler());
  const engine = new Engine({ seed: 1, clock: new Clock(), controllers: [timed] });
  engine.runTick(0, (ctx) => {
    ctx.create(simConfigObject(defaultSimConfig(1, '2024-01-01T00:00:00Z')), { type: 'SimulationConfigured' });
    ctx.create(namespaceObject('default'), { type: 'NamespaceCreated' });
    for (let i = 0; i < NODES; i++) ctx.create(nodeObj(i), { type: 'NodeCreated' });
  });
  const r = engine.runTick(1, (ctx) => {
    for (let i = 0; i < 5_000; i++) {
      const p = podObj(i);
      p.spec.containers[0]!.resources = { requests: { cpu: '32', memory: '1Gi' } };
      ctx.create(p, { type: 'PodCreated' });
    }
  });
  const failed = r.events.filter((e) => e.type === 'PodSchedulingFailed').length;
  console.log(`unschedulable: ${failed.toLocaleString('en-US')} failed attempts over ${NODES.toLocaleString('en-US')} nodes in ${timed.seconds.toFixed(1)} s (${rate(failed, timed.seconds)})`);
}

export function schedulerBench(): void {
  shape('all pending at once', 1);
  shape('15,000 per tick', 10);
  unschedulable();
}

if (process.argv[1]?.endsWith('scheduler.js')) schedulerBench();
