// `kubectl get pdb` and `kubectl describe pdb` as kubectl v1.28 prints them.
import { describe, expect, it } from 'vitest';
import { Clock } from '../../api/time.js';
import type { PodDisruptionBudget } from '../../api/types.js';
import type { KubeEvent } from '../events.js';
import { describeObject, printGet } from './index.js';

const clock = new Clock();

function pdb(name: string, spec: PodDisruptionBudget['spec'], status?: Partial<PodDisruptionBudget['status']>): PodDisruptionBudget {
  return {
    apiVersion: 'policy/v1', kind: 'PodDisruptionBudget',
    metadata: { name, namespace: 'default', creationTimestamp: '2024-01-01T00:00:00Z', generation: 1 },
    spec,
    status: { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0, ...status },
  };
}

describe('get pdb', () => {
  it('prints NAME MIN AVAILABLE MAX UNAVAILABLE ALLOWED DISRUPTIONS AGE, N/A for the unset bound', () => {
    const out = printGet([{ kind: 'PodDisruptionBudget', objects: [
      pdb('web', { minAvailable: 2, selector: { matchLabels: { app: 'web' } } }, { disruptionsAllowed: 1 }),
      pdb('db', { maxUnavailable: '25%', selector: { matchLabels: { app: 'db' } } }),
    ] }], { now: 65, clock, namespace: 'default' });
    expect(out.stdout).toBe([
      'NAME   MIN AVAILABLE   MAX UNAVAILABLE   ALLOWED DISRUPTIONS   AGE',
      'db     N/A             25%               0                     65s',
      'web    2               N/A               1                     65s',
      '',
    ].join('\n'));
  });

  it('-A adds NAMESPACE; no budgets: "No resources found"', () => {
    const out = printGet([{ kind: 'PodDisruptionBudget', objects: [pdb('web', { minAvailable: '50%' })] }], { now: 600, clock, namespace: 'default', allNamespaces: true });
    expect(out.stdout.split('\n')[1]).toBe('default     web    50%             N/A               0                     10m');
    expect(printGet([{ kind: 'PodDisruptionBudget', objects: [] }], { now: 0, clock, namespace: 'default' }).stderr).toBe('No resources found in default namespace.\n');
  });
});

describe('describe pdb', () => {
  it('prints the budget, the selector and the status counts', () => {
    const s = describeObject(pdb('zk-pdb', { minAvailable: 2, selector: { matchLabels: { app: 'zk' } } }, { disruptionsAllowed: 1, currentHealthy: 3, desiredHealthy: 2, expectedPods: 3 }), { now: 10, clock });
    expect(s).toBe([
      'Name:           zk-pdb',
      'Namespace:      default',
      'Min available:  2',
      'Selector:       app=zk',
      'Status:',
      '    Allowed disruptions:  1',
      '    Current:              3',
      '    Desired:              2',
      '    Total:                3',
      'Events:                   <none>',
      '',
    ].join('\n'));
  });

  it('max unavailable, an empty selector (<none>), no selector (<unset>), and Events', () => {
    const ev: KubeEvent = {
      metadata: { name: 'web.1', namespace: 'default' }, involvedObject: { kind: 'PodDisruptionBudget', namespace: 'default', name: 'web' },
      reason: 'NoPods', message: 'No matching pods found', source: { component: 'controllermanager' }, firstTimestamp: '2024-01-01T00:00:00Z',
      lastTimestamp: '2024-01-01T00:00:00Z', count: 1, type: 'Normal', reportingComponent: '', reportingInstance: '',
    } as unknown as KubeEvent;
    const a = describeObject(pdb('web', { maxUnavailable: '10%', selector: {} }), { now: 5, clock, events: [ev] })!;
    expect(a.split('\n').slice(2, 4)).toEqual(['Max unavailable:  10%', 'Selector:         <none>']);
    expect(a).toContain('Events:\n  Type    Reason  Age   From               Message\n  ----    ------  ----  ----               -------\n  Normal  NoPods  5s    controllermanager  No matching pods found\n');
    const b = describeObject(pdb('web', {}), { now: 5, clock })!;
    expect(b.split('\n').slice(2, 3)).toEqual(['Selector:   <unset>']);
  });
});
