// Tests for label selectors: tables ported from apimachinery pkg/labels/selector_test.go and
// pkg/apis/meta/v1/helpers_test.go (v1.28), plus fast-check properties.
// deviation from upstream (each one says exactly what differs).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  EVERYTHING, NOTHING, SelectorError, compiled, formatLabelSelector, formatLabels, formatSelector, fromLabelSelector,
  isEmptySelector, matches, nodeRequirementMatches, parseSelector, selectorMatches,
  type Labels, type Operator, type Requirement, type Selector,
} from './labels.js';
import type { LabelSelector, LabelSelectorRequirement, NodeSelectorRequirement } from './types.js';

/** Selector.String() of a parsed selector. */
const restring = (s: string): string => formatSelector(parseSelector(s));
const req = (key: string, op: Operator, values: string[] = []): Requirement => ({ key, op, values });
const sel = (...requirements: Requirement[]): Selector => ({ requirements });

describe('labels.Parse (selector_test.go)', () => {
  it.each([
    'x=a,y=b,z=c', '', 'x!=a,y=b', 'x=', 'x= ', 'x=,z= ', 'x= ,z= ', '!x', 'x>1', 'x>1,z<5',
  ])('TestSelectorParse good string %j re-strings to itself without spaces', (s) => {
    expect(restring(s)).toBe(s.replace(/ /g, ''));
  });

  it.each(['x=a||y=b', 'x==a==b', '!x=a', 'x<a'])('TestSelectorParse bad string %j is an error', (s) => {
    expect(() => parseSelector(s)).toThrow(SelectorError);
  });

  it('TestDeterministicParse: "x=a,a=x" and "a=x,x=a" render the same', () => {
    expect(restring('x=a,a=x')).toBe(restring('a=x,x=a'));
    expect(restring('x=a,a=x')).toBe('a=x,x=a');
  });

  // [input, String() of the upstream result]; null = Parse returns an error.
  const setSelectorParserTests: [string, string | null][] = [
    ['', ''],
    ['\rx', 'x'],
    ['this-is-a-dns.domain.com/key-with-dash', 'this-is-a-dns.domain.com/key-with-dash'],
    ['this-is-another-dns.domain.com/key-with-dash in (so,what)', 'this-is-another-dns.domain.com/key-with-dash in (so,what)'],
    ['0.1.2.domain/99 notin (10.10.100.1, tick.tack.clock)', '0.1.2.domain/99 notin (10.10.100.1,tick.tack.clock)'],
    ['foo  in\t (abc)', 'foo in (abc)'],
    ['x notin\n (abc)', 'x notin (abc)'],
    ['x  notin\t\t\t(abc,def)', 'x notin (abc,def)'],
    ['x in (abc,def)', 'x in (abc,def)'],
    ['x in (abc,)', 'x in (,abc)'],
    ['x in ()', 'x in ()'],
    ['x notin (abc,,def),bar,z in (),w', 'bar,w,x notin (,abc,def),z in ()'],
    ['x,y in (a)', 'x,y in (a)'],
    ['x=a', 'x=a'],
    ['x>1', 'x>1'],
    ['x<7', 'x<7'],
    ['x=a,y!=b', 'x=a,y!=b'],
    ['x=a,y!=b,z in (h,i,j)', 'x=a,y!=b,z in (h,i,j)'],
    ['x=a||y=b', null],
    ['x,,y', null],
    [',x,y', null],
    ['x nott in (y)', null],
    ['x notin ( )', 'x notin ()'],
    ['x notin (, a)', 'x notin (,a)'],
    ['a in (xyz),', null],
    ['a in (xyz)b notin ()', null],
    ['a ', 'a'],
    ['a in (x,y,notin, z,in)', 'a in (in,notin,x,y,z)'],
    ['a in (xyz abc)', null],
    ['a notin(', null],
    ['a (', null],
    ['(', null],
  ];
  it.each(setSelectorParserTests)('TestSetSelectorParser %j', (input, want) => {
    if (want === null) expect(() => parseSelector(input)).toThrow(SelectorError);
    else expect(restring(input)).toBe(want);
  });

  const expectedParse = [req('bar', 'exists'), req('w', 'exists'), req('x', 'notin', ['', 'abc', 'def']), req('z', 'in', [''])];

  it('TestSetSelectorParser: the parsed requirements (any order), each with sorted values', () => {
    const got = parseSelector('x notin (abc,,def),bar,z in (),w').requirements!;
    expect([...got].sort((a, b) => (a.key < b.key ? -1 : 1))).toEqual(expectedParse);
  });

  it('TestSetSelectorParser: parse() sorts requirements by key (sort.Sort(ByKey(items)))', () => {
    // kreplay keeps input order (labels.ts:175 returns reqs unsorted); only formatSelector sorts.
    // Invisible through matches() and formatSelector(); visible to code iterating .requirements.
    expect(parseSelector('x notin (abc,,def),bar,z in (),w')).toEqual(sel(...expectedParse));
  });

  // Derived from Parser.parseValues: values are collected in a sets.String, so duplicates collapse.
  it('parseValues collects a set: "x in (a,a)" is "x in (a)" and "x in (,)" is "x in ()"', () => {
    // kreplay keeps duplicates: "x in (a,a)" and "x in (,)" (labels.ts:156 pushes every value).
    expect(restring('x in (a,a)')).toBe('x in (a)');
    expect(restring('x in (,)')).toBe('x in ()');
  });
});

