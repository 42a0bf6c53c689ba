// HorizontalPodAutoscaler (autoscaling/v2) on the API server: validation on create and update,
// PrepareForCreate. Follows pkg/apis/autoscaling/validation/validation.go and
// pkg/registry/autoscaling/horizontalpodautoscaler/strategy.go (v1.28; HPAScaleToZero off,
// HPAContainerMetrics on). Differs: the Forbidden errors for extra metric sources come in a fixed
// order (Go ranges over a set); Quantity's inf.Dec pointer prints a fixed address.
import { compareQuantity } from './defaults.js';
import { fieldErr, go, path, type FieldError, type GoValue } from './errors.js';
import { isDNS1123Label, nameIsDNSSubdomain, validateObjectMeta, validateObjectMetaUpdate } from './names.js';
import { parseQuantityParts } from './quantity.js';
import { validateContainerResourceName as validateResourceName } from './resourcenames.js';
import type {
  CrossVersionObjectReference, HorizontalPodAutoscaler, HorizontalPodAutoscalerBehavior, HPAScalingPolicy, HPAScalingRules,
  MetricIdentifier, MetricSpec, MetricTarget,
} from './types.js';
import { validatePathSegmentName } from './validation-policy.js';

/** MaxPeriodSeconds: the longest scaling policy period. */
export const MAX_PERIOD_SECONDS = 1800;
/** MaxStabilizationWindowSeconds: the longest stabilization window (one hour). */
export const MAX_STABILIZATION_WINDOW_SECONDS = 3600;

// sets.NewString(...).List(): sorted
const VALID_METRIC_SOURCE_TYPES = ['ContainerResource', 'External', 'Object', 'Pods', 'Resource'];
const VALID_SELECT_POLICIES = ['Disabled', 'Max', 'Min'];
const VALID_POLICY_TYPES = ['Percent', 'Pods'];

// ------------------------------------------------------------------ Go values

const DECIMAL_EXP: Readonly<Record<string, number>> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_EXP: Readonly<Record<string, number>> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const INT64_MAX = 2n ** 63n - 1n;

/**
 * A *resource.Quantity as field.Invalid prints it: ErrorBody dereferences the pointer, and a
 * Quantity value is no Stringer (String has a pointer receiver), so fmt's %#v shows the struct
 * ParseQuantity built — the int64 fast path with `s` set when the text was canonical, else an
 * inf.Dec. `-1` → resource.Quantity{i:resource.int64Amount{value:-1, scale:0}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"-1", Format:"DecimalSI"}.
 */
export function goQuantity(text: string): GoValue {
  const struct = (value: bigint, scale: number, dec: boolean, s: string, format: string): GoValue => go.struct('resource.Quantity', [
    ['i', go.struct('resource.int64Amount', [['value', go.int(Number(value))], ['scale', go.int(scale)]])],
    ['d', go.struct('resource.infDecAmount', [['Dec', go.ptr('inf.Dec', !dec)]])],
    ['s', go.str(s)],
    ['Format', go.str(format)],
  ]);
  if (text === '0') return struct(0n, 0, false, '0', 'DecimalSI');
  const p = parseQuantityParts(text);
  if (!p) return go.str(text);
  // parseQuantityString: leading zeros of the numerator are dropped ("007" → "7", "0.5" → "" + "5")
  const [intRaw = '', denom = ''] = p.mantissa.split('.');
  const num = intRaw.replace(/^0+/, '') || '0';
  let format = 'DecimalSI';
  let exponent = 0;
  if (p.suffix in BINARY_EXP) {
    format = 'BinarySI';
    exponent = BINARY_EXP[p.suffix]!;
  } else if (p.suffix in DECIMAL_EXP) exponent = DECIMAL_EXP[p.suffix]!;
  else {
    format = 'DecimalExponent';
    exponent = Number(p.suffix.slice(1));
  }
  let precision: number;
  let scale = 0;
  let mantissa = 1n;
  if (format === 'BinarySI') {
    if (denom.length === 0) {
      mantissa = 1n << BigInt(exponent);
      precision = 15 - num.length - Math.trunc((exponent * 3) / 10) - 1;
    } else precision = -1;
  } else {
    scale = exponent;
    precision = 18 - (num.length + denom.length);
  }
  if (precision >= 0) {
    scale -= denom.length;
    if (scale >= -9) {
      const shifted = num + denom;
      const value = BigInt(shifted);
      const result = value * mantissa;
      if (value <= INT64_MAX && result <= INT64_MAX) {
        const signed = p.negative ? -result : result;
        const canonical = format === 'BinarySI'
          ? exponent % 10 === 0 && (value & 7n) !== 0n
          : scale % 3 === 0 && !shifted.endsWith('000') && shifted[0] !== '0';
        return struct(signed, scale, false, canonical ? text : '', format);
      }
    }
  }
  // The slow path keeps the amount in an inf.Dec; a binary amount below 1 becomes DecimalSI.
  return struct(0n, 0, true, '', format === 'BinarySI' && compareQuantity(text, 1) < 0 && compareQuantity(text, 0) > 0 ? 'DecimalSI' : format);
}

