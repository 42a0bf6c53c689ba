// Kubernetes resource quantities (k8s.io/apimachinery/pkg/api/resource): "500m", "2", "1Gi",
// "1G", "1.5", "1e3". Values are exact decimals upstream; here they are converted to integers in
// the unit the controllers compare in (CPU millicores, memory and storage bytes), rounding up as
// Quantity.MilliValue()/Value() do.

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

// Upstream grammar: <signedNumber><suffix>; suffix = binarySI | decimalSI | decimalExponent.
const QUANTITY = /^([+-]?)(\d+\.?\d*|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/;

export interface ParsedQuantity {
  /** sign and digits as written */
  negative: boolean;
  mantissa: string;
  suffix: string;
}

export function parseQuantityParts(s: string): ParsedQuantity | undefined {
  const m = QUANTITY.exec(s.trim());
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
  // digits as an integer with `frac` decimal places
  const digits = BigInt((intPart ?? '') + fracPart || '0');
  let num = digits; // value = num * 10^exp10 * mult2
  let exp10 = -fracPart.length + scaleExp;
  let mult2 = 1n;
  if (p.suffix in BINARY) mult2 = BigInt(BINARY[p.suffix]!);
  else if (p.suffix in DECIMAL) exp10 += DECIMAL[p.suffix]!;
  else exp10 += Number(p.suffix.slice(1));
  num *= mult2;
  let result: bigint;
  if (exp10 >= 0) result = num * 10n ** BigInt(exp10);
  else {
    const div = 10n ** BigInt(-exp10);
    result = num / div;
    if (num % div !== 0n && !p.negative) result += 1n; // ceil (toward +inf for positives)
  }
  return Number(p.negative ? -result : result);
}

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
  return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
}

export function formatBytes(bytes: number): string {
  for (const [suffix, mult] of [['Ei', 2 ** 60], ['Pi', 2 ** 50], ['Ti', 2 ** 40], ['Gi', 2 ** 30], ['Mi', 2 ** 20], ['Ki', 2 ** 10]] as const) {
    if (bytes !== 0 && bytes % mult === 0) return `${bytes / mult}${suffix}`;
  }
  return String(bytes);
}
