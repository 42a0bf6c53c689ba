// Tables after pkg/apis/apps/validation/validation_test.go and pkg/apis/core/validation/validation_test.go
// (v1.28), with the exact messages the apiserver returns.
import { describe, expect, it } from 'vitest';
import { setObjectDefaults } from './defaults.js';
import { fieldErrorString } from './errors.js';
import type { Deployment, KObject, Namespace, Node, Pod, ReplicaSet } from './types.js';
import { POD_UPDATE_FORBIDDEN, podSpecDiff, semanticEqual, validateObject, validateObjectUpdate } from './validation.js';

type Mutate<T> = (o: T) => void;

function deployment(mutate: Mutate<Deployment> = () => {}): Deployment {
  const d = {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.20' }] } },
    },
    status: {},
  } as unknown as Deployment;
  mutate(d);
  return setObjectDefaults(d);
}

const errors = (o: KObject): string[] => validateObject(o).map(fieldErrorString);
const c0 = 'spec.template.spec.containers[0]';
const RFC1123_LABEL = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const RFC1123_SUBDOMAIN = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const PERCENT = "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";

describe('Deployment validation (ValidateDeployment)', () => {
  it('accepts a defaulted deployment', () => {
    expect(errors(deployment())).toEqual([]);
  });

  it('reports an empty spec as upstream does (the template is defaulted, then found wanting)', () => {
    const d = setObjectDefaults({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' } } as Deployment);
    expect(errors(d)).toEqual([
      'spec.selector: Required value',
      'spec.template.metadata.labels: Invalid value: map[string]string(nil): `selector` does not match template `labels`',
      'spec.template.spec.containers: Required value',
    ]);
  });

  it.each<[string, Mutate<Deployment>, string[]]>([
    ['selector does not match template labels', (d) => { d.spec.template.metadata!.labels = { app: 'web2' }; },
      ['spec.template.metadata.labels: Invalid value: map[string]string{"app":"web2"}: `selector` does not match template `labels`']],
    ['template without labels', (d) => { delete d.spec.template.metadata; },
      ['spec.template.metadata.labels: Invalid value: map[string]string(nil): `selector` does not match template `labels`']],
    ['missing selector', (d) => { delete (d.spec as Partial<Deployment['spec']>).selector; },
      ['spec.selector: Required value', 'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`']],
    ['empty selector', (d) => { d.spec.selector = {}; },
      ['spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment']],
    ['empty matchLabels', (d) => { d.spec.selector = { matchLabels: {} }; },
      ['spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment']],
    ['unparsable selector skips the template', (d) => { d.spec.selector = { matchExpressions: [{ key: 'app', operator: 'In' }] }; d.spec.template.spec.containers = []; },
      ["spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
        'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:"app", Operator:"In", Values:[]string(nil)}}}: invalid label selector']],
    ['maxSurge and maxUnavailable both 0', (d) => { d.spec.strategy = { rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } }; },
      ['spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:""}: may not be 0 when `maxSurge` is 0']],
    ['both 0%', (d) => { d.spec.strategy = { rollingUpdate: { maxSurge: '0%', maxUnavailable: '0%' } }; },
      ['spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"0%"}: may not be 0 when `maxSurge` is 0']],
    ['maxSurge not a percent', (d) => { d.spec.strategy = { rollingUpdate: { maxSurge: '1' } }; },
      [`spec.strategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"1"}: ${PERCENT}`]],
    ['maxUnavailable over 100%', (d) => { d.spec.strategy = { rollingUpdate: { maxUnavailable: '120%' } }; },
      ['spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"120%"}: must not be greater than 100%']],
    ['negative maxSurge', (d) => { d.spec.strategy = { rollingUpdate: { maxSurge: -1 } }; },
      ['spec.strategy.rollingUpdate.maxSurge: Invalid value: -1: must be greater than or equal to 0']],
    ['rollingUpdate with Recreate', (d) => { d.spec.strategy = { type: 'Recreate', rollingUpdate: { maxSurge: 1 } }; },
      ["spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'"]],
    ['unknown strategy type', (d) => { d.spec.strategy = { type: 'Rolling' as never }; },
      ['spec.strategy: Unsupported value: apps.DeploymentStrategy{Type:"Rolling", RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}: supported values: "Recreate", "RollingUpdate"']],
    ['negative replicas', (d) => { d.spec.replicas = -1; }, ['spec.replicas: Invalid value: -1: must be greater than or equal to 0']],
    ['negative minReadySeconds', (d) => { d.spec.minReadySeconds = -1; }, ['spec.minReadySeconds: Invalid value: -1: must be greater than or equal to 0']],
    ['negative revisionHistoryLimit', (d) => { d.spec.revisionHistoryLimit = -1; }, ['spec.revisionHistoryLimit: Invalid value: -1: must be greater than or equal to 0']],
    ['negative progressDeadlineSeconds', (d) => { d.spec.progressDeadlineSeconds = -5; },
      ['spec.progressDeadlineSeconds: Invalid value: -5: must be greater than or equal to 0', 'spec.progressDeadlineSeconds: Invalid value: -5: must be greater than minReadySeconds']],
    ['progressDeadlineSeconds not above minReadySeconds', (d) => { d.spec.progressDeadlineSeconds = 10; d.spec.minReadySeconds = 10; },
      ['spec.progressDeadlineSeconds: Invalid value: 10: must be greater than minReadySeconds']],
    ['bad name', (d) => { d.metadata.name = 'Web'; }, [`metadata.name: Invalid value: "Web": ${RFC1123_SUBDOMAIN}`]],
    ['no containers', (d) => { d.spec.template.spec.containers = []; }, ['spec.template.spec.containers: Required value']],
    ['duplicate container names', (d) => { d.spec.template.spec.containers.push({ name: 'web', image: 'busybox' }); }, ['spec.template.spec.containers[1].name: Duplicate value: "web"']],
    ['missing image', (d) => { d.spec.template.spec.containers[0]!.image = ''; }, [`${c0}.image: Required value`]],
    ['bad container name', (d) => { d.spec.template.spec.containers[0]!.name = 'Web_1'; }, [`${c0}.name: Invalid value: "Web_1": ${RFC1123_LABEL}`]],
    ['volume name and dangling mount (seed S0:3711)', (d) => {
      d.spec.template.spec.volumes = [{ name: 'vol-CM', emptyDir: {} }];
      d.spec.template.spec.containers[0]!.volumeMounts = [{ name: 'vol-CM', mountPath: '/data' }];
    }, [`spec.template.spec.volumes[0].name: Invalid value: "vol-CM": ${RFC1123_LABEL}`, `${c0}.volumeMounts[0].name: Not found: "vol-CM"`]],
    ['duplicate volume and mount path', (d) => {
      d.spec.template.spec.volumes = [{ name: 'a', emptyDir: {} }, { name: 'a', emptyDir: {} }];
      d.spec.template.spec.containers[0]!.volumeMounts = [{ name: 'a', mountPath: '/d' }, { name: 'a', mountPath: '/d', subPath: '../x' }];
    }, ['spec.template.spec.volumes[1].name: Duplicate value: "a"', `${c0}.volumeMounts[1].mountPath: Invalid value: "/d": must be unique`, `${c0}.volumeMounts.subPath: Invalid value: "../x": must not contain '..'`]],
    ['two volume sources', (d) => { d.spec.template.spec.volumes = [{ name: 'a', emptyDir: {}, hostPath: { path: '/x' } }]; },
      ['spec.template.spec.volumes[0].hostPath: Forbidden: may not specify more than 1 volume type']],
    ['requests above limits', (d) => { d.spec.template.spec.containers[0]!.resources = { requests: { cpu: '600m' }, limits: { cpu: '500m' } }; },
      [`${c0}.resources.requests: Invalid value: "600m": must be less than or equal to cpu limit of 500m`]],
    ['negative request', (d) => { d.spec.template.spec.containers[0]!.resources = { requests: { memory: '-1' } }; },
      [`${c0}.resources.requests[memory]: Invalid value: "-1": must be greater than or equal to 0`]],
    ['unknown resource', (d) => { d.spec.template.spec.containers[0]!.resources = { limits: { cpus: '1' } }; },
      [`${c0}.resources.limits[cpus]: Invalid value: cpus: must be a standard resource type or fully qualified`, `${c0}.resources.limits[cpus]: Invalid value: cpus: must be a standard resource for containers`]],
    ['extended resource needs a limit equal to the request', (d) => { d.spec.template.spec.containers[0]!.resources = { requests: { 'example.com/gpu': '1' } }; },
      [`${c0}.resources.limits: Required value: Limit must be set for non overcommitable resources`]],
    ['template restartPolicy Never', (d) => { d.spec.template.spec.restartPolicy = 'Never'; },
      ['spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"']],
    ['unknown restartPolicy', (d) => { d.spec.template.spec.restartPolicy = 'Sometimes' as never; },
      ['spec.template.spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"', 'spec.template.spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always"']],
    ['activeDeadlineSeconds in a template', (d) => { d.spec.template.spec.activeDeadlineSeconds = 10; },
      ['spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported']],
    ['liveness successThreshold', (d) => { d.spec.template.spec.containers[0]!.livenessProbe = { exec: { command: ['true'] }, successThreshold: 2 }; },
      [`${c0}.livenessProbe.successThreshold: Invalid value: 2: must be 1`]],
    ['startup successThreshold', (d) => { d.spec.template.spec.containers[0]!.startupProbe = { tcpSocket: { port: 80 }, successThreshold: 3 }; },
      [`${c0}.startupProbe.successThreshold: Invalid value: 3: must be 1`]],
    ['readiness may succeed several times', (d) => { d.spec.template.spec.containers[0]!.readinessProbe = { tcpSocket: { port: 80 }, successThreshold: 3 }; }, []],
    ['probe without a handler', (d) => { d.spec.template.spec.containers[0]!.livenessProbe = { periodSeconds: 5 }; },
      [`${c0}.livenessProbe: Required value: must specify a handler type`]],
    ['probe with two handlers and a bad port', (d) => { d.spec.template.spec.containers[0]!.readinessProbe = { httpGet: { port: 0 }, tcpSocket: { port: 80 } }; },
      [`${c0}.readinessProbe.httpGet.port: Invalid value: 0: must be between 1 and 65535, inclusive`, `${c0}.readinessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type`]],
    ['negative probe period', (d) => { d.spec.template.spec.containers[0]!.readinessProbe = { exec: { command: ['x'] }, periodSeconds: -1 }; },
      [`${c0}.readinessProbe.periodSeconds: Invalid value: -1: must be greater than or equal to 0`]],
    ['ports', (d) => { d.spec.template.spec.containers[0]!.ports = [{ containerPort: 0 }, { containerPort: 70000, name: 'http' }, { containerPort: 80, name: 'http', protocol: 'HTTP' as never }]; },
      [`${c0}.ports[0].containerPort: Required value`, `${c0}.ports[1].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive`,
        `${c0}.ports[2].name: Duplicate value: "http"`, `${c0}.ports[2].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"`]],
    ['env', (d) => { d.spec.template.spec.containers[0]!.env = [{ name: '' }, { name: 'A', value: 'x', valueFrom: { fieldRef: { fieldPath: 'x' } } }]; },
      [`${c0}.env[0].name: Required value`, `${c0}.env[1].valueFrom: Invalid value: "": may not be specified when \`value\` is not empty`]],
    ['imagePullPolicy', (d) => { d.spec.template.spec.containers[0]!.imagePullPolicy = 'Sometimes' as never; },
      [`${c0}.imagePullPolicy: Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"`]],
    ['tolerations', (d) => {
      d.spec.template.spec.tolerations = [
        { key: 'a', effect: 'NoRun' as never },
        { key: 'b', operator: 'Exists', value: 'x' },
        { operator: 'Equal', value: 'v' },
        { key: 'c', effect: 'NoSchedule', tolerationSeconds: 10 },
        { key: 'd', operator: 'Like' as never },
      ];
    }, [
      'spec.template.spec.tolerations[0].effect: Unsupported value: "NoRun": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
      "spec.template.spec.tolerations[1].operator: Invalid value: \"x\": value must be empty when `operator` is 'Exists'",
      'spec.template.spec.tolerations[2].operator: Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys"',
      "spec.template.spec.tolerations[3].effect: Invalid value: \"NoSchedule\": effect must be 'NoExecute' when `tolerationSeconds` is set",
      'spec.template.spec.tolerations[4].operator: Unsupported value: "Like": supported values: "Equal", "Exists"',
    ]],
    ['node affinity', (d) => {
      d.spec.template.spec.affinity = { nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In' }, { key: 'n', operator: 'Gt', values: ['1', '2'] }] }] },
        preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 0, preference: {} }],
      } };
    }, [
      "spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
      "spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[1].values: Required value: must be specified single value when `operator` is 'Lt' or 'Gt'",
      'spec.template.spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: Invalid value: 0: must be in the range 1-100',
    ]],
    ['template annotations (deletion cost)', (d) => { d.spec.template.metadata!.annotations = { 'controller.kubernetes.io/pod-deletion-cost': 'high' }; },
      ['spec.template.annotations[controller.kubernetes.io/pod-deletion-cost]: Invalid value: "high": must be a 32bit integer']],
  ])('%s', (_, mutate, want) => {
    expect(errors(deployment(mutate))).toEqual(want);
  });
});

