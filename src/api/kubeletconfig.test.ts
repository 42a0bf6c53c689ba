// The kubelet's parsing of its eviction settings (pkg/kubelet/eviction/helpers.go
// ParseThresholdConfig, parseThresholdStatement, parseMinimumReclaims, parseGracePeriods) and the
// Go quantities under it (apimachinery resource.ParseQuantity, Quantity.String): exact messages,
// and a scenario with a bad threshold rejected by the loader with the kubelet's message.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  defaultKubeletConfig, ERR_FORMAT_WRONG, ERR_NUMERIC, ERR_SUFFIX, formatQuantity, getThresholdQuantity, newQuantity,
  parseFloat32, parseGoDuration, parseQuantity, parseThresholdConfig, validateThresholds,
} from './kubeletconfig.js';
import { loadScenario } from '../scenario/load.js';
import { InputError } from '../scenario/yaml.js';

const canonical = (s: string): string => {
  const q = parseQuantity(s);
  return 'error' in q ? `error: ${q.error}` : formatQuantity(q);
};

describe('Go quantities', () => {
  it.each([
    ['100Mi', '100Mi'], ['1024Mi', '1Gi'], ['2048Ki', '2Mi'], ['1.5Gi', '1536Mi'], ['0.5Gi', '512Mi'], ['0.5Ki', '512'],
    ['1.05Gi', '1127428915200m'], ['1536', '1536'], ['1024', '1024'], ['100M', '100M'], ['1000M', '1G'], ['1500M', '1500M'],
    ['0.1', '100m'], ['1500m', '1500m'], ['1e3', '1e3'], ['120e5', '12e6'], ['1e-10', '1e-9'], ['0', '0'], ['0Mi', '0'],
    ['-100Mi', '-100Mi'], ['-0.5Gi', '-512Mi'], ['Ki', '0'], ['+.', '0'], ['1.Gi', '1Gi'],
  ])('%s prints as %s', (input, want) => {
    expect(canonical(input)).toBe(want);
  });

  it.each([
    ['', ERR_FORMAT_WRONG], ['abc', ERR_FORMAT_WRONG], ['100Mb', ERR_FORMAT_WRONG], [' 100Mi', ERR_FORMAT_WRONG], ['100Mi ', ERR_FORMAT_WRONG],
    ['1.2.3', ERR_FORMAT_WRONG], ['100MM', ERR_SUFFIX], ['1e', ERR_SUFFIX], ['1Mi3', ERR_SUFFIX], ['1K', ERR_SUFFIX], ['e-10', ERR_NUMERIC],
  ])('%j is rejected', (input, err) => {
    expect(parseQuantity(input)).toEqual({ error: err });
  });

  it('NewQuantity(bytes, BinarySI) prints as the summary API figures do', () => {
    expect(formatQuantity(newQuantity(94371840, 'BinarySI'))).toBe('90Mi');
    expect(formatQuantity(newQuantity(1023, 'BinarySI'))).toBe('1023');
    expect(formatQuantity(newQuantity(1536 * 1024 + 1, 'BinarySI'))).toBe('1572865');
  });

  it('a percentage threshold is int64(capacity × float32 fraction)', () => {
    const cap = 107374182400; // 100Gi
    const q = getThresholdQuantity({ percentage: Math.fround(Math.fround(10) / 100) }, cap);
    expect(q).toEqual(newQuantity(Math.trunc(cap * Math.fround(0.1)), 'BinarySI'));
    expect(formatQuantity(q)).toBe('10737418400');
  });
});

describe("Go's number and duration parsers", () => {
  it('strconv.ParseFloat(s, 32)', () => {
    expect(parseFloat32('10')).toBe(10);
    expect(parseFloat32('1e2')).toBe(100);
    expect(parseFloat32('.5')).toBe(0.5);
    expect(parseFloat32('0x1p-2')).toBe(0.25);
    expect(parseFloat32('Inf')).toBe(Infinity);
    expect(parseFloat32('abc')).toEqual({ error: 'strconv.ParseFloat: parsing "abc": invalid syntax' });
    expect(parseFloat32(' 10')).toEqual({ error: 'strconv.ParseFloat: parsing " 10": invalid syntax' });
    expect(parseFloat32('1e39')).toEqual({ error: 'strconv.ParseFloat: parsing "1e39": value out of range' });
  });
  it('time.ParseDuration', () => {
    expect(parseGoDuration('1m30s')).toBe(90);
    expect(parseGoDuration('1.5h')).toBe(5400);
    expect(parseGoDuration('0')).toBe(0);
    expect(parseGoDuration('-1s')).toBe(-1);
    expect(parseGoDuration('90')).toEqual({ error: 'time: missing unit in duration "90"' });
    expect(parseGoDuration('1x')).toEqual({ error: 'time: unknown unit "x" in duration "1x"' });
    expect(parseGoDuration('')).toEqual({ error: 'time: invalid duration ""' });
    expect(parseGoDuration('.s')).toEqual({ error: 'time: invalid duration ".s"' });
  });
});

