// kreplay benchmarks (npm run bench). Budgets and why:
//   append  ≥ 50 % of raw better-sqlite3 inserts of the same rows, measured in the same process —
//           our overhead (envelope serialisation, SHA-256 chain, tick rows) must not dominate;
//   replay  ≥ 150,000 events/s folding the whole log (read + parse + evolve) — time travel and
//           verify are folds;
//   envelope (and envelope-probes, with probes on every pod) 5,000 nodes and 150,000 pods
//           (1,500 Deployments × 100 replicas) created,
//           scheduled and Running in < 5 min wall, < 6 GB RSS, ≥ 1,000 pods scheduled per
//           second (kube-scheduler's scheduler_perf CI floor for 5,000 nodes is 680–810 pods/s).
//   hpa     one simulated hour of 20 and of 40 autoscaled Deployments (about 2,000 and 4,000 pods)
//           on 100 nodes in seconds, next to the same hour without autoscalers.
// Numbers are measured, never asserted in tests. Run one section: npm run bench -- append
import v8 from 'node:v8';

v8.setFlagsFromString('--max-semi-space-size=64'); // little effect this late: npm run bench passes the flag to node
const { appendBench } = await import('./append.js');
const { replayBench } = await import('./replay.js');
const { envelopeBench } = await import('./envelope.js');
const { envelopeProbesBench } = await import('./envelope-probes.js');
const { hpaBench } = await import('./hpa.js');

const sections: Record<string, () => void> = {
  append: appendBench,
  replay: replayBench,
  envelope: () => envelopeBench(),
  // the same envelope with a readiness and a liveness probe on every pod (issue 3)
  'envelope-probes': () => envelopeProbesBench(),
  // one hour of autoscaling on 100 nodes (issue 4)
  hpa: () => { hpaBench({ nodes: 100, deployments: 20, seconds: 3600 }); hpaBench({ nodes: 100, deployments: 40, seconds: 3600 }); },
};

const wanted = process.argv.slice(2);
const run = wanted.length ? wanted : Object.keys(sections);
for (const name of run) {
  const fn = sections[name];
  if (!fn) {
    console.error(`unknown section ${name}; sections: ${Object.keys(sections).join(', ')}`);
    process.exitCode = 2;
    break;
  }
  console.log(`\n=== ${name} ===`);
  fn();
}
