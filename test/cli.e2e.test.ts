// The kreplay command as a user meets it: exit codes, one-line reasons, and bad input that
// writes nothing — not even into the database of an earlier run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ROOT, SCENARIOS_DIR, tempDir } from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

function kreplay(...args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'kreplay.js'), ...args], { cwd: tmp.dir, encoding: 'utf8' });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

function file(name: string, text: string): string {
  writeFileSync(join(tmp.dir, name), text);
  return name;
}

const events = (db: string): number => {
  const d = new Database(join(tmp.dir, db), { readonly: true });
  try { return (d.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n; } finally { d.close(); }
};

const deployment = (extra: string, labels = 'app: web') => `name: bad
duration: 1m
objects:
  - apiVersion: apps/v1
    kind: Deployment
    metadata: {name: web}
    spec:
${extra}      selector: {matchLabels: {app: web}}
      template:
        metadata: {labels: {${labels}}}
        spec: {containers: [{name: web, image: "web:1"}]}
`;

describe('kreplay run', () => {
  beforeAll(() => {
    const r = kreplay('run', join(SCENARIOS_DIR, 'rolling-update.yaml'), '--db', 'good.db');
    expect(r.code, r.err).toBe(0);
  });

  it('prints a summary with the state hash and exits 0 on success', () => {
    const r = kreplay('run', join(SCENARIOS_DIR, 'rolling-update.yaml'), '--db', 'again.db');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/state hash [0-9a-f]{32}/);
    expect(r.out).toMatch(/PASS$/m);
    // every connection closed cleanly: the WAL was checkpointed into the database file, so the
    // .db file alone is the whole run (the writer thread must not die holding its connection)
    expect(existsSync(join(tmp.dir, 'again.db-wal'))).toBe(false);
    copyFileSync(join(tmp.dir, 'again.db'), join(tmp.dir, 'again-copy.db'));
    expect(kreplay('verify', '--db', 'again-copy.db').code).toBe(0);
  });

  it.each([
    ['a missing file', () => 'nope.yaml', /nope\.yaml: no such file/],
    ['malformed YAML', () => file('m.yaml', 'name: x\nduration: [1m\n'), /m\.yaml:\d+: malformed YAML/],
    ['an unknown kind', () => file('k.yaml', 'name: x\nduration: 1m\nobjects:\n  - {apiVersion: v1, kind: Frob, metadata: {name: a}}\n'), /k\.yaml:4: .*no matches for kind "Frob" in version "v1"/],
    ['a selector that does not match the template', () => file('s.yaml', deployment('', 'app: other')), /s\.yaml:\d+: The Deployment "web" is invalid: spec\.template\.metadata\.labels: Invalid value: .*`selector` does not match template `labels`/],
    ['maxSurge and maxUnavailable both 0', () => file('z.yaml', deployment('      strategy: {rollingUpdate: {maxSurge: 0, maxUnavailable: 0}}\n')), /may not be 0 when `maxSurge` is 0/],
    ['negative replicas', () => file('n.yaml', deployment('      replicas: -2\n')), /spec\.replicas: Invalid value: -2: must be greater than or equal to 0/],
    ['an invalid name', () => file('i.yaml', deployment('').replace('name: web}', 'name: Web!}')), /metadata\.name: Invalid value: "Web!": a lowercase RFC 1123 subdomain/],
  ])('rejects %s with exit 2, one line, and writes nothing', (_, make, why) => {
    const before = events('good.db');
    copyFileSync(join(tmp.dir, 'good.db'), join(tmp.dir, 'victim.db'));
    const r = kreplay('run', make(), '--db', 'victim.db');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(why);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.out).toBe('');
    expect(events('victim.db')).toBe(before);
    const fresh = kreplay('run', make(), '--db', 'fresh.db');
    expect(fresh.code).toBe(2);
    expect(existsSync(join(tmp.dir, 'fresh.db'))).toBe(false);
  });

  it('refuses a corrupted database and one from a newer kreplay', () => {
    file('junk.db', 'not a database, just text that is long enough to look like a header, really');
    const r = kreplay('run', join(SCENARIOS_DIR, 'rolling-update.yaml'), '--db', 'junk.db');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/junk\.db is not a kreplay database or is corrupted/);
    copyFileSync(join(tmp.dir, 'good.db'), join(tmp.dir, 'newer.db'));
    const d = new Database(join(tmp.dir, 'newer.db'));
    d.pragma('user_version = 42');
    d.close();
    const n = kreplay('get', 'pods', '--db', 'newer.db');
    expect(n.code).toBe(2);
    expect(n.err).toMatch(/written by a newer kreplay \(schema version 42/);
  });

  it('rejects bad usage with exit 2', () => {
    expect(kreplay('frobnicate').code).toBe(2);
    expect(kreplay('run').code).toBe(2);
    expect(kreplay('run', 'x.yaml', '--seed', 'abc').code).toBe(2);
    expect(kreplay('log', '--db', 'good.db', '--from', 'yesterday').err).toMatch(/is not a time/);
    expect(kreplay('log', '--db', 'missing.db').code).toBe(2);
  });
});