/** Quantity.Sign(): -1, 0 or 1. */
const sign = (q: string): number => compareQuantity(q, 0);

// ------------------------------------------------------------------ references and metrics

/** ValidateCrossVersionObjectReference: kind and name required, each a valid path segment. */
export function validateCrossVersionObjectReference(ref: Partial<CrossVersionObjectReference> | undefined, fldPath: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const f of ['kind', 'name'] as const) {
    const v = ref?.[f] ?? '';
    if (v === '') errs.push(fieldErr.required(path.child(fldPath, f)));
    else for (const msg of validatePathSegmentName(v, false)) errs.push(fieldErr.invalid(path.child(fldPath, f), go.str(v), msg));
  }
  return errs;
}

function validateMetricTarget(mt: Partial<MetricTarget> | undefined, fldPath: string): FieldError[] {
  const errs: FieldError[] = [];
  const type = mt?.type ?? '';
  if (type === '') errs.push(fieldErr.required(path.child(fldPath, 'type'), 'must specify a metric target type'));
  if (type !== 'Utilization' && type !== 'Value' && type !== 'AverageValue') {
    errs.push(fieldErr.invalid(path.child(fldPath, 'type'), go.str(type), 'must be either Utilization, Value, or AverageValue'));
  }
  if (mt?.value !== undefined && sign(mt.value) !== 1) errs.push(fieldErr.invalid(path.child(fldPath, 'value'), goQuantity(String(mt.value)), 'must be positive'));
  if (mt?.averageValue !== undefined && sign(mt.averageValue) !== 1) {
    errs.push(fieldErr.invalid(path.child(fldPath, 'averageValue'), goQuantity(String(mt.averageValue)), 'must be positive'));
  }
  if (mt?.averageUtilization !== undefined && mt.averageUtilization < 1) {
    errs.push(fieldErr.invalid(path.child(fldPath, 'averageUtilization'), go.int(mt.averageUtilization), 'must be greater than 0'));
  }
  return errs;
}

function validateMetricIdentifier(id: Partial<MetricIdentifier> | undefined, fldPath: string): FieldError[] {
  const name = id?.name ?? '';
  if (name === '') return [fieldErr.required(path.child(fldPath, 'name'), 'must specify a metric name')];
  return validatePathSegmentName(name, false).map((msg) => fieldErr.invalid(path.child(fldPath, 'name'), go.str(name), msg));
}

type Source<K extends keyof MetricSpec> = Partial<NonNullable<MetricSpec[K]>>;
const targetOf = (s: { target?: MetricTarget }): Partial<MetricTarget> => s.target ?? {};

function validateObjectSource(src: Source<'object'>, fldPath: string): FieldError[] {
  const t = targetOf(src as { target?: MetricTarget });
  const errs = [
    ...validateCrossVersionObjectReference(src.describedObject, path.child(fldPath, 'describedObject')),
    ...validateMetricIdentifier(src.metric, path.child(fldPath, 'metric')),
    ...validateMetricTarget(t, path.child(fldPath, 'target')),
  ];
  if (t.value === undefined && t.averageValue === undefined) {
    errs.push(fieldErr.required(path.child(fldPath, 'target', 'averageValue'), 'must set either a target value or averageValue'));
  }
  return errs;
}

