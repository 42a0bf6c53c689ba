import { describe, expect, it } from 'vitest';
import {
  aggregateMessage, errorBody, fieldErr, fieldErrorString, go, goQuote, goSyntax, kubectlMessage, newAlreadyExists, newBadRequest,
  newConflict, newForbidden, newInvalid, newNotFound, CONFLICT_MODIFIED,
} from './errors.js';

describe('Go value formatting (fmt %q / %#v)', () => {
  it.each([
    ['plain', 'vol-CM', '"vol-CM"'],
    ['quote and backslash', 'a"b\\c', '"a\\"b\\\\c"'],
    ['newline and tab', 'a\nb\tc', '"a\\nb\\tc"'],
    ['control byte', '\x01', '"\\x01"'],
    ['unicode kept', 'héllo', '"héllo"'],
  ])('goQuote %s', (_, input, want) => {
    expect(goQuote(input)).toBe(want);
  });

  it.each([
    ['map sorted by key', go.labels({ b: '2', a: '1' }), 'map[string]string{"a":"1", "b":"2"}'],
    ['empty map', go.labels({}), 'map[string]string{}'],
    ['nil map', go.labels(undefined), 'map[string]string(nil)'],
    ['int-or-string int', go.intOrString(0), 'intstr.IntOrString{Type:0, IntVal:0, StrVal:""}'],
    ['int-or-string string', go.intOrString('1'), 'intstr.IntOrString{Type:1, IntVal:0, StrVal:"1"}'],
    ['nil slice', go.strings(undefined), '[]string(nil)'],
    ['slice', go.strings(['a', 'b']), '[]string{"a", "b"}'],
    ['nil pointer field', go.struct('core.Taint', [['Key', go.str('k')], ['TimeAdded', go.ptr('v1.Time', true)]]), 'core.Taint{Key:"k", TimeAdded:(*v1.Time)(nil)}'],
  ])('goSyntax %s', (_, v, want) => {
    expect(goSyntax(v)).toBe(want);
  });
});

