// YAML as `kubectl -o yaml` writes it: sigs.k8s.io/yaml (JSON → gopkg.in/yaml.v2 v2.4 Marshal),
// whose emitter is libyaml's: keys in yaml.v2's natural order, block style, sequences not
// indented under their key, scalar styles chosen by yaml.v2 + emitter.c, plain and quoted scalars
// folded at spaces past column 80. Differs: only JSON values (no anchors, tags, binary).
import type { Json } from '../../api/types.js';

const BEST_WIDTH = 80;
const INDENT = 2;

/** yaml.v2 keyList.Less: runs of digits compare numerically, non-letters sort before letters. */
export function yamlKeyLess(a: string, b: string): boolean {
  const ar = [...a];
  const br = [...b];
  const isLetter = (c: string): boolean => /\p{L}/u.test(c);
  const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]!);
    const bl = isLetter(br[i]!);
    if (al && bl) return ar[i]! < br[i]!;
    if (al || bl) return bl;
    let an = 0;
    let bn = 0;
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== '0') {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    let ai = i;
    let bi = i;
    for (; ai < ar.length && isDigit(ar[ai]); ai++) an = an * 10 + Number(ar[ai]);
    for (; bi < br.length && isDigit(br[bi]); bi++) bn = bn * 10 + Number(br[bi]);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i]! < br[i]!;
  }
  return ar.length < br.length;
}

// yaml.v2 resolve(): plain scalars that would not read back as a string must be quoted.
const BOOL_OR_NULL = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'No', 'NO', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE',
  'on', 'On', 'ON', 'off', 'Off', 'OFF', '~', 'null', 'Null', 'NULL', '', '.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF',
  '-.inf', '-.Inf', '-.INF', '.nan', '.NaN', '.NAN', '<<']);
const INT = /^[-+]?(0b[01_]+|0[0-7_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*)$/;
const FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const BASE60 = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
const TIMESTAMP = /^\d{4}-\d\d?-\d\d?(?:(?:[Tt]|[ \t]+)\d\d?:\d\d:\d\d(?:\.\d*)?(?:[ \t]*(?:Z|[-+]\d\d?(?::\d\d)?))?)?$/;

function resolvesToString(s: string): boolean {
  return !(BOOL_OR_NULL.has(s) || INT.test(s) || FLOAT.test(s) || BASE60.test(s) || TIMESTAMP.test(s));
}

function isPrintable(cp: number): boolean {
  return cp === 0x0a || (cp >= 0x20 && cp <= 0x7e) || cp === 0x85 || (cp >= 0xa0 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff) || (cp >= 0x10000 && cp <= 0x10ffff);
}

interface Analysis {
  blockPlain: boolean;
  singleQuoted: boolean;
  block: boolean;
}

/** emitter.c yaml_emitter_analyze_scalar, for a block (not flow) context. */
function analyze(s: string): Analysis {
  const chars = [...s];
  if (chars.length === 0) return { blockPlain: true, singleQuoted: true, block: false };
  let blockIndicators = s.startsWith('---') || s.startsWith('...');
  let special = false;
  let lineBreaks = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let prevSpace = false;
  let prevBreak = false;
  const blankz = (c: string | undefined): boolean => c === undefined || c === ' ' || c === '\t' || c === '\n' || c === '\r';
  let precededByWs = true;
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    const followedByWs = blankz(chars[i + 1]);
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(c)) blockIndicators = true;
      if ((c === '?' || c === ':') && followedByWs) blockIndicators = true;
      if (c === '-' && followedByWs) blockIndicators = true;
    } else {
      if (c === ':' && followedByWs) blockIndicators = true;
      if (c === '#' && precededByWs) blockIndicators = true;
    }
    if (!isPrintable(c.codePointAt(0)!)) special = true;
    const isBreak = c === '\n' || c === '\r';
    if (isBreak) lineBreaks = true;
    if (c === ' ') {
      if (i === 0) leadingSpace = true;
      if (i === chars.length - 1) trailingSpace = true;
      if (prevBreak) breakSpace = true;
      prevSpace = true;
      prevBreak = false;
    } else if (isBreak) {
      if (i === 0) leadingBreak = true;
      if (i === chars.length - 1) trailingBreak = true;
      if (prevSpace) spaceBreak = true;
      prevSpace = false;
      prevBreak = true;
    } else {
      prevSpace = false;
      prevBreak = false;
    }
    precededByWs = blankz(c);
  }
  let blockPlain = true;
  let singleQuoted = true;
  let block = true;
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) blockPlain = false;
  if (trailingSpace) block = false;
  if (breakSpace) blockPlain = singleQuoted = false;
  if (spaceBreak || special) blockPlain = singleQuoted = block = false;
  if (lineBreaks || blockIndicators) blockPlain = false;
  return { blockPlain, singleQuoted, block };
}

