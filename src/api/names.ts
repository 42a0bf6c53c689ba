// Name, label and metadata validation: apimachinery pkg/util/validation (IsDNS1123Label …),
// pkg/apis/meta/v1/validation (labels, selectors) and pkg/api/validation/objectmeta.go (v1.28).
// Differs: Go map iteration is random; kreplay reports map entries in sorted key order.
import { fieldErr, go, path, type FieldError, type GoValue } from './errors.js';
import type { LabelSelector, ObjectMeta, OwnerReference } from './types.js';

const encoder = new TextEncoder();
/** len() of a Go string: UTF-8 bytes. */
export function byteLength(s: string): number {
  return encoder.encode(s).length;
}

export function maxLenError(length: number): string {
  return `must be no more than ${length} characters`;
}

/** RegexError: note the double space Go leaves before "or" ("'my-name',  or '123-abc'"). */
export function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${fmt}')`;
  let s = `${msg} (e.g. `;
  examples.forEach((e, i) => {
    if (i > 0) s += ' or ';
    s += `'${e}', `;
  });
  return `${s}regex used for validation is '${fmt}')`;
}

export const EMPTY_ERROR = 'must be non-empty';

export function inclusiveRangeError(lo: number, hi: number): string {
  return `must be between ${lo} and ${hi}, inclusive`;
}

const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_LABEL_MSG = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
const DNS1123_LABEL_RE = new RegExp(`^${DNS1123_LABEL_FMT}$`);
export const DNS1123_LABEL_MAX_LENGTH = 63;

export function isDNS1123Label(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > DNS1123_LABEL_MAX_LENGTH) errs.push(maxLenError(DNS1123_LABEL_MAX_LENGTH));
  if (!DNS1123_LABEL_RE.test(value)) errs.push(regexError(DNS1123_LABEL_MSG, DNS1123_LABEL_FMT, 'my-name', '123-abc'));
  return errs;
}

const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const DNS1123_SUBDOMAIN_MSG = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
const DNS1123_SUBDOMAIN_RE = new RegExp(`^${DNS1123_SUBDOMAIN_FMT}$`);
export const DNS1123_SUBDOMAIN_MAX_LENGTH = 253;

export function isDNS1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > DNS1123_SUBDOMAIN_MAX_LENGTH) errs.push(maxLenError(DNS1123_SUBDOMAIN_MAX_LENGTH));
  if (!DNS1123_SUBDOMAIN_RE.test(value)) errs.push(regexError(DNS1123_SUBDOMAIN_MSG, DNS1123_SUBDOMAIN_FMT, 'example.com'));
  return errs;
}

/** A generateName prefix may end in "-" (maskTrailingDash). */
function maskTrailingDash(name: string): string {
  return name.length > 1 && name.endsWith('-') ? `${name.slice(0, -2)}a` : name;
}

/** NameIsDNSSubdomain: object names of pods, deployments, replicasets, nodes. */
export function nameIsDNSSubdomain(name: string, prefix: boolean): string[] {
  return isDNS1123Subdomain(prefix ? maskTrailingDash(name) : name);
}

/** NameIsDNSLabel: namespace names. */
export function nameIsDNSLabel(name: string, prefix: boolean): string[] {
  return isDNS1123Label(prefix ? maskTrailingDash(name) : name);
}

const QNAME_CHAR = '[A-Za-z0-9]';
const QNAME_EXT = '[-A-Za-z0-9_.]';
const QUALIFIED_NAME_FMT = `(${QNAME_CHAR}${QNAME_EXT}*)?${QNAME_CHAR}`;
const QUALIFIED_NAME_MSG = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const QUALIFIED_NAME_RE = new RegExp(`^${QUALIFIED_NAME_FMT}$`);
const QUALIFIED_NAME_MAX_LENGTH = 63;

/** IsQualifiedName: label keys, annotation keys, resource names, finalizers. */
export function isQualifiedName(value: string): string[] {
  const errs: string[] = [];
  const parts = value.split('/');
  let name: string;
  if (parts.length === 1) name = parts[0]!;
  else if (parts.length === 2) {
    const prefix = parts[0]!;
    name = parts[1]!;
    if (prefix.length === 0) errs.push(`prefix part ${EMPTY_ERROR}`);
    else errs.push(...isDNS1123Subdomain(prefix).map((m) => `prefix part ${m}`));
  } else {
    return [`a qualified name ${regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`];
  }
  if (name.length === 0) errs.push(`name part ${EMPTY_ERROR}`);
  else if (byteLength(name) > QUALIFIED_NAME_MAX_LENGTH) errs.push(`name part ${maxLenError(QUALIFIED_NAME_MAX_LENGTH)}`);
  if (!QUALIFIED_NAME_RE.test(name)) errs.push(`name part ${regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc')}`);
  return errs;
}

