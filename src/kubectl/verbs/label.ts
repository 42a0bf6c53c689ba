// `kubectl label` and `kubectl annotate`: KEY=VALUE additions and KEY- removals on any object,
// --overwrite, -l / --all. Follows kubectl/pkg/cmd/label/label.go and cmd/annotate/annotate.go
// (v1.28), including label's "labeled"/"unlabeled"/"not labeled" judged on the JSON length.
import { isValidLabelValue } from '../../api/names.js';
import type { KObject } from '../../api/types.js';
import { goJson, objectName, Out } from '../output.js';
import { flagBool, flagString, parseFlags, parseResourceArgs, UsageError, type FlagSpec } from '../parse.js';
import type { KubectlEnv, KubectlResult } from '../types.js';
import { apiObject, metaFor, updateObject } from '../write.js';
import { findObjects, namespaceOf, SELECTOR_FLAG } from './common.js';
import { parsePairs, resourcesAndPairs } from './scale.js';

const FLAGS: FlagSpec[] = [
  SELECTOR_FLAG, { name: 'overwrite', kind: 'bool' }, { name: 'all', kind: 'bool' },
  { name: 'all-namespaces', short: 'A', kind: 'bool' }, { name: 'resource-version', kind: 'string' },
];

type Which = 'label' | 'annotation';

interface Change {
  set: [string, string][];
  remove: string[];
  overwrite: boolean;
}

/** validateNoOverwrites (label) / validateNoAnnotationOverwrites (annotate). */
function overwriteErrors(which: Which, current: Record<string, string>, c: Change): string[] {
  const conflicts = c.set.filter(([k, v]) => k in current && current[k] !== v && !(which === 'annotation' && k === 'kubernetes.io/change-cause'));
  if (conflicts.length === 0) return [];
  if (which === 'label') return conflicts.map(([k]) => `'${k}' already has a value (${current[k]}), and --overwrite is false`);
  return [`--overwrite is false but found the following declared annotation(s): ${conflicts.map(([k]) => `'${k}' already has a value (${current[k]})`).join('; ')}`];
}

function run(which: Which, argv: string[], env: KubectlEnv, line: string): KubectlResult {
  const path = which === 'label' ? 'kubectl label' : 'kubectl annotate';
  const flags = parseFlags(argv, FLAGS, path);
  const out = new Out();
  const { resources, pairs } = resourcesAndPairs(flags.args, which, true);
  const { set, remove } = parsePairs(pairs, which, true);
  if (which === 'label') {
    for (const [k, v] of set) {
      const errs = isValidLabelValue(v);
      if (errs.length > 0) throw new UsageError(`invalid label value: ${JSON.stringify(`${k}=${v}`)}: ${errs.join(';')}`);
    }
  }
  const all = flagBool(flags, 'all');
  const selector = flagString(flags, 'selector');
  if (all && selector !== undefined) throw new UsageError('cannot set --all and --selector at the same time');
  if (resources.length < 1) throw new UsageError('one or more resources must be specified as <resource> <name> or <resource>/<name>');
  if (set.length < 1 && remove.length < 1) throw new UsageError(`at least one ${which} update is required`);
  const { namespace } = namespaceOf(flags);
  const found = findObjects(env, parseResourceArgs(resources), {
    namespace, all, allNamespaces: flagBool(flags, 'all-namespaces'), ...(selector !== undefined ? { selector } : {}),
  }, out);
  const c: Change = { set, remove, overwrite: flagBool(flags, 'overwrite') };
  for (const { info, obj } of found) {
    const op = which === 'label' ? labelOne(env, obj, c, line, out) : annotateOne(env, obj, c, line, out);
    if (op) out.print(`${objectName(info, obj.metadata.name)} ${op}`);
  }
  return out.result();
}

function labelOne(env: KubectlEnv, obj: KObject, c: Change, line: string, out: Out): string | undefined {
  const current = obj.metadata.labels ?? {};
  for (const k of c.remove) if (!(k in current)) out.print(`label ${JSON.stringify(k)} not found.`);
  if (!c.overwrite) {
    const errs = overwriteErrors('label', current, c);
    if (errs.length > 0) {
      for (const e of errs) out.error(e);
      return undefined;
    }
  }
  const before = apiObject(obj);
  const next = apiObject(obj) as unknown as KObject;
  const labels: Record<string, string> = { ...current };
  for (const [k, v] of c.set) labels[k] = v;
  for (const k of c.remove) delete labels[k];
  next.metadata.labels = labels; // unstructured SetLabels: an empty map stays as "labels":{}
  const oldData = goJson(before);
  const newData = goJson(next);
  if (Object.keys(labels).length === 0) delete next.metadata.labels; // the server stores no empty map
  const w = updateObject(env, obj, next, metaFor(env, 'ObjectLabeled', { command: line }));
  if (!w.ok) {
    out.fail({ t: 'api', error: w.error });
    return undefined;
  }
  // updateDataChangeMsg: "unlabeled" when the object got shorter without --overwrite.
  if (oldData === newData) return 'not labeled';
  return !c.overwrite && newData.length < oldData.length ? 'unlabeled' : 'labeled';
}

function annotateOne(env: KubectlEnv, obj: KObject, c: Change, line: string, out: Out): string | undefined {
  const current = obj.metadata.annotations ?? {};
  if (!c.overwrite) {
    const errs = overwriteErrors('annotation', current, c);
    if (errs.length > 0) {
      for (const e of errs) out.error(e);
      return undefined;
    }
  }
  const next = apiObject(obj) as unknown as KObject;
  const annotations: Record<string, string> = { ...current };
  for (const [k, v] of c.set) annotations[k] = v;
  for (const k of c.remove) delete annotations[k];
  if (Object.keys(annotations).length > 0) next.metadata.annotations = annotations;
  else delete next.metadata.annotations;
  const w = updateObject(env, obj, next, metaFor(env, 'ObjectAnnotated', { command: line }));
  if (!w.ok) {
    out.fail({ t: 'api', error: w.error });
    return undefined;
  }
  return 'annotated';
}

/** `kubectl label KIND NAME k=v k2- [--overwrite]` */
export function labelCommand(argv: string[], env: KubectlEnv, line: string): KubectlResult {
  return run('label', argv, env, line);
}

/** `kubectl annotate KIND NAME k=v k2- [--overwrite]` */
export function annotateCommand(argv: string[], env: KubectlEnv, line: string): KubectlResult {
  return run('annotation', argv, env, line);
}