describe('Selector.Matches (selector_test.go)', () => {
  const expectMatch = (s: string, ls: Labels): void => expect(matches(parseSelector(s), ls), `${s} should match ${JSON.stringify(ls)}`).toBe(true);
  const expectNoMatch = (s: string, ls: Labels): void => expect(matches(parseSelector(s), ls), `${s} should not match ${JSON.stringify(ls)}`).toBe(false);

  it('TestSelectorMatches', () => {
    expectMatch('', { x: 'y' });
    expectMatch('x=y', { x: 'y' });
    expectMatch('x=y,z=w', { x: 'y', z: 'w' });
    expectMatch('x!=y,z!=w', { x: 'z', z: 'a' });
    expectMatch('notin=in', { notin: 'in' }); // in and notin in exactMatch
    expectMatch('x', { x: 'z' });
    expectMatch('!x', { y: 'z' });
    expectMatch('x>1', { x: '2' });
    expectMatch('x<1', { x: '0' });
    expectNoMatch('x=z', {});
    expectNoMatch('x=y', { x: 'z' });
    expectNoMatch('x=y,z=w', { x: 'w', z: 'w' });
    expectNoMatch('x!=y,z!=w', { x: 'z', z: 'w' });
    expectNoMatch('x', { y: 'z' });
    expectNoMatch('!x', { x: 'z' });
    expectNoMatch('x>1', { x: '0' });
    expectNoMatch('x<1', { x: '2' });

    const labelset = { foo: 'bar', baz: 'blah' };
    expectMatch('foo=bar', labelset);
    expectMatch('baz=blah', labelset);
    expectMatch('foo=bar,baz=blah', labelset);
    expectNoMatch('foo=blah', labelset);
    expectNoMatch('baz=bar', labelset);
    expectNoMatch('foo=bar,foobar=bar,baz=blah', labelset);
  });

  it('TestEverything / TestSetIsEmpty: Everything matches any set; Nothing matches none', () => {
    expect(matches(EVERYTHING, { x: 'y' })).toBe(true);
    expect(matches(parseSelector(''), { x: 'y' })).toBe(true);
    expect(matches(NOTHING, { x: 'y' })).toBe(false);
    expect(matches(NOTHING, {})).toBe(false);
    expect(matches(EVERYTHING, undefined)).toBe(true);
  });

  it('TestSetMatches: a selector from a set (matchLabels) matches supersets', () => {
    const labelset = { foo: 'bar', baz: 'blah' };
    for (const set of [{}, { foo: 'bar' }, { baz: 'blah' }, { foo: 'bar', baz: 'blah' }]) {
      expect(selectorMatches({ matchLabels: set }, labelset)).toBe(true);
    }
  });

  it.each<[Labels, Selector, boolean]>([
    [{ x: 'foo', y: 'baz' }, sel(req('x', 'in', ['foo']), req('y', 'notin', ['alpha'])), true],
    [{ x: 'foo', y: 'baz' }, sel(req('x', 'in', ['foo']), req('y', 'in', ['alpha'])), false],
    [{ y: '' }, sel(req('x', 'notin', ['']), req('y', 'exists')), true],
    [{ y: '' }, sel(req('x', '!'), req('y', 'exists')), true],
    [{ y: '' }, sel(req('x', 'notin', ['']), req('y', '!')), false],
    [{ y: 'baz' }, sel(req('x', 'in', [''])), false],
    [{ z: '2' }, sel(req('z', 'gt', ['1'])), true],
    [{ z: 'v2' }, sel(req('z', 'gt', ['1'])), false],
  ])('TestRequirementSelectorMatching %#', (labels, s, want) => {
    expect(matches(s, labels)).toBe(want);
  });
});

