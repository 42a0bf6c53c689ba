import { describe, expect, it } from 'vitest';
import { parseFlags, parseGoDuration, parseResourceArgs, tokenize, UsageError, type FlagSpec } from './parse.js';

describe('tokenize', () => {
  it.each([
    ['get pods', ['get', 'pods']],
    [`patch deploy web -p '{"spec":{"replicas":3}}'`, ['patch', 'deploy', 'web', '-p', '{"spec":{"replicas":3}}']],
    [`annotate deploy/web kubernetes.io/change-cause="image updated to v2"`, ['annotate', 'deploy/web', 'kubernetes.io/change-cause=image updated to v2']],
    [`label pod x a="b\\"c"  d=e`, ['label', 'pod', 'x', 'a=b"c', 'd=e']],
    [`get pods -l 'version in (1.0.0,1.0.2)'`, ['get', 'pods', '-l', 'version in (1.0.0,1.0.2)']],
    ['a\\ b c', ['a b', 'c']],
    [`x ''`, ['x', '']],
  ])('%s', (line, want) => {
    expect(tokenize(line)).toEqual(want);
  });

  it('rejects an unterminated quote', () => {
    expect(() => tokenize(`patch -p '{"a":1}`)).toThrow(UsageError);
  });
});

describe('parseFlags (pflag forms)', () => {
  const specs: FlagSpec[] = [
    { name: 'replicas', kind: 'int' }, { name: 'force', kind: 'bool' }, { name: 'all-namespaces', short: 'A', kind: 'bool' },
    { name: 'filename', short: 'f', kind: 'strings' }, { name: 'timeout', kind: 'duration' }, { name: 'output', short: 'o', kind: 'string' },
  ];
  it('takes --x=y, --x y, -n ns, -nns, -o=yaml, bool clusters and interspersed args', () => {
    const p = parseFlags(['scale', '--replicas=3', 'deploy/web', '-nprod', '-Af', 'a.yaml,b.yaml', '-f', 'c.yaml', '--timeout', '90s', '-o=yaml', '--force'], specs, 'kubectl x');
    expect(p.args).toEqual(['scale', 'deploy/web']);
    expect(p.values.get('replicas')).toBe(3);
    expect(p.values.get('namespace')).toBe('prod');
    expect(p.values.get('all-namespaces')).toBe(true);
    expect(p.values.get('filename')).toEqual(['a.yaml', 'b.yaml', 'c.yaml']);
    expect(p.values.get('timeout')).toBe(90);
    expect(p.values.get('output')).toBe('yaml');
    expect(p.values.get('force')).toBe(true);
    expect(p.given[0]).toEqual(['replicas', '3']);
  });

  it('--force=false and -- end the flags', () => {
    const p = parseFlags(['--force=false', '--', '--replicas=1'], specs, 'kubectl x');
    expect(p.values.get('force')).toBe(false);
    expect(p.args).toEqual(['--replicas=1']);
  });

  it.each([
    [['--foo'], "unknown flag: --foo\nSee 'kubectl scale --help' for usage."],
    [['-x'], "unknown shorthand flag: 'x' in -x\nSee 'kubectl scale --help' for usage."],
    [['--replicas'], "flag needs an argument: --replicas\nSee 'kubectl scale --help' for usage."],
    [['-n'], "flag needs an argument: 'n' in -n\nSee 'kubectl scale --help' for usage."],
    [['--replicas=x'], 'invalid argument "x" for "--replicas" flag: strconv.ParseInt: parsing "x": invalid syntax\nSee \'kubectl scale --help\' for usage.'],
    [['--timeout=30'], 'invalid argument "30" for "--timeout" flag: time: missing unit in duration "30"\nSee \'kubectl scale --help\' for usage.'],
    [['--force=maybe'], 'invalid argument "maybe" for "--force" flag: strconv.ParseBool: parsing "maybe": invalid syntax\nSee \'kubectl scale --help\' for usage.'],
  ])('%j → cobra/kubectl error', (argv, msg) => {
    expect(() => parseFlags(argv, specs, 'kubectl scale')).toThrow(msg);
  });

  it('durations as Go parses them', () => {
    expect(parseGoDuration('1h30m')).toBe(5400);
    expect(parseGoDuration('1.5s')).toBe(1.5);
    expect(parseGoDuration('0')).toBe(0);
    expect(() => parseGoDuration('5x')).toThrow('time: invalid duration "5x"');
  });
});

describe('parseResourceArgs (builder ResourceTypeOrNameArgs)', () => {
  it('TYPE NAME…, TYPE/NAME…, TYPE1,TYPE2 and short names', () => {
    expect(parseResourceArgs(['deploy', 'a', 'b']).map((r) => [r.info.kind, r.names])).toEqual([['Deployment', ['a', 'b']]]);
    expect(parseResourceArgs(['deployment.apps/web', 'po/x', 'pod/y']).map((r) => [r.info.kind, r.names])).toEqual([['Deployment', ['web']], ['Pod', ['x', 'y']]]);
    expect(parseResourceArgs(['po,rs']).map((r) => [r.info.kind, r.names])).toEqual([['Pod', []], ['ReplicaSet', []]]);
    expect(parseResourceArgs(['all'], { allowAll: true }).map((r) => r.info.kind)).toEqual(['Pod', 'Deployment', 'ReplicaSet', 'StatefulSet', 'HorizontalPodAutoscaler']);
  });

  it('errors as kubectl words them', () => {
    expect(() => parseResourceArgs(['foos'])).toThrow(`the server doesn't have a resource type "foos"`);
    expect(() => parseResourceArgs(['deploy', 'deploy/web'])).toThrow(/there is no need to specify a resource type as a separate argument/);
  });
});