describe('ReplicaSet validation (ValidateReplicaSet)', () => {
  const rs = (mutate: Mutate<ReplicaSet> = () => {}): ReplicaSet => {
    const d = deployment();
    const r = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web-5d9c7b8f4', namespace: 'default' }, spec: { replicas: 1, selector: d.spec.selector, template: d.spec.template }, status: { replicas: 0 } } as ReplicaSet;
    mutate(r);
    return setObjectDefaults(r);
  };
  it.each<[string, Mutate<ReplicaSet>, string[]]>([
    ['valid', () => {}, []],
    ['negative replicas', (r) => { r.spec.replicas = -2; }, ['spec.replicas: Invalid value: -2: must be greater than or equal to 0']],
    ['negative minReadySeconds', (r) => { r.spec.minReadySeconds = -1; }, ['spec.minReadySeconds: Invalid value: -1: must be greater than or equal to 0']],
    ['empty selector', (r) => { r.spec.selector = { matchLabels: {} }; },
      ['spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment']],
    ['selector mismatch', (r) => { r.spec.selector = { matchLabels: { app: 'db' } }; },
      ['spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`']],
  ])('%s', (_, mutate, want) => {
    expect(errors(rs(mutate))).toEqual(want);
  });
});

function pod(mutate: Mutate<Pod> = () => {}): Pod {
  const p = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'nginx-pod', namespace: 'default' }, spec: { containers: [{ name: 'nginx-container', image: 'nginx:1.10' }] }, status: {} } as Pod;
  mutate(p);
  return setObjectDefaults(p);
}

