// `kubectl autoscale`: an autoscaling/v1 HorizontalPodAutoscaler for each deployment or replica set
// named, as kubectl v1.28 builds it (staging/src/k8s.io/kubectl/pkg/cmd/autoscale/autoscale.go).
// Differs: no --save-config, -o or --dry-run=server; the scale subresource check knows the kinds
// kreplay serves (deployments, replica sets and stateful sets have one).
import { goQuote } from '../../api/errors.js';
import { groupOf, kindFor, resourceOf } from '../../api/scheme.js';
import { KINDS, type KindInfo } from '../../api/types.js';
import { CHANGE_CAUSE_ANNOTATION } from '../apply.js';
import { readManifests } from '../manifests.js';
import { objectName, Out } from '../output.js';
import { flagBool, flagNumber, flagString, flagStrings, parseFlags, parseResourceArgs, UsageError, type FlagSpec } from '../parse.js';
import type { KubectlEnv, KubectlResult } from '../types.js';
import { createObject, metaFor } from '../write.js';
import { changeCause, FILENAME_FLAG, findObjects, namespaceOf, RECORD_FLAG, RECURSIVE_FLAG, type Invocation } from './common.js';

const AUTOSCALE_FLAGS: FlagSpec[] = [
  FILENAME_FLAG, RECURSIVE_FLAG, RECORD_FLAG, { name: 'min', kind: 'int' }, { name: 'max', kind: 'int' },
  { name: 'cpu-percent', kind: 'int' }, { name: 'name', kind: 'string' }, { name: 'dry-run', kind: 'string' },
  { name: 'field-manager', kind: 'string' },
];

/** resource.Builder's error when neither arguments nor -f name anything. */
const MISSING_RESOURCE = "You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'";

/** Kinds with a /scale subresource in discovery (kreplay serves no ReplicationController). */
const SCALABLE: ReadonlySet<string> = new Set(['Deployment', 'ReplicaSet', 'StatefulSet']);

const HPA = KINDS.HorizontalPodAutoscaler;

/** What autoscale visits: the target's mapping and name (from the server, or from a file). */
interface Target {
  info: KindInfo;
  name: string;
}

export interface AutoscaleOptions {
  /** --min; -1 (unset) leaves the server default (1) */
  min: number;
  max: number;
  /** --cpu-percent; -1 (unset) leaves the server default (80 %) */
  cpuPercent: number;
  /** --name; '' names the HPA after its target */
  name: string;
  changeCause?: string;
}

/**
 * createHorizontalPodAutoscaler: the autoscaling/v1 object kubectl sends. minReplicas only when
 * --min > 0, targetCPUUtilizationPercentage when --cpu-percent ≥ 0 (so 0 reaches validation).
 * @example autoscalerFor(deployInfo, 'web', { min: -1, max: 10, cpuPercent: 50, name: '' })
 *   // spec {scaleTargetRef: {apiVersion: 'apps/v1', kind: 'Deployment', name: 'web'}, maxReplicas: 10, targetCPUUtilizationPercentage: 50}
 */
export function autoscalerFor(info: KindInfo, refName: string, o: AutoscaleOptions): Record<string, unknown> {
  const metadata: Record<string, unknown> = { name: o.name || refName };
  if (o.changeCause !== undefined) metadata.annotations = { [CHANGE_CAUSE_ANNOTATION]: o.changeCause };
  const spec: Record<string, unknown> = {
    scaleTargetRef: { apiVersion: info.apiVersion, kind: info.kind, name: refName },
    maxReplicas: o.max,
  };
  if (o.min > 0) spec.minReplicas = o.min;
  if (o.cpuPercent >= 0) spec.targetCPUUtilizationPercentage = o.cpuPercent;
  return { apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata, spec };
}

/** GroupVersionResource.String(): "apps/v1, Resource=deployments", "/v1, Resource=pods". */
function gvrString(info: KindInfo): string {
  const version = info.apiVersion.split('/').pop()!;
  return `${groupOf(info)}/${version}, Resource=${info.plural}`;
}

