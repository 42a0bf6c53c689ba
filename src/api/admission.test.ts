import { describe, expect, it } from 'vitest';
import { admitCreate, admitUpdate, mutatePodForCreate, type AdmissionResult, type Lookup } from './admission.js';
import { kubectlMessage, type ApiError } from './errors.js';
import type { Deployment, KObject, Kind, Namespace, Node, Pod, ReplicaSet, Toleration } from './types.js';

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}

function store(...objs: KObject[]): Lookup {
  const m = new Map(objs.map((o) => [`${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`, o]));
  return (kind: Kind, ns: string, name: string) => m.get(`${kind}/${ns}/${name}`);
}

const defaultNs = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } } as Namespace;
const lookup = store(defaultNs);

const deploymentManifest = (): Record<string, unknown> => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' },
  spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.20' }] } } },
});
const podManifest = (spec: Record<string, unknown> = {}): Record<string, unknown> => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name: 'nginx-pod' },
  spec: { containers: [{ name: 'nginx-container', image: 'nginx:1.10', resources: { limits: { cpu: '500m', memory: '128Mi' } } }], ...spec },
});

function ok<T extends KObject>(r: AdmissionResult): T {
  if (!r.ok) throw new Error(`rejected: ${r.error.message}`);
  return r.object as T;
}
function err(r: AdmissionResult): ApiError {
  if (r.ok) throw new Error('admitted');
  return r.error;
}

/** What the store would hold after a create (the engine stamps these). */
function stored<T extends KObject>(o: T, rv = '5'): T {
  return deepFreeze({ ...o, metadata: { ...o.metadata, uid: 'uid-1', creationTimestamp: '2024-01-01T00:00:00Z', resourceVersion: rv, ...(o.kind === 'Deployment' || o.kind === 'ReplicaSet' ? { generation: 1 } : {}) } });
}

