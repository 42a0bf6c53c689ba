import { describe, expect, it } from 'vitest';
import { kubectlMessage } from './errors.js';
import { decodeObject, parseManifest, resolveResource, SERVED_KINDS } from './scheme.js';
import { KINDS } from './types.js';

const deployment = (spec: Record<string, unknown> = {}, meta: Record<string, unknown> = { name: 'web' }): Record<string, unknown> => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta,
  spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } }, ...spec },
});

function errorOf(raw: unknown, file = 'web.yaml'): string {
  const r = parseManifest(raw, { file });
  if (r.ok) throw new Error('expected an error');
  return kubectlMessage(r.error, 'creating', file);
}

describe('parseManifest: kubectl-side checks', () => {
  const stop = 'if you choose to ignore these errors, turn validation off with --validate=false';
  it.each([
    ['not a map', ['a'], `error: error validating "web.yaml": error validating data: error getting object kind: object is not a map; ${stop}`],
    ['no apiVersion, no kind', { metadata: { name: 'web' } }, `error: error validating "web.yaml": error validating data: [apiVersion not set, kind not set]; ${stop}`],
    ['no kind', { apiVersion: 'v1' }, `error: error validating "web.yaml": error validating data: kind not set; ${stop}`],
    ['kind not a string', { apiVersion: 'v1', kind: 3 }, `error: error validating "web.yaml": error validating data: kind isn't string type; ${stop}`],
    ['bad group version', { apiVersion: 'apps/v1/x', kind: 'Deployment' }, `error: error validating "web.yaml": error validating data: unexpected GroupVersion string: apps/v1/x; ${stop}`],
  ])('%s', (_, raw, want) => {
    expect(errorOf(raw)).toBe(want);
  });

  it.each([
    ['unknown kind', { apiVersion: 'apps/v1', kind: 'Foo', metadata: { name: 'web' } }, 'error: resource mapping not found for name: "web" namespace: "" from "web.yaml": no matches for kind "Foo" in version "apps/v1"\nensure CRDs are installed first'],
    ['removed version', { apiVersion: 'extensions/v1beta1', kind: 'Deployment', metadata: { name: 'web', namespace: 'prod' } }, 'error: resource mapping not found for name: "web" namespace: "prod" from "web.yaml": no matches for kind "Deployment" in version "extensions/v1beta1"\nensure CRDs are installed first'],
    ['core kind in the wrong group', { apiVersion: 'v1', kind: 'Deployment', metadata: { name: 'web' } }, 'error: resource mapping not found for name: "web" namespace: "" from "web.yaml": no matches for kind "Deployment" in version "v1"\nensure CRDs are installed first'],
    ['internal kind', { apiVersion: 'kreplay.io/v1', kind: 'SimConfig', metadata: { name: 'x' } }, 'error: resource mapping not found for name: "x" namespace: "" from "web.yaml": no matches for kind "SimConfig" in version "kreplay.io/v1"\nensure CRDs are installed first'],
  ])('%s', (_, raw, want) => {
    expect(errorOf(raw)).toBe(want);
  });

  it('names STDIN when there is no file', () => {
    const r = parseManifest({ apiVersion: 'v1', kind: 'Foo', metadata: { name: 'x' } });
    expect(!r.ok && r.error.message).toContain('from "STDIN"');
  });

  it('returns the typed object and its kind', () => {
    const r = parseManifest(deployment(), { file: 'web.yaml', index: 2 });
    expect(r.ok && r.info.kind).toBe('Deployment');
  });
});

