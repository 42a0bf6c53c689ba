// Strategic merge patch: create the three-way patch kubectl apply sends, and apply a patch as the
// API server does. Follows apimachinery/pkg/util/strategicpatch/patch.go (v1.28) function by
// function, over plain JSON. Differs: Go's map iteration is random; keys go in sorted order here.
import { jsonEqual } from '../state/patch.js';
import {
  DELETE_FROM_PRIMITIVE_LIST, DIRECTIVE, RETAIN_KEYS, SET_ELEMENT_ORDER, PatchError, byV, elementKind, goType, goV, has, indexIn, isMap,
  lookupSlice, lookupStruct, noMergeKey, normalizeSliceOrder, sameScalar, sortScalars, splitStrategies, type JMap, type PatchSchema,
} from './patchmeta.js';

export { goV, PatchError, schemaFor, type PatchSchema } from './patchmeta.js';
export { jsonMergePatch, jsonPatch } from './jsonpatch.js';

// ------------------------------------------------------------------ creating patches (diff)

interface DiffOptions {
  ignoreChangesAndAdditions: boolean;
  ignoreDeletions: boolean;
  setElementOrder: boolean;
  buildRetainKeys: boolean;
}

function diffMaps(original: JMap, modified: JMap, schema: PatchSchema, o: DiffOptions): JMap {
  const patch: JMap = {};
  const retain: string[] = [];
  for (const key of Object.keys(modified).sort()) {
    const mv = modified[key];
    if (o.buildRetainKeys && mv !== null) retain.push(key);
    if (!has(original, key)) {
      if (!o.ignoreChangesAndAdditions) patch[key] = mv;
      continue;
    }
    const ov = original[key];
    if (key === DIRECTIVE) {
      if (mv !== ov) patch[DIRECTIVE] = mv;
      continue;
    }
    if (goType(ov) !== goType(mv)) {
      if (!o.ignoreChangesAndAdditions) patch[key] = mv;
      continue;
    }
    if (isMap(ov)) handleMapDiff(key, ov, mv as JMap, patch, schema, o);
    else if (Array.isArray(ov)) handleSliceDiff(key, ov, mv as unknown[], patch, schema, o);
    else if (!o.ignoreChangesAndAdditions && !jsonEqual(ov, mv)) patch[key] = mv;
  }
  // updatePatchIfMissing: nulls for deleted values
  if (!o.ignoreDeletions) for (const key of Object.keys(original)) if (!has(modified, key)) patch[key] = null;
  const hasAdditionalNewField = Object.keys(original).some((k) => original[k] !== null && !has(modified, k));
  if (retain.length > 0 && (Object.keys(patch).length > 0 || hasAdditionalNewField)) patch[RETAIN_KEYS] = sortScalars(retain);
  return patch;
}

function handleMapDiff(key: string, ov: JMap, mv: JMap, patch: JMap, schema: PatchSchema, o: DiffOptions): void {
  const { sub, strategies } = lookupStruct(schema, key);
  const { retainKeys, strategy } = splitStrategies(strategies);
  if (strategy === 'replace') {
    if (!o.ignoreChangesAndAdditions) patch[key] = mv;
    return;
  }
  const pv = diffMaps(ov, mv, sub, { ...o, buildRetainKeys: retainKeys });
  if (Object.keys(pv).length > 0) patch[key] = pv;
}

function handleSliceDiff(key: string, ov: unknown[], mv: unknown[], patch: JMap, schema: PatchSchema, o: DiffOptions): void {
  const { sub, strategies, mergeKey } = lookupSlice(schema, key);
  const { retainKeys, strategy } = splitStrategies(strategies);
  if (strategy !== 'merge') {
    if (!o.ignoreChangesAndAdditions && !jsonEqual(ov, mv)) patch[key] = mv;
    return;
  }
  const [add, del, order] = diffLists(ov, mv, sub, mergeKey, { ...o, buildRetainKeys: retainKeys });
  if (add.length > 0) patch[key] = add;
  if (del.length > 0) patch[`${DELETE_FROM_PRIMITIVE_LIST}/${key}`] = del;
  if (order.length > 0) patch[`${SET_ELEMENT_ORDER}/${key}`] = order;
}