describe('Pod validation (ValidatePodCreate)', () => {
  it.each<[string, Mutate<Pod>, string[]]>([
    ['valid', () => {}, []],
    ['restartPolicy Never is fine for a pod', (p) => { p.spec.restartPolicy = 'Never'; }, []],
    ['image with whitespace', (p) => { p.spec.containers[0]!.image = 'nginx '; }, ['spec.containers[0].image: Invalid value: "nginx ": must not have leading or trailing whitespace']],
    ['activeDeadlineSeconds 0', (p) => { p.spec.activeDeadlineSeconds = 0; }, ['spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive']],
    ['bad nodeName', (p) => { p.spec.nodeName = 'Node_1'; }, [`spec.nodeName: Invalid value: "Node_1": ${RFC1123_SUBDOMAIN}`]],
    ['dnsPolicy', (p) => { p.spec.dnsPolicy = 'Cluster'; }, ['spec.dnsPolicy: Unsupported value: "Cluster": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"']],
    ['nodeSelector value', (p) => { p.spec.nodeSelector = { disk: 'fast ssd' }; },
      ["spec.nodeSelector: Invalid value: \"fast ssd\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"]],
    ['init container probes', (p) => { p.spec.initContainers = [{ name: 'init', image: 'busybox', livenessProbe: { exec: { command: ['x'] } } }]; },
      ['spec.initContainers[0].livenessProbe: Forbidden: may not be set for init containers without restartPolicy=Always']],
    ['init container name clash', (p) => { p.spec.initContainers = [{ name: 'nginx-container', image: 'busybox' }]; },
      ['spec.initContainers[0].name: Duplicate value: "nginx-container"']],
    ['hostNetwork with a different hostPort', (p) => { p.spec.hostNetwork = true; p.spec.containers[0]!.ports = [{ containerPort: 80, hostPort: 8080 }]; },
      ['spec.containers[0].ports[0].hostPort: Invalid value: 8080: must match `containerPort` when `hostNetwork` is true']],
    ['host port clash', (p) => { p.spec.containers.push({ name: 'b', image: 'i', ports: [{ containerPort: 81, hostPort: 80 }] }); p.spec.containers[0]!.ports = [{ containerPort: 80, hostPort: 80 }]; },
      ['spec.containers[1].ports[0].hostPort: Duplicate value: "TCP//80"']],
    ['missing namespace', (p) => { delete p.metadata.namespace; }, ['metadata.namespace: Required value']],
  ])('%s', (_, mutate, want) => {
    expect(errors(pod(mutate))).toEqual(want);
  });
});

