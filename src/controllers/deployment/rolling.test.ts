// Ported from pkg/controller/deployment/rolling_test.go (k8s-semantics.md §1.13) and the derived
// rolling-update trace DEP-TRACE-1 (§1.17), against the pure planners of rolling.ts.
import { describe, expect, it } from 'vitest';
import type { ReplicaSet } from '../../api/types.js';
import { deployment, rs } from './fixtures.js';
import {
  planCleanupUnhealthyReplicas, planReconcileNewReplicaSet, planReconcileOldReplicaSets, planScaleDownOldReplicaSets,
} from './rolling.js';
import { newRSNewReplicas } from './util.js';

const NEW = '2016-05-20T01:00:00Z';

describe('reconcileNewReplicaSet (maxUnavailable 0; allRSs = [new, old])', () => {
  const cases: [string, number, number, number, number, number | undefined][] = [
    ['DEP-RN-1', 10, 0, 10, 0, undefined],
    ['DEP-RN-2', 10, 2, 10, 0, 2],
    ['DEP-RN-3', 10, 2, 5, 0, 7],
    ['DEP-RN-4', 10, 2, 10, 2, undefined],
    ['DEP-RN-5 scale down', 10, 2, 2, 11, 10],
  ];
  for (const [id, replicas, surge, oldReplicas, newReplicas, want] of cases) {
    it(`${id}: replicas ${replicas}, maxSurge ${surge}, old ${oldReplicas}, new ${newReplicas} → ${String(want)}`, () => {
      const d = deployment('foo', { replicas, maxSurge: surge, maxUnavailable: 0 });
      const newRS = rs('new', { replicas: newReplicas, created: NEW });
      expect(planReconcileNewReplicaSet(d, [newRS, rs('old', { replicas: oldReplicas })], newRS)).toBe(want);
    });
  }
});

/** The old RS's size after a plan (unchanged when nothing is planned). */
function finalSize(plan: { cleanup: { rs: ReplicaSet; to: number }[]; scaleDown: { rs: ReplicaSet; to: number }[] }, name: string, initial: number): number {
  let size = initial;
  for (const r of [...plan.cleanup, ...plan.scaleDown]) if (r.rs.metadata.name === name) size = r.to;
  return size;
}

describe('reconcileOldReplicaSets (maxSurge 0; replicas 10)', () => {
  const cases: [string, number, number, number, number, number, boolean, number][] = [
    ['DEP-RO-1 maxUnavailable 0 → fencepost 1', 0, 10, 0, 10, 0, true, 9],
    ['DEP-RO-2', 2, 10, 0, 10, 0, true, 8],
    ['DEP-RO-3 two unhealthy cleaned up', 2, 10, 0, 8, 0, true, 8],
    ['DEP-RO-4 one cleaned up, one scaled down', 2, 10, 0, 9, 0, true, 8],
    ['DEP-RO-5', 2, 8, 2, 8, 0, false, 8],
  ];
  for (const [id, mu, oldReplicas, newReplicas, oldAvailable, newAvailable, scaled, want] of cases) {
    it(id, () => {
      const d = deployment('foo', { replicas: 10, maxSurge: 0, maxUnavailable: mu });
      const oldRS = rs('old', { replicas: oldReplicas, available: oldAvailable, statusReplicas: oldReplicas });
      const newRS = rs('new', { replicas: newReplicas, available: newAvailable, statusReplicas: newReplicas, created: NEW });
      const plan = planReconcileOldReplicaSets(d, [oldRS, newRS], [oldRS], newRS);
      expect(plan.cleanup.length + plan.scaleDown.length > 0).toBe(scaled);
      expect(finalSize(plan, 'old', oldReplicas)).toBe(want);
    });
  }
  it('DEP-RO-4 writes twice: 10 → 9 (unhealthy), then 9 → 8 (available)', () => {
    const d = deployment('foo', { replicas: 10, maxSurge: 0, maxUnavailable: 2 });
    const oldRS = rs('old', { replicas: 10, available: 9 });
    const newRS = rs('new', { replicas: 0, created: NEW });
    const plan = planReconcileOldReplicaSets(d, [oldRS, newRS], [oldRS], newRS);
    expect(plan.cleanup.map((r) => r.to)).toEqual([9]);
    expect(plan.scaleDown.map((r) => [r.rs.spec.replicas, r.to])).toEqual([[9, 8]]);
  });
});

