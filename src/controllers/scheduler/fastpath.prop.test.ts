// The node walk's typed-array fast path must decide exactly as the plugins do.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Clock } from '../../api/time.js';
import { Engine } from '../../engine/engine.js';
import { defaultSimConfig, namespaceObject, simConfigObject } from '../../engine/testing.js';
import { balancedCpuMemory, balancedResourceScorer } from './balancedallocation.js';
import { plainFitMask, runFilterPlugins } from './cycle.js';
import { podInfoOf } from './framework.js';
import { node, pod } from './fixtures.js';
import { builtinFitStatus, leastAllocatedCpuMemory, leastResourceScorer } from './noderesources.js';
import { NodeList, Snapshot } from './snapshot.js';

describe('fast path', () => {
  it('plainFitMask agrees with the filter plugins on plain nodes and pods', () => {
    fc.assert(fc.property(
      fc.record({
        allocCpu: fc.integer({ min: 0, max: 4000 }), allocMem: fc.integer({ min: 0, max: 4096 }), allocPods: fc.integer({ min: 0, max: 4 }),
        running: fc.array(fc.record({ cpu: fc.integer({ min: 0, max: 2000 }), mem: fc.integer({ min: 0, max: 2048 }) }), { maxLength: 4 }),
        cpu: fc.integer({ min: 0, max: 3000 }), mem: fc.integer({ min: 0, max: 3000 }),
      }),
      (c) => {
        const engine = new Engine({ seed: 1, clock: new Clock(), controllers: [] });
        engine.runTick(0, (ctx) => {
          ctx.create(simConfigObject(defaultSimConfig(1, '2024-01-01T00:00:00Z')), { type: 'SimulationConfigured' });
          ctx.create(namespaceObject('default'), { type: 'NamespaceCreated' });
          ctx.create(node('n', `${c.allocCpu}m`, `${c.allocMem}Mi`, { pods: c.allocPods }), { type: 'NodeCreated' });
          c.running.forEach((r, i) => ctx.create(pod(`r${i}`, `${r.cpu}m`, `${r.mem}Mi`, { nodeName: 'n', phase: 'Running' }), { type: 'PodCreated' }));
        });
        const view = engine.state;
        const snap = new Snapshot(view, new NodeList(view.list('Node')), 0);
        const p = podInfoOf(pod('p', c.cpu ? `${c.cpu}m` : undefined, c.mem ? `${c.mem}Mi` : undefined));
        const fast = builtinFitStatus(plainFitMask(snap, 0, p.cpuMillis, p.memoryBytes, p.ephemeralBytes));
        expect(fast).toBe(runFilterPlugins(view, p, snap.nodes[0]!, snap.usage[0]!)); // the same shared status, or null
      },
    ), { numRuns: 300 });
  });

  it('the inlined cpu/memory scores equal the general scorers', () => {
    fc.assert(fc.property(
      fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 0, max: 2 ** 40 }), fc.integer({ min: 0, max: 2 ** 40 }),
      (cr, ca, mr, ma) => {
        expect(leastAllocatedCpuMemory(cr, ca, mr, ma)).toBe(leastResourceScorer([cr, mr], [ca, ma], [1, 1]));
        expect(balancedCpuMemory(cr, ca, mr, ma)).toBe(balancedResourceScorer([cr, mr], [ca, ma]));
      },
    ), { numRuns: 2000 });
  });
});