describe('kreplay verify', () => {
  it('passes on a run and names the first altered event', () => {
    expect(kreplay('verify', '--db', 'good.db').code).toBe(0);
    copyFileSync(join(tmp.dir, 'good.db'), join(tmp.dir, 'altered.db'));
    const d = new Database(join(tmp.dir, 'altered.db'));
    const row = d.prepare("SELECT seq, meta FROM events WHERE type = 'ReplicaSetScaled' ORDER BY seq LIMIT 1").get() as { seq: number; meta: string };
    d.prepare('UPDATE events SET meta = ? WHERE seq = ?').run(row.meta.replace(/"to":(\d+)/, '"to":9$1'), row.seq);
    d.close();
    const r = kreplay('verify', '--db', 'altered.db');
    expect(r.code).toBe(1);
    expect(r.out).toContain(`seq ${row.seq}`);
  });
});

describe('updates Kubernetes forbids are caught before the run', () => {
  it('rejects an apply step that changes a running pod beyond its image', () => {
    const pod = (cpu: string, image: string) => `apiVersion: v1
kind: Pod
metadata: {name: solo}
spec:
  containers:
    - name: app
      image: ${image}
      resources: {requests: {cpu: ${cpu}}}
`;
    file('pod-v1.yaml', pod('100m', 'app:1'));
    file('pod-v2.yaml', pod('200m', 'app:1'));
    file('pod-v3.yaml', pod('100m', 'app:2'));
    const bad = file('upd.yaml', 'name: upd\nduration: 1m\ncluster:\n  nodes: [{name: n1}]\nobjects: [pod-v1.yaml]\ntimeline:\n  - at: 30s\n    apply: pod-v2.yaml\n');
    const r = kreplay('run', bad, '--db', 'upd.db');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/pod-v2\.yaml:1: .*The Pod "solo" is invalid: spec: Forbidden: pod updates may not change fields other than/);
    expect(existsSync(join(tmp.dir, 'upd.db'))).toBe(false);
    const ok = file('upd-ok.yaml', 'name: upd-ok\nduration: 1m\ncluster:\n  nodes: [{name: n1}]\nobjects: [pod-v1.yaml]\ntimeline:\n  - at: 30s\n    apply: pod-v3.yaml\n');
    expect(kreplay('run', ok, '--db', 'upd-ok.db').code).toBe(0);
  });
});

describe('kreplay verify on a tampered tick hash', () => {
  it('names the tick whose recorded state hash the log does not fold to', () => {
    copyFileSync(join(tmp.dir, 'good.db'), join(tmp.dir, 'tick.db'));
    const d = new Database(join(tmp.dir, 'tick.db'));
    d.prepare("UPDATE ticks SET state_hash = '00000000000000000000000000000000' WHERE tick = 40").run();
    d.close();
    const r = kreplay('verify', '--db', 'tick.db');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/state hash recorded for tick 40/);
  });
});

