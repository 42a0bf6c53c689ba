import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import jsonpatch from 'fast-json-patch';
import { applyPatch, jsonEqual, parsePointer, toPointer } from './patch.js';
import { edit } from './draft.js';
import type { PatchOp } from './events.js';

describe('immutable RFC 6902 application', () => {
  it('copies only the changed path', () => {
    const doc = Object.freeze({ a: Object.freeze({ x: 1 }), b: Object.freeze({ y: [1, 2, 3] }) });
    const next = applyPatch(doc, [{ op: 'replace', path: '/b/y/1', value: 9 }]);
    expect(next).toEqual({ a: { x: 1 }, b: { y: [1, 9, 3] } });
    expect(next.a).toBe(doc.a);
    expect(doc.b.y[1]).toBe(2);
  });
  it('escapes pointers', () => {
    expect(toPointer(['metadata', 'labels', 'app.kubernetes.io/name'])).toBe('/metadata/labels/app.kubernetes.io~1name');
    expect(parsePointer('/metadata/labels/app.kubernetes.io~1name')).toEqual(['metadata', 'labels', 'app.kubernetes.io/name']);
    expect(parsePointer('/a/~0b')).toEqual(['a', '~b']);
  });
  it('rejects paths that do not exist', () => {
    expect(() => applyPatch({ a: 1 }, [{ op: 'replace', path: '/b', value: 1 }])).toThrow(/does not exist/);
    expect(() => applyPatch({ a: [1] }, [{ op: 'remove', path: '/a/3' }])).toThrow(/out of range/);
  });
  it('agrees with fast-json-patch on random documents and patches', () => {
    const json = fc.jsonValue({ maxDepth: 3 });
    fc.assert(fc.property(fc.dictionary(fc.string({ maxLength: 3 }), json), fc.dictionary(fc.string({ maxLength: 3 }), json), (a, b) => {
      const ops = jsonpatch.compare(a, b) as PatchOp[];
      const ours = applyPatch(a, ops);
      const theirs = jsonpatch.applyPatch(jsonpatch.deepClone(a), ops).newDocument;
      return jsonEqual(ours, theirs) && jsonEqual(ours, JSON.parse(JSON.stringify(b)));
    }), { numRuns: 300 });
  });
});

describe('immer patches become RFC 6902 that fold to the same value', () => {
  type Doc = { labels: Record<string, string>; list: number[]; nested: { conds: { type: string; status: string }[] } };
  const base: Doc = { labels: { a: '1', 'x/y': '2' }, list: [1, 2, 3, 4], nested: { conds: [{ type: 'A', status: 'True' }, { type: 'B', status: 'False' }] } };
  const recipes: [string, (d: Doc) => void][] = [
    ['set label', (d) => { d.labels.b = '3'; }],
    ['delete label with slash', (d) => { delete d.labels['x/y']; }],
    ['push', (d) => { d.list.push(5); }],
    ['shrink', (d) => { d.list.splice(1, 2); }],
    ['shift', (d) => { d.list.shift(); }],
    ['replace element field', (d) => { d.nested.conds[1]!.status = 'True'; }],
    ['filter out', (d) => { d.nested.conds = d.nested.conds.filter((c) => c.type !== 'A'); }],
    ['delete then re-add', (d) => { delete (d as Partial<Doc>).labels; d.labels = { z: '1' }; }],
    ['shrink and modify', (d) => { d.nested.conds[0]!.status = 'Unknown'; d.nested.conds.pop(); }],
  ];
  it.each(recipes)('%s', (_, recipe) => {
    const { next, patch } = edit(base, recipe);
    expect(jsonEqual(applyPatch(base, patch), next)).toBe(true);
  });
  it('no change → empty patch, same value', () => {
    const { next, patch } = edit(base, (d) => { d.labels.a = '1'; });
    expect(patch).toEqual([]);
    expect(next).toBe(base);
  });
  it('random array edits round-trip', () => {
    fc.assert(fc.property(fc.array(fc.integer(), { maxLength: 8 }), fc.array(fc.tuple(fc.nat(8), fc.nat(3), fc.integer())), (arr, ops) => {
      const doc = { arr };
      const { next, patch } = edit(doc, (d) => {
        for (const [i, kind, v] of ops) {
          if (kind === 0) d.arr.push(v);
          else if (kind === 1 && d.arr.length) d.arr.splice(i % d.arr.length, 1);
          else if (kind === 2 && d.arr.length) d.arr[i % d.arr.length] = v;
          else d.arr.unshift(v);
        }
      });
      return jsonEqual(applyPatch(doc, patch), next);
    }), { numRuns: 300 });
  });
});
