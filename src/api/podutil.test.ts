// Tests for pod predicates: tables ported from pkg/api/v1/pod/util_test.go, pkg/controller/
// controller_utils_test.go and apimachinery meta/v1 controller_ref_test.go (v1.28), plus
// fast-check properties relating isPodAvailable and availableAtTick.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { availableAtTick, controllerRef, getCondition, isPodActive, isPodAvailable, isPodReady, isTerminal, isTerminating } from './podutil.js';
import { Clock } from './time.js';
import type { ConditionStatus, OwnerReference, Pod, PodCondition, PodPhase } from './types.js';

const clock = new Clock();
const NOW = 1000;

function podWith(status: Pod['status'], deletionTimestamp?: string, name = 'p'): Pod {
  const p: Pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'c', image: 'img' }] }, status };
  if (deletionTimestamp !== undefined) p.metadata.deletionTimestamp = deletionTimestamp;
  return p;
}

/** util_test.go newPod(now, ready, beforeSec): Ready condition that last transitioned beforeSec ago. */
function newPod(now: number, ready: boolean, beforeSec: number): Pod {
  return podWith({ conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: clock.at(now - beforeSec) }] });
}

describe('IsPodAvailable (TestIsPodAvailable)', () => {
  it.each<[string, Pod, number, boolean]>([
    ['not ready, minReadySeconds 0', newPod(NOW, false, 0), 0, false],
    ['ready just now, minReadySeconds 1', newPod(NOW, true, 0), 1, false],
    ['ready just now, minReadySeconds 0', newPod(NOW, true, 0), 0, true],
    ['ready 51s ago, minReadySeconds 50', newPod(NOW, true, 51), 50, true],
    // v1.28 compares strictly (lastTransitionTime + minReadySeconds < now). Upstream later switched to
    // <= and added a "51 ago, minReadySeconds 51 → true" row; kreplay follows v1.28.
    ['ready 51s ago, minReadySeconds 51 (strict: not yet)', newPod(NOW, true, 51), 51, false],
    ['ready 51s ago, minReadySeconds 52', newPod(NOW, true, 51), 52, false],
  ])('%s', (_name, p, minReadySeconds, want) => {
    expect(isPodAvailable(p, minReadySeconds, NOW, clock)).toBe(want);
  });

  it('a zero lastTransitionTime is never available when minReadySeconds > 0', () => {
    const p = podWith({ conditions: [{ type: 'Ready', status: 'True' }] });
    expect(isPodAvailable(p, 1, NOW, clock)).toBe(false);
    expect(isPodAvailable(p, 0, NOW, clock)).toBe(true);
  });

  it('a pod without a Ready condition is neither ready nor available', () => {
    const p = podWith({ conditions: [{ type: 'ContainersReady', status: 'True' }] });
    expect(isPodReady(p)).toBe(false);
    expect(isPodAvailable(p, 0, NOW, clock)).toBe(false);
    expect(isPodReady(podWith({}))).toBe(false);
  });
});

describe('IsPodReady / GetPodCondition', () => {
  it.each<[ConditionStatus, boolean]>([['True', true], ['False', false], ['Unknown', false]])('Ready=%s → %s', (status, want) => {
    expect(isPodReady(podWith({ conditions: [{ type: 'Ready', status }] }))).toBe(want);
  });

  it('GetPodCondition returns the first condition of the type', () => {
    const conditions: PodCondition[] = [
      { type: 'PodScheduled', status: 'True' },
      { type: 'Ready', status: 'False', reason: 'first' },
      { type: 'Ready', status: 'True', reason: 'second' },
    ];
    const p = podWith({ conditions });
    expect(getCondition(p, 'Ready')?.reason).toBe('first');
    expect(getCondition(p, 'Initialized')).toBeUndefined();
    expect(isPodReady(p)).toBe(false);
  });
});

describe('IsPodTerminal / IsPodActive / IsPodTerminating', () => {
  it.each<[PodPhase | undefined, boolean]>([
    ['Failed', true], ['Succeeded', true], ['Unknown', false], ['Pending', false], ['Running', false], [undefined, false],
  ])('TestIsPodTerminal: phase %s → %s', (phase, want) => {
    expect(isTerminal(podWith(phase === undefined ? {} : { phase }))).toBe(want);
  });

  it('TestActivePodFiltering: of 5 running pods, the Succeeded and Failed ones are filtered out', () => {
    const pods = Array.from({ length: 5 }, (_, i) => podWith({ phase: 'Running' }, undefined, `pod${i}`));
    pods[0]!.status.phase = 'Succeeded';
    pods[1]!.status.phase = 'Failed';
    expect(pods.filter(isPodActive).map((p) => p.metadata.name)).toEqual(['pod2', 'pod3', 'pod4']);
  });

  it('a pod being deleted is not active, and is terminating unless it already finished', () => {
    const deleting = podWith({ phase: 'Running' }, clock.at(NOW));
    expect(isPodActive(deleting)).toBe(false);
    expect(isTerminating(deleting)).toBe(true);
    const finished = podWith({ phase: 'Succeeded' }, clock.at(NOW));
    expect(isPodActive(finished)).toBe(false);
    expect(isTerminating(finished)).toBe(false);
    const running = podWith({ phase: 'Running' });
    expect(isPodActive(running)).toBe(true);
    expect(isTerminating(running)).toBe(false);
    expect(isPodActive(podWith({ phase: 'Pending' }))).toBe(true);
  });
});