describe('issue 3 bad input: exit 2, Kubernetes\' message, nothing written', () => {
  const pod = (extra: string) => `name: bad3
duration: 1m
cluster:
  nodes: [{name: n1}]
objects:
  - apiVersion: v1
    kind: Pod
    metadata: {name: p}
    spec:
      containers:
        - name: app
          image: app:1
${extra}`;
  it.each([
    ['a liveness probe with successThreshold 2', () => file('probe.yaml', pod('          livenessProbe: {httpGet: {path: /, port: 80}, successThreshold: 2}\n')),
      /probe\.yaml:\d+: .*The Pod "p" is invalid: spec\.containers\[0\]\.livenessProbe\.successThreshold: Invalid value: 2: must be 1/],
    ['an unknown taint effect on a node', () => file('taint.yaml', 'name: t\nduration: 1m\ncluster:\n  nodes:\n    - name: n1\n      taints: [{key: k, value: v, effect: NoRun}]\n'),
      /taint\.yaml:6: .*Unsupported value: "NoRun": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"/],
    ['an unknown taint effect on a pod toleration', () => file('tol.yaml', pod('      tolerations: [{key: k, operator: Exists, effect: NoRun}]\n').replace('          image: app:1\n      tolerations', '          image: app:1\n      tolerations')),
      /tol\.yaml:\d+: .*Unsupported value: "NoRun"/],
    ['an eviction threshold that does not parse', () => file('evict.yaml', 'name: e\nduration: 1m\ncluster:\n  kubelet:\n    evictionHard: {memory.available: lots}\n  nodes: [{name: n1}]\n'),
      /evict\.yaml:5: cluster\.kubelet\.evictionHard: .*quantities must match the regular expression/],
    ['an eviction signal the kubelet does not know', () => file('signal.yaml', 'name: e\nduration: 1m\ncluster:\n  kubelet:\n    evictionHard: {cpu.available: 10%}\n  nodes: [{name: n1}]\n'),
      /signal\.yaml:5: .*unsupported eviction signal cpu\.available/],
  ])('rejects %s', (_, make, why) => {
    const r = kreplay('run', make(), '--db', 'bad3.db');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(why);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(existsSync(join(tmp.dir, 'bad3.db'))).toBe(false);
  });
});

describe('kreplay top', () => {
  const scenario = `name: top
duration: 3m
cluster:
  namespaces: [shop]
  nodes:
    - {name: node-a, cpu: "4", memory: 8Gi}
    - {name: node-b, cpu: "2", memory: 4Gi}
objects:
  - {apiVersion: v1, kind: Pod, metadata: {name: web-1, labels: {app: web}}, spec: {nodeName: node-a, containers: [{name: web, image: "web:1"}, {name: proxy, image: "proxy:1"}]}}
  - {apiVersion: v1, kind: Pod, metadata: {name: web-2, labels: {app: web}}, spec: {nodeName: node-b, containers: [{name: web, image: "web:1"}]}}
  - {apiVersion: v1, kind: Pod, metadata: {name: cart, namespace: shop, labels: {app: cart}}, spec: {nodeName: node-a, containers: [{name: cart, image: "cart:1"}]}}
  - {apiVersion: v1, kind: Pod, metadata: {name: broken, labels: {app: broken}}, spec: {nodeName: node-b, containers: [{name: app, image: "broken:1"}]}}
behaviors:
  - {match: {image: "web:*"}, usage: {cpu: 250m, memory: 64Mi}}
  - {match: {image: "proxy:*"}, usage: {cpu: 50m, memory: 16Mi}}
  - {match: {image: "cart:*"}, usage: {cpu: "1", memory: 1Gi}}
  - {match: {image: "broken:*"}, pull: fail}
timeline:
  - at: 1m
    load: {selector: {app: web}, cpu: "1"}
  - at: 2m
    node: {name: node-b, ready: false}
`;
  const top = (...args: string[]) => kreplay('top', ...args, '--db', 'top.db');
  /** the printed table without the tab writer's trailing padding */
  const table = (out: string) => out.replace(/ +$/gm, '');
  beforeAll(() => {
    expect(kreplay('run', file('top.yaml', scenario), '--db', 'top.db').code).toBe(0);
  });

  it('prints pods as kubectl top does, from metrics-server\'s samples at --at', () => {
    const r = top('pods', '--at', '45s');
    expect(r.code).toBe(0);
    expect(r.out).toBe('NAME    CPU(cores)   MEMORY(bytes)   \nweb-1   300m         80Mi            \nweb-2   250m         64Mi            \n');
    // the load (1 cpu from 1m) is shared by the two ready pods, and within web-1 by its containers
    expect(table(top('pods', '--at', '1m30s', '--containers').out)).toBe('POD     NAME    CPU(cores)   MEMORY(bytes)\nweb-1   proxy   300m         16Mi\nweb-1   web     500m         64Mi\nweb-2   web     750m         64Mi\n');
    expect(table(top('pods', '-A', '--sort-by', 'cpu', '--at', '1m30s').out)).toBe('NAMESPACE   NAME    CPU(cores)   MEMORY(bytes)\nshop        cart    1000m        1024Mi\ndefault     web-1   800m         80Mi\ndefault     web-2   750m         64Mi\n');
  });

  it('prints nodes with percentages of allocatable, and <unknown> for a node whose kubelet stopped', () => {
    expect(table(top('nodes', '--at', '1m30s').out)).toBe('NAME     CPU(cores)   CPU%   MEMORY(bytes)   MEMORY%\nnode-a   1800m        45%    1104Mi          13%\nnode-b   750m         37%    64Mi            1%\n');
    expect(table(top('nodes', '--at', '2m30s').out)).toBe('NAME     CPU(cores)   CPU%        MEMORY(bytes)   MEMORY%\nnode-a   1800m        45%         1104Mi          13%\nnode-b   <unknown>    <unknown>   <unknown>       <unknown>\n');
  });

  it.each([
    [['pods', '--at', '5s'], 1, 'error: metrics not available yet\n'],
    [['pods', '-l', 'app=broken', '--at', '2m30s'], 1, 'error: Metrics not available for pod default/broken, age: 2m30s\n'],
    [['pods', 'web-2', '--at', '2m30s'], 1, 'Error from server (NotFound): podmetrics.metrics.k8s.io "default/web-2" not found\n'],
    [['pods', 'nope'], 1, 'Error from server (NotFound): pods "nope" not found\n'],
    [['pods', '-n', 'empty'], 0, 'No resources found in empty namespace.\n'],
    [['nodes', '--at', '10s'], 1, 'error: metrics not available yet\n'],
    [['nodes', 'node-b', '--at', '2m30s'], 1, 'Error from server (NotFound): nodemetrics.metrics.k8s.io "node-b" not found\n'],
  ])('top %j: exit %i and kubectl\'s message', (args, code, err) => {
    const r = top(...args);
    expect(r.code).toBe(code);
    expect(r.err).toBe(err);
    expect(r.out).toBe('');
  });

  it('a scenario with a bad metric is refused before anything is written (exit 2, file:line)', () => {
    const bad = file('bad-metric.yaml', 'name: m\nduration: 1m\nmetrics:\n  - type: External\n    name: queue\n    series: [{at: 0s, value: many}]\n');
    const r = kreplay('run', bad, '--db', 'bad-metric.db');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/bad-metric\.yaml:6: metrics\[0\]\.series\[0\]\.value: "many" is not a Kubernetes quantity/);
    expect(existsSync(join(tmp.dir, 'bad-metric.db'))).toBe(false);
  });

  it('rejects bad usage with exit 2', () => {
    expect(top('pods', '--sort-by', 'disk').err).toMatch(/--sort-by accepts only cpu or memory/);
    expect(top('pods', '--sort-by', 'disk').code).toBe(2);
    expect(top('services').code).toBe(2);
    expect(top('pods', 'web-1', '-l', 'app=web').code).toBe(2);
  });
});

