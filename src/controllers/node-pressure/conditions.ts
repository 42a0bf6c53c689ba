// The node's pressure conditions as the kubelet's node status setters write them from the eviction
// manager's state (pkg/kubelet/nodestatus/setters.go v1.28: MemoryPressureCondition,
// DiskPressureCondition, PIDPressureCondition) and the event recordNodeStatusEvent records.
// Differs: written at the manager's sync instead of the next node status update (≤ 10 s later),
// and lastHeartbeatTime moves only when the condition is written (heartbeats are the node status
// controller's).
import type { NodeCondition } from '../../api/types.js';
import type { PressureCondition } from './signals.js';

interface Setter {
  trueReason: string;
  trueMessage: string;
  trueEvent: string;
  falseReason: string;
  falseMessage: string;
  falseEvent: string;
}

const SETTERS: Readonly<Record<PressureCondition, Setter>> = {
  MemoryPressure: {
    trueReason: 'KubeletHasInsufficientMemory', trueMessage: 'kubelet has insufficient memory available', trueEvent: 'NodeHasInsufficientMemory',
    falseReason: 'KubeletHasSufficientMemory', falseMessage: 'kubelet has sufficient memory available', falseEvent: 'NodeHasSufficientMemory',
  },
  DiskPressure: {
    trueReason: 'KubeletHasDiskPressure', trueMessage: 'kubelet has disk pressure', trueEvent: 'NodeHasDiskPressure',
    falseReason: 'KubeletHasNoDiskPressure', falseMessage: 'kubelet has no disk pressure', falseEvent: 'NodeHasNoDiskPressure',
  },
  PIDPressure: {
    trueReason: 'KubeletHasInsufficientPID', trueMessage: 'kubelet has insufficient PID available', trueEvent: 'NodeHasInsufficientPID',
    falseReason: 'KubeletHasSufficientPID', falseMessage: 'kubelet has sufficient PID available', falseEvent: 'NodeHasSufficientPID',
  },
};

/** The setters' order in the kubelet's defaultNodeStatusFuncs (a missing condition is appended). */
const ORDER: readonly PressureCondition[] = ['MemoryPressure', 'DiskPressure', 'PIDPressure'];

/** One condition that changed, with the node status event the setter records (type Normal). */
export interface ConditionChange {
  type: PressureCondition;
  status: 'True' | 'False';
  /** NodeHasInsufficientMemory, NodeHasSufficientMemory, NodeHasDiskPressure … */
  event: string;
}

/**
 * The node's conditions with the pressure conditions set from `pressured`; `changes` is empty
 * (and `conditions` the input itself) when none changed.
 */
export function setPressureConditions(current: readonly NodeCondition[] | undefined, pressured: readonly PressureCondition[], now: string): { conditions: NodeCondition[]; changes: ConditionChange[] } {
  const conditions = [...(current ?? [])];
  const changes: ConditionChange[] = [];
  for (const type of ORDER) {
    const s = SETTERS[type];
    const want: 'True' | 'False' = pressured.includes(type) ? 'True' : 'False';
    const i = conditions.findIndex((c) => c.type === type);
    const old = i >= 0 ? conditions[i] : undefined;
    if (old?.status === want) continue;
    const c: NodeCondition = {
      type,
      status: want,
      lastHeartbeatTime: now,
      lastTransitionTime: now,
      reason: want === 'True' ? s.trueReason : s.falseReason,
      message: want === 'True' ? s.trueMessage : s.falseMessage,
    };
    if (i >= 0) conditions[i] = c;
    else conditions.push(c);
    changes.push({ type, status: want, event: want === 'True' ? s.trueEvent : s.falseEvent });
  }
  return { conditions: changes.length > 0 ? conditions : [...(current ?? [])], changes };
}

/** recordNodeStatusEvent's message. */
export function nodeStatusEventMessage(node: string, event: string): string {
  return `Node ${node} status is now: ${event}`;
}
