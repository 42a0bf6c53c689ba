// Kubernetes Event objects (core/v1) derived from the log's notes, as the components' event
// recorders would have written them: client-go tools/record/events_cache.go (EventCorrelator:
// EventAggregator, eventLogger, EventSourceObjectSpamFilter) plus the API server's --event-ttl.
// Differs: the caches never evict (upstream: LRU of 4096 per component); the aggregator drops its
// oldest message instead of Go's random PopAny; the scheduler's events.k8s.io series are treated
// like core/v1 events (count, first/last timestamp).
import { KINDS, type KObject, type ObjectMeta, type ObjectRef } from '../api/types.js';
import type { Clock } from '../api/time.js';
import type { KubeEventNote, LogEvent } from '../state/events.js';

export interface EventSource {
  component: string;
  host?: string;
}

export interface InvolvedObject {
  kind: string;
  namespace?: string;
  name: string;
  uid?: string;
  apiVersion: string;
}

/** A core/v1 Event as `kubectl get events -o yaml` shows it. */
export interface KubeEvent extends KObject {
  apiVersion: 'v1';
  kind: 'Event';
  metadata: ObjectMeta & { namespace: string; creationTimestamp: string; resourceVersion: string };
  involvedObject: InvolvedObject;
  reason: string;
  message: string;
  source: EventSource;
  firstTimestamp: string;
  lastTimestamp: string;
  count: number;
  type: 'Normal' | 'Warning';
  eventTime: null;
  reportingComponent: string;
  reportingInstance: string;
}

export interface CorrelatorOptions {
  /** EventAggregator: distinct messages of similar events before they are combined (10) */
  aggregateMaxEvents?: number;
  /** EventAggregator: similar events further apart than this start a fresh record (600 s) */
  aggregateIntervalSeconds?: number;
  /** spam filter: events a source may emit about one object in a burst (25) */
  spamBurst?: number;
  /** spam filter: one more event allowed per this many seconds (qps 1/300) */
  spamRefillSeconds?: number;
  /** kube-apiserver --event-ttl: an Event disappears this long after its last write (3600 s) */
  ttlSeconds?: number;
}

const DEFAULTS: Required<CorrelatorOptions> = {
  aggregateMaxEvents: 10,
  aggregateIntervalSeconds: 600,
  spamBurst: 25,
  spamRefillSeconds: 300,
  ttlSeconds: 3600,
};

/** EventAggregatorByReasonMessageFunc */
export const COMBINED_PREFIX = '(combined from similar events): ';

/**
 * One event key of the eventLogger (what it counts) and the Event the API server last stored for
 * it (the "w" fields; they lag behind when the spam filter drops a write).
 */
interface Rec {
  /** the note's message ("" for the combined record, whose message changes) */
  msg: string;
  count: number;
  firstTick: number;
  /** seq of the first observation: names the Event */
  firstSeq: number;
  written: boolean;
  wCount: number;
  wFirstTick: number;
  wLastTick: number;
  wCreatedTick: number;
  wSeq: number;
  wMessage: string;
  note: KubeEventNote;
  ref: ObjectRef;
}

/** Events of one (source, object) with the same type and reason: EventAggregator's record. */
interface Group {
  type: string;
  reason: string;
  /** distinct messages seen while similar events kept coming (insertion order, at most aggregateMaxEvents) */
  localKeys: string[];
  lastTick: number;
  recs: Rec[];
  /** the "(combined from similar events)" Event, keyed by the group alone */
  combined: Rec | undefined;
}

/** Per source and involved object: the spam filter's token bucket and the event groups. */
interface ObjectState {
  /** tokens × spamRefillSeconds: one unit accrues per second, an event costs spamRefillSeconds */
  units: number;
  lastTick: number;
  groups: Group[];
}

const SEP = '\u0000';

function involvedOf(ref: ObjectRef): InvolvedObject {
  const inv: InvolvedObject = { kind: ref.kind, name: ref.name, apiVersion: KINDS[ref.kind]?.apiVersion ?? 'v1' };
  if (ref.namespace) inv.namespace = ref.namespace;
  if (ref.uid !== undefined) inv.uid = ref.uid;
  return inv;
}

