import { describe, expect, it } from 'vitest';
import type { Deployment, ReplicaSet } from '../api/types.js';
import { runKubectl } from './index.js';
import { deploymentStatus } from './rollout.js';
import { Cluster, WEB_YAML } from './testkit.js';
import type { KubectlResult } from './types.js';

/** A cluster running web (3 replicas of web:1), rolled out. */
function running(o: ConstructorParameters<typeof Cluster>[0] = {}, yaml = WEB_YAML): Cluster {
  const c = new Cluster(o);
  c.files.set('web.yaml', yaml);
  c.kubectl('apply -f web.yaml');
  c.tick(20);
  return c;
}

const lines = (s: string): string[] => s.split('\n').filter((l) => l !== '');
const w = (n: string): string => `Waiting for deployment "web" rollout to finish: ${n}`;
const replicaSets = (c: Cluster): ReplicaSet[] => c.sim.view.list('ReplicaSet', 'default');

describe('DeploymentStatusViewer', () => {
  const d = (status: Deployment['status'], gen = 2, extra: Partial<Deployment['spec']> = {}): Deployment => ({
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', generation: gen, annotations: { 'deployment.kubernetes.io/revision': '2' } },
    spec: { replicas: 3, selector: {}, template: { spec: { containers: [] } }, ...extra }, status,
  });
  it.each([
    [d({ observedGeneration: 1 }), 'Waiting for deployment spec update to be observed...\n', false],
    [d({ observedGeneration: 2, updatedReplicas: 1, replicas: 4 }), `${w('1 out of 3 new replicas have been updated...')}\n`, false],
    [d({ observedGeneration: 2, updatedReplicas: 3, replicas: 4 }), `${w('1 old replicas are pending termination...')}\n`, false],
    [d({ observedGeneration: 2, updatedReplicas: 3, replicas: 3, availableReplicas: 2 }), `${w('2 of 3 updated replicas are available...')}\n`, false],
    [d({ observedGeneration: 2, updatedReplicas: 3, replicas: 3, availableReplicas: 3 }), 'deployment "web" successfully rolled out\n', true],
  ])('%#', (dep, message, done) => {
    expect(deploymentStatus(dep, 0)).toEqual({ message, done });
  });
  it('errors: progress deadline, revision pinning', () => {
    expect(deploymentStatus(d({ observedGeneration: 2, conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }] }), 0).error)
      .toBe('deployment "web" exceeded its progress deadline');
    expect(deploymentStatus(d({ observedGeneration: 2 }), 3).error).toBe('desired revision (3) is different from the running revision (2)');
  });
});

describe('kubectl rollout status (a watch over the simulation)', () => {
  it('prints one line per change of the deployment until it is rolled out', () => {
    const c = running();
    c.kubectl('set image deployment/web web=web:2');
    const s = c.watch('rollout status deployment/web');
    expect(lines(s.stdout)).toEqual([
      w('1 out of 3 new replicas have been updated...'), w('1 out of 3 new replicas have been updated...'), w('1 out of 3 new replicas have been updated...'),
      w('2 out of 3 new replicas have been updated...'), w('2 out of 3 new replicas have been updated...'), w('2 out of 3 new replicas have been updated...'),
      w('1 old replicas are pending termination...'), w('1 old replicas are pending termination...'),
      'deployment "web" successfully rolled out',
    ]);
    expect([s.stderr, s.exitCode]).toEqual(['', 0]);
  });

  it('started in the tick of the change, it first sees the spec not yet observed (List, then each watch event)', () => {
    const c = running();
    let status: KubectlResult | undefined;
    c.sim.when((ctx) => {
      runKubectl('set image deployment/web web=web:2', c.env(ctx));
      status = runKubectl('rollout status deployment/web', c.env(ctx));
    });
    let events = c.tick();
    let out = status!.stdout;
    for (let i = 0; i < 60; i++) {
      const u = status!.process!.observe!(c.sim.view, c.sim.now - 1, c.sim.engine.clock, events);
      out += u.stdout ?? '';
      if (u.done) break;
      events = c.tick();
    }
    expect(lines(out).slice(0, 3)).toEqual(['Waiting for deployment spec update to be observed...', 'Waiting for deployment spec update to be observed...', w('0 out of 3 new replicas have been updated...')]);
    expect(lines(out).at(-1)).toBe('deployment "web" successfully rolled out');
  });

  it('an already rolled out deployment: one line and done; --watch=false prints once', () => {
    const c = running();
    const r = c.kubectl('rollout status deployment/web');
    expect([r.stdout, r.process, r.readOnly, r.writes]).toEqual(['deployment "web" successfully rolled out\n', undefined, true, []]);
    c.kubectl('set image deployment/web web=web:2');
    const once = c.kubectl('rollout status deploy web --watch=false');
    expect([once.stdout, once.exitCode, once.process]).toEqual([`${w('1 out of 3 new replicas have been updated...')}\n`, 0, undefined]);
  });

  it('ends with the progress deadline error or --timeout', () => {
    const c = running({ behaviors: [{ match: { image: 'web:bad' }, pull: 'fail' }] }, WEB_YAML.replace('replicas: 3', 'replicas: 3\n  progressDeadlineSeconds: 10'));
    c.kubectl('set image deployment/web web=web:bad');
    const t = c.watch('rollout status deployment/web --timeout=5s');
    expect([t.stderr, t.exitCode, t.ticks]).toEqual(['error: timed out waiting for the condition\n', 1, 5]);
    const s = c.watch('rollout status deployment/web');
    expect([s.stderr, s.exitCode]).toEqual(['error: deployment "web" exceeded its progress deadline\n', 1]);
  });

  it('ends when the deployment is deleted; kinds without a status viewer', () => {
    const c = running();
    c.kubectl('set image deployment/web web=web:2');
    const r = c.kubectl('rollout status deployment/web');
    c.kubectl('delete deployment web');
    const u = r.process!.observe!(c.sim.view, c.sim.now - 1, c.sim.engine.clock, c.sim.log.slice(-40));
    expect([u.stderr, u.done, u.exitCode]).toEqual(['error: object has been deleted\n', true, 1]);
    const rs = running();
    const name = replicaSets(rs)[0]!.metadata.name;
    expect(rs.kubectl(`rollout status rs/${name}`).stderr).toBe('error: no status viewer has been implemented for ReplicaSet.apps\n');
    expect(rs.kubectl('rollout status deployment/nope').stderr).toBe('Error from server (NotFound): deployments.apps "nope" not found\n');
  });
});

