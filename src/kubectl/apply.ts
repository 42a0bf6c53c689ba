// Client-side `kubectl apply`: the last-applied-configuration annotation and the three-way
// strategic merge patch (original = last applied, modified = the manifest, current = live).
// Follows kubectl/pkg/cmd/apply/apply.go applyOneObject and patcher.go patchSimple (v1.28).
// Differs: the patch is applied here (as the API server would) and the result admitted whole; a
// manifest in another served version (autoscaling/v1 HPA) is converted to the stored one first,
// so its last-applied configuration is the converted form.
import { goQuote, newBadRequest } from '../api/errors.js';
import { isAlternateVersion, kindFor, parseManifest } from '../api/scheme.js';
import type { KObject, KindInfo } from '../api/types.js';
import { LAST_APPLIED_ANNOTATION } from '../controllers/deployment/util.js';
import { objectName, goJson, type Out } from './output.js';
import { createThreeWayMergePatch, PatchError, schemaFor, strategicMergePatch } from './patch.js';
import type { RawManifest } from './manifests.js';
import type { KubectlEnv } from './types.js';
import { apiObject, createObject, metaFor, updateObject } from './write.js';

export const CHANGE_CAUSE_ANNOTATION = 'kubernetes.io/change-cause';

export interface ApplyOptions {
  /** -n / the context's namespace */
  namespace: string;
  /** -n was given: an object naming another namespace is an error */
  enforceNamespace: boolean;
  /** --record: the command line to store as kubernetes.io/change-cause */
  changeCause?: string;
  /** the command for the events' data */
  command: string;
}

type JMap = Record<string, unknown>;
const isMap = (v: unknown): v is JMap => v !== null && typeof v === 'object' && !Array.isArray(v);

/** resource.Info.String(): how kubectl names an object in apply's long error messages. */
export function infoString(info: KindInfo, name: string, namespace: string): string {
  const [group, version] = info.apiVersion.includes('/') ? info.apiVersion.split('/') as [string, string] : ['', info.apiVersion];
  return `Resource: ${goQuote(`${group}/${version}, Resource=${info.plural}`)}, GroupVersionKind: ${goQuote(`${group}/${version}, Kind=${info.kind}`)}\n`
    + `Name: ${goQuote(name)}, Namespace: ${goQuote(namespace)}`;
}

/**
 * The manifest as kubectl sends it: the namespace filled in (namespaced kinds), --record's
 * change-cause set, and the last-applied annotation (GetModifiedConfiguration): the JSON of the
 * object without that annotation (keys sorted, "annotations":{} when there were none, a final
 * newline), embedded in it.
 */
export function modifiedConfiguration(raw: JMap, info: KindInfo, namespace: string, changeCause?: string): { modified: JMap; lastApplied: string } {
  const obj = structuredClone(raw);
  const md: JMap = isMap(obj.metadata) ? obj.metadata : {};
  obj.metadata = md;
  if (info.namespaced && !md.namespace) md.namespace = namespace;
  const annotations: JMap = isMap(md.annotations) ? { ...md.annotations } : {};
  if (changeCause !== undefined) annotations[CHANGE_CAUSE_ANNOTATION] = changeCause;
  delete annotations[LAST_APPLIED_ANNOTATION];
  md.annotations = annotations;
  const lastApplied = `${goJson(obj)}\n`;
  md.annotations = { ...annotations, [LAST_APPLIED_ANNOTATION]: lastApplied };
  return { modified: obj, lastApplied };
}

