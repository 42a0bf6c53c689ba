// Component flags a scenario may set, with their v1.28 defaults (pkg/kubelet/apis/config/v1beta1/
// defaults.go, pkg/kubelet/eviction/defaults_linux.go, controller-manager and apiserver flags), and
// the kubelet's own parsing of its eviction settings: ParseThresholdConfig and its helpers
// (pkg/kubelet/eviction/helpers.go v1.28) with their exact messages, over Go-faithful quantities
// (apimachinery resource.ParseQuantity and Quantity.String). Differs: keys are taken in sorted
// order (Go walks maps at random, so upstream reports an arbitrary one of several bad entries).
import type { ApiServerSettings, ControllerManagerSettings, KubeletConfig } from './types.js';

/** The eviction signals of a v1.28 Linux kubelet (signalToResource in helpers.go). */
export const EVICTION_SIGNALS = [
  'memory.available', 'allocatableMemory.available', 'nodefs.available', 'nodefs.inodesFree',
  'imagefs.available', 'imagefs.inodesFree', 'pid.available',
] as const;

export type Signal = (typeof EVICTION_SIGNALS)[number];

export function isSignal(s: string): s is Signal {
  return (EVICTION_SIGNALS as readonly string[]).includes(s);
}

export function defaultKubeletConfig(): KubeletConfig {
  return {
    evictionHard: { 'memory.available': '100Mi', 'nodefs.available': '10%', 'nodefs.inodesFree': '5%', 'imagefs.available': '15%' },
    evictionSoft: {},
    evictionSoftGracePeriodSeconds: {},
    evictionMinimumReclaim: {},
    evictionPressureTransitionPeriodSeconds: 300,
    evictionMaxPodGracePeriodSeconds: 0,
    evictionMonitoringPeriodSeconds: 10,
    nodeStatusUpdateFrequencySeconds: 10,
  };
}

export function defaultControllerManagerSettings(): ControllerManagerSettings {
  return {
    nodeMonitorPeriodSeconds: 5,
    nodeMonitorGracePeriodSeconds: 40,
    nodeStartupGracePeriodSeconds: 60,
    nodeEvictionRate: 0.1,
    secondaryNodeEvictionRate: 0.01,
    largeClusterSizeThreshold: 50,
    unhealthyZoneThreshold: 0.55,
  };
}

export function defaultApiServerSettings(): ApiServerSettings {
  return { defaultNotReadyTolerationSeconds: 300, defaultUnreachableTolerationSeconds: 300 };
}

// ---------------------------------------------------------------- Go quantities

export type QuantityFormat = 'BinarySI' | 'DecimalSI' | 'DecimalExponent';

/** An exact resource.Quantity: mantissa × 10^exp10, with the format String() prints it in. */
export interface Quantity {
  mantissa: bigint;
  exp10: number;
  format: QuantityFormat;
}

export const ERR_FORMAT_WRONG = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
export const ERR_NUMERIC = 'unable to parse numeric part of quantity';
export const ERR_SUFFIX = "unable to parse quantity's suffix";

const DEC_SUFFIX: Readonly<Record<string, number>> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BIN_SUFFIX: Readonly<Record<string, number>> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const MAX_INT64 = 2n ** 63n - 1n;
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

/** The suffix as quantitySuffixer.interpret reads it: [base, exponent, format], or undefined. */
function interpretSuffix(suf: string): [2 | 10, number, QuantityFormat] | undefined {
  if (Object.prototype.hasOwnProperty.call(DEC_SUFFIX, suf)) return [10, DEC_SUFFIX[suf]!, 'DecimalSI'];
  if (Object.prototype.hasOwnProperty.call(BIN_SUFFIX, suf)) return [2, BIN_SUFFIX[suf]!, 'BinarySI'];
  if (suf.length > 1 && (suf[0] === 'e' || suf[0] === 'E') && /^[+-]?\d+$/.test(suf.slice(1))) {
    const n = BigInt(suf.slice(1));
    if (n > MAX_INT64 || n < -MAX_INT64 - 1n) return undefined; // strconv.ParseInt range error
    return [10, Number(BigInt.asIntN(32, n)), 'DecimalExponent'];
  }
  return undefined;
}

/**
 * resource.ParseQuantity: the scanner of parseQuantityString, then the suffix, then the value
 * (exact; more than nine decimals round up to the next nano, binary amounts cap at 2^63-1).
 * Returns the error message Kubernetes gives for a malformed quantity.
 */