describe('validateThresholds: the kubelet refuses what ParseThresholdConfig refuses, in its words', () => {
  const one = (flag: string, signal: string, v: string) => validateThresholds(flag, { [signal]: v });
  it.each([
    ['memory.availble', '100Mi', 'unsupported eviction signal memory.availble'],
    ['memory.available', '-1Gi', 'eviction threshold memory.available must be positive: -1Gi'],
    ['memory.available', '0', 'eviction threshold memory.available must be positive: 0'],
    ['memory.available', '0Mi', 'eviction threshold memory.available must be positive: 0'],
    ['memory.available', '100Mb', ERR_FORMAT_WRONG],
    ['memory.available', '1e', ERR_SUFFIX],
    ['nodefs.available', '110%', 'eviction percentage threshold nodefs.available must be <= 100%: 110%'],
    ['nodefs.available', '-5%', 'eviction percentage threshold nodefs.available must be >= 0%: -5%'],
    ['nodefs.available', 'abc%', 'strconv.ParseFloat: parsing "abc": invalid syntax'],
  ])('evictionHard %s: %s → %s', (signal, v, msg) => {
    expect(one('evictionHard', signal, v)).toEqual([msg]);
    expect(one('evictionSoft', signal, v)).toEqual([msg]);
  });

  it('valid statements, including the ignored 0% and 100% and every v1.28 signal', () => {
    expect(validateThresholds('evictionHard', {
      'memory.available': '100Mi', 'allocatableMemory.available': '1.5Gi', 'nodefs.available': '10%', 'nodefs.inodesFree': '5%',
      'imagefs.available': '100%', 'imagefs.inodesFree': '0%', 'pid.available': '1k',
    })).toEqual([]);
  });

  it('minimum reclaims: zero allowed, not negative; a percentage must be positive', () => {
    expect(one('evictionMinimumReclaim', 'memory.available', '0')).toEqual([]);
    expect(one('evictionMinimumReclaim', 'memory.available', '-1Mi')).toEqual(['negative eviction minimum reclaim specified for memory.available']);
    expect(one('evictionMinimumReclaim', 'nodefs.available', '0%')).toEqual(['eviction percentage minimum reclaim nodefs.available must be positive: 0%']);
    expect(one('evictionMinimumReclaim', 'memory.avail', '1Mi')).toEqual(['unsupported eviction signal memory.avail']);
  });

  it('soft grace periods', () => {
    expect(one('evictionSoftGracePeriod', 'memory.available', '1m30s')).toEqual([]);
    expect(one('evictionSoftGracePeriod', 'memory.available', '-1s')).toEqual(['invalid eviction grace period specified: -1s, must be a positive value']);
    expect(one('evictionSoftGracePeriod', 'memory.available', '90')).toEqual(['time: missing unit in duration "90"']);
  });

  it('several bad entries: the first in key order', () => {
    expect(validateThresholds('evictionHard', { 'nodefs.available': '200%', 'memory.available': 'x' })[0]).toBe(ERR_FORMAT_WRONG);
  });
});

describe('parseThresholdConfig', () => {
  it('the v1.28 defaults: four hard thresholds', () => {
    const t = parseThresholdConfig(defaultKubeletConfig());
    expect('error' in t ? t : t.map((x) => [x.signal, x.gracePeriodSeconds])).toEqual([
      ['imagefs.available', 0], ['memory.available', 0], ['nodefs.available', 0], ['nodefs.inodesFree', 0],
    ]);
  });
  it('soft thresholds take their grace period; minimum reclaims attach to every threshold of the signal', () => {
    const cfg = { ...defaultKubeletConfig(), evictionSoft: { 'memory.available': '1Gi' }, evictionSoftGracePeriodSeconds: { 'memory.available': 90 }, evictionMinimumReclaim: { 'memory.available': '500Mi' } };
    const t = parseThresholdConfig(cfg);
    if ('error' in t) throw new Error(t.error);
    const m = t.filter((x) => x.signal === 'memory.available');
    expect(m.map((x) => [x.gracePeriodSeconds, formatQuantity(x.minReclaim!.quantity!)])).toEqual([[0, '500Mi'], [90, '500Mi']]);
  });
  it('a soft threshold without a grace period is refused', () => {
    expect(parseThresholdConfig({ ...defaultKubeletConfig(), evictionSoft: { 'memory.available': '1Gi' } }))
      .toEqual({ error: 'grace period must be specified for the soft eviction threshold memory.available' });
  });
  it('"0%" and "100%" set no threshold', () => {
    const t = parseThresholdConfig({ ...defaultKubeletConfig(), evictionHard: { 'memory.available': '0%', 'nodefs.available': '100%' } });
    expect(t).toEqual([]);
  });
});

describe('the scenario loader (an eviction threshold that does not parse: exit 2, the kubelet\'s message)', () => {
  const dirs: string[] = [];
  afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });
  function reject(kubelet: string): string {
    const d = mkdtempSync(join(tmpdir(), 'kreplay-kubelet-'));
    dirs.push(d);
    const file = join(d, 's.yaml');
    writeFileSync(file, `name: t\nduration: 1m\ncluster:\n  kubelet:\n${kubelet}\n  nodes:\n    - name: node-a\n`);
    try {
      loadScenario(file);
    } catch (err) {
      if (err instanceof InputError) return err.message;
      throw err;
    }
    throw new Error('expected the scenario to be rejected');
  }
  it('a negative hard threshold', () => {
    expect(reject('    evictionHard: {memory.available: "-100Mi"}')).toContain('eviction threshold memory.available must be positive: -100Mi');
  });
  it('an unknown signal', () => {
    expect(reject('    evictionSoft: {memory.free: 1Gi}\n    evictionSoftGracePeriod: {memory.free: 1m}')).toContain('unsupported eviction signal memory.free');
  });
  it('a percentage above 100', () => {
    expect(reject('    evictionHard: {nodefs.available: "120%"}')).toContain('eviction percentage threshold nodefs.available must be <= 100%: 120%');
  });
});
