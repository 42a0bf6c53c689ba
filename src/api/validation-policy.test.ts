// PodDisruptionBudget validation after pkg/apis/policy/validation/validation_test.go
// (TestValidateMinAvailablePodDisruptionBudgetSpec, TestValidatePodDisruptionBudgetSpec,
// TestValidateUnhealthyPodEvictionPolicyDisruptionBudgetSpec; v1.28), with the apiserver's messages.
import { describe, expect, it } from 'vitest';
import { admitCreate, admitUpdate } from './admission.js';
import { fieldErrorString } from './errors.js';
import type { KObject, Namespace, PodDisruptionBudget } from './types.js';
import { validateObject, validateObjectUpdate } from './validation.js';
import { preparePodDisruptionBudgetForCreate, validatePathSegmentName } from './validation-policy.js';

const PERCENT = "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";

function pdb(spec: Record<string, unknown>, name = 'web'): PodDisruptionBudget {
  return { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name, namespace: 'default' }, spec } as unknown as PodDisruptionBudget;
}

const errors = (o: KObject): string[] => validateObject(o).map(fieldErrorString);
const ns: Namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' }, status: { phase: 'Active' } };
const lookup = (kind: string, _ns: string, name: string): KObject | undefined => (kind === 'Namespace' && name === 'default' ? ns : undefined);

