// JSON merge patch (RFC 7386, evanphx/json-patch MergePatch) and JSON patch (RFC 6902) for
// `kubectl patch --type merge|json`. Follows evanphx/json-patch v4 as the API server uses it.
// Differs: error texts approximate the library's.
import { jsonEqual } from '../state/patch.js';
import { PatchError } from './patchmeta.js';

type JMap = Record<string, unknown>;
const isMap = (v: unknown): v is JMap => v !== null && typeof v === 'object' && !Array.isArray(v);
const has = (m: JMap, k: string): boolean => Object.prototype.hasOwnProperty.call(m, k);


/** RFC 7386 (evanphx/json-patch MergePatch): maps merge, null deletes, anything else replaces. */
export function jsonMergePatch(target: unknown, patch: unknown): unknown {
  if (!isMap(patch)) return structuredClone(patch);
  const out: JMap = isMap(target) ? structuredClone(target) : {};
  for (const k of Object.keys(patch)) {
    if (patch[k] === null) delete out[k];
    else out[k] = jsonMergePatch(out[k], patch[k]);
  }
  return out;
}

function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw new PatchError(`invalid JSON pointer: ${JSON.stringify(path)}`);
  return path.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function parentOf(doc: unknown, segs: string[], op: string, path: string): { parent: JMap | unknown[]; last: string } {
  let cur = doc;
  for (const s of segs.slice(0, -1)) {
    if (Array.isArray(cur)) cur = cur[Number(s)];
    else if (isMap(cur)) cur = cur[s];
    else cur = undefined;
    if (cur === undefined || cur === null || typeof cur !== 'object') throw new PatchError(`${op} operation does not apply: doc is missing path: ${JSON.stringify(path)}: missing value`);
  }
  return { parent: cur as JMap | unknown[], last: segs[segs.length - 1]! };
}

function getAt(doc: unknown, path: string, op: string): unknown {
  let cur = doc;
  for (const s of pointer(path)) {
    cur = Array.isArray(cur) ? cur[Number(s)] : isMap(cur) ? cur[s] : undefined;
    if (cur === undefined) throw new PatchError(`${op} operation does not apply: doc is missing path: ${JSON.stringify(path)}: missing value`);
  }
  return cur;
}

function arrayIndex(arr: unknown[], s: string, forAdd: boolean, op: string, path: string): number {
  if (forAdd && s === '-') return arr.length;
  const i = Number(s);
  if (!/^\d+$/.test(s) || i > arr.length || (!forAdd && i >= arr.length)) throw new PatchError(`${op} operation does not apply: doc is missing path: ${JSON.stringify(path)}: missing value`);
  return i;
}

function addAt(doc: unknown, path: string, value: unknown, op: string): unknown {
  const segs = pointer(path);
  if (segs.length === 0) return value;
  const { parent, last } = parentOf(doc, segs, op, path);
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, last, true, op, path), 0, value);
  else parent[last] = value;
  return doc;
}

function removeAt(doc: unknown, path: string, op: string): unknown {
  const segs = pointer(path);
  const { parent, last } = parentOf(doc, segs, op, path);
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, last, false, op, path), 1);
  else if (has(parent, last)) delete parent[last];
  else throw new PatchError(`${op} operation does not apply: doc is missing path: ${JSON.stringify(path)}: missing value`);
  return doc;
}

/** RFC 6902: add, remove, replace, move, copy, test. Throws PatchError on a bad operation. */
export function jsonPatch(doc: unknown, ops: unknown): unknown {
  if (!Array.isArray(ops)) throw new PatchError('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  let out = structuredClone(doc);
  for (const raw of ops) {
    if (!isMap(raw) || typeof raw.op !== 'string') throw new PatchError('Unexpected kind: <nil>');
    const op = raw.op;
    const path = typeof raw.path === 'string' ? raw.path : '';
    switch (op) {
      case 'add': out = addAt(out, path, structuredClone(raw.value), op); break;
      case 'remove': out = removeAt(out, path, op); break;
      case 'replace':
        getAt(out, path, op);
        out = pointer(path).length === 0 ? structuredClone(raw.value) : addAt(removeAt(out, path, op), path, structuredClone(raw.value), op);
        break;
      case 'move': {
        const from = String(raw.from ?? '');
        const v = getAt(out, from, op);
        out = addAt(removeAt(out, from, op), path, v, op);
        break;
      }
      case 'copy': out = addAt(out, path, structuredClone(getAt(out, String(raw.from ?? ''), op)), op); break;
      case 'test':
        if (!jsonEqual(getAt(out, path, op), raw.value)) throw new PatchError(`testing value ${path} failed: test failed`);
        break;
      default: throw new PatchError(`Unexpected kind: ${op}`);
    }
  }
  return out;
}
