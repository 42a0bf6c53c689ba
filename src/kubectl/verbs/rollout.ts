// `kubectl rollout status|history|undo|pause|resume|restart`: argument handling, kubectl's
// errors for kinds without a viewer/rollbacker, and the name printer. Follows
// kubectl/pkg/cmd/rollout/*.go (v1.28); the logic lives in ../rollout.ts.
import type { Deployment, KindInfo } from '../../api/types.js';
import { objectName, Out, quotedName } from '../output.js';
import { flagNumber, flagString, parseFlags, parseResourceArgs, UsageError, type FlagSpec } from '../parse.js';
import { deploymentStatus, restart, rollback, RolloutStatusWatch, setPaused, viewHistory, type RolloutOutcome } from '../rollout.js';
import type { KubectlEnv, KubectlResult } from '../types.js';
import { findObjects, namespaceOf, SELECTOR_FLAG, type Found } from './common.js';

const SUBCOMMANDS = ['history', 'pause', 'restart', 'resume', 'status', 'undo'];

const FLAGS: Record<string, FlagSpec[]> = {
  status: [SELECTOR_FLAG, { name: 'watch', short: 'w', kind: 'bool' }, { name: 'revision', kind: 'int' }, { name: 'timeout', kind: 'duration' }],
  history: [SELECTOR_FLAG, { name: 'revision', kind: 'int' }],
  undo: [SELECTOR_FLAG, { name: 'to-revision', kind: 'int' }],
  pause: [SELECTOR_FLAG],
  resume: [SELECTOR_FLAG],
  restart: [SELECTOR_FLAG],
};

/** GroupKind.String(): "ReplicaSet.apps", "Pod". */
function groupKind(info: KindInfo): string {
  return info.apiVersion.includes('/') ? `${info.kind}.${info.apiVersion.split('/')[0]}` : info.kind;
}

/** `kubectl rollout <sub> …` */
export function rolloutCommand(argv: string[], env: KubectlEnv, line: string): KubectlResult {
  const [sub, ...rest] = argv;
  if (sub === undefined || !SUBCOMMANDS.includes(sub)) throw new UsageError(`unknown command ${JSON.stringify(sub ?? '')} for "kubectl rollout"`);
  const path = `kubectl rollout ${sub}`;
  const flags = parseFlags(rest, FLAGS[sub]!, path);
  const out = new Out();
  const { namespace } = namespaceOf(flags);
  const selector = flagString(flags, 'selector');
  const reqs = parseResourceArgs(flags.args);
  if (reqs.length === 0) throw new UsageError('required resource not specified');
  const found = findObjects(env, reqs, { namespace, ...(selector !== undefined ? { selector } : {}) }, out);
  switch (sub) {
    case 'status': return status(env, found, flags.values.get('watch') !== false, flagNumber(flags, 'revision') ?? 0, flagNumber(flags, 'timeout') ?? 0, out);
    case 'history': return history(env, found, flagNumber(flags, 'revision') ?? 0, out);
    case 'undo':
      for (const f of found) {
        if (f.info.kind !== 'Deployment') {
          out.error(`no rollbacker has been implemented for ${JSON.stringify(groupKind(f.info))}`);
          continue;
        }
        report(f, rollback(env, f.obj as Deployment, flagNumber(flags, 'to-revision') ?? 0, line), out);
      }
      return out.result();
    default: {
      if (out.errors.length > 0) return out.result(); // Complete's builder.Infos() failed
      for (const f of found) {
        if (f.info.kind !== 'Deployment') {
          out.error(`error: ${quotedName(f.info, f.obj.metadata.name)} ${sub === 'pause' ? 'pausing' : sub === 'resume' ? 'resuming' : 'restarting'} is not supported`);
          continue;
        }
        const d = f.obj as Deployment;
        report(f, sub === 'restart' ? restart(env, d, line) : setPaused(env, d, sub === 'pause', line), out);
      }
      return out.result();
    }
  }
}

function report(f: Found, r: RolloutOutcome, out: Out): void {
  if (r.ok) out.print(`${objectName(f.info, f.obj.metadata.name)} ${r.operation}`);
  else out.error(r.named ? `error: ${quotedName(f.info, f.obj.metadata.name)} ${r.error}` : r.error);
}

function status(env: KubectlEnv, found: Found[], watch: boolean, revision: number, timeoutSeconds: number, out: Out): KubectlResult {
  if (revision < 0) throw new UsageError(`revision must be a positive integer: ${revision}`);
  if (out.errors.length > 0) return out.result(true);
  if (found.length !== 1) {
    out.error(`rollout status is only supported on individual resources and resource collections - ${found.length} resources were found`);
    return out.result(true);
  }
  const { info, obj } = found[0]!;
  if (info.kind !== 'Deployment') {
    out.error(`no status viewer has been implemented for ${groupKind(info)}`);
    return out.result(true);
  }
  const d = obj as Deployment;
  const s = deploymentStatus(d, revision);
  if (s.error !== undefined) {
    out.error(s.error);
    return out.result(true);
  }
  out.stdout += s.message;
  const r = out.result(true);
  if (s.done || !watch) return r;
  r.process = new RolloutStatusWatch(d, { revision, timeoutSeconds, startTick: env.ctx.tick });
  return r;
}

function history(env: KubectlEnv, found: Found[], revision: number, out: Out): KubectlResult {
  if (revision < 0) throw new UsageError(`revision must be a positive integer: ${revision}`);
  for (const { info, obj } of found) {
    if (info.kind !== 'Deployment') {
      out.error(`no history viewer has been implemented for ${JSON.stringify(groupKind(info))}`);
      continue;
    }
    const h = viewHistory(env.ctx.view, obj as Deployment, revision);
    if (!h.ok) {
      out.error(h.error);
      continue;
    }
    out.stdout += `${objectName(info, obj.metadata.name)} ${revision > 0 ? `with revision #${revision}` : ''}\n${h.text}\n`;
  }
  return out.result(true);
}

