// Ported from pkg/controller/deployment/progress_test.go: TestRequeueStuckDeployment (DEP-RQ)
// and TestSyncRolloutStatus (DEP-SR), k8s-semantics.md §1.16. Strategy Recreate, as upstream.
import { describe, expect, it } from 'vitest';
import type { Deployment, DeploymentCondition, ReplicaSet } from '../../api/types.js';
import { rs } from './fixtures.js';
import { computeRolloutStatus, requeueStuckDeployment } from './progress.js';
import { getDeploymentCondition } from './status.js';
import { MAX_INT32 } from './util.js';

/** currentDeployment(pds, replicas, statusReplicas, updated, available, conditions) */
function current(pds: number | undefined, replicas: number, statusReplicas: number, updated: number, available: number, conditions?: DeploymentCondition[]): Deployment {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment',
    metadata: { name: 'progress-test', namespace: 'default' },
    spec: {
      replicas, selector: { matchLabels: { app: 'web' } }, template: { spec: { containers: [] } }, strategy: { type: 'Recreate' },
      ...(pds !== undefined ? { progressDeadlineSeconds: pds } : {}),
    },
    status: { replicas: statusReplicas, updatedReplicas: updated, availableReplicas: available, ...(conditions ? { conditions } : {}) },
  };
}

const T = '2017-02-15T18:49:00Z';

describe('requeueStuckDeployment (pds 60; Progressing lastUpdate 18:49:00)', () => {
  const failed: DeploymentCondition[] = [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }];
  const stuck: DeploymentCondition[] = [{ type: 'Progressing', status: 'True', lastUpdateTime: T }];
  const st = (r: number, u: number, a: number) => ({ replicas: r, updatedReplicas: u, availableReplicas: a });
  const cases: [string, Deployment, ReturnType<typeof st>, string, number][] = [
    ['DEP-RQ-1 nil progressDeadlineSeconds', current(undefined, 4, 3, 3, 2), st(3, 3, 2), T, -1],
    ['DEP-RQ-2 infinite progressDeadlineSeconds', current(MAX_INT32, 4, 3, 3, 2), st(3, 3, 2), T, -1],
    ['DEP-RQ-3 no Progressing condition', current(60, 4, 3, 3, 2), st(3, 3, 2), T, -1],
    ['DEP-RQ-4 complete deployment', current(60, 3, 3, 3, 3), st(3, 3, 3), T, -1],
    ['DEP-RQ-5 already failed deployment', current(60, 3, 3, 3, 0, failed), st(3, 3, 0), T, -1],
    ['DEP-RQ-6 stuck - 30s', current(60, 3, 3, 3, 1, stuck), st(3, 3, 1), '2017-02-15T18:49:30Z', 30],
    ['DEP-RQ-7 stuck - 1s', current(60, 3, 3, 3, 1, stuck), st(3, 3, 1), '2017-02-15T18:49:59Z', 1],
    ['DEP-RQ-8 less than a second => now', current(60, 3, 3, 3, 1, stuck), st(3, 3, 1), '2017-02-15T18:49:59.000000001Z', 0],
    ['DEP-RQ-9 now', current(60, 3, 3, 3, 1, stuck), st(3, 3, 1), '2017-02-15T18:50:00Z', 0],
    ['DEP-RQ-10 1s after deadline', current(60, 3, 3, 3, 1, stuck), st(3, 3, 1), '2017-02-15T18:50:01Z', 0],
    ['DEP-RQ-11 60s after deadline', current(60, 3, 3, 3, 1, stuck), st(3, 3, 1), '2017-02-15T18:51:00Z', 0],
  ];
  for (const [id, d, status, now, want] of cases) {
    it(`${id} → ${want}`, () => expect(requeueStuckDeployment(d, status, now)).toBe(want));
  }
});