describe('Node and Namespace validation', () => {
  const node = (mutate: Mutate<Node> = () => {}): Node => {
    const n = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'worker-1' }, spec: {}, status: { capacity: { cpu: '2', memory: '4Gi' } } } as Node;
    mutate(n);
    return setObjectDefaults(n);
  };
  it.each<[string, Mutate<Node>, string[]]>([
    ['valid', () => {}, []],
    ['taint effect', (n) => { n.spec.taints = [{ key: 'dedicated', value: 'db', effect: 'NoRun' as never }]; },
      ['metadata.taints[0].effect: Unsupported value: "NoRun": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"']],
    ['taint without effect', (n) => { n.spec.taints = [{ key: 'a' } as never]; }, ['metadata.taints[0].effect: Required value']],
    ['duplicate taints', (n) => { n.spec.taints = [{ key: 'a', effect: 'NoSchedule' }, { key: 'a', value: 'x', effect: 'NoSchedule' }]; },
      ['metadata.taints[1]: Duplicate value: core.Taint{Key:"a", Value:"x", Effect:"NoSchedule", TimeAdded:(*v1.Time)(nil)}: taints must be unique by key and effect pair']],
    ['bad podCIDR', (n) => { n.spec.podCIDR = '10.244.1.0'; }, ['spec.podCIDRs[0]: Invalid value: "10.244.1.0": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)']],
    ['negative capacity', (n) => { n.status.capacity = { cpu: '-1' }; n.status.allocatable = { cpu: '1' }; }, ['status.capacity.cpu: Invalid value: "-1": must be greater than or equal to 0']],
    ['namespace on a node', (n) => { n.metadata.namespace = 'default'; }, ['metadata.namespace: Forbidden: not allowed on this type']],
  ])('node: %s', (_, mutate, want) => {
    expect(errors(node(mutate))).toEqual(want);
  });

  it.each<[string, string, string[]]>([
    ['valid', 'team-a', []],
    ['upper case', 'Team', [`metadata.name: Invalid value: "Team": ${RFC1123_LABEL}`]],
    ['dots are not allowed', 'a.b', [`metadata.name: Invalid value: "a.b": ${RFC1123_LABEL}`]],
  ])('namespace: %s', (_, name, want) => {
    expect(errors(setObjectDefaults({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } } as Namespace))).toEqual(want);
  });
});

