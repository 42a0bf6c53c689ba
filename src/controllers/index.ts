// The controllers of a run and their fixed order within each pass of a tick (ARCHITECTURE.md).
// Upstream they run concurrently; here one pass runs them in this order, and passes repeat
// until none has work, so the order decides how events interleave in the log, never the
// outcome of a level-triggered reconcile:
//   1. deployment-controller  — ReplicaSets from Deployments
//   2. replicaset-controller  — Pods from ReplicaSets
//   3. default-scheduler      — binds Pending pods to nodes
//   4. kubelet                — runs bound pods on every node
//   5. garbage-collector      — removes dependents whose owners are gone
import type { Controller } from '../state/controller.js';
import { DeploymentController } from './deployment/index.js';
import { ReplicaSetController } from './replicaset/index.js';
import { Scheduler } from './scheduler/index.js';
import { Kubelet } from './kubelet/index.js';
import { GarbageCollector } from './garbage-collector/index.js';

export function defaultControllers(): Controller[] {
  return [new DeploymentController(), new ReplicaSetController(), new Scheduler(), new Kubelet(), new GarbageCollector()];
}
