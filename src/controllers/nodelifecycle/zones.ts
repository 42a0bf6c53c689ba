// Zones and their disruption states (node_lifecycle_controller.go ComputeZoneState,
// handleDisruption, setLimiterInZone, ReducedQPSFunc/HealthyQPSFunc; component-helpers
// node/topology GetZoneKey), v1.28. Differs: zones are visited in sorted order, not Go map order.
import type { ConditionStatus, ControllerManagerSettings, Node } from '../../api/types.js';

export type ZoneState = 'Initial' | 'Normal' | 'PartialDisruption' | 'FullDisruption';

export const LABEL_TOPOLOGY_ZONE = 'topology.kubernetes.io/zone';
export const LABEL_TOPOLOGY_REGION = 'topology.kubernetes.io/region';
export const LABEL_FAILURE_DOMAIN_BETA_ZONE = 'failure-domain.beta.kubernetes.io/zone';
export const LABEL_FAILURE_DOMAIN_BETA_REGION = 'failure-domain.beta.kubernetes.io/region';
/** labelNodeDisruptionExclusion: nodes with this label do not count towards their zone's state. */
export const LABEL_NODE_DISRUPTION_EXCLUSION = 'node.kubernetes.io/exclude-disruption';

/**
 * nodetopology.GetZoneKey: "" without zone and region labels, else region + ":\x00:" + zone
 * (the beta failure-domain labels win over the topology ones, as upstream).
 */
export function getZoneKey(node: Node): string {
  const l = node.metadata.labels;
  if (!l) return '';
  let key = zoneKeys.get(l);
  if (key === undefined) zoneKeys.set(l, (key = zoneKeyOf(l)));
  return key;
}

/** Labels objects are immutable values shared by a node's versions: the key is computed once per labels. */
const zoneKeys = new WeakMap<Record<string, string>, string>();

function zoneKeyOf(l: Record<string, string>): string {
  const zone = l[LABEL_FAILURE_DOMAIN_BETA_ZONE] ?? l[LABEL_TOPOLOGY_ZONE] ?? '';
  const region = l[LABEL_FAILURE_DOMAIN_BETA_REGION] ?? l[LABEL_TOPOLOGY_REGION] ?? '';
  if (region === '' && zone === '') return '';
  return `${region}:\x00:${zone}`;
}

/** A zone key as people write it: "a", "eu-west/a", "" for the default zone. */
export function zoneLabel(key: string): string {
  const i = key.indexOf(':\x00:');
  if (i < 0) return key;
  const region = key.slice(0, i);
  const zone = key.slice(i + 3);
  return region === '' ? zone : `${region}/${zone}`;
}

export function isNodeExcludedFromDisruptionChecks(node: Node): boolean {
  return node.metadata.labels?.[LABEL_NODE_DISRUPTION_EXCLUSION] !== undefined;
}

/**
 * ComputeZoneState over the Ready statuses of a zone's nodes (undefined = no Ready condition):
 * no Ready node and some not → FullDisruption; more than 2 not Ready and at least
 * unhealthyZoneThreshold of them → PartialDisruption; else Normal. Returns the count of nodes
 * not Ready too. The ratio is compared in float32 as upstream (float32(5)/float32(9) ≥ float32(0.55)).
 *
 * Worked numbers (ZONE-3, ZONE-4): 2 ready / 2 not → Normal (not > 2); 2 ready / 3 not → 3/5 = 0.6
 * ≥ 0.55 → PartialDisruption.
 */
export function computeZoneState(readyStatuses: readonly (ConditionStatus | undefined)[], unhealthyZoneThreshold: number): [number, ZoneState] {
  let ready = 0;
  let notReady = 0;
  for (const s of readyStatuses) {
    if (s === 'True') ready++;
    else notReady++;
  }
  if (ready === 0 && notReady > 0) return [notReady, 'FullDisruption'];
  if (notReady > 2 && Math.fround(notReady / (notReady + ready)) >= Math.fround(unhealthyZoneThreshold)) return [notReady, 'PartialDisruption'];
  return [notReady, 'Normal'];
}

/** ReducedQPSFunc: a large zone slows down in partial disruption, a small one stops. */
export function reducedQPS(zoneSize: number, s: ControllerManagerSettings): number {
  return zoneSize > s.largeClusterSizeThreshold ? s.secondaryNodeEvictionRate : 0;
}

/** HealthyQPSFunc: a fully disrupted zone (while others are not) taints at the normal rate. */
export function healthyQPS(_zoneSize: number, s: ControllerManagerSettings): number {
  return s.nodeEvictionRate;
}

/** setLimiterInZone: the rate a zone's NoExecute tainter runs at in a state (Initial keeps its own). */
export function qpsForState(state: ZoneState, zoneSize: number, s: ControllerManagerSettings): number | undefined {
  switch (state) {
    case 'Normal': return s.nodeEvictionRate;
    case 'PartialDisruption': return reducedQPS(zoneSize, s);
    case 'FullDisruption': return healthyQPS(zoneSize, s);
    case 'Initial': return undefined;
    default: {
      const never: never = state;
      return never;
    }
  }
}
