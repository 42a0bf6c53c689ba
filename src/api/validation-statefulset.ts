// StatefulSet (apps/v1) on the API server: validation on create and update. Follows
// pkg/apis/apps/validation/validation.go (ValidateStatefulSet*, v1.28; MaxUnavailableStatefulSet off).
// Differs: as upstream, the template's pod spec is not validated (only labels and annotations).
import { fieldErr, go, path, type FieldError, type GoValue } from './errors.js';
import { fromLabelSelector, matches } from './labels.js';
import {
  goLabelSelector, isValidPercent, nameIsDNSLabel, validateAnnotations, validateLabels, validateLabelSelector,
  validateNonnegativeField, validateObjectMeta, validateObjectMetaUpdate,
} from './names.js';
import type { IntOrString, LabelSelector, PodTemplateSpec, StatefulSet, StatefulSetSpec } from './types.js';
import { semanticEqual, validatePodSpecificAnnotations } from './validation.js';

/** The message of ValidateStatefulSetUpdate for a change to an immutable spec field (v1.28). */
export const STATEFULSET_SPEC_FORBIDDEN =
  "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";

/** The %#v of the internal apps.StatefulSetUpdateStrategy. */
function goUpdateStrategy(s: StatefulSetSpec['updateStrategy']): GoValue {
  return go.struct('apps.StatefulSetUpdateStrategy', [
    ['Type', go.str(s?.type ?? '')],
    ['RollingUpdate', go.ptr('apps.RollingUpdateStatefulSetStrategy', !s?.rollingUpdate)],
  ]);
}

/** The %#v of a *apps.RollingUpdateStatefulSetStrategy (dereferenced at the top level). */
function goRollingUpdate(ru: NonNullable<StatefulSetSpec['updateStrategy']>['rollingUpdate']): GoValue {
  return go.struct('apps.RollingUpdateStatefulSetStrategy', [
    ['Partition', go.int(ru?.partition ?? 0)],
    ['MaxUnavailable', go.ptr('intstr.IntOrString', ru?.maxUnavailable === undefined)],
  ]);
}

/** getIntOrPercentValue: the int, or the number before "%" (0 when it does not parse). */
function intOrPercentValue(v: IntOrString): number {
  if (typeof v === 'number') return v;
  const n = Number.parseInt(v.endsWith('%') ? v.slice(0, -1) : v, 10);
  return Number.isNaN(n) ? 0 : n;
}

/** validateRollingUpdateStatefulSet: partition ≥ 0; maxUnavailable (when set) positive, ≤ 100%. */
function validateRollingUpdateStatefulSet(ru: NonNullable<NonNullable<StatefulSetSpec['updateStrategy']>['rollingUpdate']>, fldPath: string): FieldError[] {
  const errs = validateNonnegativeField(ru.partition ?? 0, path.child(fldPath, 'partition'));
  const mu = ru.maxUnavailable;
  if (mu !== undefined) {
    const p = path.child(fldPath, 'maxUnavailable');
    if (typeof mu === 'string') errs.push(...isValidPercent(mu).map((m) => fieldErr.invalid(p, go.intOrString(mu), m)));
    else errs.push(...validateNonnegativeField(mu, p));
    if (intOrPercentValue(mu) === 0) errs.push(fieldErr.invalid(p, go.intOrString(mu), 'cannot be 0'));
    if (typeof mu === 'string' && isValidPercent(mu).length === 0 && intOrPercentValue(mu) > 100) {
      errs.push(fieldErr.invalid(p, go.intOrString(mu), 'must not be greater than 100%'));
    }
  }
  return errs;
}

function validateRetentionPolicyType(v: string | undefined, fldPath: string): FieldError[] {
  return v === 'Retain' || v === 'Delete' ? [] : [fieldErr.notSupported(fldPath, go.str(v ?? ''), ['Retain', 'Delete'])];
}

/** ValidatePodTemplateSpecForStatefulSet: the selector matches the labels; labels and annotations are valid. */
function validatePodTemplateSpecForStatefulSet(t: PodTemplateSpec, selector: LabelSelector | undefined, fldPath: string): FieldError[] {
  const errs: FieldError[] = [];
  const labels = t.metadata?.labels;
  // A nil selector is labels.Nothing() (not empty, matches nothing); {} is Everything() (empty).
  const empty = !!selector && Object.keys(selector.matchLabels ?? {}).length + (selector.matchExpressions ?? []).length === 0;
  if (!empty && !(selector && matches(fromLabelSelector(selector), labels))) {
    errs.push(fieldErr.invalid(path.child(fldPath, 'metadata', 'labels'), go.labels(labels), '`selector` does not match template `labels`'));
  }
  errs.push(...validateLabels(labels, path.child(fldPath, 'labels')));
  errs.push(...validateAnnotations(t.metadata?.annotations, path.child(fldPath, 'annotations')));
  errs.push(...validatePodSpecificAnnotations(t.metadata?.annotations, path.child(fldPath, 'annotations')));
  return errs;
}

function selectorParses(sel: LabelSelector | undefined): boolean {
  try {
    fromLabelSelector(sel);
    return true;
  } catch {
    return false;
  }
}