describe('Selector.String (TestToString)', () => {
  it.each<[Selector, string]>([
    [sel(req('x', 'in', ['abc', 'def']), req('y', 'notin', ['jkl']), req('z', 'exists')), 'x in (abc,def),y notin (jkl),z'],
    [sel(req('x', 'notin', ['abc', 'def']), req('y', '!=', ['jkl']), req('z', '!')), 'x notin (abc,def),y!=jkl,!z'],
    [sel(req('x', 'notin', ['abc']), req('y', 'in', ['jkl', 'mno']), req('z', 'notin', [''])), 'x notin (abc),y in (jkl,mno),z notin ()'],
    [sel(req('x', '=', ['abc']), req('y', '==', ['jkl']), req('z', '!=', ['a']), req('z', 'exists')), 'x=abc,y==jkl,z!=a,z'],
    [sel(req('x', 'gt', ['2']), req('y', 'lt', ['8']), req('z', 'exists')), 'x>2,y<8,z'],
  ])('%# → %j', (s, want) => {
    expect(formatSelector(s)).toBe(want);
  });

  it('safeSort: values are printed sorted without mutating the requirement (TestSafeSort)', () => {
    const r = req('x', 'in', ['foo', 'bar', 'foo', 'bar']);
    expect(formatSelector(sel(r))).toBe('x in (bar,bar,foo,foo)');
    expect(r.values).toEqual(['foo', 'bar', 'foo', 'bar']);
  });
});

describe('NewRequirement (TestRequirementConstructor)', () => {
  const expr = (key: string, operator: LabelSelectorRequirement['operator'], values?: string[]): LabelSelector => ({
    matchExpressions: [values === undefined ? { key, operator } : { key, operator, values }],
  });
  it.each<[string, LabelSelector, boolean]>([
    ['x In nil', expr('x', 'In'), false],
    ['x NotIn {}', expr('x', 'NotIn', []), false],
    ['x In {foo}', expr('x', 'In', ['foo']), true],
    ['x NotIn {foo}', expr('x', 'NotIn', ['foo']), true],
    ['x Exists', expr('x', 'Exists'), true],
    ['x DoesNotExist', expr('x', 'DoesNotExist'), true],
    ['1foo In {bar}', expr('1foo', 'In', ['bar']), true],
    ['1234 In {bar}', expr('1234', 'In', ['bar']), true],
  ])('%s (structured, through LabelSelectorAsSelector)', (_name, ls, ok) => {
    if (ok) expect(() => fromLabelSelector(ls)).not.toThrow();
    else expect(() => fromLabelSelector(ls)).toThrow(SelectorError);
  });

  it.each<[string, boolean]>([
    ['y>1', true],
    ['z<6', true],
    ['foo>bar', false],
    ['barz<blah', false],
  ])('%s (Gt/Lt only exist in the string form)', (s, ok) => {
    if (ok) expect(() => parseSelector(s)).not.toThrow();
    else expect(() => parseSelector(s)).toThrow(SelectorError);
  });

  it('a 254-character key breaks the DNS rule (len(key) <= 253): structured selector', () => {
    // kreplay never validates keys: fromLabelSelector (labels.ts:59-78) accepts any key.
    expect(() => fromLabelSelector(expr('a'.repeat(254), 'Exists'))).toThrow(SelectorError);
  });

  it('a 254-character key breaks the DNS rule (len(key) <= 253): string form', () => {
    // kreplay's parseSelector (labels.ts:120-126) accepts any [A-Za-z0-9._-/]+ key without validateLabelKey.
    expect(() => parseSelector('a'.repeat(254))).toThrow(SelectorError);
  });
});

