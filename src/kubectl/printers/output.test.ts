// `-o yaml` / `-o json`: yaml.v2-through-sigs.k8s.io/yaml formatting and Go's json.MarshalIndent.
import { describe, expect, test } from 'vitest';
import * as f from '../../../test/fixtures/kubectl.js';
import type { Json, KObject } from '../../api/types.js';
import { printList, printObject, toGoJson } from './output.js';
import { toYaml, yamlKeyLess } from './yaml.js';

const lines = (...l: string[]): string => l.join('\n') + '\n';

describe('-o yaml', () => {
  test('a namespace: sorted keys, quoted timestamps, sequences under their key', () => {
    const ns: KObject = { ...f.namespace('prod', 0), sim: { x: 1 } };
    expect(printObject(ns, 'yaml')).toBe(lines(
      'apiVersion: v1',
      'kind: Namespace',
      'metadata:',
      '  creationTimestamp: "2024-01-01T00:00:00Z"',
      '  labels:',
      '    kubernetes.io/metadata.name: prod',
      '  name: prod',
      '  uid: uid-ns-prod',
      'spec:',
      '  finalizers:',
      '  - kubernetes',
      'status:',
      '  phase: Active',
    ));
  });

  test('a pod: nested maps in sequences, null, booleans, "True" quoted, empty map', () => {
    const out = printObject(f.runningPod, 'yaml');
    expect(out).toContain(lines(
      'status:',
      '  conditions:',
      '  - lastProbeTime: null',
      '    lastTransitionTime: "2024-01-01T00:00:14Z"',
      '    status: "True"',
      '    type: Initialized',
    ));
    expect(out).toContain(lines(
      '  containerStatuses:',
      '  - containerID: containerd://web-0001',
      '    image: nginx:1.25',
      '    imageID: docker.io/library/nginx:1.25@sha256:0123abcd',
      '    lastState: {}',
      '    name: web',
      '    ready: true',
      '    restartCount: 0',
      '    started: true',
      '    state:',
      '      running:',
      '        startedAt: "2024-01-01T00:00:13Z"',
    ));
    expect(out).toContain('  resourceVersion: "42"\n');
    expect(out).not.toContain('sim');
  });

  test('several objects are a v1 List', () => {
    expect(printList([f.namespace('a', 0)], 'yaml')).toBe(lines(
      'apiVersion: v1',
      'items:',
      '- apiVersion: v1',
      '  kind: Namespace',
      '  metadata:',
      '    creationTimestamp: "2024-01-01T00:00:00Z"',
      '    labels:',
      '      kubernetes.io/metadata.name: a',
      '    name: a',
      '    uid: uid-ns-a',
      '  spec:',
      '    finalizers:',
      '    - kubernetes',
      '  status:',
      '    phase: Active',
      'kind: List',
      'metadata:',
      '  resourceVersion: ""',
    ));
    expect(printList([], 'yaml')).toBe(lines('apiVersion: v1', 'items: []', 'kind: List', 'metadata:', '  resourceVersion: ""'));
  });

  test.each<[string, Json, string]>([
    ['strings that read as other types are double-quoted', { a: '80', b: 'yes', c: 'null', d: '', e: '1e3', f: '0x1f', g: '~' }, 'a: "80"\nb: "yes"\nc: "null"\nd: ""\ne: "1e3"\nf: "0x1f"\ng: "~"\n'],
    ['indicators force single quotes', { a: 'key: value', b: '#x', c: '- x', d: '*', e: '@a', f: "it's" }, "a: 'key: value'\nb: '#x'\nc: '- x'\nd: '*'\ne: '@a'\nf: it's\n"],
    ['quotes inside single quotes double up', { a: "'q'" }, "a: '''q'''\n"],
    ['control characters use double-quote escapes', { a: 'a\tb' }, 'a: "a\\tb"\n'],
    ['multi-line strings are literal blocks with chomping hints', { a: 'x\n', b: 'x\ny', c: 'x\n\n' }, 'a: |\n  x\nb: |-\n  x\n  y\nc: |+\n  x\n\n'],
    ['empty collections are flow style', { a: [], b: {}, c: [{}] }, 'a: []\nb: {}\nc:\n- {}\n'],
    ['sequences in sequences', { a: [[1, 2], [3]] }, 'a:\n- - 1\n  - 2\n- - 3\n'],
    ['keys in yaml.v2 natural order', { a10: 1, a9: 1, b: 1, a_b: 1, y: 1 }, 'a_b: 1\na9: 1\na10: 1\nb: 1\n"y": 1\n'],
  ])('%s', (_name, v, want) => {
    expect(toYaml(v)).toBe(want);
  });

  test('long scalars fold at the first space past column 80, continuation indented', () => {
    const message = '0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.';
    // A real kubectl get -o yaml of an unschedulable pod folds exactly here.
    expect(toYaml({ status: { conditions: [{ lastProbeTime: null, message }] } })).toBe(lines(
      'status:',
      '  conditions:',
      '  - lastProbeTime: null',
      "    message: '0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are",
      "      available: 1 No preemption victims found for incoming pod.'",
    ));
    expect(toYaml({ a: 'plain words that are long enough to need folding past the eightieth column of the line yes' })).toBe(
      'a: plain words that are long enough to need folding past the eightieth column of the\n  line yes\n');
  });

  test('yamlKeyLess: digits compare as numbers, non-letters before letters', () => {
    expect(yamlKeyLess('a2', 'a10')).toBe(true);
    expect(yamlKeyLess('a_', 'aZ')).toBe(true);
    expect(yamlKeyLess('app', 'app.kubernetes.io/name')).toBe(true);
  });
});

describe('-o json', () => {
  test('four-space indent, sorted keys, trailing newline, no sim', () => {
    expect(printObject({ kind: 'Namespace', apiVersion: 'v1', metadata: { name: 'a' }, sim: { k: 1 } }, 'json')).toBe(lines(
      '{',
      '    "apiVersion": "v1",',
      '    "kind": "Namespace",',
      '    "metadata": {',
      '        "name": "a"',
      '    }',
      '}',
    ));
  });

  test('the list wrapper', () => {
    expect(printList([], 'json')).toBe('{\n    "apiVersion": "v1",\n    "items": [],\n    "kind": "List",\n    "metadata": {\n        "resourceVersion": ""\n    }\n}\n');
  });

  test('Go escapes <, >, & and \\b \\f like encoding/json', () => {
    expect(toGoJson({ a: '<none> & more', b: '\b\f\\b' })).toBe('{\n    "a": "\\u003cnone\\u003e \\u0026 more",\n    "b": "\\u0008\\u000c\\\\b"\n}\n');
  });

  test('key order can be kept as in the object', () => {
    expect(printObject({ kind: 'Namespace', apiVersion: 'v1', metadata: { name: 'a' } }, 'yaml', { sortKeys: false })).toBe('kind: Namespace\napiVersion: v1\nmetadata:\n  name: a\n');
  });
});
