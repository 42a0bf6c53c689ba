// Event objects derived from log notes, as client-go's EventCorrelator would have written them.
import { describe, expect, test } from 'vitest';
import { Clock } from '../api/time.js';
import type { ObjectRef } from '../api/types.js';
import type { KubeEventNote, LogEvent } from '../state/events.js';
import { COMBINED_PREFIX, deriveEvents, deriveEventsFor, EventCorrelator, eventsFor } from './events.js';

const clock = new Clock('2024-01-01T00:00:00Z');
const podRef: ObjectRef = { kind: 'Pod', namespace: 'default', name: 'web-1', uid: 'u1' };
let seq = 0;
function ev(tick: number, note: Partial<KubeEventNote> & { reason: string; message: string }, object: ObjectRef = podRef): LogEvent {
  return { v: 1, seq: ++seq, id: `id${seq}`, tick, type: 'ContainerStarted', actor: 'kubelet', object, change: null,
    note: { type: 'Normal', source: 'kubelet', host: 'node-1', ...note } };
}

describe('EventCorrelator', () => {
  test('identical events aggregate into one Event with count and first/last timestamps', () => {
    const log = [10, 27, 44].map((t) => ev(t, { reason: 'Pulled', message: 'Container image "nginx" already present on machine' }));
    const [e, ...rest] = deriveEvents(log, clock, 100);
    expect(rest).toHaveLength(0);
    expect(e).toMatchObject({
      apiVersion: 'v1', kind: 'Event', count: 3, firstTimestamp: clock.at(10), lastTimestamp: clock.at(44),
      involvedObject: { kind: 'Pod', namespace: 'default', name: 'web-1', uid: 'u1', apiVersion: 'v1' },
      source: { component: 'kubelet', host: 'node-1' }, type: 'Normal', reason: 'Pulled',
      metadata: { namespace: 'default', creationTimestamp: clock.at(10) },
    });
    expect(e!.metadata.name).toMatch(/^web-1\.[0-9a-f]{16}$/);
  });

  test('a different message, reason, source or object makes a separate Event', () => {
    const log = [
      ev(1, { reason: 'Started', message: 'Started container a' }),
      ev(2, { reason: 'Started', message: 'Started container b' }),
      ev(3, { reason: 'Created', message: 'Created container a' }),
      ev(4, { reason: 'Started', message: 'Started container a', source: 'other' }),
      ev(5, { reason: 'Started', message: 'Started container a' }, { ...podRef, name: 'web-2' }),
    ];
    expect(deriveEvents(log, clock, 10).map((e) => e.count)).toEqual([1, 1, 1, 1, 1]);
  });

  test('the 10th distinct message of similar events within 10 minutes is combined', () => {
    const log = Array.from({ length: 12 }, (_, i) => ev(i * 10, { reason: 'ScalingReplicaSet', message: `Scaled up replica set web-abc to ${i + 1}`, source: 'deployment-controller' },
      { kind: 'Deployment', namespace: 'default', name: 'web', uid: 'd1' }));
    const events = deriveEvents(log, clock, 200);
    const plain = events.filter((e) => !e.message.startsWith(COMBINED_PREFIX));
    const combined = events.filter((e) => e.message.startsWith(COMBINED_PREFIX));
    expect(plain.map((e) => e.message)).toEqual(Array.from({ length: 9 }, (_, i) => `Scaled up replica set web-abc to ${i + 1}`));
    expect(combined).toHaveLength(1);
    expect(combined[0]).toMatchObject({ count: 3, message: `${COMBINED_PREFIX}Scaled up replica set web-abc to 12`, firstTimestamp: clock.at(90), lastTimestamp: clock.at(110) });
  });

  test('similar events more than 10 minutes apart start a fresh aggregation record', () => {
    const log = Array.from({ length: 12 }, (_, i) => ev(i * 601, { reason: 'ScalingReplicaSet', message: `to ${i}`, source: 'deployment-controller' }));
    expect(deriveEvents(log, clock, 12 * 601, { ttlSeconds: 1e9 }).every((e) => !e.message.startsWith(COMBINED_PREFIX))).toBe(true);
  });

  test('spam filter: 25 events per source and object, then one per 5 minutes (counts jump)', () => {
    const c = new EventCorrelator(clock);
    for (let t = 0; t < 30; t++) c.observe(ev(t, { reason: 'Unhealthy', message: 'Readiness probe failed', type: 'Warning' }));
    let [e] = c.events(40);
    expect(e).toMatchObject({ count: 25, lastTimestamp: clock.at(24) });
    c.observe(ev(299, { reason: 'Unhealthy', message: 'Readiness probe failed', type: 'Warning' }));
    [e] = c.events(300);
    expect(e!.count).toBe(25); // 24 units left at tick 24, +275 by tick 299: still short of one event (300)
    c.observe(ev(324, { reason: 'Unhealthy', message: 'Readiness probe failed', type: 'Warning' }));
    [e] = c.events(330);
    expect(e).toMatchObject({ count: 32, lastTimestamp: clock.at(324) });
  });

  test('Events expire an hour after their last write (--event-ttl) and come back on the next one', () => {
    const c = new EventCorrelator(clock);
    c.observe(ev(0, { reason: 'Pulled', message: 'm' }));
    expect(c.events(3599)).toHaveLength(1);
    expect(c.events(3600)).toHaveLength(0);
    c.observe(ev(4000, { reason: 'Pulled', message: 'm' }));
    expect(c.events(4000)[0]).toMatchObject({ count: 2, firstTimestamp: clock.at(0), metadata: { creationTimestamp: clock.at(4000) } });
  });

  test('log events without a note and events after "now" are ignored', () => {
    const log: LogEvent[] = [{ v: 1, seq: 900, id: 'x', tick: 1, type: 'PodCreated', actor: 'user', object: podRef, change: null }, ev(50, { reason: 'Pulled', message: 'm' })];
    expect(deriveEvents(log, clock, 10)).toEqual([]);
  });

  test('Events about cluster-scoped objects live in the default namespace', () => {
    const [e] = deriveEvents([ev(1, { reason: 'NodeNotReady', message: 'Node node-1 status is now: NodeNotReady', source: 'node-controller' }, { kind: 'Node', namespace: '', name: 'node-1', uid: 'n1' })], clock, 5);
    expect(e!.metadata.namespace).toBe('default');
    expect(e!.involvedObject).toEqual({ kind: 'Node', name: 'node-1', uid: 'n1', apiVersion: 'v1' });
  });

  test('the note can name another involved object than the envelope', () => {
    const e = ev(1, { reason: 'SuccessfulCreate', message: 'Created pod: web-1', source: 'replicaset-controller', involved: { kind: 'ReplicaSet', namespace: 'default', name: 'web-abc', uid: 'r1' } });
    expect(deriveEvents([e], clock, 5)[0]!.involvedObject).toMatchObject({ kind: 'ReplicaSet', name: 'web-abc', apiVersion: 'apps/v1' });
  });
});