function isOrderSame(original: readonly unknown[], modified: readonly unknown[], mergeKey: string): boolean {
  if (original.length !== modified.length) return false;
  return original.every((o, i) => sameScalar((o as JMap)[mergeKey], (modified[i] as JMap)[mergeKey]));
}

function diffLists(original: unknown[], modified: unknown[], schema: PatchSchema, mergeKey: string, o: DiffOptions): [unknown[], unknown[], unknown[]] {
  const kind = elementKind(original, modified);
  if (kind === 'none') return [[], [], []];
  if (kind === 'map') {
    const [patchList0, deleteList] = diffListsOfMaps(original, modified, schema, mergeKey, o);
    const orderSame = isOrderSame(original, modified, mergeKey);
    const patchList = [...normalizeSliceOrder(patchList0, modified, mergeKey, 'map'), ...deleteList];
    const wantOrder = o.setElementOrder &&
      ((!o.ignoreChangesAndAdditions && (patchList.length > 0 || !orderSame)) || (!o.ignoreDeletions && patchList.length > 0));
    return [patchList, [], wantOrder ? modified.map((v) => ({ [mergeKey]: (v as JMap)[mergeKey] })) : []];
  }
  const [add, del] = diffListsOfScalars(original, modified, o);
  const patchList = normalizeSliceOrder(add, modified, '', 'scalar');
  const wantOrder = o.setElementOrder && ((!o.ignoreDeletions && del.length > 0) || (!o.ignoreChangesAndAdditions && !jsonEqual(original, modified)));
  return [patchList, del, wantOrder ? modified : []];
}

function diffListsOfScalars(original: unknown[], modified: unknown[], o: DiffOptions): [unknown[], unknown[]] {
  const os = sortScalars(original);
  const ms = sortScalars(modified);
  const add: unknown[] = [];
  const del: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < os.length || j < ms.length) {
    const oIn = i < os.length;
    const mIn = j < ms.length;
    const a = oIn ? goV(os[i]) : '';
    const b = mIn ? goV(ms[j]) : '';
    if (oIn && mIn && a === b) {
      i++;
      j++;
    } else if (!oIn || (mIn && a > b)) {
      if (!o.ignoreChangesAndAdditions) add.push(ms[j]);
      j++;
    } else {
      if (!o.ignoreDeletions) del.push(os[i]);
      i++;
    }
  }
  return [add, del];
}

function diffListsOfMaps(original: unknown[], modified: unknown[], schema: PatchSchema, mergeKey: string, o: DiffOptions): [unknown[], unknown[]] {
  const key = (m: unknown): unknown => {
    if (!isMap(m) || !has(m, mergeKey)) throw noMergeKey(m, mergeKey);
    return m[mergeKey];
  };
  const byKey = (a: unknown, b: unknown): number => byV(key(a), key(b));
  const os = [...original].sort(byKey);
  const ms = [...modified].sort(byKey);
  const patch: unknown[] = [];
  const deletions: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < os.length || j < ms.length) {
    const oIn = i < os.length;
    const mIn = j < ms.length;
    const a = oIn ? goV(key(os[i])) : '';
    const b = mIn ? goV(key(ms[j])) : '';
    if (oIn && mIn && a === b) {
      const pv = diffMaps(os[i] as JMap, ms[j] as JMap, schema, o);
      if (Object.keys(pv).length > 0) patch.push({ ...pv, [mergeKey]: key(ms[j]) });
      i++;
      j++;
    } else if (!oIn || (mIn && a > b)) {
      if (!o.ignoreChangesAndAdditions) patch.push(ms[j]);
      j++;
    } else {
      if (!o.ignoreDeletions) deletions.push({ [DIRECTIVE]: 'delete', [mergeKey]: key(os[i]) });
      i++;
    }
  }
  return [patch, deletions];
}

/**
 * CreateThreeWayMergePatch (overwrite = true, as kubectl apply): the changes from `current` to
 * `modified` without deletions, plus the deletions from `original` (the last-applied
 * configuration) to `modified`.
 * @example createThreeWayMergePatch({spec: {a: 1, b: 2}}, {spec: {a: 1}}, {spec: {a: 1, b: 2, c: 3}}, undefined) // {spec: {b: null}}
 */
