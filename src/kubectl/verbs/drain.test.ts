// `kubectl drain` over the real controllers and the disruption controller: kubectl v1.28's exact
// lines, evictions that wait for a PodDisruptionBudget, the refusals for bare / emptyDir /
// DaemonSet pods, --force, --timeout, a fatal eviction error, and a drain resumed from the log.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Behavior, KObject, Pod, PodDisruptionBudget } from '../../api/types.js';
import { Clock, DEFAULT_START } from '../../api/time.js';
import { defaultControllers } from '../../controllers/index.js';
import { Engine } from '../../engine/engine.js';
import { Sim } from '../../engine/testing.js';
import { podForCreate } from '../../state/apiserver.js';
import { ClusterState } from '../../state/cluster.js';
import type { Ctx } from '../../state/controller.js';
import type { LogEvent } from '../../state/events.js';
import { applyManifests, runKubectl } from '../index.js';
import { WEB_YAML, workerNode } from '../testkit.js';
import type { ClientProcess, KubectlEnv } from '../types.js';

const controllers = () => defaultControllers(); // includes the disruption controller

function pdb(name: string, spec: PodDisruptionBudget['spec']): PodDisruptionBudget {
  return { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name, namespace: 'default' }, spec } as PodDisruptionBudget;
}

function barePod(name: string, o: { emptyDir?: boolean; owner?: { kind: string; name: string } } = {}): Pod {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, namespace: 'default', labels: { app: name }, ...(o.owner ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: o.owner.kind, name: o.owner.name, uid: `uid-${o.owner.name}`, controller: true }] } : {}) },
    spec: { containers: [{ name: 'c', image: 'busybox' }], ...(o.emptyDir ? { volumes: [{ name: 'cache', emptyDir: {} }] } : {}) },
  } as unknown as Pod;
}

/** One line of output: the tick, the phase that printed it, the stream, the text. */
type Line = [number, 'cmd' | 'act' | 'obs', 'out' | 'err', string];

class Drain {
  readonly lines: Line[] = [];
  process: ClientProcess | undefined;
  exitCode: number | undefined;
  startTick = -1;

  constructor(readonly sim: Sim) {}

  env(ctx: Ctx): KubectlEnv {
    return { ctx, cwd: '/', readFile: () => '', log: () => this.sim.log, cause: 1 };
  }

  private take(t: number, phase: Line[1], u: { stdout?: string; stderr?: string }): void {
    for (const l of (u.stdout ?? '').split('\n').filter((x) => x !== '')) this.lines.push([t, phase, 'out', l]);
    for (const l of (u.stderr ?? '').split('\n').filter((x) => x !== '')) this.lines.push([t, phase, 'err', l]);
  }

  /** Run the command at the next tick and drive its process (act, then observe) until it ends. */
  run(cmd: string, maxTicks = 200): this {
    this.sim.when((ctx) => {
      this.startTick = ctx.tick;
      const r = runKubectl(cmd, this.env(ctx));
      this.take(ctx.tick, 'cmd', r);
      this.process = r.process;
      if (!r.process) this.exitCode = r.exitCode;
    });
    let events = this.sim.tick();
    for (let i = 0; i < maxTicks && this.process; i++) {
      const p: ClientProcess = this.process;
      const u = p.observe!(this.sim.view, this.sim.now - 1, this.sim.engine.clock, events);
      this.take(this.sim.now - 1, 'obs', u);
      if (u.done) {
        this.exitCode = u.exitCode;
        this.process = undefined;
        break;
      }
      this.sim.when((ctx) => {
        const a = p.act!(this.env(ctx));
        this.take(ctx.tick, 'act', a);
        if (a.done) {
          this.exitCode = a.exitCode;
          this.process = undefined;
        }
      });
      events = this.sim.tick();
    }
    return this;
  }

  text(stream: 'out' | 'err'): string[] {
    return this.lines.filter((l) => l[2] === stream).map((l) => l[3]);
  }
}

