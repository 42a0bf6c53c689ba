// The kernel's OOM killer as the kubelet sees it: a container whose memory usage exceeds its
// memory limit is killed (terminated reason OOMKilled, exit code 137) and restarted per its
// restart policy. Usage comes from the simulator's stand-in for cAdvisor (src/state/usage.ts).
// Differs: usage is a step function, so the kill lands on the first change point above the limit;
// `load:` shares are evaluated with the readiness of the pods as they are at the sync (a share that
// grows because other pods become unready is noticed at the pod's next sync). CPU above the limit
// is only throttled (CFS quota): nothing happens to the container.
import { value } from '../../api/quantity.js';
import type { Clock } from '../../api/time.js';
import type { Container, ContainerStatus, Pod, SimConfigSpec } from '../../api/types.js';
import { behaviorOf, type UsageModel } from '../../state/usage.js';

/** The container's memory limit in bytes (Infinity when it has none). */
export function memoryLimit(c: Container): number {
  const q = c.resources?.limits?.['memory'];
  if (q === undefined) return Infinity;
  const v = value(q);
  return Number.isFinite(v) && v > 0 ? v : Infinity;
}

/** Whether anything in the configuration can give this container memory usage. */
function memoryCanBeUsed(config: SimConfigSpec, usesMemory: boolean): boolean {
  if (usesMemory) return true;
  return config.usage.some((r) => r.memory !== undefined || r.load?.memory !== undefined);
}

export interface MemoryEnv {
  config: SimConfigSpec | undefined;
  clock: Clock;
  /** a UsageModel at tick t (cached per tick by the caller) */
  usageAt(t: number): UsageModel;
}

/**
 * The first instant ≥ max(startedAt, from) at which the instance's memory usage exceeds the limit
 * (Infinity = never): the usage is evaluated at its change points — the instance's start, each
 * point of the behaviour's series, each timeline rule's first tick.
 */
export function oomAt(pod: Pod, c: Container, startedAt: number, usesMemory: boolean, env: MemoryEnv): number {
  const limit = memoryLimit(c);
  const config = env.config;
  if (!Number.isFinite(limit) || !config || !memoryCanBeUsed(config, usesMemory)) return Infinity;
  const candidates = new Set<number>([startedAt]);
  for (const p of behaviorOf(config.behaviors, pod, c)?.usage ?? []) if (p.memory !== undefined) candidates.add(startedAt + p.atSeconds);
  for (const r of config.usage) if (r.sinceTick > startedAt && (r.memory !== undefined || r.load?.memory !== undefined)) candidates.add(r.sinceTick);
  const running: ContainerStatus = { name: c.name, state: { running: { startedAt: env.clock.at(startedAt) } }, lastState: {}, ready: false, restartCount: 0, image: c.image, imageID: '' };
  for (const t of [...candidates].sort((a, b) => a - b)) {
    const model = env.usageAt(t);
    const probe: Pod = { ...pod, status: { ...pod.status, containerStatuses: [running], initContainerStatuses: [] } };
    if (model.container(probe, c.name).memoryBytes > limit) return t;
  }
  return Infinity;
}