describe('cleanupUnhealthyReplicas (old 10; replicas 10, surge 2, unavailable 2)', () => {
  const cases: [string, number, number, number][] = [
    ['DEP-CU-1', 8, 1, 1],
    ['DEP-CU-2', 8, 3, 2],
    ['DEP-CU-3', 8, 0, 0],
    ['DEP-CU-4', 10, 3, 0],
  ];
  for (const [id, ready, maxCleanup, want] of cases) {
    it(`${id}: ready ${ready}, maxCleanup ${maxCleanup} → ${want}`, () => {
      expect(planCleanupUnhealthyReplicas([rs('old', { replicas: 10, available: ready })], maxCleanup).cleaned).toBe(want);
    });
  }
});

describe('scaleDownOldReplicaSetsForRollingUpdate (maxSurge 0; allRSs = [old])', () => {
  const cases: [string, number, number, number, number | undefined][] = [
    ['DEP-SD-1', 0, 10, 10, 9],
    ['DEP-SD-2', 2, 10, 10, 8],
    ['DEP-SD-3', 2, 8, 10, undefined],
    ['DEP-SD-4', 2, 10, 0, undefined],
    ['DEP-SD-5', 2, 1, 10, undefined],
  ];
  for (const [id, mu, ready, oldReplicas, want] of cases) {
    it(`${id}: maxUnavailable ${mu}, available ${ready}, old ${oldReplicas} → ${String(want)}`, () => {
      const d = deployment('foo', { replicas: 10, maxSurge: 0, maxUnavailable: mu });
      const old = rs('old', { replicas: oldReplicas, available: ready });
      const plan = planScaleDownOldReplicaSets(d, [old], [old]);
      expect(plan.length > 0 ? plan[0]!.to : undefined).toBe(want);
    });
  }
  it('takes the excess from the oldest RS first', () => {
    const d = deployment('foo', { replicas: 10, maxSurge: 0, maxUnavailable: 2 });
    const older = rs('older', { replicas: 2, available: 2, created: '2016-05-19T00:00:00Z' });
    const old = rs('old', { replicas: 10, available: 10 });
    expect(planScaleDownOldReplicaSets(d, [old, older], [old, older]).map((r) => [r.rs.metadata.name, r.to])).toEqual([['older', 0], ['old', 8]]);
  });
});

describe('DEP-TRACE-1: 10 replicas, 25%/25% (surge 3, unavailable 2), old RS 10/10 available', () => {
  const d = deployment('web', { replicas: 10, maxSurge: '25%', maxUnavailable: '25%' });
  it('sync 1: new RS created with 3; old scaled 10 → 8', () => {
    const old = rs('old', { replicas: 10, available: 10, statusReplicas: 10 });
    const draft = rs('new', { replicas: 0, created: NEW });
    const created = newRSNewReplicas(d, [old, draft], draft);
    expect(created).toBe(3);
    const newRS = rs('new', { replicas: 3, created: NEW });
    expect(planReconcileNewReplicaSet(d, [old, newRS], newRS)).toBeUndefined();
    const plan = planReconcileOldReplicaSets(d, [old, newRS], [old], newRS);
    expect(plan.cleanup).toEqual([]);
    expect(plan.scaleDown.map((r) => r.to)).toEqual([8]);
  });
  it('sync 2 (3 new available): total 11 < 13 → new 3 → 5', () => {
    const old = rs('old', { replicas: 8, available: 8 });
    const newRS = rs('new', { replicas: 3, available: 3, created: NEW });
    expect(planReconcileNewReplicaSet(d, [old, newRS], newRS)).toBe(5);
  });
  it('sync 3 (2 new not yet available): maxScaledDown 13 − 8 − 2 = 3; available 11 → old 8 → 5', () => {
    const old = rs('old', { replicas: 8, available: 8 });
    const newRS = rs('new', { replicas: 5, available: 3, created: NEW });
    expect(planReconcileNewReplicaSet(d, [old, newRS], newRS)).toBeUndefined();
    const plan = planReconcileOldReplicaSets(d, [old, newRS], [old], newRS);
    expect(plan.scaleDown.map((r) => r.to)).toEqual([5]);
  });
  it('until new = 10, old = 0', () => {
    let oldN = 5;
    let newN = 5;
    for (let i = 0; i < 10 && (oldN > 0 || newN < 10); i++) {
      // every pod available before each sync
      const old = rs('old', { replicas: oldN, available: oldN });
      let newRS = rs('new', { replicas: newN, available: newN, created: NEW });
      const up = planReconcileNewReplicaSet(d, [old, newRS], newRS);
      if (up !== undefined) { newN = up; continue; }
      newRS = rs('new', { replicas: newN, available: newN, created: NEW });
      const plan = planReconcileOldReplicaSets(d, [old, newRS], [old], newRS);
      oldN = finalSize(plan, 'old', oldN);
    }
    expect([newN, oldN]).toEqual([10, 0]);
  });
});
