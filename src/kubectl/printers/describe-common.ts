// The building blocks of `kubectl describe`: the PrefixWriter over a tabwriter (minwidth 0,
// padding 2), multi-line labels/annotations/taints/tolerations and the Events table, following
// staging/src/k8s.io/kubectl/pkg/describe/describe.go (v1.28) function by function.
// Differs: sorting is stable (Go's sort.Slice is not), with ties kept in input order.
import type { Clock } from '../../api/time.js';
import type { Taint, Toleration } from '../../api/types.js';
import type { KubeEvent } from '../events.js';
import { DESCRIBE_TABWRITER, formatTabbed } from './tabwriter.js';
import { since } from './units.js';

export const LEVEL_0 = 0;
export const LEVEL_1 = 1;
export const LEVEL_2 = 2;
export const LEVEL_3 = 3;
export const LEVEL_4 = 4;

/** What every describer needs to render times. */
export interface DescribeClock {
  /** the tick "now" is */
  now: number;
  clock: Clock;
}

/**
 * describe.PrefixWriter writing into one tabwriter: write(level, text) indents by two spaces a
 * level; flush() ends a tabwriter block (DescribeEvents flushes before its table).
 */
export class PrefixWriter {
  private readonly blocks: string[] = [];
  private current: string[] = [];

  write(level: number, text: string): void {
    this.current.push('  '.repeat(level) + text);
  }

  /** fmt.Sprintln(a...) as WriteLine does (operands joined with spaces, then a newline). */
  writeLine(...a: string[]): void {
    this.current.push(a.join(' ') + '\n');
  }

  flush(): void {
    this.blocks.push(formatTabbed(this.current.join(''), DESCRIBE_TABWRITER));
    this.current = [];
  }

  /** tabbedString: everything written, laid out. */
  toString(): string {
    this.flush();
    return this.blocks.join('');
  }
}

/** Stable sort (ties keep input order). */
export function stableSort<T>(items: readonly T[], cmp: (a: T, b: T) => number): T[] {
  return items.map((v, i) => ({ v, i })).sort((a, b) => cmp(a.v, b.v) || a.i - b.i).map((x) => x.v);
}

/** printLabelsMultilineWithIndent: "Labels:  a=b" then one aligned line per further label. */
export function printLabelsMultiline(w: PrefixWriter, title: string, labels: Readonly<Record<string, string>> | undefined, initialIndent = '', innerIndent = '\t'): void {
  w.write(LEVEL_0, `${initialIndent}${title}:${innerIndent}`);
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) {
    w.writeLine('<none>');
    return;
  }
  keys.forEach((key, i) => {
    if (i !== 0) w.write(LEVEL_0, initialIndent + innerIndent);
    w.write(LEVEL_0, `${key}=${labels![key]}\n`);
  });
}

/** Annotations kubectl never shows (skipAnnotations). */
const SKIP_ANNOTATIONS = new Set(['kubectl.kubernetes.io/last-applied-configuration']);
const MAX_ANNOTATION_LEN = 140;

function shorten(s: string, max: number): string {
  return s.length > max ? s.slice(0, max) + '...' : s;
}

/** printAnnotationsMultiline: "key: value", long or multi-line values on their own lines. */
export function printAnnotationsMultiline(w: PrefixWriter, title: string, annotations: Readonly<Record<string, string>> | undefined): void {
  w.write(LEVEL_0, `${title}:\t`);
  const keys = Object.keys(annotations ?? {}).filter((k) => !SKIP_ANNOTATIONS.has(k)).sort();
  if (keys.length === 0) {
    w.writeLine('<none>');
    return;
  }
  const indent = '\t';
  keys.forEach((key, i) => {
    if (i !== 0) w.write(LEVEL_0, indent);
    const value = annotations![key]!.replace(/\n$/, '');
    if (value.length + key.length + 2 > MAX_ANNOTATION_LEN || value.includes('\n')) {
      w.write(LEVEL_0, `${key}:\n`);
      for (const s of value.split('\n')) w.write(LEVEL_0, `${indent}  ${shorten(s, MAX_ANNOTATION_LEN - 2)}\n`);
    } else {
      w.write(LEVEL_0, `${key}: ${value}\n`);
    }
  });
}

/** Taint.ToString: "key=value:Effect" or "key:Effect". */
export function taintString(t: Taint): string {
  return t.value ? `${t.key}=${t.value}:${t.effect}` : `${t.key}:${t.effect}`;
}

/** printNodeTaintsMultiline: sorted by "effect,key". */
export function printTaintsMultiline(w: PrefixWriter, title: string, taints: readonly Taint[] | undefined): void {
  w.write(LEVEL_0, `${title}:\t`);
  if (!taints || taints.length === 0) {
    w.writeLine('<none>');
    return;
  }
  const key = (t: Taint): string => `${t.effect},${t.key}`;
  stableSort(taints, (a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0)).forEach((t, i) => {
    if (i !== 0) w.write(LEVEL_0, '\t');
    w.write(LEVEL_0, `${taintString(t)}\n`);
  });
}

/** printPodTolerationsMultiline: "key=value:Effect op=Exists for 300s", sorted by key. */
export function printTolerationsMultiline(w: PrefixWriter, title: string, tolerations: readonly Toleration[] | undefined, initialIndent = ''): void {
  w.write(LEVEL_0, `${initialIndent}${title}:\t`);
  if (!tolerations || tolerations.length === 0) {
    w.writeLine('<none>');
    return;
  }
  const sorted = stableSort(tolerations, (a, b) => ((a.key ?? '') < (b.key ?? '') ? -1 : (a.key ?? '') > (b.key ?? '') ? 1 : 0));
  sorted.forEach((t, i) => {
    if (i !== 0) w.write(LEVEL_0, initialIndent + '\t');
    let s = t.key ?? '';
    if (t.value) s += `=${t.value}`;
    if (t.effect) s += `:${t.effect}`;
    // operator Exists with no value tolerates everything with that key (or everything at all)
    if (t.operator === 'Exists' && !t.value) s += t.key || t.effect ? ' op=Exists' : 'op=Exists';
    if (t.tolerationSeconds !== undefined) s += ` for ${t.tolerationSeconds}s`;
    w.write(LEVEL_0, `${s}\n`);
  });
}

/** event.SortableEvents: by lastTimestamp (eventTime when unset), oldest first. */
export function sortEventsForDescribe(events: readonly KubeEvent[], clock: Clock): KubeEvent[] {
  const at = (e: KubeEvent): number => clock.tickOf(e.lastTimestamp || e.firstTimestamp);
  return stableSort(events, (a, b) => at(a) - at(b));
}

/**
 * DescribeEvents: "Events:  <none>", or a flushed table Type / Reason / Age / From / Message with
 * ages like "66s (x3 over 83s)".
 */
export function describeEvents(events: readonly KubeEvent[], w: PrefixWriter, t: DescribeClock): void {
  if (events.length === 0) {
    w.write(LEVEL_0, 'Events:\t<none>\n');
    return;
  }
  w.flush();
  w.write(LEVEL_0, 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n');
  w.write(LEVEL_1, '----\t------\t----\t----\t-------\n');
  for (const e of sortEventsForDescribe(events, t.clock)) {
    const first = since(e.firstTimestamp, t.now, t.clock);
    const interval = e.count > 1 ? `${since(e.lastTimestamp, t.now, t.clock)} (x${e.count} over ${first})` : first;
    const source = e.source.component || e.reportingComponent;
    w.write(LEVEL_1, `${e.type}\t${e.reason}\t${interval}\t${source}\t${e.message.trim()}\n`);
  }
}