describe('admitCreate', () => {
  it('defaults, puts the object in the default namespace and resets status', () => {
    const d = ok<Deployment>(admitCreate({ ...deploymentManifest(), status: { replicas: 9 } }, lookup));
    expect(d.metadata.namespace).toBe('default');
    expect(d.status).toEqual({});
    expect(d.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } });
  });

  it('strips system fields a manifest carries', () => {
    const m = deploymentManifest();
    (m.metadata as Record<string, unknown>).uid = 'x';
    (m.metadata as Record<string, unknown>).resourceVersion = '12';
    const d = ok(admitCreate(m, lookup));
    expect(d.metadata.uid).toBeUndefined();
    expect(d.metadata.resourceVersion).toBeUndefined();
  });

  it('runs the pod admission plugins (ServiceAccount, Priority, DefaultTolerationSeconds) and PrepareForCreate', () => {
    const p = ok<Pod>(admitCreate(podManifest(), lookup));
    expect(p.spec.serviceAccountName).toBe('default');
    expect(p.spec.priority).toBe(0);
    expect(p.spec.preemptionPolicy).toBe('PreemptLowerPriority');
    expect(p.spec.enableServiceLinks).toBe(true);
    expect(p.spec.containers[0]!.resources).toEqual({ limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '500m', memory: '128Mi' } });
    expect(p.status).toEqual({ phase: 'Pending', qosClass: 'Guaranteed' });
    expect(p.spec.tolerations).toEqual([
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ]);
  });

  const nr = { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 } as Toleration;
  const ur = { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 } as Toleration;
  const other = { key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoSchedule' } as Toleration;
  const ownNr = { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60 } as Toleration;
  const ownUr = { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60 } as Toleration;
  const urAnyEffect = { key: 'node.kubernetes.io/unreachable', operator: 'Exists' } as Toleration;
  const wildcard = { operator: 'Exists' } as Toleration;
  it.each<[string, Toleration[], Toleration[]]>([
    ['TAINT-DTS-1 no tolerations: both added', [], [nr, ur]],
    ['TAINT-DTS-2 unrelated only: both added', [other], [other, nr, ur]],
    ['TAINT-DTS-3 has not-ready: unreachable added', [ownNr], [ownNr, ur]],
    ['TAINT-DTS-4 has unreachable: not-ready added', [ownUr], [ownUr, nr]],
    ['TAINT-DTS-5 has both: unchanged', [ownNr, ownUr], [ownNr, ownUr]],
    ['TAINT-DTS-6 unreachable with empty effect: not-ready added', [urAnyEffect], [urAnyEffect, nr]],
    ['TAINT-DTS-7 wildcard: unchanged', [wildcard], [wildcard]],
  ])('%s', (_, given, want) => {
    expect(ok<Pod>(admitCreate(podManifest({ tolerations: given }), lookup)).spec.tolerations).toEqual(want);
  });

  it('resolves system priority classes and rejects unknown ones', () => {
    expect(ok<Pod>(admitCreate(podManifest({ priorityClassName: 'system-node-critical' }), lookup)).spec.priority).toBe(2000001000);
    const e = err(admitCreate(podManifest({ priorityClassName: 'gold' }), lookup));
    expect(kubectlMessage(e, 'creating', 'pod.yaml')).toBe('Error from server (Forbidden): error when creating "pod.yaml": pods "nginx-pod" is forbidden: no PriorityClass with name gold was found');
    expect(err(admitCreate(podManifest({ priority: 5 }), lookup)).message).toBe('pods "nginx-pod" is forbidden: the integer value of priority (5) must not be provided in pod spec; priority admission controller computed 0 from the given PriorityClass name');
  });

  it('requires the namespace to exist (NamespaceLifecycle)', () => {
    const m = { ...deploymentManifest(), metadata: { name: 'web', namespace: 'prod' } };
    const e = err(admitCreate(m, lookup));
    expect(e).toMatchObject({ code: 404, reason: 'NotFound', message: 'namespaces "prod" not found' });
    expect(kubectlMessage(e, 'creating', 'web.yaml')).toBe('Error from server (NotFound): error when creating "web.yaml": namespaces "prod" not found');
    // the namespace check comes before validation, as the mutating plugin runs first
    const invalidToo = { ...m, spec: { ...(deploymentManifest().spec as object), replicas: -1 } };
    expect(err(admitCreate(invalidToo, lookup)).reason).toBe('NotFound');
  });

  it('refuses new content in a terminating namespace', () => {
    const terminating = { ...defaultNs, metadata: { name: 'old', deletionTimestamp: '2024-01-01T00:00:00Z' }, status: { phase: 'Terminating' } } as Namespace;
    const e = err(admitCreate(podManifest(), store(terminating), { namespace: 'old' }));
    expect(e).toMatchObject({ code: 403, reason: 'Forbidden', message: 'pods "nginx-pod" is forbidden: unable to create new content in namespace old because it is being terminated' });
  });

  it('reports AlreadyExists after validation', () => {
    const existing = stored(ok<Deployment>(admitCreate(deploymentManifest(), lookup)));
    const e = err(admitCreate(deploymentManifest(), store(defaultNs, existing)));
    expect(kubectlMessage(e, 'creating', 'web.yaml')).toBe('Error from server (AlreadyExists): error when creating "web.yaml": deployments.apps "web" already exists');
  });

  it('reports Invalid with kubectl\'s wording', () => {
    const m = deploymentManifest();
    ((m.spec as Deployment['spec']).template.metadata!.labels) = { app: 'web2' };
    const e = err(admitCreate(m, lookup));
    expect(e.code).toBe(422);
    expect(e.message).toBe('Deployment.apps "web" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"web2"}: `selector` does not match template `labels`');
    expect(kubectlMessage(e, 'creating', 'web.yaml')).toBe('The Deployment "web" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"web2"}: `selector` does not match template `labels`');
  });

  it('rejects unknown fields and unserved kinds', () => {
    const e = err(admitCreate({ ...deploymentManifest(), spec: { ...(deploymentManifest().spec as object), replica: 1 } }, lookup));
    expect(kubectlMessage(e, 'creating', 'x.yaml')).toBe('Error from server (BadRequest): error when creating "x.yaml": Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replica"');
    expect(err(admitCreate({ apiVersion: 'kreplay.io/v1', kind: 'SimConfig', metadata: { name: 'x' } }, lookup)).code).toBe(404);
  });

  it('refuses an object namespace that differs from the request', () => {
    const e = err(admitCreate({ ...deploymentManifest(), metadata: { name: 'web', namespace: 'a' } }, lookup, { namespace: 'b' }));
    expect(e).toMatchObject({ code: 400, message: 'the namespace of the provided object does not match the namespace sent on the request' });
  });

  it('names generateName objects through the given generator', () => {
    const m = { ...deploymentManifest(), metadata: { generateName: 'web-' } };
    expect(ok(admitCreate(m, lookup, { generateName: (p) => `${p}x7k2q` })).metadata.name).toBe('web-x7k2q');
    expect(ok(admitCreate(m, lookup)).metadata.name).toBe('');
  });

  it('taints new nodes not-ready (TaintNodesByCondition), unless switched off', () => {
    const n = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'worker-1', namespace: 'ignored' }, spec: {}, status: { capacity: { cpu: '2' } } };
    const node = ok<Node>(admitCreate(n, lookup));
    expect(node.metadata.namespace).toBeUndefined();
    expect(node.spec.taints).toEqual([{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }]);
    expect(node.status.allocatable).toEqual({ cpu: '2' });
    expect(ok<Node>(admitCreate(n, lookup, { plugins: { TaintNodesByCondition: false } })).spec.taints).toBeUndefined();
  });

  it('creates namespaces Active with the kubernetes finalizer and the name label', () => {
    const ns = ok<Namespace>(admitCreate({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } }, store()));
    expect(ns).toEqual({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a', labels: { 'kubernetes.io/metadata.name': 'team-a' } }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });
  });

  it('returns the apiserver warnings', () => {
    const p = admitCreate(podManifest({ nodeSelector: { 'beta.kubernetes.io/arch': 'amd64' }, containers: [{ name: 'c', image: 'i', resources: { requests: { memory: '1.5' } }, env: [{ name: 'A', value: '1' }, { name: 'A', value: '2' }] }] }), lookup);
    expect(p.ok && p.warnings).toEqual([
      'spec.nodeSelector[beta.kubernetes.io/arch]: deprecated since v1.14; use "kubernetes.io/arch" instead',
      'spec.containers[0].resources.requests[memory]: fractional byte value "1500m" is invalid, must be an integer',
      'spec.containers[0].env[1]: hides previous definition of "A", which may be dropped when using apply',
    ]);
    const m = deploymentManifest();
    (m.spec as Deployment['spec']).template.spec.nodeSelector = { 'failure-domain.beta.kubernetes.io/zone': 'a' };
    const d = admitCreate(m, lookup);
    expect(d.ok && d.warnings).toEqual(['spec.template.spec.nodeSelector[failure-domain.beta.kubernetes.io/zone]: deprecated since v1.17; use "topology.kubernetes.io/zone" instead']);
  });

  it('is pure: frozen input, nothing changed on rejection or success', () => {
    const input = deepFreeze(deploymentManifest());
    const before = JSON.stringify(input);
    ok(admitCreate(input, lookup));
    err(admitCreate(input, store()));
    expect(JSON.stringify(input)).toBe(before);
  });
});

