// The HPA over a StatefulSet's scale subresource (spec.replicas, status.replicas, spec.selector),
// with the real StatefulSet controller creating the pods in order and a stand-in kubelet.
import { describe, expect, it } from 'vitest';
import { setObjectDefaults } from '../../api/defaults.js';
import type { StatefulSet } from '../../api/types.js';
import { Sim } from '../../engine/testing.js';
import type { Controller } from '../../state/controller.js';
import { StatefulSetController } from '../statefulset/index.js';
import { HorizontalPodAutoscalerController } from './index.js';
import { fakeMetrics, hpa } from './testutil.js';

/** Runs every new pod at once: Running and Ready at its creation tick. */
const instantKubelet: Controller = {
  name: 'kubelet',
  watches: ['Pod'],
  reconcile(ctx, work) {
    for (const item of [...work.items].sort((a, b) => (a.key < b.key ? -1 : 1))) {
      const p = ctx.view.get('Pod', 'default', item.obj.metadata.name);
      if (!p || item.deleted || p.status.phase === 'Running') continue;
      ctx.update(p, (d) => {
        d.spec.nodeName = 'node-1';
        d.status.phase = 'Running';
        d.status.startTime = ctx.now();
        d.status.conditions = [{ type: 'Ready', status: 'True', lastTransitionTime: ctx.now() }];
      }, { type: 'PodReady' });
    }
  },
};

function statefulSet(replicas: number): StatefulSet {
  return setObjectDefaults({
    apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'web', namespace: 'default', generation: 1 },
    spec: {
      replicas, serviceName: 'web', selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'web:1', resources: { requests: { cpu: '100m' } } }] } },
    },
    status: { replicas: 0 },
  } as StatefulSet);
}

describe('HPA with a StatefulSet target', () => {
  it('reads the StatefulSet scale and scales it up; the StatefulSet controller creates web-2, web-3, web-4 in order', () => {
    const s = new Sim({
      controllers: [new HorizontalPodAutoscalerController({ metrics: fakeMetrics(() => 200) }), new StatefulSetController(), instantKubelet],
    });
    s.given(statefulSet(2), hpa('web', { maxReplicas: 5, scaleTargetRef: { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web' } }));
    s.tick();
    expect(s.view.list('Pod', 'default').map((p) => p.metadata.name)).toEqual(['web-0', 'web-1']);
    // 200 % of the request against 50 %: 8 wanted; the legacy scale-up limit max(2·2, 4) allows 4
    const events = s.until(15);
    const scaled = events.filter((e) => e.type === 'StatefulSetScaled');
    expect(scaled).toHaveLength(1);
    expect(scaled[0]!.actor).toBe('horizontal-pod-autoscaler');
    expect(scaled[0]!.data).toMatchObject({ from: 2, to: 4 });
    expect(scaled[0]!.note).toMatchObject({ reason: 'SuccessfulRescale', message: 'New size: 4; reason: cpu resource utilization (percentage of request) above target' });
    expect(events.filter((e) => e.type === 'PodCreated' && e.tick === 15).map((e) => e.object.name)).toEqual(['web-2', 'web-3']);
    expect(s.view.get('StatefulSet', 'default', 'web')!.status).toMatchObject({ replicas: 4, readyReplicas: 4 });
    expect(s.view.get('HorizontalPodAutoscaler', 'default', 'web')!.status).toMatchObject({ currentReplicas: 2, desiredReplicas: 4 });
    // next period: capped at maxReplicas 5
    const later = s.until(30);
    expect(later.filter((e) => e.type === 'StatefulSetScaled').map((e) => e.data)).toMatchObject([{ from: 4, to: 5 }]);
    expect(later.filter((e) => e.type === 'PodCreated').map((e) => e.object.name)).toEqual(['web-4']);
    expect(s.view.get('StatefulSet', 'default', 'web')!.status).toMatchObject({ replicas: 5, readyReplicas: 5, availableReplicas: 5 });
  });
});
