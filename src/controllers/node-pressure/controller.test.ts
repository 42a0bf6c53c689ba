// The eviction manager in a Sim with the default controllers: memory pressure evicts BestEffort
// before Burstable before Guaranteed, one pod per sync, until memory.available is back above the
// threshold plus the minimum reclaim (EV-RANK, EV-TM); the MemoryPressure condition and its
// transition period; soft thresholds and their grace; disk pressure and local storage limits;
// replacements scheduled elsewhere; a quiet node writes nothing; resume and resync equivalence.
import { describe, expect, it } from 'vitest';
import type { Behavior, KubeletConfig, Node, Pod } from '../../api/types.js';
import { Engine } from '../../engine/engine.js';
import { Sim } from '../../engine/testing.js';
import { podSummary } from '../../kubectl/printers/pod.js';
import { ClusterState } from '../../state/cluster.js';
import type { Controller, Ctx, WorkSet } from '../../state/controller.js';
import type { LogEvent } from '../../state/events.js';
import { defaultControllers } from '../index.js';
import { EvictionManager } from './index.js';
import { boundPod, clock, pressureNode, strip, trail, uses } from './testutil.js';

// the registry already runs the eviction manager; the tests run exactly what a scenario runs
const controllers = (): Controller[] => defaultControllers();
/** the registry with its eviction manager replaced by `c` (same position) */
const withManager = (c: Controller): Controller[] => defaultControllers().map((x) => (x instanceof EvictionManager ? c : x));
const pod = (s: Sim, name: string): Pod => s.view.get('Pod', 'default', name)!;
const node = (s: Sim, name = 'node-a'): Node => s.view.get('Node', '', name)!;
const condition = (n: Node, type: string) => n.status.conditions!.find((c) => c.type === type)!;
const evictions = (s: Sim) => s.log.filter((e) => e.type === 'PodEvicted').map((e) => [e.tick, e.object.name]);

const qosBehaviors: Behavior[] = [
  uses('be-a', { memory: '500Mi' }), uses('be-b', { memory: '400Mi' }), uses('bu', { memory: '400Mi' }), uses('gu', { memory: '500Mi' }),
];

/** 2Gi node, hard memory.available<300Mi, minimum reclaim 1500Mi: 1800Mi used → 248Mi available. */
function qosScenario(s: Sim, kubelet: Partial<KubeletConfig> = {}): void {
  s.given(
    pressureNode('node-a', { kubelet: { evictionHard: { 'memory.available': '300Mi' }, evictionMinimumReclaim: { 'memory.available': '1500Mi' }, evictionPressureTransitionPeriodSeconds: 60, ...kubelet } }),
    boundPod('gu', { qos: 'Guaranteed', memory: '600Mi' }), boundPod('bu', { qos: 'Burstable', memory: '100Mi' }),
    boundPod('be-b'), boundPod('be-a'),
  );
  s.tick(121);
}

