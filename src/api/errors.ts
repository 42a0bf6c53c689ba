// Field errors and API status errors as the apiserver builds them and kubectl prints them
// (apimachinery util/validation/field/errors.go, api/errors/errors.go NewInvalid, kubectl cmd/util
// helpers.go checkErr/StandardErrorMessage/AddSourceToErr). Differs: Go values are modelled by GoValue.

/** field.ErrorType: the machine-readable reason of one field error (metav1.CauseType). */
export type FieldErrorType =
  | 'FieldValueNotFound'
  | 'FieldValueRequired'
  | 'FieldValueDuplicate'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'InternalError'
  | 'FieldValueTypeInvalid';

const TYPE_TEXT: Record<FieldErrorType, string> = {
  FieldValueNotFound: 'Not found',
  FieldValueRequired: 'Required value',
  FieldValueDuplicate: 'Duplicate value',
  FieldValueInvalid: 'Invalid value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueForbidden: 'Forbidden',
  FieldValueTooLong: 'Too long',
  FieldValueTooMany: 'Too many',
  InternalError: 'Internal error',
  FieldValueTypeInvalid: 'Invalid value',
};

// ------------------------------------------------------------------ Go values

/**
 * A Go value as the apiserver holds it when it reports a bad value. ErrorBody prints int/bool
 * with %v, strings with %q, Stringers bare and everything else with %#v, so the model keeps the
 * Go type names (`map[string]string`, `v1.LabelSelector`, `intstr.IntOrString`).
 */
export type GoValue =
  | { k: 'string'; v: string }
  | { k: 'int'; v: number }
  | { k: 'bool'; v: boolean }
  /** a nil pointer or nil interface at the top level: printed "null" */
  | { k: 'null' }
  /** field.omitValue: only the type text is printed */
  | { k: 'omit' }
  /** a type with a String() method on its value (core.ResourceName): printed bare */
  | { k: 'stringer'; v: string }
  | { k: 'map'; type: string; entries: [string, GoValue][] | null }
  | { k: 'slice'; type: string; items: GoValue[] | null }
  | { k: 'struct'; type: string; fields: [string, GoValue][] }
  /** a pointer inside a composite value: (*T)(nil), or (*T)(0xc…) for a non-nil one */
  | { k: 'ptr'; type: string; nil: boolean };

export const go = {
  str: (v: string): GoValue => ({ k: 'string', v }),
  int: (v: number): GoValue => ({ k: 'int', v }),
  bool: (v: boolean): GoValue => ({ k: 'bool', v }),
  null: (): GoValue => ({ k: 'null' }),
  omit: (): GoValue => ({ k: 'omit' }),
  stringer: (v: string): GoValue => ({ k: 'stringer', v }),
  /** map[string]string; undefined is a nil map */
  labels: (m: Readonly<Record<string, string>> | undefined): GoValue => ({
    k: 'map',
    type: 'map[string]string',
    entries: m === undefined ? null : Object.keys(m).map((key) => [key, { k: 'string', v: m[key]! }]),
  }),
  strings: (xs: readonly string[] | undefined): GoValue => ({
    k: 'slice',
    type: '[]string',
    items: xs === undefined ? null : xs.map((v) => ({ k: 'string', v })),
  }),
  /** intstr.IntOrString as a value (Type 0 = Int, 1 = String) */
  intOrString: (v: number | string | undefined): GoValue => ({
    k: 'struct',
    type: 'intstr.IntOrString',
    fields: [
      ['Type', { k: 'int', v: typeof v === 'string' ? 1 : 0 }],
      ['IntVal', { k: 'int', v: typeof v === 'number' ? v : 0 }],
      ['StrVal', { k: 'string', v: typeof v === 'string' ? v : '' }],
    ],
  }),
  /** any value given as a Go-syntax literal already */
  struct: (type: string, fields: [string, GoValue][]): GoValue => ({ k: 'struct', type, fields }),
  ptr: (type: string, isNil: boolean): GoValue => ({ k: 'ptr', type, nil: isNil }),
};

/** strconv.Quote: Go's escapes (\a \b \f \n \r \t \v, \xNN for other control bytes). */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    switch (ch) {
      case '"': out += '\\"'; break;
      case '\\': out += '\\\\'; break;
      case '\x07': out += '\\a'; break;
      case '\b': out += '\\b'; break;
      case '\f': out += '\\f'; break;
      case '\n': out += '\\n'; break;
      case '\r': out += '\\r'; break;
      case '\t': out += '\\t'; break;
      case '\v': out += '\\v'; break;
      default:
        if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
        else if (c >= 0x80 && c < 0xa0) out += `\\u${c.toString(16).padStart(4, '0')}`;
        else out += ch;
    }
  }
  return out + '"';
}

