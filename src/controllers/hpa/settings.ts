// The HPA controller's kube-controller-manager flags (--horizontal-pod-autoscaler-*), v1.28 defaults
// from pkg/controller/podautoscaler/config/v1alpha1/defaults.go. Absent fields take the defaults.
import type { ControllerManagerSettings } from '../../api/types.js';
import type { View } from '../../state/cluster.js';

export interface HpaSettings {
  /** --horizontal-pod-autoscaler-sync-period */
  syncPeriodSeconds: number;
  /** --horizontal-pod-autoscaler-tolerance */
  tolerance: number;
  /** --horizontal-pod-autoscaler-downscale-stabilization */
  downscaleStabilizationSeconds: number;
  /** --horizontal-pod-autoscaler-cpu-initialization-period */
  cpuInitializationPeriodSeconds: number;
  /** --horizontal-pod-autoscaler-initial-readiness-delay */
  initialReadinessDelaySeconds: number;
}

export const DEFAULT_HPA_SETTINGS: Readonly<HpaSettings> = {
  syncPeriodSeconds: 15,
  tolerance: 0.1,
  downscaleStabilizationSeconds: 300,
  cpuInitializationPeriodSeconds: 300,
  initialReadinessDelaySeconds: 30,
};

/** The flags as set in a ControllerManagerSettings, defaults for the rest. */
export function hpaSettingsFrom(cm: Partial<ControllerManagerSettings> | undefined): HpaSettings {
  const d = DEFAULT_HPA_SETTINGS;
  return {
    syncPeriodSeconds: cm?.horizontalPodAutoscalerSyncPeriodSeconds ?? d.syncPeriodSeconds,
    tolerance: cm?.horizontalPodAutoscalerTolerance ?? d.tolerance,
    downscaleStabilizationSeconds: cm?.horizontalPodAutoscalerDownscaleStabilizationSeconds ?? d.downscaleStabilizationSeconds,
    cpuInitializationPeriodSeconds: cm?.horizontalPodAutoscalerCpuInitializationPeriodSeconds ?? d.cpuInitializationPeriodSeconds,
    initialReadinessDelaySeconds: cm?.horizontalPodAutoscalerInitialReadinessDelaySeconds ?? d.initialReadinessDelaySeconds,
  };
}

/** The run's settings (SimConfig); defaults when the run has no SimConfig (bare tests). */
export function hpaSettingsOf(view: View): HpaSettings {
  if (view.count('SimConfig') === 0) return { ...DEFAULT_HPA_SETTINGS };
  return hpaSettingsFrom(view.config().settings.controllerManager);
}