export function parseQuantity(str: string): Quantity | { error: string } {
  if (str.length === 0) return { error: ERR_FORMAT_WRONG };
  if (str === '0') return { mantissa: 0n, exp10: 0, format: 'DecimalSI' };
  let pos = 0;
  const end = str.length;
  let negative = false;
  if (str[0] === '-' || str[0] === '+') { negative = str[0] === '-'; pos++; }
  while (pos < end && str[pos] === '0') pos++;
  let num = '';
  let denom = '';
  let suffix = '';
  let i = pos;
  while (i < end && isDigit(str[i])) i++;
  num = str.slice(pos, i);
  pos = i;
  if (pos < end && str[pos] === '.') {
    pos++;
    i = pos;
    while (i < end && isDigit(str[i])) i++;
    denom = str.slice(pos, i);
    pos = i;
  }
  const value = str.slice(0, pos);
  const suffixStart = pos;
  while (pos < end && 'eEinumkKMGTP'.includes(str[pos]!)) pos++;
  if (pos < end && (str[pos] === '-' || str[pos] === '+')) pos++;
  while (pos < end && isDigit(str[pos])) pos++;
  // a character neither suffix nor exponent digit: the regular expression does not match
  if (pos < end) return { error: ERR_FORMAT_WRONG };
  suffix = str.slice(suffixStart);
  const interp = interpretSuffix(suffix);
  if (!interp) return { error: ERR_SUFFIX };
  const [base, exponent, fmt] = interp;
  // The int64 fast path takes up to 18 digits at a scale of nano or above (a binary amount
  // without fraction that fits); anything else goes through inf.Dec, which rejects a value
  // without digits ("e-10", "-.e-12"): ErrNumeric. The fast path reads those as zero.
  const digits = (num === '' ? '0' : num).length;
  const fast = fmt === 'BinarySI'
    ? exponent >= 0 && denom === '' && 15 - digits - Math.trunc((Math.fround(exponent) * 3) / 10) - 1 >= 0
      && BigInt(num || '0') * 2n ** BigInt(exponent) <= MAX_INT64
    : 18 - digits - denom.length >= 0 && exponent - denom.length >= -9;
  if (!fast && !/^[+-]?(?:\d+\.?\d*|\.\d+)$/.test(value)) return { error: ERR_NUMERIC };
  let mantissa = BigInt((num || '0') + denom);
  let exp10 = -denom.length;
  let format = fmt;
  if (base === 10) exp10 += exponent;
  else mantissa *= 2n ** BigInt(exponent);
  // round up (away from zero) to the nano
  if (exp10 < -9) {
    const div = 10n ** BigInt(-9 - exp10);
    const q = mantissa / div;
    mantissa = mantissa % div === 0n ? q : q + 1n;
    exp10 = -9;
  }
  if (format === 'BinarySI' && compareAbs(mantissa, exp10, MAX_INT64) > 0) {
    mantissa = MAX_INT64;
    exp10 = 0;
  }
  if (format === 'BinarySI' && mantissa !== 0n && compareAbs(mantissa, exp10, 1n) < 0) format = 'DecimalSI';
  return { mantissa: negative ? -mantissa : mantissa, exp10, format };
}

/** |mantissa × 10^exp10| compared with the integer n (≥ 0). */
function compareAbs(mantissa: bigint, exp10: number, n: bigint): number {
  const m = mantissa < 0n ? -mantissa : mantissa;
  const [a, b] = exp10 >= 0 ? [m * 10n ** BigInt(exp10), n] : [m, n * 10n ** BigInt(-exp10)];
  return a < b ? -1 : a > b ? 1 : 0;
}

/** resource.NewQuantity(n, format). */
export function newQuantity(n: number | bigint, format: QuantityFormat): Quantity {
  return { mantissa: BigInt(n), exp10: 0, format };
}

