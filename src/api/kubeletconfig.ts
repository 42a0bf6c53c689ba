// Component flags a scenario may set, with their v1.28 defaults: the kubelet's eviction settings
// (pkg/kubelet/apis/config/v1beta1/defaults.go, pkg/kubelet/eviction/defaults_linux.go), the
// controller-manager's node lifecycle flags and the apiserver's default toleration seconds.
import { isQuantity } from './quantity.js';
import type { ApiServerSettings, ControllerManagerSettings, KubeletConfig } from './types.js';

/** The eviction signals the simulated kubelet computes (memory and disk; no PIDs, no imagefs split). */
export const EVICTION_SIGNALS = ['memory.available', 'nodefs.available', 'nodefs.inodesFree', 'imagefs.available', 'pid.available'] as const;

export function defaultKubeletConfig(): KubeletConfig {
  return {
    evictionHard: { 'memory.available': '100Mi', 'nodefs.available': '10%', 'nodefs.inodesFree': '5%', 'imagefs.available': '15%' },
    evictionSoft: {},
    evictionSoftGracePeriodSeconds: {},
    evictionMinimumReclaim: {},
    evictionPressureTransitionPeriodSeconds: 300,
    evictionMaxPodGracePeriodSeconds: 0,
    evictionMonitoringPeriodSeconds: 10,
    nodeStatusUpdateFrequencySeconds: 10,
  };
}

export function defaultControllerManagerSettings(): ControllerManagerSettings {
  return {
    nodeMonitorPeriodSeconds: 5,
    nodeMonitorGracePeriodSeconds: 40,
    nodeStartupGracePeriodSeconds: 60,
    nodeEvictionRate: 0.1,
    secondaryNodeEvictionRate: 0.01,
    largeClusterSizeThreshold: 50,
    unhealthyZoneThreshold: 0.55,
  };
}

export function defaultApiServerSettings(): ApiServerSettings {
  return { defaultNotReadyTolerationSeconds: 300, defaultUnreachableTolerationSeconds: 300 };
}

/**
 * Problems with an eviction threshold map, in the kubelet's words (ParseThresholdConfig); empty
 * when it is valid. `flag` names the setting ("evictionHard").
 */
export function validateThresholds(flag: string, thresholds: Readonly<Record<string, string>>): string[] {
  const errs: string[] = [];
  for (const signal of Object.keys(thresholds).sort()) {
    const v = thresholds[signal]!;
    if (!(EVICTION_SIGNALS as readonly string[]).includes(signal)) {
      errs.push(`${flag}: unsupported eviction signal ${signal}`);
      continue;
    }
    if (v.endsWith('%')) {
      const pct = Number(v.slice(0, -1));
      if (v.slice(0, -1).trim() === '' || Number.isNaN(pct)) errs.push(`${flag}: invalid percentage ${JSON.stringify(v)} for ${signal}`);
      else if (pct < 0 || pct > 100) errs.push(`${flag}: eviction percentage threshold ${signal} must be >= 0% and <= 100%: ${v}`);
      continue;
    }
    if (!isQuantity(v)) errs.push(`${flag}: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$' (${signal}=${JSON.stringify(v)})`);
    else if (v.startsWith('-')) errs.push(`${flag}: eviction threshold ${signal} must be positive: ${v}`);
  }
  return errs;
}
