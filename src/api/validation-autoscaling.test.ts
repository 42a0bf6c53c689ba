// HorizontalPodAutoscaler on the API server after pkg/apis/autoscaling/validation/validation_test.go
// (TestValidateHorizontalPodAutoscaler, TestValidateHorizontalPodAutoscalerUpdate; v1.28), with the
// apiserver's messages; decoding (strict, autoscaling/v1 conversion) and admission.
import { describe, expect, it } from 'vitest';
import { admitCreate, admitUpdate } from './admission.js';
import { fieldErrorString, goSyntax, kubectlMessage } from './errors.js';
import { parseManifest } from './scheme.js';
import type { HorizontalPodAutoscaler, KObject, Namespace } from './types.js';
import { goQuantity } from './validation-autoscaling.js';
import { validateObject, validateObjectUpdate } from './validation.js';
import { setObjectDefaults } from './defaults.js';

const REF = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' };
const cpu = (target: Record<string, unknown>): Record<string, unknown> => ({ type: 'Resource', resource: { name: 'cpu', target } });

function hpa(spec: Record<string, unknown>, name = 'web'): HorizontalPodAutoscaler {
  return setObjectDefaults({ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name, namespace: 'default' }, spec } as unknown as HorizontalPodAutoscaler);
}

const errors = (o: KObject): string[] => validateObject(o).map(fieldErrorString);
const ns: Namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' }, status: { phase: 'Active' } };
const lookup = (kind: string, _ns: string, name: string): KObject | undefined => (kind === 'Namespace' && name === 'default' ? ns : undefined);
const Q = (s: string, value: number, scale = 0, format = 'DecimalSI', dec = '(*inf.Dec)(nil)'): string =>
  `resource.Quantity{i:resource.int64Amount{value:${value}, scale:${scale}}, d:resource.infDecAmount{Dec:${dec}}, s:"${s}", Format:"${format}"}`;