describe('kubectl rollout history', () => {
  it('prints the REVISION CHANGE-CAUSE table, and one revision\'s pod template', () => {
    const c = running();
    c.kubectl('set image deployment/web web=web:2');
    c.tick(30);
    c.kubectl('annotate deployment/web kubernetes.io/change-cause="image updated to v2"');
    c.tick();
    expect(c.kubectl('rollout history deployment/web').stdout).toBe('deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         image updated to v2\n\n');
    const hash = replicaSets(c).find((rs) => rs.spec.template.spec.containers[0]!.image === 'web:1')!.metadata.labels!['pod-template-hash'];
    expect(c.kubectl('rollout history deployment/web --revision=1').stdout).toBe(
      'deployment.apps/web with revision #1\nPod Template:\n'
      + `  Labels:\tapp=web\n\tpod-template-hash=${hash}\n`
      + '  Containers:\n   web:\n    Image:\tweb:1\n    Port:\t8080/TCP\n    Host Port:\t0/TCP\n    Environment:\t<none>\n    Mounts:\t<none>\n  Volumes:\t<none>\n\n');
    expect(c.kubectl('rollout history deployment/web --revision=7').stderr).toBe('error: unable to find the specified revision\n');
  });
});

describe('kubectl rollout undo', () => {
  it('restores the template; the old RS comes back with the next revision (1,2 → 2,3)', () => {
    const c = running();
    const v1 = c.get<Deployment>('Deployment', 'web').spec.template;
    c.kubectl('set image deployment/web web=web:2');
    c.tick(30);
    const r = c.kubectl('rollout undo deployment/web --to-revision=1');
    expect([r.stdout, r.stderr, r.exitCode]).toEqual(['deployment.apps/web rolled back\n', '', 0]);
    expect(r.writes.map((e) => [e.type, e.data])).toEqual([['DeploymentRolledBack', { command: 'kubectl rollout undo deployment/web --to-revision=1', revision: 1 }]]);
    c.tick(30);
    expect(c.get<Deployment>('Deployment', 'web').spec.template).toEqual(v1);
    expect(replicaSets(c)).toHaveLength(2);
    expect(c.kubectl('rollout history deployment/web').stdout).toBe('deployment.apps/web \nREVISION  CHANGE-CAUSE\n2         <none>\n3         <none>\n\n');
    const old = replicaSets(c).find((rs) => rs.spec.template.spec.containers[0]!.image === 'web:1')!;
    expect([old.spec.replicas, old.metadata.annotations?.['deployment.kubernetes.io/revision'], old.metadata.annotations?.['deployment.kubernetes.io/revision-history']]).toEqual([3, '3', '1']);
    // undo without a revision goes back to the previous one (2: web:2)
    expect(c.kubectl('rollout undo deployment/web').stdout).toBe('deployment.apps/web rolled back\n');
    expect(c.get<Deployment>('Deployment', 'web').spec.template.spec.containers[0]!.image).toBe('web:2');
  });

  it('errors and the skipped rollback', () => {
    const c = running();
    c.kubectl('set image deployment/web web=web:2');
    c.tick(30);
    expect(c.kubectl('rollout undo deployment/web --to-revision=2').stdout).toBe('deployment.apps/web skipped rollback (current template already matches revision 2)\n');
    const r = c.kubectl('rollout undo deployment/web --to-revision=5');
    expect([r.stderr, r.exitCode, r.writes]).toEqual(['error: unable to find specified revision 5 in history\n', 1, []]);
    c.kubectl('rollout pause deployment/web');
    const p = c.kubectl('rollout undo deployment/web');
    expect([p.stderr, p.writes]).toEqual(["error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume deployment/web' and try again\n", []]);
    const fresh = running();
    expect(fresh.kubectl('rollout undo deployment/web').stderr).toBe('error: no rollout history found for deployment "web"\n');
  });
});

