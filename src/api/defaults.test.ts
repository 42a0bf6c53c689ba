import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  canonicalizeHorizontalPodAutoscaler, canonicalQuantity, canonicalResourceQuantity, compareQuantity, generateHPAScaleDownRules, generateHPAScaleUpRules,
  imageTag, isFractionalQuantity, setObjectDefaults,
} from './defaults.js';
import type { Deployment, HorizontalPodAutoscaler, HPAScalingPolicy, HPAScalingRules, Namespace, Node, Pod, ReplicaSet } from './types.js';

describe('Quantity canonical form (Quantity.String)', () => {
  it.each([
    ['500m', '500m'], ['0.5', '500m'], ['.5', '500m'], ['1', '1'], ['1000m', '1'], ['1500m', '1500m'], ['2000', '2k'],
    ['1500', '1500'], ['1e3', '1e3'], ['1024Mi', '1Gi'], ['1536Mi', '1536Mi'], ['1.5Gi', '1536Mi'], ['0.5Ki', '512'],
    ['1Ki', '1Ki'], ['128Mi', '128Mi'], ['1G', '1G'], ['1000M', '1G'], ['0', '0'], ['0Mi', '0'], ['-1', '-1'], ['100u', '100u'],
  ])('%s → %s', (input, want) => {
    expect(canonicalQuantity(input)).toBe(want);
  });

  it('accepts numbers', () => {
    expect(canonicalQuantity(2)).toBe('2');
    expect(canonicalQuantity(0.25)).toBe('250m');
  });

  it.each([['100u', '1m'], ['1.0001', '1001m'], ['0.1', '100m'], ['-100u', '-1m'], ['1Mi', '1Mi']])('ResourceList rounds %s up to %s', (input, want) => {
    expect(canonicalResourceQuantity(input)).toBe(want);
  });

  it('compares exactly', () => {
    expect(compareQuantity('600m', '500m')).toBe(1);
    expect(compareQuantity('0.5', '500m')).toBe(0);
    expect(compareQuantity('1Gi', '1G')).toBe(1);
    expect(compareQuantity('-1', '0')).toBe(-1);
    expect(isFractionalQuantity('1500m')).toBe(true);
    expect(isFractionalQuantity('1Gi')).toBe(false);
  });

  it('canonical form is a fixed point and keeps the value (property)', () => {
    const q = fc.tuple(fc.integer({ min: 0, max: 1_000_000 }), fc.constantFrom('', 'm', 'k', 'M', 'G', 'Ki', 'Mi', 'Gi'));
    fc.assert(fc.property(q, ([n, suffix]) => {
      const c = canonicalQuantity(`${n}${suffix}`);
      expect(canonicalQuantity(c)).toBe(c);
      expect(compareQuantity(c, `${n}${suffix}`)).toBe(0);
    }));
  });
});

describe('image tag (parsers.ParseImageName)', () => {
  it.each([
    ['nginx', 'latest'], ['nginx:latest', 'latest'], ['nginx:1.20', '1.20'], ['docker.io/library/nginx', 'latest'],
    ['localhost:5000/web', 'latest'], ['localhost:5000/web:2', '2'], ['nginx@sha256:abc', ''], ['nginx:1.2@sha256:abc', '1.2'],
    ['Nginx', undefined], ['', undefined],
  ])('%s → %s', (image, want) => {
    expect(imageTag(image)).toBe(want);
  });
});

const container = (over: Record<string, unknown> = {}): Pod['spec']['containers'][number] => ({ name: 'web', image: 'nginx:1.20', ...over }) as Pod['spec']['containers'][number];

