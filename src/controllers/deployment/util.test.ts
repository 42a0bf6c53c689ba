// Ported from pkg/controller/deployment/util/deployment_util_test.go (k8s-semantics.md §1.12).
import { describe, expect, it } from 'vitest';
import type { DeploymentCondition, IntOrString } from '../../api/types.js';
import { deployment, rs } from './fixtures.js';
import {
  MAX_INT32, deploymentComplete, deploymentProgressing, deploymentTimedOut, findActiveOrLatest, findNewReplicaSet,
  findOldReplicaSets, getReplicaSetFraction, lastRevision, maxRevision, maxSurge, maxUnavailable, minAvailable,
  newRSNewReplicas, resolveFenceposts, revisionOf, roundToInt32, withDefaults,
} from './util.js';

describe('ResolveFenceposts', () => {
  const cases: [string, IntOrString | undefined, IntOrString | undefined, number, number, number, boolean][] = [
    ['DEP-RF-1', '0%', '0%', 0, 0, 1, false],
    ['DEP-RF-2', '39%', '39%', 10, 4, 3, false],
    ['DEP-RF-3', 'oops', '39%', 10, 0, 0, true],
    ['DEP-RF-4', '55%', 'urg', 10, 0, 0, true],
    ['DEP-RF-5', undefined, '39%', 10, 0, 3, false],
    ['DEP-RF-6', '39%', undefined, 10, 4, 0, false],
    ['DEP-RF-7', undefined, undefined, 10, 0, 1, false],
  ];
  for (const [id, s, u, desired, surge, unavailable, err] of cases) {
    it(`${id}: surge ${String(s)}, unavailable ${String(u)}, desired ${desired}`, () => {
      const r = resolveFenceposts(s, u, desired);
      expect([r.surge, r.unavailable, r.error !== undefined]).toEqual([surge, unavailable, err]);
    });
  }
  it('25%/25% of 4 replicas is surge 1, unavailable 1; of 3 it is 1 and 0', () => {
    expect(resolveFenceposts('25%', '25%', 4)).toEqual({ surge: 1, unavailable: 1 });
    expect(resolveFenceposts('25%', '25%', 3)).toEqual({ surge: 1, unavailable: 0 });
  });
});

describe('NewRSNewReplicas (maxUnavailable 1; one other RS of 5; the new RS not in allRSs)', () => {
  const cases: [string, 'RollingUpdate' | 'Recreate', number, number, number, number][] = [
    ['DEP-NRS-1 can not scale up', 'RollingUpdate', 1, 5, 1, 5],
    ['DEP-NRS-2 scale up - to depReplicas', 'RollingUpdate', 6, 2, 10, 6],
    ['DEP-NRS-3 recreate', 'Recreate', 3, 1, 1, 3],
  ];
  for (const [id, strategy, replicas, newReplicas, surge, want] of cases) {
    it(id, () => {
      const d = deployment('foo', { replicas, strategy, maxSurge: surge, maxUnavailable: 1 });
      const other = rs('other', { replicas: 5 });
      expect(newRSNewReplicas(d, [other], rs('new', { replicas: newReplicas }))).toBe(want);
    });
  }
});

describe('MaxUnavailable / MinAvailable (maxSurge 1)', () => {
  const cases: [number, IntOrString | 'Recreate', number, number][] = [
    [10, 5, 5, 5], [10, 10, 10, 0], [5, 10, 5, 0], [0, 10, 0, 0], [10, 'Recreate', 0, 0],
    [10, '50%', 5, 5], [10, '100%', 10, 0], [5, '100%', 5, 0],
  ];
  cases.forEach(([replicas, mu, wantMU], i) => {
    it(`DEP-MU-${i + 1}: replicas ${replicas}, maxUnavailable ${String(mu)} → ${wantMU}`, () => {
      const d = mu === 'Recreate' ? deployment('foo', { replicas, strategy: 'Recreate' }) : deployment('foo', { replicas, maxSurge: 1, maxUnavailable: mu });
      expect(maxUnavailable(d)).toBe(wantMU);
    });
  });
  // TestMinAvailable uses "60%" for its sixth case
  const ma: [number, IntOrString | 'Recreate', number][] = [
    [10, 5, 5], [10, 10, 0], [5, 10, 0], [0, 10, 0], [10, 'Recreate', 0], [10, '60%', 4], [10, '100%', 0], [5, '100%', 0],
  ];
  ma.forEach(([replicas, mu, want], i) => {
    it(`DEP-MA-${i + 1}: replicas ${replicas}, maxUnavailable ${String(mu)} → ${want}`, () => {
      const d = mu === 'Recreate' ? deployment('foo', { replicas, strategy: 'Recreate' }) : deployment('foo', { replicas, maxSurge: 1, maxUnavailable: mu });
      expect(minAvailable(d)).toBe(want);
    });
  });
  it('MaxSurge has no replicas == 0 special case; defaults are 25%/25%', () => {
    expect(maxSurge(deployment('foo', { replicas: 0, maxSurge: 2, maxUnavailable: 0 }))).toBe(2);
    const bare = withDefaults({ ...deployment('foo', { replicas: 10 }), spec: { ...deployment('foo').spec, replicas: 10, strategy: {} } });
    expect([maxSurge(bare), maxUnavailable(bare)]).toEqual([3, 2]);
    expect([bare.spec.revisionHistoryLimit, bare.spec.progressDeadlineSeconds]).toEqual([10, 600]);
  });
});

