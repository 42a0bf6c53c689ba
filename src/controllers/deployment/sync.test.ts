// Ported from pkg/controller/deployment/sync_test.go: TestScale (DEP-PS, §1.14),
// TestDeploymentController_cleanupDeployment (DEP-CL) and ..._cleanupDeploymentOrder (DEP-CO, §1.15).
import { describe, expect, it } from 'vitest';
import type { IntOrString, ReplicaSet } from '../../api/types.js';
import { deployment, rs } from './fixtures.js';
import { planCleanup, planScale } from './sync.js';
import { MAX_INT32, maxSurge } from './util.js';

const NEWER = '2016-05-20T02:00:00Z';
const OLD = '2016-05-20T01:00:00Z';
const OLDER = '2016-05-20T00:00:00Z';

interface PSCase {
  id: string;
  d: [number, IntOrString?, IntOrString?];
  old: [number, IntOrString?, IntOrString?];
  newRS?: [string, number, number?];
  oldRSs: [string, number, string][];
  want: Record<string, number>;
  desired?: Record<string, number>;
}

const cases: PSCase[] = [
  { id: 'DEP-PS-1 normal scaling event: 10 -> 12', d: [12], old: [10], newRS: ['v1', 10], oldRSs: [], want: { v1: 12 } },
  { id: 'DEP-PS-2 normal scaling event: 10 -> 5', d: [5], old: [10], newRS: ['v1', 10], oldRSs: [], want: { v1: 5 } },
  { id: 'DEP-PS-3 proportional scaling: 5 -> 10', d: [10], old: [5], newRS: ['v2', 2], oldRSs: [['v1', 3, OLD]], want: { v2: 4, v1: 6 } },
  { id: 'DEP-PS-4 proportional scaling: 5 -> 3', d: [3], old: [5], newRS: ['v2', 2], oldRSs: [['v1', 3, OLD]], want: { v2: 1, v1: 2 } },
  { id: 'DEP-PS-5 proportional scaling: 9 -> 4', d: [4], old: [9], newRS: ['v2', 8], oldRSs: [['v1', 1, OLD]], want: { v2: 4, v1: 0 } },
  { id: 'DEP-PS-6 proportional scaling: 7 -> 10', d: [10], old: [7], newRS: ['v3', 2], oldRSs: [['v2', 3, OLD], ['v1', 2, OLDER]], want: { v3: 3, v2: 4, v1: 3 } },
  { id: 'DEP-PS-7 proportional scaling: 13 -> 8', d: [8], old: [13], newRS: ['v3', 2], oldRSs: [['v2', 8, OLD], ['v1', 3, OLDER]], want: { v3: 1, v2: 5, v1: 2 } },
  { id: 'DEP-PS-8 leftover distribution: 3 -> 4', d: [4], old: [3], newRS: ['v3', 1], oldRSs: [['v2', 1, OLD], ['v1', 1, OLDER]], want: { v3: 2, v2: 1, v1: 1 } },
  { id: 'DEP-PS-9 leftover distribution: 3 -> 2', d: [2], old: [3], newRS: ['v3', 1], oldRSs: [['v2', 1, OLD], ['v1', 1, OLDER]], want: { v3: 1, v2: 1, v1: 0 } },
  { id: 'DEP-PS-10 proportional scaling (no new rs): 4 -> 5', d: [5], old: [4], oldRSs: [['v2', 2, OLD], ['v1', 2, OLDER]], want: { v2: 3, v1: 2 } },
  { id: 'DEP-PS-11 proportional scaling: 6 -> 0', d: [0], old: [6], newRS: ['v3', 3], oldRSs: [['v2', 2, OLD], ['v1', 1, OLDER]], want: { v3: 0, v2: 0, v1: 0 } },
  { id: 'DEP-PS-12 proportional scaling: 0 -> 6', d: [6], old: [6], newRS: ['v3', 0], oldRSs: [['v2', 0, OLD], ['v1', 0, OLDER]], want: { v3: 6, v2: 0, v1: 0 } },
  { id: 'DEP-PS-13 deployment with surge pods', d: [20, 2], old: [10, 2], newRS: ['v2', 6], oldRSs: [['v1', 6, OLD]], want: { v2: 11, v1: 11 } },
  { id: 'DEP-PS-14 change both surge and size', d: [50, 6], old: [10, 3], newRS: ['v2', 5], oldRSs: [['v1', 8, OLD]], want: { v2: 22, v1: 34 } },
  { id: 'DEP-PS-15 change both size and template', d: [14], old: [10], oldRSs: [['v2', 7, NEWER], ['v1', 3, OLD]], want: { v2: 10, v1: 4 } },
  { id: 'DEP-PS-16 saturated but broken new replica set does not affect old pods', d: [2, 1, 1], old: [2, 1, 1], newRS: ['v2', 2, 0], oldRSs: [['v1', 1, OLD]], want: { v2: 2, v1: 1 } },
  { id: 'DEP-PS-17 failed rs update', d: [5], old: [5], newRS: ['v3', 2], oldRSs: [['v2', 1, OLD], ['v1', 1, OLDER]], want: { v3: 2, v2: 2, v1: 1 }, desired: { v2: 3 } },
];

