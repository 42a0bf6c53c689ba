// kreplay explain: why an object is as it is at a time. For each part of the object (its spec
// fields, status, deletion …) the last event that wrote it, and behind each such event the chain
// of `cause` links back to what started it: a user's command, a scenario input or fault, or a
// controller's own timer. Autoscaling decisions carry their inputs (HpaDecision) and are told in
// words; a scalable object also gets its history of replica changes.
import type { Json, KObject } from '../api/types.js';
import { KINDS } from '../api/types.js';
import type { LogEvent, PatchOp } from '../state/events.js';
import { fmtTime } from '../scenario/load.js';
import { summarize } from './history.js';

/** Inputs of the run: scenario steps and kubectl commands, and the faults they inject. */
const INPUT_ACTORS = new Set(['user', 'scenario']);
const FAULT_TYPES = new Set(['NodeKubeletStopped', 'NodeKubeletStarted', 'NodeKubeletReportsNotReady', 'NodeKubeletReportsReady', 'UsageChanged', 'LoadChanged', 'MetricChanged']);
/** Inputs an autoscaling decision can follow. */
const INPUT_TYPES = new Set(['UsageChanged', 'LoadChanged', 'MetricChanged']);
/** How far back a cause chain is followed (chains are short; this only bounds a corrupt log). */
const MAX_CHAIN = 32;
/** How many cause links are walked at most (repeated periodic syncs are folded, not shown). */
const MAX_WALK = 100_000;
/** How many replica changes the scaling history shows (the latest ones). */
const MAX_SCALING = 20;
/** Paths that say nothing about why an object is as it is. */
const IGNORED = /^\/(sim|metadata\/(resourceVersion|generation|managedFields|uid|creationTimestamp))(\/|$)/;

export interface ExplainRef {
  kind: string;
  namespace: string;
  name: string;
}

export interface ExplainInput {
  ref: ExplainRef;
  tick: number;
  /** the object at `tick` (undefined: it did not exist then) */
  object: KObject | undefined;
  /** the object's events up to `tick`, in log order */
  history: readonly LogEvent[];
  /** any event by seq (for cause chains) */
  lookup(seq: number): LogEvent | undefined;
  /** the run's usage, load and metric inputs up to `tick` (SimConfig events), to tell what an autoscaling decision followed */
  inputs?: readonly LogEvent[];
}

export interface ExplainedEvent {
  seq: number;
  tick: number;
  actor: string;
  type: string;
  object: string;
  text: string;
}

export interface Reason {
  /** the parts of the object this event last wrote: spec.replicas, status, deletion … */
  parts: string[];
  event: ExplainedEvent;
  /** the causes, nearest first, ending at the origin */
  chain: ExplainedEvent[];
  /** what the chain starts at */
  origin: 'user action' | 'scenario input' | 'fault' | 'controller';
}

export interface Explanation {
  ref: ExplainRef;
  tick: number;
  exists: boolean;
  /** the last event of the object when it no longer exists (its removal) */
  removed?: ExplainedEvent;
  reasons: Reason[];
  /** replica changes of a scalable object, oldest first */
  scaling: ExplainedEvent[];
  /** the latest Warning events about the object, one per reason */
  warnings: ExplainedEvent[];
}

/** `deployment/web`, `pod/default/web-x` style name of an event's object. */
function refName(ref: { kind: string; namespace: string; name: string }): string {
  const info = (KINDS as Record<string, { singular: string } | undefined>)[ref.kind];
  return `${info ? info.singular : ref.kind.toLowerCase()}/${ref.name}`;
}

/** The part of an object a JSON-patch path belongs to. */
export function partOf(path: string): string | undefined {
  if (path === '' || path === '/') return 'object';
  if (IGNORED.test(path)) return undefined;
  const seg = path.split('/').slice(1);
  if (seg[0] === 'metadata' && seg[1] === 'deletionTimestamp') return 'deletion';
  if (seg[0] === 'status' && seg.length <= 1) return 'status';
  return seg.slice(0, 2).join('.');
}

function isDecision(d: Json | undefined): d is { [k: string]: Json } {
  return typeof d === 'object' && d !== null && !Array.isArray(d) && typeof (d as Record<string, Json>).desired === 'number';
}

/**
 * An HPA decision in words: "scaled 4 → 6 because cpu resource utilization (percentage of
 * request) was 140% of 50% (proposal 12); limited by Pods 4 per 60s (ScaleUpLimit)".
 */