describe('strict decoding (server side, BadRequest)', () => {
  it.each([
    ['unknown spec field', deployment({ replica: 3 }), 'Error from server (BadRequest): error when creating "web.yaml": Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replica"'],
    ['unknown fields, document order, array index', deployment({ template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx', imagePullPolcy: 'Always' }] } }, foo: 1 }),
      'Error from server (BadRequest): error when creating "web.yaml": Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.template.spec.containers[0].imagePullPolcy", unknown field "spec.foo"'],
    ['unknown top-level field', { ...deployment(), spce: {} }, 'Error from server (BadRequest): error when creating "web.yaml": Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spce"'],
    ['string for an int', deployment({ replicas: '3' }), 'Error from server (BadRequest): error when creating "web.yaml": Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32'],
    ['fraction for an int', deployment({ replicas: 1.5 }), 'Error from server (BadRequest): error when creating "web.yaml": Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal number 1.5 into Go struct field DeploymentSpec.spec.replicas of type int32'],
    ['number as a label value', deployment({}, { name: 'web', labels: { version: 1.1 } }), 'Error from server (BadRequest): error when creating "web.yaml": Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string'],
    ['number as an image', deployment({ template: { spec: { containers: [{ name: 'web', image: 1.2 }] } } }), 'Error from server (BadRequest): error when creating "web.yaml": Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal number into Go struct field Container.spec.template.spec.containers.image of type string'],
    ['object for a list', deployment({ template: { spec: { containers: { name: 'web' } } } }), 'Error from server (BadRequest): error when creating "web.yaml": Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal object into Go struct field PodSpec.spec.template.spec.containers of type []v1.Container'],
    ['bad quantity', deployment({ template: { spec: { containers: [{ name: 'web', image: 'nginx', resources: { limits: { memory: '1GB' } } }] } } }), "Error from server (BadRequest): error when creating \"web.yaml\": Deployment in version \"v1\" cannot be handled as a Deployment: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"],
    ['bool for int-or-string', deployment({ strategy: { rollingUpdate: { maxSurge: true } } }), 'Error from server (BadRequest): error when creating "web.yaml": Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal bool into Go value of type int32'],
  ])('%s', (_, raw, want) => {
    expect(errorOf(raw)).toBe(want);
  });

  it('gives the offending paths, with indexes, for pointing at source lines', () => {
    const paths = (raw: unknown): string[] | undefined => { const r = parseManifest(raw); return r.ok || r.error.kind !== 'api' ? undefined : r.error.paths; };
    expect(paths(deployment({ template: { spec: { containers: [{ name: 'a', image: 'i' }, { name: 'b', image: 'i', imagePullPolcy: 'x' }] } }, foo: 1 })))
      .toEqual(['spec.template.spec.containers[1].imagePullPolcy', 'spec.foo']);
    expect(paths(deployment({ template: { spec: { containers: [{ name: 'a', image: 2 }] } } }))).toEqual(['spec.template.spec.containers[0].image']);
    expect(paths(deployment({ template: { spec: { containers: [{ name: 'a', image: 'i', resources: { limits: { cpu: 'x' } } }] } } }))).toEqual(['spec.template.spec.containers[0].resources.limits[cpu]']);
  });

  it('a type error wins over unknown fields', () => {
    expect(errorOf(deployment({ replica: 1, replicas: 'x' }))).toContain('json: cannot unmarshal string');
  });

  it('drops nulls, keeps raw fields, canonicalises quantities', () => {
    const r = decodeObject({
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', creationTimestamp: null },
      spec: { imagePullSecrets: [{ name: 's' }], containers: [{ name: 'c', image: 'i', resources: { requests: { cpu: 0.5, memory: '1024Mi' } } }] },
      status: {},
    }, KINDS.Pod);
    expect(r.ok && r.object).toEqual({
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, status: {},
      spec: { imagePullSecrets: [{ name: 's' }], containers: [{ name: 'c', image: 'i', resources: { requests: { cpu: '500m', memory: '1Gi' } } }] },
    });
  });

  it('accepts every field of the kreplay types (a fully populated pod)', () => {
    const handler = { httpGet: { path: '/', port: 80, host: 'h', scheme: 'HTTP' } };
    const probe = { ...handler, initialDelaySeconds: 1, timeoutSeconds: 1, periodSeconds: 1, successThreshold: 1, failureThreshold: 1, terminationGracePeriodSeconds: 1 };
    const c = {
      name: 'c', image: 'i', command: ['a'], args: ['b'], workingDir: '/', ports: [{ name: 'http', containerPort: 80, hostPort: 80, hostIP: '1.2.3.4', protocol: 'TCP' }],
      env: [{ name: 'A', value: 'b' }], envFrom: [{ configMapRef: { name: 'x' } }], resources: { requests: { cpu: '1' }, limits: { cpu: '1' } },
      volumeMounts: [{ name: 'v', mountPath: '/v', readOnly: true, subPath: 's' }], livenessProbe: probe, readinessProbe: probe, startupProbe: probe,
      lifecycle: { postStart: { exec: { command: ['x'] } }, preStop: { sleep: { seconds: 1 } } }, terminationMessagePath: '/t', terminationMessagePolicy: 'File',
      imagePullPolicy: 'Always', restartPolicy: 'Always', securityContext: {}, stdin: false, tty: false,
    };
    const spec = {
      containers: [c], initContainers: [c], restartPolicy: 'Always', terminationGracePeriodSeconds: 1, activeDeadlineSeconds: 1, dnsPolicy: 'ClusterFirst',
      nodeSelector: { a: 'b' }, serviceAccountName: 'sa', nodeName: 'n', hostNetwork: false, schedulerName: 's',
      tolerations: [{ key: 'k', operator: 'Equal', value: 'v', effect: 'NoExecute', tolerationSeconds: 1 }],
      affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'a', operator: 'In', values: ['b'] }], matchFields: [] }] },
        preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, preference: {} }] }, podAffinity: {}, podAntiAffinity: {} },
      priority: 0, priorityClassName: 'p', volumes: [{ name: 'v', emptyDir: { medium: 'Memory', sizeLimit: '1Gi' } }], securityContext: {}, overhead: { cpu: '1' },
      topologySpreadConstraints: [], readinessGates: [{ conditionType: 'x' }], enableServiceLinks: true, preemptionPolicy: 'Never',
    };
    const r = decodeObject({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'd', generateName: 'g', uid: 'u', resourceVersion: '1', generation: 1,
      creationTimestamp: 't', deletionTimestamp: 't', deletionGracePeriodSeconds: 1, labels: {}, annotations: {}, finalizers: [],
      ownerReferences: [{ apiVersion: 'v1', kind: 'K', name: 'n', uid: 'u', controller: true, blockOwnerDeletion: true }] }, spec, status: { phase: 'Running' } }, KINDS.Pod);
    expect(r.ok).toBe(true);
    for (const kind of SERVED_KINDS) expect(KINDS[kind].kind).toBe(kind);
  });

  it('reports a top-level mismatch as a Go value error', () => {
    const r = decodeObject([], KINDS.Pod);
    expect(!r.ok && r.error.message).toBe('Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal array into Go value of type v1.Pod');
  });
});