describe('eventsFor (describe.go searchEvents)', () => {
  const events = deriveEvents([
    ev(1, { reason: 'Pulled', message: 'a' }),
    ev(2, { reason: 'Pulled', message: 'b' }, { ...podRef, uid: 'old' }),
    ev(3, { reason: 'Starting', message: 'Starting kubelet.' }, { kind: 'Node', namespace: '', name: 'node-1', uid: 'node-1' }),
    ev(4, { reason: 'RegisteredNode', message: 'x', source: 'node-controller' }, { kind: 'Node', namespace: '', name: 'node-1', uid: 'n1' }),
  ], clock, 10);

  test('a pod sees only events with its uid', () => {
    expect(eventsFor(events, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-1', namespace: 'default', uid: 'u1' } }).map((e) => e.message)).toEqual(['a']);
  });

  test('a node sees events with its uid and with its name as uid (kubelet)', () => {
    expect(eventsFor(events, { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1', uid: 'n1' } }).map((e) => e.reason).sort()).toEqual(['RegisteredNode', 'Starting']);
  });
});

test('deriveEventsFor equals filtering everything (all correlator keys include the object)', () => {
  const other: ObjectRef = { ...podRef, name: 'web-2', uid: 'u2' };
  const log = Array.from({ length: 60 }, (_, i) => ev(i * 7, { reason: i % 3 ? 'Unhealthy' : 'BackOff', message: `probe ${i % 12}`, type: 'Warning' }, i % 2 ? podRef : other));
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-1', namespace: 'default', uid: 'u1' } };
  expect(deriveEventsFor(log, pod, clock, 500)).toEqual(eventsFor(deriveEvents(log, clock, 500), pod));
});