const LABEL_VALUE_FMT = `(${QUALIFIED_NAME_FMT})?`;
const LABEL_VALUE_MSG = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const LABEL_VALUE_RE = new RegExp(`^${LABEL_VALUE_FMT}$`);
export const LABEL_VALUE_MAX_LENGTH = 63;

export function isValidLabelValue(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > LABEL_VALUE_MAX_LENGTH) errs.push(maxLenError(LABEL_VALUE_MAX_LENGTH));
  if (!LABEL_VALUE_RE.test(value)) errs.push(regexError(LABEL_VALUE_MSG, LABEL_VALUE_FMT, 'MyValue', 'my_value', '12345'));
  return errs;
}

export function isValidPortNum(port: number): string[] {
  return port >= 1 && port <= 65535 ? [] : [inclusiveRangeError(1, 65535)];
}

/** IsValidPortName (IANA_SVC_NAME): at most 15 characters, [-a-z0-9], at least one letter. */
export function isValidPortName(port: string): string[] {
  const errs: string[] = [];
  if (byteLength(port) > 15) errs.push(maxLenError(15));
  if (!/^[-a-z0-9]+$/.test(port)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(port)) errs.push('must contain at least one letter (a-z)');
  if (port.includes('--')) errs.push('must not contain consecutive hyphens');
  if (port.length > 0 && (port.startsWith('-') || port.endsWith('-'))) errs.push('must not begin or end with a hyphen');
  return errs;
}

const PERCENT_FMT = '[0-9]+%';
const PERCENT_MSG = "a valid percent string must be a numeric string followed by an ending '%'";

export function isValidPercent(percent: string): string[] {
  return /^[0-9]+%$/.test(percent) ? [] : [regexError(PERCENT_MSG, PERCENT_FMT, '1%', '93%')];
}

const ENV_NAME_FMT = '[-._a-zA-Z][-._a-zA-Z0-9]*';
const ENV_NAME_MSG = "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit";

export function isEnvVarName(value: string): string[] {
  const errs: string[] = [];
  if (!new RegExp(`^${ENV_NAME_FMT}$`).test(value)) errs.push(regexError(ENV_NAME_MSG, ENV_NAME_FMT, 'my.env-name', 'MY_ENV.NAME', 'MyEnvName1'));
  if (value === '.') errs.push("must not be '.'");
  else if (value === '..') errs.push("must not be '..'");
  else if (value.startsWith('..')) errs.push("must not start with '..'");
  return errs;
}

/** IsValidCIDR (netutils.ParseCIDRSloppy accepts leading zeros in IPv4 octets). */
export function isValidCIDR(value: string): boolean {
  const m = /^(.+)\/(\d{1,3})$/.exec(value);
  if (!m) return false;
  const ip = m[1]!;
  const bits = Number(m[2]);
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(ip)) return ip.split('.').every((o) => Number(o) <= 255) && bits <= 32;
  return ip.includes(':') && /^[0-9a-fA-F:.]+$/.test(ip) && bits <= 128;
}
export const CIDR_ERROR = 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)';

// ------------------------------------------------------------------ meta/v1 validation

export function validateLabelName(labelName: string, fldPath: string): FieldError[] {
  return isQualifiedName(labelName).map((msg) => fieldErr.invalid(fldPath, go.str(labelName), msg));
}

/** ValidateLabels: every error is reported on the map's path, not the key's. */
export function validateLabels(labels: Readonly<Record<string, string>> | undefined, fldPath: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const k of Object.keys(labels ?? {}).sort()) {
    errs.push(...validateLabelName(k, fldPath));
    for (const msg of isValidLabelValue(labels![k]!)) errs.push(fieldErr.invalid(fldPath, go.str(labels![k]!), msg));
  }
  return errs;
}