describe('metav1.LabelSelectorAsSelector (TestLabelSelectorAsSelector)', () => {
  const matchLabels = { foo: 'bar' };
  const matchExpressions: LabelSelectorRequirement[] = [{ key: 'baz', operator: 'In', values: ['qux', 'norf'] }];

  it('nil → labels.Nothing(): matches nothing', () => {
    expect(fromLabelSelector(undefined)).toBe(NOTHING);
    expect(fromLabelSelector(null)).toBe(NOTHING);
    expect(selectorMatches(undefined, {})).toBe(false);
    expect(selectorMatches(null, { foo: 'bar' })).toBe(false);
  });

  it('nil → labels.Nothing(), whose String() is ""', () => {
    // nothingSelector.String() returns ""; kreplay's formatSelector(NOTHING) returns "<none>"
    // (labels.ts:180). Visible where printers call formatSelector(fromLabelSelector(nil)).
    expect(formatSelector(fromLabelSelector(undefined))).toBe('');
  });

  it('{} → labels.Everything(): matches every set, String() ""', () => {
    const s = fromLabelSelector({});
    expect(s.requirements).toEqual([]);
    expect(formatSelector(s)).toBe('');
    expect(selectorMatches({}, {})).toBe(true);
    expect(selectorMatches({}, { any: 'thing' })).toBe(true);
    expect(selectorMatches({ matchLabels: {}, matchExpressions: [] }, undefined)).toBe(true);
  });

  it.each<[LabelSelector, string]>([
    [{ matchLabels }, 'foo=bar'],
    [{ matchExpressions }, 'baz in (norf,qux)'],
    [{ matchLabels, matchExpressions }, 'baz in (norf,qux),foo=bar'],
  ])('%j renders like labels.Parse(%j)', (ls, want) => {
    const s = fromLabelSelector(ls);
    expect(formatSelector(s)).toBe(want);
    expect(formatSelector(s)).toBe(restring(want));
  });

  it('Exists with values is an error', () => {
    expect(() => fromLabelSelector({ matchExpressions: [{ key: 'baz', operator: 'Exists', values: ['qux', 'norf'] }] })).toThrow(SelectorError);
  });

  it('an unknown operator is an error with the upstream message', () => {
    const bad = { matchExpressions: [{ key: 'baz', operator: 'Gt' }] } as unknown as LabelSelector;
    expect(() => fromLabelSelector(bad)).toThrow('"Gt" is not a valid label selector operator');
  });

  it('does not modify its input', () => {
    const ls: LabelSelector = { matchLabels: { b: '2', a: '1' }, matchExpressions: [{ key: 'baz', operator: 'NotIn', values: ['z', 'y'] }] };
    const copy = structuredClone(ls);
    fromLabelSelector(ls);
    expect(ls).toEqual(copy);
  });

  it('compiled(): memoised per object; an invalid selector matches nothing', () => {
    const ls: LabelSelector = { matchLabels: { app: 'web' } };
    expect(compiled(ls)).toBe(compiled(ls));
    const bad: LabelSelector = { matchExpressions: [{ key: 'a', operator: 'In', values: [] }] };
    expect(compiled(bad)).toBe(NOTHING);
    expect(selectorMatches(bad, { a: 'x' })).toBe(false);
  });

  it('isEmptySelector: only a non-nil selector with no requirements', () => {
    expect(isEmptySelector(undefined)).toBe(false);
    expect(isEmptySelector(null)).toBe(false);
    expect(isEmptySelector({})).toBe(true);
    expect(isEmptySelector({ matchLabels: {}, matchExpressions: [] })).toBe(true);
    expect(isEmptySelector({ matchLabels: { a: 'b' } })).toBe(false);
  });

  it('FormatLabelSelector: "<none>" for nil and empty, "<error>" for invalid', () => {
    expect(formatLabelSelector(undefined)).toBe('<none>');
    expect(formatLabelSelector({})).toBe('<none>');
    expect(formatLabelSelector({ matchExpressions: [{ key: 'a', operator: 'In' }] })).toBe('<error>');
    expect(formatLabelSelector({ matchLabels, matchExpressions })).toBe('baz in (norf,qux),foo=bar');
  });

  it('formatLabels: sorted k=v, "<none>" when empty', () => {
    expect(formatLabels(undefined)).toBe('<none>');
    expect(formatLabels({})).toBe('<none>');
    expect(formatLabels({ tier: 'fe', app: 'web' })).toBe('app=web,tier=fe');
  });
});

