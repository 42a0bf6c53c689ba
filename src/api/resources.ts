// Pod resource arithmetic shared by the scheduler, the projection's node-usage index and the
// printers. Follows pkg/api/v1/resource/helpers.go PodRequests (v1.28, with restartable init
// containers) and the scheduler's non-zero defaults (pkg/scheduler/util/pod_resources.go).
import { milliValue, value } from './quantity.js';
import type { Container, Pod, PodSpec, ResourceList } from './types.js';

/** Requests in comparison units: CPU millicores, memory and ephemeral-storage bytes. */
export interface Requests {
  cpuMillis: number;
  memoryBytes: number;
  ephemeralBytes: number;
  /** other (extended) resources by name, in plain units */
  scalar: Record<string, number>;
}

/** Scheduler defaults for containers that declare no request (not for an explicit 0). */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

export interface PodResources {
  requests: Requests;
  /** requests with the scheduler's non-zero defaults, for LeastAllocated scoring */
  nonzeroCpuMillis: number;
  nonzeroMemoryBytes: number;
}

const zero = (): Requests => ({ cpuMillis: 0, memoryBytes: 0, ephemeralBytes: 0, scalar: {} });

function containerRequests(list: ResourceList | undefined): Requests {
  const r = zero();
  if (!list) return r;
  for (const name of Object.keys(list).sort()) {
    const q = list[name]!;
    if (name === 'cpu') r.cpuMillis = milliValue(q);
    else if (name === 'memory') r.memoryBytes = value(q);
    else if (name === 'ephemeral-storage') r.ephemeralBytes = value(q);
    else if (name !== 'pods') r.scalar[name] = value(q);
  }
  return r;
}

/** Effective requests of a container: requests, or limits where a request is absent (defaulting). */
function effectiveRequests(c: Container): ResourceList | undefined {
  const req = c.resources?.requests;
  const lim = c.resources?.limits;
  if (!lim) return req;
  const out: ResourceList = { ...lim, ...(req ?? {}) };
  return out;
}

function add(a: Requests, b: Requests): Requests {
  const scalar = { ...a.scalar };
  for (const k of Object.keys(b.scalar)) scalar[k] = (scalar[k] ?? 0) + b.scalar[k]!;
  return { cpuMillis: a.cpuMillis + b.cpuMillis, memoryBytes: a.memoryBytes + b.memoryBytes, ephemeralBytes: a.ephemeralBytes + b.ephemeralBytes, scalar };
}

function max(a: Requests, b: Requests): Requests {
  const scalar = { ...a.scalar };
  for (const k of Object.keys(b.scalar)) scalar[k] = Math.max(scalar[k] ?? 0, b.scalar[k]!);
  return { cpuMillis: Math.max(a.cpuMillis, b.cpuMillis), memoryBytes: Math.max(a.memoryBytes, b.memoryBytes), ephemeralBytes: Math.max(a.ephemeralBytes, b.ephemeralBytes), scalar };
}

/**
 * PodRequests: max(Σ app containers + Σ sidecars, max over init containers of (init + sidecars
 * started before it)) + overhead. With `nonzero`, containers without a cpu/memory request count
 * as 100m / 200Mi (scheduler GetNonzeroRequests).
 */
function podRequestsOf(spec: PodSpec, nonzero: boolean): Requests {
  const reqOf = (c: Container): Requests => {
    const r = containerRequests(effectiveRequests(c));
    if (nonzero) {
      const declared = effectiveRequests(c) ?? {};
      if (declared.cpu === undefined) r.cpuMillis = DEFAULT_MILLI_CPU_REQUEST;
      if (declared.memory === undefined) r.memoryBytes = DEFAULT_MEMORY_REQUEST;
    }
    return r;
  };
  let reqs = zero();
  for (const c of spec.containers) reqs = add(reqs, reqOf(c));
  let restartable = zero();
  let initMax = zero();
  for (const ic of spec.initContainers ?? []) {
    const r = reqOf(ic);
    let containerReqs: Requests;
    if (ic.restartPolicy === 'Always') {
      reqs = add(reqs, r);
      restartable = add(restartable, r);
      containerReqs = restartable;
    } else {
      containerReqs = add(r, restartable);
    }
    initMax = max(initMax, containerReqs);
  }
  reqs = max(reqs, initMax);
  if (spec.overhead) reqs = add(reqs, containerRequests(spec.overhead));
  return reqs;
}

const cache = new WeakMap<PodSpec, PodResources>();

/** Requests of a pod; memoised per (immutable) spec object. */
export function podResources(pod: Pod | { spec: PodSpec }): PodResources {
  let r = cache.get(pod.spec);
  if (r === undefined) {
    const nz = podRequestsOf(pod.spec, true);
    r = { requests: podRequestsOf(pod.spec, false), nonzeroCpuMillis: nz.cpuMillis, nonzeroMemoryBytes: nz.memoryBytes };
    cache.set(pod.spec, r);
  }
  return r;
}

/** Forget the memoised requests of a spec that was changed in place (owned folds only). */
export function forgetPodResources(spec: PodSpec): void {
  cache.delete(spec);
}

/** QoS class (pkg/apis/core/v1/helper/qos GetPodQOS). */
export function qosClass(spec: PodSpec): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const all = [...spec.containers, ...(spec.initContainers ?? [])];
  let anyRequestOrLimit = false;
  let guaranteed = true;
  const supported = ['cpu', 'memory'];
  for (const c of all) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    for (const r of supported) {
      const rq = req[r];
      const lm = lim[r];
      // upstream counts only quantities above zero (a zero limit is no limit)
      const rqv = rq === undefined ? 0 : milliValue(rq);
      const lmv = lm === undefined ? 0 : milliValue(lm);
      if (rqv > 0 || lmv > 0) anyRequestOrLimit = true;
      if (lmv <= 0) guaranteed = false;
      else if (rq !== undefined && rqv !== lmv) guaranteed = false;
    }
  }
  if (!anyRequestOrLimit) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}
