// PodDisruptionBudget (policy/v1) on the API server: PrepareForCreate, validation on create and
// update. Follows pkg/apis/policy/validation/validation.go, pkg/registry/policy/poddisruptionbudget/strategy.go
// and rest.BeforeCreate/BeforeUpdate (v1.28). Differs: AllowInvalidLabelValueInSelector is never set.
import { fieldErr, go, path, type FieldError } from './errors.js';
import { isValidPercent, validateLabelSelector, validateNonnegativeField, validateObjectMeta, validateObjectMetaUpdate } from './names.js';
import type { IntOrString, PodDisruptionBudget } from './types.js';

/** UnhealthyPodEvictionPolicy values (policy/v1). There is no default: unset = IfHealthyBudget's behaviour. */
export const IF_HEALTHY_BUDGET = 'IfHealthyBudget';
export const ALWAYS_ALLOW = 'AlwaysAllow';
const SUPPORTED_UNHEALTHY_POD_EVICTION_POLICIES = [ALWAYS_ALLOW, IF_HEALTHY_BUDGET]; // sets.NewString(...).List(): sorted

/**
 * path.ValidatePathSegmentName: the only rule the generic registry applies to the names of kinds
 * whose strategy does not validate ObjectMeta itself (PodDisruptionBudget is one).
 */
export function validatePathSegmentName(name: string, prefix: boolean): string[] {
  if (!prefix) {
    for (const bad of ['.', '..']) if (name === bad) return [`may not be '${bad}'`];
  }
  const errs: string[] = [];
  for (const bad of ['/', '%']) if (name.includes(bad)) errs.push(`may not contain '${bad}'`);
  return errs;
}

/** apps validation.ValidatePositiveIntOrPercent. */
function validatePositiveIntOrPercent(v: IntOrString, fldPath: string): FieldError[] {
  if (typeof v === 'string') return isValidPercent(v).map((m) => fieldErr.invalid(fldPath, go.intOrString(v), m));
  return validateNonnegativeField(v, fldPath);
}

/** apps validation.IsNotMoreThan100Percent (only valid percentages are checked). */
function isNotMoreThan100Percent(v: IntOrString, fldPath: string): FieldError[] {
  if (typeof v !== 'string' || isValidPercent(v).length > 0) return [];
  return Number(v.slice(0, -1)) <= 100 ? [] : [fieldErr.invalid(fldPath, go.intOrString(v), 'must not be greater than 100%')];
}

/**
 * ValidatePodDisruptionBudgetSpec. The mutual-exclusion error prints the internal spec struct
 * with %#v: its pointers as addresses (kreplay prints a fixed one).
 */
export function validatePodDisruptionBudgetSpec(spec: PodDisruptionBudget['spec'], fldPath = 'spec'): FieldError[] {
  const s = spec ?? {};
  const errs: FieldError[] = [];
  if (s.minAvailable !== undefined && s.maxUnavailable !== undefined) {
    const goSpec = go.struct('policy.PodDisruptionBudgetSpec', [
      ['MinAvailable', go.ptr('intstr.IntOrString', false)],
      ['Selector', go.ptr('v1.LabelSelector', s.selector === undefined)],
      ['MaxUnavailable', go.ptr('intstr.IntOrString', false)],
      ['UnhealthyPodEvictionPolicy', go.ptr('policy.UnhealthyPodEvictionPolicyType', s.unhealthyPodEvictionPolicy === undefined)],
    ]);
    errs.push(fieldErr.invalid(fldPath, goSpec, 'minAvailable and maxUnavailable cannot be both set'));
  }
  if (s.minAvailable !== undefined) {
    errs.push(...validatePositiveIntOrPercent(s.minAvailable, path.child(fldPath, 'minAvailable')));
    errs.push(...isNotMoreThan100Percent(s.minAvailable, path.child(fldPath, 'minAvailable')));
  }
  if (s.maxUnavailable !== undefined) {
    errs.push(...validatePositiveIntOrPercent(s.maxUnavailable, path.child(fldPath, 'maxUnavailable')));
    errs.push(...isNotMoreThan100Percent(s.maxUnavailable, path.child(fldPath, 'maxUnavailable')));
  }
  errs.push(...validateLabelSelector(s.selector, path.child(fldPath, 'selector')));
  const policy = s.unhealthyPodEvictionPolicy;
  if (policy !== undefined && !SUPPORTED_UNHEALTHY_POD_EVICTION_POLICIES.includes(policy)) {
    errs.push(fieldErr.notSupported(path.child(fldPath, 'unhealthyPodEvictionPolicy'), go.str(policy), SUPPORTED_UNHEALTHY_POD_EVICTION_POLICIES));
  }
  return errs;
}

/**
 * Create: strategy.Validate (the spec); only when it passes, rest.BeforeCreate's generic
 * ObjectMeta validation with path-segment names ("web_pdb" and "Web" are valid PDB names).
 */
export function validatePodDisruptionBudget(pdb: PodDisruptionBudget): FieldError[] {
  const errs = validatePodDisruptionBudgetSpec(pdb.spec);
  if (errs.length > 0) return errs;
  return validateObjectMeta(pdb.metadata, true, validatePathSegmentName);
}

/**
 * Update (the spec is mutable since v1.15): rest.BeforeUpdate's validateCommonFields (ObjectMeta
 * and its immutable fields), then strategy.ValidateUpdate (the spec), in one list.
 */
export function validatePodDisruptionBudgetUpdate(next: PodDisruptionBudget, old: PodDisruptionBudget): FieldError[] {
  return [
    ...validateObjectMeta(next.metadata, true, validatePathSegmentName),
    ...validateObjectMetaUpdate(next.metadata, old.metadata),
    ...validatePodDisruptionBudgetSpec(next.spec),
  ];
}

/**
 * strategy.PrepareForCreate: a new budget has an empty status (its four counts 0, which policy/v1
 * serialises), whatever the request carried. Not hooked into admission.ts (outside this file's
 * owner's edits): admitCreate should call it for PodDisruptionBudget.
 */
export function preparePodDisruptionBudgetForCreate(pdb: PodDisruptionBudget): PodDisruptionBudget {
  return { ...pdb, status: { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 } };
}