describe('field.Error.ErrorBody', () => {
  it.each([
    ['invalid int', fieldErr.invalid('spec.replicas', go.int(-1), 'must be greater than or equal to 0'), 'spec.replicas: Invalid value: -1: must be greater than or equal to 0'],
    ['invalid string', fieldErr.invalid('metadata.name', go.str('Web'), 'x'), 'metadata.name: Invalid value: "Web": x'],
    ['invalid map', fieldErr.invalid('spec.template.metadata.labels', go.labels({ app: 'web2' }), '`selector` does not match template `labels`'),
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web2"}: `selector` does not match template `labels`'],
    ['invalid nil', fieldErr.invalid('spec.activeDeadlineSeconds', go.null(), 'must not update from a positive integer to nil value'),
      'spec.activeDeadlineSeconds: Invalid value: "null": must not update from a positive integer to nil value'],
    ['stringer printed bare', fieldErr.invalid('spec.containers[0].resources.limits[cpus]', go.stringer('cpus'), 'must be a standard resource for containers'),
      'spec.containers[0].resources.limits[cpus]: Invalid value: cpus: must be a standard resource for containers'],
    ['required without detail', fieldErr.required('spec.selector'), 'spec.selector: Required value'],
    ['required with detail', fieldErr.required('metadata.name', 'name or generateName is required'), 'metadata.name: Required value: name or generateName is required'],
    ['forbidden', fieldErr.forbidden('spec', 'pod updates may not add or remove containers'), 'spec: Forbidden: pod updates may not add or remove containers'],
    ['not found', fieldErr.notFound('spec.containers[0].volumeMounts[0].name', go.str('vol-CM')), 'spec.containers[0].volumeMounts[0].name: Not found: "vol-CM"'],
    ['duplicate', fieldErr.duplicate('spec.containers[1].name', go.str('web')), 'spec.containers[1].name: Duplicate value: "web"'],
    ['not supported', fieldErr.notSupported('spec.template.spec.restartPolicy', go.str('Never'), ['Always']),
      'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"'],
    ['too long', fieldErr.tooLong('metadata.annotations', 262144), 'metadata.annotations: Too long: must have at most 262144 bytes'],
  ])('%s', (_, e, want) => {
    expect(fieldErrorString(e)).toBe(want);
  });

  it('omits the value for omitValue', () => {
    expect(errorBody({ type: 'FieldValueTooMany', field: 'x', badValue: go.omit(), detail: 'has too many items' })).toBe('Too many: has too many items');
  });
});

describe('status errors', () => {
  const a = fieldErr.invalid('spec.replicas', go.int(-1), 'must be greater than or equal to 0');
  const b = fieldErr.required('spec.selector');

  it('aggregates one error alone and several in brackets, without duplicates', () => {
    expect(aggregateMessage([a])).toBe('spec.replicas: Invalid value: -1: must be greater than or equal to 0');
    expect(aggregateMessage([a, b, a])).toBe('[spec.replicas: Invalid value: -1: must be greater than or equal to 0, spec.selector: Required value]');
  });

  it('NewInvalid names the group-qualified kind in the server message', () => {
    const err = newInvalid('Deployment', 'apps', 'web', [a]);
    expect(err).toMatchObject({ code: 422, reason: 'Invalid' });
    expect(err.message).toBe('Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0');
    expect(err.details?.causes).toEqual([{ type: 'FieldValueInvalid', field: 'spec.replicas', message: 'Invalid value: -1: must be greater than or equal to 0' }]);
    expect(newInvalid('Pod', '', 'p', [b]).message).toBe('Pod "p" is invalid: spec.selector: Required value');
  });

  it.each([
    [newNotFound('deployments.apps', 'web'), 404, 'NotFound', 'deployments.apps "web" not found'],
    [newAlreadyExists('deployments.apps', 'web'), 409, 'AlreadyExists', 'deployments.apps "web" already exists'],
    [newConflict('pods', 'p', CONFLICT_MODIFIED), 409, 'Conflict', 'Operation cannot be fulfilled on pods "p": the object has been modified; please apply your changes to the latest version and try again'],
    [newForbidden('pods', 'p', 'no PriorityClass with name x was found'), 403, 'Forbidden', 'pods "p" is forbidden: no PriorityClass with name x was found'],
    [newBadRequest('boom'), 400, 'BadRequest', 'boom'],
  ])('%j', (err, code, reason, message) => {
    expect(err).toMatchObject({ code, reason, message });
  });
});

describe('kubectlMessage', () => {
  const one = newInvalid('Deployment', 'apps', 'web', [fieldErr.invalid('spec.replicas', go.int(-1), 'must be greater than or equal to 0')]);
  const two = newInvalid('Deployment', 'apps', 'dep-test', [
    fieldErr.invalid('spec.template.spec.volumes[0].name', go.str('vol-CM'), 'bad'),
    fieldErr.notFound('spec.template.spec.containers[0].volumeMounts[0].name', go.str('vol-CM')),
  ]);

  it('prints Invalid errors from the details, whatever the verb', () => {
    for (const verb of ['creating', 'applying', 'replacing', 'patching'] as const) {
      expect(kubectlMessage(one, verb, 'web.yaml')).toBe('The Deployment "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0');
    }
    expect(kubectlMessage(two, 'applying', 'dep.yaml')).toBe(
      'The Deployment "dep-test" is invalid: \n'
      + '* spec.template.spec.volumes[0].name: Invalid value: "vol-CM": bad\n'
      + '* spec.template.spec.containers[0].volumeMounts[0].name: Not found: "vol-CM"');
  });

  it('adds the source for create -f, and nothing for inline requests or patch', () => {
    const exists = newAlreadyExists('deployments.apps', 'web');
    expect(kubectlMessage(exists, 'creating', 'web.yaml')).toBe('Error from server (AlreadyExists): error when creating "web.yaml": deployments.apps "web" already exists');
    expect(kubectlMessage(exists, 'creating')).toBe('Error from server (AlreadyExists): deployments.apps "web" already exists');
    expect(kubectlMessage(newNotFound('namespaces', 'x'), 'replacing', 'a.yaml')).toBe('Error from server (NotFound): error when replacing "a.yaml": namespaces "x" not found');
    expect(kubectlMessage(newNotFound('deployments.apps', 'web'), 'patching', 'a.yaml')).toBe('Error from server (NotFound): deployments.apps "web" not found');
  });

  it('prints apply patch failures with the patch and the object', () => {
    const msg = kubectlMessage(newConflict('deployments.apps', 'web', CONFLICT_MODIFIED), 'applying', 'web.yaml',
      { patch: '{"spec":{"replicas":2}}', apiVersion: 'apps/v1', kind: 'Deployment', plural: 'deployments', name: 'web', namespace: 'default' });
    expect(msg).toBe('Error from server (Conflict): error when applying patch:\n{"spec":{"replicas":2}}\nto:\n'
      + 'Resource: "apps/v1, Resource=deployments", GroupVersionKind: "apps/v1, Kind=Deployment"\n'
      + 'Name: "web", Namespace: "default"\nfor: "web.yaml": Operation cannot be fulfilled on deployments.apps "web": ' + CONFLICT_MODIFIED);
  });

  it('prints client errors as they are', () => {
    expect(kubectlMessage({ kind: 'client', message: 'error: x' }, 'creating', 'f')).toBe('error: x');
  });
});
