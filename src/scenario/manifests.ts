// Static checks of a manifest at load time (before the first tick): it must be an object the
// API server would accept — known kind and version, strict decoding, defaulting, validation — so
// that a bad manifest stops the run with its file, line and Kubernetes' own message, and writes
// nothing. Checks that need the cluster (AlreadyExists, a missing namespace) happen when the
// object is applied.
import { kubectlMessage, type FieldError, type KubeError } from '../api/errors.js';
import { parseManifest } from '../api/scheme.js';
import { setObjectDefaults } from '../api/defaults.js';
import { validateObject } from '../api/validation.js';
import { newInvalid } from '../api/errors.js';
import { groupOf } from '../api/scheme.js';
import { KINDS, type KObject, type Kind } from '../api/types.js';
import type { Manifest } from './types.js';
import type { Path } from './yaml.js';

/** "spec.template.spec.containers[0].image" → ['spec','template','spec','containers',0,'image'] */
export function fieldPath(field: string): Path {
  const out: (string | number)[] = [];
  for (const m of field.matchAll(/([^.[\]]+)|\[(\d+)\]|\[([^\]]*)\]/g)) {
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else if (m[3] !== undefined) out.push(m[3]);
  }
  return out;
}

function fail(m: Manifest, err: KubeError, fields: readonly string[]): never {
  const where: Path = fields.length ? [...m.path, ...fieldPath(fields[0]!)] : m.path;
  const message = kubectlMessage(err, 'creating', m.file).replace(/^error: /, '').replace(/\n/g, ' ');
  throw m.source.error(where, message);
}

export function checkManifest(m: Manifest): void {
  const parsed = parseManifest(m.object, { file: m.file });
  if (!parsed.ok) {
    const e = parsed.error;
    const paths = e.kind === 'api' ? e.paths ?? [] : /kind/.test(e.message) ? ['kind'] : [];
    fail(m, e, paths);
  }
  const obj = parsed.object;
  if (obj.kind === 'SimConfig') fail(m, { kind: 'client', message: `no matches for kind "SimConfig" in version "${obj.apiVersion}"` }, ['kind']);
  // kubectl fills in the namespace of the context (default) before sending
  const info0 = KINDS[obj.kind as Kind];
  const withNs = info0.namespaced && !obj.metadata.namespace ? { ...obj, metadata: { ...obj.metadata, namespace: 'default' } } : obj;
  const defaulted = setObjectDefaults(withNs);
  const errs: FieldError[] = validateObject(defaulted);
  if (errs.length > 0) {
    const info = KINDS[obj.kind as Kind];
    const err = newInvalid(obj.kind, groupOf(info), obj.metadata.name ?? '', errs);
    fail(m, err, errs.map((e) => e.field));
  }
}

/** The parsed (strictly decoded) object of a manifest that passed checkManifest. */
export function decoded(m: Manifest): KObject {
  const parsed = parseManifest(m.object, { file: m.file });
  if (!parsed.ok) throw new Error('decoded() on a manifest that failed its check');
  return parsed.object;
}