describe('HorizontalPodAutoscaler validation (create)', () => {
  it.each<[string, Record<string, unknown>]>([
    ['the defaults (cpu 80 %, min 1)', { scaleTargetRef: REF, maxReplicas: 10 }],
    ['min = max', { scaleTargetRef: REF, minReplicas: 3, maxReplicas: 3 }],
    ['cpu utilization', { scaleTargetRef: REF, maxReplicas: 5, metrics: [cpu({ type: 'Utilization', averageUtilization: 50 })] }],
    ['memory average value', { scaleTargetRef: REF, maxReplicas: 5, metrics: [{ type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '200Mi' } } }] }],
    ['container cpu', { scaleTargetRef: REF, maxReplicas: 5, metrics: [{ type: 'ContainerResource', containerResource: { name: 'cpu', container: 'app', target: { type: 'Utilization', averageUtilization: 60 } } }] }],
    ['pods metric', { scaleTargetRef: REF, maxReplicas: 5, metrics: [{ type: 'Pods', pods: { metric: { name: 'rps' }, target: { type: 'AverageValue', averageValue: '100' } } }] }],
    ['object metric', { scaleTargetRef: REF, maxReplicas: 5, metrics: [{ type: 'Object', object: { describedObject: { kind: 'Service', name: 'web' }, metric: { name: 'rps' }, target: { type: 'Value', value: '10k' } } }] }],
    ['external metric', { scaleTargetRef: REF, maxReplicas: 5, metrics: [{ type: 'External', external: { metric: { name: 'queue', selector: { matchLabels: { q: 'a' } } }, target: { type: 'AverageValue', averageValue: '30' } } }] }],
    ['a behavior (defaults fill the rest)', { scaleTargetRef: REF, maxReplicas: 5, behavior: { scaleDown: { stabilizationWindowSeconds: 0, selectPolicy: 'Disabled' } } }],
    ['a full behavior', { scaleTargetRef: REF, maxReplicas: 5, behavior: { scaleUp: { stabilizationWindowSeconds: 3600, selectPolicy: 'Min', policies: [{ type: 'Pods', value: 1, periodSeconds: 1800 }] } } }],
  ])('accepts %s', (_, spec) => {
    expect(errors(hpa(spec))).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    ['minReplicas 0 (HPAScaleToZero is off)', { scaleTargetRef: REF, minReplicas: 0, maxReplicas: 5 }, [
      'spec.minReplicas: Invalid value: 0: must be greater than or equal to 1',
      'spec.metrics: Forbidden: must specify at least one Object or External metric to support scaling to zero replicas',
    ]],
    ['maxReplicas 0', { scaleTargetRef: REF, maxReplicas: 0 }, [
      'spec.maxReplicas: Invalid value: 0: must be greater than 0',
      'spec.maxReplicas: Invalid value: 0: must be greater than or equal to `minReplicas`',
    ]],
    ['minReplicas above maxReplicas', { scaleTargetRef: REF, minReplicas: 7, maxReplicas: 5 }, ['spec.maxReplicas: Invalid value: 5: must be greater than or equal to `minReplicas`']],
    ['no scaleTargetRef', { maxReplicas: 5 }, ['spec.scaleTargetRef.kind: Required value', 'spec.scaleTargetRef.name: Required value']],
    ['a scaleTargetRef name with a slash', { scaleTargetRef: { kind: 'Deployment', name: 'a/b' }, maxReplicas: 5 }, [`spec.scaleTargetRef.name: Invalid value: "a/b": may not contain '/'`]],
    ['a scaleTargetRef kind ".."', { scaleTargetRef: { kind: '..', name: 'web' }, maxReplicas: 5 }, [`spec.scaleTargetRef.kind: Invalid value: "..": may not be '..'`]],
    ['averageUtilization 0', { scaleTargetRef: REF, maxReplicas: 5, metrics: [cpu({ type: 'Utilization', averageUtilization: 0 })] }, [
      'spec.metrics[0].resource.target.averageUtilization: Invalid value: 0: must be greater than 0',
    ]],
    ['a negative averageValue', { scaleTargetRef: REF, maxReplicas: 5, metrics: [cpu({ type: 'AverageValue', averageValue: '-1' })] }, [
      `spec.metrics[0].resource.target.averageValue: Invalid value: ${Q('-1', -1)}: must be positive`,
    ]],
    ['a zero value', { scaleTargetRef: REF, maxReplicas: 5, metrics: [{ type: 'Object', object: { describedObject: { kind: 'Service', name: 'web' }, metric: { name: 'rps' }, target: { type: 'Value', value: 0 } } }] }, [
      `spec.metrics[0].object.target.value: Invalid value: ${Q('0', 0)}: must be positive`,
    ]],
    ['an unknown target type', { scaleTargetRef: REF, maxReplicas: 5, metrics: [cpu({ type: 'Percent', averageUtilization: 50 })] }, [
      'spec.metrics[0].resource.target.type: Invalid value: "Percent": must be either Utilization, Value, or AverageValue',
    ]],
    ['no target type', { scaleTargetRef: REF, maxReplicas: 5, metrics: [cpu({ averageUtilization: 50 })] }, [
      'spec.metrics[0].resource.target.type: Required value: must specify a metric target type',
      'spec.metrics[0].resource.target.type: Invalid value: "": must be either Utilization, Value, or AverageValue',
    ]],
    ['a resource metric with neither utilization nor average value', { scaleTargetRef: REF, maxReplicas: 5, metrics: [cpu({ type: 'Value', value: '1' })] }, [
      'spec.metrics[0].resource.target.averageUtilization: Required value: must set either a target raw value or a target utilization',
    ]],
    ['a resource metric with both', { scaleTargetRef: REF, maxReplicas: 5, metrics: [cpu({ type: 'Utilization', averageUtilization: 50, averageValue: '100m' })] }, [
      'spec.metrics[0].resource.target.averageValue: Forbidden: may not set both a target raw value and a target utilization',
    ]],
    ['a resource metric without a name', { scaleTargetRef: REF, maxReplicas: 5, metrics: [{ type: 'Resource', resource: { target: { type: 'Utilization', averageUtilization: 50 } } }] }, [
      'spec.metrics[0].resource.name: Required value: must specify a resource name',
    ]],
    ['Utilization on a pods metric (only resource metrics have it)', { scaleTargetRef: REF, maxReplicas: 5, metrics: [{ type: 'Pods', pods: { metric: { name: 'rps' }, target: { type: 'Utilization', averageUtilization: 50 } } }] }, [
      'spec.metrics[0].pods.target.averageValue: Required value: must specify a positive target averageValue',
    ]],
    ['a pods metric without a name', { scaleTargetRef: REF, maxReplicas: 5, metrics: [{ type: 'Pods', pods: { metric: {}, target: { type: 'AverageValue', averageValue: '1' } } }] }, [
      'spec.metrics[0].pods.metric.name: Required value: must specify a metric name',
    ]],
    ['an object metric without a value', { scaleTargetRef: REF, maxReplicas: 5, metrics: [{ type: 'Object', object: { describedObject: { kind: 'Service' }, metric: { name: 'a%b' }, target: { type: 'Value' } } }] }, [
      'spec.metrics[0].object.describedObject.name: Required value',
      `spec.metrics[0].object.metric.name: Invalid value: "a%b": may not contain '%'`,
      'spec.metrics[0].object.target.averageValue: Required value: must set either a target value or averageValue',
    ]],
    ['an external metric with both value and averageValue', { scaleTargetRef: REF, maxReplicas: 5, metrics: [{ type: 'External', external: { metric: { name: 'q' }, target: { type: 'Value', value: '1', averageValue: '1' } } }] }, [
      'spec.metrics[0].external.target.value: Forbidden: may not set both a target value for metric and a per-pod target',
    ]],
    ['an external metric with neither', { scaleTargetRef: REF, maxReplicas: 5, metrics: [{ type: 'External', external: { metric: { name: 'q' }, target: { type: 'Value' } } }] }, [
      'spec.metrics[0].external.target.averageValue: Required value: must set either a target value for metric or a per-pod target',
    ]],
    ['a container resource with a bad name and container', { scaleTargetRef: REF, maxReplicas: 5, metrics: [{ type: 'ContainerResource', containerResource: { name: 'pods', container: 'App', target: { type: 'Utilization', averageUtilization: 50 } } }] }, [
      'spec.metrics[0].containerResource.name: Invalid value: "pods": must be a standard resource for containers',
      `spec.metrics[0].containerResource.container: Invalid value: "App": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
    ]],
    ['a container resource without name or container', { scaleTargetRef: REF, maxReplicas: 5, metrics: [{ type: 'ContainerResource', containerResource: { target: { type: 'AverageValue', averageValue: '1' } } }] }, [
      'spec.metrics[0].containerResource.name: Required value: must specify a resource name',
      'spec.metrics[0].containerResource.container: Required value: must specify a container',
    ]],
    ['an unknown metric type', { scaleTargetRef: REF, maxReplicas: 5, metrics: [{ type: 'Cpu', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 5 } } }] }, [
      'spec.metrics[0].type: Unsupported value: "Cpu": supported values: "ContainerResource", "External", "Object", "Pods", "Resource"',
      'spec.metrics[0].type: Unsupported value: "Cpu": supported values: "ContainerResource", "External", "Object", "Pods", "Resource"',
    ]],
    ['no metric type', { scaleTargetRef: REF, maxReplicas: 5, metrics: [{ resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 5 } } }] }, [
      'spec.metrics[0].type: Required value: must specify a metric source type',
      'spec.metrics[0].type: Unsupported value: "": supported values: "ContainerResource", "External", "Object", "Pods", "Resource"',
      'spec.metrics[0].type: Unsupported value: "": supported values: "ContainerResource", "External", "Object", "Pods", "Resource"',
    ]],
    ['a type that does not match its source', { scaleTargetRef: REF, maxReplicas: 5, metrics: [{ type: 'Pods', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 5 } } }] }, [
      'spec.metrics[0].pods: Required value: must populate information for the given metric source',
    ]],
    ['two sources (only the first is validated)', { scaleTargetRef: REF, maxReplicas: 5, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 0 } }, object: { describedObject: { kind: 'Service', name: 'web' }, metric: { name: 'rps' }, target: { type: 'Value', value: '1' } } }] }, [
      'spec.metrics[0].object: Forbidden: must populate the given metric source only',
    ]],
    ['a stabilization window below 0 and above an hour', { scaleTargetRef: REF, maxReplicas: 5, behavior: { scaleUp: { stabilizationWindowSeconds: -1 }, scaleDown: { stabilizationWindowSeconds: 3601 } } }, [
      'spec.behavior.scaleUp.stabilizationWindowSeconds: Invalid value: -1: must be greater than or equal to zero',
      'spec.behavior.scaleDown.stabilizationWindowSeconds: Invalid value: 3601: must be less than or equal to 3600',
    ]],
    ['an unknown selectPolicy', { scaleTargetRef: REF, maxReplicas: 5, behavior: { scaleDown: { selectPolicy: 'Average' } } }, [
      'spec.behavior.scaleDown.selectPolicy: Unsupported value: "Average": supported values: "Disabled", "Max", "Min"',
    ]],
    ['an empty policy list (also when Disabled)', { scaleTargetRef: REF, maxReplicas: 5, behavior: { scaleDown: { selectPolicy: 'Disabled', policies: [] } } }, [
      'spec.behavior.scaleDown.policies: Required value: must specify at least one Policy',
    ]],
    ['bad policies', { scaleTargetRef: REF, maxReplicas: 5, behavior: { scaleUp: { policies: [{ type: 'Replicas', value: 0, periodSeconds: 0 }, { type: 'Percent', value: -5, periodSeconds: 1801 }] } } }, [
      'spec.behavior.scaleUp.policies[0].type: Unsupported value: "Replicas": supported values: "Percent", "Pods"',
      'spec.behavior.scaleUp.policies[0].value: Invalid value: 0: must be greater than zero',
      'spec.behavior.scaleUp.policies[0].periodSeconds: Invalid value: 0: must be greater than zero',
      'spec.behavior.scaleUp.policies[1].value: Invalid value: -5: must be greater than zero',
      'spec.behavior.scaleUp.policies[1].periodSeconds: Invalid value: 1801: must be less than or equal to 1800',
    ]],
  ])('rejects %s', (_, spec, want) => {
    expect(errors(hpa(spec))).toEqual(want);
  });

  it('validates the name as a DNS subdomain, before the spec', () => {
    expect(errors(hpa({ scaleTargetRef: REF, maxReplicas: 0 }, 'Web_1'))).toEqual([
      `metadata.name: Invalid value: "Web_1": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
      'spec.maxReplicas: Invalid value: 0: must be greater than 0',
      'spec.maxReplicas: Invalid value: 0: must be greater than or equal to `minReplicas`',
    ]);
  });
});

