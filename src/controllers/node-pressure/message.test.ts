// The eviction messages, verbatim with their trailing spaces (helpers.go evictionMessage,
// getThresholdMetInfo; eviction_manager.go local storage messages).
import { describe, expect, it } from 'vitest';
import type { Threshold } from '../../api/kubeletconfig.js';
import { parseQuantity } from '../../api/kubeletconfig.js';
import type { Pod } from '../../api/types.js';
import { value } from '../../api/quantity.js';
import { containerEphemeralStorageMessage, evictionMessage, getThresholdMetInfo, podEphemeralStorageMessage } from './message.js';

const q = (s: string) => { const p = parseQuantity(s); if ('error' in p) throw new Error(p.error); return p; };
const memHard: Threshold = { signal: 'memory.available', value: { quantity: q('100Mi') }, gracePeriodSeconds: 0 };
const fsHard: Threshold = { signal: 'nodefs.available', value: { percentage: Math.fround(0.1) }, gracePeriodSeconds: 0 };

function pod(containers: [string, string | undefined][]): Pod {
  return {
    apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' },
    spec: { containers: containers.map(([name, req]) => ({ name, image: 'i', ...(req ? { resources: { requests: { memory: req, 'ephemeral-storage': req } } } : {}) })) },
    status: {},
  };
}

describe('evictionMessage', () => {
  const obs = { 'memory.available': { available: value('92160Ki'), capacity: value('2Gi') } };
  it('the threshold, what was available, and each container above its request', () => {
    const usage = (_: Pod, c: string) => ({ web: value('512Mi'), sidecar: value('10Mi'), big: value('300Mi') } as Record<string, number>)[c];
    expect(evictionMessage('memory', pod([['web', undefined], ['sidecar', '64Mi'], ['big', '0.25Gi']]), [memHard], obs, usage)).toBe(
      'The node was low on resource: memory. Threshold quantity: 100Mi, available: 90Mi. '
      + 'Container web was using 512Mi, request is 0, has larger consumption of memory. '
      + 'Container big was using 300Mi, request is 256Mi, has larger consumption of memory. ');
  });
  it('no stats for the pod: the node part only', () => {
    expect(evictionMessage('memory', pod([['web', undefined]]), [memHard], obs, undefined))
      .toBe('The node was low on resource: memory. Threshold quantity: 100Mi, available: 90Mi. ');
  });
  it('a percentage threshold prints the quantity it came to; disk names ephemeral-storage', () => {
    const cap = value('100Gi');
    const fsObs = { 'nodefs.available': { available: value('9Gi'), capacity: cap } };
    expect(getThresholdMetInfo('ephemeral-storage', [memHard, fsHard], fsObs)).toEqual(['10737418400', '9Gi']);
    expect(evictionMessage('ephemeral-storage', pod([['web', undefined]]), [fsHard], fsObs, () => value('20Gi'))).toBe(
      'The node was low on resource: ephemeral-storage. Threshold quantity: 10737418400, available: 9Gi. '
      + 'Container web was using 20Gi, request is 0, has larger consumption of ephemeral-storage. ');
  });
});

describe('local storage messages', () => {
  it('pod and container limits', () => {
    expect(podEphemeralStorageMessage('1Gi')).toBe('Pod ephemeral local storage usage exceeds the total limit of containers 1Gi. ');
    expect(containerEphemeralStorageMessage('web', '500Mi')).toBe('Container web exceeded its local ephemeral storage limit "500Mi". ');
  });
});
