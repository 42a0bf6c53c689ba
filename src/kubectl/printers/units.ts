// Time and quantity rendering shared by kubectl's printers: translateTimestampSince (printers.go,
// describe.go), Go's time.RFC1123Z layout, and resource.Quantity.String() (the canonical form).
// Differs: timestamps render in UTC ("+0000"); kubectl uses the local zone of the machine.
import { civilTime, humanDuration, parseRfc3339, type Clock } from '../../api/time.js';
import { parseQuantityParts } from '../../api/quantity.js';

/** AGE-style duration since `timestamp`; "<unknown>" when unset (translateTimestampSince). */
export function since(timestamp: string | null | undefined, now: number, clock: Clock): string {
  if (!timestamp) return '<unknown>';
  const t = clock.tickOf(timestamp);
  if (Number.isNaN(t)) return '<unknown>';
  return humanDuration(now - t);
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n: number): string => (n < 10 ? '0' : '') + n;

/**
 * Go's time.RFC1123Z layout ("Mon, 02 Jan 2006 15:04:05 -0700") in UTC. A missing timestamp is
 * Go's zero time, as describe prints it.
 * @example rfc1123z('2024-01-01T00:00:05Z') === 'Mon, 01 Jan 2024 00:00:05 +0000'
 */
export function rfc1123z(timestamp: string | null | undefined): string {
  if (!timestamp) return 'Mon, 01 Jan 0001 00:00:00 +0000';
  const unix = parseRfc3339(timestamp);
  if (Number.isNaN(unix)) return timestamp;
  const t = civilTime(unix);
  return `${DAYS[t.dayOfWeek]}, ${p2(t.day)} ${MONTHS[t.month - 1]} ${String(t.year).padStart(4, '0')} ${p2(t.hour)}:${p2(t.minute)}:${p2(t.second)} +0000`;
}

// ------------------------------------------------------------------ quantities

export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

/** A quantity as an exact count of nano-units plus the format it prints in. */
export interface Quantity {
  nanos: bigint;
  format: QuantityFormat;
}

const NANO = 1_000_000_000n;
const BIN: Record<string, bigint> = { Ki: 1n << 10n, Mi: 1n << 20n, Gi: 1n << 30n, Ti: 1n << 40n, Pi: 1n << 50n, Ei: 1n << 60n };
const DEC: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const DEC_SUFFIX: Record<number, string> = { [-9]: 'n', [-6]: 'u', [-3]: 'm', 0: '', 3: 'k', 6: 'M', 9: 'G', 12: 'T', 15: 'P', 18: 'E' };
const BIN_SUFFIX = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];

export const ZERO_QUANTITY: Quantity = { nanos: 0n, format: 'DecimalSI' };

/** resource.ParseQuantity (values below a nano-unit round up, as upstream). Undefined if malformed. */
export function parseQuantity(q: string | number): Quantity | undefined {
  const p = parseQuantityParts(String(q));
  if (!p) return undefined;
  const [intPart = '', frac = ''] = p.mantissa.split('.');
  let num = BigInt(intPart + frac || '0');
  let exp10 = -frac.length + 9;
  let format: QuantityFormat = 'DecimalSI';
  if (p.suffix in BIN) {
    num *= BIN[p.suffix]!;
    format = 'BinarySI';
  } else if (p.suffix in DEC) {
    exp10 += DEC[p.suffix]!;
  } else {
    exp10 += Number(p.suffix.slice(1));
    format = 'DecimalExponent';
  }
  let nanos: bigint;
  if (exp10 >= 0) nanos = num * 10n ** BigInt(exp10);
  else {
    const div = 10n ** BigInt(-exp10);
    nanos = num / div + (num % div === 0n ? 0n : 1n);
  }
  return { nanos: p.negative ? -nanos : nanos, format };
}

/** Quantity.Add: the sum keeps the receiver's format. */
export function addQuantity(a: Quantity, b: Quantity): Quantity {
  return { nanos: a.nanos + b.nanos, format: a.format };
}

/** Quantity.MilliValue (rounded up). */
export function milliOf(q: Quantity): number {
  const m = q.nanos / 1_000_000n + (q.nanos % 1_000_000n > 0n ? 1n : 0n);
  return Number(m);
}

/** Quantity.Value (rounded up). */
export function valueOf(q: Quantity): number {
  return Number(q.nanos / NANO + (q.nanos % NANO > 0n ? 1n : 0n));
}

/**
 * Quantity.String(): the canonical form the API server stores ("0.5" → "500m", "1024Mi" → "1Gi",
 * "2000" → "2k", "1536Mi" stays). BinarySI values below 1024 or fractional print as DecimalSI.
 */
export function formatQuantity(q: Quantity): string {
  if (q.nanos === 0n) return '0';
  const neg = q.nanos < 0n;
  const abs = neg ? -q.nanos : q.nanos;
  const sign = neg ? '-' : '';
  let format = q.format;
  if (format === 'BinarySI' && (abs < 1024n * NANO || abs % NANO !== 0n)) format = 'DecimalSI';
  if (format === 'BinarySI') {
    let v = abs / NANO;
    let k = 0;
    while (k < BIN_SUFFIX.length - 1 && v % 1024n === 0n) {
      v /= 1024n;
      k++;
    }
    return `${sign}${v}${BIN_SUFFIX[k]}`;
  }
  // AsCanonicalBytes: the largest exponent (a multiple of 3, at least -9) with an integer mantissa.
  let m = abs;
  let e = -9;
  while (m % 1000n === 0n) {
    m /= 1000n;
    e += 3;
  }
  if (format === 'DecimalExponent') return `${sign}${m}${e === 0 ? '' : `e${e}`}`;
  const suffix = DEC_SUFFIX[e];
  return `${sign}${m}${suffix ?? `e${e}`}`;
}

/** Canonical string of a quantity as written in a manifest; the input itself when malformed. */
export function canonicalQuantity(q: string | number): string {
  const parsed = parseQuantity(q);
  return parsed ? formatQuantity(parsed) : String(q);
}