/** Sizes after a plan: the planned size for each RS it touches, the current size otherwise. */
function sizesAfter(plan: ReturnType<typeof planScale>, all: ReplicaSet[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of all) out[r.metadata.name] = r.spec.replicas!;
  switch (plan.kind) {
    case 'none': break;
    case 'activeOrLatest': out[plan.rs.metadata.name] = plan.to; break;
    case 'saturated': for (const r of plan.rss) out[r.metadata.name] = 0; break;
    case 'proportional': for (const s of plan.sizes) out[s.rs.metadata.name] = s.to; break;
  }
  return out;
}

describe('scale: proportional scaling (maxSurge = maxUnavailable = 0 unless given)', () => {
  for (const c of cases) {
    it(c.id, () => {
      const mk = ([replicas, surge, unavailable]: [number, IntOrString?, IntOrString?]) =>
        deployment('foo', { replicas, maxSurge: surge ?? 0, maxUnavailable: unavailable ?? 0 });
      const d = mk(c.d);
      const oldD = mk(c.old);
      // annotations as the old deployment left them (or as the case overrides)
      const annotated = (name: string, replicas: number, created: string, available?: number): ReplicaSet => {
        const desired = c.desired?.[name] ?? oldD.spec.replicas!;
        return rs(name, { replicas, created, desired, max: desired + maxSurge(oldD), available: available ?? replicas });
      };
      const newRS = c.newRS ? annotated(c.newRS[0], c.newRS[1], NEWER, c.newRS[2]) : undefined;
      const oldRSs = c.oldRSs.map(([name, replicas, created]) => annotated(name, replicas, created));
      const plan = planScale(d, newRS, oldRSs);
      expect(sizesAfter(plan, [...(newRS ? [newRS] : []), ...oldRSs])).toEqual(c.want);
    });
  }
  it('DEP-PS-7 distributes largest first, older first among equals when scaling down', () => {
    const d = deployment('foo', { replicas: 8 });
    const mk = (name: string, replicas: number, created: string) => rs(name, { replicas, created, desired: 13, max: 13 });
    const plan = planScale(d, mk('v3', 2, NEWER), [mk('v2', 8, OLD), mk('v1', 3, OLDER)]);
    expect(plan.kind === 'proportional' && plan.op).toBe('down');
    expect(plan.kind === 'proportional' && plan.sizes.map((s) => [s.rs.metadata.name, s.to])).toEqual([['v2', 5], ['v1', 2], ['v3', 1]]);
  });
  it('a saturated new RS sends the active old RSs to 0', () => {
    const d = deployment('foo', { replicas: 3, maxSurge: 1 });
    const plan = planScale(d, rs('v2', { replicas: 3, available: 3, desired: 3, max: 4, created: NEWER }), [rs('v1', { replicas: 1, created: OLD })]);
    expect(plan.kind === 'saturated' && plan.rss.map((r) => r.metadata.name)).toEqual(['v1']);
  });
});

