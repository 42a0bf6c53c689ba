// pod-template-hash, EqualIgnoreHash and the new-RS annotations (revision, history, copied ones).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { template } from './fixtures.js';
import { computeHash, equalIgnoreHash, safeEncodeString } from './hash.js';
import {
  CHANGE_CAUSE_ANNOTATION, DESIRED_REPLICAS_ANNOTATION, LAST_APPLIED_ANNOTATION, MAX_REPLICAS_ANNOTATION,
  REVISION_ANNOTATION, REVISION_HISTORY_ANNOTATION, setNewReplicaSetAnnotations,
} from './annotations.js';

describe('pod-template-hash', () => {
  it('SafeEncodeString maps each decimal digit c to alphanums[code(c) % 27]', () => {
    // '0' = 48 → 48 % 27 = 21 → '4'; '1' → '5'; '9' = 57 → 3 → 'f'
    expect(safeEncodeString('0123456789')).toBe('456789bcdf');
    expect(safeEncodeString('019')).toBe('45f');
  });
  it('is stable, of the upstream form, and changes with the template and the collision count', () => {
    const h = computeHash(template('web:1'));
    expect(h).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
    expect(computeHash(template('web:1'))).toBe(h);
    expect(computeHash(template('web:2'))).not.toBe(h);
    expect(computeHash(template('web:1'), 0)).not.toBe(h);
    expect(computeHash(template('web:1'), 1)).not.toBe(computeHash(template('web:1'), 0));
  });
  it('does not depend on key order', () => {
    const a = { metadata: { labels: { app: 'web', tier: 'fe' } }, spec: { containers: [{ name: 'c', image: 'x' }] } };
    const b = { spec: { containers: [{ image: 'x', name: 'c' }] }, metadata: { labels: { tier: 'fe', app: 'web' } } };
    expect(computeHash(b)).toBe(computeHash(a));
  });
  it('equal templates (ignoring the hash label) hash alike', () => {
    fc.assert(fc.property(fc.string(), fc.string(), (image, hash) => {
      const t = template(image);
      const labelled = { ...t, metadata: { labels: { ...t.metadata!.labels!, 'pod-template-hash': hash } } };
      return equalIgnoreHash(t, labelled) && !equalIgnoreHash(t, template(`${image}x`));
    }));
  });
  it('EqualIgnoreHash treats nil and empty maps and lists alike, and quantities by value', () => {
    const t = template('web:1');
    expect(equalIgnoreHash({ ...t, metadata: { labels: t.metadata!.labels!, annotations: {} } }, t)).toBe(true);
    const withRes = (cpu: string) => ({ ...t, spec: { containers: [{ name: 'web', image: 'web:1', resources: { requests: { cpu } }, env: [] }] } });
    expect(equalIgnoreHash(withRes('500m'), withRes('0.5'))).toBe(true);
    expect(equalIgnoreHash(withRes('500m'), withRes('1'))).toBe(false);
  });
});

describe('SetNewReplicaSetAnnotations', () => {
  const replicas = { desired: 3, max: 4 };
  it('a new RS gets the revision, desired/max replicas and the deployment\'s annotations minus the skip list', () => {
    const d = { [CHANGE_CAUSE_ANNOTATION]: 'kubectl set image deployment/web web=web:2', [LAST_APPLIED_ANNOTATION]: '{}', [REVISION_ANNOTATION]: '1', team: 'a' };
    const r = setNewReplicaSetAnnotations(d, undefined, '2', false, replicas);
    expect(r.changed).toBe(true);
    expect(r.annotations).toEqual({
      [CHANGE_CAUSE_ANNOTATION]: 'kubectl set image deployment/web web=web:2', team: 'a',
      [REVISION_ANNOTATION]: '2', [DESIRED_REPLICAS_ANNOTATION]: '3', [MAX_REPLICAS_ANNOTATION]: '4',
    });
  });
  it('rollback: an old RS takes revision max+1 and keeps its old one in revision-history', () => {
    const r = setNewReplicaSetAnnotations({}, { [REVISION_ANNOTATION]: '1' }, '3', true, replicas);
    expect(r.annotations[REVISION_ANNOTATION]).toBe('3');
    expect(r.annotations[REVISION_HISTORY_ANNOTATION]).toBe('1');
    const again = setNewReplicaSetAnnotations({}, r.annotations, '5', true, replicas);
    expect(again.annotations[REVISION_HISTORY_ANNOTATION]).toBe('1,3');
    // existing RSs do not get desired/max here (scaleReplicaSet sets them)
    expect(again.annotations[DESIRED_REPLICAS_ANNOTATION]).toBeUndefined();
  });
  it('never lowers a revision; a current one is no change', () => {
    expect(setNewReplicaSetAnnotations({}, { [REVISION_ANNOTATION]: '7' }, '3', true, replicas).changed).toBe(false);
    expect(setNewReplicaSetAnnotations({}, { [REVISION_ANNOTATION]: '3' }, '3', true, replicas).changed).toBe(false);
  });
  it('revision-history drops its oldest entries to stay within the limit', () => {
    const r = setNewReplicaSetAnnotations({}, { [REVISION_ANNOTATION]: '9', [REVISION_HISTORY_ANNOTATION]: '1,2,3' }, '10', true, replicas, 6);
    expect(r.annotations[REVISION_HISTORY_ANNOTATION]).toBe('2,3,9');
  });
});