function validateExternalSource(src: Source<'external'>, fldPath: string): FieldError[] {
  const t = targetOf(src as { target?: MetricTarget });
  const errs = [...validateMetricIdentifier(src.metric, path.child(fldPath, 'metric')), ...validateMetricTarget(t, path.child(fldPath, 'target'))];
  if (t.value === undefined && t.averageValue === undefined) {
    errs.push(fieldErr.required(path.child(fldPath, 'target', 'averageValue'), 'must set either a target value for metric or a per-pod target'));
  }
  if (t.value !== undefined && t.averageValue !== undefined) {
    errs.push(fieldErr.forbidden(path.child(fldPath, 'target', 'value'), 'may not set both a target value for metric and a per-pod target'));
  }
  return errs;
}

function validatePodsSource(src: Source<'pods'>, fldPath: string): FieldError[] {
  const t = targetOf(src as { target?: MetricTarget });
  const errs = [...validateMetricIdentifier(src.metric, path.child(fldPath, 'metric')), ...validateMetricTarget(t, path.child(fldPath, 'target'))];
  if (t.averageValue === undefined) errs.push(fieldErr.required(path.child(fldPath, 'target', 'averageValue'), 'must specify a positive target averageValue'));
  return errs;
}

/**
 * core/v1 validation.ValidateContainerResourceName (the string form: values print quoted, unlike
 * the internal core validation's ResourceName).
 */
export const validateContainerResourceName = (name: string, fldPath: string): FieldError[] =>
  validateResourceName(name, fldPath, { print: go.str, quotaHugePages: true });

/** The utilization-or-value checks Resource and ContainerResource share. */
function utilizationOrValue(t: Partial<MetricTarget>, fldPath: string): FieldError[] {
  const errs: FieldError[] = [];
  if (t.averageUtilization === undefined && t.averageValue === undefined) {
    errs.push(fieldErr.required(path.child(fldPath, 'target', 'averageUtilization'), 'must set either a target raw value or a target utilization'));
  }
  if (t.averageUtilization !== undefined && t.averageValue !== undefined) {
    errs.push(fieldErr.forbidden(path.child(fldPath, 'target', 'averageValue'), 'may not set both a target raw value and a target utilization'));
  }
  return errs;
}

function validateContainerResourceSource(src: Source<'containerResource'>, fldPath: string): FieldError[] {
  const errs: FieldError[] = [];
  const name = src.name ?? '';
  if (name === '') errs.push(fieldErr.required(path.child(fldPath, 'name'), 'must specify a resource name'));
  else errs.push(...validateContainerResourceName(name, path.child(fldPath, 'name')));
  const container = src.container ?? '';
  if (container === '') errs.push(fieldErr.required(path.child(fldPath, 'container'), 'must specify a container'));
  else errs.push(...isDNS1123Label(container).map((msg) => fieldErr.invalid(path.child(fldPath, 'container'), go.str(container), msg)));
  const t = targetOf(src as { target?: MetricTarget });
  return [...errs, ...validateMetricTarget(t, path.child(fldPath, 'target')), ...utilizationOrValue(t, fldPath)];
}

function validateResourceSource(src: Source<'resource'>, fldPath: string): FieldError[] {
  const errs: FieldError[] = [];
  // Only a name is required: "memmory" passes here and fails in the controller.
  if ((src.name ?? '') === '') errs.push(fieldErr.required(path.child(fldPath, 'name'), 'must specify a resource name'));
  const t = targetOf(src as { target?: MetricTarget });
  return [...errs, ...validateMetricTarget(t, path.child(fldPath, 'target')), ...utilizationOrValue(t, fldPath)];
}

/** The metric source fields in the order validateMetricSpec looks at them, with their type. */
const SOURCES: readonly [keyof MetricSpec & string, string, (src: never, p: string) => FieldError[]][] = [
  ['object', 'Object', validateObjectSource],
  ['external', 'External', validateExternalSource],
  ['pods', 'Pods', validatePodsSource],
  ['resource', 'Resource', validateResourceSource],
  ['containerResource', 'ContainerResource', validateContainerResourceSource],
];

