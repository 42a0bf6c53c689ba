// The node lifecycle controller (pkg/controller/nodelifecycle/node_lifecycle_controller.go, v1.28,
// without its embedded taint manager — see controllers/taint-eviction): node health, condition
// taints, rate-limited NoExecute taints per zone, zone disruption states. Differs: see monitor.ts.
import type { Json } from '../../api/types.js';
import type { Controller, Ctx, WorkSet } from '../../state/controller.js';
import { keyOf } from '../../state/events.js';
import { SOURCE } from './health.js';
import { doNoExecuteTaintingPass, eligibleForTainting, monitorNodeHealth } from './monitor.js';
import { readLifecycleRecord, settingsOf, SIM_CONFIG_NAME, writeLifecycleRecord, type LifecycleRecord } from './record.js';
import { doNoScheduleTaintingPass } from './taints.js';
import { zoneLabel } from './zones.js';

export { computeZoneState, getZoneKey, zoneLabel, type ZoneState } from './zones.js';
export { NOT_READY_TAINT, UNREACHABLE_TAINT, TAINT_NODE_NOT_READY, TAINT_NODE_UNREACHABLE, TAINT_NODE_UNSCHEDULABLE } from './taints.js';
export { readLifecycleRecord, type LifecycleRecord } from './record.js';
export type { ZoneRecord } from './ratelimit.js';

/** The controller's clock: timers wake it on the run's SimConfig (a timer needs an object key). */
const CLOCK_KEY = keyOf('SimConfig', '', SIM_CONFIG_NAME);

export interface NodeLifecycleOptions {
  /**
   * MarkPodsNotReady when the controller turns a node's Ready condition from True to Unknown
   * (upstream behaviour, default true). The kubelet must re-post pod readiness when it starts again.
   */
  markPodsNotReady?: boolean;
}

/**
 * Watches Nodes. On every node change: the NoSchedule condition taints (TaintNodesByCondition).
 * Every nodeMonitorPeriod (at ticks that are multiples of it): monitorNodeHealth. On every run:
 * the NoExecute tainting pass (rate-limited per zone). State that upstream keeps in memory is in
 * the SimConfig's sim['node-lifecycle'] (record.ts), so a resumed run continues exactly.
 *
 * Timeline of a kubelet that stops at tick 100 (defaults): Ready/MemoryPressure/DiskPressure/
 * PIDPressure Unknown and unreachable:NoSchedule at 145 (the first pass with now > 100 + 40),
 * unreachable:NoExecute at 150 (the pass that observes Unknown, token permitting), pods with the
 * default 300 s toleration deleted at 450.
 *
 * @example
 *   const sim = new Sim({ controllers: defaultControllers() }); // registered in src/controllers/index.ts
 */
export class NodeLifecycleController implements Controller {
  readonly name = 'node-lifecycle-controller';
  readonly watches = ['Node'] as const;
  private readonly markPods: boolean;
  /**
   * The tick of the last monitor pass: a pass runs once per monitor tick even when the controller
   * is called again in that tick (its own writes wake it). Not memory between ticks — only the
   * first call of a tick can run a pass, in an uninterrupted run (timer) and a resumed one (resync) alike.
   */
  private monitoredTick = -1;

  constructor(opts: NodeLifecycleOptions = {}) {
    this.markPods = opts.markPodsNotReady ?? true;
  }

  reconcile(ctx: Ctx, work: WorkSet): void {
    const s = settingsOf(ctx.view);
    const period = Math.max(1, Math.round(s.nodeMonitorPeriodSeconds));
    let clockWake = work.all;
    const names = new Set<string>();
    if (work.all) for (const n of ctx.view.list('Node')) names.add(n.metadata.name);
    for (const item of work.items) {
      if (item.key === CLOCK_KEY && item.seq === 0) clockWake = true;
      if (item.kind !== 'Node') continue;
      if (item.deleted) {
        // upstream: at the next monitor pass (classifyNodes "deleted"); here when the deletion is seen
        const name = item.obj.metadata.name;
        ctx.record(item.obj, { type: 'NodeRemovedFromController', cause: item.seq, note: { type: 'Normal', reason: 'RemovingNode', message: `Node ${name} event: Removing Node ${name} from Controller`, source: SOURCE } });
      } else names.add(item.obj.metadata.name);
    }
    // doNoScheduleTaintingPass for every node added or updated
    for (const name of [...names].sort()) {
      const node = ctx.view.get('Node', '', name);
      if (node) doNoScheduleTaintingPass(ctx, node);
    }
    const before = readLifecycleRecord(ctx.view);
    const rec = readLifecycleRecord(ctx.view);
    if (clockWake && ctx.tick % period === 0 && this.monitoredTick !== ctx.tick) {
      this.monitoredTick = ctx.tick;
      monitorNodeHealth(ctx, s, rec, period, this.markPods);
    }
    const lastPass = Math.floor(ctx.tick / period) * period;
    // doNoExecuteTaintingPass runs every 100 ms upstream. Here: on the controller's clock (monitor
    // ticks, token ticks) and when a changed node joins a queue (its NoExecute taint was removed
    // by hand while it is not Ready): only then can a pass find a queued node and a token.
    let tokenAt = Infinity;
    if (clockWake || [...names].some((n) => { const node = ctx.view.get('Node', '', n); return node !== undefined && eligibleForTainting(ctx, node, lastPass) !== undefined; })) {
      tokenAt = doNoExecuteTaintingPass(ctx, rec, lastPass);
    }
    writeRecord(ctx, before, rec);
    const nextPass = lastPass + period;
    if (clockWake || tokenAt !== Infinity) ctx.requeueAfter(CLOCK_KEY, Math.min(nextPass, tokenAt) - ctx.tick);
  }
}

/** One write of the controller's record when it changed, named after the weightiest change. */
function writeRecord(ctx: Ctx, before: LifecycleRecord, after: LifecycleRecord): void {
  const states: { [zone: string]: Json } = {};
  for (const zone of [...new Set([...Object.keys(before.zones), ...Object.keys(after.zones)])].sort()) {
    const a = before.zones[zone]?.state ?? 'none';
    const b = after.zones[zone]?.state ?? 'none';
    if (a !== b) states[zoneLabel(zone)] = `${a} → ${b}`;
  }
  const changedStates = Object.keys(states).length > 0;
  const type = changedStates ? 'ZoneStatesChanged' : 'NodeEvictionLimiterUpdated';
  const data: { [k: string]: Json } = changedStates ? { zones: states } : {};
  const master = (r: LifecycleRecord): boolean => {
    const stated = Object.values(r.zones).filter((z) => z.state !== undefined);
    return stated.length > 0 && stated.every((z) => z.state === 'FullDisruption' && z.qps === 0);
  };
  if (master(before) !== master(after)) data.masterDisruption = master(after) ? 'entered' : 'left';
  writeLifecycleRecord(ctx, after, { type, data });
}
