// `kubectl scale` (the scale subresource of deployments, replica sets and stateful sets) and `kubectl set
// image`. Follow kubectl/pkg/cmd/scale/scale.go, pkg/scale/scale.go and cmd/set/set_image.go (v1.28).
// Differs: no --timeout wait, --dry-run or -o; images are set in argument order (Go: map order).
import { newNotFound } from '../../api/errors.js';
import type { Container, Json, KObject, KindInfo, PodSpec } from '../../api/types.js';
import { CHANGE_CAUSE_ANNOTATION } from '../apply.js';
import { objectName, Out } from '../output.js';
import { flagBool, flagNumber, flagString, parseFlags, parseResourceArgs, UsageError, type FlagSpec } from '../parse.js';
import type { KubectlEnv, KubectlResult } from '../types.js';
import { apiObject, metaFor, updateObject } from '../write.js';
import { changeCause, findObjects, namespaceOf, RECORD_FLAG, SELECTOR_FLAG, type Invocation } from './common.js';

const SCALE_FLAGS: FlagSpec[] = [
  RECORD_FLAG, SELECTOR_FLAG, { name: 'all', kind: 'bool' }, { name: 'replicas', kind: 'int' },
  { name: 'current-replicas', kind: 'int' }, { name: 'resource-version', kind: 'string' }, { name: 'timeout', kind: 'duration' },
];

/** Record the change-cause annotation in a second write, as kubectl's Recorder merge patch does. */
function recordCause(env: KubectlEnv, obj: KObject, cause: string | undefined, line: string): void {
  if (cause === undefined || obj.metadata.annotations?.[CHANGE_CAUSE_ANNOTATION] === cause) return;
  const next = apiObject(obj) as unknown as KObject;
  next.metadata.annotations = { ...next.metadata.annotations, [CHANGE_CAUSE_ANNOTATION]: cause };
  updateObject(env, obj, next, metaFor(env, 'ObjectAnnotated', { command: line }));
}

/** `kubectl scale deployment/web --replicas=N` */
export function scaleCommand(argv: string[], env: KubectlEnv, line: string): KubectlResult {
  const inv: Invocation = { env, flags: parseFlags(argv, SCALE_FLAGS, 'kubectl scale'), path: 'kubectl scale' };
  const { flags } = inv;
  const out = new Out();
  if (!flags.values.has('replicas')) throw new UsageError('required flag(s) "replicas" not set');
  const replicas = flagNumber(flags, 'replicas')!;
  if (replicas < 0) throw new UsageError('The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0');
  const currentReplicas = flagNumber(flags, 'current-replicas') ?? -1;
  if (currentReplicas < -1) throw new UsageError('The --current-replicas must specify an integer of -1 or greater');
  const { namespace } = namespaceOf(flags);
  const selector = flagString(flags, 'selector');
  const found = findObjects(env, parseResourceArgs(flags.args), { namespace, all: flagBool(flags, 'all'), ...(selector !== undefined ? { selector } : {}) }, out);
  const resourceVersion = flagString(flags, 'resource-version');
  if (resourceVersion && found.length > 1) throw new UsageError('cannot use --resource-version with multiple resources');
  if (found.length === 0 && out.errors.length === 0) throw new UsageError('no objects passed to scale');
  const cause = changeCause(inv, out);
  for (const { info, obj } of found) {
    if (info.kind !== 'Deployment' && info.kind !== 'ReplicaSet' && info.kind !== 'StatefulSet') {
      out.fail({ t: 'api', error: { ...newNotFound('', ''), message: 'the server could not find the requested resource', details: {} } });
      return out.result();
    }
    const spec = obj.spec as { replicas?: number };
    const from = spec.replicas ?? 1;
    if (currentReplicas !== -1 && currentReplicas !== from) {
      out.error(`Expected replicas to be ${currentReplicas}, was ${from}`);
      return out.result();
    }
    if (resourceVersion && resourceVersion !== obj.metadata.resourceVersion) {
      out.error(`Expected resourceVersion to be ${resourceVersion}, was ${obj.metadata.resourceVersion ?? ''}`);
      return out.result();
    }
    const next = apiObject(obj) as { spec: { replicas?: number } };
    next.spec.replicas = replicas;
    const w = updateObject(env, obj, next, metaFor(env, `${info.kind}Scaled`, { command: line, from, to: replicas }));
    if (!w.ok) {
      out.fail({ t: 'api', error: w.error });
      return out.result();
    }
    recordCause(env, w.object, cause, line);
    out.print(`${objectName(info, obj.metadata.name)} scaled`);
  }
  return out.result();
}

// ------------------------------------------------------------------ set image

const SET_IMAGE_FLAGS: FlagSpec[] = [RECORD_FLAG, SELECTOR_FLAG, { name: 'all', kind: 'bool' }];