describe('HorizontalPodAutoscaler bad input: exit 2, Kubernetes\' message with file:line, nothing written', () => {
  const hpa = (spec: string) => `name: bad-hpa
duration: 1m
objects:
  - apiVersion: autoscaling/v2
    kind: HorizontalPodAutoscaler
    metadata: {name: web}
    spec:
      scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
${spec}`;
  it.each([
    ['maxReplicas below minReplicas', () => file('hpa-max.yaml', hpa('      minReplicas: 5\n      maxReplicas: 2\n')),
      /hpa-max\.yaml:10: The HorizontalPodAutoscaler "web" is invalid: spec\.maxReplicas: Invalid value: 2: must be greater than or equal to `minReplicas`$/m],
    ['a zero utilization target', () => file('hpa-util.yaml', hpa('      maxReplicas: 4\n      metrics:\n        - type: Resource\n          resource: {name: cpu, target: {type: Utilization, averageUtilization: 0}}\n')),
      /hpa-util\.yaml:12: The HorizontalPodAutoscaler "web" is invalid: spec\.metrics\[0\]\.resource\.target\.averageUtilization: Invalid value: 0: must be greater than 0$/m],
    ['an autoscaling/v2beta1 field name', () => file('hpa-field.yaml', hpa('      maxReplicas: 4\n      metrics:\n        - type: Resource\n          resource: {name: cpu, targetAverageUtilization: 50}\n')),
      /hpa-field\.yaml:12: .*HorizontalPodAutoscaler in version "v2" cannot be handled as a HorizontalPodAutoscaler: strict decoding error: unknown field "spec\.metrics\[0\]\.resource\.targetAverageUtilization"/],
    ['a scale-up policy period over 30 minutes', () => file('hpa-period.yaml', hpa('      maxReplicas: 4\n      behavior:\n        scaleUp:\n          policies: [{type: Pods, value: 4, periodSeconds: 3600}]\n')),
      /hpa-period\.yaml:12: .*spec\.behavior\.scaleUp\.policies\[0\]\.periodSeconds: Invalid value: 3600: must be less than or equal to 1800/],
  ])('rejects %s', (_, make, why) => {
    const r = kreplay('run', make(), '--db', 'bad-hpa.db');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(why);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(existsSync(join(tmp.dir, 'bad-hpa.db'))).toBe(false);
  });

  it('kreplay get hpa and describe hpa/NAME read the run', () => {
    const ok = file('hpa-ok.yaml', hpa('      maxReplicas: 4\n').replace('objects:\n', `objects:
  - apiVersion: apps/v1
    kind: Deployment
    metadata: {name: web}
    spec:
      selector: {matchLabels: {app: web}}
      template:
        metadata: {labels: {app: web}}
        spec: {containers: [{name: web, image: "web:1"}]}
`) + 'timeline:\n  - at: 10s\n    kubectl: autoscale deployment web --max=3 --name=web-v1 --cpu-percent=60\n');
    expect(kreplay('run', ok, '--db', 'hpa.db').code).toBe(0);
    const get = kreplay('get', 'hpa', '--db', 'hpa.db', '--at', '20s');
    expect(get.code, get.err).toBe(0);
    expect(get.out.split('\n')[0]).toMatch(/^NAME +REFERENCE +TARGETS +MINPODS +MAXPODS +REPLICAS +AGE$/);
    expect(get.out).toMatch(/\nweb-v1 +Deployment\/web +cpu: \S+\/60% +1 +3 +\d+ +10s\n/);
    const d = kreplay('describe', 'hpa/web', '--db', 'hpa.db');
    expect(d.code, d.err).toBe(0);
    expect(d.out).toMatch(/^Name: +web\nNamespace: +default\n[\s\S]*\nReference: +Deployment\/web\nMetrics: +\( current \/ target \)\n {2}resource cpu on pods {2}\(as a percentage of request\): +\S+.* \/ 80%\nMin replicas: +1\nMax replicas: +4\n/);
  });
});