export function createThreeWayMergePatch(original: JMap | undefined, modified: JMap, current: JMap, schema: PatchSchema): JMap {
  const delta = diffMaps(current, modified, schema, { ignoreDeletions: true, ignoreChangesAndAdditions: false, setElementOrder: true, buildRetainKeys: false });
  const deletions = diffMaps(original ?? {}, modified, schema, { ignoreDeletions: false, ignoreChangesAndAdditions: true, setElementOrder: true, buildRetainKeys: false });
  return mergeMap(deletions, delta, schema, { mergeParallelList: false, ignoreUnmatchedNulls: false });
}

// ------------------------------------------------------------------ applying patches (merge)

interface MergeOptions {
  /** true when applying a patch to an object; false when merging two patches */
  mergeParallelList: boolean;
  ignoreUnmatchedNulls: boolean;
}

function mergeMap(original: JMap | undefined, patch: JMap, schema: PatchSchema, mo: MergeOptions): JMap {
  if (has(patch, DIRECTIVE)) return handleDirectiveInMergeMap(patch[DIRECTIVE], patch);
  const orig: JMap = original ?? {};
  applyRetainKeysDirective(orig, patch, mo);
  mergePatchIntoOriginal(orig, patch, schema, mo);
  for (const k of Object.keys(patch).sort()) {
    const patchV = patch[k];
    let key = k;
    let isDeleteList = false;
    if (k.startsWith(`${DELETE_FROM_PRIMITIVE_LIST}/`)) {
      if (!mo.mergeParallelList) {
        orig[k] = patchV;
        continue;
      }
      key = k.slice(DELETE_FROM_PRIMITIVE_LIST.length + 1);
      isDeleteList = true;
    }
    if (patchV === null) {
      delete orig[key];
      if (mo.ignoreUnmatchedNulls) continue;
    }
    if (!has(orig, key) || goType(orig[key]) !== goType(patchV)) {
      if (!isDeleteList) orig[key] = mo.ignoreUnmatchedNulls ? discardNulls(patchV) : patchV;
      continue;
    }
    const ov = orig[key];
    if (isMap(ov)) {
      const { sub, strategies } = lookupStruct(schema, key);
      orig[key] = splitStrategies(strategies).strategy !== 'replace' ? mergeMap(ov, patchV as JMap, sub, mo) : patchV;
    } else if (Array.isArray(ov)) {
      const { sub, strategies, mergeKey } = lookupSlice(schema, key);
      orig[key] = splitStrategies(strategies).strategy === 'merge' ? mergeSlice(ov, patchV as unknown[], sub, mergeKey, mo, isDeleteList) : patchV;
    } else {
      orig[key] = patchV;
    }
  }
  return orig;
}

function handleDirectiveInMergeMap(directive: unknown, patch: JMap): JMap {
  if (directive === 'replace') {
    const { [DIRECTIVE]: _d, ...rest } = patch;
    return rest;
  }
  if (directive === 'delete') return {};
  throw new PatchError(`Unknown patch type: ${goV(directive)} in map: ${goV(patch)}`);
}

/** discardNullValuesFromPatch: nulls inside a value that is added whole mean nothing. */
function discardNulls(v: unknown): unknown {
  if (isMap(v)) {
    for (const k of Object.keys(v)) {
      if (v[k] === null) delete v[k];
      else discardNulls(v[k]);
    }
  } else if (Array.isArray(v)) {
    for (const x of v) discardNulls(x);
  }
  return v;
}

function applyRetainKeysDirective(original: JMap, patch: JMap, mo: MergeOptions): void {
  if (!has(patch, RETAIN_KEYS)) return;
  const list = patch[RETAIN_KEYS];
  delete patch[RETAIN_KEYS];
  if (!mo.mergeParallelList) {
    if (has(original, RETAIN_KEYS)) {
      if (!jsonEqual(original[RETAIN_KEYS], list)) throw new PatchError(`${goV(original[RETAIN_KEYS])} and ${goV(list)} are not deep equal: this may happen when calculating the 3-way diff patch`);
    } else {
      original[RETAIN_KEYS] = list;
    }
    return;
  }
  if (!Array.isArray(list)) throw new PatchError('invalid patch: $retainKeys must be a list');
  const keep = new Set(list.map((x) => String(x)));
  for (const k of Object.keys(patch)) {
    if (patch[k] === null || k.startsWith(DELETE_FROM_PRIMITIVE_LIST) || k.startsWith(SET_ELEMENT_ORDER)) continue;
    if (!keep.has(k)) throw new PatchError('doesn\'t match the $retainKeys list: invalid patch');
  }
  for (const k of Object.keys(original)) if (!keep.has(k)) delete original[k];
}

