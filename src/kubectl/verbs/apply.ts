// `kubectl apply -f` and `kubectl create -f | deployment | namespace`. Follows
// kubectl/pkg/cmd/apply/apply.go Run and cmd/create/{create,create_deployment,create_namespace}.go (v1.28).
// Differs: no --dry-run, -o, --prune, -k; create's generators are the two the scenarios use.
import { goQuote } from '../../api/errors.js';
import { kindFor, parseManifest } from '../../api/scheme.js';
import { KINDS } from '../../api/types.js';
import { applyOne, CHANGE_CAUSE_ANNOTATION, modifiedConfiguration } from '../apply.js';
import { readManifests, type RawManifest } from '../manifests.js';
import { objectName, Out } from '../output.js';
import { flagBool, flagNumber, flagStrings, parseFlags, UsageError, type FlagSpec } from '../parse.js';
import type { KubectlEnv, KubectlResult } from '../types.js';
import { createObject, metaFor } from '../write.js';
import { changeCause, FILENAME_FLAG, namespaceOf, RECORD_FLAG, RECURSIVE_FLAG, type Invocation } from './common.js';

const APPLY_FLAGS: FlagSpec[] = [FILENAME_FLAG, RECURSIVE_FLAG, RECORD_FLAG, { name: 'overwrite', kind: 'bool' }, { name: 'validate', kind: 'string' }];

function readAll(inv: Invocation, out: Out): RawManifest[] | undefined {
  const files = flagStrings(inv.flags, 'filename');
  if (files.length === 0) {
    out.error(`must specify one of -f and -k`);
    return undefined;
  }
  try {
    const r = readManifests(inv.env, files, flagBool(inv.flags, 'recursive'));
    for (const e of r.errors) out.error(e);
    return r.items;
  } catch (e) {
    out.error((e as Error).message);
    return undefined;
  }
}

/** `kubectl apply -f FILE…`: every object applied in order; errors reported at the end. */
export function applyCommand(argv: string[], env: KubectlEnv, line: string): KubectlResult {
  const inv: Invocation = { env, flags: parseFlags(argv, APPLY_FLAGS, 'kubectl apply'), path: 'kubectl apply' };
  const out = new Out();
  if (inv.flags.args.length > 0) throw new UsageError(`Unexpected args: [${inv.flags.args.join(' ')}]\nSee 'kubectl apply -h' for help and examples`);
  const items = readAll(inv, out);
  if (!items) return out.result();
  if (items.length === 0 && out.errors.length === 0) return fail(out, 'no objects passed to apply');
  const { namespace, enforce } = namespaceOf(inv.flags);
  const cause = changeCause(inv, out);
  for (const m of items) applyOne(env, m, { namespace, enforceNamespace: enforce, command: line, ...(cause !== undefined ? { changeCause: cause } : {}) }, out);
  return out.result();
}

function fail(out: Out, message: string): KubectlResult {
  out.error(message);
  return out.result();
}

const CREATE_FLAGS: FlagSpec[] = [
  FILENAME_FLAG, RECURSIVE_FLAG, RECORD_FLAG, { name: 'save-config', kind: 'bool' }, { name: 'validate', kind: 'string' },
  { name: 'image', kind: 'strings' }, { name: 'replicas', short: 'r', kind: 'int' }, { name: 'port', kind: 'int' },
];

/** `kubectl create -f FILE…`, `create deployment NAME --image=…`, `create namespace NAME`. */
export function createCommand(argv: string[], env: KubectlEnv, line: string): KubectlResult {
  const [sub, ...rest] = argv;
  if (sub === 'deployment' || sub === 'deploy') return createDeployment(rest, env, line);
  if (sub === 'namespace' || sub === 'ns') return createNamespace(rest, env, line);
  const inv: Invocation = { env, flags: parseFlags(argv, CREATE_FLAGS, 'kubectl create'), path: 'kubectl create' };
  const out = new Out();
  if (inv.flags.args.length > 0 && inv.flags.values.has('filename')) {
    throw new UsageError(`Unexpected args: [${inv.flags.args.join(' ')}]\nSee 'kubectl create -h' for help and examples`);
  }
  const items = readAll(inv, out);
  if (!items) return out.result();
  if (items.length === 0 && out.errors.length === 0) return fail(out, 'no objects passed to create');
  const { namespace, enforce } = namespaceOf(inv.flags);
  const cause = changeCause(inv, out);
  for (const m of items) createOne(env, m, namespace, enforce, flagBool(inv.flags, 'save-config'), cause, line, out);
  return out.result();
}