/** The %#v of a *metav1.LabelSelector (dereferenced at the top level by ErrorBody). */
export function goLabelSelector(sel: LabelSelector): GoValue {
  const exprs = sel.matchExpressions;
  return go.struct('v1.LabelSelector', [
    ['MatchLabels', go.labels(sel.matchLabels)],
    ['MatchExpressions', {
      k: 'slice',
      type: '[]v1.LabelSelectorRequirement',
      items: exprs === undefined ? null : exprs.map((e) => go.struct('v1.LabelSelectorRequirement', [
        ['Key', go.str(e.key)],
        ['Operator', go.str(e.operator)],
        ['Values', go.strings(e.values)],
      ])),
    }],
  ]);
}

/** ValidateLabelSelector with AllowInvalidLabelValueInSelector=false (apps workloads). */
export function validateLabelSelector(sel: LabelSelector | undefined, fldPath: string): FieldError[] {
  if (!sel) return [];
  const errs = validateLabels(sel.matchLabels, path.child(fldPath, 'matchLabels'));
  (sel.matchExpressions ?? []).forEach((expr, i) => {
    const p = path.index(path.child(fldPath, 'matchExpressions'), i);
    const values = expr.values ?? [];
    switch (expr.operator) {
      case 'In': case 'NotIn':
        if (values.length === 0) errs.push(fieldErr.required(path.child(p, 'values'), "must be specified when `operator` is 'In' or 'NotIn'"));
        break;
      case 'Exists': case 'DoesNotExist':
        if (values.length > 0) errs.push(fieldErr.forbidden(path.child(p, 'values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
        break;
      default:
        errs.push(fieldErr.invalid(path.child(p, 'operator'), go.str(String(expr.operator)), 'not a valid selector operator'));
    }
    errs.push(...validateLabelName(expr.key, path.child(p, 'key')));
    values.forEach((v, j) => {
      for (const msg of isValidLabelValue(v)) errs.push(fieldErr.invalid(path.index(path.child(p, 'values'), j), go.str(v), msg));
    });
  });
  return errs;
}

// ------------------------------------------------------------------ object meta

export const TOTAL_ANNOTATION_SIZE_LIMIT_B = 256 * (1 << 10);

export function validateAnnotations(annotations: Readonly<Record<string, string>> | undefined, fldPath: string): FieldError[] {
  const errs: FieldError[] = [];
  let total = 0;
  for (const k of Object.keys(annotations ?? {}).sort()) {
    for (const msg of isQualifiedName(k.toLowerCase())) errs.push(fieldErr.invalid(fldPath, go.str(k), msg));
    total += byteLength(k) + byteLength(annotations![k]!);
  }
  if (total > TOTAL_ANNOTATION_SIZE_LIMIT_B) errs.push(fieldErr.tooLong(fldPath, TOTAL_ANNOTATION_SIZE_LIMIT_B));
  return errs;
}

function validateOwnerReferences(refs: readonly OwnerReference[] | undefined, fldPath: string): FieldError[] {
  const errs: FieldError[] = [];
  let firstController = '';
  for (const ref of refs ?? []) {
    const version = ref.apiVersion.includes('/') ? ref.apiVersion.split('/')[1] ?? '' : ref.apiVersion;
    if (version === '') errs.push(fieldErr.invalid(path.child(fldPath, 'apiVersion'), go.str(ref.apiVersion), 'version must not be empty'));
    if (!ref.kind) errs.push(fieldErr.invalid(path.child(fldPath, 'kind'), go.str(ref.kind ?? ''), 'kind must not be empty'));
    if (!ref.name) errs.push(fieldErr.invalid(path.child(fldPath, 'name'), go.str(ref.name ?? ''), 'name must not be empty'));
    if (!ref.uid) errs.push(fieldErr.invalid(path.child(fldPath, 'uid'), go.str(ref.uid ?? ''), 'uid must not be empty'));
    if (ref.controller) {
      const cur = `${ref.kind}/${ref.name}`;
      if (firstController !== '') {
        errs.push(fieldErr.invalid(fldPath, { k: 'slice', type: '[]v1.OwnerReference', items: [] },
          `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${cur}`));
      } else firstController = cur;
    }
  }
  return errs;
}

function validateFinalizers(finalizers: readonly string[] | undefined, fldPath: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const f of finalizers ?? []) {
    for (const msg of isQualifiedName(f)) errs.push(fieldErr.invalid(fldPath, go.str(f), msg));
  }
  if ((finalizers ?? []).includes('orphan') && (finalizers ?? []).includes('foregroundDeletion')) {
    errs.push(fieldErr.invalid(fldPath, go.strings(finalizers), 'finalizer orphan and foregroundDeletion cannot be both set'));
  }
  return errs;
}

export type NameFn = (name: string, prefix: boolean) => string[];

/**
 * ValidateObjectMeta on create. A name left empty next to a generateName is generated by the
 * store after validation (kreplay's engine does it on create), so it is not reported.
 */
export function validateObjectMeta(meta: Partial<ObjectMeta>, requiresNamespace: boolean, nameFn: NameFn, fldPath = 'metadata'): FieldError[] {
  const errs: FieldError[] = [];
  const generateName = meta.generateName ?? '';
  if (generateName !== '') {
    for (const msg of nameFn(generateName, true)) errs.push(fieldErr.invalid(path.child(fldPath, 'generateName'), go.str(generateName), msg));
  }
  const name = meta.name ?? '';
  if (name === '') {
    if (generateName === '') errs.push(fieldErr.required(path.child(fldPath, 'name'), 'name or generateName is required'));
  } else {
    for (const msg of nameFn(name, false)) errs.push(fieldErr.invalid(path.child(fldPath, 'name'), go.str(name), msg));
  }
  const ns = meta.namespace ?? '';
  if (requiresNamespace) {
    if (ns === '') errs.push(fieldErr.required(path.child(fldPath, 'namespace')));
    else for (const msg of nameIsDNSLabel(ns, false)) errs.push(fieldErr.invalid(path.child(fldPath, 'namespace'), go.str(ns), msg));
  } else if (ns !== '') {
    errs.push(fieldErr.forbidden(path.child(fldPath, 'namespace'), 'not allowed on this type'));
  }
  if ((meta.generation ?? 0) < 0) errs.push(fieldErr.invalid(path.child(fldPath, 'generation'), go.int(meta.generation!), IS_NEGATIVE_ERROR_MSG));
  errs.push(...validateLabels(meta.labels, path.child(fldPath, 'labels')));
  errs.push(...validateAnnotations(meta.annotations, path.child(fldPath, 'annotations')));
  errs.push(...validateOwnerReferences(meta.ownerReferences, path.child(fldPath, 'ownerReferences')));
  errs.push(...validateFinalizers(meta.finalizers, path.child(fldPath, 'finalizers')));
  return errs;
}

export const IS_NEGATIVE_ERROR_MSG = 'must be greater than or equal to 0';
export const FIELD_IMMUTABLE_ERROR_MSG = 'field is immutable';

export function validateNonnegativeField(value: number, fldPath: string): FieldError[] {
  return value < 0 ? [fieldErr.invalid(fldPath, go.int(value), IS_NEGATIVE_ERROR_MSG)] : [];
}

/** ValidateObjectMetaUpdate: identity and system fields may not change. */
export function validateObjectMetaUpdate(next: Partial<ObjectMeta>, old: Partial<ObjectMeta>, fldPath = 'metadata'): FieldError[] {
  const errs: FieldError[] = [];
  if (old.deletionTimestamp) {
    const added = (next.finalizers ?? []).filter((f) => !(old.finalizers ?? []).includes(f));
    if (added.length > 0) errs.push(fieldErr.forbidden(path.child(fldPath, 'finalizers'), `no new finalizers can be added if the object is being deleted, found new finalizers ${goQuoteList(added)}`));
  }
  if ((next.generation ?? 0) < (old.generation ?? 0)) errs.push(fieldErr.invalid(path.child(fldPath, 'generation'), go.int(next.generation ?? 0), 'must not be decremented'));
  const immutable: [keyof ObjectMeta, string][] = [['name', 'name'], ['namespace', 'namespace'], ['uid', 'uid'], ['creationTimestamp', 'creationTimestamp'], ['deletionTimestamp', 'deletionTimestamp']];
  for (const [k, label] of immutable) {
    const a = (next[k] as string | undefined) ?? '';
    const b = (old[k] as string | undefined) ?? '';
    if (a !== b) errs.push(fieldErr.invalid(path.child(fldPath, label), k === 'deletionTimestamp' && a === '' ? go.null() : go.str(a), FIELD_IMMUTABLE_ERROR_MSG));
  }
  errs.push(...validateLabels(next.labels, path.child(fldPath, 'labels')));
  errs.push(...validateAnnotations(next.annotations, path.child(fldPath, 'annotations')));
  errs.push(...validateOwnerReferences(next.ownerReferences, path.child(fldPath, 'ownerReferences')));
  return errs;
}

function goQuoteList(xs: readonly string[]): string {
  return `[${xs.join(' ')}]`;
}