export function decisionText(d: { [k: string]: Json }, from?: number, to?: number): string {
  const current = typeof d.current === 'number' ? d.current : from;
  const desired = typeof d.desired === 'number' ? d.desired : to;
  const head = current === desired ? `kept ${String(desired)} replicas` : `scaled ${String(from ?? current)} → ${String(to ?? desired)}`;
  const metrics = Array.isArray(d.metrics) ? (d.metrics as { [k: string]: Json }[]) : [];
  const because: string[] = [];
  if (typeof d.rule === 'string') because.push(d.rule.charAt(0).toLowerCase() + d.rule.slice(1));
  else {
    for (const m of metrics) {
      if (typeof m.error === 'string') because.push(`${String(m.metric)}: ${m.error}`);
      else {
        let pods = typeof m.ready === 'number' ? ` over ${m.ready} ready pod${m.ready === 1 ? '' : 's'}` : '';
        const others = (['unready', 'missing'] as const).filter((k) => typeof m[k] === 'number' && (m[k] as number) > 0).map((k) => `${String(m[k])} ${k === 'missing' ? 'without metrics' : k}`);
        if (pods && others.length) pods += ` (${others.join(', ')})`;
        because.push(`${String(m.metric)} was ${String(m.current ?? '<unknown>')} of ${String(m.target)}${pods}${typeof m.proposal === 'number' ? ` → ${m.proposal}` : ''}`);
      }
    }
  }
  let s = head + (because.length ? ` because ${because.join('; ')}` : '');
  if (typeof d.stabilized === 'number' && typeof d.proposal === 'number' && d.stabilized !== d.proposal) {
    s += `; the stabilization window held it at ${d.stabilized} (of proposal ${d.proposal})`;
  }
  if (typeof d.stabilized === 'number' && typeof d.desired === 'number' && d.desired !== d.stabilized) {
    s += `; limited${typeof d.limitedBy === 'string' ? ` by ${d.limitedBy}` : ''} to ${d.desired}${typeof d.reason === 'string' ? ` (${d.reason})` : ''}`;
  } else if (typeof d.reason === 'string' && d.reason !== 'DesiredWithinRange' && d.reason !== 'ReadyForNewScale') {
    s += ` (${d.reason})`;
  }
  return s;
}

/** One event in words. */
export function eventText(e: LogEvent): string {
  const d = e.data;
  if (d && isDecision(d.decision)) {
    return decisionText(d.decision, typeof d.from === 'number' ? d.from : undefined, typeof d.to === 'number' ? d.to : undefined);
  }
  if (d && typeof d.command === 'string') return `${d.command}${e.note ? ` — ${e.note.message}` : ''}`;
  return summarize(e);
}

export function explainedEvent(e: LogEvent): ExplainedEvent {
  return { seq: e.seq, tick: e.tick, actor: e.actor, type: e.type, object: refName(e.object), text: eventText(e) };
}

function originOf(e: LogEvent): Reason['origin'] {
  if (FAULT_TYPES.has(e.type)) return 'fault';
  if (e.actor === 'user') return 'user action';
  if (INPUT_ACTORS.has(e.actor)) return 'scenario input';
  return 'controller';
}

function chainOf(e: LogEvent, lookup: ExplainInput['lookup']): { chain: ExplainedEvent[]; origin: Reason['origin'] } {
  const chain: ExplainedEvent[] = [];
  let cur = e;
  const seen = new Set<number>([e.seq]);
  let repeats = 0;
  let steps = 0;
  while (cur.cause !== undefined && cur.cause > 0 && chain.length < MAX_CHAIN && !seen.has(cur.cause) && steps++ < MAX_WALK) {
    const next = lookup(cur.cause);
    if (!next) break;
    seen.add(next.seq);
    const last = chain[chain.length - 1];
    // a controller's periodic syncs chain to each other (an HPA's status writes): told once
    if (last && last.actor === next.actor && last.type === next.type && last.object === refName(next.object)) {
      repeats++;
      cur = next;
      continue;
    }
    if (repeats > 0 && last) last.text += ` (and ${repeats} earlier like it)`;
    repeats = 0;
    chain.push(explainedEvent(next));
    cur = next;
  }
  const last = chain[chain.length - 1];
  if (repeats > 0 && last) last.text += ` (and ${repeats} earlier like it)`;
  const fault = FAULT_TYPES.has(e.type) || chain.some((c) => FAULT_TYPES.has(c.type));
  return { chain, origin: fault ? 'fault' : originOf(cur) };
}

function partsWritten(e: LogEvent): string[] {
  const c = e.change;
  if (!c) return [];
  if (c.op === 'create') return ['created'];
  if (c.op === 'delete') return ['removed'];
  const out = new Set<string>();
  for (const op of c.patch as PatchOp[]) {
    const p = partOf(op.path);
    if (p !== undefined) out.add(p);
  }
  return [...out];
}

const replicaPath = (op: PatchOp): boolean => op.path === '/spec/replicas';