type Style = 'plain' | 'single' | 'double' | 'literal';

function selectStyle(s: string, simpleKey: boolean): Style {
  // yaml.v2 encoder stringv: literal for multi-line, plain if it reads back as a string, else "".
  let style: Style = s.includes('\n') ? 'literal' : resolvesToString(s) ? 'plain' : 'double';
  const a = analyze(s);
  if (style === 'plain' && (!a.blockPlain || (s.length === 0 && simpleKey))) style = 'single';
  if (style === 'single' && !a.singleQuoted) style = 'double';
  if (style === 'literal' && (!a.block || simpleKey)) style = 'double';
  return style;
}

/** Writes text while tracking the column, as libyaml's emitter does. */
class Out {
  private readonly parts: string[] = [];
  column = 0;

  put(s: string): void {
    this.parts.push(s);
    this.column += [...s].length;
  }

  newline(indent: number): void {
    this.parts.push('\n' + ' '.repeat(indent));
    this.column = indent;
  }

  toString(): string {
    return this.parts.join('');
  }
}

const ESCAPES: Record<string, string> = { '\0': '0', '\x07': 'a', '\b': 'b', '\t': 't', '\n': 'n', '\x0b': 'v', '\f': 'f', '\r': 'r', '\x1b': 'e', '"': '"', '\\': '\\', '\x85': 'N', '\xa0': '_', '\u2028': 'L', '\u2029': 'P' };

function hex(cp: number, width: number): string {
  return cp.toString(16).toUpperCase().padStart(width, '0');
}

/** One scalar after "key:" or "- " (a separating space is written first); `indent` is for continuation lines. */
function writeScalar(out: Out, s: string, indent: number, simpleKey: boolean, leadingSpace: boolean): void {
  const style = selectStyle(s, simpleKey);
  const chars = [...s];
  const breaks = !simpleKey;
  if (leadingSpace) out.put(' ');
  if (style === 'plain' || style === 'single') {
    const q = style === 'single' ? "'" : '';
    out.put(q);
    let spaces = false;
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i]!;
      if (c === ' ') {
        const inner = style === 'plain' || (i !== 0 && i !== chars.length - 1);
        if (breaks && !spaces && out.column > BEST_WIDTH && inner && chars[i + 1] !== ' ') out.newline(indent);
        else out.put(c);
        spaces = true;
      } else {
        out.put(c === "'" && style === 'single' ? "''" : c);
        spaces = false;
      }
    }
    out.put(q);
    return;
  }
  if (style === 'double') {
    out.put('"');
    let spaces = false;
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i]!;
      const cp = c.codePointAt(0)!;
      if (!isPrintable(cp) || cp === 0xfeff || c === '\n' || c === '\r' || c === '"' || c === '\\' || c === '\x85' || c === '\u2028' || c === '\u2029') {
        const e = ESCAPES[c];
        out.put('\\' + (e ?? (cp <= 0xff ? `x${hex(cp, 2)}` : cp <= 0xffff ? `u${hex(cp, 4)}` : `U${hex(cp, 8)}`)));
        spaces = false;
      } else if (c === ' ') {
        if (breaks && !spaces && out.column > BEST_WIDTH && i !== 0 && i !== chars.length - 1) {
          out.newline(indent);
          if (chars[i + 1] === ' ') out.put('\\');
        } else out.put(c);
        spaces = true;
      } else {
        out.put(c);
        spaces = false;
      }
    }
    out.put('"');
    return;
  }
  // literal block: indentation hint when it starts with a space or break; chomping hint.
  let hints = chars[0] === ' ' || chars[0] === '\n' ? String(INDENT) : '';
  if (!s.endsWith('\n')) hints += '-';
  else if (s === '\n' || s.endsWith('\n\n')) hints += '+';
  out.put('|' + hints);
  const lines = s.split('\n');
  if (s.endsWith('\n')) lines.pop();
  for (const line of lines) {
    if (line === '') {
      out.put('\n');
      out.column = 0;
    } else {
      out.newline(indent);
      out.put(line);
    }
  }
}