/** GetResourcesAndPairs: resources first, then KEY=VALUE pairs. */
export function resourcesAndPairs(args: readonly string[], pairType: string, supportRemove: boolean): { resources: string[]; pairs: string[] } {
  const resources: string[] = [];
  const pairs: string[] = [];
  for (const s of args) {
    const isPair = (s.includes('=') && s[0] !== '=') || (supportRemove && s.endsWith('-') && s !== '-');
    if (isPair) pairs.push(s);
    else if (pairs.length > 0) throw new UsageError(`all resources must be specified before ${pairType} changes: ${s}`);
    else resources.push(s);
  }
  return { resources, pairs };
}

/** ParsePairs: KEY=VALUE pairs in order, and KEY- removals when supported. */
export function parsePairs(pairs: readonly string[], pairType: string, supportRemove: boolean): { set: [string, string][]; remove: string[] } {
  const set: [string, string][] = [];
  const remove: string[] = [];
  const invalid: string[] = [];
  for (const p of pairs) {
    if (p.includes('=') && p[0] !== '=') {
      const i = p.indexOf('=');
      set.push([p.slice(0, i), p.slice(i + 1)]);
    } else if (supportRemove && p.endsWith('-') && p !== '-') {
      remove.push(p.slice(0, -1));
    } else {
      invalid.push(p);
    }
  }
  if (invalid.length > 0) throw new UsageError(`invalid ${pairType} format: ${invalid.join(', ')}`);
  return { set, remove };
}

function podSpecOf(o: Record<string, unknown>, info: KindInfo): PodSpec | undefined {
  if (info.kind === 'Pod') return o.spec as PodSpec;
  if (info.kind === 'Deployment' || info.kind === 'ReplicaSet' || info.kind === 'StatefulSet') return (o.spec as { template: { spec: PodSpec } }).template.spec;
  return undefined;
}

function setImage(containers: Container[] | undefined, name: string, image: string): boolean {
  let found = false;
  for (const c of containers ?? []) {
    if (name === '*' || c.name === name) {
      c.image = image;
      found = true;
    }
  }
  return found;
}

/** `kubectl set image deployment/web web=web:2 [c=img …]` */
export function setCommand(argv: string[], env: KubectlEnv, line: string): KubectlResult {
  const [sub, ...rest] = argv;
  if (sub !== 'image') throw new UsageError(sub === undefined ? 'You must specify the type of resource to set' : `unknown command "${sub}" for "kubectl set"`);
  const inv: Invocation = { env, flags: parseFlags(rest, SET_IMAGE_FLAGS, 'kubectl set image'), path: 'kubectl set image' };
  const { flags } = inv;
  const out = new Out();
  const { resources, pairs } = resourcesAndPairs(flags.args, 'image', false);
  const { set: images } = parsePairs(pairs, 'image', false);
  const all = flagBool(flags, 'all');
  const selector = flagString(flags, 'selector');
  const problems: string[] = [];
  if (all && selector !== undefined) problems.push('cannot set --all and --selector at the same time');
  if (resources.length < 1) problems.push('one or more resources must be specified as <resource> <name> or <resource>/<name>');
  if (images.length < 1) problems.push('at least one image update is required');
  else if (images.length > 1 && images.some(([k]) => k === '*')) problems.push('all containers are already specified by *, but saw more than one container_name=container_image pairs');
  if (problems.length > 0) throw new UsageError(problems.length === 1 ? problems[0]! : `[${problems.join(', ')}]`);
  const { namespace } = namespaceOf(flags);
  const found = findObjects(env, parseResourceArgs(resources), { namespace, all, ...(selector !== undefined ? { selector } : {}) }, out);
  if (out.errors.length > 0) return out.result(); // Complete's builder.Infos() fails before any patch
  const cause = changeCause(inv, out);
  // CalculatePatches runs for every object before any patch is sent: its errors come first.
  const patchErrors: string[] = [];
  for (const { info, obj } of found) {
    const next = apiObject(obj);
    const spec = podSpecOf(next, info);
    if (!spec) {
      out.error(`error: ${info.plural}/${obj.metadata.name} the object is not a pod or does not have a pod template: *v1.${info.kind}\n`);
      continue;
    }
    const changed: { [k: string]: Json } = {};
    for (const [name, image] of images) {
      const a = setImage(spec.initContainers, name, image);
      const b = setImage(spec.containers, name, image);
      if (a || b) changed[name] = image;
      else out.error(`error: unable to find container named ${JSON.stringify(name)}`);
    }
    if (cause !== undefined) {
      const md = next.metadata as { annotations?: Record<string, string> };
      md.annotations = { ...md.annotations, [CHANGE_CAUSE_ANNOTATION]: cause };
    }
    if (Object.keys(changed).length === 0 && cause === undefined) continue;
    const w = updateObject(env, obj, next, metaFor(env, `${info.kind}ImageUpdated`, { command: line, images: changed }));
    if (!w.ok) {
      patchErrors.push(`failed to patch image update to pod template: ${w.error.message}`);
      continue;
    }
    if (!w.changed) continue; // kubectl computes an empty patch and prints nothing
    out.warnings(w.warnings);
    out.print(`${objectName(info, obj.metadata.name)} image updated`);
  }
  for (const e of patchErrors) out.error(e);
  return out.result();
}
