// kubectl's verbs as the scenario runner, the CLI and library users call them: a command line in,
// kubectl's stdout/stderr/exit code out, writes admitted like API requests. Follows kubectl's
// root command (k8s.io/kubectl/pkg/cmd/cmd.go, v1.28). expose comes later.
import { applyOne } from './apply.js';
import { failure, Out } from './output.js';
import { tokenize, UsageError } from './parse.js';
import type { KubectlEnv, KubectlResult, ManifestInput } from './types.js';
import { applyCommand, createCommand } from './verbs/apply.js';
import { autoscaleCommand } from './verbs/autoscale.js';
import { deleteCommand, deleteTargetCommand } from './verbs/delete.js';
import { drainCommand } from './verbs/drain.js';
import { describeCommand, getCommand } from './verbs/get.js';
import { annotateCommand, labelCommand } from './verbs/label.js';
import { cordonCommand, taintCommand } from './verbs/node.js';
import { patchCommand } from './verbs/patch.js';
import { rolloutCommand } from './verbs/rollout.js';
import { scaleCommand, setCommand } from './verbs/scale.js';

export type { KubectlReadEnv } from './verbs/get.js';

type Verb = (argv: string[], env: KubectlEnv, line: string) => KubectlResult;

const VERBS: Readonly<Record<string, Verb>> = {
  apply: applyCommand,
  create: createCommand,
  delete: deleteCommand,
  scale: scaleCommand,
  set: setCommand,
  rollout: rolloutCommand,
  label: labelCommand,
  annotate: annotateCommand,
  taint: taintCommand,
  cordon: (argv, env, line) => cordonCommand(argv, env, line, true),
  uncordon: (argv, env, line) => cordonCommand(argv, env, line, false),
  drain: drainCommand,
  autoscale: autoscaleCommand,
  patch: patchCommand,
  get: (argv, env) => getCommand(argv, env),
  describe: (argv, env) => describeCommand(argv, env),
};

/** kubectl verbs kreplay will model in a later issue. */
const LATER = ['expose'];

/** The rest of kubectl v1.28's commands (cobra's sorted list, for "Did you mean this?"). */
const KUBECTL_COMMANDS = [
  'annotate', 'api-resources', 'api-versions', 'apply', 'attach', 'auth', 'autoscale', 'certificate', 'cluster-info',
  'completion', 'config', 'cordon', 'cp', 'create', 'debug', 'delete', 'describe', 'diff', 'drain', 'edit', 'events',
  'exec', 'explain', 'expose', 'get', 'help', 'kustomize', 'label', 'logs', 'options', 'patch', 'plugin', 'port-forward',
  'proxy', 'replace', 'rollout', 'run', 'scale', 'set', 'taint', 'top', 'uncordon', 'version', 'wait',
];

/** cobra's ld(): Levenshtein distance, case-insensitive. */
function levenshtein(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const cur = [i];
    for (let j = 1; j <= t.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (s[i - 1] === t[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[t.length]!;
}

/** cobra's "unknown command" error with its suggestions (distance ≤ 2, or a prefix). */
function unknownCommand(name: string): string {
  const suggestions = KUBECTL_COMMANDS.filter((c) => c !== 'help' && (levenshtein(name, c) <= 2 || c.startsWith(name.toLowerCase())));
  const did = suggestions.length > 0 ? `\n\nDid you mean this?\n${suggestions.map((s) => `\t${s}\n`).join('')}` : '';
  return `unknown command ${JSON.stringify(name)} for "kubectl"${did}`;
}

/** Global flags may come before the verb: `kubectl -n web get pods`. */
function splitVerb(argv: string[]): { verb: string | undefined; rest: string[] } {
  const leading: string[] = [];
  let i = 0;
  while (i < argv.length && argv[i]!.startsWith('-')) {
    const a = argv[i++]!;
    leading.push(a);
    if ((a === '-n' || a === '--namespace') && i < argv.length) leading.push(argv[i++]!);
  }
  return { verb: argv[i], rest: [...argv.slice(i + 1), ...leading] };
}

/**
 * Run one kubectl command line ("kubectl " optional) in the input phase of a tick. Writes go
 * through admission and carry `env.cause`; a failing command writes nothing (or, for verbs
 * that touch several objects, exactly what kubectl would have written before failing).
 * Commands that keep running (rollout status) return a ClientProcess.
 *
 * @example runKubectl('set image deployment/web web=web:2', env)
 *   // { exitCode: 0, stdout: 'deployment.apps/web image updated\n', stderr: '' }
 */
export function runKubectl(command: string, env: KubectlEnv): KubectlResult {
  try {
    const argv = tokenize(command);
    if (argv[0] === 'kubectl') argv.shift();
    const line = `kubectl ${command.trim().replace(/^kubectl\s+/, '')}`;
    const { verb, rest } = splitVerb(argv);
    if (verb === undefined) return failure('a kubectl command is required (for example: kubectl get pods)');
    const run = VERBS[verb];
    if (run) return run(rest, env, line);
    if (LATER.includes(verb)) return failure(`kubectl ${verb} is not supported yet by kreplay`);
    if (KUBECTL_COMMANDS.includes(verb)) return failure(`kubectl ${verb} is not supported by kreplay`);
    return failure(unknownCommand(verb));
  } catch (e) {
    if (e instanceof UsageError) return failure(e.message);
    throw e;
  }
}

/**
 * `kubectl apply` of objects a caller already parsed (the scenario's `objects:` and `apply:`):
 * each is created or patched (three-way merge with its last-applied configuration) in order.
 * @example applyManifests([{ object: webDeployment, file: 'web.yaml' }], env).stdout // 'deployment.apps/web created\n'
 */
export function applyManifests(manifests: readonly ManifestInput[], env: KubectlEnv): KubectlResult {
  const out = new Out();
  for (const m of manifests) {
    applyOne(env, { raw: m.object, file: m.file }, { namespace: 'default', enforceNamespace: false, command: `kubectl apply -f ${m.file}` }, out);
  }
  return out.result();
}

/**
 * The scenario's `delete:` step: "kind/name" or "kind/namespace/name", deleted like
 * `kubectl delete` (graceful for pods, background propagation).
 * @example deleteTarget('pod/web-5d9c7b8f4-abcde', env).stdout // 'pod "web-5d9c7b8f4-abcde" deleted\n'
 */
export function deleteTarget(target: string, env: KubectlEnv): KubectlResult {
  return deleteTargetCommand(target, env);
}