function scalarText(v: Json): string | undefined {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return String(v);
  return undefined;
}

function isEmptyCollection(v: Json): string | undefined {
  if (Array.isArray(v) && v.length === 0) return '[]';
  if (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0) return '{}';
  return undefined;
}

/** Emit `v` as the value of a key or sequence item whose line is already started. */
function writeValue(out: Out, v: Json, indent: number, inSeqItem: boolean, sort: boolean): void {
  const lit = scalarText(v) ?? isEmptyCollection(v);
  if (lit !== undefined) {
    out.put(' ' + lit);
    return;
  }
  if (typeof v === 'string') {
    writeScalar(out, v, indent + INDENT, false, true);
    return;
  }
  if (Array.isArray(v)) {
    // A sequence under a key is "indentless": its dashes line up with the key.
    const seqIndent = inSeqItem ? indent + INDENT : indent;
    if (inSeqItem) {
      out.put(' ');
      writeSeq(out, v, seqIndent, true, sort);
    } else writeSeq(out, v, seqIndent, false, sort);
    return;
  }
  const mapIndent = indent + INDENT;
  if (inSeqItem) {
    out.put(' ');
    writeMap(out, v as { [k: string]: Json }, mapIndent, true, sort);
  } else writeMap(out, v as { [k: string]: Json }, mapIndent, false, sort);
}

function writeMap(out: Out, m: { [k: string]: Json }, indent: number, continueLine: boolean, sort: boolean): void {
  const keys = Object.keys(m).filter((k) => m[k] !== undefined);
  if (sort) keys.sort((a, b) => (yamlKeyLess(a, b) ? -1 : yamlKeyLess(b, a) ? 1 : 0));
  keys.forEach((k, i) => {
    if (i > 0 || !continueLine) out.newline(indent);
    writeScalar(out, k, indent + INDENT, true, false);
    out.put(':');
    writeValue(out, m[k]!, indent, false, sort);
  });
}

function writeSeq(out: Out, items: Json[], indent: number, continueLine: boolean, sort: boolean): void {
  items.forEach((item, i) => {
    if (i > 0 || !continueLine) out.newline(indent);
    out.put('-');
    writeValue(out, item, indent, true, sort);
  });
}

/**
 * A JSON value as kubectl's YAML printer writes it (ends with a newline). `sortKeys: false` keeps
 * each map's own key order instead of yaml.v2's.
 * @example toYaml({ kind: 'Pod', metadata: { name: 'web' } }) === 'kind: Pod\nmetadata:\n  name: web\n'
 */
export function toYaml(v: Json, opts: { sortKeys?: boolean } = {}): string {
  const sort = opts.sortKeys !== false;
  const out = new Out();
  const lit = scalarText(v) ?? isEmptyCollection(v);
  if (lit !== undefined) return lit + '\n';
  if (typeof v === 'string') {
    writeScalar(out, v, 0, false, false);
  } else if (Array.isArray(v)) {
    writeSeq(out, v, 0, true, sort);
  } else {
    writeMap(out, v as { [k: string]: Json }, 0, true, sort);
  }
  return out.toString() + '\n';
}
