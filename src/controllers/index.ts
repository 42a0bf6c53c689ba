// The controllers of a run and their fixed order within each pass of a tick (ARCHITECTURE.md).
// Upstream they run concurrently; here one pass runs them in this order, and passes repeat
// until none has work, so the order decides how events interleave in the log, never the
// outcome of a level-triggered reconcile:
//   1. horizontal-pod-autoscaler  — scales Deployments/ReplicaSets/StatefulSets from the metrics
//                                   (every 15 s); first, so that the workload controllers act on
//                                   a rescale in the same pass, and its syncs read the state the
//                                   tick's inputs left (the metrics samples are of the last scrape)
//   2. deployment-controller      — ReplicaSets from Deployments
//   3. replicaset-controller      — Pods from ReplicaSets
//   4. statefulset-controller     — Pods "<set>-<ordinal>" from StatefulSets, in order
//   5. default-scheduler          — binds Pending pods to nodes
//   6. kubelet                    — runs bound pods on every node (probes, restarts, termination)
//   7. kubelet-node-status        — what each node's kubelet posts about itself (Ready)
//   8. kubelet-eviction-manager   — node-pressure eviction, MemoryPressure/DiskPressure
//   9. node-lifecycle-controller  — heartbeats, Unknown conditions, condition taints, zones
//  10. taint-eviction-controller  — evicts pods that do not tolerate NoExecute taints
//  11. disruption-controller      — PodDisruptionBudget status
//  12. garbage-collector          — removes dependents whose owners are gone
import type { Controller } from '../state/controller.js';
import { DeploymentController } from './deployment/index.js';
import { ReplicaSetController } from './replicaset/index.js';
import { StatefulSetController } from './statefulset/index.js';
import { Scheduler } from './scheduler/index.js';
import { Kubelet } from './kubelet/index.js';
import { NodeStatusController } from './nodestatus/index.js';
import { EvictionManager } from './node-pressure/index.js';
import { NodeLifecycleController } from './nodelifecycle/index.js';
import { TaintEvictionController } from './taint-eviction/index.js';
import { DisruptionController } from './disruption/index.js';
import { GarbageCollector } from './garbage-collector/index.js';
import { HorizontalPodAutoscalerController } from './hpa/index.js';

export function defaultControllers(): Controller[] {
  return [
    new HorizontalPodAutoscalerController(),
    new DeploymentController(),
    new ReplicaSetController(),
    new StatefulSetController(),
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
