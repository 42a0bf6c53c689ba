// What the node lifecycle controller keeps in memory upstream (zoneStates, zoneNoExecuteTainter
// limiters, the probe timestamps reset on leaving master disruption), kept instead in the hidden
// sim['node-lifecycle'] of the run's SimConfig object, written through events (resume, verify).
import type { ControllerManagerSettings, Json, SimConfig } from '../../api/types.js';
import { defaultControllerManagerSettings } from '../../api/kubeletconfig.js';
import type { Ctx, WriteMeta } from '../../state/controller.js';
import type { View } from '../../state/cluster.js';
import { zoneRecordJson, type ZoneRecord } from './ratelimit.js';

export const SIM_KEY = 'node-lifecycle';
export const SIM_CONFIG_NAME = 'simulation';

/**
 * The controller's cluster-wide memory. Per-zone limiters are not tied to one node (a zone may
 * lose and gain nodes), so the record lives on the one singleton object every run has: the
 * SimConfig. It changes only when a zone changes state, a limiter is swapped or a token is taken
 * (one NoExecute taint), so it costs one event per rate-limited taint.
 */
export interface LifecycleRecord {
  /** by zone key (GetZoneKey) */
  zones: Record<string, ZoneRecord>;
  /** the tick master disruption mode was last left: every node's probe timestamp was reset to it */
  probeResetTick?: number;
}

export function settingsOf(view: View): ControllerManagerSettings {
  if (view.count('SimConfig') === 0) return defaultControllerManagerSettings();
  return view.config().settings.controllerManager ?? defaultControllerManagerSettings();
}

function simConfig(view: View): SimConfig | undefined {
  return view.get('SimConfig', '', SIM_CONFIG_NAME);
}

export function readLifecycleRecord(view: View): LifecycleRecord {
  const raw = simConfig(view)?.sim?.[SIM_KEY] as unknown as { zones?: Record<string, ZoneRecord>; probeResetTick?: number } | undefined;
  const rec: LifecycleRecord = { zones: { ...(raw?.zones ?? {}) } };
  if (raw?.probeResetTick !== undefined) rec.probeResetTick = raw.probeResetTick;
  return rec;
}

export function lifecycleRecordJson(rec: LifecycleRecord): Json {
  const zones: { [k: string]: Json } = {};
  for (const k of Object.keys(rec.zones).sort()) zones[k] = zoneRecordJson(rec.zones[k]!);
  const out: { [k: string]: Json } = { zones };
  if (rec.probeResetTick !== undefined) out.probeResetTick = rec.probeResetTick;
  return out;
}

/** Write the record when it changed; no SimConfig (bare engine tests) keeps it in the view only as defaults. */
export function writeLifecycleRecord(ctx: Ctx, rec: LifecycleRecord, meta: WriteMeta): void {
  const config = simConfig(ctx.view);
  if (!config) return;
  const next = lifecycleRecordJson(rec);
  const cur = config.sim?.[SIM_KEY];
  if (cur !== undefined && JSON.stringify(cur) === JSON.stringify(next)) return;
  ctx.update(config, (d) => {
    if (!d.sim) d.sim = {};
    d.sim[SIM_KEY] = next;
  }, meta);
}
