import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStore } from '../store/eventlog.js';
import { Sim } from '../engine/testing.js';
import { defaultControllers } from '../controllers/index.js';
import { foldParallel } from './fold.js';
import type { Deployment, Node } from '../api/types.js';

const dir = mkdtempSync(join(tmpdir(), 'kreplay-fold-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function node(name: string): Node {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'kubernetes.io/hostname': name } }, spec: { podCIDR: `10.244.${name.length}.0/24` },
    status: { allocatable: { cpu: '4', memory: '8Gi', pods: '110' }, capacity: { cpu: '4', memory: '8Gi', pods: '110' }, conditions: [{ type: 'Ready', status: 'True' }] } };
}

describe('partitioned fold', () => {
  it('partitions add up to the recorded state hash of every tick', () => {
    const sim = new Sim({ controllers: defaultControllers() });
    const d: Deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' },
      spec: { replicas: 5, selector: { matchLabels: { app: 'web' } }, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } }, revisionHistoryLimit: 10, progressDeadlineSeconds: 600,
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'web:1' }], restartPolicy: 'Always', terminationGracePeriodSeconds: 30, dnsPolicy: 'ClusterFirst', schedulerName: 'default-scheduler' } } },
      status: {} };
    sim.given(node('a'), node('bb'), d);
    const file = join(dir, 'f.db');
    const store = EventStore.open(file);
    for (let t = 0; t < 8; t++) {
      if (t === 3) sim.when((ctx) => { ctx.update(ctx.view.get('Deployment', 'default', 'web')!, (x) => { x.spec.template.spec.containers[0]!.image = 'web:2'; }, { type: 'DeploymentUpdated' }); });
      const r = sim.step();
      store.appendTick(r.events, { tick: t, lastSeq: r.events.length ? r.events[r.events.length - 1]!.seq : store.lastSeq, events: r.events.length, stateHash: r.stateHash });
    }
    const ticks = [...store.ticks()];
    store.close();
    for (const parts of [1, 2, 3]) {
      const f = foldParallel(file, { parts, perTick: true });
      expect(f.events).toBe(sim.log.length);
      for (const row of ticks) expect(f.tickHashes!.get(row.tick), `parts ${parts} tick ${row.tick}`).toBe(row.stateHash);
    }
  });
});
