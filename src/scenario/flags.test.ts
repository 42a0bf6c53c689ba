// The kube-controller-manager flags of the HPA controller under `cluster.controllerManager`.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScenario } from './load.js';
import { InputError } from './yaml.js';

const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

function load(controllerManager: string): ReturnType<typeof loadScenario> {
  const d = mkdtempSync(join(tmpdir(), 'kreplay-flags-'));
  dirs.push(d);
  const file = join(d, 's.yaml');
  writeFileSync(file, `name: t\nduration: 1m\ncluster:\n  controllerManager:\n${controllerManager}`);
  return loadScenario(file);
}

function rejection(controllerManager: string): string {
  try {
    load(controllerManager);
  } catch (err) {
    if (err instanceof InputError) return err.message;
    throw err;
  }
  throw new Error('expected the scenario to be rejected');
}

describe('--horizontal-pod-autoscaler-* flags', () => {
  it('are read in upstream\'s names, durations in whole seconds', () => {
    const s = load([
      '    horizontalPodAutoscalerSyncPeriod: 30s',
      '    horizontalPodAutoscalerTolerance: 0.05',
      '    horizontalPodAutoscalerDownscaleStabilization: 2m',
      '    horizontalPodAutoscalerCpuInitializationPeriod: 0s',
      '    horizontalPodAutoscalerInitialReadinessDelay: 10s',
      '',
    ].join('\n'));
    expect(s.settings.controllerManager).toMatchObject({
      horizontalPodAutoscalerSyncPeriodSeconds: 30, horizontalPodAutoscalerTolerance: 0.05, horizontalPodAutoscalerDownscaleStabilizationSeconds: 120,
      horizontalPodAutoscalerCpuInitializationPeriodSeconds: 0, horizontalPodAutoscalerInitialReadinessDelaySeconds: 10,
      nodeMonitorPeriodSeconds: 5,
    });
  });

  it('are left out when not given (the controller applies v1.28\'s defaults)', () => {
    const s = load('    nodeMonitorPeriod: 5s\n');
    expect(Object.keys(s.settings.controllerManager!).filter((k) => k.startsWith('horizontal'))).toEqual([]);
  });

  it('are validated', () => {
    expect(rejection('    horizontalPodAutoscalerSyncPeriod: 0s\n')).toContain('must be greater than 0');
    expect(rejection('    horizontalPodAutoscalerInitialReadinessDelay: 1.5s\n')).toContain('is not a whole number of seconds');
    expect(rejection('    horizontalPodAutoscalerTolerance: -1\n')).toContain('must be a non-negative number');
  });
});