describe('memory pressure (EV-RANK-1..4, EV-TM-2..5)', () => {
  it('evicts BestEffort, then Burstable, then Guaranteed, one per sync 10 s apart, until threshold + minimum reclaim', () => {
    const s = new Sim({ controllers: controllers(), config: { behaviors: qosBehaviors } });
    qosScenario(s);
    // available 248Mi, then 748Mi, 1148Mi, 1548Mi: each below 300Mi + 1500Mi; 2048Mi at t=50 is not
    expect(evictions(s)).toEqual([[10, 'be-a'], [20, 'be-b'], [30, 'bu'], [40, 'gu']]);
    const msg = (name: string) => pod(s, name).status.message;
    expect(msg('be-a')).toBe('The node was low on resource: memory. Threshold quantity: 300Mi, available: 248Mi. Container web was using 500Mi, request is 0, has larger consumption of memory. ');
    expect(msg('bu')).toBe('The node was low on resource: memory. Threshold quantity: 300Mi, available: 1148Mi. Container web was using 400Mi, request is 100Mi, has larger consumption of memory. ');
    expect(msg('gu')).toBe('The node was low on resource: memory. Threshold quantity: 300Mi, available: 1548Mi. ');
  });

  it('the evicted pod: Failed, Evicted, DisruptionTarget TerminationByKubelet, containers stopped, a Warning Evicted event', () => {
    const s = new Sim({ controllers: controllers(), config: { behaviors: qosBehaviors } });
    qosScenario(s);
    const p = pod(s, 'be-a');
    expect([p.status.phase, p.status.reason]).toEqual(['Failed', 'Evicted']);
    expect(p.status.conditions!.map((c) => [c.type, c.status, c.reason])).toEqual([
      ['DisruptionTarget', 'True', 'TerminationByKubelet'], ['Initialized', 'True', undefined], ['Ready', 'False', 'PodFailed'],
      ['ContainersReady', 'False', 'PodFailed'], ['PodScheduled', 'True', undefined],
    ]);
    expect(p.status.conditions![0]!.message).toBe(p.status.message);
    expect(p.status.containerStatuses![0]!.state.terminated).toMatchObject({ exitCode: 0, reason: 'Completed', startedAt: clock.at(1), finishedAt: clock.at(10) });
    const e = s.log.find((x) => x.type === 'PodEvicted' && x.object.name === 'be-a')!;
    expect(e.note).toEqual({ type: 'Warning', reason: 'Evicted', message: p.status.message, source: 'kubelet', host: 'node-a' });
    // then killContainer's event for each running container
    const next = s.log[s.log.indexOf(e) + 1]!;
    expect([next.type, next.object.name, next.note]).toEqual(['ContainerStopRequested', 'be-a', { type: 'Normal', reason: 'Killing', message: 'Stopping container web', source: 'kubelet', host: 'node-a' }]);
    // the kubelet leaves the Failed pod alone; kubectl shows the container's reason (as v1.22+ does)
    expect(s.log.filter((x) => x.object.name === 'be-a' && x.tick > 10)).toEqual([]);
    expect(podSummary(p, 121, clock).status).toBe('Completed');
  });

  it('MemoryPressure: True at the first threshold met, False once unmet for the transition period; node events', () => {
    const s = new Sim({ controllers: controllers(), config: { behaviors: qosBehaviors } });
    qosScenario(s);
    expect(trail(s.log).filter(([, , reason]) => reason !== undefined && reason !== 'Evicted' && reason !== 'Killing')).toEqual([
      [10, 'NodePressureReported', 'NodeHasInsufficientMemory', 'node-a'],
      [10, 'EvictionThresholdMet', 'EvictionThresholdMet', 'node-a'],
      [20, 'EvictionThresholdMet', 'EvictionThresholdMet', 'node-a'],
      [30, 'EvictionThresholdMet', 'EvictionThresholdMet', 'node-a'],
      [40, 'EvictionThresholdMet', 'EvictionThresholdMet', 'node-a'],
      // last observed at 40; the transition period of 60 s ends at the sync of 100
      [100, 'NodePressureCleared', 'NodeHasSufficientMemory', 'node-a'],
    ]);
    const notes = s.log.filter((e) => e.object.name === 'node-a' && e.note).map((e) => [e.note!.type, e.note!.reason, e.note!.message]);
    expect(notes).toContainEqual(['Normal', 'NodeHasInsufficientMemory', 'Node node-a status is now: NodeHasInsufficientMemory']);
    expect(notes).toContainEqual(['Warning', 'EvictionThresholdMet', 'Attempting to reclaim memory']);
    const c = condition(node(s), 'MemoryPressure');
    expect(c).toEqual({ type: 'MemoryPressure', status: 'False', lastHeartbeatTime: clock.at(100), lastTransitionTime: clock.at(100), reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available' });
    expect(node(s).sim?.['eviction-manager']).toBeUndefined();
  });

  it('while under pressure the condition reads KubeletHasInsufficientMemory', () => {
    const s = new Sim({ controllers: controllers(), config: { behaviors: qosBehaviors } });
    s.given(pressureNode('node-a', { kubelet: { evictionHard: { 'memory.available': '300Mi' } } }), boundPod('be-a'), boundPod('be-b'), boundPod('bu', { qos: 'Burstable' }), boundPod('gu', { qos: 'Guaranteed', memory: '600Mi' }));
    s.tick(11);
    expect(condition(node(s), 'MemoryPressure')).toMatchObject({ status: 'True', reason: 'KubeletHasInsufficientMemory', message: 'kubelet has insufficient memory available', lastTransitionTime: clock.at(10) });
    // without a minimum reclaim one eviction (748Mi available) is enough
    s.tick(60);
    expect(evictions(s)).toEqual([[10, 'be-a']]);
  });

  it('critical pods are never evicted', () => {
    const s = new Sim({ controllers: controllers(), config: { behaviors: [uses('crit', { memory: '1500Mi' }), uses('small', { memory: '300Mi' })] } });
    s.given(pressureNode('node-a', { kubelet: { evictionHard: { 'memory.available': '300Mi' } } }), boundPod('crit', { priority: 2_000_000_000 }), boundPod('small'));
    s.tick(31);
    expect(evictions(s)).toEqual([[10, 'small']]);
    expect(pod(s, 'crit').status.phase).toBe('Running');
  });
});

describe('soft thresholds', () => {
  const cfg: Partial<KubeletConfig> = {
    evictionHard: { 'memory.available': '100Mi' }, evictionSoft: { 'memory.available': '500Mi' }, evictionSoftGracePeriodSeconds: { 'memory.available': 30 },
  };

  it('above the soft threshold nothing happens', () => {
    const s = new Sim({ controllers: controllers(), config: { behaviors: qosBehaviors } });
    // 1300Mi used of 2Gi: 748Mi available, above the soft 500Mi
    s.given(pressureNode('node-a', { kubelet: cfg }), boundPod('be-a'), boundPod('be-b'), boundPod('bu', { qos: 'Burstable', memory: '100Mi' }));
    s.tick(71);
    expect(evictions(s)).toEqual([]);
    expect(condition(node(s), 'MemoryPressure').status).toBe('False');
  });

  it('met from t=10: MemoryPressure True at 10, eviction at 40 (40 − 10 ≥ 30), grace min(pod, max) = 0', () => {
    const s = new Sim({ controllers: controllers(), config: { behaviors: [...qosBehaviors, uses('big', { memory: '900Mi' })] } });
    s.given(pressureNode('node-a', { kubelet: cfg }), boundPod('be-a'), boundPod('big'), boundPod('bu', { qos: 'Burstable', memory: '100Mi' }));
    // 1800Mi used: 248Mi available — below the soft 500Mi, above the hard 100Mi
    s.tick(11);
    expect(condition(node(s), 'MemoryPressure').status).toBe('True');
    s.tick(40);
    expect(evictions(s)).toEqual([[40, 'big']]);
    const e = s.log.find((x) => x.type === 'PodEvicted')!;
    expect(e.data).toMatchObject({ signal: 'memory.available', graceSeconds: 0 });
    expect(pod(s, 'big').status.message).toBe('The node was low on resource: memory. Threshold quantity: 500Mi, available: 248Mi. Container web was using 900Mi, request is 0, has larger consumption of memory. ');
  });

  it('with evictionMaxPodGracePeriod the containers stop on SIGTERM or at the grace deadline; the loop waits', () => {
    const slow: Behavior = uses('big', { memory: '900Mi' }, { terminate: { sigtermSeconds: 15 } });
    const stubborn: Behavior = uses('be-a', { memory: '700Mi' }, { terminate: { sigtermSeconds: 60 } });
    const s = new Sim({ controllers: controllers(), config: { behaviors: [slow, stubborn, uses('bu', { memory: '100Mi' })] } });
    // 1700Mi used of 2Gi: 348Mi available, below the soft 500Mi, above the hard 100Mi
    s.given(pressureNode('node-a', { kubelet: { ...cfg, evictionMaxPodGracePeriodSeconds: 20, evictionMinimumReclaim: { 'memory.available': '1Gi' } } }),
      boundPod('be-a'), boundPod('big'), boundPod('bu', { qos: 'Burstable', memory: '100Mi' }));
    s.tick(41);
    // evicted at 40 with grace min(30, 20) = 20: Failed at once, the container still running
    expect(pod(s, 'big').status.phase).toBe('Failed');
    expect(pod(s, 'big').status.containerStatuses![0]!.state.running).toBeDefined();
    expect(pod(s, 'big').status.conditions!.map((c) => c.type).at(-1)).toBe('DisruptionTarget');
    s.until(120);
    // it exits on SIGTERM 15 s later; be-a (next in rank) at the first sync after that, killed at 20 s
    expect(evictions(s)).toEqual([[40, 'big'], [60, 'be-a']]);
    const stopped = s.log.filter((e) => e.type === 'EvictedPodStopped').map((e) => [e.tick, e.object.name]);
    expect(stopped).toEqual([[55, 'big'], [80, 'be-a']]);
    expect(pod(s, 'big').status.containerStatuses![0]!.state.terminated).toMatchObject({ exitCode: 0, reason: 'Completed', finishedAt: clock.at(55) });
    expect(pod(s, 'be-a').status.containerStatuses![0]!.state.terminated).toMatchObject({ exitCode: 137, reason: 'Error', finishedAt: clock.at(80) });
    expect(pod(s, 'big').status.conditions!.map((c) => c.type)).toEqual(['DisruptionTarget', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled']);
    expect(pod(s, 'big').sim?.['eviction-manager']).toBeUndefined();
  });
});

describe('disk pressure and local storage', () => {
  it('imagefs.available<15% on the one filesystem: DiskPressure, the largest consumer over its request goes', () => {
    const s = new Sim({ controllers: controllers(), config: { behaviors: [uses('logs', { ephemeralStorage: '5Gi' }), uses('cache', { ephemeralStorage: '4Gi' })] } });
    s.given(pressureNode('node-a', { ephemeralStorage: '10Gi' }), boundPod('logs'), boundPod('cache'));
    s.tick(31);
    expect(evictions(s)).toEqual([[10, 'logs']]);
    expect(pod(s, 'logs').status.message).toBe('The node was low on resource: ephemeral-storage. Threshold quantity: 1610612800, available: 1Gi. Container web was using 5Gi, request is 0, has larger consumption of ephemeral-storage. ');
    expect(condition(node(s), 'DiskPressure')).toMatchObject({ status: 'True', reason: 'KubeletHasDiskPressure', message: 'kubelet has disk pressure' });
    expect(s.log.find((e) => e.note?.reason === 'EvictionThresholdMet')!.note!.message).toBe('Attempting to reclaim ephemeral-storage');
  });

  it('a pod above its ephemeral-storage limit is evicted whatever the thresholds, without DisruptionTarget', () => {
    const s = new Sim({ controllers: controllers(), config: { behaviors: [uses('writer', { ephemeralStorage: '2Gi' })] } });
    const writer = boundPod('writer');
    writer.spec.containers[0]!.resources = { limits: { 'ephemeral-storage': '1Gi' } };
    s.given(pressureNode('node-a'), writer);
    s.tick(11);
    expect(evictions(s)).toEqual([[10, 'writer']]);
    expect(pod(s, 'writer').status.message).toBe('Pod ephemeral local storage usage exceeds the total limit of containers 1Gi. ');
    expect(pod(s, 'writer').status.conditions!.some((c) => c.type === 'DisruptionTarget')).toBe(false);
    expect(condition(node(s), 'DiskPressure').status).toBe('False');
  });
});

/** Stand-in for the node lifecycle controller's TaintNodesByCondition (memory-pressure:NoSchedule). */
class TaintByCondition implements Controller {
  readonly name = 'taint-stand-in';
  readonly watches = ['Node'] as const;
  reconcile(ctx: Ctx, work: WorkSet): void {
    for (const item of work.items) {
      const n = ctx.view.getByKey(item.key) as Node | undefined;
      if (!n) continue;
      const pressured = n.status.conditions?.some((c) => c.type === 'MemoryPressure' && c.status === 'True');
      const tainted = (n.spec.taints ?? []).some((t) => t.key === 'node.kubernetes.io/memory-pressure');
      if (pressured && !tainted) ctx.update(n, (d) => { d.spec.taints = [...(d.spec.taints ?? []), { key: 'node.kubernetes.io/memory-pressure', effect: 'NoSchedule', timeAdded: ctx.now() }]; }, { type: 'NodeTainted' });
    }
  }
}

describe('owners replace evicted pods', () => {
  it('the ReplicaSet creates a replacement, scheduled on another node; the evicted pod stays Failed', () => {
    const s = new Sim({ controllers: [...controllers(), new TaintByCondition()], config: { behaviors: [uses('web', { memory: '1800Mi' })] } });
    s.given(
      pressureNode('node-a', { kubelet: { evictionHard: { 'memory.available': '500Mi' } } }),
      pressureNode('node-b', { memory: '8Gi', index: 1 }),
      {
        apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' },
        spec: {
          replicas: 1, selector: { matchLabels: { app: 'web' } },
          template: {
            metadata: { labels: { app: 'web' } },
            spec: {
              containers: [{ name: 'web', image: 'web:1' }],
              affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, preference: { matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['node-a'] }] } }] } },
            },
          },
        },
        status: {},
      } as never,
    );
    s.tick(31);
    const pods = s.view.list('Pod');
    expect(pods.map((p) => [p.spec.nodeName, p.status.phase, p.status.reason])).toEqual([
      ['node-a', 'Failed', 'Evicted'],
      ['node-b', 'Running', undefined],
    ]);
    expect(evictions(s)).toEqual([[10, pods[0]!.metadata.name]]);
    const rs = s.view.list('ReplicaSet')[0]!;
    expect([rs.status.replicas, rs.status.readyReplicas]).toEqual([1, 1]);
  });
});

