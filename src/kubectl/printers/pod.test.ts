// printPod's READY / STATUS / RESTARTS (pkg/printers/internalversion/printers.go, TestPrintPod-style).
import { describe, expect, test } from 'vitest';
import * as f from '../../../test/fixtures/kubectl.js';
import type { Pod } from '../../api/types.js';
import { podSummary } from './pod.js';

const summary = (p: Pod) => {
  const s = podSummary(p, f.NOW, f.clock);
  return [s.ready, s.status, s.restartsCell];
};

describe('podSummary', () => {
  test.each<[string, Pod, string[]]>([
    ['running and ready', f.runningPod, ['1/1', 'Running', '0']],
    ['CrashLoopBackOff with the last exit 12 s ago', f.crashLoopPod, ['0/1', 'CrashLoopBackOff', '3 (12s ago)']],
    ['deletionTimestamp set: Terminating', f.terminatingPod, ['1/1', 'Terminating', '0']],
    ['image pull back-off', f.imagePullPod, ['0/1', 'ImagePullBackOff', '0']],
    ['second of two init containers running', f.initPod, ['0/1', 'Init:1/2', '0']],
    ['init container crash-looping; restarts count init restarts', f.initCrashPod, ['0/1', 'Init:CrashLoopBackOff', '2 (50s ago)']],
    ['unscheduled', f.pendingPod, ['0/1', 'Pending', '0']],
    ['container being created', f.creatingPod, ['0/1', 'ContainerCreating', '0']],
    ['completed', f.completedPod, ['0/1', 'Completed', '0']],
    ['terminated with a reason', f.oomPod, ['0/1', 'OOMKilled', '1 (3m20s ago)']],
    ['terminated without a reason: exit code', f.exitCodePod, ['0/1', 'ExitCode:2', '0']],
    ['terminated without a reason: signal', f.signalPod, ['0/1', 'Signal:9', '0']],
    ['deleted on a lost node: Unknown', f.nodeLostPod, ['1/1', 'Unknown', '0']],
  ])('%s', (_name, p, want) => {
    expect(summary(p)).toEqual(want);
  });

  const twoContainers = (ready: boolean): Pod => {
    const p = f.pod({ name: 'two', ready });
    p.spec.containers = [...p.spec.containers, { name: 'sidecar', image: 'busybox' }];
    p.status.containerStatuses = [
      { name: 'web', state: { running: { startedAt: f.at(12) } }, lastState: {}, ready: true, restartCount: 3, image: 'nginx', imageID: '' },
      { name: 'sidecar', state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: f.at(12), finishedAt: f.at(20) } }, lastState: {}, ready: false, restartCount: 3, image: 'busybox', imageID: '' },
    ];
    return p;
  };

  test('one container running, one completed: Running with the Ready condition, NotReady without', () => {
    expect(summary(twoContainers(true))).toEqual(['1/2', 'Running', '6']);
    expect(summary(twoContainers(false))).toEqual(['1/2', 'NotReady', '6']);
  });

  test('the first container decides the reason (statuses are walked backwards)', () => {
    const p = twoContainers(true);
    p.status.containerStatuses![0]!.state = { waiting: { reason: 'ErrImagePull' } };
    expect(podSummary(p, f.NOW, f.clock).status).toBe('ErrImagePull');
  });

  test('status.reason replaces the phase (Evicted)', () => {
    const p = f.pod({ name: 'ev', phase: 'Failed', ready: false, statuses: [] });
    p.status.reason = 'Evicted';
    expect(summary(p)).toEqual(['0/1', 'Evicted', '0']);
  });

  test('SchedulingGated', () => {
    const p = f.pod({ name: 'gated', phase: 'Pending', ready: false, statuses: [] });
    p.status.conditions = [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }];
    expect(summary(p)).toEqual(['0/1', 'SchedulingGated', '0']);
  });

  test('no init container statuses yet but PodInitializing waiting: Init:0/2', () => {
    const p = f.pod({ name: 'i', phase: 'Pending', ready: false, statuses: [] });
    p.spec.initContainers = [{ name: 'a', image: 'busybox' }, { name: 'b', image: 'busybox' }];
    p.status.initContainerStatuses = [
      { name: 'a', state: { waiting: { reason: 'PodInitializing' } }, lastState: {}, ready: false, restartCount: 0, image: 'busybox', imageID: '' },
      { name: 'b', state: { waiting: { reason: 'PodInitializing' } }, lastState: {}, ready: false, restartCount: 0, image: 'busybox', imageID: '' },
    ];
    expect(summary(p)).toEqual(['0/1', 'Init:0/2', '0']);
  });

  test('a failed init container without a reason: Init:ExitCode:N', () => {
    const p = f.pod({ name: 'i', phase: 'Pending', ready: false, statuses: [] });
    p.spec.initContainers = [{ name: 'a', image: 'busybox' }];
    p.status.initContainerStatuses = [{ name: 'a', state: { terminated: { exitCode: 3 } }, lastState: {}, ready: false, restartCount: 0, image: 'busybox', imageID: '' }];
    expect(summary(p)).toEqual(['0/1', 'Init:ExitCode:3', '0']);
  });

  test('a started sidecar (restartable init container) counts in READY and does not block init', () => {
    const p = f.pod({ name: 's' });
    p.spec.initContainers = [{ name: 'proxy', image: 'envoy', restartPolicy: 'Always' }];
    p.status.initContainerStatuses = [{
      name: 'proxy', state: { running: { startedAt: f.at(11) } }, lastState: { terminated: { exitCode: 1, finishedAt: f.at(f.NOW - 5) } },
      ready: true, started: true, restartCount: 1, image: 'envoy', imageID: '',
    }];
    expect(summary(p)).toEqual(['2/2', 'Running', '1 (5s ago)']);
  });
});
