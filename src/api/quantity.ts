// Kubernetes resource quantities (k8s.io/apimachinery/pkg/api/resource): "500m", "2", "1Gi",
// "1G", "1.5", "1e3". Values are exact decimals upstream; here they are converted to integers in
// the unit the controllers compare in (CPU millicores, memory and storage bytes), rounding up as
// Quantity.MilliValue()/Value() do.

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

// Upstream grammar: <signedNumber><suffix>; suffix = binarySI | decimalSI | decimalExponent.
const QUANTITY = /^([+-]?)(\d+\.?\d*|\.\d*)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/;

export interface ParsedQuantity {
  /** sign and digits as written */
  negative: boolean;
  mantissa: string;
  suffix: string;
}

export function parseQuantityParts(s: string): ParsedQuantity | undefined {
  const m = QUANTITY.exec(s); // no trimming: ParseQuantity rejects surrounding spaces
  if (!m) return undefined;
  return { negative: m[1] === '-', mantissa: m[2]!, suffix: m[3] ?? '' };
}

export function isQuantity(v: unknown): boolean {
  return (typeof v === 'string' && parseQuantityParts(v) !== undefined) || (typeof v === 'number' && Number.isFinite(v));
}

/**
 * The value of a quantity scaled by 10^scaleExp (scaleExp 3 = milli-units), rounded up toward
 * +infinity like Quantity.ScaledValue. Throws on a malformed quantity.
 */
const scaledCache = new Map<string, number>();

export function scaledValue(q: string | number, scaleExp: number): number {
  const key = `${scaleExp}|${q}`;
  let v = scaledCache.get(key);
  if (v === undefined) {
    v = scaledValueUncached(q, scaleExp);
    if (scaledCache.size > 100_000) scaledCache.clear();
    scaledCache.set(key, v);
  }
  return v;
}

function scaledValueUncached(q: string | number, scaleExp: number): number {
  const s = typeof q === 'number' ? String(q) : q;
  const p = parseQuantityParts(s);
  if (!p) throw new QuantityError(s);
  const [intPart, fracPart = ''] = p.mantissa.split('.');
  // the amount is num × 10^exp10 (exact)
  let num = BigInt((intPart ?? '') + fracPart || '0');
  let exp10 = -fracPart.length;
  if (p.suffix in BINARY) num *= BigInt(BINARY[p.suffix]!);
  else if (p.suffix in DECIMAL) exp10 += DECIMAL[p.suffix]!;
  else exp10 += Number(p.suffix.slice(1));
  // ParseQuantity caps binary-suffixed amounts beyond int64 at 2^63-1 (decimal ones stay exact)
  const over = p.suffix in BINARY && (exp10 >= 0 ? num * 10n ** BigInt(exp10) > MAX_INT64 : num > MAX_INT64 * 10n ** BigInt(-exp10));
  if (over) {
    num = MAX_INT64;
    exp10 = 0;
  }
  exp10 += scaleExp;
  let result: bigint;
  if (exp10 >= 0) result = num * 10n ** BigInt(exp10);
  else {
    const div = 10n ** BigInt(-exp10);
    result = num / div;
    // round the magnitude up: toward +inf for positives, away from zero for negatives (upstream)
    if (num % div !== 0n) result += 1n;
  }
  return Number(p.negative ? -result : result);
}

const MAX_INT64 = 2n ** 63n - 1n;

/** CPU in millicores ("500m" → 500, "2" → 2000, "0.1" → 100). */
export function milliValue(q: string | number): number {
  return scaledValue(q, 3);
}

/** Bytes (or plain units) rounded up ("1Gi" → 1073741824, "1G" → 1e9, "100m" → 1). */
export function value(q: string | number): number {
  return scaledValue(q, 0);
}

export class QuantityError extends Error {
  constructor(readonly input: string) {
    super(`quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`);
  }
}

/** Canonical-ish rendering for printers: millicores as "250m"/"2", bytes as "128Mi"/"1Gi"/"1500". */
export function formatMilli(milli: number): string {
  if (milli % 1000 !== 0) return `${milli}m`;
  let v = milli / 1000;
  let i = 0;
  const suffixes = ['', 'k', 'M', 'G', 'T', 'P', 'E'];
  while (v !== 0 && v % 1000 === 0 && i < suffixes.length - 1) {
    v /= 1000;
    i++;
  }
  return `${v}${suffixes[i]}`;
}

export function formatBytes(bytes: number): string {
  for (const [suffix, mult] of [['Ei', 2 ** 60], ['Pi', 2 ** 50], ['Ti', 2 ** 40], ['Gi', 2 ** 30], ['Mi', 2 ** 20], ['Ki', 2 ** 10]] as const) {
    if (bytes !== 0 && bytes % mult === 0) return `${bytes / mult}${suffix}`;
  }
  return String(bytes);
}
