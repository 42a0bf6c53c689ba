// kubectl's verbs (placeholder until the verbs land: only what the scenario runner needs).
import type { KubectlEnv, KubectlResult, ManifestInput } from './types.js';

export function runKubectl(command: string, _env: KubectlEnv): KubectlResult {
  return { exitCode: 1, stdout: '', stderr: `error: kubectl ${command.split(/\s+/)[0]} is not implemented yet\n` };
}

export function applyManifests(manifests: readonly ManifestInput[], env: KubectlEnv): KubectlResult {
  let stdout = '';
  for (const m of manifests) {
    const o = m.object;
    const ns = o.metadata.namespace ?? 'default';
    const exists = env.ctx.view.getByKey(`${o.kind}/${ns}/${o.metadata.name}`);
    if (exists) { stdout += `${o.kind.toLowerCase()}/${o.metadata.name} unchanged\n`; continue; }
    env.ctx.create({ ...o, metadata: { ...o.metadata, namespace: ns } }, { type: `${o.kind}Created`, ...(env.cause !== undefined ? { cause: env.cause } : {}) });
    stdout += `${o.kind.toLowerCase()}/${o.metadata.name} created\n`;
  }
  return { exitCode: 0, stdout, stderr: '' };
}

export function deleteTarget(target: string, _env: KubectlEnv): KubectlResult {
  return { exitCode: 1, stdout: '', stderr: `error: delete ${target} is not implemented yet\n` };
}