function removeDirectives(v: unknown): { value: unknown; keep: boolean } {
  if (v === null || v === undefined) return { value: v, keep: false };
  if (isMap(v)) {
    if (has(v, DIRECTIVE)) return { value: undefined, keep: false };
    for (const k of Object.keys(v)) {
      const r = removeDirectives(v[k]);
      if (r.keep) v[k] = r.value;
      else delete v[k];
    }
    return { value: v, keep: true };
  }
  if (Array.isArray(v)) return { value: v.map(removeDirectives).filter((r) => r.keep).map((r) => r.value), keep: true };
  return { value: v, keep: true };
}

/** validatePatchWithSetOrderList: the patch list's items must appear in $setElementOrder's order. */
function validatePatchWithSetOrderList(patchList: readonly unknown[], order: readonly unknown[], mergeKey: string): void {
  if (order.length === 0 || patchList.length === 0) return;
  const nonDelete = mergeKey ? patchList.filter((m) => !(isMap(m) && m[DIRECTIVE] === 'delete')) : patchList;
  let p = 0;
  let s = 0;
  while (p < nonDelete.length && s < order.length) {
    const item = nonDelete[p];
    if (isMap(item) && has(item, DIRECTIVE)) {
      p++;
      continue;
    }
    const equal = mergeKey ? isMap(item) && isMap(order[s]) && sameScalar(item[mergeKey], (order[s] as JMap)[mergeKey]) : sameScalar(item, order[s]);
    if (equal) p++;
    s++;
  }
  if (p < nonDelete.length && s >= order.length) {
    throw new PatchError(`The order in patch list:\n${goV(patchList)}\n doesn't match ${SET_ELEMENT_ORDER} list:\n${goV(order)}\n`);
  }
}

/** mergePatchIntoOriginal: $setElementOrder lists and the lists they order. */
function mergePatchIntoOriginal(original: JMap, patch: JMap, schema: PatchSchema, mo: MergeOptions): void {
  for (const key of Object.keys(patch).sort()) {
    if (!key.startsWith(`${SET_ELEMENT_ORDER}/`)) continue;
    const order = patch[key];
    if (!mo.mergeParallelList) {
      if (has(original, key)) {
        if (!jsonEqual(original[key], order)) throw new PatchError('invalid patch: the $setElementOrder lists of the two patches differ');
      } else {
        original[key] = order;
      }
    }
    delete patch[key];
    if (!Array.isArray(order)) throw new PatchError(`invalid patch: ${key} must be a list`);
    const field = key.slice(SET_ELEMENT_ORDER.length + 1);
    const foundOriginal = has(original, field);
    const foundPatch = has(patch, field);
    const originalList = foundOriginal && Array.isArray(original[field]) ? (original[field] as unknown[]) : [];
    const patchList = foundPatch && Array.isArray(patch[field]) ? (patch[field] as unknown[]) : [];
    const { sub, strategies, mergeKey } = lookupSlice(schema, field);
    const { strategy } = splitStrategies(strategies);
    validatePatchWithSetOrderList(patchList, order, mergeKey);
    let merged: unknown[];
    if (foundOriginal && !foundPatch) merged = originalList;
    else if (!foundOriginal && foundPatch) merged = removeDirectives(patchList).value as unknown[];
    else if (foundOriginal && foundPatch) merged = strategy === 'merge' ? mergeSlice(originalList, patchList, sub, mergeKey, mo, false) : patchList;
    else continue;
    const kind = elementKind(originalList, patchList);
    if (kind === 'none') {
      original[field] = merged;
      delete patch[field];
      continue;
    }
    const [patchItems, serverOnly] = partition(merged, order, mergeKey, kind);
    original[field] = normalizeElementOrder(patchItems, serverOnly, order, originalList, mergeKey, kind);
    delete patch[field];
  }
}