/** Quantity.Cmp against an integer: -1, 0 or 1. */
export function cmpQuantity(q: Quantity, n: number | bigint): number {
  const v = BigInt(n);
  // beyond 10^30 a non-zero quantity outweighs any int64 (and 10^exp would not be computed)
  if (q.exp10 > 30 && q.mantissa !== 0n) return q.mantissa > 0n ? 1 : -1;
  const [a, b] = q.exp10 >= 0 ? [q.mantissa * 10n ** BigInt(q.exp10), v] : [q.mantissa, v * 10n ** BigInt(-q.exp10)];
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Quantity.Add: exact; a zero receiver takes the other's format. */
export function addQuantity(a: Quantity, b: Quantity): Quantity {
  // a summand 10^60 times smaller cannot change a comparison with an int64
  if (a.mantissa !== 0n && b.mantissa !== 0n && Math.abs(a.exp10 - b.exp10) > 60) return a.exp10 > b.exp10 ? a : { ...b, format: a.format };
  if (a.mantissa === 0n) return b;
  if (b.mantissa === 0n) return a;
  const exp10 = Math.min(a.exp10, b.exp10);
  const mantissa = a.mantissa * 10n ** BigInt(a.exp10 - exp10) + b.mantissa * 10n ** BigInt(b.exp10 - exp10);
  return { mantissa, exp10, format: a.mantissa === 0n ? b.format : a.format };
}

/** Quantity.Value(): the integer value, rounded up (away from zero). */
export function quantityValue(q: Quantity): number {
  if (q.exp10 > 30 && q.mantissa !== 0n) return q.mantissa > 0n ? Number.MAX_SAFE_INTEGER : Number.MIN_SAFE_INTEGER;
  if (q.exp10 >= 0) return Number(q.mantissa * 10n ** BigInt(q.exp10));
  const div = 10n ** BigInt(-q.exp10);
  const t = q.mantissa / div;
  return Number(q.mantissa % div === 0n ? t : q.mantissa > 0n ? t + 1n : t - 1n);
}

/** removeInt64Factors / removeBigIntFactors. */
function removeFactors(v: bigint, base: bigint): [bigint, number] {
  let times = 0;
  while (v !== 0n && v % base === 0n) { v /= base; times++; }
  return [v, times];
}

const DEC_NAME: Readonly<Record<number, string>> = { [-9]: 'n', [-6]: 'u', [-3]: 'm', 0: '', 3: 'k', 6: 'M', 9: 'G', 12: 'T', 15: 'P', 18: 'E' };
const BIN_NAME = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];

/**
 * Quantity.String (CanonicalizeBytes): "100Mi", "90Mi", "1536Mi", "1500m", "1G", "0". Binary
 * amounts under 1024 or with a fraction print as decimal; decimal exponents are multiples of 3.
 */
export function formatQuantity(q: Quantity): string {
  if (q.mantissa === 0n) return '0';
  let format = q.format;
  if (format === 'BinarySI') {
    if (compareAbs(q.mantissa, q.exp10, 1024n) < 0) format = 'DecimalSI';
    else if (q.exp10 < 0 && q.mantissa % 10n ** BigInt(-q.exp10) !== 0n) format = 'DecimalSI';
    else {
      const whole = q.exp10 >= 0 ? q.mantissa * 10n ** BigInt(q.exp10) : q.mantissa / 10n ** BigInt(-q.exp10);
      const [amount, times] = removeFactors(whole, 1024n);
      return `${amount}${BIN_NAME[times] ?? ''}`;
    }
  }
  let [amount, exponent] = ((): [bigint, number] => { const [a, t] = removeFactors(q.mantissa, 10n); return [a, q.exp10 + t]; })();
  while (exponent % 3 !== 0) { amount *= 10n; exponent--; }
  if (format === 'DecimalExponent') return exponent === 0 ? `${amount}` : `${amount}e${exponent}`;
  return `${amount}${DEC_NAME[exponent] ?? ''}`;
}

// ---------------------------------------------------------------- Go's strconv and time parsers

/** strconv.Quote for the strings a scenario can hold (ASCII escapes, printable Unicode kept). */
function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + '"';
}

const FLOAT_DEC = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const FLOAT_HEX = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?[pP]([+-]?\d+)$/;

/** strconv.ParseFloat(s, 32): the float32 value as a number, or Go's error text. */
export function parseFloat32(s: string): number | { error: string } {
  let v: number;
  if (/^[+-]?inf(inity)?$/i.test(s)) v = s.startsWith('-') ? -Infinity : Infinity;
  else if (/^nan$/i.test(s)) v = NaN;
  else if (FLOAT_DEC.test(s)) v = Number(s);
  else {
    const m = FLOAT_HEX.exec(s);
    if (!m || (m[2] === '' && (m[3] ?? '') === '')) return { error: `strconv.ParseFloat: parsing ${goQuote(s)}: invalid syntax` };
    const frac = m[3] ?? '';
    v = parseInt((m[2] || '0') + frac, 16) * 2 ** (Number(m[4]) - 4 * frac.length);
    if (m[1] === '-') v = -v;
  }
  const f = Math.fround(v);
  if (Number.isFinite(v) && !Number.isFinite(f)) return { error: `strconv.ParseFloat: parsing ${goQuote(s)}: value out of range` };
  return f;
}