describe('HorizontalPodAutoscaler validation (update)', () => {
  const old = hpa({ scaleTargetRef: REF, maxReplicas: 5 });
  it('validates the new spec and the immutable metadata', () => {
    const next = hpa({ scaleTargetRef: REF, minReplicas: 6, maxReplicas: 5 });
    expect(validateObjectUpdate(next, old).map(fieldErrorString)).toEqual(['spec.maxReplicas: Invalid value: 5: must be greater than or equal to `minReplicas`']);
    const renamed = { ...next, metadata: { ...next.metadata, name: 'other' }, spec: old.spec };
    expect(validateObjectUpdate(renamed, old).map(fieldErrorString)).toEqual(['metadata.name: Invalid value: "other": field is immutable']);
  });

  it('keeps minReplicas 0 allowed for an HPA that already has it (only the scale-to-zero metric rule applies)', () => {
    const zero = { ...old, spec: { ...old.spec, minReplicas: 0 } };
    expect(validateObjectUpdate(zero, zero).map(fieldErrorString)).toEqual([
      'spec.metrics: Forbidden: must specify at least one Object or External metric to support scaling to zero replicas',
    ]);
    expect(validateObjectUpdate(zero, old).map(fieldErrorString)[0]).toBe('spec.minReplicas: Invalid value: 0: must be greater than or equal to 1');
  });
});

