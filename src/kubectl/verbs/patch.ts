// `kubectl patch KIND NAME -p PATCH [--type strategic|merge|json]`. Follows
// kubectl/pkg/cmd/patch/patch.go (v1.28) and the API server's patch handler
// (apiserver/pkg/endpoints/handlers/patch.go): the patch is applied to the live object and the
// result admitted as an update. Differs: JSON-patch error texts are approximations of evanphx/json-patch's.
import { parse as parseYaml } from 'yaml';
import { newBadRequest, type ApiError } from '../../api/errors.js';
import type { KObject, KindInfo } from '../../api/types.js';
import { objectName, Out } from '../output.js';
import { flagString, parseFlags, parseResourceArgs, UsageError, type FlagSpec } from '../parse.js';
import { jsonMergePatch, jsonPatch, PatchError, schemaFor, strategicMergePatch } from '../patch.js';
import type { KubectlEnv, KubectlResult } from '../types.js';
import { apiObject, metaFor, updateObject } from '../write.js';
import { findObjects, namespaceOf } from './common.js';

const FLAGS: FlagSpec[] = [
  { name: 'patch', short: 'p', kind: 'string' }, { name: 'patch-file', kind: 'string' }, { name: 'type', kind: 'string' },
];

type PatchType = 'strategic' | 'merge' | 'json';

/** NewGenericServerResponse(422): how the API server reports a patch it could not apply. */
function unprocessable(message: string): ApiError {
  return {
    kind: 'api', code: 422, reason: 'Invalid', message: 'the server rejected our request due to an error in our request',
    details: { causes: [{ type: 'FieldValueInvalid', message, field: '' }] },
  };
}

function applyPatchOfType(type: PatchType, obj: KObject, info: KindInfo, patch: unknown): unknown {
  const current = apiObject(obj);
  switch (type) {
    case 'json': return jsonPatch(current, patch);
    case 'merge': return jsonMergePatch(current, patch);
    case 'strategic':
      if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) {
        throw new PatchError(`json: cannot unmarshal ${Array.isArray(patch) ? 'array' : typeof patch} into Go value of type map[string]interface {}`);
      }
      return strategicMergePatch(current, patch as Record<string, unknown>, schemaFor(info.kind));
  }
}

/** `kubectl patch …` */
export function patchCommand(argv: string[], env: KubectlEnv, line: string): KubectlResult {
  const flags = parseFlags(argv, FLAGS, 'kubectl patch');
  const out = new Out();
  let text = flagString(flags, 'patch') ?? '';
  const file = flagString(flags, 'patch-file') ?? '';
  if (text === '' && file === '') throw new UsageError('must specify --patch or --patch-file containing the contents of the patch');
  if (text !== '' && file !== '') throw new UsageError('cannot specify --patch and --patch-file together');
  const typeFlag = flagString(flags, 'type') ?? 'strategic';
  if (!['json', 'merge', 'strategic'].includes(typeFlag.toLowerCase())) throw new UsageError(`--type must be one of [json merge strategic], not ${JSON.stringify(typeFlag)}`);
  const type = typeFlag.toLowerCase() as PatchType;
  if (file !== '') {
    try {
      text = env.readFile(file);
    } catch {
      throw new UsageError(`open ${file}: no such file or directory`);
    }
  }
  let patch: unknown;
  try {
    patch = parseYaml(text, { uniqueKeys: false });
  } catch (e) {
    throw new UsageError(`unable to parse ${JSON.stringify(text)}: yaml: ${(e as Error).message.split('\n')[0]}`);
  }
  const { namespace } = namespaceOf(flags);
  const found = findObjects(env, parseResourceArgs(flags.args), { namespace, missingNames: 'resource(s) were provided, but no name was specified' }, out);
  if (found.length === 0 && out.errors.length === 0) throw new UsageError('no objects passed to patch');
  for (const { info, obj } of found) {
    let next: unknown;
    try {
      next = applyPatchOfType(type, obj, info, patch);
    } catch (e) {
      if (!(e instanceof PatchError)) throw e;
      out.fail({ t: 'api', error: type === 'json' ? unprocessable(e.message) : newBadRequest(e.message), verb: 'patching' });
      continue;
    }
    const w = updateObject(env, obj, next, metaFor(env, `${info.kind}Patched`, { command: line, type }));
    if (!w.ok) {
      out.fail({ t: 'api', error: w.error, verb: 'patching' });
      continue;
    }
    out.warnings(w.warnings);
    out.print(`${objectName(info, obj.metadata.name)} ${w.changed ? 'patched' : 'patched (no change)'}`);
  }
  return out.result();
}