/**
 * validateMetricSpec: a supported type, its source set (and validated), no other source. Only
 * the first source present (in the order above) is validated, as upstream does.
 */
function validateMetricSpec(spec: Partial<MetricSpec>, fldPath: string): FieldError[] {
  const errs: FieldError[] = [];
  const type = spec.type ?? '';
  const typePath = path.child(fldPath, 'type');
  if (type === '') errs.push(fieldErr.required(typePath, 'must specify a metric source type'));
  if (!VALID_METRIC_SOURCE_TYPES.includes(type)) errs.push(fieldErr.notSupported(typePath, go.str(type), VALID_METRIC_SOURCE_TYPES));
  const present: string[] = [];
  for (const [field, , validate] of SOURCES) {
    const src = (spec as Record<string, unknown>)[field];
    if (src === undefined || src === null) continue;
    present.push(field);
    if (present.length === 1) errs.push(...validate(src as never, path.child(fldPath, field)));
  }
  const expected = SOURCES.find(([, t]) => t === type);
  if (expected) {
    if ((spec as Record<string, unknown>)[expected[0]] === undefined) {
      errs.push(fieldErr.required(path.child(fldPath, expected[0]), 'must populate information for the given metric source'));
    }
  } else {
    errs.push(fieldErr.notSupported(typePath, go.str(type), VALID_METRIC_SOURCE_TYPES));
  }
  if (present.length !== 1) {
    for (const field of present) {
      if (field !== expected?.[0]) errs.push(fieldErr.forbidden(path.child(fldPath, field), 'must populate the given metric source only'));
    }
  }
  return errs;
}

function validateMetrics(metrics: readonly MetricSpec[] | undefined, fldPath: string, minReplicas: number | undefined): FieldError[] {
  const errs: FieldError[] = [];
  let objectOrExternal = false;
  (metrics ?? []).forEach((m, i) => {
    errs.push(...validateMetricSpec(m ?? {}, path.index(fldPath, i)));
    if (m?.type === 'Object' || m?.type === 'External') objectOrExternal = true;
  });
  if (minReplicas === 0 && !objectOrExternal) {
    errs.push(fieldErr.forbidden(fldPath, 'must specify at least one Object or External metric to support scaling to zero replicas'));
  }
  return errs;
}

// ------------------------------------------------------------------ behavior

function validateScalingPolicy(policy: Partial<HPAScalingPolicy>, fldPath: string): FieldError[] {
  const errs: FieldError[] = [];
  const type = policy.type ?? '';
  if (type !== 'Pods' && type !== 'Percent') errs.push(fieldErr.notSupported(path.child(fldPath, 'type'), go.str(type), VALID_POLICY_TYPES));
  const value = policy.value ?? 0;
  if (value <= 0) errs.push(fieldErr.invalid(path.child(fldPath, 'value'), go.int(value), 'must be greater than zero'));
  const period = policy.periodSeconds ?? 0;
  if (period <= 0) errs.push(fieldErr.invalid(path.child(fldPath, 'periodSeconds'), go.int(period), 'must be greater than zero'));
  if (period > MAX_PERIOD_SECONDS) errs.push(fieldErr.invalid(path.child(fldPath, 'periodSeconds'), go.int(period), `must be less than or equal to ${MAX_PERIOD_SECONDS}`));
  return errs;
}

function validateScalingRules(rules: HPAScalingRules | undefined, fldPath: string): FieldError[] {
  if (!rules) return [];
  const errs: FieldError[] = [];
  const window = rules.stabilizationWindowSeconds;
  const windowPath = path.child(fldPath, 'stabilizationWindowSeconds');
  if (window !== undefined && window < 0) errs.push(fieldErr.invalid(windowPath, go.int(window), 'must be greater than or equal to zero'));
  if (window !== undefined && window > MAX_STABILIZATION_WINDOW_SECONDS) {
    errs.push(fieldErr.invalid(windowPath, go.int(window), `must be less than or equal to ${MAX_STABILIZATION_WINDOW_SECONDS}`));
  }
  if (rules.selectPolicy !== undefined && !VALID_SELECT_POLICIES.includes(rules.selectPolicy)) {
    errs.push(fieldErr.notSupported(path.child(fldPath, 'selectPolicy'), go.str(rules.selectPolicy), VALID_SELECT_POLICIES));
  }
  const policiesPath = path.child(fldPath, 'policies');
  if ((rules.policies ?? []).length === 0) errs.push(fieldErr.required(policiesPath, 'must specify at least one Policy'));
  (rules.policies ?? []).forEach((p, i) => errs.push(...validateScalingPolicy(p ?? {}, path.index(policiesPath, i))));
  return errs;
}