/** ValidateStatefulSetSpec. */
export function validateStatefulSetSpec(spec: StatefulSetSpec, fldPath = 'spec'): FieldError[] {
  const errs: FieldError[] = [];
  const pmp = spec.podManagementPolicy ?? '';
  if (pmp === '') errs.push(fieldErr.required(path.child(fldPath, 'podManagementPolicy')));
  else if (pmp !== 'OrderedReady' && pmp !== 'Parallel') {
    errs.push(fieldErr.invalid(path.child(fldPath, 'podManagementPolicy'), go.str(pmp), "must be 'OrderedReady' or 'Parallel'"));
  }
  const us = spec.updateStrategy;
  switch (us?.type ?? '') {
    case '': errs.push(fieldErr.required(path.child(fldPath, 'updateStrategy'))); break;
    case 'OnDelete':
      if (us?.rollingUpdate) errs.push(fieldErr.invalid(path.child(fldPath, 'updateStrategy', 'rollingUpdate'), goRollingUpdate(us.rollingUpdate), "only allowed for updateStrategy 'RollingUpdate'"));
      break;
    case 'RollingUpdate':
      if (us?.rollingUpdate) errs.push(...validateRollingUpdateStatefulSet(us.rollingUpdate, path.child(fldPath, 'updateStrategy', 'rollingUpdate')));
      break;
    default: errs.push(fieldErr.invalid(path.child(fldPath, 'updateStrategy'), goUpdateStrategy(us), "must be 'RollingUpdate' or 'OnDelete'"));
  }
  const retention = spec.persistentVolumeClaimRetentionPolicy;
  if (retention) {
    const p = path.child(fldPath, 'persistentVolumeClaimRetentionPolicy');
    errs.push(...validateRetentionPolicyType(retention.whenDeleted, path.child(p, 'whenDeleted')));
    errs.push(...validateRetentionPolicyType(retention.whenScaled, path.child(p, 'whenScaled')));
  }
  errs.push(...validateNonnegativeField(spec.replicas ?? 0, path.child(fldPath, 'replicas')));
  errs.push(...validateNonnegativeField(spec.minReadySeconds ?? 0, path.child(fldPath, 'minReadySeconds')));
  if (spec.ordinals) errs.push(...validateNonnegativeField(spec.ordinals.start ?? 0, path.child(fldPath, 'ordinals.start')));
  const selPath = path.child(fldPath, 'selector');
  const sel = spec.selector;
  if (!sel) errs.push(fieldErr.required(selPath));
  else {
    errs.push(...validateLabelSelector(sel, selPath));
    if (Object.keys(sel.matchLabels ?? {}).length + (sel.matchExpressions ?? []).length === 0) {
      errs.push(fieldErr.invalid(selPath, goLabelSelector(sel), 'empty selector is invalid for statefulset'));
    }
  }
  const t = spec.template ?? ({ spec: {} } as PodTemplateSpec);
  if (!selectorParses(sel)) errs.push(fieldErr.invalid(selPath, goLabelSelector(sel!), ''));
  else errs.push(...validatePodTemplateSpecForStatefulSet(t, sel, path.child(fldPath, 'template')));
  const rp = t.spec?.restartPolicy ?? '';
  if (rp !== 'Always') errs.push(fieldErr.notSupported(path.child(fldPath, 'template', 'spec', 'restartPolicy'), go.str(rp), ['Always']));
  if (t.spec?.activeDeadlineSeconds !== undefined) {
    errs.push(fieldErr.forbidden(path.child(fldPath, 'template', 'spec', 'activeDeadlineSeconds'), 'activeDeadlineSeconds in StatefulSet is not Supported'));
  }
  return errs;
}

/** ValidateStatefulSet: the name is a DNS-1123 label (ValidateStatefulSetName), then the spec. */
export function validateStatefulSet(ss: StatefulSet): FieldError[] {
  return [...validateObjectMeta(ss.metadata, true, nameIsDNSLabel), ...validateStatefulSetSpec(ss.spec)];
}

/**
 * ValidateStatefulSetUpdate: metadata update rules, the new spec, and no change outside replicas,
 * ordinals, template, updateStrategy, persistentVolumeClaimRetentionPolicy and minReadySeconds
 * (Semantic.DeepEqual of the rest: selector, serviceName, volumeClaimTemplates, podManagementPolicy,
 * revisionHistoryLimit).
 */
export function validateStatefulSetUpdate(next: StatefulSet, old: StatefulSet): FieldError[] {
  const errs = [...validateObjectMetaUpdate(next.metadata, old.metadata), ...validateStatefulSetSpec(next.spec)];
  const mutable = ['replicas', 'template', 'updateStrategy', 'minReadySeconds', 'ordinals', 'persistentVolumeClaimRetentionPolicy'];
  const rest = (s: StatefulSetSpec): Record<string, unknown> => {
    const out: Record<string, unknown> = { ...s };
    for (const k of mutable) delete out[k];
    return out;
  };
  if (!semanticEqual(rest(next.spec), rest(old.spec))) errs.push(fieldErr.forbidden('spec', STATEFULSET_SPEC_FORBIDDEN));
  return errs;
}
