import { describe, expect, test } from 'vitest';
import { Clock } from '../../api/time.js';
import { addQuantity, canonicalQuantity, formatQuantity, milliOf, parseQuantity, rfc1123z, since, valueOf } from './units.js';

describe('Quantity.String() canonical form', () => {
  test.each([
    ['0.5', '500m'], ['500m', '500m'], ['1000m', '1'], ['1500m', '1500m'], ['2', '2'], ['2000', '2k'], ['1500', '1500'],
    ['0.1', '100m'], ['1e3', '1e3'], ['1.5e3', '1500'], ['1024Mi', '1Gi'], ['1536Mi', '1536Mi'], ['1.5Gi', '1536Mi'],
    ['128974848', '128974848'], ['129e6', '129e6'], ['8137900Ki', '8137900Ki'], ['512', '512'], ['0.5Ki', '512'],
    ['1000Ki', '1000Ki'], ['1M', '1M'], ['0', '0'], ['0Mi', '0'], ['100Mi', '100Mi'], ['1.1', '1100m'], ['0.0000000001', '1n'],
  ])('%s → %s', (input, want) => {
    expect(canonicalQuantity(input)).toBe(want);
  });

  test('sums keep the first format; values round up like MilliValue/Value', () => {
    const a = parseQuantity('128Mi')!;
    const b = parseQuantity('64Mi')!;
    expect(formatQuantity(addQuantity(a, b))).toBe('192Mi');
    expect(formatQuantity(addQuantity(parseQuantity('100m')!, parseQuantity('1')!))).toBe('1100m');
    expect(milliOf(parseQuantity('0.0001')!)).toBe(1);
    expect(valueOf(parseQuantity('1500m')!)).toBe(2);
  });

  test('a malformed quantity is printed as written', () => {
    expect(canonicalQuantity('lots')).toBe('lots');
  });
});

describe('time rendering', () => {
  const clock = new Clock('2024-01-01T00:00:00Z');
  test('RFC1123Z in UTC, with the weekday', () => {
    expect(rfc1123z('2024-01-01T00:00:05Z')).toBe('Mon, 01 Jan 2024 00:00:05 +0000');
    expect(rfc1123z('2024-03-09T23:59:59Z')).toBe('Sat, 09 Mar 2024 23:59:59 +0000');
    expect(rfc1123z(undefined)).toBe('Mon, 01 Jan 0001 00:00:00 +0000');
  });
  test('translateTimestampSince', () => {
    expect(since(clock.at(10), 300, clock)).toBe('4m50s');
    expect(since(clock.at(0), 3600 * 5 + 60, clock)).toBe('5h1m');
    expect(since(undefined, 300, clock)).toBe('<unknown>');
    expect(since(clock.at(325), 300, clock)).toBe('<invalid>');
  });
});