/** fmt's %#v of a Go value (map keys sorted, as fmt does since Go 1.12). */
export function goSyntax(v: GoValue): string {
  switch (v.k) {
    case 'string': return goQuote(v.v);
    case 'int': return String(v.v);
    case 'bool': return String(v.v);
    case 'null': return '<nil>';
    case 'omit': return '';
    case 'stringer': return v.v;
    case 'map': {
      if (v.entries === null) return `${v.type}(nil)`;
      const entries = [...v.entries].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      return `${v.type}{${entries.map(([key, val]) => `${goQuote(key)}:${goSyntax(val)}`).join(', ')}}`;
    }
    case 'slice':
      if (v.items === null) return `${v.type}(nil)`;
      return `${v.type}{${v.items.map(goSyntax).join(', ')}}`;
    case 'struct':
      return `${v.type}{${v.fields.map(([name, val]) => `${name}:${goSyntax(val)}`).join(', ')}}`;
    case 'ptr':
      // A non-nil pointer below the top level prints its address; kreplay prints a fixed one.
      return v.nil ? `(*${v.type})(nil)` : `(*${v.type})(0xc000010000)`;
  }
}

// ------------------------------------------------------------------ field errors

export interface FieldError {
  type: FieldErrorType;
  /** the field path as field.Path.String() renders it: spec.containers[0].name, metadata.labels */
  field: string;
  badValue: GoValue;
  detail: string;
}

/** field.Error.ErrorBody(): the message without the field name. */
export function errorBody(e: FieldError): string {
  const type = TYPE_TEXT[e.type];
  let s: string;
  switch (e.type) {
    case 'FieldValueRequired': case 'FieldValueForbidden': case 'FieldValueTooLong': case 'InternalError':
      s = type;
      break;
    default: {
      const v = e.badValue;
      if (v.k === 'omit') s = type;
      else if (v.k === 'null') s = `${type}: "null"`;
      else if (v.k === 'int' || v.k === 'bool' || v.k === 'stringer') s = `${type}: ${String(v.v)}`;
      else s = `${type}: ${goSyntax(v)}`;
    }
  }
  if (e.detail.length > 0) s += `: ${e.detail}`;
  return s;
}

/** field.Error.Error(): "spec.replicas: Invalid value: -1: must be greater than or equal to 0". */
export function fieldErrorString(e: FieldError): string {
  return `${e.field}: ${errorBody(e)}`;
}

export const fieldErr = {
  invalid: (field: string, badValue: GoValue, detail: string): FieldError => ({ type: 'FieldValueInvalid', field, badValue, detail }),
  required: (field: string, detail = ''): FieldError => ({ type: 'FieldValueRequired', field, badValue: go.str(''), detail }),
  forbidden: (field: string, detail: string): FieldError => ({ type: 'FieldValueForbidden', field, badValue: go.str(''), detail }),
  notFound: (field: string, badValue: GoValue): FieldError => ({ type: 'FieldValueNotFound', field, badValue, detail: '' }),
  duplicate: (field: string, badValue: GoValue): FieldError => ({ type: 'FieldValueDuplicate', field, badValue, detail: '' }),
  /** field.NotSupported: detail lists the supported values quoted, in the order given */
  notSupported: (field: string, badValue: GoValue, valid: readonly string[]): FieldError => ({
    type: 'FieldValueNotSupported',
    field,
    badValue,
    detail: valid.length > 0 ? `supported values: ${valid.map(goQuote).join(', ')}` : '',
  }),
  tooLong: (field: string, maxLength: number): FieldError => ({ type: 'FieldValueTooLong', field, badValue: go.str(''), detail: `must have at most ${maxLength} bytes` }),
};

/** field.Path helpers: child names are joined with ".", indexes and keys are bracketed. */
export const path = {
  child: (p: string, ...names: string[]): string => names.reduce((acc, n) => (acc === '' ? n : `${acc}.${n}`), p),
  index: (p: string, i: number): string => `${p}[${i}]`,
  key: (p: string, k: string): string => `${p}[${k}]`,
};

/**
 * ErrorList.ToAggregate().Error(): duplicates (by message) dropped; one error is printed alone,
 * several as "[a, b]".
 */
export function aggregateMessage(errs: readonly FieldError[]): string {
  const msgs = dedupe(errs.map(fieldErrorString));
  if (msgs.length === 1) return msgs[0]!;
  return `[${msgs.join(', ')}]`;
}

function dedupe(xs: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const x of xs) if (!seen.has(x)) { seen.add(x); out.push(x); }
  return out;
}

// ------------------------------------------------------------------ status errors

export type StatusReason = 'BadRequest' | 'Forbidden' | 'NotFound' | 'AlreadyExists' | 'Conflict' | 'Invalid' | 'InternalError';

export interface StatusCause {
  type: FieldErrorType;
  message: string;
  field: string;
}

/** An API status error (metav1.Status with status Failure). */
export interface ApiError {
  kind: 'api';
  code: 400 | 403 | 404 | 409 | 422 | 500;
  reason: StatusReason;
  /** the Status message the apiserver returns: `Deployment.apps "web" is invalid: …` */
  message: string;
  details?: { name?: string; group?: string; kind?: string; causes?: StatusCause[] };
  /** the field errors behind an Invalid error */
  fieldErrors?: FieldError[];
  /**
   * kreplay only, not part of the Status: for a decode BadRequest, the paths of the offending
   * fields with indexes (spec.template.spec.containers[0].imagePullPolcy), to point at source lines.
   */
  paths?: string[];
}