describe('syncRolloutStatus (pds 60 unless nil)', () => {
  const NOW = '2017-02-15T19:30:00Z';
  const timedOut: DeploymentCondition = { type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' };
  const available: DeploymentCondition = { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', lastUpdateTime: T, lastTransitionTime: T };
  const updated: DeploymentCondition = { type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', lastUpdateTime: T, lastTransitionTime: T };
  const withAvail = (name: string, spec: number, status: number, avail: number): ReplicaSet => rs(name, { replicas: spec, statusReplicas: status, available: avail });
  interface SR {
    id: string;
    d: Deployment;
    allRSs: ReplicaSet[];
    newRS?: ReplicaSet;
    want?: [string, string];
    lastUpdate?: string;
    lastTransition?: string;
  }
  const cases: SR[] = [
    { id: 'DEP-SR-1 no deadline: Progressing removed', d: current(undefined, 3, 2, 2, 2, [updated]), allRSs: [withAvail('bar', 0, 1, 1)], newRS: withAvail('foo', 3, 2, 2) },
    { id: 'DEP-SR-2 one active RS: no progress estimated', d: current(60, 3, 3, 3, 3, [available]), allRSs: [withAvail('bar', 3, 3, 3)], want: ['True', 'NewReplicaSetAvailable'], lastUpdate: T, lastTransition: T },
    { id: 'DEP-SR-3 progressing keeps lastTransitionTime of a True condition', d: current(60, 3, 2, 2, 2, [updated]), allRSs: [withAvail('bar', 0, 1, 1)], newRS: withAvail('foo', 3, 2, 2), want: ['True', 'ReplicaSetUpdated'], lastTransition: T },
    { id: 'DEP-SR-4 progressing after Progressing=False: all times new', d: current(60, 3, 2, 2, 2, [timedOut]), allRSs: [withAvail('bar', 0, 1, 1)], newRS: withAvail('foo', 3, 2, 2), want: ['True', 'ReplicaSetUpdated'] },
    { id: 'DEP-SR-5 progressing creates the condition', d: current(60, 3, 2, 2, 2, []), allRSs: [withAvail('bar', 0, 1, 1)], newRS: withAvail('foo', 3, 2, 2), want: ['True', 'ReplicaSetUpdated'] },
    { id: 'DEP-SR-6 complete keeps lastTransitionTime of a True condition', d: current(60, 3, 3, 3, 3, [updated]), allRSs: [], newRS: withAvail('foo', 3, 3, 3), want: ['True', 'NewReplicaSetAvailable'], lastTransition: T },
    { id: 'DEP-SR-7 complete after Progressing=False', d: current(60, 3, 3, 3, 3, [timedOut]), allRSs: [], newRS: withAvail('foo', 3, 3, 3), want: ['True', 'NewReplicaSetAvailable'] },
    { id: 'DEP-SR-8 complete creates the condition', d: current(60, 3, 3, 3, 3, []), allRSs: [], newRS: withAvail('foo', 3, 3, 3), want: ['True', 'NewReplicaSetAvailable'] },
    { id: 'DEP-SR-9 complete with no new RS (replicas 0)', d: current(60, 0, 3, 3, 3, [updated]), allRSs: [withAvail('foo', 0, 0, 0)], want: ['True', 'NewReplicaSetAvailable'], lastTransition: T },
    { id: 'DEP-SR-10 past the deadline', d: current(60, 3, 2, 2, 2, [updated]), allRSs: [], newRS: withAvail('foo', 3, 2, 2), want: ['False', 'ProgressDeadlineExceeded'] },
    { id: 'DEP-SR-11 already timed out: unchanged', d: current(60, 3, 2, 2, 2, [{ ...timedOut, lastUpdateTime: T, lastTransitionTime: T }]), allRSs: [], newRS: withAvail('foo', 3, 2, 2), want: ['False', 'ProgressDeadlineExceeded'], lastUpdate: T, lastTransition: T },
  ];
  for (const c of cases) {
    it(c.id, () => {
      const all = c.newRS ? [...c.allRSs, c.newRS] : c.allRSs;
      const s = computeRolloutStatus(c.d, all, c.newRS, NOW);
      const cond = getDeploymentCondition(s, 'Progressing');
      if (!c.want) return expect(cond).toBeUndefined();
      expect([cond?.status, cond?.reason]).toEqual(c.want);
      expect(cond?.lastUpdateTime).toBe(c.lastUpdate ?? NOW);
      expect(cond?.lastTransitionTime).toBe(c.lastTransition ?? NOW);
    });
  }
  it('messages name the new RS: "ReplicaSet "foo" has successfully progressed."', () => {
    const s = computeRolloutStatus(current(60, 3, 3, 3, 3, []), [withAvail('foo', 3, 3, 3)], withAvail('foo', 3, 3, 3), NOW);
    expect(getDeploymentCondition(s, 'Progressing')?.message).toBe('ReplicaSet "foo" has successfully progressed.');
    expect(getDeploymentCondition(s, 'Available')).toMatchObject({ status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' });
  });
  it('promotes an RS ReplicaFailure condition, the new RS first', () => {
    const failing = { ...withAvail('foo', 3, 0, 0), status: { replicas: 0, conditions: [{ type: 'ReplicaFailure', status: 'True' as const, reason: 'FailedCreate', message: 'quota', lastTransitionTime: T }] } };
    const s = computeRolloutStatus(current(60, 3, 0, 0, 0, []), [failing], failing, NOW);
    expect(getDeploymentCondition(s, 'ReplicaFailure')).toEqual({ type: 'ReplicaFailure', status: 'True', lastUpdateTime: T, lastTransitionTime: T, reason: 'FailedCreate', message: 'quota' });
  });
});