/**
 * Folds the log's notes into Event objects, one log event at a time (feed them in seq order).
 * State is kept per (source, object) in small arrays: a 150,000-pod run has a few notes per pod.
 * @example const c = new EventCorrelator(clock); for (const e of log) c.observe(e); c.events(now)
 */
export class EventCorrelator {
  private readonly opts: Required<CorrelatorOptions>;
  private readonly objects = new Map<string, ObjectState>();
  private readonly written: Rec[] = [];

  constructor(private readonly clock: Clock, opts: CorrelatorOptions = {}) {
    this.opts = { ...DEFAULTS, ...opts };
  }

  /** Record one log event; events without a note are ignored. */
  observe(e: LogEvent): void {
    const note = e.note;
    if (!note) return;
    const t = e.tick;
    const ref = note.involved ?? e.object;
    const objectKey = `${note.source}${SEP}${note.host ?? ''}${SEP}${ref.kind}${SEP}${ref.namespace}${SEP}${ref.name}${SEP}${ref.uid ?? ''}`;
    let obj = this.objects.get(objectKey);
    if (!obj) {
      obj = { units: this.opts.spamBurst * this.opts.spamRefillSeconds, lastTick: t, groups: [] };
      this.objects.set(objectKey, obj);
    }

    // EventAggregate: similar = same source, object, type and reason; the message is the local key.
    let g = obj.groups.find((x) => x.reason === note.reason && x.type === note.type);
    if (!g) {
      g = { type: note.type, reason: note.reason, localKeys: [], lastTick: t, recs: [], combined: undefined };
      obj.groups.push(g);
    }
    if (t - g.lastTick > this.opts.aggregateIntervalSeconds) g.localKeys = [];
    if (!g.localKeys.includes(note.message)) g.localKeys.push(note.message);
    g.lastTick = t;

    // eventObserve: the same key increments count and keeps the first timestamp and name.
    let rec: Rec | undefined;
    let message = note.message;
    if (g.localKeys.length >= this.opts.aggregateMaxEvents) {
      g.localKeys.shift(); // Go pops an arbitrary message (map order); the oldest is our stand-in
      message = COMBINED_PREFIX + note.message;
      rec = g.combined ??= this.newRec('', t, e.seq, note, ref);
    } else {
      rec = g.recs.find((r) => r.msg === note.message);
      if (!rec) {
        rec = this.newRec(note.message, t, e.seq, note, ref);
        g.recs.push(rec);
      }
    }
    // A note may summarise several occurrences (count, from firstTick).
    if (rec.count === 0 && note.firstTick !== undefined && note.firstTick < t) rec.firstTick = note.firstTick;
    rec.count += note.count ?? 1;

    // spam-filtered: counted in the cache, not written (a summarising note spends one token per occurrence)
    let allowed = false;
    for (let i = 0; i < (note.count ?? 1); i++) allowed = this.allow(obj, t) || allowed;
    if (!allowed) return;

    if (!rec.written) {
      rec.written = true;
      rec.wCreatedTick = t;
      this.written.push(rec);
    } else if (t >= rec.wLastTick + this.opts.ttlSeconds) {
      rec.wCreatedTick = t; // the API server had expired it: the write re-creates it, same name
    }
    rec.wCount = rec.count;
    rec.wFirstTick = rec.firstTick;
    rec.wLastTick = t;
    rec.wSeq = e.seq;
    rec.wMessage = message;
    rec.note = note;
  }

  private newRec(msg: string, t: number, seq: number, note: KubeEventNote, ref: ObjectRef): Rec {
    return {
      msg, count: 0, firstTick: t, firstSeq: seq, written: false,
      wCount: 0, wFirstTick: t, wLastTick: t, wCreatedTick: t, wSeq: seq, wMessage: '', note, ref,
    };
  }

  /** The Event objects that exist at tick `now`, in the API server's list order (namespace, name). */
  events(now: number): KubeEvent[] {
    const out: KubeEvent[] = [];
    for (const r of this.written) if (now < r.wLastTick + this.opts.ttlSeconds) out.push(this.materialize(r));
    return out.sort(compareEventKeys);
  }

