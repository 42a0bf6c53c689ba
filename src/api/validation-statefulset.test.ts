// StatefulSet admission: SetDefaults_StatefulSet, ValidateStatefulSet and ValidateStatefulSetUpdate
// (pkg/apis/apps/v1/defaults.go, pkg/apis/apps/validation/validation.go, v1.28) through admitCreate/admitUpdate.
import { describe, expect, it } from 'vitest';
import { admitCreate, admitUpdate, type AdmissionResult, type Lookup } from './admission.js';
import type { KObject, Kind, Namespace, StatefulSet } from './types.js';

const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } } as Namespace;
const lookup: Lookup = (kind: Kind, n: string, name: string) => (kind === 'Namespace' && name === 'default' && n === '' ? ns : undefined);

const manifest = (spec: Record<string, unknown> = {}, name = 'web'): Record<string, unknown> => ({
  apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name },
  spec: { serviceName: 'web', selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] } }, ...spec },
});

function ok(r: AdmissionResult): StatefulSet {
  if (!r.ok) throw new Error(r.error.message);
  return r.object as StatefulSet;
}
const message = (r: AdmissionResult): string => (r.ok ? '' : r.error.message);

describe('StatefulSet admission', () => {
  it('defaults: replicas 1, OrderedReady, RollingUpdate partition 0, history 10, Retain/Retain, template pod defaults; empty status', () => {
    const s = ok(admitCreate(manifest(), lookup));
    expect(s.spec).toMatchObject({
      replicas: 1, podManagementPolicy: 'OrderedReady', updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      revisionHistoryLimit: 10, persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
    });
    expect(s.spec.template.spec).toMatchObject({ restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', terminationGracePeriodSeconds: 30 });
    expect(s.status).toEqual({ replicas: 0, availableReplicas: 0 });
  });

  it('OnDelete keeps no rollingUpdate; a RollingUpdate with rollingUpdate gets partition 0', () => {
    expect(ok(admitCreate(manifest({ updateStrategy: { type: 'OnDelete' } }), lookup)).spec.updateStrategy).toEqual({ type: 'OnDelete' });
    expect(ok(admitCreate(manifest({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: {} } }), lookup)).spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { partition: 0 } });
  });

  it('rejects a selector that does not match the template, negative replicas, bad policies', () => {
    expect(message(admitCreate(manifest({ selector: { matchLabels: { app: 'db' } } }), lookup)))
      .toBe('StatefulSet.apps "web" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`');
    expect(message(admitCreate(manifest({ replicas: -1 }), lookup))).toBe('StatefulSet.apps "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0');
    expect(message(admitCreate(manifest({ podManagementPolicy: 'Random' }), lookup)))
      .toBe('StatefulSet.apps "web" is invalid: spec.podManagementPolicy: Invalid value: "Random": must be \'OrderedReady\' or \'Parallel\'');
    expect(message(admitCreate(manifest({ updateStrategy: { type: 'Recreate' } }), lookup)))
      .toBe('StatefulSet.apps "web" is invalid: spec.updateStrategy: Invalid value: apps.StatefulSetUpdateStrategy{Type:"Recreate", RollingUpdate:(*apps.RollingUpdateStatefulSetStrategy)(nil)}: must be \'RollingUpdate\' or \'OnDelete\'');
    expect(message(admitCreate(manifest({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: -2 } } }), lookup)))
      .toBe('StatefulSet.apps "web" is invalid: spec.updateStrategy.rollingUpdate.partition: Invalid value: -2: must be greater than or equal to 0');
    expect(message(admitCreate(manifest({ selector: undefined }), lookup))).toContain('spec.selector: Required value');
  });

  it('requires a DNS-1123 label name', () => {
    expect(message(admitCreate(manifest({}, 'web.v1'), lookup))).toContain('metadata.name: Invalid value: "web.v1": a lowercase RFC 1123 label must consist of');
  });

  it('update: replicas, template, updateStrategy, minReadySeconds may change; the rest is forbidden', () => {
    const old = ok(admitCreate(manifest({ replicas: 2 }), lookup)) as KObject;
    const scaled = ok(admitUpdate({ ...manifest({ replicas: 5 }) }, old, lookup));
    expect(scaled.spec.replicas).toBe(5);
    expect(message(admitUpdate(manifest({ replicas: 2, serviceName: 'other' }), old, lookup))).toBe(
      "StatefulSet.apps \"web\" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden");
    expect(admitUpdate(manifest({ replicas: 2, minReadySeconds: 5, updateStrategy: { type: 'OnDelete' } }), old, lookup).ok).toBe(true);
  });
});