describe('Deployment defaults (apps/v1 SetDefaults_Deployment)', () => {
  // Seed S1:729-762, "Defaults in a Deployment dumped from the cluster" (seeds-000-001.md §8.1).
  it('matches the Deployment dumped from the cluster', () => {
    const d: Deployment = {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'nginx-deploy' },
      spec: { selector: { matchLabels: { app: 'nginx-deploy' } }, template: { metadata: { labels: { app: 'nginx-deploy' } }, spec: { containers: [container({ name: 'nginx', image: 'nginx:1.7.9' })] } } },
      status: {} as Deployment['status'],
    };
    const out = setObjectDefaults(d);
    expect(out.spec).toEqual({
      replicas: 1,
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      selector: { matchLabels: { app: 'nginx-deploy' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      template: {
        metadata: { labels: { app: 'nginx-deploy' } },
        spec: {
          containers: [{ name: 'nginx', image: 'nginx:1.7.9', imagePullPolicy: 'IfNotPresent', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' }],
          dnsPolicy: 'ClusterFirst', restartPolicy: 'Always', schedulerName: 'default-scheduler', securityContext: {}, terminationGracePeriodSeconds: 30,
        },
      },
    });
  });

  it('keeps given values, and no rollingUpdate for Recreate', () => {
    const d = setObjectDefaults({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'w' }, spec: { replicas: 0, strategy: { type: 'Recreate' }, selector: {}, template: { spec: { containers: [] } } } } as unknown as Deployment);
    expect(d.spec.replicas).toBe(0);
    expect(d.spec.strategy).toEqual({ type: 'Recreate' });
    const e = setObjectDefaults({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'w' }, spec: { strategy: { rollingUpdate: { maxSurge: 1 } }, selector: {}, template: { spec: { containers: [] } } } } as unknown as Deployment);
    expect(e.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: '25%' } });
  });

  it('does not default requests from limits in a template (SetDefaults_Pod is Pod-only)', () => {
    const c = container({ resources: { limits: { cpu: '0.5' } } });
    const d = setObjectDefaults({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'w' }, spec: { selector: {}, template: { spec: { containers: [c] } } } } as unknown as Deployment);
    expect(d.spec.template.spec.containers[0]!.resources).toEqual({ limits: { cpu: '500m' } });
    expect(d.spec.template.spec.enableServiceLinks).toBeUndefined();
  });

  it('ReplicaSet replicas default to 1', () => {
    const rs = setObjectDefaults({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'r' }, spec: { selector: {}, template: { spec: { containers: [container()] } } } } as unknown as ReplicaSet);
    expect(rs.spec.replicas).toBe(1);
    expect(rs.spec.template.spec.restartPolicy).toBe('Always');
  });
});