/** Apply one object; prints "created", "configured" or "unchanged", or records an error. */
export function applyOne(env: KubectlEnv, m: RawManifest, opts: ApplyOptions, out: Out): void {
  const parsed = parseManifest(m.raw, { file: m.file });
  if (!parsed.ok && parsed.error.kind === 'client') {
    out.fail({ t: 'msg', message: parsed.error.message.replace(/^error: /, '') }); // CheckErr adds the prefix
    return;
  }
  let raw = m.raw as JMap;
  const info = kindFor(String(raw.apiVersion), String(raw.kind))!;
  // kubectl would patch in the manifest's version and the server convert; kreplay stores one
  // version, so the patch is computed against the manifest converted to it.
  if (parsed.ok && isAlternateVersion(raw.apiVersion, raw.kind)) raw = structuredClone(parsed.object) as unknown as JMap;
  const md: JMap = isMap(raw.metadata) ? raw.metadata : {};
  const name = typeof md.name === 'string' ? md.name : '';
  const rawNs = typeof md.namespace === 'string' ? md.namespace : '';
  const ns = info.namespaced ? rawNs || opts.namespace : '';
  if (info.namespaced && opts.enforceNamespace && rawNs && rawNs !== opts.namespace) {
    out.error(`the namespace from the provided object ${goQuote(rawNs)} does not match the namespace ${goQuote(opts.namespace)}. You must pass '--namespace=${rawNs}' to perform this operation.`);
    return;
  }
  if (name === '') {
    const gen = typeof md.generateName === 'string' ? md.generateName : '';
    out.error(gen ? `from ${gen}: cannot use generate name with apply`
      : `error when retrieving current configuration of:\n${infoString(info, '', ns)}\nfrom server for: ${goQuote(m.file)}: resource name may not be empty`);
    return;
  }
  const { modified } = modifiedConfiguration(raw, info, ns, opts.changeCause);
  const data = { command: opts.command };
  const current = env.ctx.view.get(info.kind, ns, name);
  if (!current) {
    const r = createObject(env, modified, metaFor(env, `${info.kind}Created`, data), ns || undefined);
    if (!r.ok) {
      out.fail({ t: 'api', error: r.error, verb: 'creating', file: m.file });
      return;
    }
    out.warnings(r.warnings);
    out.print(`${objectName(info, r.object.metadata.name)} created`);
    return;
  }
  applyPatch(env, current, info, modified, m.file, opts, out);
}

function applyPatch(env: KubectlEnv, current: KObject, info: KindInfo, modified: JMap, file: string, opts: ApplyOptions, out: Out): void {
  const name = current.metadata.name;
  const ns = current.metadata.namespace ?? '';
  const lastApplied = current.metadata.annotations?.[LAST_APPLIED_ANNOTATION];
  if (lastApplied === undefined) {
    out.warn(`Warning: resource ${info.plural}/${name} is missing the ${LAST_APPLIED_ANNOTATION} annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.`);
  }
  const currentJson = apiObject(current);
  const schema = schemaFor(info.kind);
  let patch: JMap;
  try {
    const original = lastApplied ? JSON.parse(lastApplied) as unknown : undefined;
    patch = createThreeWayMergePatch(isMap(original) ? original : undefined, modified, currentJson, schema);
  } catch (e) {
    out.error(`error when applying patch to ${goQuote(file)}: ${(e as Error).message}`);
    return;
  }
  const patchText = goJson(patch);
  if (patchText === '{}') {
    out.print(`${objectName(info, name)} unchanged`);
    return;
  }
  const apply = { patch: patchText, apiVersion: info.apiVersion, kind: info.kind, plural: info.plural, name, namespace: ns };
  let merged: JMap;
  try {
    merged = strategicMergePatch(currentJson, patch, schema);
  } catch (e) {
    if (!(e instanceof PatchError)) throw e;
    out.fail({ t: 'api', error: newBadRequest(e.message), verb: 'applying', file, apply });
    return;
  }
  const w = updateObject(env, current, merged, metaFor(env, `${info.kind}Updated`, { command: opts.command }));
  if (!w.ok) {
    out.fail({ t: 'api', error: w.error, verb: 'applying', file, apply });
    return;
  }
  out.warnings(w.warnings);
  out.print(`${objectName(info, name)} configured`);
  if (w.object.metadata.deletionTimestamp) out.warn(`Warning: Detected changes to resource ${name} which is currently being deleted.`);
}