describe('PodDisruptionBudget validation', () => {
  it.each<[string, Record<string, unknown>]>([
    ['minAvailable 0', { minAvailable: 0, selector: { matchLabels: { app: 'web' } } }],
    ['minAvailable 2', { minAvailable: 2 }],
    ['minAvailable 10%', { minAvailable: '10%' }],
    ['minAvailable 100%', { minAvailable: '100%' }],
    ['maxUnavailable 1', { maxUnavailable: 1 }],
    ['maxUnavailable 0%', { maxUnavailable: '0%' }],
    ['empty selector (matches every pod)', { minAvailable: 1, selector: {} }],
    ['no selector (matches no pod)', { minAvailable: 1 }],
    ['policy AlwaysAllow', { minAvailable: 1, unhealthyPodEvictionPolicy: 'AlwaysAllow' }],
    ['policy IfHealthyBudget', { minAvailable: 1, unhealthyPodEvictionPolicy: 'IfHealthyBudget' }],
  ])('accepts %s', (_, spec) => {
    expect(errors(pdb(spec))).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    ['minAvailable and maxUnavailable both set', { minAvailable: 1, maxUnavailable: 1, selector: { matchLabels: { app: 'web' } } }, [
      'spec: Invalid value: policy.PodDisruptionBudgetSpec{MinAvailable:(*intstr.IntOrString)(0xc000010000), Selector:(*v1.LabelSelector)(0xc000010000), MaxUnavailable:(*intstr.IntOrString)(0xc000010000), UnhealthyPodEvictionPolicy:(*policy.UnhealthyPodEvictionPolicyType)(nil)}: minAvailable and maxUnavailable cannot be both set',
    ]],
    ['both set, no selector, with a policy', { minAvailable: '10%', maxUnavailable: 0, unhealthyPodEvictionPolicy: 'AlwaysAllow' }, [
      'spec: Invalid value: policy.PodDisruptionBudgetSpec{MinAvailable:(*intstr.IntOrString)(0xc000010000), Selector:(*v1.LabelSelector)(nil), MaxUnavailable:(*intstr.IntOrString)(0xc000010000), UnhealthyPodEvictionPolicy:(*policy.UnhealthyPodEvictionPolicyType)(0xc000010000)}: minAvailable and maxUnavailable cannot be both set',
    ]],
    ['negative minAvailable', { minAvailable: -1 }, ['spec.minAvailable: Invalid value: -1: must be greater than or equal to 0']],
    ['negative maxUnavailable', { maxUnavailable: -2 }, ['spec.maxUnavailable: Invalid value: -2: must be greater than or equal to 0']],
    ['minAvailable over 100%', { minAvailable: '101%' }, ['spec.minAvailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"101%"}: must not be greater than 100%']],
    ['maxUnavailable over 100%', { maxUnavailable: '150%' }, ['spec.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"150%"}: must not be greater than 100%']],
    ['a number in a string', { minAvailable: '10' }, [`spec.minAvailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"10"}: ${PERCENT}`]],
    ['a negative percentage', { maxUnavailable: '-10%' }, [`spec.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"-10%"}: ${PERCENT}`]],
    ['unknown unhealthyPodEvictionPolicy', { minAvailable: 1, unhealthyPodEvictionPolicy: 'Never' }, [
      'spec.unhealthyPodEvictionPolicy: Unsupported value: "Never": supported values: "AlwaysAllow", "IfHealthyBudget"',
    ]],
    ['In without values', { minAvailable: 1, selector: { matchExpressions: [{ key: 'app', operator: 'In' }] } }, [
      "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
    ]],
    ['a bad label value', { minAvailable: 1, selector: { matchLabels: { app: 'a b' } } }, [
      "spec.selector.matchLabels: Invalid value: \"a b\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    ]],
  ])('rejects %s', (_, spec, want) => {
    expect(errors(pdb(spec))).toEqual(want);
  });

  it('checks names only as path segments, and only when the spec is valid (rest.BeforeCreate)', () => {
    expect(errors(pdb({ minAvailable: 1 }, 'Web_PDB'))).toEqual([]);
    expect(errors(pdb({ minAvailable: 1 }, 'a/b%c'))).toEqual(["metadata.name: Invalid value: \"a/b%c\": may not contain '/'", "metadata.name: Invalid value: \"a/b%c\": may not contain '%'"]);
    expect(errors(pdb({ minAvailable: 1 }, '..'))).toEqual(["metadata.name: Invalid value: \"..\": may not be '..'"]);
    expect(errors(pdb({ minAvailable: -1 }, 'a/b'))).toEqual(['spec.minAvailable: Invalid value: -1: must be greater than or equal to 0']);
    expect(validatePathSegmentName('..', true)).toEqual([]);
  });

  it('returns the apiserver message through admission', () => {
    const r = admitCreate(pdb({ minAvailable: 2, maxUnavailable: 1 }), lookup);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe(422);
      expect(r.error.message).toBe('PodDisruptionBudget.policy "web" is invalid: spec: Invalid value: policy.PodDisruptionBudgetSpec{MinAvailable:(*intstr.IntOrString)(0xc000010000), Selector:(*v1.LabelSelector)(nil), MaxUnavailable:(*intstr.IntOrString)(0xc000010000), UnhealthyPodEvictionPolicy:(*policy.UnhealthyPodEvictionPolicyType)(nil)}: minAvailable and maxUnavailable cannot be both set');
    }
    expect(admitCreate(pdb({ minAvailable: 2, selector: { matchLabels: { app: 'web' } } }), lookup).ok).toBe(true);
  });

  it('leaves unhealthyPodEvictionPolicy unset (no defaulting in policy/v1)', () => {
    const r = admitCreate(pdb({ minAvailable: 2 }), lookup);
    expect(r.ok && (r.object as PodDisruptionBudget).spec.unhealthyPodEvictionPolicy).toBe(undefined);
  });

  it('validates updates: the spec is mutable, identity is not', () => {
    const old = { ...pdb({ minAvailable: 2 }), metadata: { name: 'web', namespace: 'default', uid: 'u1', generation: 1, creationTimestamp: '2024-01-01T00:00:00Z' } } as PodDisruptionBudget;
    expect(validateObjectUpdate({ ...old, spec: { maxUnavailable: 1 } } as PodDisruptionBudget, old).map(fieldErrorString)).toEqual([]);
    expect(validateObjectUpdate({ ...old, spec: { maxUnavailable: '200%' } } as PodDisruptionBudget, old).map(fieldErrorString))
      .toEqual(['spec.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"200%"}: must not be greater than 100%']);
    const r = admitUpdate({ ...old, spec: { minAvailable: 3 } }, old, lookup);
    expect(r.ok && r.object.metadata.generation).toBe(2);
  });

  it('PrepareForCreate empties the status (policy/v1 serialises the four counts)', () => {
    const p = preparePodDisruptionBudgetForCreate({ ...pdb({ minAvailable: 1 }), status: { disruptionsAllowed: 5, currentHealthy: 5, desiredHealthy: 0, expectedPods: 5 } });
    expect(p.status).toEqual({ disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 });
  });
});