function createOne(env: KubectlEnv, m: RawManifest, namespace: string, enforce: boolean, saveConfig: boolean, cause: string | undefined, line: string, out: Out): void {
  const parsed = parseManifest(m.raw, { file: m.file });
  if (!parsed.ok && parsed.error.kind === 'client') {
    out.fail({ t: 'msg', message: parsed.error.message.replace(/^error: /, '') }); // CheckErr adds the prefix
    return;
  }
  const raw = structuredClone(m.raw) as Record<string, unknown>;
  const info = kindFor(String(raw.apiVersion), String(raw.kind))!;
  const md = (raw.metadata !== null && typeof raw.metadata === 'object' ? raw.metadata : {}) as Record<string, unknown>;
  raw.metadata = md;
  const rawNs = typeof md.namespace === 'string' ? md.namespace : '';
  if (info.namespaced && enforce && rawNs && rawNs !== namespace) {
    out.error(`the namespace from the provided object ${goQuote(rawNs)} does not match the namespace ${goQuote(namespace)}. You must pass '--namespace=${rawNs}' to perform this operation.`);
    return;
  }
  const ns = info.namespaced ? rawNs || namespace : '';
  let input: unknown = raw;
  if (saveConfig) input = modifiedConfiguration(raw, info, ns, cause).modified;
  else if (cause !== undefined) md.annotations = { ...(md.annotations as object | undefined), [CHANGE_CAUSE_ANNOTATION]: cause };
  const r = createObject(env, input, metaFor(env, `${info.kind}Created`, { command: line }), ns || undefined);
  if (!r.ok) {
    out.fail({ t: 'api', error: r.error, verb: 'creating', file: m.file });
    return;
  }
  out.warnings(r.warnings);
  out.print(`${objectName(info, r.object.metadata.name)} created`);
}

const UTIL_RAND_ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

/** create_deployment.go buildPodSpec: the container name from the image's last path element. */
function containerName(env: KubectlEnv, image: string): string {
  let name = image.split('/').pop()!;
  if (name.includes(':')) name = name.split(':')[0]!;
  if (name.includes('@')) name = name.split('@')[0]!;
  if (/[_.]/.test(name)) name = `${name.replace(/_/g, '-').replace(/\./g, '-')}-${env.ctx.rng.string(5, UTIL_RAND_ALPHANUMS)}`;
  return name;
}

function createDeployment(argv: string[], env: KubectlEnv, line: string): KubectlResult {
  const flags = parseFlags(argv, CREATE_FLAGS, 'kubectl create deployment');
  const out = new Out();
  const images = flagStrings(flags, 'image');
  if (flags.args.length !== 1) throw new UsageError(`exactly one NAME is required, got ${flags.args.length}\nSee 'kubectl create deployment -h' for help and examples`);
  if (images.length === 0) throw new UsageError('required flag(s) "image" not set');
  const name = flags.args[0]!;
  const replicas = flagNumber(flags, 'replicas') ?? 1;
  const port = flagNumber(flags, 'port') ?? -1;
  const { namespace } = namespaceOf(flags);
  const labels = { app: name };
  const containers: Record<string, unknown>[] = images.map((image) => ({ name: containerName(env, image), image }));
  if (port >= 0) containers[0]!.ports = [{ containerPort: port }];
  const obj = {
    apiVersion: 'apps/v1', kind: 'Deployment',
    metadata: { name, labels, namespace },
    spec: { replicas, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers } } },
  };
  const r = createObject(env, obj, metaFor(env, 'DeploymentCreated', { command: line }), namespace);
  if (!r.ok) {
    out.fail({ t: 'api', error: r.error, verb: 'creating' });
    return out.result();
  }
  out.warnings(r.warnings);
  out.print(`${objectName(KINDS.Deployment, name)} created`);
  return out.result();
}

function createNamespace(argv: string[], env: KubectlEnv, line: string): KubectlResult {
  const flags = parseFlags(argv, [], 'kubectl create namespace');
  const out = new Out();
  if (flags.args.length !== 1) throw new UsageError(`exactly one NAME is required, got ${flags.args.length}\nSee 'kubectl create namespace -h' for help and examples`);
  const name = flags.args[0]!;
  const r = createObject(env, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, metaFor(env, 'NamespaceCreated', { command: line }));
  if (!r.ok) {
    out.fail({ t: 'api', error: r.error, verb: 'creating' });
    return out.result();
  }
  out.print(`${objectName(KINDS.Namespace, name)} created`);
  return out.result();
}

