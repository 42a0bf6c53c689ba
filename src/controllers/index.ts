// The controllers of a run and their fixed order within each pass of a tick (ARCHITECTURE.md).
// Upstream they run concurrently; here one pass runs them in this order, and passes repeat
// until none has work, so the order decides how events interleave in the log, never the
// outcome of a level-triggered reconcile:
//   1. deployment-controller      — ReplicaSets from Deployments
//   2. replicaset-controller      — Pods from ReplicaSets
//   3. default-scheduler          — binds Pending pods to nodes
//   4. kubelet                    — runs bound pods on every node (probes, restarts, termination)
//   5. kubelet-node-status        — what each node's kubelet posts about itself (Ready)
//   6. kubelet-eviction-manager   — node-pressure eviction, MemoryPressure/DiskPressure
//   7. node-lifecycle-controller  — heartbeats, Unknown conditions, condition taints, zones
//   8. taint-eviction-controller  — evicts pods that do not tolerate NoExecute taints
//   9. disruption-controller      — PodDisruptionBudget status
//  10. garbage-collector          — removes dependents whose owners are gone
import type { Controller } from '../state/controller.js';
import { DeploymentController } from './deployment/index.js';
import { ReplicaSetController } from './replicaset/index.js';
import { Scheduler } from './scheduler/index.js';
import { Kubelet } from './kubelet/index.js';
import { NodeStatusController } from './nodestatus/index.js';
import { EvictionManager } from './node-pressure/index.js';
import { NodeLifecycleController } from './nodelifecycle/index.js';
import { TaintEvictionController } from './taint-eviction/index.js';
import { DisruptionController } from './disruption/index.js';
import { GarbageCollector } from './garbage-collector/index.js';

export function defaultControllers(): Controller[] {
  return [
    new DeploymentController(),
    new ReplicaSetController(),
    new Scheduler(),
    new Kubelet(),
    new NodeStatusController(),
    new EvictionManager(),
    new NodeLifecycleController(),
    new TaintEvictionController(),
    new DisruptionController(),
    new GarbageCollector(),
  ];
}
