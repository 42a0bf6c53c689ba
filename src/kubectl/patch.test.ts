import { describe, expect, it } from 'vitest';
import { goJson } from './output.js';
import { createThreeWayMergePatch, jsonMergePatch, jsonPatch, PatchError, schemaFor, strategicMergePatch } from './patch.js';

const deploy = schemaFor('Deployment');
const pod = schemaFor('Pod');

type J = Record<string, unknown>;
const podWith = (containers: unknown[], extra: J = {}): J => ({ spec: { containers, ...extra } });
const c = (name: string, image: string, extra: J = {}): J => ({ name, image, ...extra });

/** The three-way patch, and what the API server makes of it on `current`. */
function threeWay(original: J | undefined, modified: J, current: J, schema = pod): { patch: string; result: J } {
  const patch = createThreeWayMergePatch(original, modified, current, schema);
  return { patch: goJson(patch), result: strategicMergePatch(current, patch, schema) };
}

describe('createThreeWayMergePatch (strategicpatch CreateThreeWayMergePatch)', () => {
  it('is {} when the manifest did not change, whatever the server added', () => {
    const m = podWith([c('web', 'web:1')]);
    const current = podWith([c('web', 'web:1', { imagePullPolicy: 'IfNotPresent' })], { restartPolicy: 'Always' });
    expect(threeWay(m, m, current).patch).toBe('{}');
  });

  it('changes a container by its merge key and orders the list with $setElementOrder', () => {
    const r = threeWay(podWith([c('web', 'web:1')]), podWith([c('web', 'web:2')]), podWith([c('web', 'web:1', { imagePullPolicy: 'IfNotPresent' })]));
    expect(r.patch).toBe('{"spec":{"$setElementOrder/containers":[{"name":"web"}],"containers":[{"image":"web:2","name":"web"}]}}');
    expect(r.result).toEqual(podWith([c('web', 'web:2', { imagePullPolicy: 'IfNotPresent' })]));
  });

  it('deletes a container removed from the manifest with a $patch: delete directive', () => {
    const both = podWith([c('a', 'a:1'), c('b', 'b:1')]);
    const r = threeWay(both, podWith([c('a', 'a:1')]), both);
    expect(r.patch).toBe('{"spec":{"$setElementOrder/containers":[{"name":"a"}],"containers":[{"$patch":"delete","name":"b"}]}}');
    expect(r.result).toEqual(podWith([c('a', 'a:1')]));
  });

  it('removes a field deleted from the manifest (null) but keeps fields only the server set', () => {
    const original = { spec: { replicas: 3, minReadySeconds: 5 } };
    const modified = { spec: { replicas: 3 } };
    const current = { spec: { replicas: 3, minReadySeconds: 5, revisionHistoryLimit: 10 } };
    const r = threeWay(original, modified, current, deploy);
    expect(r.patch).toBe('{"spec":{"minReadySeconds":null}}');
    expect(r.result).toEqual({ spec: { replicas: 3, revisionHistoryLimit: 10 } });
  });

  it('without a last-applied configuration deletes nothing', () => {
    const r = threeWay(undefined, { spec: { replicas: 2 } }, { spec: { replicas: 3, minReadySeconds: 5 } }, deploy);
    expect(r.patch).toBe('{"spec":{"replicas":2}}');
    expect(r.result).toEqual({ spec: { replicas: 2, minReadySeconds: 5 } });
  });

  it('overwrites a value changed on the server (kubectl scale) with the manifest\'s', () => {
    const m = { spec: { replicas: 3 } };
    expect(threeWay(m, m, { spec: { replicas: 5 } }, deploy).result).toEqual({ spec: { replicas: 3 } });
  });

  it('merges env by name and ports by containerPort', () => {
    const original = podWith([c('web', 'w', { env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }], ports: [{ containerPort: 80 }] })]);
    const modified = podWith([c('web', 'w', { env: [{ name: 'A', value: '9' }], ports: [{ containerPort: 80 }, { containerPort: 443 }] })]);
    const current = podWith([c('web', 'w', { env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }, { name: 'C', value: '3' }], ports: [{ containerPort: 80, protocol: 'TCP' }] })]);
    const r = threeWay(original, modified, current);
    const web = ((r.result.spec as J).containers as J[])[0]!;
    expect(web.env).toEqual([{ name: 'A', value: '9' }, { name: 'C', value: '3' }]);
    expect(web.ports).toEqual([{ containerPort: 80, protocol: 'TCP' }, { containerPort: 443 }]);
  });

  it('replaces tolerations whole (no patch strategy upstream)', () => {
    const t1 = [{ key: 'a', operator: 'Exists' }];
    const t2 = [{ key: 'b', operator: 'Exists' }];
    const r = threeWay(podWith([], { tolerations: t1 }), podWith([], { tolerations: t2 }), podWith([], { tolerations: [...t1, { key: 'x', operator: 'Exists' }] }));
    expect((r.result.spec as J).tolerations).toEqual(t2);
  });

  it('retainKeys on strategy: switching to Recreate clears the defaulted rollingUpdate', () => {
    const current = { spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } } } };
    const r = threeWay({ spec: {} }, { spec: { strategy: { type: 'Recreate' } } }, current, deploy);
    expect(r.patch).toBe('{"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate"}}}');
    expect(r.result).toEqual({ spec: { strategy: { type: 'Recreate' } } });
  });

  it('primitive merge lists (finalizers): $deleteFromPrimitiveList and $setElementOrder', () => {
    const original = { metadata: { finalizers: ['a', 'b'] } };
    const r = threeWay(original, { metadata: { finalizers: ['a'] } }, original, deploy);
    expect(r.patch).toBe('{"metadata":{"$deleteFromPrimitiveList/finalizers":["b"],"$setElementOrder/finalizers":["a"]}}');
    expect(r.result).toEqual({ metadata: { finalizers: ['a'] } });
  });

  it('a list item the server added makes the order differ: the patch is not empty (kubectl says "configured")', () => {
    const m = podWith([c('a', 'a:1')]);
    const r = threeWay(m, m, podWith([c('a', 'a:1'), c('sidecar', 's:1')]));
    expect(r.patch).toBe('{"spec":{"$setElementOrder/containers":[{"name":"a"}]}}');
    expect((r.result.spec as J).containers).toEqual([c('a', 'a:1'), c('sidecar', 's:1')]);
  });

  it('a missing merge key is an error', () => {
    expect(() => createThreeWayMergePatch(undefined, podWith([{ image: 'x' }]), podWith([c('a', 'a')]), pod)).toThrow(PatchError);
  });
});