/** parsePercentage: "10%" → float32(10)/100 (float32 arithmetic, as the kubelet stores it). */
function parsePercentage(input: string): number | { error: string } {
  const v = parseFloat32(input.replace(/%+$/, ''));
  return typeof v === 'number' ? Math.fround(v / 100) : v;
}

const DURATION_UNITS: Readonly<Record<string, number>> = { ns: 1e-9, us: 1e-6, '\u00b5s': 1e-6, '\u03bcs': 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };

/** A time.Duration holds at most 2^63 − 1 nanoseconds. */
const MAX_DURATION_SECONDS = Number(MAX_INT64) / 1e9;

/** time.ParseDuration, in seconds, with Go's messages. */
export function parseGoDuration(orig: string): number | { error: string } {
  const invalid = { error: `time: invalid duration ${goQuote(orig)}` };
  let s = orig;
  let neg = false;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) { neg = s[0] === '-'; s = s.slice(1); }
  if (s === '0') return 0;
  if (s === '') return invalid;
  let total = 0;
  while (s !== '') {
    const m = /^(\d*)(?:\.(\d*))?/.exec(s)!;
    if (!(s[0] === '.' || isDigit(s[0])) || (m[1] === '' && (m[2] ?? '') === '')) return invalid;
    s = s.slice(m[0].length);
    let i = 0;
    while (i < s.length && s[i] !== '.' && !isDigit(s[i])) i++;
    if (i === 0) return { error: `time: missing unit in duration ${goQuote(orig)}` };
    const unit = s.slice(0, i);
    s = s.slice(i);
    const scale = DURATION_UNITS[unit];
    if (scale === undefined) return { error: `time: unknown unit ${goQuote(unit)} in duration ${goQuote(orig)}` };
    total += Number(`${m[1] || '0'}.${m[2] ?? ''}`) * scale;
    if (total > MAX_DURATION_SECONDS) return invalid;
  }
  return neg ? -total : total;
}

// ---------------------------------------------------------------- eviction thresholds

/** evictionapi.ThresholdValue: an absolute quantity or a fraction of capacity (float32). */
export interface ThresholdValue {
  quantity?: Quantity;
  percentage?: number;
}

/** evictionapi.Threshold (the only operator is LessThan). */
export interface Threshold {
  signal: Signal;
  value: ThresholdValue;
  /** 0 = a hard threshold (isHardEvictionThreshold) */
  gracePeriodSeconds: number;
  minReclaim?: ThresholdValue;
}

type Parsed<T> = T | { error: string };
const failed = (v: unknown): v is { error: string } => typeof v === 'object' && v !== null && 'error' in v;

/** parseThresholdStatement: a threshold, undefined for the ignored "0%" and "100%", or the error. */
export function parseThresholdStatement(signal: string, val: string): Parsed<Threshold | undefined> {
  if (!isSignal(signal)) return { error: `unsupported eviction signal ${signal}` };
  if (val.endsWith('%')) {
    if (val === '0%' || val === '100%') return undefined;
    const percentage = parsePercentage(val);
    if (failed(percentage)) return percentage;
    if (percentage < 0) return { error: `eviction percentage threshold ${signal} must be >= 0%: ${val}` };
    if (percentage > 1) return { error: `eviction percentage threshold ${signal} must be <= 100%: ${val}` };
    return { signal, value: { percentage }, gracePeriodSeconds: 0 };
  }
  const q = parseQuantity(val);
  if (failed(q)) return q;
  if (q.mantissa <= 0n) return { error: `eviction threshold ${signal} must be positive: ${formatQuantity(q)}` };
  return { signal, value: { quantity: q }, gracePeriodSeconds: 0 };
}

/** One entry of parseMinimumReclaims. */
export function parseMinimumReclaim(signal: string, val: string): Parsed<ThresholdValue> {
  if (!isSignal(signal)) return { error: `unsupported eviction signal ${signal}` };
  if (val.endsWith('%')) {
    const percentage = parsePercentage(val);
    if (failed(percentage)) return percentage;
    if (percentage <= 0) return { error: `eviction percentage minimum reclaim ${signal} must be positive: ${val}` };
    return { percentage };
  }
  const q = parseQuantity(val);
  if (failed(q)) return q;
  if (q.mantissa < 0n) return { error: `negative eviction minimum reclaim specified for ${signal}` };
  return { quantity: q };
}