describe('kreplay explain', () => {
  beforeAll(() => {
    expect(kreplay('run', join(SCENARIOS_DIR, 'hpa-load-spike.yaml'), '--db', 'explain.db').code).toBe(0);
  });

  it('tells the replica history with each HPA decision in words, and the causes of each part', () => {
    const r = kreplay('explain', 'deployment/php-apache', '--db', 'explain.db', '--at', '2m');
    expect(r.code).toBe(0);
    expect(r.out).toContain('deployment/php-apache (namespace default) at 2m\n');
    expect(r.out).toContain('45s  horizontal-pod-autoscaler: scaled 1 → 4 because cpu resource utilization (percentage of request) was 250% of 50% over 1 ready pod → 5; limited by max(2×current, 4) to 4 (ScaleUpLimit) (after 30s: load run=php-apache cpu=3)');
    expect(r.out).toContain('1m  horizontal-pod-autoscaler: scaled 4 → 6 because cpu resource utilization (percentage of request) was 250% of 50% over 4 ready pods → 20; limited by maxReplicas 6 to 6 (TooManyReplicas)');
    // the scale's causes: the HPA's syncs (told once) back to the kubectl autoscale step
    expect(r.out).toMatch(/spec\.replicas\n.*DeploymentScaled — scaled 4 → 6[^\n]*\n.*HorizontalPodAutoscalerStatusUpdated — scaled 1 → 4[^\n]*\(and 2 earlier like it\)\n.*HorizontalPodAutoscalerCreated — kubectl autoscale deployment php-apache/);
    const json = JSON.parse(kreplay('explain', 'deploy/php-apache', '--db', 'explain.db', '--json').out) as { scaling: { tick: number }[] };
    expect(json.scaling.map((s) => s.tick)).toEqual([0, 45, 60]);
  });

  it('exits 1 with the NotFound message for an object that never existed, 2 for bad usage', () => {
    const r = kreplay('explain', 'deployment/nope', '--db', 'explain.db');
    expect(r.code).toBe(1);
    expect(r.err).toBe('Error from server (NotFound): deployments.apps "nope" not found\n');
    expect(kreplay('explain', 'deployment', '--db', 'explain.db').code).toBe(2);
  });
});
