import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fieldErrorString } from './errors.js';
import {
  isDNS1123Label, isDNS1123Subdomain, isEnvVarName, isQualifiedName, isValidLabelValue, isValidPercent, isValidPortName,
  nameIsDNSSubdomain, validateLabels, validateLabelSelector, validateObjectMeta, validateObjectMetaUpdate, nameIsDNSLabel,
} from './names.js';

const LABEL_MSG = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const SUBDOMAIN_MSG = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const QNAME_MSG = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const VALUE_MSG = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

describe('RFC 1123 names (apimachinery util/validation)', () => {
  it.each([
    ['web', []],
    ['123-abc', []],
    ['vol-CM', [LABEL_MSG]],
    ['-web', [LABEL_MSG]],
    ['a.b', [LABEL_MSG]],
    ['a'.repeat(64), ['must be no more than 63 characters']],
  ])('label %s', (v, want) => {
    expect(isDNS1123Label(v)).toEqual(want);
  });

  it.each([
    ['web.example.com', []],
    ['Web', [SUBDOMAIN_MSG]],
    ['web_1', [SUBDOMAIN_MSG]],
    ['a'.repeat(254), ['must be no more than 253 characters']],
  ])('subdomain %s', (v, want) => {
    expect(isDNS1123Subdomain(v)).toEqual(want);
  });

  it('accepts a generateName prefix ending in a dash', () => {
    expect(nameIsDNSSubdomain('web-', true)).toEqual([]);
    expect(nameIsDNSSubdomain('web-', false)).toEqual([SUBDOMAIN_MSG]);
    expect(nameIsDNSLabel('team-a', false)).toEqual([]);
  });

  it('every valid label is a valid subdomain (property)', () => {
    fc.assert(fc.property(fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,20}[a-z0-9])?$/), (s) => {
      expect(isDNS1123Label(s)).toEqual([]);
      expect(isDNS1123Subdomain(s)).toEqual([]);
    }));
  });
});

describe('label keys and values', () => {
  it.each([
    ['app', []],
    ['app.kubernetes.io/name', []],
    ['node-role.kubernetes.io/control-plane', []],
    ['-app', [QNAME_MSG]],
    ['/app', ['prefix part must be non-empty']],
    ['a/b/c', ["a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"]],
    ['Example.com/app', [`prefix part ${SUBDOMAIN_MSG}`]],
  ])('key %s', (k, want) => {
    expect(isQualifiedName(k)).toEqual(want);
  });

  it.each([
    ['', []],
    ['1.0.0', []],
    ['web 2', [VALUE_MSG]],
    ['-x', [VALUE_MSG]],
  ])('value %j', (v, want) => {
    expect(isValidLabelValue(v)).toEqual(want);
  });

  it('reports label errors on the map path, keys in sorted order', () => {
    const errs = validateLabels({ 'z-': 'ok', app: 'web 2' }, 'metadata.labels').map(fieldErrorString);
    expect(errs).toEqual([
      `metadata.labels: Invalid value: "web 2": ${VALUE_MSG}`,
      `metadata.labels: Invalid value: "z-": ${QNAME_MSG}`,
    ]);
  });

  it('validates selector requirements', () => {
    const errs = validateLabelSelector({ matchExpressions: [{ key: 'tier', operator: 'In' }, { key: 'x', operator: 'Exists', values: ['a'] }, { key: 'y', operator: 'Has' as never }] }, 'spec.selector');
    expect(errs.map(fieldErrorString)).toEqual([
      "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
      "spec.selector.matchExpressions[1].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
      'spec.selector.matchExpressions[2].operator: Invalid value: "Has": not a valid selector operator',
    ]);
  });
});

describe('other formats', () => {
  it.each([
    ['http', []],
    ['web-80', []],
    ['80', ['must contain at least one letter (a-z)']],
    ['Http', ['must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)']],
    ['a--b', ['must not contain consecutive hyphens']],
    ['averyverylongportname', ['must be no more than 15 characters']],
  ])('port name %s', (v, want) => {
    expect(isValidPortName(v)).toEqual(want);
  });

  it('percent strings', () => {
    expect(isValidPercent('25%')).toEqual([]);
    expect(isValidPercent('1')).toEqual(["a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')"]);
  });

  it('environment variable names', () => {
    expect(isEnvVarName('MY_VAR.1')).toEqual([]);
    expect(isEnvVarName('1VAR')).toHaveLength(1);
    expect(isEnvVarName('..x')).toEqual(["must not start with '..'"]);
  });
});

describe('object meta', () => {
  it('requires a name or generateName, and a namespace for namespaced kinds', () => {
    expect(validateObjectMeta({}, true, nameIsDNSSubdomain).map(fieldErrorString)).toEqual([
      'metadata.name: Required value: name or generateName is required',
      'metadata.namespace: Required value',
    ]);
    expect(validateObjectMeta({ generateName: 'web-', namespace: 'default' }, true, nameIsDNSSubdomain)).toEqual([]);
  });

  it('forbids a namespace on cluster-scoped kinds and checks the name', () => {
    expect(validateObjectMeta({ name: 'Node_1', namespace: 'x' }, false, nameIsDNSSubdomain).map(fieldErrorString)).toEqual([
      `metadata.name: Invalid value: "Node_1": ${SUBDOMAIN_MSG}`,
      'metadata.namespace: Forbidden: not allowed on this type',
    ]);
  });

  it('checks owner references', () => {
    const errs = validateObjectMeta({ name: 'p', namespace: 'd', ownerReferences: [{ apiVersion: 'apps/', kind: '', name: 'rs', uid: '' }] }, true, nameIsDNSSubdomain);
    expect(errs.map(fieldErrorString)).toEqual([
      'metadata.ownerReferences.apiVersion: Invalid value: "apps/": version must not be empty',
      'metadata.ownerReferences.kind: Invalid value: "": kind must not be empty',
      'metadata.ownerReferences.uid: Invalid value: "": uid must not be empty',
    ]);
  });

  it('keeps name, namespace and uid immutable on update', () => {
    const old = { name: 'a', namespace: 'n', uid: 'u1', creationTimestamp: 't' };
    expect(validateObjectMetaUpdate({ ...old }, old)).toEqual([]);
    expect(validateObjectMetaUpdate({ ...old, name: 'b', uid: 'u2' }, old).map(fieldErrorString)).toEqual([
      'metadata.name: Invalid value: "b": field is immutable',
      'metadata.uid: Invalid value: "u2": field is immutable',
    ]);
  });
});
