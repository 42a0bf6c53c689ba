// Checks that need the objects a scenario writes, done before anything runs: every `apply:` step
// is applied to a scratch cluster holding the objects the scenario created or applied before it
// (no controllers), and one the API server would refuse as Invalid — a forbidden change to a pod,
// a changed selector — stops the run with the manifest's file and line, exit 2, nothing written.
// Steps the API could refuse only because of what controllers did are left to run time.
import { Sim } from '../engine/testing.js';
import { applyManifests } from '../kubectl/index.js';
import type { KubectlEnv } from '../kubectl/types.js';
import type { Ctx } from '../state/controller.js';
import type { Manifest, Scenario } from './types.js';
import { parseRef } from './expect.js';
import { InputError } from './yaml.js';

function env(ctx: Ctx, s: Scenario): KubectlEnv {
  return { ctx, cwd: s.dir, readFile: () => { throw new Error('no files in the pre-check'); } };
}

function applyOne(sim: Sim, s: Scenario, m: Manifest): void {
  let res: ReturnType<typeof applyManifests> | undefined;
  sim.when((ctx) => { res = applyManifests([{ object: m.object, file: m.file }], env(ctx, s)); });
  sim.step();
  if (res && res.exitCode !== 0 && /is invalid/.test(res.stderr)) {
    const line = m.source.lineOf(m.path);
    throw new InputError(m.file, line, res.stderr.trim().split('\n').join(' '));
  }
}

export function checkUpdates(s: Scenario): void {
  if (!s.timeline.some((st) => st.kind === 'apply')) return;
  const sim = new Sim({ controllers: [], seed: s.seed, start: s.start, namespaces: s.namespaces });
  sim.step();
  for (const m of s.objects) applyOne(sim, s, m);
  for (const st of s.timeline) {
    if (st.kind === 'apply') for (const m of st.manifests) applyOne(sim, s, m);
    else if (st.kind === 'delete') {
      const ref = parseRef(st.target);
      sim.when((ctx) => {
        const o = ctx.view.get(ref.kind, ref.namespace, ref.name);
        if (o) ctx.remove(o, { type: 'Removed' });
      });
      sim.step();
    }
  }
}