describe('node selector requirements (NodeSelectorRequirementsAsSelector + Requirement.Matches)', () => {
  const r = (key: string, operator: NodeSelectorRequirement['operator'], values?: string[]): NodeSelectorRequirement =>
    (values === undefined ? { key, operator } : { key, operator, values });
  it.each<[NodeSelectorRequirement, Labels, boolean]>([
    [r('zone', 'In', ['a', 'b']), { zone: 'a' }, true],
    [r('zone', 'In', ['a', 'b']), { zone: 'c' }, false],
    [r('zone', 'In', ['a']), {}, false],
    [r('zone', 'NotIn', ['a']), { zone: 'b' }, true],
    [r('zone', 'NotIn', ['a']), {}, true],
    [r('zone', 'NotIn', ['a']), { zone: 'a' }, false],
    [r('gpu', 'Exists'), { gpu: '' }, true],
    [r('gpu', 'Exists'), {}, false],
    [r('gpu', 'DoesNotExist'), {}, true],
    [r('gpu', 'DoesNotExist'), { gpu: 'x' }, false],
    [r('cores', 'Gt', ['1']), { cores: '2' }, true],
    [r('cores', 'Gt', ['1']), { cores: '1' }, false],
    [r('cores', 'Lt', ['1']), { cores: '0' }, true],
    [r('cores', 'Lt', ['1']), { cores: '-3' }, true],
    [r('cores', 'Gt', ['1']), { cores: 'v2' }, false], // TestRequirementSelectorMatching
    [r('cores', 'Gt', ['1']), {}, false],
    [r('cores', 'Gt', ['1', '2']), { cores: '5' }, false], // Gt needs exactly one value
    [r('cores', 'Gt', ['x']), { cores: '5' }, false], // the bound must be an integer
  ])('%j on %j → %s', (requirement, labels, want) => {
    expect(nodeRequirementMatches(requirement, labels)).toBe(want);
  });

  it('Gt/Lt parse the label with strconv.ParseInt: "2v" is not an integer', () => {
    // labels.Requirement.Matches rejects a label value that ParseInt(val, 10, 64) rejects;
    // kreplay uses Number.parseInt (labels.ts:230-231), which reads "2v" as 2 and " 7" as 7.
    expect(nodeRequirementMatches(r('cores', 'Gt', ['1']), { cores: '2v' })).toBe(false);
  });
});

// ------------------------------------------------------------------ properties

const KEYS = ['a', 'b', 'app', 'tier', 'x.io/k'];
const VALUES = ['', 'v1', 'v2', 'web', 'db', '0', '3', '10'];
const key = fc.constantFrom(...KEYS);
const value = fc.constantFrom(...VALUES);
const labelSet: fc.Arbitrary<Labels> = fc.dictionary(key, value, { maxKeys: KEYS.length });
const nonEmptyValues = fc.uniqueArray(value, { minLength: 1, maxLength: 4 });