/** An error kubectl raises itself, before or instead of calling the server; printed as is. */
export interface ClientError {
  kind: 'client';
  message: string;
}

export type KubeError = ApiError | ClientError;

/** GroupResource.String(): "deployments.apps", "pods". */
export function qualifiedResource(plural: string, group: string): string {
  return group === '' ? plural : `${plural}.${group}`;
}

/** apierrors.NewInvalid: 422, with one cause per field error. */
export function newInvalid(kind: string, group: string, name: string, errs: readonly FieldError[]): ApiError {
  const qualifiedKind = group === '' ? kind : `${kind}.${group}`;
  const message = errs.length === 0
    ? `${qualifiedKind} ${goQuote(name)} is invalid`
    : `${qualifiedKind} ${goQuote(name)} is invalid: ${aggregateMessage(errs)}`;
  return {
    kind: 'api',
    code: 422,
    reason: 'Invalid',
    message,
    details: { name, group, kind, causes: errs.map((e) => ({ type: e.type, message: errorBody(e), field: e.field })) },
    fieldErrors: [...errs],
  };
}

export function newNotFound(resource: string, name: string): ApiError {
  return { kind: 'api', code: 404, reason: 'NotFound', message: `${resource} ${goQuote(name)} not found`, details: { name } };
}

export function newAlreadyExists(resource: string, name: string): ApiError {
  return { kind: 'api', code: 409, reason: 'AlreadyExists', message: `${resource} ${goQuote(name)} already exists`, details: { name } };
}

export function newConflict(resource: string, name: string, reason: string): ApiError {
  return { kind: 'api', code: 409, reason: 'Conflict', message: `Operation cannot be fulfilled on ${resource} ${goQuote(name)}: ${reason}`, details: { name } };
}

export const CONFLICT_MODIFIED = 'the object has been modified; please apply your changes to the latest version and try again';

export function newBadRequest(message: string): ApiError {
  return { kind: 'api', code: 400, reason: 'BadRequest', message };
}

export function newForbidden(resource: string, name: string, reason: string): ApiError {
  return { kind: 'api', code: 403, reason: 'Forbidden', message: `${resource} ${goQuote(name)} is forbidden: ${reason}`, details: { name } };
}

// ------------------------------------------------------------------ what kubectl prints

export type KubectlVerb = 'creating' | 'applying' | 'patching' | 'replacing' | 'deleting';

/** The object an `apply` patch was sent for (resource.Info.String()). */
export interface ApplyPatchContext {
  patch: string;
  apiVersion: string;
  kind: string;
  plural: string;
  name: string;
  namespace: string;
}

/**
 * What kubectl prints for an error (cmdutil.CheckErr). Invalid errors ignore the verb and file:
 * `The Deployment "web" is invalid: spec.replicas: Invalid value: -1: …`, or with several causes
 * `The Deployment "web" is invalid: \n* a\n* b`. Other server errors are
 * `Error from server (Reason): error when creating "web.yaml": <message>` (AddSourceToErr), with
 * no source part for inline requests or `kubectl patch`. `kubectl apply` on an existing object
 * reports `error when applying patch:\n<patch>\nto:\n<info>\nfor: "web.yaml": …`. No trailing newline.
 *
 * @example kubectlMessage(newAlreadyExists('deployments.apps', 'web'), 'creating', 'web.yaml')
 *   // 'Error from server (AlreadyExists): error when creating "web.yaml": deployments.apps "web" already exists'
 */
export function kubectlMessage(err: KubeError, verb: KubectlVerb, file?: string, apply?: ApplyPatchContext): string {
  if (err.kind === 'client') return err.message;
  if (err.reason === 'Invalid') {
    const d = err.details;
    let s = 'The request is invalid';
    if (d && (d.kind || d.name)) s = `The ${d.kind ?? ''} ${goQuote(d.name ?? '')} is invalid`;
    const causes = dedupe((d?.causes ?? []).map((c) => `${c.field}: ${c.message}`));
    if (causes.length === 0) return s;
    if (causes.length === 1) return `${s}: ${causes[0]}`;
    return `${s}: \n${causes.map((c) => `* ${c}`).join('\n')}`;
  }
  let message = err.message;
  if (file !== undefined && file !== '' && verb !== 'patching') {
    if (verb === 'applying' && apply) {
      const [group, version] = apply.apiVersion.includes('/') ? apply.apiVersion.split('/') as [string, string] : ['', apply.apiVersion];
      const info = `Resource: ${goQuote(`${group}/${version}, Resource=${apply.plural}`)}, GroupVersionKind: ${goQuote(`${group}/${version}, Kind=${apply.kind}`)}\n`
        + `Name: ${goQuote(apply.name)}, Namespace: ${goQuote(apply.namespace)}`;
      message = `error when applying patch:\n${apply.patch}\nto:\n${info}\nfor: ${goQuote(file)}: ${message}`;
    } else {
      message = `error when ${verb} ${goQuote(file)}: ${message}`;
    }
  }
  return `Error from server (${err.reason}): ${message}`;
}