describe('DeploymentComplete (desired, current, updated, available, maxUnavailable, maxSurge)', () => {
  const cases: [string, number, number, number, number, number, number, boolean][] = [
    ['DEP-DC-1', 5, 5, 5, 4, 1, 0, false],
    ['DEP-DC-2', 5, 5, 5, 3, 1, 0, false],
    ['DEP-DC-3', 5, 5, 5, 5, 0, 0, true],
    ['DEP-DC-4', 5, 5, 4, 5, 0, 0, false],
    ['DEP-DC-5 still running old pods', 1, 2, 1, 1, 0, 1, false],
    ['DEP-DC-6', 1, 1, 1, 0, 1, 1, false],
  ];
  for (const [id, desired, current, updated, available, mu, surge, want] of cases) {
    it(id, () => {
      const d = deployment('foo', { replicas: desired, maxUnavailable: mu, maxSurge: surge, generation: 1 });
      expect(deploymentComplete(d, { replicas: current, updatedReplicas: updated, availableReplicas: available, observedGeneration: 1 })).toBe(want);
    });
  }
  it('an unobserved generation is not complete', () => {
    const d = deployment('foo', { replicas: 1, generation: 2 });
    expect(deploymentComplete(d, { replicas: 1, updatedReplicas: 1, availableReplicas: 1, observedGeneration: 1 })).toBe(false);
  });
});

describe('DeploymentProgressing old (replicas, updated, ready, available) → new', () => {
  const cases: [string, number[], number[], boolean][] = [
    ['DEP-DP-1', [10, 4, 4, 4], [10, 6, 4, 4], true],
    ['DEP-DP-2', [10, 4, 4, 4], [10, 4, 4, 4], false],
    ['DEP-DP-3 old pods removed', [10, 4, 6, 6], [8, 4, 6, 6], true],
    ['DEP-DP-4', [10, 7, 3, 3], [10, 6, 3, 3], false],
    ['DEP-DP-5', [10, 4, 7, 7], [8, 8, 5, 5], true],
    ['DEP-DP-6', [10, 10, 9, 8], [10, 10, 10, 8], true],
    ['DEP-DP-7', [10, 10, 10, 9], [10, 10, 10, 10], true],
  ];
  const st = ([replicas, updatedReplicas, readyReplicas, availableReplicas]: number[]) => ({ replicas: replicas!, updatedReplicas: updatedReplicas!, readyReplicas: readyReplicas!, availableReplicas: availableReplicas! });
  for (const [id, old, now, want] of cases) {
    it(id, () => expect(deploymentProgressing(deployment('foo', { replicas: 10, status: st(old) }), st(now))).toBe(want));
  }
});

