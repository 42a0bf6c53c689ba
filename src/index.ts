// kreplay as a library: the operations of the `kreplay` command, for tests written by users.
//
// @example Run a scenario file and check it, as `kreplay run` does:
//   import { loadScenario, runScenario } from 'kreplay';
//   const result = runScenario(loadScenario('scenarios/rolling-update.yaml'), { db: 'run.db' });
//   assert(result.passed, JSON.stringify(result.expectations));
//
// @example A property over cluster behaviour with the in-memory harness:
//   import { Sim, defaultControllers } from 'kreplay';
//   const sim = new Sim({ controllers: defaultControllers(), seed: 42 });
//   sim.given(node, deployment);
//   sim.tick(60);
//   expect(sim.view.get('Deployment', 'default', 'web')?.status.availableReplicas).toBe(3);
//
// @example Time travel over a recorded run:
//   import { EventStore, runInfo, seek, verifyRun } from 'kreplay';
//   const store = EventStore.open('run.db', { readonly: true });
//   const { state } = seek(store, 90, runInfo(store));     // the cluster at 90 s
//   const proof = verifyRun(store);                          // { ok: true, … } when deterministic

export const VERSION = '0.1.0';

// scenarios
export { loadScenario } from './scenario/load.js';
export { runScenario, scenarioFingerprint, type RunOptions, type RunResult, type ExpectationOutcome } from './scenario/runner.js';
export type { Scenario, Step, Expectation, Check, Manifest } from './scenario/types.js';
export { InputError } from './scenario/yaml.js';

// the engine and its controllers
export { Engine, type EngineOptions, type TickResult } from './engine/engine.js';
export { Sim, type SimOptions } from './engine/testing.js';
export { defaultControllers } from './controllers/index.js';
export { DeploymentController } from './controllers/deployment/index.js';
export { ReplicaSetController } from './controllers/replicaset/index.js';
export { Scheduler } from './controllers/scheduler/index.js';
export { Kubelet } from './controllers/kubelet/index.js';
export { GarbageCollector } from './controllers/garbage-collector/index.js';
export type { Controller, Ctx, WorkItem, WorkSet, WriteMeta, Rng } from './state/controller.js';

// state and events
export { ClusterState, type View, type NodeUsage } from './state/cluster.js';
export type { LogEvent, Change, PatchOp, KubeEventNote } from './state/events.js';
export { deleteObject, type DeleteOptions } from './state/apiserver.js';

// the store and time travel
export { EventStore, StoreError, type TickRow } from './store/eventlog.js';
export { seek, runInfo, parseTime, type Snapshot, type RunInfo } from './timetravel/seek.js';
export { verifyRun, type VerifyResult } from './timetravel/verify.js';
export { foldParallel } from './timetravel/fold.js';
export { diffStates, formatLogLine, type ObjectDiff } from './timetravel/history.js';

// kubectl
export { runKubectl, applyManifests, deleteTarget } from './kubectl/index.js';
export type { KubectlEnv, KubectlResult, ClientProcess } from './kubectl/types.js';
export { printTable, printObject, describeObject } from './kubectl/printers/index.js';
export { deriveEvents } from './kubectl/events.js';

// the Kubernetes API: objects, admission, selectors, quantities, time
export * from './api/types.js';
export { admitCreate, admitUpdate } from './api/admission.js';
export { setObjectDefaults } from './api/defaults.js';
export { validateObject, validateObjectUpdate } from './api/validation.js';
export { parseSelector, selectorMatches, matches, formatLabelSelector } from './api/labels.js';
export { milliValue, value as quantityValue } from './api/quantity.js';
export { Clock, parseDurationSeconds, humanDuration } from './api/time.js';