describe('goQuantity: a *resource.Quantity as field.Invalid prints it (%#v of the parsed struct)', () => {
  it.each<[string, string]>([
    ['0', Q('0', 0)],
    ['-1', Q('-1', -1)],
    ['-500m', Q('-500m', -500, -3)],
    ['0m', Q('', 0, -3)],
    ['-0.5', Q('', -5, -1)],
    ['-1000', Q('', -1000)],
    ['-1Ki', Q('-1Ki', -1024, 0, 'BinarySI')],
    ['-1.5Gi', Q('', 0, 0, 'BinarySI', '(*inf.Dec)(0xc000010000)')],
    ['-1e3', Q('-1e3', -1, 3, 'DecimalExponent')],
    ['-0.0000000001', Q('', 0, 0, 'DecimalSI', '(*inf.Dec)(0xc000010000)')],
  ])('%s', (text, want) => {
    expect(goSyntax(goQuantity(text))).toBe(want);
  });
});

describe('HorizontalPodAutoscaler decoding and admission', () => {
  const manifest = (spec: Record<string, unknown>, apiVersion = 'autoscaling/v2', extra: Record<string, unknown> = {}): Record<string, unknown> =>
    ({ apiVersion, kind: 'HorizontalPodAutoscaler', metadata: { name: 'web' }, spec, ...extra });

  it('rejects unknown fields strictly, like the other kinds (the v2beta1 field names)', () => {
    const r = parseManifest(manifest({ scaleTargetRef: REF, maxReplicas: 3, metrics: [{ type: 'Resource', resource: { name: 'cpu', targetAverageUtilization: 50 } }] }), { file: 'hpa.yaml' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(kubectlMessage(r.error, 'creating', 'hpa.yaml')).toBe('Error from server (BadRequest): error when creating "hpa.yaml": HorizontalPodAutoscaler in version "v2" cannot be handled as a HorizontalPodAutoscaler: strict decoding error: unknown field "spec.metrics[0].resource.targetAverageUtilization"');
    expect(r.error.kind === 'api' && r.error.paths).toEqual(['spec.metrics[0].resource.targetAverageUtilization']);
  });

  it('reports a type error with the Go struct field', () => {
    const r = parseManifest(manifest({ scaleTargetRef: REF, maxReplicas: 'ten' }));
    expect(!r.ok && r.error.kind === 'api' && r.error.message).toBe('HorizontalPodAutoscaler in version "v2" cannot be handled as a HorizontalPodAutoscaler: json: cannot unmarshal string into Go struct field HorizontalPodAutoscalerSpec.spec.maxReplicas of type int32');
    const q = parseManifest(manifest({ scaleTargetRef: REF, maxReplicas: 3, metrics: [cpu({ type: 'AverageValue', averageValue: 'lots' })] }));
    expect(!q.ok && q.error.kind === 'api' && q.error.message).toMatch(/quantities must match the regular expression/);
  });

  it('create: defaults, status reset (PrepareForCreate), canonical quantities, round-trip annotations dropped', () => {
    const r = admitCreate(manifest({ scaleTargetRef: REF, maxReplicas: 4, metrics: [{ type: 'Pods', pods: { metric: { name: 'rps' }, target: { type: 'AverageValue', averageValue: '0.5' } } }] },
      'autoscaling/v2', { status: { currentReplicas: 9, desiredReplicas: 9 } }), lookup);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const o = r.object as HorizontalPodAutoscaler;
    expect([o.metadata.namespace, o.spec.minReplicas, o.spec.metrics?.[0]?.pods?.target.averageValue, o.status, o.spec.behavior]).toEqual(['default', 1, '500m', { currentReplicas: 0, desiredReplicas: 0 }, undefined]);
    const a = admitCreate({ ...manifest({ scaleTargetRef: REF, maxReplicas: 4 }), metadata: { name: 'web', annotations: { 'autoscaling.alpha.kubernetes.io/conditions': '[]', team: 'a' } } }, lookup);
    expect(a.ok && a.object.metadata.annotations).toEqual({ team: 'a' });
  });

  it('create: Invalid with every cause, as kubectl prints it', () => {
    const r = admitCreate(manifest({ scaleTargetRef: REF, minReplicas: 5, maxReplicas: 2 }), lookup);
    expect(!r.ok && kubectlMessage(r.error, 'creating')).toBe('The HorizontalPodAutoscaler "web" is invalid: spec.maxReplicas: Invalid value: 2: must be greater than or equal to `minReplicas`');
  });

  it('autoscaling/v1: targetCPUUtilizationPercentage becomes the cpu Utilization metric (Convert_v1_HorizontalPodAutoscaler…)', () => {
    const r = admitCreate(manifest({ scaleTargetRef: REF, maxReplicas: 4, targetCPUUtilizationPercentage: 50 }, 'autoscaling/v1'), lookup);
    expect(r.ok && r.object).toMatchObject({ apiVersion: 'autoscaling/v2', spec: { scaleTargetRef: REF, minReplicas: 1, maxReplicas: 4, metrics: [cpu({ type: 'Utilization', averageUtilization: 50 })] } });
    const d = admitCreate(manifest({ scaleTargetRef: REF, maxReplicas: 4 }, 'autoscaling/v1'), lookup);
    expect(d.ok && (d.object as HorizontalPodAutoscaler).spec.metrics).toEqual([cpu({ type: 'Utilization', averageUtilization: 80 })]);
    const z = admitCreate(manifest({ scaleTargetRef: REF, maxReplicas: 4, targetCPUUtilizationPercentage: 0 }, 'autoscaling/v1'), lookup);
    expect(!z.ok && kubectlMessage(z.error, 'creating')).toBe('The HorizontalPodAutoscaler "web" is invalid: spec.metrics[0].resource.target.averageUtilization: Invalid value: 0: must be greater than 0');
    const u = parseManifest(manifest({ scaleTargetRef: REF, maxReplicas: 4, metrics: [] }, 'autoscaling/v1'));
    expect(!u.ok && u.error.kind === 'api' && u.error.message).toBe('HorizontalPodAutoscaler in version "v1" cannot be handled as a HorizontalPodAutoscaler: strict decoding error: unknown field "spec.metrics"');
  });

  it('update: spec validated, status kept, quantities canonical', () => {
    const c = admitCreate(manifest({ scaleTargetRef: REF, maxReplicas: 4 }), lookup);
    if (!c.ok) throw new Error('create failed');
    const old = { ...c.object, metadata: { ...c.object.metadata, uid: 'u1', resourceVersion: '5', generation: 1 }, status: { currentReplicas: 2, desiredReplicas: 3 } } as HorizontalPodAutoscaler;
    const bad = admitUpdate({ ...old, spec: { ...old.spec, maxReplicas: 0 } }, old, lookup);
    expect(!bad.ok && kubectlMessage(bad.error, 'patching')).toMatch(/^The HorizontalPodAutoscaler "web" is invalid: \n\* spec\.maxReplicas: Invalid value: 0: must be greater than 0/);
    const ok = admitUpdate({ ...old, spec: { ...old.spec, metrics: [cpu({ type: 'AverageValue', averageValue: '0.25' })] }, status: {} }, old, lookup);
    expect(ok.ok && [(ok.object as HorizontalPodAutoscaler).spec.metrics?.[0]?.resource?.target.averageValue, ok.object.status, ok.object.metadata.generation]).toEqual(['250m', { currentReplicas: 2, desiredReplicas: 3 }, 2]);
    const same = admitUpdate({ ...old, spec: { ...old.spec } }, old, lookup);
    expect(same.ok && same.object.metadata.generation).toBe(1);
  });
});