/** One entry of parseGracePeriods (KubeletConfiguration holds durations as Go strings). */
export function parseGracePeriod(signal: string, val: string): Parsed<number> {
  if (!isSignal(signal)) return { error: `unsupported eviction signal ${signal}` };
  const d = parseGoDuration(val);
  if (failed(d)) return d;
  if (d < 0) return { error: `invalid eviction grace period specified: ${val}, must be a positive value` };
  return d;
}

/**
 * Problems with one eviction setting map, in the kubelet's words (ParseThresholdConfig); empty
 * when it is valid. `flag` names the setting: evictionHard and evictionSoft hold thresholds,
 * evictionMinimumReclaim reclaims, evictionSoftGracePeriod Go durations. Keys in sorted order.
 *
 * @example validateThresholds('evictionHard', { 'memory.available': '-1Gi' })
 *   // → ['eviction threshold memory.available must be positive: -1Gi']
 */
export function validateThresholds(flag: string, thresholds: Readonly<Record<string, string>>): string[] {
  const errs: string[] = [];
  for (const signal of Object.keys(thresholds).sort()) {
    const v = thresholds[signal]!;
    const r = flag === 'evictionMinimumReclaim' ? parseMinimumReclaim(signal, v)
      : flag === 'evictionSoftGracePeriod' ? parseGracePeriod(signal, v)
        : parseThresholdStatement(signal, v);
    if (failed(r)) errs.push(r.error);
  }
  return errs;
}

/**
 * ParseThresholdConfig for one node's kubelet: the hard thresholds, then the soft ones with
 * their grace periods, each with its minimum reclaim. The allocatable-memory copies that
 * enforceNodeAllocatable=pods adds are left out (see node-pressure/signals.ts: in the simulation
 * that signal always equals memory.available). Memoised per (immutable) config object.
 */
export function parseThresholdConfig(config: KubeletConfig): Parsed<Threshold[]> {
  let r = parsedConfigs.get(config);
  if (r === undefined) {
    r = parseThresholdConfigUncached(config);
    parsedConfigs.set(config, r);
  }
  return r;
}

const parsedConfigs = new WeakMap<KubeletConfig, Parsed<Threshold[]>>();

function parseThresholdConfigUncached(config: KubeletConfig): Parsed<Threshold[]> {
  const statements = (m: Readonly<Record<string, string>>): Parsed<Threshold[]> => {
    const out: Threshold[] = [];
    for (const k of Object.keys(m).sort()) {
      const t = parseThresholdStatement(k, m[k]!);
      if (failed(t)) return t;
      if (t) out.push(t);
    }
    return out;
  };
  const hard = statements(config.evictionHard ?? {});
  if (failed(hard)) return hard;
  const soft = statements(config.evictionSoft ?? {});
  if (failed(soft)) return soft;
  const reclaims: Partial<Record<Signal, ThresholdValue>> = {};
  const mr = config.evictionMinimumReclaim ?? {};
  for (const k of Object.keys(mr).sort()) {
    const v = parseMinimumReclaim(k, mr[k]!);
    if (failed(v)) return v;
    reclaims[k as Signal] = v;
  }
  const graces = config.evictionSoftGracePeriodSeconds ?? {};
  for (const t of soft) {
    const g = graces[t.signal];
    if (g === undefined) return { error: `grace period must be specified for the soft eviction threshold ${t.signal}` };
    t.gracePeriodSeconds = g;
  }
  const all = [...hard, ...soft];
  for (const t of all) {
    const m = reclaims[t.signal];
    if (m) t.minReclaim = m;
  }
  return all;
}

/** evictionapi.GetThresholdQuantity: the absolute value, or int64(capacity × percentage). */
export function getThresholdQuantity(value: ThresholdValue, capacity: number): Quantity {
  if (value.quantity) return value.quantity;
  const v = capacity * (value.percentage ?? 0);
  // int64(NaN) is an arbitrary integer in Go; a NaN percentage (from "NaN%") is never met here
  return newQuantity(Number.isFinite(v) ? Math.trunc(v) : Number.MIN_SAFE_INTEGER, 'BinarySI');
}