  private materialize(r: Rec): KubeEvent {
    const inv = involvedOf(r.ref);
    const source: EventSource = { component: r.note.source };
    if (r.note.host !== undefined) source.host = r.note.host;
    return {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: this.eventName(r.ref.name, r.firstTick, r.firstSeq), namespace: inv.namespace || 'default', creationTimestamp: this.clock.at(r.wCreatedTick), resourceVersion: String(r.wSeq) },
      involvedObject: inv,
      reason: r.note.reason,
      message: r.wMessage,
      source,
      firstTimestamp: this.clock.at(r.wFirstTick),
      lastTimestamp: this.clock.at(r.wLastTick),
      count: r.wCount,
      type: r.note.type,
      eventTime: null,
      reportingComponent: '',
      reportingInstance: '',
    };
  }

  /** EventSourceObjectSpamFilter: a token bucket per source and object, full at first use. */
  private allow(obj: ObjectState, t: number): boolean {
    const period = this.opts.spamRefillSeconds;
    const units = Math.min(this.opts.spamBurst * period, obj.units + (t - obj.lastTick));
    if (units < period) return false; // a refused TryAccept leaves the limiter unchanged
    obj.units = units - period;
    obj.lastTick = t;
    return true;
  }

  /** "<object>.<hex UnixNano>" as the recorder names events; the seq keeps names unique. */
  private eventName(objectName: string, tick: number, seq: number): string {
    const nanos = BigInt(this.clock.startUnix + tick) * 1_000_000_000n + BigInt(seq % 1_000_000_000);
    return `${objectName}.${nanos.toString(16)}`;
  }
}

function compareEventKeys(a: KubeEvent, b: KubeEvent): number {
  const an = a.metadata.namespace;
  const bn = b.metadata.namespace;
  if (an !== bn) return an < bn ? -1 : 1;
  return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
}

/**
 * The Event objects at tick `now`, derived from the log events up to it (seq order).
 * @example deriveEvents(log, clock, 90).filter((e) => e.reason === 'ScalingReplicaSet')
 */
export function deriveEvents(log: Iterable<LogEvent>, clock: Clock, now: number, opts: CorrelatorOptions = {}): KubeEvent[] {
  const c = new EventCorrelator(clock, opts);
  for (const e of log) {
    if (e.tick > now) break;
    c.observe(e);
  }
  return c.events(now);
}

/**
 * Does an Event about `inv` belong to `obj` in `kubectl describe`'s search (describe.go
 * searchEvents)? Pods match by namespace, name and uid (any kind: the pod describer clears the
 * kind); nodes by name (the kubelet uses the node name as uid, controllers the real uid);
 * everything else by kind, namespace, name and uid. A missing uid on either side matches.
 */
export function involves(inv: { kind: string; namespace?: string; name: string; uid?: string }, obj: KObject): boolean {
  if (inv.name !== obj.metadata.name) return false;
  if (obj.kind === 'Node') return inv.kind === 'Node';
  if ((inv.namespace ?? '') !== (obj.metadata.namespace ?? '')) return false;
  if (obj.kind !== 'Pod' && inv.kind !== obj.kind) return false;
  const uid = obj.metadata.uid;
  return uid === undefined || inv.uid === undefined || inv.uid === uid;
}

/** The events `kubectl describe` shows for an object, out of all Events. */
export function eventsFor(events: readonly KubeEvent[], obj: KObject): KubeEvent[] {
  return events.filter((e) => involves(e.involvedObject, obj));
}

/**
 * deriveEvents restricted to one object's notes. Every correlator key (aggregation, counting, spam
 * filter) includes the involved object, so this equals eventsFor(deriveEvents(log), obj) while
 * keeping only that object's state: what `describe` should use on a large run.
 */
export function deriveEventsFor(log: Iterable<LogEvent>, obj: KObject, clock: Clock, now: number, opts: CorrelatorOptions = {}): KubeEvent[] {
  const c = new EventCorrelator(clock, opts);
  for (const e of log) {
    if (e.tick > now) break;
    if (e.note && involves(e.note.involved ?? e.object, obj)) c.observe(e);
  }
  return c.events(now);
}
