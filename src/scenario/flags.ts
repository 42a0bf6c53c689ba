// Component flags under `cluster:` — kube-controller-manager, kube-apiserver and kubelet
// settings, in their upstream names (camelCase, durations as "40s"), validated as the components
// validate them.
import type { ApiServerSettings, ControllerManagerSettings, KubeletConfig } from '../api/types.js';
import { defaultApiServerSettings, defaultControllerManagerSettings, defaultKubeletConfig, validateThresholds } from '../api/kubeletconfig.js';
import type { Reader } from './fields.js';
import type { Path } from './yaml.js';

const CM_DURATIONS = { nodeMonitorPeriod: 'nodeMonitorPeriodSeconds', nodeMonitorGracePeriod: 'nodeMonitorGracePeriodSeconds', nodeStartupGracePeriod: 'nodeStartupGracePeriodSeconds' } as const;
const CM_NUMBERS = ['nodeEvictionRate', 'secondaryNodeEvictionRate', 'largeClusterSizeThreshold', 'unhealthyZoneThreshold'] as const;
/**
 * --horizontal-pod-autoscaler-* (durations; the sync period must be positive). Set only when
 * given: the HPA controller defaults the rest (15s, 5m, 5m, 30s).
 */
const HPA_DURATIONS = {
  horizontalPodAutoscalerSyncPeriod: 'horizontalPodAutoscalerSyncPeriodSeconds',
  horizontalPodAutoscalerDownscaleStabilization: 'horizontalPodAutoscalerDownscaleStabilizationSeconds',
  horizontalPodAutoscalerCpuInitializationPeriod: 'horizontalPodAutoscalerCpuInitializationPeriodSeconds',
  horizontalPodAutoscalerInitialReadinessDelay: 'horizontalPodAutoscalerInitialReadinessDelaySeconds',
} as const;

export function loadControllerManager(r: Reader, v: unknown, path: Path): ControllerManagerSettings {
  const out = defaultControllerManagerSettings();
  if (v === undefined || v === null) return out;
  const o = r.obj(v, path, [...Object.keys(CM_DURATIONS), ...CM_NUMBERS, ...Object.keys(HPA_DURATIONS), 'horizontalPodAutoscalerTolerance']);
  for (const [k, field] of Object.entries(CM_DURATIONS)) {
    const d = r.duration(o[k], [...path, k]);
    if (d !== undefined) {
      if (d <= 0) r.fail([...path, k], 'must be greater than 0');
      out[field] = d;
    }
  }
  for (const k of CM_NUMBERS) {
    const n = o[k];
    if (n === undefined) continue;
    if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) r.fail([...path, k], `must be a non-negative number, not ${JSON.stringify(n)}`);
    if (k === 'largeClusterSizeThreshold' && !Number.isInteger(n)) r.fail([...path, k], 'must be an integer');
    if (k === 'unhealthyZoneThreshold' && (n as number) > 1) r.fail([...path, k], 'must be between 0 and 1');
    out[k] = n as number;
  }
  for (const [k, field] of Object.entries(HPA_DURATIONS)) {
    const d = r.duration(o[k], [...path, k]);
    if (d === undefined) continue;
    if (k === 'horizontalPodAutoscalerSyncPeriod' && d <= 0) r.fail([...path, k], 'must be greater than 0');
    out[field] = d;
  }
  const tolerance = o.horizontalPodAutoscalerTolerance;
  if (tolerance !== undefined) {
    if (typeof tolerance !== 'number' || !Number.isFinite(tolerance) || tolerance < 0) r.fail([...path, 'horizontalPodAutoscalerTolerance'], `must be a non-negative number, not ${JSON.stringify(tolerance)}`);
    out.horizontalPodAutoscalerTolerance = tolerance;
  }
  return out;
}

export function loadApiServer(r: Reader, v: unknown, path: Path): ApiServerSettings {
  const out = defaultApiServerSettings();
  if (v === undefined || v === null) return out;
  const o = r.obj(v, path, ['defaultNotReadyTolerationSeconds', 'defaultUnreachableTolerationSeconds']);
  const a = r.int(o.defaultNotReadyTolerationSeconds, [...path, 'defaultNotReadyTolerationSeconds']);
  const b = r.int(o.defaultUnreachableTolerationSeconds, [...path, 'defaultUnreachableTolerationSeconds']);
  if (a !== undefined) out.defaultNotReadyTolerationSeconds = a;
  if (b !== undefined) out.defaultUnreachableTolerationSeconds = b;
  return out;
}

const KUBELET_KEYS = ['evictionHard', 'evictionSoft', 'evictionSoftGracePeriod', 'evictionMinimumReclaim', 'evictionPressureTransitionPeriod', 'evictionMaxPodGracePeriod', 'nodeStatusUpdateFrequency'];

/**
 * A kubelet configuration: `base` with the given fields replaced. As in KubeletConfiguration, a
 * threshold map given replaces the default map whole (v1.28 does not merge defaults into it).
 */
export function loadKubelet(r: Reader, v: unknown, path: Path, base: KubeletConfig = defaultKubeletConfig()): KubeletConfig {
  if (v === undefined || v === null) return base;
  const o = r.obj(v, path, KUBELET_KEYS);
  const out: KubeletConfig = { ...base };
  const thresholds = (key: 'evictionHard' | 'evictionSoft' | 'evictionMinimumReclaim'): void => {
    if (o[key] === undefined) return;
    const m = r.stringMap(o[key], [...path, key])!;
    const errs = validateThresholds(key, m);
    if (errs.length > 0) r.fail([...path, key], errs[0]!);
    out[key] = m;
  };
  thresholds('evictionHard');
  thresholds('evictionSoft');
  thresholds('evictionMinimumReclaim');
  if (o.evictionSoftGracePeriod !== undefined) {
    const m = r.stringMap(o.evictionSoftGracePeriod, [...path, 'evictionSoftGracePeriod'])!;
    const errs = validateThresholds('evictionSoftGracePeriod', m);
    if (errs.length > 0) r.fail([...path, 'evictionSoftGracePeriod'], errs[0]!);
    const secs: Record<string, number> = {};
    for (const k of Object.keys(m)) secs[k] = r.duration(m[k], [...path, 'evictionSoftGracePeriod', k], true)!;
    out.evictionSoftGracePeriodSeconds = secs;
  }
  for (const k of Object.keys(out.evictionSoft)) {
    if (out.evictionSoftGracePeriodSeconds[k] === undefined) r.fail([...path, 'evictionSoftGracePeriod'], `grace period must be specified for the soft eviction threshold ${k}`);
  }
  const transition = r.duration(o.evictionPressureTransitionPeriod, [...path, 'evictionPressureTransitionPeriod']);
  if (transition !== undefined) out.evictionPressureTransitionPeriodSeconds = transition;
  const maxGrace = r.int(o.evictionMaxPodGracePeriod, [...path, 'evictionMaxPodGracePeriod']);
  if (maxGrace !== undefined) out.evictionMaxPodGracePeriodSeconds = maxGrace;
  const freq = r.duration(o.nodeStatusUpdateFrequency, [...path, 'nodeStatusUpdateFrequency']);
  if (freq !== undefined) {
    if (freq <= 0) r.fail([...path, 'nodeStatusUpdateFrequency'], 'must be greater than 0');
    out.nodeStatusUpdateFrequencySeconds = freq;
  }
  return out;
}