describe('metav1.GetControllerOf (TestGetControllerOf)', () => {
  it('finds the one reference with controller: true', () => {
    const ref: OwnerReference = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'name1', uid: 'uid1', controller: true, blockOwnerDeletion: true };
    const obj1 = podWith({});
    expect(controllerRef(obj1)).toBeUndefined();
    const obj2 = podWith({});
    obj2.metadata.ownerReferences = [
      { apiVersion: 'v1', kind: 'X', name: 'owner1', uid: 'o1', controller: false },
      ref,
      { apiVersion: 'v1', kind: 'X', name: 'owner2', uid: 'o2', controller: false },
    ];
    expect(controllerRef(obj2)).toBe(ref);
  });

  it('references without the controller flag are not controllers', () => {
    const p = podWith({});
    p.metadata.ownerReferences = [{ apiVersion: 'v1', kind: 'X', name: 'o', uid: 'u' }];
    expect(controllerRef(p)).toBeUndefined();
  });
});

describe('availableAtTick', () => {
  it('is the first tick at which the pod is available (strictly after ready + minReadySeconds)', () => {
    const p = newPod(NOW, true, 0);
    expect(availableAtTick(p, 10, clock)).toBe(NOW + 11);
    expect(isPodAvailable(p, 10, NOW + 10, clock)).toBe(false);
    expect(isPodAvailable(p, 10, NOW + 11, clock)).toBe(true);
  });

  it('is undefined when not ready, when minReadySeconds is 0, or without lastTransitionTime', () => {
    expect(availableAtTick(newPod(NOW, false, 0), 10, clock)).toBeUndefined();
    expect(availableAtTick(newPod(NOW, true, 0), 0, clock)).toBeUndefined();
    expect(availableAtTick(podWith({ conditions: [{ type: 'Ready', status: 'True' }] }), 10, clock)).toBeUndefined();
  });
});

describe('properties', () => {
  const tick = fc.integer({ min: 0, max: 1_000_000 });

  it('a ready pod is available exactly from availableAtTick on', () => {
    fc.assert(fc.property(tick, fc.integer({ min: 1, max: 3600 }), tick, (readyAt, minReady, now) => {
      const p = newPod(readyAt, true, 0);
      const at = availableAtTick(p, minReady, clock)!;
      expect(isPodAvailable(p, minReady, now, clock)).toBe(now >= at);
    }));
  });

  it('availability is monotone in time and antitone in minReadySeconds', () => {
    fc.assert(fc.property(tick, fc.nat(3600), tick, fc.nat(100), (readyAt, minReady, now, dt) => {
      const p = newPod(readyAt, true, 0);
      if (isPodAvailable(p, minReady, now, clock)) {
        expect(isPodAvailable(p, minReady, now + dt, clock)).toBe(true);
        expect(isPodAvailable(p, Math.max(0, minReady - dt), now, clock)).toBe(true);
      }
    }));
  });

  it('a pod that is not Ready=True is never available', () => {
    fc.assert(fc.property(fc.constantFrom<ConditionStatus>('False', 'Unknown'), tick, fc.nat(3600), tick, (status, readyAt, minReady, now) => {
      const p = podWith({ conditions: [{ type: 'Ready', status, lastTransitionTime: clock.at(readyAt) }] });
      expect(isPodAvailable(p, minReady, now, clock)).toBe(false);
    }));
  });

  it('active = not terminal and not deleted; terminating = deleted and not terminal', () => {
    const phase = fc.constantFrom<PodPhase>('Pending', 'Running', 'Succeeded', 'Failed', 'Unknown');
    fc.assert(fc.property(phase, fc.boolean(), (ph, deleted) => {
      const p = podWith({ phase: ph }, deleted ? clock.at(NOW) : undefined);
      const terminal = ph === 'Succeeded' || ph === 'Failed';
      expect(isPodActive(p)).toBe(!terminal && !deleted);
      expect(isTerminating(p)).toBe(deleted && !terminal);
    }));
  });
});