describe('DeploymentTimedOut (Progressing=True, lastUpdateTime = from)', () => {
  const cond = (from: string, reason = 'ReplicaSetUpdated'): DeploymentCondition[] => [{ type: 'Progressing', status: 'True', reason, lastUpdateTime: from, lastTransitionTime: from }];
  const cases: [string, number | undefined, string, string, string, boolean][] = [
    ['DEP-TO-1 no deadline', undefined, '2017-01-01T00:01:09Z', '2017-01-01T00:01:20Z', 'ReplicaSetUpdated', false],
    ['DEP-TO-2 infinite deadline', MAX_INT32, '2017-01-01T00:01:09Z', '2017-01-01T00:01:20Z', 'ReplicaSetUpdated', false],
    ['DEP-TO-3 11s past a 10s deadline', 10, '2017-01-01T00:01:09Z', '2017-01-01T00:01:20Z', 'ReplicaSetUpdated', true],
    ['DEP-TO-4 9s of a 10s deadline', 10, '2017-01-01T00:01:11Z', '2017-01-01T00:01:20Z', 'ReplicaSetUpdated', false],
    ['DEP-TO-5 complete rollout never times out', undefined, '2017-01-01T00:01:09Z', '2017-01-01T00:01:20Z', 'NewReplicaSetAvailable', false],
  ];
  for (const [id, pds, from, now, reason, want] of cases) {
    it(id, () => {
      const d = deployment('foo', { replicas: 1, ...(pds !== undefined ? { progressDeadlineSeconds: pds } : {}), conditions: cond(from, reason) });
      expect(deploymentTimedOut(d, d.status, now)).toBe(want);
    });
  }
  it('exactly at the deadline is not yet timed out (strictly before now)', () => {
    const d = deployment('foo', { progressDeadlineSeconds: 10, conditions: cond('2017-01-01T00:01:10Z') });
    expect(deploymentTimedOut(d, d.status, '2017-01-01T00:01:20Z')).toBe(false);
    expect(deploymentTimedOut(d, d.status, '2017-01-01T00:01:21Z')).toBe(true);
  });
});

describe('revisions', () => {
  it('Revision: missing is 0, malformed is skipped by Max/LastRevision', () => {
    expect(revisionOf(rs('a', { replicas: 0 }))).toBe(0);
    expect(revisionOf(rs('a', { replicas: 0, revision: 'x' }))).toBeUndefined();
    const list = [rs('a', { replicas: 0, revision: '3' }), rs('b', { replicas: 0, revision: 'x' }), rs('c', { replicas: 0, revision: '7' }), rs('d', { replicas: 0, revision: '5' })];
    expect(maxRevision(list)).toBe(7);
    expect(lastRevision(list)).toBe(5);
    expect(lastRevision([rs('a', { replicas: 0, revision: '1' })])).toBe(0);
  });
});

describe('finding the new and old ReplicaSets', () => {
  it('FindNewReplicaSet: the oldest RS whose template equals the deployment\'s, ignoring the hash label', () => {
    const d = deployment('foo', { image: 'web:2' });
    const a = rs('a', { replicas: 1, image: 'web:1', created: '2016-05-20T00:00:00Z' });
    const b = rs('b', { replicas: 1, image: 'web:2', created: '2016-05-20T02:00:00Z' });
    const c = rs('c', { replicas: 1, image: 'web:2', created: '2016-05-20T01:00:00Z' });
    const hashed = { ...c, spec: { ...c.spec, template: { ...c.spec.template, metadata: { labels: { app: 'web', 'pod-template-hash': 'abc' } } } } };
    expect(findNewReplicaSet(d, [a, b, hashed])?.metadata.name).toBe('c');
    const { oldRSs, allOldRSs } = findOldReplicaSets(d, [b, a, hashed, rs('z', { replicas: 0, image: 'web:0' })]);
    expect(allOldRSs.map((r) => r.metadata.name)).toEqual(['a', 'z', 'b']);
    expect(oldRSs.map((r) => r.metadata.name)).toEqual(['a', 'b']);
  });
  it('FindActiveOrLatest: the only active, else the newest, else none', () => {
    const v1 = rs('v1', { replicas: 0, created: '2016-05-20T00:00:00Z' });
    const v2 = rs('v2', { replicas: 0, created: '2016-05-20T01:00:00Z' });
    const v3 = rs('v3', { replicas: 2, created: '2016-05-20T02:00:00Z' });
    expect(findActiveOrLatest(undefined, [v1, v2])?.metadata.name).toBe('v2');
    expect(findActiveOrLatest(v3, [v1, v2])?.metadata.name).toBe('v3');
    expect(findActiveOrLatest(v3, [v1, { ...v2, spec: { ...v2.spec, replicas: 1 } }])).toBeUndefined();
  });
  it('getReplicaSetFraction: RoundToInt32 rounds half away from zero', () => {
    expect([roundToInt32(2.5), roundToInt32(-2.5), roundToInt32(1.49)]).toEqual([3, -3, 1]);
    const d = deployment('foo', { replicas: 8 });
    expect(getReplicaSetFraction(rs('v2', { replicas: 8, max: 13 }), d)).toBe(-3);
  });
});