/** worker-1 with `web` (3 replicas, all on it), then worker-2 joins; optional extra objects. */
function cluster(extra: KObject[] = [], replicas = 3, o: { behaviors?: Behavior[]; nodes?: number } = {}): Sim {
  const sim = new Sim({ controllers: controllers(), config: { behaviors: o.behaviors ?? [] } });
  sim.given(workerNode(0)).tick();
  const web = parse(WEB_YAML) as KObject & { spec: { replicas: number } };
  web.spec.replicas = replicas;
  sim.when((ctx) => { applyManifests([{ object: web, file: 'web.yaml' }], { ctx, cwd: '/', readFile: () => '' }); });
  // pods as the API server stores them on create (defaults, Pending, QoS)
  if (extra.length > 0) sim.given(...extra.map((o) => (o.kind === 'Pod' ? podForCreate(o as Pod) as Pod : o)));
  sim.tick(5);
  sim.given(...Array.from({ length: o.nodes ?? 1 }, (_, i) => workerNode(i + 1))).tick(3);
  return sim;
}

const podsOn = (sim: Sim, node: string): string[] => sim.view.podsOnNode(node).map((p) => p.metadata.name).sort();

describe('drain with a PodDisruptionBudget (minAvailable 2 of 3; seeds §7.2 D1, D5)', () => {
  it('evicts one pod at a time: each retry waits for the replacement to be ready', () => {
    const sim = cluster([pdb('web', { minAvailable: 2, selector: { matchLabels: { app: 'web' } } })]);
    const [a, b, c] = podsOn(sim, 'worker-1') as [string, string, string];
    const d = new Drain(sim).run('drain worker-1');
    const T = d.startTick;
    const refused = (p: string) => `error when evicting pods/"${p}" -n "default" (will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.`;
    expect(d.lines).toEqual([
      [T, 'cmd', 'out', 'node/worker-1 cordoned'],
      [T, 'cmd', 'out', `evicting pod default/${a}`],
      [T, 'cmd', 'out', `evicting pod default/${b}`],
      [T, 'cmd', 'out', `evicting pod default/${c}`],
      [T, 'cmd', 'err', refused(b)],
      [T, 'cmd', 'err', refused(c)],
      [T + 1, 'obs', 'out', `pod/${a} evicted`],
      [T + 5, 'act', 'out', `evicting pod default/${b}`],
      [T + 5, 'act', 'out', `evicting pod default/${c}`],
      [T + 5, 'act', 'err', refused(c)],
      [T + 6, 'obs', 'out', `pod/${b} evicted`],
      [T + 10, 'act', 'out', `evicting pod default/${c}`],
      [T + 11, 'obs', 'out', `pod/${c} evicted`],
      [T + 11, 'obs', 'out', 'node/worker-1 drained'],
    ]);
    expect(d.exitCode).toBe(0);
    expect(podsOn(sim, 'worker-1')).toEqual([]);
    expect(sim.view.get('Node', '', 'worker-1')!.spec.unschedulable).toBe(true);
    expect(podsOn(sim, 'worker-2')).toHaveLength(3);
  });

  it('never leaves the budget short: at most one web pod is unavailable at any tick', () => {
    const sim = cluster([pdb('web', { minAvailable: 2, selector: { matchLabels: { app: 'web' } } })]);
    const ready: number[] = [];
    const d = new Drain(sim);
    const orig = sim.tick.bind(sim);
    sim.tick = (n = 1) => {
      const out = orig(n);
      ready.push(sim.view.list('Pod', 'default').filter((p) => !p.metadata.deletionTimestamp && p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')).length);
      return out;
    };
    d.run('drain worker-1');
    expect(Math.min(...ready)).toBeGreaterThanOrEqual(2);
  });

  it('with --timeout, the refused evictions give up at the first retry past the deadline', () => {
    const sim = cluster([pdb('web', { minAvailable: 3, selector: { matchLabels: { app: 'web' } } })]);
    const pods = podsOn(sim, 'worker-1');
    const d = new Drain(sim).run('drain worker-1 --timeout=12s');
    const T = d.startTick;
    const timeout = (p: string) => `error when evicting pods/"${p}" -n "default": global timeout reached: 12s`;
    expect(d.lines.filter((l) => l[0] === T + 15)).toEqual([
      ...pods.map((p): Line => [T + 15, 'act', 'out', `evicting pod default/${p}`]),
      [T + 15, 'act', 'err', `There are pending pods in node "worker-1" when an error occurred: [${pods.map(timeout).join(', ')}]`],
      ...pods.map((p): Line => [T + 15, 'act', 'err', `pod/${p}`]),
      [T + 15, 'act', 'err', `error: unable to drain node "worker-1" due to error:[${pods.map(timeout).join(', ')}], continuing command...`],
      [T + 15, 'act', 'err', 'There are pending nodes to be drained:'],
      [T + 15, 'act', 'err', ' worker-1'],
      ...pods.map((p): Line => [T + 15, 'act', 'err', timeout(p)]),
    ]);
    expect(d.text('err').filter((l) => l.includes('will retry'))).toHaveLength(9); // T, T+5, T+10
    expect(d.exitCode).toBe(1);
  });

  it('a pod matched by two budgets: the eviction fails for good (500), the drain reports it', () => {
    const sim = cluster([pdb('web', { maxUnavailable: 1, selector: { matchLabels: { app: 'web' } } }), pdb('all', { maxUnavailable: 1, selector: {} })], 1);
    const [p] = podsOn(sim, 'worker-1') as [string];
    const d = new Drain(sim).run('drain worker-1');
    const err = `error when evicting pods/"${p}" -n "default": This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.`;
    expect(d.text('out')).toEqual(['node/worker-1 cordoned', `evicting pod default/${p}`]);
    expect(d.text('err')).toEqual([
      `There are pending pods in node "worker-1" when an error occurred: ${err}`, `pod/${p}`,
      `error: unable to drain node "worker-1" due to error:${err}, continuing command...`,
      'There are pending nodes to be drained:', ' worker-1', err,
    ]);
    expect(d.exitCode).toBe(1);
  });
});

describe('drain refusals and --force', () => {
  it('D3 a bare pod without --force: nothing is evicted, the node stays cordoned', () => {
    const sim = cluster([{ ...barePod('solo'), spec: { ...barePod('solo').spec, nodeName: 'worker-1' } } as Pod]);
    const d = new Drain(sim).run('drain worker-1');
    expect(d.text('out')).toEqual(['node/worker-1 cordoned']);
    expect(d.text('err')).toEqual([
      'error: unable to drain node "worker-1" due to error:cannot delete Pods declare no controller (use --force to override): default/solo, continuing command...',
      'There are pending nodes to be drained:',
      ' worker-1',
      'cannot delete Pods declare no controller (use --force to override): default/solo',
    ]);
    expect(d.exitCode).toBe(1);
    expect(d.process).toBeUndefined();
    expect(sim.view.get('Pod', 'default', 'solo')!.metadata.deletionTimestamp).toBeUndefined();
    expect(sim.view.get('Node', '', 'worker-1')!.spec.unschedulable).toBe(true);
    expect(new Drain(sim).run('drain worker-1').text('out')).toEqual(['node/worker-1 already cordoned']);
  });

  it('a bare pod with --force: a warning, then evicted; the other pods too', () => {
    const sim = cluster([{ ...barePod('solo'), spec: { ...barePod('solo').spec, nodeName: 'worker-1' } } as Pod], 1);
    const [web] = podsOn(sim, 'worker-1').filter((n) => n !== 'solo') as [string];
    const d = new Drain(sim).run('drain worker-1 --force');
    expect(d.text('err')).toEqual(['Warning: deleting Pods that declare no controller: default/solo']);
    expect(d.text('out')).toEqual([
      'node/worker-1 cordoned', 'evicting pod default/solo', `evicting pod default/${web}`, 'pod/solo evicted', `pod/${web} evicted`, 'node/worker-1 drained',
    ]);
    expect(d.exitCode).toBe(0);
    expect(sim.view.get('Pod', 'default', 'solo')).toBeUndefined();
  });

  it('D2/D4 several refusals at once: emptyDir, bare, and a DaemonSet pod (kreplay stores no DaemonSets: NotFound)', () => {
    const on = (p: Pod): Pod => ({ ...p, spec: { ...p.spec, nodeName: 'worker-1' } });
    const sim = cluster([on(barePod('cache', { emptyDir: true })), on(barePod('solo')), on(barePod('ds-x', { owner: { kind: 'DaemonSet', name: 'ds' } }))], 1);
    const d = new Drain(sim).run('drain worker-1');
    const errs = [
      'cannot delete Pods with local storage (use --delete-emptydir-data to override): default/cache',
      'cannot delete daemonsets.apps "ds" not found: default/ds-x',
      'cannot delete Pods declare no controller (use --force to override): default/solo',
    ];
    expect(d.text('err')).toEqual([
      `error: unable to drain node "worker-1" due to error:[${errs.join(', ')}], continuing command...`,
      'There are pending nodes to be drained:', ' worker-1', ...errs,
    ]);
    const f = new Drain(sim).run('drain worker-1 --force --delete-emptydir-data');
    // a later filter's verdict replaces an earlier warning (upstream's TODO): the DaemonSet pod's and
    // the emptyDir pod's own warnings are dropped
    expect(f.text('err')).toEqual(['Warning: deleting Pods that declare no controller: default/cache, default/solo']);
    expect(f.text('out').slice(-1)).toEqual(['node/worker-1 drained']);
  });

  it('an empty node drains at once; an unknown node is NotFound; usage errors', () => {
    const sim = cluster();
    expect(new Drain(sim).run('drain worker-2').lines).toEqual([[sim.now - 1, 'cmd', 'out', 'node/worker-2 cordoned'], [sim.now - 1, 'cmd', 'out', 'node/worker-2 drained']]);
    const nf = new Drain(sim).run('drain nope');
    expect([nf.text('err'), nf.exitCode]).toEqual([['Error from server (NotFound): nodes "nope" not found'], 1]);
    expect(new Drain(sim).run('drain').text('err')).toEqual(['error: USAGE: drain NODE [flags]', "See 'kubectl drain -h' for help and examples"]);
    expect(new Drain(sim).run('drain worker-1 -l a=b').text('err')[0]).toBe('error: cannot specify both a node name and a --selector option');
  });

  it('--dry-run=client prints what it would do and writes nothing', () => {
    const sim = cluster([], 2);
    const pods = podsOn(sim, 'worker-1');
    const before = sim.log.length;
    const d = new Drain(sim).run('drain worker-1 --dry-run=client');
    expect(d.text('out')).toEqual(['node/worker-1 cordoned (dry run)', ...pods.map((p) => `evicting pod default/${p} (dry run)`), 'node/worker-1 drained (dry run)']);
    expect(sim.log.slice(before).filter((e) => e.actor === 'user')).toEqual([]);
  });

  it('--disable-eviction deletes instead, ignoring the budget', () => {
    const sim = cluster([pdb('web', { minAvailable: 3, selector: { matchLabels: { app: 'web' } } })]);
    const pods = podsOn(sim, 'worker-1');
    const d = new Drain(sim).run('drain worker-1 --disable-eviction');
    expect(d.text('out')).toEqual(['node/worker-1 cordoned', ...pods.map((p) => `pod/${p} deleted`), 'node/worker-1 drained']);
  });
});

/**
 * Re-create the drain at each resume tick R from the log folded to R (env.resume), drive it with
 * the controllers, and compare its lines and the events with the uninterrupted run's.
 */
function expectResumable(make: () => Sim, cmd: string, offsets: readonly number[]): Drain {
  const full = new Drain(make()).run(cmd);
  const T = full.startTick;
  const last = full.sim.now - 1;
  const log = full.sim.log;
  for (const R of offsets.map((x) => T + x)) {
    const state = new ClusterState();
    for (const e of log) if (e.tick <= R) state.evolve(JSON.parse(JSON.stringify(e)) as LogEvent);
    const engine = new Engine({ seed: 1, clock: new Clock(DEFAULT_START), controllers: controllers(), state });
    engine.resumeAt(R);
    const env = (ctx: Ctx): KubectlEnv => ({ ctx, cwd: '/', readFile: () => '', resume: { startTick: T } });
    const r = runKubectl(cmd, env(engine.contextFor('user', -1)));
    expect([r.stdout, r.stderr]).toEqual(['', '']);
    const lines: Line[] = [];
    const events: LogEvent[] = [];
    const p = r.process;
    const take = (t: number, phase: Line[1], u: { stdout?: string; stderr?: string }): void => {
      for (const l of (u.stdout ?? '').split('\n').filter(Boolean)) lines.push([t, phase, 'out', l]);
      for (const l of (u.stderr ?? '').split('\n').filter(Boolean)) lines.push([t, phase, 'err', l]);
    };
    let over = !p;
    for (let t = R + 1; t <= last && p && !over; t++) {
      const res = engine.runTick(t, (ctx) => {
        const a = p.act!(env(ctx));
        take(t, 'act', a);
        over = a.done;
      });
      events.push(...res.events);
      if (over) break;
      const u = p.observe!(engine.state, t, engine.clock, res.events);
      take(t, 'obs', u);
      over = u.done;
    }
    expect(lines, `resumed at T+${R - T}`).toEqual(full.lines.filter((l) => l[0] > R));
    expect(events.map((e) => JSON.stringify(e)), `resumed at T+${R - T}`).toEqual(log.filter((e) => e.tick > R && e.tick <= last).map((e) => JSON.stringify(e)));
  }
  return full;
}

describe('a drain resumed from the log', () => {
  it('continues exactly as the uninterrupted one: the same remaining lines and the same events', () => {
    const make = () => cluster([pdb('web', { minAvailable: 2, selector: { matchLabels: { app: 'web' } } })]);
    expectResumable(make, 'drain worker-1', [0, 1, 3, 5, 6, 9, 10]);
  });

  it('with --timeout, a pod slow to terminate and refused evictions: the timeouts survive a resume', () => {
    // one node only: the replacements stay Pending, so the budget allows one eviction and no more;
    // the evicted pod takes 13 s to stop: it times out at T+12 and is gone before the drain ends
    const behaviors: Behavior[] = [{ match: { labels: { app: 'web' } }, terminate: { sigtermSeconds: 13 } }];
    const make = () => cluster([pdb('web', { maxUnavailable: 1, selector: { matchLabels: { app: 'web' } } })], 3, { behaviors, nodes: 0 });
    const d = expectResumable(make, 'drain worker-1 --timeout=12s', [0, 1, 5, 11, 12, 13, 14]);
    const T = d.startTick;
    const [a, b, c] = d.text('out').slice(1, 4).map((l) => l.replace('evicting pod default/', '')) as [string, string, string];
    const errs = [
      `error when waiting for pod "${a}" in namespace "default" to terminate: global timeout reached: 12s`,
      `error when evicting pods/"${b}" -n "default": global timeout reached: 12s`,
      `error when evicting pods/"${c}" -n "default": global timeout reached: 12s`,
    ];
    expect(d.lines.filter((l) => l[0] >= T + 11)).toEqual([
      [T + 15, 'act', 'out', `evicting pod default/${b}`],
      [T + 15, 'act', 'out', `evicting pod default/${c}`],
      [T + 15, 'act', 'err', `There are pending pods in node "worker-1" when an error occurred: [${errs.join(', ')}]`],
      [T + 15, 'act', 'err', `pod/${b}`],
      [T + 15, 'act', 'err', `pod/${c}`],
      [T + 15, 'act', 'err', `error: unable to drain node "worker-1" due to error:[${errs.join(', ')}], continuing command...`],
      [T + 15, 'act', 'err', 'There are pending nodes to be drained:'],
      [T + 15, 'act', 'err', ' worker-1'],
      ...errs.map((e): Line => [T + 15, 'act', 'err', e]),
    ]);
    expect(d.sim.log.filter((e) => e.type === 'NodeDrainPodsFailed').map((e) => e.tick)).toEqual([T + 13, T + 15]);
    expect(d.exitCode).toBe(1);
  });

  it('several nodes, one after the other (one refused at once), resumed mid-way', () => {
    const on = (p: Pod): Pod => ({ ...p, spec: { ...p.spec, nodeName: 'worker-2' } });
    const make = () => cluster([pdb('web', { minAvailable: 2, selector: { matchLabels: { app: 'web' } } }), on(barePod('solo'))], 3, { nodes: 2 });
    const d = expectResumable(make, 'drain worker-2 worker-1', [0, 1, 4, 5, 10, 11]);
    const T = d.startTick;
    const refused = (l: Line) => l[3].includes('will retry');
    expect(d.lines.filter((l) => l[2] === 'err' && !refused(l))).toEqual([
      [T, 'cmd', 'err', 'error: unable to drain node "worker-2" due to error:cannot delete Pods declare no controller (use --force to override): default/solo, continuing command...'],
      [T + 11, 'obs', 'err', 'There are pending nodes to be drained:'],
      [T + 11, 'obs', 'err', ' worker-2'],
      [T + 11, 'obs', 'err', 'cannot delete Pods declare no controller (use --force to override): default/solo'],
    ]);
    expect(d.text('out').slice(0, 2)).toEqual(['node/worker-2 cordoned', 'node/worker-1 cordoned']);
    expect(d.text('out').slice(-1)).toEqual(['node/worker-1 drained']);
    expect(d.exitCode).toBe(1);
  });
});
