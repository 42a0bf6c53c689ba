// How an evicted pod's containers end (killContainer's preStop, SIGTERM and 2 s minimum window)
// and the status the kubelet reports for it; which pods are critical.
import { describe, expect, it } from 'vitest';
import type { Behavior, Pod } from '../../api/types.js';
import { Clock } from '../../api/time.js';
import { containerStop, evictingStatus, isCriticalPod, stoppedStatus } from './evict.js';

const clock = new Clock();
function pod(preStop = false): Pod {
  return {
    apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default', labels: { app: 'p' } },
    spec: { containers: [{ name: 'web', image: 'web:1', ...(preStop ? { lifecycle: { preStop: { exec: { command: ['sleep', '5'] } } } } : {}) }, { name: 'side', image: 'side:1' }] },
    status: {
      phase: 'Running', startTime: clock.at(0),
      conditions: [
        { type: 'Initialized', status: 'True', lastProbeTime: null, lastTransitionTime: clock.at(0) },
        { type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: clock.at(2) },
        { type: 'ContainersReady', status: 'True', lastProbeTime: null, lastTransitionTime: clock.at(2) },
        { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: clock.at(0) },
      ],
      containerStatuses: [
        { name: 'side', state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: {}, ready: false, restartCount: 3, image: 'side:1', imageID: '' },
        { name: 'web', state: { running: { startedAt: clock.at(1) } }, lastState: {}, ready: true, restartCount: 0, image: 'web:1', imageID: '', containerID: 'containerd://1', started: true },
      ],
    },
  };
}
const b = (t: Behavior['terminate']): Behavior[] => [{ match: { image: 'web:*' }, ...(t ? { terminate: t } : {}) }];

describe('containerStop', () => {
  it.each([
    ['grace 0, exits on SIGTERM at once', b(undefined), false, 0, { afterSeconds: 0, exitCode: 0, reason: 'Completed' }],
    ['grace 0, 5 s to exit: SIGKILL after the 2 s minimum', b({ sigtermSeconds: 5 }), false, 0, { afterSeconds: 2, exitCode: 137, reason: 'Error' }],
    ['grace 0: no preStop hook', b({ preStopSeconds: 5 }), true, 0, { afterSeconds: 0, exitCode: 0, reason: 'Completed' }],
    ['grace 20, preStop 5, 20 s to exit: SIGKILL at 20', b({ preStopSeconds: 5, sigtermSeconds: 20 }), true, 20, { afterSeconds: 20, exitCode: 137, reason: 'Error' }],
    ['grace 20, preStop 5, 10 s to exit: exits at 15', b({ preStopSeconds: 5, sigtermSeconds: 10 }), true, 20, { afterSeconds: 15, exitCode: 0, reason: 'Completed' }],
    ['the hook time needs a preStop hook in the pod', b({ preStopSeconds: 5 }), false, 20, { afterSeconds: 0, exitCode: 0, reason: 'Completed' }],
  ])('%s', (_, behaviors, preStop, grace, want) => {
    const p = pod(preStop);
    expect(containerStop(behaviors, p, p.spec.containers[0]!, grace)).toEqual(want);
  });
});

describe('the evicted status', () => {
  it('Failed, Evicted; stopped containers; a container that never ran ContainerStatusUnknown; the kubelet conditions for Failed', () => {
    const p = pod();
    const s = stoppedStatus(p, evictingStatus(p, 'm', true, clock.at(50)), () => ({ afterSeconds: 0, exitCode: 0, reason: 'Completed' }), 50, clock);
    expect([s.phase, s.reason, s.message]).toEqual(['Failed', 'Evicted', 'm']);
    expect(s.containerStatuses!.map((c) => [c.name, c.state, c.ready, c.started])).toEqual([
      ['side', { terminated: { exitCode: 137, reason: 'ContainerStatusUnknown', message: 'The container could not be located when the pod was terminated' } }, false, false],
      ['web', { terminated: { exitCode: 0, reason: 'Completed', startedAt: clock.at(1), finishedAt: clock.at(50), containerID: 'containerd://1' } }, false, false],
    ]);
    expect(s.conditions!.map((c) => [c.type, c.status, c.reason ?? '', c.lastTransitionTime])).toEqual([
      ['DisruptionTarget', 'True', 'TerminationByKubelet', clock.at(50)], ['Initialized', 'True', '', clock.at(0)],
      ['Ready', 'False', 'PodFailed', clock.at(50)], ['ContainersReady', 'False', 'PodFailed', clock.at(50)], ['PodScheduled', 'True', '', clock.at(0)],
    ]);
  });
  it('local storage evictions carry no DisruptionTarget', () => {
    expect(evictingStatus(pod(), 'm', false, clock.at(5)).conditions!.map((c) => c.type)).toEqual(['Initialized', 'Ready', 'ContainersReady', 'PodScheduled']);
  });
});

describe('isCriticalPod', () => {
  it('static, mirror or system-critical priority', () => {
    const with_ = (f: (p: Pod) => void) => { const p = pod(); f(p); return isCriticalPod(p); };
    expect(with_(() => undefined)).toBe(false);
    expect(with_((p) => { p.metadata.annotations = { 'kubernetes.io/config.source': 'file' }; })).toBe(true);
    expect(with_((p) => { p.metadata.annotations = { 'kubernetes.io/config.source': 'api' }; })).toBe(false);
    expect(with_((p) => { p.metadata.annotations = { 'kubernetes.io/config.mirror': 'x' }; })).toBe(true);
    expect(with_((p) => { p.spec.priority = 2_000_000_000; })).toBe(true);
    expect(with_((p) => { p.spec.priority = 1_999_999_999; })).toBe(false);
  });
});
