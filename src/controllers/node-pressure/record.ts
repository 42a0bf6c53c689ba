// What the eviction manager keeps in process memory upstream (managerImpl: thresholdsFirstObservedAt,
// nodeConditionsLastObservedAt, thresholdsMet), stored in the node's hidden sim['eviction-manager'] so a
// resumed run sees what the original saw; and, for a pod evicted with a grace period, when its
// containers stop (pod.sim['eviction-manager']). No upstream file; plain JSON only.
import type { Clock } from '../../api/time.js';
import type { Json, KubeletConfig, Node, Pod } from '../../api/types.js';
import { defaultKubeletConfig } from '../../api/kubeletconfig.js';

export const RECORD_KEY = 'eviction-manager';

/**
 * The manager's memory of one node. The sync schedule is not in it: syncs fall on
 * since + k × evictionMonitoringPeriodSeconds, so a sync that changes nothing writes nothing.
 */
export interface EvictionRecord {
  /** the tick the kubelet (last) started; memory from an earlier start is forgotten, as a restart does */
  since: number;
  /** the tick of the last sync that changed this record */
  syncedAt: number;
  /** thresholdsFirstObservedAt: threshold key (signal:hard|soft) → tick it was first seen met */
  firstObserved: Record<string, number>;
  /** nodeConditionsLastObservedAt: condition → tick last seen; dropped once past the transition period */
  lastObserved: Record<string, number>;
  /** thresholdsMet: keys of the thresholds past their grace period, held until the minimum reclaim */
  met: string[];
}

/** A pod evicted with a grace period: its containers got SIGTERM at evictedAt and are gone at stopAt. */
export interface PodEvictionRecord {
  evictedAt: number;
  stopAt: number;
  /** the grace period the pod was given */
  graceSeconds: number;
}

interface KubeletSim {
  running?: boolean;
  since?: number;
  config?: KubeletConfig;
}

function kubeletSim(node: Node): KubeletSim {
  return ((node.sim as Record<string, unknown> | undefined)?.['kubelet'] ?? {}) as KubeletSim;
}

/** The node's kubelet runs (a scenario's `node: {ready: false}` stops it). */
export function kubeletRunning(node: Node): boolean {
  return kubeletSim(node).running !== false;
}

/** The node's kubelet configuration (v1.28 defaults when the node carries none). */
export function kubeletConfig(node: Node): KubeletConfig {
  return kubeletSim(node).config ?? DEFAULT_CONFIG;
}

const DEFAULT_CONFIG: KubeletConfig = Object.freeze(defaultKubeletConfig()) as KubeletConfig;

/** The tick the node's kubelet last started: when it was restarted, else the node's creation. */
export function kubeletStartTick(node: Node, clock: Clock): number {
  const since = kubeletSim(node).since;
  if (since !== undefined) return since;
  const created = node.metadata.creationTimestamp;
  return created ? clock.tickOf(created) : 0;
}

/** The manager's memory of the node, if it belongs to the kubelet's current start. */
export function readRecord(node: Node, since: number): EvictionRecord | undefined {
  const r = (node.sim as Record<string, unknown> | undefined)?.[RECORD_KEY] as EvictionRecord | undefined;
  return r && r.since === since ? r : undefined;
}

/** The record's content without its write time, for "did anything change". */
export function sameRecord(a: EvictionRecord | undefined, b: EvictionRecord | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.since === b.since && sameNumbers(a.firstObserved, b.firstObserved) && sameNumbers(a.lastObserved, b.lastObserved)
    && a.met.length === b.met.length && a.met.every((k, i) => b.met[i] === k);
}

function sameNumbers(a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}

/** A record as stored (keys sorted, so equal records serialise alike), or undefined when empty. */
export function normalizeRecord(r: EvictionRecord): EvictionRecord | undefined {
  if (Object.keys(r.firstObserved).length === 0 && Object.keys(r.lastObserved).length === 0 && r.met.length === 0) return undefined;
  const sorted = (m: Record<string, number>): Record<string, number> => Object.fromEntries(Object.keys(m).sort().map((k) => [k, m[k]!]));
  return { since: r.since, syncedAt: r.syncedAt, firstObserved: sorted(r.firstObserved), lastObserved: sorted(r.lastObserved), met: [...r.met].sort() };
}

export function recordJson(r: EvictionRecord | PodEvictionRecord): Json {
  return r as unknown as Json;
}

/** A pod this manager evicted with a grace period whose containers have not stopped yet. */
export function podEvictionRecord(pod: Pod): PodEvictionRecord | undefined {
  return (pod.sim as Record<string, unknown> | undefined)?.[RECORD_KEY] as PodEvictionRecord | undefined;
}