describe('admitUpdate', () => {
  const live = stored(ok<Deployment>(admitCreate(deploymentManifest(), lookup)));
  const liveWithStatus = deepFreeze({ ...live, status: { replicas: 2, availableReplicas: 2 } } as Deployment);
  const lk = store(defaultNs, liveWithStatus);
  const edit = (mutate: (d: Deployment) => void): Deployment => {
    const d = structuredClone(liveWithStatus) as Deployment;
    mutate(d);
    return d;
  };

  it('is NotFound for a missing object', () => {
    const e = err(admitUpdate(deploymentManifest(), undefined, lookup));
    expect(kubectlMessage(e, 'replacing', 'web.yaml')).toBe('Error from server (NotFound): error when replacing "web.yaml": deployments.apps "web" not found');
  });

  it('is a Conflict for a stale resourceVersion', () => {
    const e = err(admitUpdate(edit((d) => { d.metadata.resourceVersion = '3'; }), undefined, lk));
    expect(e).toMatchObject({ code: 409, reason: 'Conflict', message: 'Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again' });
  });

  it('keeps status and system fields, bumps generation on spec change', () => {
    const next = ok<Deployment>(admitUpdate(edit((d) => { d.spec.replicas = 5; d.status = { replicas: 0 } as Deployment['status']; delete d.metadata.uid; }), undefined, lk));
    expect(next.spec.replicas).toBe(5);
    expect(next.status).toEqual({ replicas: 2, availableReplicas: 2 });
    expect(next.metadata).toMatchObject({ uid: 'uid-1', creationTimestamp: '2024-01-01T00:00:00Z', resourceVersion: '5', generation: 2 });
  });

  it('bumps a deployment generation on annotation changes but not on label changes', () => {
    expect(ok(admitUpdate(edit((d) => { d.metadata.annotations = { a: 'b' }; }), undefined, lk)).metadata.generation).toBe(2);
    expect(ok(admitUpdate(edit((d) => { d.metadata.labels = { a: 'b' }; }), undefined, lk)).metadata.generation).toBe(1);
  });

  it('keeps the selector immutable', () => {
    const e = err(admitUpdate(edit((d) => { d.spec.selector = { matchLabels: { app: 'web2' } }; d.spec.template.metadata!.labels = { app: 'web2' }; }), undefined, lk));
    expect(kubectlMessage(e, 'applying', 'web.yaml')).toBe('The Deployment "web" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web2"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable');
  });

  it('bumps a replica set generation on spec changes only', () => {
    const rs = stored(ok<ReplicaSet>(admitCreate({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web-1' }, spec: { selector: { matchLabels: { app: 'web' } }, template: (deploymentManifest().spec as Deployment['spec']).template } }, lookup)));
    const scaled = ok(admitUpdate({ ...rs, spec: { ...rs.spec, replicas: 3 } }, rs, lookup));
    expect(scaled.metadata.generation).toBe(2);
    const annotated = ok(admitUpdate({ ...rs, metadata: { ...rs.metadata, annotations: { x: 'y' } } }, rs, lookup));
    expect(annotated.metadata.generation).toBe(1);
  });

  describe('pods', () => {
    const pod = stored(ok<Pod>(admitCreate(podManifest(), lookup)));
    const running = deepFreeze({ ...pod, spec: { ...pod.spec, nodeName: 'node-a' }, status: { phase: 'Running' }, sim: { kubelet: { restarts: 1 } } } as Pod);

    it('allows an image change and keeps what admission set on create', () => {
      // A client that sends the manifest back without the fields admission added (kubectl replace).
      const manifest = podManifest({ nodeName: 'node-a', serviceAccountName: 'default' }) as unknown as Pod;
      manifest.spec.containers[0]!.image = 'nginx:1.10.1';
      const next = ok<Pod>(admitUpdate(manifest, running, lookup));
      expect(next.spec.containers[0]!.image).toBe('nginx:1.10.1');
      expect(next.spec.priority).toBe(0);
      expect(next.spec.tolerations).toHaveLength(2);
      expect(next.status).toEqual({ phase: 'Running' });
      expect(next.sim).toEqual({ kubelet: { restarts: 1 } });
    });

    it('forbids other changes with the v1.28 message', () => {
      const next = structuredClone(running) as Pod;
      next.spec.containers[0]!.ports = [{ containerPort: 80 }];
      const e = err(admitUpdate(next, running, lookup));
      expect(kubectlMessage(e, 'applying', 'pod.yaml').split('\n')[0]).toBe('The Pod "nginx-pod" is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)');
    });

    it('forbids dropping the service account a create added (kubectl replace of the original manifest)', () => {
      const e = err(admitUpdate(podManifest({ nodeName: 'node-a' }), running, lookup));
      expect(e.fieldErrors?.[0]?.detail).toContain('+ \tServiceAccountName: nil,');
    });
  });

  it('keeps namespace finalizers and status', () => {
    const ns = deepFreeze({ ...defaultNs, metadata: { ...defaultNs.metadata, labels: { 'kubernetes.io/metadata.name': 'default' }, uid: 'n1' } } as Namespace);
    const next = ok<Namespace>(admitUpdate({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default', labels: { team: 'a' } }, spec: { finalizers: [] } }, ns, store(ns)));
    expect(next.spec?.finalizers).toEqual(['kubernetes']);
    expect(next.metadata.labels).toEqual({ team: 'a', 'kubernetes.io/metadata.name': 'default' });
    expect(next.status).toEqual({ phase: 'Active' });
  });
});

describe('mutatePodForCreate (pods a controller creates from a validated template)', () => {
  it('applies pod defaults and the mutating plugins without a lookup', () => {
    const d = ok<Deployment>(admitCreate(deploymentManifest(), lookup));
    const r = mutatePodForCreate({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-abc', namespace: 'default', labels: d.spec.template.metadata!.labels! }, spec: d.spec.template.spec, status: {} });
    const p = ok<Pod>(r);
    expect(p.spec.enableServiceLinks).toBe(true);
    expect(p.spec.serviceAccountName).toBe('default');
    expect(p.spec.tolerations).toHaveLength(2);
    expect(p.status).toEqual({ phase: 'Pending', qosClass: 'BestEffort' });
  });
});
