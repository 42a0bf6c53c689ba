// Which pods `kubectl drain` deletes, skips, warns about or refuses: GetPodsForDeletion and the
// filters of staging/src/k8s.io/kubectl/pkg/drain/{drain,filters}.go (v1.28 messages).
// Differs: warnings and errors are grouped by message in order of first appearance (Go: map order).
import { matches, type Selector } from '../../api/labels.js';
import { controllerRef, isTerminal } from '../../api/podutil.js';
import type { Pod } from '../../api/types.js';
import type { View } from '../../state/cluster.js';

export const DAEMONSET_FATAL = 'DaemonSet-managed Pods (use --ignore-daemonsets to ignore)';
export const DAEMONSET_WARNING = 'ignoring DaemonSet-managed Pods';
export const LOCAL_STORAGE_FATAL = 'Pods with local storage (use --delete-emptydir-data to override)';
export const LOCAL_STORAGE_WARNING = 'deleting Pods with local storage';
export const UNMANAGED_FATAL = 'cannot delete Pods declare no controller (use --force to override)';
export const UNMANAGED_WARNING = 'deleting Pods that declare no controller';
export const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';

export interface FilterOptions {
  force: boolean;
  ignoreAllDaemonSets: boolean;
  deleteEmptyDirData: boolean;
  /** --skip-wait-for-delete-timeout (0: off) */
  skipWaitForDeleteTimeoutSeconds: number;
  /** --pod-selector */
  podSelector?: Selector;
}

export type PodDeleteReason = 'Okay' | 'Skip' | 'Warning' | 'Error';

export interface PodDeleteStatus {
  delete: boolean;
  reason: PodDeleteReason;
  message: string;
}

export interface PodDelete {
  pod: Pod;
  status: PodDeleteStatus;
}

const okay = (): PodDeleteStatus => ({ delete: true, reason: 'Okay', message: '' });
const skip = (): PodDeleteStatus => ({ delete: false, reason: 'Skip', message: '' });
const warning = (del: boolean, message: string): PodDeleteStatus => ({ delete: del, reason: 'Warning', message });
const error = (message: string): PodDeleteStatus => ({ delete: false, reason: 'Error', message });

/** shouldSkipPod: the pod's deletionTimestamp lies more than `seconds` in the past. */
export function shouldSkipPod(pod: Pod, seconds: number, now: number, tickOf: (t: string) => number): boolean {
  return seconds > 0 && pod.metadata.deletionTimestamp !== undefined && now - tickOf(pod.metadata.deletionTimestamp) > seconds;
}

type Filter = (pod: Pod) => PodDeleteStatus;

/** makeFilters: skipDeleted, daemonSet, mirrorPod, localStorage, unreplicated — the first refusal wins. */
function makeFilters(view: View, o: FilterOptions, now: number, tickOf: (t: string) => number): Filter[] {
  const skipDeletedFilter: Filter = (pod) => (shouldSkipPod(pod, o.skipWaitForDeleteTimeoutSeconds, now, tickOf) ? skip() : okay());
  const daemonSetFilter: Filter = (pod) => {
    const ref = controllerRef(pod);
    if (!ref || ref.kind !== 'DaemonSet') return okay();
    if (isTerminal(pod)) return okay();
    // kreplay stores no DaemonSets: the GET is NotFound unless some future kind provides them
    if (!view.getByKey(`DaemonSet/${pod.metadata.namespace ?? ''}/${ref.name}`)) {
      const msg = `daemonsets.apps "${ref.name}" not found`;
      return o.force ? warning(true, msg) : error(msg);
    }
    return o.ignoreAllDaemonSets ? warning(false, DAEMONSET_WARNING) : error(DAEMONSET_FATAL);
  };
  const mirrorPodFilter: Filter = (pod) => (pod.metadata.annotations?.[MIRROR_POD_ANNOTATION] !== undefined ? skip() : okay());
  const localStorageFilter: Filter = (pod) => {
    if (!(pod.spec.volumes ?? []).some((v) => v.emptyDir !== undefined && v.emptyDir !== null)) return okay();
    if (isTerminal(pod)) return okay();
    return o.deleteEmptyDirData ? warning(true, LOCAL_STORAGE_WARNING) : error(LOCAL_STORAGE_FATAL);
  };
  const unreplicatedFilter: Filter = (pod) => {
    if (isTerminal(pod)) return okay();
    if (controllerRef(pod)) return okay();
    return o.force ? warning(true, UNMANAGED_WARNING) : error(UNMANAGED_FATAL);
  };
  return [skipDeletedFilter, daemonSetFilter, mirrorPodFilter, localStorageFilter, unreplicatedFilter];
}

/** PodDeleteList: the node's pods with their verdicts. */
export class PodDeleteList {
  constructor(readonly items: readonly PodDelete[]) {}

  /** Pods(): the pods to delete, in list order. */
  pods(): Pod[] {
    return this.items.filter((i) => i.status.delete).map((i) => i.pod);
  }

  private grouped(reason: PodDeleteReason): [string, string[]][] {
    const groups = new Map<string, string[]>();
    for (const i of this.items) {
      if (i.status.reason !== reason) continue;
      const msg = reason === 'Error' && i.status.message === '' ? 'unexpected error' : i.status.message;
      let g = groups.get(msg);
      if (!g) groups.set(msg, (g = []));
      g.push(`${i.pod.metadata.namespace}/${i.pod.metadata.name}`);
    }
    return [...groups];
  }

  /** Warnings(): "msg: ns/a, ns/b; msg2: …" ('' when none). */
  warnings(): string {
    return this.grouped('Warning').map(([m, pods]) => `${m}: ${pods.join(', ')}`).join('; ');
  }

  /** errors(): one error per message, "cannot delete " prepended unless already there. */
  errors(): string[] {
    return this.grouped('Error').map(([m, pods]) => (m.toLowerCase().startsWith('cannot delete') ? `${m}: ${pods.join(', ')}` : `cannot delete ${m}: ${pods.join(', ')}`));
  }
}

/**
 * GetPodsForDeletion: the pods bound to the node (and matching --pod-selector), in the API
 * server's list order (namespace, name), each through the filters.
 */
export function getPodsForDeletion(view: View, node: string, o: FilterOptions, now: number, tickOf: (t: string) => number): PodDeleteList {
  const filters = makeFilters(view, o, now, tickOf);
  const pods = view.podsOnNode(node).filter((p) => !o.podSelector || matches(o.podSelector, p.metadata.labels));
  pods.sort((a, b) => {
    const an = a.metadata.namespace ?? '';
    const bn = b.metadata.namespace ?? '';
    if (an !== bn) return an < bn ? -1 : 1;
    return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
  });
  return new PodDeleteList(pods.map((pod) => {
    let status = okay();
    for (const f of filters) {
      status = f(pod);
      if (!status.delete) break;
    }
    return { pod, status };
  }));
}