describe('resolveResource (kubectl resource names)', () => {
  it.each([
    ['deploy', 'Deployment'], ['deployment', 'Deployment'], ['deployments', 'Deployment'], ['deployment.apps', 'Deployment'],
    ['deployments.apps', 'Deployment'], ['deployments.v1.apps', 'Deployment'], ['Deployment', 'Deployment'],
    ['rs', 'ReplicaSet'], ['replicasets.apps', 'ReplicaSet'], ['po', 'Pod'], ['pods', 'Pod'], ['pod', 'Pod'],
    ['no', 'Node'], ['nodes', 'Node'], ['ns', 'Namespace'], ['namespace', 'Namespace'],
    ['hpa', 'HorizontalPodAutoscaler'], ['horizontalpodautoscalers', 'HorizontalPodAutoscaler'], ['horizontalpodautoscaler.autoscaling', 'HorizontalPodAutoscaler'],
    ['horizontalpodautoscalers.v2.autoscaling', 'HorizontalPodAutoscaler'], ['hpa.v1.autoscaling', 'HorizontalPodAutoscaler'],
  ])('%s → %s', (arg, kind) => {
    const r = resolveResource(arg);
    expect(r.ok && r.kind).toBe(kind);
  });

  it.each([['foos'], ['simconfigs'], ['deployments.extensions'], ['pods.apps'], ['hpa.v3.autoscaling']])('%s is unknown', (arg) => {
    const r = resolveResource(arg);
    expect(!r.ok && r.error.message).toBe(`error: the server doesn't have a resource type "${arg}"`);
  });
});