function partition(list: readonly unknown[], by: readonly unknown[], mergeKey: string, kind: 'map' | 'scalar'): [unknown[], unknown[]] {
  const inPatch: unknown[] = [];
  const serverOnly: unknown[] = [];
  for (const v of list) {
    if (kind === 'map' && (!isMap(v) || !has(v, mergeKey))) throw noMergeKey(v, mergeKey);
    (indexIn(by, v, mergeKey, kind) >= 0 ? inPatch : serverOnly).push(v);
  }
  return [inPatch, serverOnly];
}

/** normalizeElementOrder + mergeSortedSlice: patch items in patch order, server-only items interleaved by live order. */
function normalizeElementOrder(patchItems: unknown[], serverOnly: unknown[], patchOrder: readonly unknown[], serverOrder: readonly unknown[], mergeKey: string, kind: 'map' | 'scalar'): unknown[] {
  const right = normalizeSliceOrder(patchItems, patchOrder, mergeKey, kind);
  const left = normalizeSliceOrder(serverOnly, serverOrder, mergeKey, kind);
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) out.push(right[j++]);
    else if (j >= right.length) out.push(left[i++]);
    else {
      const li = indexIn(serverOrder, left[i], mergeKey, kind);
      const ri = indexIn(serverOrder, right[j], mergeKey, kind);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]);
      else out.push(right[j++]);
    }
  }
  return out;
}

function mergeSlice(original: unknown[], patch: unknown[], schema: PatchSchema, mergeKey: string, mo: MergeOptions, isDeleteList: boolean): unknown[] {
  if (original.length === 0 && patch.length === 0) return original;
  const kind = elementKind(original, patch);
  let merged: unknown[];
  let orig = original;
  let pat = patch;
  if (kind !== 'map') {
    if (mo.mergeParallelList && isDeleteList) return original.filter((v) => !patch.some((p) => sameScalar(p, v)));
    merged = [];
    for (const v of [...original, ...patch]) if (!merged.some((m) => sameScalar(m, v))) merged.push(v);
  } else {
    if (!mergeKey) throw new PatchError('cannot merge lists without merge key');
    [orig, pat] = mergeSliceWithSpecialElements(original, patch, mergeKey);
    merged = [...orig];
    for (const v of pat) {
      if (!isMap(v) || !has(v, mergeKey)) throw noMergeKey(v, mergeKey);
      const i = merged.findIndex((m) => isMap(m) && sameScalar(m[mergeKey], v[mergeKey]));
      if (i >= 0) merged[i] = mergeMap(merged[i] as JMap, v, schema, mo);
      else merged.push(v);
    }
  }
  const k = kind === 'none' ? 'scalar' : kind;
  const [patchItems, serverOnly] = partition(merged, pat, mergeKey, k);
  return normalizeElementOrder(patchItems, serverOnly, pat, orig, mergeKey, k);
}

function mergeSliceWithSpecialElements(original: unknown[], patch: unknown[], mergeKey: string): [unknown[], unknown[]] {
  const rest: unknown[] = [];
  let replace = false;
  let orig = original;
  for (const v of patch) {
    const m = v as JMap;
    if (!has(m, DIRECTIVE)) {
      rest.push(v);
      continue;
    }
    switch (m[DIRECTIVE]) {
      case 'delete':
        if (!has(m, mergeKey)) throw new PatchError('delete patch type with no merge key defined');
        orig = orig.filter((o) => !(isMap(o) && sameScalar(o[mergeKey], m[mergeKey])));
        break;
      case 'replace': replace = true; break;
      case 'merge': throw new PatchError('merging lists cannot yet be specified in the patch');
      default: throw new PatchError(`Unknown patch type: ${goV(m[DIRECTIVE])} in map: ${goV(m)}`);
    }
  }
  return replace ? [rest, []] : [orig, rest];
}

/**
 * StrategicMergePatch as the API server applies it (MergeParallelList, IgnoreUnmatchedNulls):
 * maps merge, lists with a merge key merge by it, `$patch`, `$retainKeys`,
 * `$setElementOrder/x` and `$deleteFromPrimitiveList/x` directives, null deletes a field.
 * Does not mutate its arguments.
 */
export function strategicMergePatch(original: JMap, patch: JMap, schema: PatchSchema): JMap {
  return mergeMap(structuredClone(original), structuredClone(patch), schema, { mergeParallelList: true, ignoreUnmatchedNulls: true });
}