describe('kubectl rollout pause / resume / restart', () => {
  it('pause, several template changes, resume: exactly one new ReplicaSet and one new revision', () => {
    const c = running();
    expect(c.kubectl('rollout pause deployment/web').stdout).toBe('deployment.apps/web paused\n');
    expect(c.kubectl('rollout pause deployment/web').stderr).toBe('error: deployments.apps "web" is already paused\n');
    expect(c.kubectl('set image deployment/web web=web:2').stdout).toBe('deployment.apps/web image updated\n');
    c.tick(5);
    c.kubectl('set image deployment/web web=web:3');
    c.tick(5);
    expect(replicaSets(c)).toHaveLength(1);
    const r = c.kubectl('rollout resume deployment/web');
    expect([r.stdout, r.writes.map((e) => e.type)]).toEqual(['deployment.apps/web resumed\n', ['DeploymentResumed']]);
    expect(c.kubectl('rollout resume deployment/web').stderr).toBe('error: deployments.apps "web" is not paused\n');
    c.tick(30);
    expect(replicaSets(c).map((rs) => [rs.spec.template.spec.containers[0]!.image, rs.spec.replicas])).toEqual([['web:1', 0], ['web:3', 3]]);
    expect(lines(c.kubectl('rollout history deployment/web').stdout)).toEqual(['deployment.apps/web ', 'REVISION  CHANGE-CAUSE', '1         <none>', '2         <none>']);
  });

  it('restart stamps the template with restartedAt = now and rolls the pods', () => {
    const c = running();
    const r = c.kubectl('rollout restart deployment/web');
    expect([r.stdout, r.writes.map((e) => e.type)]).toEqual(['deployment.apps/web restarted\n', ['DeploymentRestarted']]);
    expect(c.get<Deployment>('Deployment', 'web').spec.template.metadata?.annotations).toEqual({ 'kubectl.kubernetes.io/restartedAt': '2024-01-01T00:00:22Z' });
    let twice: KubectlResult | undefined;
    c.sim.when((ctx) => { runKubectl('rollout restart deployment/web', c.env(ctx)); twice = runKubectl('rollout restart deployment/web', c.env(ctx)); });
    c.tick();
    expect(twice!.stderr).toBe('error: failed to create patch for web: if restart has already been triggered within the past second, please wait before attempting to trigger another\n');
    c.kubectl('rollout pause deployment/web');
    expect(c.kubectl('rollout restart deployment/web').stderr).toBe('error: deployments.apps "web" can\'t restart paused deployment (run rollout resume first)\n');
    c.tick(30);
    expect(c.kubectl('rollout history deployment/web').stdout).toContain('3         <none>');
  });

  it('kinds that cannot be paused', () => {
    const c = running();
    const rs = replicaSets(c)[0]!.metadata.name;
    expect(c.kubectl(`rollout pause rs ${rs}`).stderr).toBe(`error: replicasets.apps "${rs}" pausing is not supported\n`);
    expect(c.kubectl(`rollout undo rs ${rs}`).stderr).toBe('error: no rollbacker has been implemented for "ReplicaSet.apps"\n');
    expect(c.kubectl(`rollout history rs ${rs}`).stderr).toBe('error: no history viewer has been implemented for "ReplicaSet.apps"\n');
    expect(c.kubectl('rollout frob deployment/web').stderr).toBe('error: unknown command "frob" for "kubectl rollout"\n');
  });
});