describe('strategicMergePatch (kubectl patch --type strategic)', () => {
  it('$setElementOrder puts the patched list in the given order', () => {
    const cur = podWith([c('a', '1'), c('b', '1')]);
    const out = strategicMergePatch(cur, { spec: { '$setElementOrder/containers': [{ name: 'b' }, { name: 'a' }], containers: [{ name: 'b', image: '2' }] } }, pod);
    expect((out.spec as J).containers).toEqual([c('b', '2'), c('a', '1')]);
  });

  it('$patch: replace on a map, null deletes, new keys are added without their nulls', () => {
    const cur = { spec: { replicas: 3, selector: { matchLabels: { app: 'web', tier: 'x' } } } };
    const out = strategicMergePatch(cur, { spec: { replicas: null, selector: { $patch: 'replace', matchLabels: { app: 'web' } }, paused: true, strategy: { type: 'Recreate', rollingUpdate: null } } }, deploy);
    expect(out).toEqual({ spec: { selector: { matchLabels: { app: 'web' } }, paused: true, strategy: { type: 'Recreate' } } });
    expect(cur.spec.replicas).toBe(3); // inputs untouched
  });

  it('without $setElementOrder, items of the patch come before server-only items (mergeSortedSlice)', () => {
    const out = strategicMergePatch(podWith([c('a', '1')]), { spec: { containers: [{ name: 'b', image: '1' }] } }, pod);
    expect((out.spec as J).containers).toEqual([c('b', '1'), c('a', '1')]);
  });
});

describe('JSON merge patch and JSON patch', () => {
  it('RFC 7386: maps merge, lists and scalars replace, null deletes', () => {
    expect(jsonMergePatch({ a: { b: 1, c: [1, 2] }, d: 1 }, { a: { c: [3] }, d: null, e: { f: null, g: 1 } })).toEqual({ a: { b: 1, c: [3] }, e: { g: 1 } });
  });

  it('RFC 6902 operations', () => {
    const doc = { spec: { replicas: 3, list: [1, 2] } };
    expect(jsonPatch(doc, [
      { op: 'replace', path: '/spec/replicas', value: 5 },
      { op: 'add', path: '/spec/list/-', value: 3 },
      { op: 'remove', path: '/spec/list/0' },
      { op: 'copy', from: '/spec/replicas', path: '/spec/copy' },
      { op: 'move', from: '/spec/copy', path: '/spec/moved' },
      { op: 'test', path: '/spec/moved', value: 5 },
    ])).toEqual({ spec: { replicas: 5, list: [2, 3], moved: 5 } });
    expect(doc.spec.replicas).toBe(3);
  });

  it('RFC 6902 errors', () => {
    expect(() => jsonPatch({ spec: {} }, [{ op: 'replace', path: '/spec/replicas', value: 1 }])).toThrow(/replace operation does not apply: doc is missing path: "\/spec\/replicas"/);
    expect(() => jsonPatch({ spec: {} }, [{ op: 'test', path: '/spec', value: 1 }])).toThrow(/test failed/);
    expect(() => jsonPatch({}, { op: 'add' })).toThrow(/cannot unmarshal object/);
  });
});