describe('cleanupDeployment', () => {
  const withStatus = (name: string, spec: number, status: number, o: { revision?: string; created?: string; deleting?: boolean } = {}) =>
    rs(name, { replicas: spec, statusReplicas: status, ...o });
  const cl: [string, ReplicaSet[], number, number][] = [
    ['DEP-CL-1', [withStatus('foo-1', 0, 0), withStatus('foo-2', 0, 0), withStatus('foo-3', 0, 0)], 1, 2],
    ['DEP-CL-2 only spec = status = 0 is deleted', [withStatus('foo-1', 0, 0), withStatus('foo-2', 0, 1), withStatus('foo-3', 1, 0), withStatus('foo-4', 1, 1)], 0, 1],
    ['DEP-CL-3', [withStatus('foo-1', 0, 0), withStatus('foo-2', 0, 0)], 0, 2],
    ['DEP-CL-4', [withStatus('foo-1', 1, 1), withStatus('foo-2', 1, 1)], 0, 0],
    ['DEP-CL-5 already being deleted', [withStatus('foo-1', 0, 0, { deleting: true })], 0, 0],
    ['DEP-CL-6 unlimited history', [withStatus('foo-1', 0, 0), withStatus('foo-2', 0, 0), withStatus('foo-3', 0, 0)], MAX_INT32, 0],
  ];
  for (const [id, oldRSs, limit, want] of cl) {
    it(`${id}: revisionHistoryLimit ${limit} → ${want} deletions`, () => {
      expect(planCleanup(deployment('foo', { revisionHistoryLimit: limit }), oldRSs)).toHaveLength(want);
    });
  }
  it('an unobserved generation is not deleted', () => {
    const r = rs('foo-1', { replicas: 0, generation: 2, observedGeneration: 1 });
    expect(planCleanup(deployment('foo', { revisionHistoryLimit: 0 }), [r])).toEqual([]);
  });

  const t = (i: number) => `2016-05-20T0${i}:00:00Z`;
  const co: [string, [string, number, string | undefined][], number, string[]][] = [
    ['DEP-CO-1', [['foo-1', 0, '1'], ['foo-2', 0, '2']], 1, ['foo-1']],
    ['DEP-CO-2', [['foo-1', 0, '2'], ['foo-2', 0, '1']], 1, ['foo-2']],
    ['DEP-CO-3', [['foo-1', 0, '1'], ['foo-2', 0, undefined]], 1, ['foo-2']],
    ['DEP-CO-4', [['foo-1', 0, undefined], ['foo-2', 0, '2']], 1, ['foo-1']],
    ['DEP-CO-5', [['foo-1', 1, '1'], ['foo-2', 0, '2'], ['foo-3', 0, '3']], 1, ['foo-2']],
    ['DEP-CO-6', [['foo-1', 1, '1'], ['foo-2', 1, '2'], ['foo-3', 0, '3']], 1, []],
    ['DEP-CO-7', [['foo-1', 0, '3'], ['foo-2', 0, '1'], ['foo-3', 0, '4'], ['foo-4', 0, '2']], 2, ['foo-2', 'foo-4']],
  ];
  for (const [id, spec, limit, want] of co) {
    it(`${id}: deletes the lowest revisions first`, () => {
      const oldRSs = spec.map(([name, n, revision], i) => withStatus(name, n, n, { created: t(i + 1), ...(revision !== undefined ? { revision } : {}) }));
      expect(planCleanup(deployment('foo', { revisionHistoryLimit: limit }), oldRSs).map((r) => r.metadata.name).sort()).toEqual(want);
    });
  }
});