describe('updates (ValidatePodUpdate, ValidateDeploymentUpdate, ValidateNodeUpdate)', () => {
  const running = pod((p) => { p.metadata.uid = 'u1'; p.spec.nodeName = 'node-a'; p.spec.tolerations = [{ key: 'a', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60 }]; });
  const update = (mutate: Mutate<Pod>): string[] => {
    const next = structuredClone(running);
    mutate(next);
    return validateObjectUpdate(setObjectDefaults(next), running).map(fieldErrorString);
  };

  it.each<[string, Mutate<Pod>]>([
    ['container image', (p) => { p.spec.containers[0]!.image = 'nginx:1.10.1'; }],
    ['labels', (p) => { p.metadata.labels = { app: 'x' }; }],
    ['an added toleration', (p) => { p.spec.tolerations!.push({ key: 'b', operator: 'Exists' }); }],
    ['tolerationSeconds', (p) => { p.spec.tolerations![0]!.tolerationSeconds = 10; }],
    ['activeDeadlineSeconds from unset', (p) => { p.spec.activeDeadlineSeconds = 100; }],
  ])('allows %s', (_, mutate) => {
    expect(update(mutate)).toEqual([]);
  });

  it('forbids other spec changes, with a diff (seeds-002-004 §3.6)', () => {
    const errs = update((p) => { p.spec.containers[0]!.ports = [{ containerPort: 80, protocol: 'TCP' }]; });
    expect(errs).toHaveLength(1);
    const [first, ...diff] = errs[0]!.split('\n');
    expect(first).toBe('spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)');
    expect(diff[0]).toBe('  core.PodSpec{');
    expect(diff[1]).toBe('  \t... // 2 identical fields');
    expect(diff[2]).toMatch(/^- \tContainers: \[/);
    expect(diff[3]).toMatch(/^\+ \tContainers: \[.*"containerPort":80/);
    expect(diff.at(-1)).toBe('  }');
  });

  it.each<[string, Mutate<Pod>, string]>([
    ['terminationGracePeriodSeconds', (p) => { p.spec.terminationGracePeriodSeconds = 60; }, '- \tTerminationGracePeriodSeconds: 30,'],
    ['nodeName', (p) => { p.spec.nodeName = 'node-b'; }, '+ \tNodeName: "node-b",'],
    ['restartPolicy', (p) => { p.spec.restartPolicy = 'Never'; }, '+ \tRestartPolicy: "Never",'],
  ])('forbids changing %s', (_, mutate, line) => {
    const errs = update(mutate);
    expect(errs[0]!.startsWith(`spec: Forbidden: ${POD_UPDATE_FORBIDDEN}\n`)).toBe(true);
    expect(errs[0]!.split('\n')).toContain(line);
  });

  it.each<[string, Mutate<Pod>, string[]]>([
    ['adding a container', (p) => { p.spec.containers.push({ name: 'b', image: 'i' }); }, ['spec.containers: Forbidden: pod updates may not add or remove containers']],
    ['changing a toleration', (p) => { p.spec.tolerations![0]!.effect = 'NoSchedule'; p.spec.tolerations![0]!.tolerationSeconds = undefined as never; delete p.spec.tolerations![0]!.tolerationSeconds; },
      ['spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds']],
    ['emptying an image', (p) => { p.spec.containers[0]!.image = ''; }, ['spec.containers[0].image: Required value', 'spec.containers[0].image: Required value']],
    ['renaming', (p) => { p.metadata.name = 'other'; }, ['metadata.name: Invalid value: "other": field is immutable']],
    ['a new uid', (p) => { p.metadata.uid = 'u2'; }, ['metadata.uid: Invalid value: "u2": field is immutable']],
  ])('rejects %s', (_, mutate, want) => {
    expect(update(mutate)).toEqual(want);
  });

  it('activeDeadlineSeconds may only go down', () => {
    const withDeadline = pod((p) => { p.spec.activeDeadlineSeconds = 100; });
    const raise = setObjectDefaults({ ...withDeadline, spec: { ...withDeadline.spec, activeDeadlineSeconds: 200 } });
    expect(validateObjectUpdate(raise, withDeadline).map(fieldErrorString)).toEqual(['spec.activeDeadlineSeconds: Invalid value: 200: must be less than or equal to previous value']);
    const drop = structuredClone(withDeadline);
    delete drop.spec.activeDeadlineSeconds;
    expect(validateObjectUpdate(drop, withDeadline).map(fieldErrorString)).toEqual(['spec.activeDeadlineSeconds: Invalid value: "null": must not update from a positive integer to nil value']);
    const lower = setObjectDefaults({ ...withDeadline, spec: { ...withDeadline.spec, activeDeadlineSeconds: 50 } });
    expect(validateObjectUpdate(lower, withDeadline)).toEqual([]);
  });

  it('keeps deployment and replica set selectors immutable', () => {
    const old = deployment();
    const next = deployment((d) => { d.spec.selector = { matchLabels: { app: 'web2' } }; d.spec.template.metadata!.labels = { app: 'web2' }; });
    expect(validateObjectUpdate(next, old).map(fieldErrorString)).toEqual([
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web2"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    ]);
    const scaled = deployment((d) => { d.spec.replicas = 5; d.spec.template.spec.containers[0]!.image = 'nginx:1.21'; });
    expect(validateObjectUpdate(scaled, old)).toEqual([]);
    const rsOld = { ...old, kind: 'ReplicaSet', spec: { replicas: 1, selector: old.spec.selector, template: old.spec.template } } as unknown as ReplicaSet;
    const rsNext = { ...rsOld, spec: { ...rsOld.spec, selector: { matchLabels: { app: 'web', tier: 'x' } } } } as ReplicaSet;
    expect(validateObjectUpdate(rsNext, rsOld).map(fieldErrorString)).toContain(
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web", "tier":"x"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable');
  });

  it('fixes a node podCIDR once set', () => {
    const n = (cidr?: string): Node => setObjectDefaults({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n' }, spec: cidr ? { podCIDR: cidr } : {}, status: {} } as Node);
    expect(validateObjectUpdate(n('10.244.1.0/24'), n())).toEqual([]);
    expect(validateObjectUpdate(n('10.244.2.0/24'), n('10.244.1.0/24')).map(fieldErrorString)).toEqual(['spec.podCIDRs: Forbidden: node updates may not change podCIDR except from "" to valid']);
    const tainted = setObjectDefaults({ ...n('10.244.1.0/24'), spec: { podCIDR: '10.244.1.0/24', taints: [{ key: 'k', effect: 'NoSchedule' }] } } as Node);
    expect(validateObjectUpdate(tainted, n('10.244.1.0/24'))).toEqual([]);
  });
});

describe('semantic equality and the spec diff', () => {
  it('treats nil and empty as equal, like apiequality.Semantic', () => {
    expect(semanticEqual({ a: [] }, {})).toBe(true);
    expect(semanticEqual({ a: { b: {} } }, { a: undefined })).toBe(true);
    expect(semanticEqual({ a: 1 }, { a: 2 })).toBe(false);
    expect(semanticEqual(['x'], [])).toBe(false);
  });

  it('elides runs of identical fields', () => {
    const spec = pod().spec;
    expect(podSpecDiff(spec, { ...spec, schedulerName: 'other' })).toBe([
      '  core.PodSpec{', '  \t... // 18 identical fields', '- \tSchedulerName: "default-scheduler",', '+ \tSchedulerName: "other",', '  \t... // 14 identical fields', '  }',
    ].join('\n'));
  });
});
