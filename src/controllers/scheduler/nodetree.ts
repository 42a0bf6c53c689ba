// The order the scheduler walks nodes in: zones round-robin (internal/cache/node_tree.go and
// util/node GetZoneKey, v1.28). Differs: upstream appends a node to its zone when the informer
// first sees it (a relabelled node moves to the end of its new zone); here the tree is rebuilt
// from the nodes in creation order, so it is a function of the state alone (a resumed run walks
// the same order). Zones appear in the order of their first node.
import type { Node } from '../../api/types.js';

/**
 * GetZoneKey: "region:\x00:zone" from topology.kubernetes.io/{region,zone} (or the deprecated
 * failure-domain.beta.kubernetes.io labels), "" when the node has neither.
 */
export function getZoneKey(node: Node): string {
  const labels = node.metadata.labels;
  if (!labels) return '';
  const zone = labels['topology.kubernetes.io/zone'] ?? labels['failure-domain.beta.kubernetes.io/zone'] ?? '';
  const region = labels['topology.kubernetes.io/region'] ?? labels['failure-domain.beta.kubernetes.io/region'] ?? '';
  if (region === '' && zone === '') return '';
  return `${region}:\x00:${zone}`;
}

/**
 * nodeTree.list(): the i-th node of every zone, zone by zone, for i = 0, 1, … — so consecutive
 * nodes of the walk are in different zones.
 *
 * @example
 *   zones a: [a1, a2, a3], b: [b1]  →  a1, b1, a2, a3
 */
export function nodeTreeList<T extends Node>(nodesInCreationOrder: readonly T[]): T[] {
  const zones = new Map<string, T[]>();
  for (const n of nodesInCreationOrder) {
    const key = getZoneKey(n);
    let list = zones.get(key);
    if (!list) zones.set(key, (list = []));
    list.push(n);
  }
  if (zones.size === 1) return [...nodesInCreationOrder];
  const lists = [...zones.values()];
  const out: T[] = [];
  for (let i = 0; out.length < nodesInCreationOrder.length; i++) {
    for (const l of lists) if (i < l.length) out.push(l[i]!);
  }
  return out;
}