describe('cost and bookkeeping', () => {
  it('a node far from any threshold: no event from the manager, ever', () => {
    const s = new Sim({ controllers: controllers(), config: { behaviors: [uses('app', { memory: '64Mi', ephemeralStorage: '100Mi' })] } });
    s.given(pressureNode('node-a', { memory: '8Gi' }), pressureNode('node-b', { memory: '8Gi', index: 1 }),
      boundPod('app-1', { labels: { app: 'x' } }), boundPod('app-2', { node: 'node-b', labels: { app: 'x' } }));
    s.tick(300);
    expect(trail(s.log)).toEqual([]);
  });

  it('a node without the pressure conditions gets them, as the kubelet setters append them', () => {
    const s = new Sim({ controllers: [new EvictionManager()] });
    const n = pressureNode('node-a');
    n.status.conditions = n.status.conditions!.filter((c) => c.type === 'Ready');
    s.given(n);
    s.tick(1);
    expect(node(s).status.conditions!.map((c) => [c.type, c.status])).toEqual([['Ready', 'True'], ['MemoryPressure', 'False'], ['DiskPressure', 'False'], ['PIDPressure', 'False']]);
    expect(s.log.filter((e) => e.note).map((e) => e.note!.reason)).toEqual(['NodeHasSufficientMemory', 'NodeHasNoDiskPressure', 'NodeHasSufficientPID']);
  });

  it('a stopped kubelet runs no manager; started again, it syncs from its start and sets conditions it finds Unknown', () => {
    const s = new Sim({ controllers: controllers(), config: { behaviors: qosBehaviors } });
    s.given(pressureNode('node-a', { kubelet: { evictionHard: { 'memory.available': '300Mi' } } }), boundPod('be-a'), boundPod('be-b'), boundPod('bu', { qos: 'Burstable' }), boundPod('gu', { qos: 'Guaranteed', memory: '600Mi' }));
    s.tick(5);
    s.when(setKubelet(false));
    s.tick(30);
    expect(evictions(s)).toEqual([]);
    s.when(setKubelet(true));
    s.tick(1); // tick 35: the manager's first sync
    expect(evictions(s)).toEqual([[35, 'be-a']]);
    expect(node(s).status.conditions!.map((c) => [c.type, c.status])).toEqual([['MemoryPressure', 'True'], ['DiskPressure', 'False'], ['PIDPressure', 'False'], ['Ready', 'True']]);
    s.tick(10);
    expect(s.log.filter((e) => e.type === 'EvictionThresholdMet').map((e) => e.tick)).toEqual([35]);
  });
});

