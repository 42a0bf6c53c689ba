// Tests for quantities: tables ported from apimachinery pkg/api/resource quantity_test.go and
// amount_test.go (v1.28), plus fast-check properties against an exact BigInt model.
// marks a known deviation from upstream (each one says exactly what differs).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { QuantityError, formatBytes, formatMilli, isQuantity, milliValue, parseQuantityParts, scaledValue, value } from './quantity.js';

const NANO = 9; // scaledValue's exponent for Scale Nano (-9): value × 10^9
const MICRO = 6;
const MILLI = 3;

/** ceil(mant × 10^(exp + scaleExp)) for mant ≥ 0, exactly, as a number. */
function ceilScaled(mant: bigint, exp: number, scaleExp: number): number {
  const e = exp + scaleExp;
  if (e >= 0) return Number(mant * 10n ** BigInt(e));
  const d = 10n ** BigInt(-e);
  return Number((mant + d - 1n) / d);
}

// TestQuantityParse: [input, decQuantity mantissa, exponent, exact at nano (no parse rounding)].
// The expected amount is upstream's *after* ParseQuantity rounded it up to nano precision.
const K = 1024n;
const parseTable: [string, bigint, number, boolean][] = [
  ['0', 0n, 0, true], ['0n', 0n, 0, true], ['0u', 0n, 0, true], ['0m', 0n, 0, true], ['0Ki', 0n, 0, true], ['0k', 0n, 0, true],
  ['0Mi', 0n, 0, true], ['0M', 0n, 0, true], ['0Gi', 0n, 0, true], ['0G', 0n, 0, true], ['0Ti', 0n, 0, true], ['0T', 0n, 0, true],
  // Quantity less numbers are allowed
  ['1', 1n, 0, true],
  // Binary suffixes
  ['1Ki', K, 0, true], ['8Ki', 8n * K, 0, true], ['7Mi', 7n * K ** 2n, 0, true], ['6Gi', 6n * K ** 3n, 0, true],
  ['5Ti', 5n * K ** 4n, 0, true], ['4Pi', 4n * K ** 5n, 0, true], ['3Ei', 3n * K ** 6n, 0, true],
  ['10Ti', 10n * K ** 4n, 0, true], ['100Ti', 100n * K ** 4n, 0, true],
  // Decimal suffixes
  ['5n', 5n, -9, true], ['4u', 4n, -6, true], ['3m', 3n, -3, true], ['9', 9n, 0, true], ['8k', 8n, 3, true], ['50k', 5n, 4, true],
  ['7M', 7n, 6, true], ['6G', 6n, 9, true], ['5T', 5n, 12, true], ['40T', 4n, 13, true], ['300T', 3n, 14, true], ['2P', 2n, 15, true], ['1E', 1n, 18, true],
  // Decimal exponents
  ['1E-3', 1n, -3, true], ['1e3', 1n, 3, true], ['1E6', 1n, 6, true], ['1e9', 1n, 9, true], ['1E12', 1n, 12, true], ['1e15', 1n, 15, true], ['1E18', 1n, 18, true],
  // Nonstandard but still parsable
  ['1e14', 1n, 14, true], ['1e13', 1n, 13, true], ['100.035k', 100035n, 0, true],
  // Things that look like floating point
  ['0.001', 1n, -3, true], ['0.0005k', 5n, -1, true], ['0.005', 5n, -3, true], ['0.05', 5n, -2, true], ['0.5', 5n, -1, true],
  ['0.00050k', 5n, -1, true], ['0.00500', 5n, -3, true], ['0.05000', 5n, -2, true], ['0.50000', 5n, -1, true],
  ['0.5e0', 5n, -1, true], ['0.5e-1', 5n, -2, true], ['0.5e-2', 5n, -3, true], ['10.035M', 10035n, 3, true],
  ['1.2e3', 12n, 2, true], ['1.3E+6', 13n, 5, true], ['1.40e9', 14n, 8, true], ['1.53E12', 153n, 10, true], ['1.6e15', 16n, 14, true], ['1.7E18', 17n, 17, true],
  ['9.01', 901n, -2, true], ['8.1k', 81n, 2, true], ['7.123456M', 7123456n, 0, true], ['6.987654321G', 6987654321n, 0, true],
  ['5.444T', 5444n, 9, true], ['40.1T', 401n, 11, true], ['300.2T', 3002n, 11, true], ['2.5P', 25n, 14, true], ['1.01E', 101n, 16, true],
  // Things that saturate/round (up, to nano)
  ['3.001n', 4n, -9, false], ['1.1E-9', 2n, -9, false], ['0.0000000001', 1n, -9, false], ['0.0000000005', 1n, -9, false],
  ['0.00000000050', 1n, -9, false], ['0.5e-9', 1n, -9, false], ['0.9n', 1n, -9, false], ['0.00000012345', 124n, -9, false],
  ['0.00000012354', 124n, -9, false], ['12E', 12n, 18, true],
  // We'll accept fractional binary stuff, too.
  ['100.035Ki', 10243584n, -2, true], ['0.5Mi', 524288n, 0, true], ['0.05Gi', 536870912n, -1, true], ['0.025Ti', 274877906944n, -1, true],
  // Things written by trolls
  ['0.000000000001Ki', 2n, -9, false], ['.001', 1n, -3, true], ['.0001k', 100n, -3, true], ['1.', 1n, 0, true], ['1.G', 1n, 9, true],
];