describe('Pod defaults (core/v1)', () => {
  const pod = (spec: Partial<Pod['spec']>): Pod => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [container()], ...spec }, status: {} });

  it('fills the pod spec defaults', () => {
    const p = setObjectDefaults(pod({}));
    expect(p.spec).toMatchObject({
      restartPolicy: 'Always', terminationGracePeriodSeconds: 30, dnsPolicy: 'ClusterFirst', schedulerName: 'default-scheduler',
      securityContext: {}, enableServiceLinks: true,
    });
    expect(p.spec.containers[0]).toEqual({ name: 'web', image: 'nginx:1.20', imagePullPolicy: 'IfNotPresent', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' });
  });

  it.each([['nginx', 'Always'], ['nginx:latest', 'Always'], ['nginx:1.20', 'IfNotPresent'], ['nginx@sha256:abc', 'IfNotPresent']])('imagePullPolicy for %s is %s', (image, want) => {
    expect(setObjectDefaults(pod({ containers: [container({ image })] })).spec.containers[0]!.imagePullPolicy).toBe(want);
  });

  it('defaults requests to limits where a request is absent, canonically', () => {
    const p = setObjectDefaults(pod({ containers: [container({ resources: { limits: { cpu: '0.5', memory: '1024Mi' }, requests: { cpu: '100m' } } })] }));
    expect(p.spec.containers[0]!.resources).toEqual({ limits: { cpu: '500m', memory: '1Gi' }, requests: { cpu: '100m', memory: '1Gi' } });
  });

  it('defaults ports, probes and handlers', () => {
    const p = setObjectDefaults(pod({
      containers: [container({
        ports: [{ containerPort: 80 }],
        livenessProbe: { httpGet: { port: 80 } },
        readinessProbe: { tcpSocket: { port: 'http' }, periodSeconds: 5 },
        startupProbe: { grpc: { port: 9000 } },
        lifecycle: { preStop: { httpGet: { port: 80, path: '/stop' } } },
        env: [{ name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }],
      })],
    }));
    const c = p.spec.containers[0]!;
    expect(c.ports).toEqual([{ containerPort: 80, protocol: 'TCP' }]);
    expect(c.livenessProbe).toEqual({ httpGet: { port: 80, path: '/', scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 });
    expect(c.readinessProbe).toMatchObject({ periodSeconds: 5, timeoutSeconds: 1 });
    expect(c.startupProbe?.grpc).toEqual({ port: 9000, service: '' });
    expect(c.lifecycle?.preStop?.httpGet).toEqual({ port: 80, path: '/stop', scheme: 'HTTP' });
    expect(c.env?.[0]?.valueFrom).toEqual({ fieldRef: { fieldPath: 'spec.nodeName', apiVersion: 'v1' } });
  });

  it('defaults volumes: no source is an emptyDir, modes 420', () => {
    const p = setObjectDefaults(pod({ volumes: [{ name: 'a' }, { name: 'b', configMap: { name: 'cm' } }, { name: 'c', emptyDir: { sizeLimit: '1024Mi' } }] }));
    expect(p.spec.volumes).toEqual([{ name: 'a', emptyDir: {} }, { name: 'b', configMap: { name: 'cm', defaultMode: 420 } }, { name: 'c', emptyDir: { sizeLimit: '1Gi' } }]);
  });

  it('gives host-network pods hostPort = containerPort', () => {
    const p = setObjectDefaults(pod({ hostNetwork: true, containers: [container({ ports: [{ containerPort: 8080 }] })] }));
    expect(p.spec.containers[0]!.ports).toEqual([{ containerPort: 8080, hostPort: 8080, protocol: 'TCP' }]);
  });

  it('never mutates its input and is idempotent', () => {
    const input = Object.freeze(pod({ containers: [container({ resources: { limits: { cpu: '1' } } })] }));
    const snapshot = structuredClone(input);
    const once = setObjectDefaults(input);
    expect(input).toEqual(snapshot);
    expect(setObjectDefaults(once)).toEqual(once);
  });
});

describe('Namespace and Node defaults', () => {
  it('labels a namespace with its name and makes it Active', () => {
    const ns = setObjectDefaults({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a', labels: { env: 'x' } } } as Namespace);
    expect(ns.metadata.labels).toEqual({ env: 'x', 'kubernetes.io/metadata.name': 'team-a' });
    expect(ns.status).toEqual({ phase: 'Active' });
  });

  it('defaults node allocatable to capacity and keeps podCIDR/podCIDRs in step', () => {
    const node = setObjectDefaults({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n' }, spec: { podCIDR: '10.244.1.0/24' }, status: { capacity: { cpu: '4', memory: '8192Mi', pods: '110' } } } as Node);
    expect(node.status.allocatable).toEqual({ cpu: '4', memory: '8Gi', pods: '110' });
    expect(node.status.capacity).toEqual({ cpu: '4', memory: '8Gi', pods: '110' });
    expect(node.spec.podCIDRs).toEqual(['10.244.1.0/24']);
  });
});

// pkg/apis/autoscaling/v2/defaults_test.go (v1.28): TestGenerateScaleUpRules, TestGenerateScaleDownRules.
describe('SetDefaults_HorizontalPodAutoscaler (autoscaling/v2)', () => {
  const pods = (value: number, periodSeconds: number): HPAScalingPolicy => ({ type: 'Pods', value, periodSeconds });
  const percent = (value: number, periodSeconds: number): HPAScalingPolicy => ({ type: 'Percent', value, periodSeconds });

  it.each<[string, HPAScalingRules | undefined, HPAScalingRules]>([
    ['Default values', undefined, { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [pods(4, 15), percent(100, 15)] }],
    ['All parameters are specified', { stabilizationWindowSeconds: 25, selectPolicy: 'Max', policies: [pods(1, 2), percent(3, 4)] },
      { stabilizationWindowSeconds: 25, selectPolicy: 'Max', policies: [pods(1, 2), percent(3, 4)] }],
    ['Pod policy is specified', { selectPolicy: 'Min', policies: [pods(1, 2)] }, { stabilizationWindowSeconds: 0, selectPolicy: 'Min', policies: [pods(1, 2)] }],
    ['Percent policy is specified', { policies: [percent(7, 10)] }, { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [percent(7, 10)] }],
    ['Pod policy and stabilization window are specified', { stabilizationWindowSeconds: 25, policies: [pods(4, 2)] },
      { stabilizationWindowSeconds: 25, selectPolicy: 'Max', policies: [pods(4, 2)] }],
  ])('GenerateHPAScaleUpRules: %s', (_, input, want) => {
    expect(generateHPAScaleUpRules(input)).toEqual(want);
  });

  it.each<[string, HPAScalingRules | undefined, HPAScalingRules]>([
    ['Default values (the window stays unset: the controller flag applies)', undefined, { selectPolicy: 'Max', policies: [percent(100, 15)] }],
    ['All parameters are specified', { stabilizationWindowSeconds: 25, selectPolicy: 'Max', policies: [pods(1, 2), percent(3, 4)] },
      { stabilizationWindowSeconds: 25, selectPolicy: 'Max', policies: [pods(1, 2), percent(3, 4)] }],
    ['Percent policy is specified', { selectPolicy: 'Min', policies: [percent(1, 2)] }, { selectPolicy: 'Min', policies: [percent(1, 2)] }],
    ['Pods policy is specified', { policies: [pods(3, 4)] }, { selectPolicy: 'Max', policies: [pods(3, 4)] }],
  ])('GenerateHPAScaleDownRules: %s', (_, input, want) => {
    expect(generateHPAScaleDownRules(input)).toEqual(want);
  });

  const hpa = (spec: Partial<HorizontalPodAutoscaler['spec']>): HorizontalPodAutoscaler => ({
    apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web', namespace: 'default' },
    spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' }, maxReplicas: 5, ...spec },
  } as HorizontalPodAutoscaler);

  it('minReplicas 1 and the cpu 80 % metric; no behavior stays none', () => {
    const d = setObjectDefaults(hpa({}));
    expect(d.spec).toEqual({
      scaleTargetRef: { kind: 'Deployment', name: 'web' }, maxReplicas: 5, minReplicas: 1,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }],
    });
    expect(setObjectDefaults(hpa({ metrics: [] })).spec.metrics).toHaveLength(1);
    expect(setObjectDefaults(hpa({ minReplicas: 3 })).spec.minReplicas).toBe(3);
  });

  it('given metrics are kept; a behavior gets both directions, its nil fields filled', () => {
    const metrics = [{ type: 'Resource' as const, resource: { name: 'memory', target: { type: 'AverageValue' as const, averageValue: '1Gi' } } }];
    const d = setObjectDefaults(hpa({ metrics, behavior: { scaleDown: { stabilizationWindowSeconds: 60 } } }));
    expect(d.spec.metrics).toEqual(metrics);
    expect(d.spec.behavior).toEqual({
      scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [pods(4, 15), percent(100, 15)] },
      scaleDown: { stabilizationWindowSeconds: 60, selectPolicy: 'Max', policies: [percent(100, 15)] },
    });
    expect(setObjectDefaults(hpa({ behavior: {} })).spec.behavior?.scaleDown).toEqual({ selectPolicy: 'Max', policies: [percent(100, 15)] });
  });

  it('is idempotent and does not mutate its input', () => {
    const input = hpa({ behavior: { scaleUp: { selectPolicy: 'Disabled' } } });
    const before = structuredClone(input);
    const once = setObjectDefaults(input);
    expect(setObjectDefaults(once)).toEqual(once);
    expect(input).toEqual(before);
  });

  it('canonicalizeHorizontalPodAutoscaler: the stored form of every target quantity', () => {
    const h = hpa({ metrics: [
      { type: 'Pods', pods: { metric: { name: 'rps' }, target: { type: 'AverageValue', averageValue: '0.5' } } },
      { type: 'Object', object: { describedObject: { kind: 'Service', name: 'web' }, metric: { name: 'rps' }, target: { type: 'Value', value: '2000' } } },
    ] });
    const c = canonicalizeHorizontalPodAutoscaler(h);
    expect([c.spec.metrics?.[0]?.pods?.target.averageValue, c.spec.metrics?.[1]?.object?.target.value]).toEqual(['500m', '2k']);
    expect(h.spec.metrics?.[0]?.pods?.target.averageValue).toBe('0.5');
  });
});