/** Replica changes: events that set /spec/replicas (or created the object with some). */
function scalingOf(history: readonly LogEvent[], inputs: readonly LogEvent[], lookup: ExplainInput['lookup']): ExplainedEvent[] {
  const out: ExplainedEvent[] = [];
  let last: number | undefined;
  for (const e of history) {
    const c = e.change;
    if (!c) continue;
    let to: number | undefined;
    if (c.op === 'create') to = (c.object.spec as { replicas?: number } | undefined)?.replicas;
    else if (c.op === 'patch') {
      const op = (c.patch as PatchOp[]).find(replicaPath);
      if (op && op.op !== 'remove' && typeof op.value === 'number') to = op.value;
    }
    if (to === undefined) continue;
    const x = explainedEvent(e);
    if (e.data && isDecision(e.data.decision)) {
      // the latest input change since the previous replica change: what the decision followed
      const since = out.length ? out[out.length - 1]!.tick : -1;
      let input: LogEvent | undefined;
      for (const i of inputs) if (i.tick > since && i.tick <= e.tick && INPUT_TYPES.has(i.type)) input = i;
      if (input) {
        // the scenario step that wrote the input says it in the scenario's words ("load app=web cpu=3")
        const step = input.cause !== undefined ? lookup(input.cause) : undefined;
        x.text += ` (after ${fmtTime(input.tick)}: ${step?.type === 'ScenarioStepRun' ? summarize(step) : summarize(input)})`;
      }
    } else {
      const how = e.data && typeof e.data.command === 'string' ? e.data.command : e.type;
      x.text = last === undefined || c.op === 'create' ? `created with ${to} replicas (${how})` : `${last} → ${to} (${how})`;
    }
    out.push(x);
    last = to;
  }
  return out.slice(-MAX_SCALING);
}

export function explain(input: ExplainInput): Explanation {
  const latest = new Map<string, LogEvent>();
  for (const e of input.history) for (const p of partsWritten(e)) latest.set(p, e);
  const bySeq = new Map<number, { e: LogEvent; parts: string[] }>();
  for (const [part, e] of latest) {
    const r = bySeq.get(e.seq);
    if (r) r.parts.push(part);
    else bySeq.set(e.seq, { e, parts: [part] });
  }
  const reasons: Reason[] = [...bySeq.values()].sort((a, b) => a.e.seq - b.e.seq).map(({ e, parts }) => {
    const { chain, origin } = chainOf(e, input.lookup);
    return { parts: parts.sort(), event: explainedEvent(e), chain, origin };
  });
  const warnings = new Map<string, ExplainedEvent>();
  for (const e of input.history) if (e.note?.type === 'Warning') warnings.set(e.note.reason, explainedEvent(e));
  const last = input.history[input.history.length - 1];
  const x: Explanation = {
    ref: input.ref, tick: input.tick, exists: input.object !== undefined, reasons,
    scaling: input.object && 'replicas' in ((input.object as { spec?: object }).spec ?? {}) ? scalingOf(input.history, input.inputs ?? [], input.lookup) : [],
    warnings: [...warnings.values()].sort((a, b) => a.seq - b.seq).slice(-5),
  };
  if (!x.exists && last && last.change?.op === 'delete') x.removed = explainedEvent(last);
  return x;
}

function line(e: ExplainedEvent, indent: string, self: string): string {
  const on = e.object === self ? '' : ` ${e.object}`;
  return `${indent}${fmtTime(e.tick).padStart(7)}  ${e.actor}${on}: ${e.type}${e.text ? ` — ${e.text}` : ''}`;
}

export function formatExplanation(x: Explanation): string {
  const self = refName(x.ref);
  let out = `${self}${x.ref.namespace ? ` (namespace ${x.ref.namespace})` : ''} at ${fmtTime(x.tick)}`;
  if (!x.exists) {
    out += x.removed ? `: removed at ${fmtTime(x.removed.tick)} by ${x.removed.actor}\n` : ': did not exist\n';
    if (x.reasons.length === 0) return out;
  } else out += '\n';
  if (x.scaling.length > 0) {
    out += '\nreplicas:\n';
    for (const s of x.scaling) out += `  ${fmtTime(s.tick).padStart(7)}  ${s.actor}: ${s.text}\n`;
  }
  out += '\nwhy it is as it is (the last change of each part, and what caused it):\n';
  // a chain that reaches an event already told stops there: chains share their roots
  const told = new Set<number>();
  for (const r of x.reasons) {
    out += `\n  ${r.parts.join(', ')}\n${line(r.event, '    ', self)}\n`;
    const again = told.has(r.event.seq);
    told.add(r.event.seq);
    if (!again) {
      for (const c of r.chain) {
        out += `${line(c, '      ← ', self)}\n`;
        if (told.has(c.seq)) {
          out += '      ← … (as above)\n';
          break;
        }
        told.add(c.seq);
      }
    }
    out += `      (${r.origin})\n`;
  }
  if (x.warnings.length > 0) {
    out += '\nwarnings:\n';
    for (const w of x.warnings) out += `${line(w, '  ', self)}\n`;
  }
  return out;
}