/** The targets named in -f files (the builder reads them; nothing is fetched). */
function targetsFromFiles(env: KubectlEnv, files: string[], recursive: boolean, out: Out): Target[] {
  let items;
  try {
    const r = readManifests(env, files, recursive);
    items = r.items;
    for (const e of r.errors) out.error(e);
  } catch (e) {
    out.error((e as Error).message);
    return [];
  }
  const targets: Target[] = [];
  for (const m of items) {
    const raw = m.raw as { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } };
    const info = kindFor(String(raw.apiVersion), String(raw.kind));
    const name = String(raw.metadata?.name ?? '');
    if (!info) {
      out.error(`resource mapping not found for name: ${goQuote(name)} namespace: ${goQuote(String(raw.metadata?.namespace ?? ''))} from ${goQuote(m.file)}: no matches for kind ${goQuote(String(raw.kind))} in version ${goQuote(String(raw.apiVersion))}\nensure CRDs are installed first`);
      continue;
    }
    targets.push({ info, name });
  }
  return targets;
}

/**
 * `kubectl autoscale (-f FILENAME | TYPE NAME | TYPE/NAME) [--min=MINPODS] --max=MAXPODS [--cpu-percent=CPU] [--name=NAME]`:
 * creates "horizontalpodautoscaler.autoscaling/web autoscaled". Errors as kubectl's: a missing
 * --max is cobra's required flag, --max < 1 and --max < --min fail Validate, a kind without a
 * scale subresource "cannot autoscale a Pod: …"; the API server's (AlreadyExists, Invalid)
 * are printed as CheckErr prints them, and each target is tried (ContinueOnError).
 */
export function autoscaleCommand(argv: string[], env: KubectlEnv, line: string): KubectlResult {
  const inv: Invocation = { env, flags: parseFlags(argv, AUTOSCALE_FLAGS, 'kubectl autoscale'), path: 'kubectl autoscale' };
  const { flags } = inv;
  if (!flags.values.has('max')) throw new UsageError('required flag(s) "max" not set');
  const dryRun = flagString(flags, 'dry-run') ?? 'none';
  if (!['none', 'client', 'server'].includes(dryRun)) throw new UsageError(`Invalid dry-run value (${dryRun}). Must be "none", "server", or "client".`);
  if (dryRun === 'server') throw new UsageError('kubectl autoscale --dry-run=server is not supported by kreplay');
  const max = flagNumber(flags, 'max')!;
  const min = flagNumber(flags, 'min') ?? -1;
  if (max < 1) throw new UsageError(`--max=MAXPODS is required and must be at least 1, max: ${max}`);
  if (max < min) throw new UsageError(`--max=MAXPODS must be larger or equal to --min=MINPODS, max: ${max}, min: ${min}`);
  const out = new Out();
  const files = flagStrings(flags, 'filename');
  if (files.length > 0 && flags.args.length > 0) throw new UsageError('when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well');
  // The HPA is created in the request's namespace (the object carries none), whatever a file says.
  const { namespace } = namespaceOf(flags);
  let targets: Target[];
  if (files.length > 0) {
    targets = targetsFromFiles(env, files, flagBool(flags, 'recursive'), out);
  } else {
    const reqs = parseResourceArgs(flags.args);
    if (reqs.length === 0) throw new UsageError(MISSING_RESOURCE);
    targets = findObjects(env, reqs, { namespace }, out).map((f) => ({ info: f.info, name: f.obj.metadata.name }));
  }
  const cause = changeCause(inv, out);
  const opts: AutoscaleOptions = {
    min, max, cpuPercent: flagNumber(flags, 'cpu-percent') ?? -1, name: flagString(flags, 'name') ?? '',
    ...(cause !== undefined ? { changeCause: cause } : {}),
  };
  let count = 0;
  for (const t of targets) {
    if (!SCALABLE.has(t.info.kind)) {
      out.error(`cannot autoscale a ${t.info.kind}: could not find scale subresource for ${gvrString(t.info)} in discovery information`);
      continue;
    }
    const hpa = autoscalerFor(t.info, t.name, opts);
    if (dryRun === 'client') {
      count++;
      out.print(`${objectName(HPA, String((hpa.metadata as { name: string }).name))} created (dry run)`);
      continue;
    }
    const w = createObject(env, hpa, metaFor(env, 'HorizontalPodAutoscalerCreated', { command: line, target: `${resourceOf(t.info)}/${t.name}` }), namespace);
    if (!w.ok) {
      out.fail({ t: 'api', error: w.error });
      continue;
    }
    count++;
    out.warnings(w.warnings);
    out.print(`${objectName(HPA, w.object.metadata.name)} autoscaled`);
  }
  if (count === 0 && out.errors.length === 0) out.error('no objects passed to autoscale');
  return out.result();
}