/** Any requirement the string form can express (Gt/Lt bounds are integers). */
const requirement: fc.Arbitrary<Requirement> = fc.oneof(
  fc.record({ key, op: fc.constantFrom<Operator>('=', '==', '!='), values: value.map((v) => [v]) }),
  fc.record({ key, op: fc.constantFrom<Operator>('in', 'notin'), values: nonEmptyValues }),
  fc.record({ key, op: fc.constantFrom<Operator>('exists', '!'), values: fc.constant<string[]>([]) }),
  fc.record({ key, op: fc.constantFrom<Operator>('gt', 'lt'), values: fc.nat(20).map((n) => [String(n)]) }),
);
const selector: fc.Arbitrary<Selector> = fc.array(requirement, { maxLength: 5 }).map((requirements) => ({ requirements }));

const structured: fc.Arbitrary<LabelSelector> = fc.record({
  matchLabels: fc.dictionary(key, value, { maxKeys: 3 }),
  matchExpressions: fc.array(fc.oneof(
    fc.record({ key, operator: fc.constantFrom<'In' | 'NotIn'>('In', 'NotIn'), values: nonEmptyValues }),
    fc.record({ key, operator: fc.constantFrom<'Exists' | 'DoesNotExist'>('Exists', 'DoesNotExist') }),
  ), { maxLength: 4 }),
}, { requiredKeys: [] });

describe('properties', () => {
  it('parse(format(s)) matches exactly the label sets s matches', () => {
    fc.assert(fc.property(selector, fc.array(labelSet, { minLength: 1, maxLength: 8 }), (s, sets) => {
      const back = parseSelector(formatSelector(s));
      for (const ls of sets) expect(matches(back, ls)).toBe(matches(s, ls));
    }));
  });

  it('format is a fixed point of parse: format(parse(format(s))) = format(s)', () => {
    fc.assert(fc.property(selector, (s) => {
      const once = formatSelector(s);
      expect(formatSelector(parseSelector(once))).toBe(once);
    }));
  });

  it('the string form and the structured form of a LabelSelector agree', () => {
    fc.assert(fc.property(structured, fc.array(labelSet, { minLength: 1, maxLength: 8 }), (ls, sets) => {
      const asString = formatSelector(fromLabelSelector(ls));
      const parsed = parseSelector(asString);
      for (const set of sets) expect(matches(parsed, set)).toBe(selectorMatches(ls, set));
    }));
  });

  it('a selector built from a set (matchLabels) matches exactly its supersets', () => {
    fc.assert(fc.property(labelSet, labelSet, (want, have) => {
      const superset = Object.entries(want).every(([k, v]) => Object.prototype.hasOwnProperty.call(have, k) && have[k] === v);
      expect(selectorMatches({ matchLabels: want }, have)).toBe(superset);
      expect(selectorMatches({ matchLabels: want }, { ...have, ...want })).toBe(true);
    }));
  });

  it('requirements are a conjunction: s matches iff every single-requirement selector does', () => {
    fc.assert(fc.property(selector, labelSet, (s, ls) => {
      const each = s.requirements!.every((r) => matches(sel(r), ls));
      expect(matches(s, ls)).toBe(each);
    }));
  });

  it('in/notin and =/!= are complements when the key is present', () => {
    fc.assert(fc.property(key, nonEmptyValues, labelSet, (k, vs, ls) => {
      const inSel = sel(req(k, 'in', vs));
      const notinSel = sel(req(k, 'notin', vs));
      if (Object.prototype.hasOwnProperty.call(ls, k)) expect(matches(inSel, ls)).toBe(!matches(notinSel, ls));
      else {
        expect(matches(inSel, ls)).toBe(false);
        expect(matches(notinSel, ls)).toBe(true);
      }
    }));
  });
});
