// Test harness for the kubectl verbs (tests only): a Sim over the real controllers with worker
// nodes, virtual files for -f, and `kubectl(cmd)` that runs a command line as the next tick's
// input and drives a returned ClientProcess (rollout status) tick by tick like the step runner.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Behavior, KObject, Node } from '../api/types.js';
import { defaultControllers } from '../controllers/index.js';
import { Sim } from '../engine/testing.js';
import type { LogEvent } from '../state/events.js';
import { applyManifests, deleteTarget, runKubectl, type KubectlReadEnv } from './index.js';
import type { ClientProcess, KubectlResult, ManifestInput } from './types.js';
import type { Ctx } from '../state/controller.js';

export interface RunOutcome extends KubectlResult {
  /** the events the command's tick appended (the command's own writes first) */
  events: LogEvent[];
  /** the events the command itself wrote (actor 'user') */
  writes: LogEvent[];
}

/** A Ready worker node as a kubelet registers it (4 CPUs, 8 GiB, 110 pods): worker-1, worker-2 … */
export function workerNode(i: number): Node {
  const name = `worker-${i + 1}`;
  const now = '2024-01-01T00:00:00Z';
  const cond = (type: string, status: 'True' | 'False', reason: string, message: string) => ({ type, status, lastHeartbeatTime: now, lastTransitionTime: now, reason, message });
  const resources = { cpu: '4', 'ephemeral-storage': '100Gi', memory: '8Gi', pods: '110' };
  return {
    apiVersion: 'v1', kind: 'Node',
    metadata: {
      name,
      labels: { 'beta.kubernetes.io/arch': 'amd64', 'beta.kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux' },
    },
    spec: { podCIDR: `10.244.${i}.0/24`, podCIDRs: [`10.244.${i}.0/24`] },
    status: {
      capacity: resources, allocatable: resources,
      conditions: [
        cond('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
        cond('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
        cond('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
        cond('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
      ],
      addresses: [{ type: 'InternalIP', address: `10.0.0.${10 + i}` }, { type: 'Hostname', address: name }],
      nodeInfo: { kubeletVersion: 'v1.28.0', kubeProxyVersion: 'v1.28.0', containerRuntimeVersion: 'containerd://1.7.2', operatingSystem: 'linux', architecture: 'amd64' },
    },
  };
}

export class Cluster {
  readonly sim: Sim;
  readonly files = new Map<string, string>();
  /** a real folder for -f (directories); files not in `files` are read from it */
  dir = '/virtual';

  constructor(o: { nodes?: number; behaviors?: Behavior[]; namespaces?: string[] } = {}) {
    this.sim = new Sim({ controllers: defaultControllers(), config: { behaviors: o.behaviors ?? [] }, namespaces: o.namespaces ?? ['default'] });
    this.sim.given(...Array.from({ length: o.nodes ?? 2 }, (_, i) => workerNode(i)));
    this.sim.tick();
  }

  env(ctx: Ctx): KubectlReadEnv {
    return {
      ctx, cwd: this.dir,
      readFile: (p) => {
        const t = this.files.get(p);
        if (t !== undefined) return t;
        return readFileSync(resolve(this.dir, p), 'utf8');
      },
      log: () => this.sim.log,
    };
  }

  private input(fn: (ctx: Ctx) => KubectlResult): RunOutcome {
    let res: KubectlResult | undefined;
    this.sim.when((ctx) => { res = fn(ctx); });
    const before = this.sim.log.length;
    const events = this.sim.tick();
    const writes = this.sim.log.slice(before).filter((e) => e.actor === 'user');
    return { ...res!, events, writes };
  }

  kubectl(cmd: string): RunOutcome {
    return this.input((ctx) => runKubectl(cmd, { ...this.env(ctx), cause: 1 }));
  }

  apply(manifests: ManifestInput[]): RunOutcome {
    return this.input((ctx) => applyManifests(manifests, this.env(ctx)));
  }

  delete(target: string): RunOutcome {
    return this.input((ctx) => deleteTarget(target, this.env(ctx)));
  }

  /** Run a command and drive its process (observe after each tick) for at most `maxTicks`. */
  watch(cmd: string, maxTicks = 300): { stdout: string; stderr: string; exitCode: number; ticks: number } {
    const r = this.kubectl(cmd);
    let stdout = r.stdout;
    let stderr = r.stderr;
    const p: ClientProcess | undefined = r.process;
    if (!p) return { stdout, stderr, exitCode: r.exitCode, ticks: 0 };
    let events = r.events;
    for (let i = 0; i < maxTicks; i++) {
      const u = p.observe!(this.sim.view, this.sim.now - 1, this.sim.engine.clock, events);
      stdout += u.stdout ?? '';
      stderr += u.stderr ?? '';
      if (u.done) return { stdout, stderr, exitCode: u.exitCode ?? 0, ticks: i };
      events = this.sim.tick();
    }
    return { stdout, stderr, exitCode: -1, ticks: maxTicks };
  }

  get<T extends KObject = KObject>(kind: T['kind'], name: string, ns = 'default'): T {
    const o = this.sim.view.getByKey(`${kind}/${kind === 'Node' || kind === 'Namespace' ? '' : ns}/${name}`);
    if (!o) throw new Error(`${kind}/${name} not found`);
    return o as T;
  }

  tick(n = 1): LogEvent[] {
    return this.sim.tick(n);
  }
}

export const WEB_YAML = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app: web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: web:1
          ports:
            - containerPort: 8080
`;