/** What the scenario's `node: {ready}` step writes; a stop also turns the conditions Unknown (the node lifecycle controller's part). */
const setKubelet = (running: boolean) => (ctx: Ctx) => ctx.update(ctx.view.get('Node', '', 'node-a')!, (d) => {
  const k = { ...((d.sim!['kubelet'] as Record<string, unknown>)), running, since: ctx.tick };
  d.sim!['kubelet'] = k as never;
  if (!running) for (const c of d.status.conditions!) if (c.type !== 'Ready') c.status = 'Unknown';
}, { type: running ? 'NodeKubeletStarted' : 'NodeKubeletStopped' });

/** The manager, but every call is a full resync and it is called every tick. */
class AlwaysResync implements Controller {
  readonly name = 'kubelet-eviction-manager';
  readonly watches = ['Node'] as const;
  private readonly inner = new EvictionManager();
  reconcile(ctx: Ctx, work: WorkSet): void {
    this.inner.reconcile(ctx, { all: true, items: work.items });
    ctx.requeueAfter('Node//node-a', 1);
  }
}

describe('determinism', () => {
  // hard 100Mi, soft 500Mi held 20 s, pods get min(30, 20) s: be-a evicted at 30 stops on SIGTERM at
  // 37; be-b evicted at 40 ignores SIGTERM and is killed at 60 (the loop waits: no sync at 50);
  // 1148Mi available ≥ 500Mi + 600Mi at 60 resolves it
  const softGrace: Partial<KubeletConfig> = {
    evictionHard: { 'memory.available': '100Mi' }, evictionSoft: { 'memory.available': '500Mi' }, evictionSoftGracePeriodSeconds: { 'memory.available': 20 },
    evictionMaxPodGracePeriodSeconds: 20, evictionMinimumReclaim: { 'memory.available': '600Mi' },
  };
  const behaviors = [
    uses('be-a', { memory: '500Mi' }, { terminate: { sigtermSeconds: 7 } }), uses('be-b', { memory: '400Mi' }, { terminate: { sigtermSeconds: 25 } }),
    uses('bu', { memory: '400Mi' }), uses('gu', { memory: '500Mi' }),
  ];

  it('the scenario: soft evictions with grace periods', () => {
    const s = new Sim({ controllers: controllers(), config: { behaviors } });
    qosScenario(s, softGrace);
    expect(evictions(s)).toEqual([[30, 'be-a'], [40, 'be-b']]);
    expect(s.log.filter((e) => e.type === 'EvictedPodStopped').map((e) => [e.tick, e.object.name])).toEqual([[37, 'be-a'], [60, 'be-b']]);
    expect(s.log.filter((e) => e.type === 'EvictionThresholdMet').map((e) => e.tick)).toEqual([30, 40]);
  });

  it('a full resync at every tick emits exactly what the timers do', () => {
    const a = new Sim({ controllers: controllers(), config: { behaviors } });
    const b = new Sim({ controllers: withManager(new AlwaysResync()), config: { behaviors } });
    qosScenario(a, softGrace);
    qosScenario(b, softGrace);
    expect(strip(b.log)).toEqual(strip(a.log));
  });

  /** The soft scenario with the kubelet stopped at 33 (be-a still stopping) and started at 52. */
  function withRestart(s: Sim): void {
    s.given(
      pressureNode('node-a', { kubelet: { evictionPressureTransitionPeriodSeconds: 60, ...softGrace } }),
      boundPod('gu', { qos: 'Guaranteed', memory: '600Mi' }), boundPod('bu', { qos: 'Burstable', memory: '100Mi' }), boundPod('be-b'), boundPod('be-a'),
    );
    s.until(32);
    s.when(setKubelet(false));
    s.until(51);
    s.when(setKubelet(true));
    s.until(120);
  }

  it('a stopped kubelet reports no container stop; started again it reports it, and its manager starts afresh', () => {
    const s = new Sim({ controllers: controllers(), config: { behaviors } });
    withRestart(s);
    expect(s.log.filter((e) => e.type === 'EvictedPodStopped').map((e) => [e.tick, e.object.name])).toEqual([[52, 'be-a']]);
    // the restarted manager remembers no met threshold: 748Mi is above 500Mi (the minimum reclaim
    // applied only to a threshold it had met), and no transition period holds MemoryPressure
    expect(evictions(s)).toEqual([[30, 'be-a']]);
    expect(trail(s.log).filter(([t]) => t >= 52).map(([t, type, reason]) => [t, type, reason])).toEqual([
      [52, 'EvictedPodStopped', undefined],
      [52, 'NodePressureCleared', 'NodeHasSufficientMemory'], [52, 'NodePressureCleared', 'NodeHasNoDiskPressure'], [52, 'NodePressureCleared', 'NodeHasSufficientPID'],
    ]);
  });

  it('a run resumed from the folded log (timers lost) continues exactly like the uninterrupted one', () => {
    const restarted = new Sim({ controllers: controllers(), config: { behaviors } });
    withRestart(restarted);
    resumeEverywhere(restarted, [31, 34, 40, 52, 53, 62, 63, 83]);
    const full = new Sim({ controllers: controllers(), config: { behaviors } });
    qosScenario(full, softGrace);
    resumeEverywhere(full, [3, 10, 11, 17, 20, 27, 30, 31, 37, 38, 41, 45, 50, 55, 60, 61, 101]);
  });
});

/**
 * Resume the recorded run at each tick of `at` (state folded from the log before it, timers lost,
 * every controller starting with a full resync) and require the rest of the log exactly.
 */
function resumeEverywhere(full: Sim, at: number[]): void {
  const last = full.now - 1;
  const own = new Set(controllers().map((c) => c.name));
  const inputs = full.log.filter((e) => !own.has(e.actor));
  for (const resumeAt of at) {
    const state = new ClusterState();
    for (const e of full.log) if (e.tick < resumeAt) state.evolve(JSON.parse(JSON.stringify(e)) as LogEvent);
    const engine = new Engine({ seed: 1, clock, controllers: controllers(), state });
    engine.resumeAt(resumeAt - 1);
    const resumed: LogEvent[] = [];
    for (let t = resumeAt; t <= last; t++) {
      const due = inputs.filter((e) => e.tick === t);
      resumed.push(...engine.runTick(t, due.length ? () => { for (const e of due) engine.replayInput(e); } : undefined).events);
    }
    expect(strip(resumed), `resumed at ${resumeAt}`).toEqual(strip(full.log.filter((e) => e.tick >= resumeAt)));
  }
}
