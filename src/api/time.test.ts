import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Clock, formatDuration, formatRfc3339, humanDuration, parseDurationSeconds, parseRfc3339 } from './time.js';

describe('RFC 3339 without Date', () => {
  it('formats and parses known instants', () => {
    expect(formatRfc3339(0)).toBe('1970-01-01T00:00:00Z');
    expect(formatRfc3339(1704067200)).toBe('2024-01-01T00:00:00Z');
    expect(formatRfc3339(951782400)).toBe('2000-02-29T00:00:00Z');
    expect(parseRfc3339('2024-01-01T00:01:30Z')).toBe(1704067290);
    expect(parseRfc3339('2024-01-01T01:00:00+01:00')).toBe(1704067200);
    expect(parseRfc3339('nope')).toBeNaN();
  });
  it('round-trips any second of four centuries', () => {
    fc.assert(fc.property(fc.integer({ min: -2_000_000_000, max: 10_000_000_000 }), (s) => parseRfc3339(formatRfc3339(s)) === s));
  });
  it('maps ticks to timestamps', () => {
    const c = new Clock('2024-01-01T00:00:00Z');
    expect(c.at(90)).toBe('2024-01-01T00:01:30Z');
    expect(c.tickOf('2024-01-01T00:01:30Z')).toBe(90);
  });
});

describe('durations', () => {
  it('parses Go-style durations and bare seconds', () => {
    expect(parseDurationSeconds('90s')).toBe(90);
    expect(parseDurationSeconds('1h30m')).toBe(5400);
    expect(parseDurationSeconds(45)).toBe(45);
    expect(parseDurationSeconds('45')).toBe(45);
    expect(parseDurationSeconds('1.5s')).toBe(1.5);
    expect(parseDurationSeconds('5 minutes')).toBeNaN();
    expect(parseDurationSeconds('')).toBeNaN();
  });
  // k8s.io/apimachinery/pkg/util/duration TestHumanDuration
  it.each([
    [0, '0s'], [-1, '0s'], [-2, '<invalid>'], [119, '119s'], [120, '2m'], [121, '2m1s'], [599, '9m59s'],
    [600, '10m'], [10799, '179m'], [10800, '3h'], [10860, '3h1m'], [28799, '7h59m'], [28800, '8h'],
    [172799, '47h'], [172800, '2d'], [176400, '2d1h'], [691199, '7d23h'], [691200, '8d'],
    [63071999, '729d'], [63072000, '2y'], [252287999, '7y364d'], [252288000, '8y'],
  ])('humanDuration(%i) = %s', (s, want) => expect(humanDuration(s)).toBe(want));
  it('formats like Go Duration.String', () => {
    expect(formatDuration(10)).toBe('10s');
    expect(formatDuration(300)).toBe('5m0s');
    expect(formatDuration(3700)).toBe('1h1m40s');
  });
});