describe('ParseQuantity (TestQuantityParse)', () => {
  it('expected empty string to return error', () => {
    expect(isQuantity('')).toBe(false);
    expect(() => milliValue('')).toThrow(QuantityError);
  });

  it.each(parseTable)('%s = decQuantity(%s, %s): ScaledValue(Nano), MilliValue, Value round up', (input, mant, exp) => {
    expect(isQuantity(input)).toBe(true);
    expect(scaledValue(input, NANO)).toBe(ceilScaled(mant, exp, NANO));
    expect(milliValue(input)).toBe(ceilScaled(mant, exp, MILLI));
    expect(value(input)).toBe(ceilScaled(mant, exp, 0));
  });

  it.each(parseTable)('"+%s" (explicit plus) is the same quantity', (input, mant, exp) => {
    expect(scaledValue(`+${input}`, NANO)).toBe(ceilScaled(mant, exp, NANO));
  });

  it.each(parseTable.filter((r) => r[3]))('"-%s" (the negative version) is the negated quantity', (input, mant, exp) => {
    expect(scaledValue(`-${input}`, NANO)).toBe(-ceilScaled(mant, exp, NANO) || 0);
  });

  it.each(parseTable.filter((r) => !r[3]))('"-%s": the negative version rounds away from zero at nano', (input, mant, exp) => {
    // ParseQuantity rounds the magnitude up (inf.RoundUp after Neg), so "-3.001n" is -4n; kreplay
    // truncates negatives toward zero (quantity.ts:65 adds 1 only when !p.negative): -3n.
    expect(scaledValue(`-${input}`, NANO)).toBe(-ceilScaled(mant, exp, NANO));
  });

  it.each([
    '1.1.M', '1+1.0M', '0.1mi', '0.1am', 'aoeu', '.5i', '1i', '-3.01i', '-3.01e-', 'K', '1K', '1KiB', '1e', '--1', '1e1.5',
  ])('invalid %j', (input) => {
    expect(isQuantity(input)).toBe(false);
    expect(parseQuantityParts(input)).toBeUndefined();
    expect(() => value(input)).toThrow(QuantityError);
  });

  it('the error is ErrFormatWrong', () => {
    expect(() => milliValue('aoeu')).toThrow("quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
  });

  it.each([' 1', '1 '])('invalid %j: leading/trailing whitespace is forbidden', (input) => {
    // ParseQuantity rejects whitespace (only Quantity.UnmarshalJSON trims, TestJSONWhitespace);
    // parseQuantityParts trims first (quantity.ts:20), so isQuantity(" 1") is true.
    expect(isQuantity(input)).toBe(false);
  });

  it('9Ei and 9223372036854775807Ki are capped at maxAllowed (2^63-1)', () => {
    // ParseQuantity caps the amount at maxAllowed = math.MaxInt64 ("The max is just a simple cap");
    // kreplay returns the uncapped 9·2^60 = 10376293541461622784.
    expect(value('9Ei')).toBe(Number(2n ** 63n - 1n));
    expect(value('9223372036854775807Ki')).toBe(Number(2n ** 63n - 1n));
  });

  it('TestQuantityParseZero: "0" is zero', () => {
    expect(value('0')).toBe(0);
    expect(milliValue('0')).toBe(0);
  });

  it('TestQuantityParseNonNumericPanic: "Non-Numeric" does not parse', () => {
    expect(() => value('Non-Numeric')).toThrow(QuantityError);
  });

  it('numbers are quantities too (JSON numbers decode through the same parser)', () => {
    expect(isQuantity(2)).toBe(true);
    expect(isQuantity(Number.NaN)).toBe(false);
    expect(isQuantity(Number.POSITIVE_INFINITY)).toBe(false);
    expect(milliValue(0.5)).toBe(500);
    expect(value(2)).toBe(2);
    expect(milliValue(1e-7)).toBe(1); // String(1e-7) === "1e-7"
    expect(value(1e21)).toBe(1e21); // String(1e21) === "1e+21"
  });
});

describe('parseQuantityString (TestParseQuantityString)', () => {
  it.each<[string, boolean, string, string]>([
    ['0.025Ti', false, '0.025', 'Ti'],
    ['1.025Ti', false, '1.025', 'Ti'],
    ['-1.025Ti', true, '1.025', 'Ti'],
    ['1E-3', false, '1', 'E-3'],
  ])('%s → negative=%s, number %s, suffix %s', (input, negative, mantissa, suffix) => {
    expect(parseQuantityParts(input)).toEqual({ negative, mantissa, suffix });
  });

  it.each(['.', '-.'])('%j parses (as zero)', (input) => {
    // parseQuantityString accepts "." and "-." (num "0", no denominator) and ParseQuantity returns 0;
    // kreplay's regex needs at least one digit (quantity.ts:10).
    expect(value(input)).toBe(0);
  });
});

describe('MilliValue / Value / ScaledValue', () => {
  it('"1G" is 10^9, "1Gi" is 2^30 (and so on for every suffix)', () => {
    expect(value('1G')).toBe(1_000_000_000);
    expect(value('1Gi')).toBe(1_073_741_824);
    expect(value('1M')).toBe(1_000_000);
    expect(value('1Mi')).toBe(1_048_576);
    expect(value('1k')).toBe(1000);
    expect(value('1Ki')).toBe(1024);
    expect(value('1T')).toBe(1e12);
    expect(value('1Ti')).toBe(2 ** 40);
  });

  it('CPU in millicores', () => {
    expect(milliValue('500m')).toBe(500);
    expect(milliValue('2')).toBe(2000);
    expect(milliValue('0.1')).toBe(100);
    expect(milliValue('100m')).toBe(100);
    expect(milliValue('1.5')).toBe(1500);
    expect(milliValue('250000u')).toBe(250);
  });

  it('MilliValue and Value round up (TestExtractResourceValue: requests.cpu "100m" → "1")', () => {
    expect(value('100m')).toBe(1);
    expect(value('1200m')).toBe(2);
    expect(milliValue('0.0001')).toBe(1);
    expect(milliValue('1500001n')).toBe(2);
    expect(value('1.0000000001')).toBe(2);
  });

  it.each<[string, number, number]>([
    ['1n', NANO, 1], ['1n', MICRO, 1], ['1n', MILLI, 1], ['1n', 0, 1],
    ['1u', NANO, 1000], ['1u', MICRO, 1], ['1u', MILLI, 1], ['1u', 0, 1],
    ['1m', NANO, 1000 * 1000], ['1m', MICRO, 1000], ['1m', MILLI, 1], ['1m', 0, 1],
    ['1', NANO, 1000 * 1000 * 1000], ['1', MICRO, 1000 * 1000], ['1', MILLI, 1000], ['1', 0, 1],
    ['1e2', 2, 100 * 100],
  ])('TestScaledValue: NewScaledQuantity(1, …) = %s at 10^-%s → %s', (q, scaleExp, want) => {
    expect(scaledValue(q, scaleExp)).toBe(want);
  });

  it.each<[number, number, string]>([
    [1, NANO, '1n'], [1000, NANO, '1u'], [1, MICRO, '1u'], [1000, MICRO, '1m'], [1, MILLI, '1m'], [1000, MILLI, '1'],
    [1, 0, '1'], [0, NANO, '0'], [0, MICRO, '0'], [0, MILLI, '0'], [0, 0, '0'],
  ])('TestNewScaledSet: NewScaledQuantity(%s, 10^-%s) prints %j, whose ScaledValue reads it back', (v, scaleExp, printed) => {
    expect(scaledValue(printed, scaleExp)).toBe(v);
  });

  it.each<[string, number, number]>([
    // "test when i.scale < scaled": 100 at 10^5 units rounds up to 1
    ['100', -5, 1],
    // "test when i.scale = scaled"
    ['100e1', -1, 100],
    // "test when i.scale > scaled and result doesn't overflow"
    ['100e5', -2, 100000],
    // "test when i.scale < 0 and fraction exists"
    ['93e-1', 0, 10],
    // "test when i.scale < 0 and fraction doesn't exist"
    ['100e-1', 0, 10],
    // "test when i.value < 0 and fraction doesn't exists"
    ['-1900e2', -4, -19],
  ])('TestInt64AmountAsScaledInt64: %s at 10^%s → %s', (q, scaleExp, want) => {
    expect(scaledValue(q, scaleExp)).toBe(want);
  });

  it('TestInt64AmountAsScaledInt64 "test when i.value < 0 and fraction exists": -1932e2 at 10^4 → -20', () => {
    // negativeScaleInt64 rounds an inexact result away from zero; kreplay truncates toward zero
    // for negatives (quantity.ts:65): -19.
    expect(scaledValue('-1932e2', -4)).toBe(-20);
  });

  // TestNegativeValueRoundsAwayFromZero (added upstream after v1.28; these are its int64
  // fast-path rows, which v1.28's negativeScaleInt64 already rounds away from zero).
  it.each<[string, number, number]>([
    ['.484785E-1', 1, 49], ['0.0005', 1, 1], ['1500m', 2, 1500],
    ['9.5000000001Gi', 10200547329, 10200547328108],
    ['-1', -1, -1000], ['1', 1, 1000], ['0', 0, 0],
  ])('TestNegativeValueRoundsAwayFromZero %s → Value %s, MilliValue %s', (q, v, m) => {
    expect(value(q)).toBe(v);
    expect(milliValue(q)).toBe(m);
  });

  it.each<[string, number, number]>([
    ['-.484785E-1', -1, -49], ['-0.0005', -1, -1], ['-1500m', -2, -1500],
  ])('TestNegativeValueRoundsAwayFromZero %s → Value %s, MilliValue %s (away from zero)', (q, v, m) => {
    // kreplay truncates negatives toward zero: Value("-1500m") is -1, MilliValue("-.484785E-1") is -48.
    expect(value(q)).toBe(v);
    expect(milliValue(q)).toBe(m);
  });

  it('TestQuantityCmp through MilliValue/Value', () => {
    expect(milliValue('0')).toBe(milliValue('0'));
    expect(milliValue('100m')).toBeGreaterThan(milliValue('50m'));
    expect(milliValue('50m')).toBeLessThan(milliValue('100m'));
    expect(value('10000T')).toBeGreaterThan(value('100Gi'));
  });

  it('memoisation does not mix scales or inputs', () => {
    expect(scaledValue('1', 0)).toBe(1);
    expect(scaledValue('1', 3)).toBe(1000);
    expect(scaledValue(1, 3)).toBe(1000);
    expect(scaledValue('1', 0)).toBe(1);
  });
});

describe('printer rendering (TestQuantityString, TestMilliNewSet, TestNewSet, TestQuantityParseEmit)', () => {
  it.each<[number, string]>([
    [1024 ** 3, '1Gi'], [300 * 1024 ** 2, '300Mi'], [6 * 1024, '6Ki'], [1001 * 1024 ** 3, '1001Gi'], [1024 ** 4, '1Ti'],
    [5, '5'], [1025, '1025'], [0, '0'], [1024, '1Ki'], [1024 * 1024, '1Mi'], [1, '1'],
  ])('formatBytes(%s) = %j', (bytes, want) => {
    expect(formatBytes(bytes)).toBe(want);
  });

  it.each<[string, string]>([['1Ki', '1Ki'], ['1Mi', '1Mi'], ['1Gi', '1Gi'], ['1024Mi', '1Gi']])('TestQuantityParseEmit %s → %s', (q, want) => {
    expect(formatBytes(value(q))).toBe(want);
  });

  it.each<[number, string]>([
    [1, '1m'], [1000, '1'], [1_234_000, '1234'], [80, '80m'], [1080, '1080m'], [0, '0'], [5000, '5'], [500, '500m'],
  ])('formatMilli(%s) = %j', (milli, want) => {
    expect(formatMilli(milli)).toBe(want);
  });

  it.each<[number, string]>([[3_000_000, '3k'], [1e12, '1G'], [300e9, '300M']])('formatMilli(%s) = %j (DecimalSI suffixes above 1)', (milli, want) => {
    // Quantity.String() of decQuantity(3, 3, DecimalSI) is "3k"; formatMilli (quantity.ts:88)
    // prints plain cores ("3000"). Only reachable with ≥ 1000-core quantities.
    expect(formatMilli(milli)).toBe(want);
  });
});

// ------------------------------------------------------------------ properties

const SUFFIXES: [string, bigint, bigint][] = [
  // suffix, multiplier numerator, multiplier denominator
  ['', 1n, 1n], ['n', 1n, 10n ** 9n], ['u', 1n, 10n ** 6n], ['m', 1n, 1000n], ['k', 1000n, 1n], ['M', 10n ** 6n, 1n],
  ['G', 10n ** 9n, 1n], ['T', 10n ** 12n, 1n], ['Ki', K, 1n], ['Mi', K ** 2n, 1n], ['Gi', K ** 3n, 1n], ['Ti', K ** 4n, 1n],
  ['e3', 1000n, 1n], ['E-2', 1n, 100n], ['e0', 1n, 1n], ['e-9', 1n, 10n ** 9n], ['E+6', 10n ** 6n, 1n],
];

interface Q { text: string; num: bigint; den: bigint }

/** A non-negative quantity string together with its exact value num/den, built from parts. */
const quantity: fc.Arbitrary<Q> = fc.record({
  int: fc.option(fc.stringMatching(/^[0-9]{1,7}$/), { nil: undefined }),
  frac: fc.option(fc.stringMatching(/^[0-9]{0,7}$/), { nil: undefined }),
  suffix: fc.constantFrom(...SUFFIXES),
}).filter((p) => p.int !== undefined || (p.frac !== undefined && p.frac.length > 0)).map((p) => {
  const frac = p.frac ?? '';
  const text = `${p.int ?? ''}${p.frac !== undefined ? `.${frac}` : ''}${p.suffix[0]}`;
  let num = BigInt(`${p.int ?? ''}${frac}` || '0') * p.suffix[1];
  let den = 10n ** BigInt(frac.length) * p.suffix[2];
  // ParseQuantity caps a binary-suffixed amount beyond int64 at maxAllowed (2^63-1), e.g. "9000000Ti"
  if (p.suffix[0].endsWith('i') && num > MAX_INT64 * den) [num, den] = [MAX_INT64, 1n];
  return { text, num, den };
});

const MAX_INT64 = 2n ** 63n - 1n;
const ceilDiv = (a: bigint, b: bigint): bigint => (a + b - 1n) / b;

describe('properties', () => {
  it('MilliValue = ⌈1000·q⌉ and Value = ⌈q⌉ for every non-negative quantity', () => {
    fc.assert(fc.property(quantity, (q) => {
      expect(milliValue(q.text)).toBe(Number(ceilDiv(q.num * 1000n, q.den)));
      expect(value(q.text)).toBe(Number(ceilDiv(q.num, q.den)));
      expect(scaledValue(q.text, NANO)).toBe(Number(ceilDiv(q.num * 10n ** 9n, q.den)));
    }));
  });

  it('MilliValue and Value are monotone', () => {
    fc.assert(fc.property(quantity, quantity, (a, b) => {
      const [lo, hi] = a.num * b.den <= b.num * a.den ? [a, b] : [b, a];
      expect(milliValue(lo.text)).toBeLessThanOrEqual(milliValue(hi.text));
      expect(value(lo.text)).toBeLessThanOrEqual(value(hi.text));
    }));
  });

  it('an explicit "+" changes nothing; "-" negates exact values', () => {
    fc.assert(fc.property(quantity, (q) => {
      expect(milliValue(`+${q.text}`)).toBe(milliValue(q.text));
      if ((q.num * 1000n) % q.den === 0n) expect(milliValue(`-${q.text}`)).toBe(-milliValue(q.text) || 0);
    }));
  });

  it('"<n>G" is n·10^9 and "<n>Gi" is n·2^30', () => {
    fc.assert(fc.property(fc.nat(100_000), (n) => {
      expect(value(`${n}G`)).toBe(n * 1e9);
      expect(value(`${n}Gi`)).toBe(n * 2 ** 30);
      expect(milliValue(`${n}m`)).toBe(n);
    }));
  });

  it('formatMilli and formatBytes round-trip through MilliValue and Value', () => {
    fc.assert(fc.property(fc.nat(2 ** 40), (n) => {
      expect(milliValue(formatMilli(n))).toBe(n);
      expect(value(formatBytes(n))).toBe(n);
    }));
  });
});