function validateBehavior(behavior: HorizontalPodAutoscalerBehavior | undefined, fldPath: string): FieldError[] {
  if (!behavior) return [];
  return [...validateScalingRules(behavior.scaleUp, path.child(fldPath, 'scaleUp')), ...validateScalingRules(behavior.scaleDown, path.child(fldPath, 'scaleDown'))];
}

// ------------------------------------------------------------------ the object

/**
 * validateHorizontalPodAutoscalerSpec: minReplicas ≥ the lower bound (1 while HPAScaleToZero is
 * off), maxReplicas ≥ 1 and ≥ minReplicas, the target reference, the metrics, the behavior.
 */
export function validateHorizontalPodAutoscalerSpec(spec: HorizontalPodAutoscaler['spec'] | undefined, fldPath: string, minReplicasLowerBound: number): FieldError[] {
  const s: Partial<HorizontalPodAutoscaler['spec']> = spec ?? {};
  const errs: FieldError[] = [];
  const max = s.maxReplicas ?? 0;
  if (s.minReplicas !== undefined && s.minReplicas < minReplicasLowerBound) {
    errs.push(fieldErr.invalid(path.child(fldPath, 'minReplicas'), go.int(s.minReplicas), `must be greater than or equal to ${minReplicasLowerBound}`));
  }
  if (max < 1) errs.push(fieldErr.invalid(path.child(fldPath, 'maxReplicas'), go.int(max), 'must be greater than 0'));
  if (s.minReplicas !== undefined && max < s.minReplicas) {
    errs.push(fieldErr.invalid(path.child(fldPath, 'maxReplicas'), go.int(max), 'must be greater than or equal to `minReplicas`'));
  }
  errs.push(...validateCrossVersionObjectReference(s.scaleTargetRef, path.child(fldPath, 'scaleTargetRef')));
  errs.push(...validateMetrics(s.metrics, path.child(fldPath, 'metrics'), s.minReplicas));
  errs.push(...validateBehavior(s.behavior, path.child(fldPath, 'behavior')));
  return errs;
}

/**
 * ValidateHorizontalPodAutoscaler (create): ObjectMeta with DNS-subdomain names
 * (ValidateReplicationControllerName), then the spec with minReplicas ≥ 1.
 */
export function validateHorizontalPodAutoscaler(hpa: HorizontalPodAutoscaler): FieldError[] {
  return [...validateObjectMeta(hpa.metadata, true, nameIsDNSSubdomain), ...validateHorizontalPodAutoscalerSpec(hpa.spec, 'spec', 1)];
}

/**
 * ValidateHorizontalPodAutoscalerUpdate: ObjectMeta update rules, then the spec; an HPA that
 * already had minReplicas 0 may keep it.
 */
export function validateHorizontalPodAutoscalerUpdate(next: HorizontalPodAutoscaler, old: HorizontalPodAutoscaler): FieldError[] {
  const lowerBound = old.spec?.minReplicas === 0 ? 0 : 1;
  return [...validateObjectMetaUpdate(next.metadata, old.metadata), ...validateHorizontalPodAutoscalerSpec(next.spec, 'spec', lowerBound)];
}

/**
 * strategy.PrepareForCreate: create cannot set status; it starts empty until the controller's
 * first sync. Differs: currentReplicas 0 is kept (the status type requires it; upstream omits a
 * zero currentReplicas and serialises `currentMetrics: null`).
 */
export function prepareHorizontalPodAutoscalerForCreate(hpa: HorizontalPodAutoscaler): HorizontalPodAutoscaler {
  return { ...hpa, status: { currentReplicas: 0, desiredReplicas: 0 } };
}
