// Property (seeds §7.1, issue 3 item 10): for any interleaving of adding and removing a NoExecute
// taint, a pod that does not tolerate it is evicted the tick it appears, one tolerating it forever
// never, and one tolerating it for N seconds exactly when the taint has stayed on for N seconds
// (still there at the tick the N seconds run out); and a resumed run continues exactly.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Node, Pod, Taint, Toleration } from '../../api/types.js';
import { Engine } from '../../engine/engine.js';
import { Sim } from '../../engine/testing.js';
import { checkResume, clock } from '../nodelifecycle/testutil.js';
import { TaintEvictionController } from './index.js';

const TAINT: Taint = { key: 'maintenance', value: 'now', effect: 'NoExecute' };
const HORIZON = 60;

function pod(name: string, tolerations: Toleration[]): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'web:1' }], nodeName: 'node1', ...(tolerations.length ? { tolerations } : {}) }, status: { phase: 'Pending' } };
}

/** The model: the first tick a pod tolerating the taint for `n` seconds (-1 forever, undefined not at all) is evicted. */
function expectedEviction(toggles: readonly number[], n: number | undefined): number | undefined {
  const on = (t: number): boolean => toggles.filter((x) => x <= t).length % 2 === 1;
  for (let t = 0; t <= HORIZON; t++) {
    if (!on(t)) continue;
    if (n === undefined) return t;
    if (n < 0) return undefined;
    // the taint appeared at s (not on at s - 1) and is still on at s + n
    const s = Math.max(...toggles.filter((x) => x <= t));
    if (t === s + n) return t;
  }
  return undefined;
}

function run(toggles: readonly number[], seconds: readonly number[]): Sim {
  const sim = new Sim({ controllers: [new TaintEvictionController()] });
  const node: Node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node1' }, spec: {}, status: {} };
  sim.given(node, pod('none', []), pod('forever', [{ key: 'maintenance', operator: 'Exists', effect: 'NoExecute' }]),
    ...seconds.map((n, i) => pod(`tol-${i}`, [{ key: 'maintenance', operator: 'Equal', value: 'now', effect: 'NoExecute', tolerationSeconds: n }])));
  for (let t = 0; t <= HORIZON; t++) {
    const flips = toggles.filter((x) => x === t).length;
    if (flips % 2 === 1) {
      sim.when((ctx) => {
        const n = ctx.view.get('Node', '', 'node1')!;
        ctx.update(n, (d) => { if (d.spec.taints?.length) delete d.spec.taints; else d.spec.taints = [TAINT]; }, { type: 'NodeTaintsChanged' });
      });
    }
    sim.tick();
  }
  return sim;
}

const firstEviction = (sim: Sim, name: string): number | undefined => sim.log.find((e) => e.object.name === name && e.type === 'PodEvictedByTaintManager')?.tick;

describe('NoExecute eviction timing (property)', () => {
  it('evicted exactly when the taint has outlasted the toleration; resumable at any tick', () => {
    fc.assert(fc.property(
      fc.uniqueArray(fc.integer({ min: 0, max: HORIZON - 5 }), { maxLength: 8 }).map((a) => a.sort((x, y) => x - y)),
      fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 4 }),
      fc.integer({ min: 1, max: HORIZON }),
      (toggles, seconds, resumeAt) => {
        const sim = run(toggles, seconds);
        expect(firstEviction(sim, 'none')).toBe(expectedEviction(toggles, undefined));
        expect(firstEviction(sim, 'forever')).toBeUndefined();
        seconds.forEach((n, i) => expect(firstEviction(sim, `tol-${i}`)).toBe(expectedEviction(toggles, n)));
        checkResume(sim, () => [new TaintEvictionController()], (state, controllers) => new Engine({ seed: 1, clock, controllers, state }), [resumeAt]);
      },
    ), { numRuns: 60, seed: 3 });
  });
});
