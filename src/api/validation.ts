// Object validation on create and update: pkg/apis/core/validation/validation.go (pods, nodes,
// namespaces) and pkg/apis/apps/validation/validation.go (deployments, replicasets), v1.28.
// Differs: map entries in key order (Go: random); the pod-update diff approximates go-cmp's output.
import { compareQuantity, isFractionalQuantity } from './defaults.js';
import { fieldErr, go, path, type FieldError, type GoValue } from './errors.js';
import {
  CIDR_ERROR, FIELD_IMMUTABLE_ERROR_MSG, goLabelSelector, inclusiveRangeError, isDNS1123Label, isEnvVarName, isQualifiedName,
  isValidCIDR, isValidLabelValue, isValidPercent, isValidPortName, isValidPortNum, nameIsDNSLabel, nameIsDNSSubdomain,
  validateAnnotations, validateLabelName, validateLabels, validateLabelSelector, validateNonnegativeField, validateObjectMeta,
  validateObjectMetaUpdate,
} from './names.js';
import { fromLabelSelector, matches } from './labels.js';
import { isExtended, isHugePages, isNative, validateContainerResourceName as validateResourceName } from './resourcenames.js';
import { validatePodDisruptionBudget, validatePodDisruptionBudgetUpdate } from './validation-policy.js';
import { validateHorizontalPodAutoscaler, validateHorizontalPodAutoscalerUpdate } from './validation-autoscaling.js';
import { validateStatefulSet, validateStatefulSetUpdate } from './validation-statefulset.js';
import type {
  Container, Deployment, IntOrString, KObject, LabelSelector, Namespace, Node, NodeSelectorTerm, Pod, PodSpec,
  PodTemplateSpec, Probe, ProbeHandler, ReplicaSet, ResourceRequirements, Taint, Toleration,
} from './types.js';
import type { HorizontalPodAutoscaler, PodDisruptionBudget, StatefulSet } from './types.js';

export interface PodValidationOptions {
  /** the spec is a Pod's own (not a template inside a Deployment or ReplicaSet) */
  resourceIsPod: boolean;
}

const MAX_INT32 = 2 ** 31 - 1;
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

// ------------------------------------------------------------------ volumes

/** ValidateVolumes: returns the names of the valid volumes (mounts may only refer to those). */
function validateVolumes(volumes: PodSpec['volumes'], fldPath: string): { names: Set<string>; errs: FieldError[] } {
  const names = new Set<string>();
  const errs: FieldError[] = [];
  (volumes ?? []).forEach((vol, i) => {
    const idx = path.index(fldPath, i);
    const el = validateVolumeSource(vol as Record<string, unknown>, idx);
    const name = str(vol.name);
    if (name === '') el.push(fieldErr.required(path.child(idx, 'name')));
    else for (const msg of isDNS1123Label(name)) el.push(fieldErr.invalid(path.child(idx, 'name'), go.str(name), msg));
    if (names.has(name)) el.push(fieldErr.duplicate(path.child(idx, 'name'), go.str(name)));
    if (el.length === 0) names.add(name);
    else errs.push(...el);
  });
  return { names, errs };
}

/** The order validateVolumeSource checks sources in, with the field names its errors use. */
const SOURCE_ORDER: [string, string][] = [
  ['emptyDir', 'emptyDir'], ['hostPath', 'hostPath'], ['gitRepo', 'gitRepo'], ['gcePersistentDisk', 'gcePersistentDisk'],
  ['awsElasticBlockStore', 'awsElasticBlockStore'], ['secret', 'secret'], ['nfs', 'nfs'], ['iscsi', 'iscsi'],
  ['glusterfs', 'glusterfs'], ['flocker', 'flocker'], ['persistentVolumeClaim', 'persistentVolumeClaim'], ['rbd', 'rbd'],
  ['cinder', 'cinder'], ['cephfs', 'cephFS'], ['quobyte', 'quobyte'], ['downwardAPI', 'downwarAPI'], ['fc', 'fc'],
  ['flexVolume', 'flexVolume'], ['configMap', 'configMap'], ['azureFile', 'azureFile'], ['vsphereVolume', 'vsphereVolume'],
  ['photonPersistentDisk', 'photonPersistentDisk'], ['portworxVolume', 'portworxVolume'], ['azureDisk', 'azureDisk'],
  ['storageos', 'storageos'], ['projected', 'projected'], ['scaleIO', 'scaleIO'], ['csi', 'csi'], ['ephemeral', 'ephemeral'],
];

function validateVolumeSource(vol: Record<string, unknown>, fldPath: string): FieldError[] {
  const errs: FieldError[] = [];
  let n = 0;
  for (const [key, errName] of SOURCE_ORDER) {
    const src = vol[key] as Record<string, unknown> | undefined;
    if (src === undefined || src === null) continue;
    if (n > 0) {
      errs.push(fieldErr.forbidden(path.child(fldPath, errName), 'may not specify more than 1 volume type'));
      continue;
    }
    n++;
    const p = path.child(fldPath, key);
    if (key === 'emptyDir' && src.sizeLimit !== undefined && compareQuantity(src.sizeLimit as string, 0) < 0) {
      errs.push(fieldErr.forbidden(path.child(p, 'sizeLimit'), 'SizeLimit field must be a valid resource quantity'));
    }
    if (key === 'hostPath' && str(src.path) === '') errs.push(fieldErr.required(path.child(p, 'path')));
    if (key === 'configMap' && str(src.name) === '') errs.push(fieldErr.required(path.child(p, 'name')));
    if (key === 'secret' && str(src.secretName) === '') errs.push(fieldErr.required(path.child(p, 'secretName')));
    if (key === 'persistentVolumeClaim' && str(src.claimName) === '') errs.push(fieldErr.required(path.child(p, 'claimName')));
  }
  if (n === 0) errs.push(fieldErr.required(fldPath, 'must specify a volume type'));
  return errs;
}

function validateLocalDescendingPath(target: string, fldPath: string): FieldError[] {
  const errs: FieldError[] = [];
  if (target.startsWith('/')) errs.push(fieldErr.invalid(fldPath, go.str(target), 'must be a relative path'));
  if (target.split('/').includes('..')) errs.push(fieldErr.invalid(fldPath, go.str(target), "must not contain '..'"));
  return errs;
}

function validateVolumeMounts(mounts: Container['volumeMounts'], volumes: Set<string>, fldPath: string): FieldError[] {
  const errs: FieldError[] = [];
  const mountpoints = new Set<string>();
  (mounts ?? []).forEach((m, i) => {
    const idx = path.index(fldPath, i);
    const name = str(m.name);
    const mountPath = str(m.mountPath);
    if (name === '') errs.push(fieldErr.required(path.child(idx, 'name')));
    if (!volumes.has(name)) errs.push(fieldErr.notFound(path.child(idx, 'name'), go.str(name)));
    if (mountPath === '') errs.push(fieldErr.required(path.child(idx, 'mountPath')));
    if (mountpoints.has(mountPath)) errs.push(fieldErr.invalid(path.child(idx, 'mountPath'), go.str(mountPath), 'must be unique'));
    mountpoints.add(mountPath);
    // Upstream reports subPath problems on the list's path, not the item's.
    if (m.subPath) errs.push(...validateLocalDescendingPath(m.subPath, path.child(fldPath, 'subPath')));
  });
  return errs;
}

// ------------------------------------------------------------------ resources

const overcommitAllowed = (n: string): boolean => isNative(n) && !isHugePages(n);
const validateContainerResourceName = (name: string, fldPath: string): FieldError[] =>
  validateResourceName(name, fldPath, { print: go.stringer, quotaHugePages: false });

function validateResourceQuantityValue(name: string, q: string, fldPath: string): FieldError[] {
  const errs: FieldError[] = [];
  if (compareQuantity(q, 0) < 0) errs.push(fieldErr.invalid(fldPath, go.str(q), 'must be greater than or equal to 0'));
  if (isExtended(name) && isFractionalQuantity(q)) errs.push(fieldErr.invalid(fldPath, go.str(q), 'must be an integer'));
  return errs;
}

/** ValidateResourceRequirements: names, non-negative values, requests ≤ limits ("must be less than or equal to cpu limit of 500m"). */
export function validateResourceRequirements(r: ResourceRequirements | undefined, fldPath: string): FieldError[] {
  const errs: FieldError[] = [];
  const limits = r?.limits ?? {};
  const requests = r?.requests ?? {};
  const limPath = path.child(fldPath, 'limits');
  const reqPath = path.child(fldPath, 'requests');
  for (const name of Object.keys(limits).sort()) {
    const p = path.key(limPath, name);
    errs.push(...validateContainerResourceName(name, p), ...validateResourceQuantityValue(name, limits[name]!, p));
  }
  for (const name of Object.keys(requests).sort()) {
    const p = path.key(reqPath, name);
    const q = requests[name]!;
    errs.push(...validateContainerResourceName(name, p), ...validateResourceQuantityValue(name, q, p));
    const limit = limits[name];
    if (limit !== undefined) {
      const cmp = compareQuantity(q, limit);
      if (cmp !== 0 && !overcommitAllowed(name)) errs.push(fieldErr.invalid(reqPath, go.str(q), `must be equal to ${name} limit of ${limit}`));
      else if (cmp > 0) errs.push(fieldErr.invalid(reqPath, go.str(q), `must be less than or equal to ${name} limit of ${limit}`));
    } else if (!overcommitAllowed(name)) {
      errs.push(fieldErr.required(limPath, 'Limit must be set for non overcommitable resources'));
    }
  }
  return errs;
}

// ------------------------------------------------------------------ containers

function validatePortNumOrName(port: IntOrString | undefined, fldPath: string): FieldError[] {
  if (typeof port === 'string') return isValidPortName(port).map((m) => fieldErr.invalid(fldPath, go.str(port), m));
  const n = port ?? 0;
  return isValidPortNum(n).map((m) => fieldErr.invalid(fldPath, go.int(n), m));
}

function validateHandler(h: ProbeHandler & { sleep?: { seconds: number } }, grace: number | undefined, fldPath: string, allowGrpc: boolean): FieldError[] {
  const errs: FieldError[] = [];
  let n = 0;
  const one = (key: string, check: () => FieldError[]): void => {
    if (n > 0) errs.push(fieldErr.forbidden(path.child(fldPath, key), 'may not specify more than 1 handler type'));
    else {
      n++;
      errs.push(...check());
    }
  };
  if (h.exec) one('exec', () => ((h.exec!.command ?? []).length === 0 ? [fieldErr.required(path.child(fldPath, 'exec', 'command'))] : []));
  if (h.httpGet) one('httpGet', () => {
    const p = path.child(fldPath, 'httpGet');
    const e: FieldError[] = [];
    if (!h.httpGet!.path) e.push(fieldErr.required(path.child(p, 'path')));
    e.push(...validatePortNumOrName(h.httpGet!.port, path.child(p, 'port')));
    const scheme = h.httpGet!.scheme ?? '';
    if (scheme !== 'HTTP' && scheme !== 'HTTPS') e.push(fieldErr.notSupported(path.child(p, 'scheme'), go.str(scheme), ['HTTP', 'HTTPS']));
    return e;
  });
  if (h.tcpSocket) one('tcpSocket', () => validatePortNumOrName(h.tcpSocket!.port, path.child(fldPath, 'tcpSocket', 'port')));
  if (allowGrpc && h.grpc) one('grpc', () => validatePortNumOrName(h.grpc!.port, path.child(fldPath, 'grpc', 'port')));
  if (h.sleep) one('sleep', () => {
    const s = h.sleep!.seconds;
    return grace !== undefined && (s <= 0 || s > grace)
      ? [fieldErr.invalid(path.child(fldPath, 'sleep'), go.int(s), `must be greater than 0 and less than terminationGracePeriodSeconds (${grace})`)]
      : [];
  });
  if (n === 0) errs.push(fieldErr.required(fldPath, 'must specify a handler type'));
  return errs;
}

function validateProbe(p: Probe | undefined, fldPath: string): FieldError[] {
  if (!p) return [];
  const errs = validateHandler(p, undefined, fldPath, true);
  for (const f of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold'] as const) {
    errs.push(...validateNonnegativeField(p[f] ?? 0, path.child(fldPath, f)));
  }
  if (p.terminationGracePeriodSeconds !== undefined && p.terminationGracePeriodSeconds <= 0) {
    errs.push(fieldErr.invalid(path.child(fldPath, 'terminationGracePeriodSeconds'), go.int(p.terminationGracePeriodSeconds), 'must be greater than 0'));
  }
  return errs;
}

/** Liveness and startup probes may only succeed once: successThreshold "must be 1". */
function validateContainerProbes(c: Container, p: string): FieldError[] {
  const errs: FieldError[] = [];
  errs.push(...validateProbe(c.livenessProbe, path.child(p, 'livenessProbe')));
  if (c.livenessProbe && c.livenessProbe.successThreshold !== 1) errs.push(fieldErr.invalid(path.child(p, 'livenessProbe', 'successThreshold'), go.int(c.livenessProbe.successThreshold ?? 0), 'must be 1'));
  errs.push(...validateProbe(c.readinessProbe, path.child(p, 'readinessProbe')));
  if (c.readinessProbe?.terminationGracePeriodSeconds !== undefined) {
    errs.push(fieldErr.invalid(path.child(p, 'readinessProbe', 'terminationGracePeriodSeconds'), go.int(c.readinessProbe.terminationGracePeriodSeconds), 'must not be set for readinessProbes'));
  }
  errs.push(...validateProbe(c.startupProbe, path.child(p, 'startupProbe')));
  if (c.startupProbe && c.startupProbe.successThreshold !== 1) errs.push(fieldErr.invalid(path.child(p, 'startupProbe', 'successThreshold'), go.int(c.startupProbe.successThreshold ?? 0), 'must be 1'));
  return errs;
}

function validateLifecycle(c: Container, grace: number | undefined, p: string): FieldError[] {
  const errs: FieldError[] = [];
  if (c.lifecycle?.postStart) errs.push(...validateHandler(c.lifecycle.postStart, grace, path.child(p, 'lifecycle', 'postStart'), false));
  if (c.lifecycle?.preStop) errs.push(...validateHandler(c.lifecycle.preStop, grace, path.child(p, 'lifecycle', 'preStop'), false));
  return errs;
}

function validateContainerPorts(ports: Container['ports'], fldPath: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  (ports ?? []).forEach((port, i) => {
    const idx = path.index(fldPath, i);
    if (port.name) {
      const msgs = isValidPortName(port.name);
      if (msgs.length > 0) for (const m of msgs) errs.push(fieldErr.invalid(path.child(idx, 'name'), go.str(port.name), m));
      else if (names.has(port.name)) errs.push(fieldErr.duplicate(path.child(idx, 'name'), go.str(port.name)));
      else names.add(port.name);
    }
    if (!port.containerPort) errs.push(fieldErr.required(path.child(idx, 'containerPort')));
    else for (const m of isValidPortNum(port.containerPort)) errs.push(fieldErr.invalid(path.child(idx, 'containerPort'), go.int(port.containerPort), m));
    if (port.hostPort) for (const m of isValidPortNum(port.hostPort)) errs.push(fieldErr.invalid(path.child(idx, 'hostPort'), go.int(port.hostPort), m));
    const protocol = port.protocol ?? '';
    if (protocol === '') errs.push(fieldErr.required(path.child(idx, 'protocol')));
    else if (!['SCTP', 'TCP', 'UDP'].includes(protocol)) errs.push(fieldErr.notSupported(path.child(idx, 'protocol'), go.str(protocol), ['SCTP', 'TCP', 'UDP']));
  });
  return errs;
}

function validateEnv(env: Container['env'], fldPath: string): FieldError[] {
  const errs: FieldError[] = [];
  (env ?? []).forEach((ev, i) => {
    const idx = path.index(fldPath, i);
    if (!ev.name) errs.push(fieldErr.required(path.child(idx, 'name')));
    else for (const m of isEnvVarName(ev.name)) errs.push(fieldErr.invalid(path.child(idx, 'name'), go.str(ev.name), m));
    const from = ev.valueFrom as Record<string, unknown> | undefined;
    if (from && typeof from === 'object') {
      const p = path.child(idx, 'valueFrom');
      const n = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef'].filter((k) => from[k] !== undefined && from[k] !== null).length;
      if (n === 0) errs.push(fieldErr.invalid(p, go.str(''), 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`'));
      else if (n > 1) errs.push(fieldErr.invalid(p, go.str(''), 'may not have more than one field specified at a time'));
      else if (ev.value) errs.push(fieldErr.invalid(p, go.str(''), 'may not be specified when `value` is not empty'));
    }
  });
  return errs;
}

/** validateContainerCommon: what every container kind must satisfy. */
function validateContainerCommon(c: Container, volumes: Set<string>, p: string): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(c.name);
  if (name === '') errs.push(fieldErr.required(path.child(p, 'name')));
  else for (const m of isDNS1123Label(name)) errs.push(fieldErr.invalid(path.child(p, 'name'), go.str(name), m));
  if (str(c.image) === '') errs.push(fieldErr.required(path.child(p, 'image')));
  const tmp = c.terminationMessagePolicy ?? '';
  if (tmp === '') errs.push(fieldErr.required(path.child(p, 'terminationMessagePolicy')));
  else if (tmp !== 'File' && tmp !== 'FallbackToLogsOnError') errs.push(fieldErr.notSupported(path.child(p, 'terminationMessagePolicy'), go.str(tmp), ['File', 'FallbackToLogsOnError']));
  errs.push(...validateContainerPorts(c.ports, path.child(p, 'ports')));
  errs.push(...validateEnv(c.env, path.child(p, 'env')));
  errs.push(...validateVolumeMounts(c.volumeMounts, volumes, path.child(p, 'volumeMounts')));
  const pull = c.imagePullPolicy ?? '';
  if (pull === '') errs.push(fieldErr.required(path.child(p, 'imagePullPolicy')));
  else if (!['Always', 'IfNotPresent', 'Never'].includes(pull)) errs.push(fieldErr.notSupported(path.child(p, 'imagePullPolicy'), go.str(pull), ['Always', 'IfNotPresent', 'Never']));
  errs.push(...validateResourceRequirements(c.resources, path.child(p, 'resources')));
  return errs;
}

function checkHostPortConflicts(containers: readonly Container[], fldPath: string, offset = 0): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  containers.forEach((c, ci) => {
    (c.ports ?? []).forEach((port, pi) => {
      if (!port.hostPort) return;
      const key = `${port.protocol ?? ''}/${port.hostIP ?? ''}/${port.hostPort}`;
      const p = path.child(path.index(path.child(path.index(fldPath, ci + offset), 'ports'), pi), 'hostPort');
      if (seen.has(key)) errs.push(fieldErr.duplicate(p, go.str(key)));
      else seen.add(key);
    });
  });
  return errs;
}

function validateContainers(containers: readonly Container[] | undefined, volumes: Set<string>, grace: number | undefined, fldPath: string): FieldError[] {
  if (!containers || containers.length === 0) return [fieldErr.required(fldPath)];
  const errs: FieldError[] = [];
  const names = new Set<string>();
  containers.forEach((c, i) => {
    const p = path.index(fldPath, i);
    errs.push(...validateContainerCommon(c, volumes, p));
    if (names.has(c.name)) errs.push(fieldErr.duplicate(path.child(p, 'name'), go.str(c.name)));
    else names.add(c.name);
    errs.push(...validateLifecycle(c, grace, p), ...validateContainerProbes(c, p));
    if (c.restartPolicy !== undefined) errs.push(fieldErr.forbidden(path.child(p, 'restartPolicy'), 'may not be set for non-init containers'));
  });
  return [...errs, ...checkHostPortConflicts(containers, fldPath)];
}

function validateInitContainers(inits: readonly Container[] | undefined, regular: readonly Container[] | undefined, volumes: Set<string>, grace: number | undefined, fldPath: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set((regular ?? []).map((c) => c.name));
  (inits ?? []).forEach((c, i) => {
    const p = path.index(fldPath, i);
    errs.push(...validateContainerCommon(c, volumes, p));
    const rp = c.restartPolicy as string | undefined;
    if (rp !== undefined && rp !== 'Always') errs.push(fieldErr.notSupported(path.child(p, 'restartPolicy'), go.str(rp), ['Always']));
    if (names.has(c.name)) errs.push(fieldErr.duplicate(path.child(p, 'name'), go.str(c.name)));
    else if (c.name) names.add(c.name);
    errs.push(...checkHostPortConflicts([c], fldPath, i));
    if (rp === 'Always') errs.push(...validateLifecycle(c, grace, p), ...validateContainerProbes(c, p));
    else {
      for (const f of ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe'] as const) {
        if (c[f] !== undefined) errs.push(fieldErr.forbidden(path.child(p, f), 'may not be set for init containers without restartPolicy=Always'));
      }
    }
  });
  return errs;
}

// ------------------------------------------------------------------ pod spec

function validateTaintEffect(effect: string, allowEmpty: boolean, fldPath: string): FieldError[] {
  if (!allowEmpty && effect === '') return [fieldErr.required(fldPath)];
  if (['NoSchedule', 'PreferNoSchedule', 'NoExecute'].includes(effect)) return [];
  return [fieldErr.notSupported(fldPath, go.str(effect), ['NoSchedule', 'PreferNoSchedule', 'NoExecute'])];
}

/** ValidateTolerations (note: upstream reports a bad value on the operator's path). */
export function validateTolerations(tolerations: readonly Toleration[] | undefined, fldPath: string): FieldError[] {
  const errs: FieldError[] = [];
  (tolerations ?? []).forEach((t, i) => {
    const idx = path.index(fldPath, i);
    const key = t.key ?? '';
    const op = t.operator ?? '';
    const value = t.value ?? '';
    const effect = t.effect ?? '';
    if (key !== '') errs.push(...validateLabelName(key, path.child(idx, 'key')));
    if (key === '' && op !== 'Exists') {
      errs.push(fieldErr.invalid(path.child(idx, 'operator'), go.str(op), 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    }
    if (t.tolerationSeconds !== undefined && effect !== 'NoExecute') {
      errs.push(fieldErr.invalid(path.child(idx, 'effect'), go.str(effect), "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    }
    if (op === 'Equal' || op === '') {
      const msgs = isValidLabelValue(value);
      if (msgs.length > 0) errs.push(fieldErr.invalid(path.child(idx, 'operator'), go.str(value), msgs.join(';')));
    } else if (op === 'Exists') {
      if (value !== '') errs.push(fieldErr.invalid(path.child(idx, 'operator'), go.str(value), "value must be empty when `operator` is 'Exists'"));
    } else {
      errs.push(fieldErr.notSupported(path.child(idx, 'operator'), go.str(op), ['Equal', 'Exists']));
    }
    if (effect !== '') errs.push(...validateTaintEffect(effect, true, path.child(idx, 'effect')));
  });
  return errs;
}

function validateNodeSelectorTerm(term: NodeSelectorTerm, fldPath: string): FieldError[] {
  const errs: FieldError[] = [];
  (term.matchExpressions ?? []).forEach((rq, j) => {
    const p = path.index(path.child(fldPath, 'matchExpressions'), j);
    const n = (rq.values ?? []).length;
    switch (rq.operator) {
      case 'In': case 'NotIn':
        if (n === 0) errs.push(fieldErr.required(path.child(p, 'values'), "must be specified when `operator` is 'In' or 'NotIn'"));
        break;
      case 'Exists': case 'DoesNotExist':
        if (n > 0) errs.push(fieldErr.forbidden(path.child(p, 'values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
        break;
      case 'Gt': case 'Lt':
        if (n !== 1) errs.push(fieldErr.required(path.child(p, 'values'), "must be specified single value when `operator` is 'Lt' or 'Gt'"));
        break;
      default:
        errs.push(fieldErr.invalid(path.child(p, 'operator'), go.str(String(rq.operator)), 'not a valid selector operator'));
    }
    errs.push(...validateLabelName(rq.key, path.child(p, 'key')));
  });
  (term.matchFields ?? []).forEach((rq, j) => {
    const p = path.index(path.child(fldPath, 'matchFields'), j);
    if (rq.operator === 'In' || rq.operator === 'NotIn') {
      if ((rq.values ?? []).length !== 1) errs.push(fieldErr.required(path.child(p, 'values'), "must be only one value when `operator` is 'In' or 'NotIn' for node field selector"));
    } else errs.push(fieldErr.invalid(path.child(p, 'operator'), go.str(String(rq.operator)), 'not a valid selector operator'));
    if (rq.key !== 'metadata.name') errs.push(fieldErr.invalid(path.child(p, 'key'), go.str(rq.key), 'not a valid field selector key'));
    else (rq.values ?? []).forEach((v, i) => {
      for (const m of nameIsDNSSubdomain(v, false)) errs.push(fieldErr.invalid(path.index(path.child(p, 'values'), i), go.str(v), m));
    });
  });
  return errs;
}

function validateAffinity(spec: PodSpec, fldPath: string): FieldError[] {
  const na = spec.affinity?.nodeAffinity;
  if (!na) return [];
  const errs: FieldError[] = [];
  const base = path.child(fldPath, 'nodeAffinity');
  const required = na.requiredDuringSchedulingIgnoredDuringExecution;
  if (required) {
    const termsPath = path.child(base, 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms');
    if ((required.nodeSelectorTerms ?? []).length === 0) errs.push(fieldErr.required(termsPath, 'must have at least one node selector term'));
    (required.nodeSelectorTerms ?? []).forEach((t, i) => errs.push(...validateNodeSelectorTerm(t, path.index(termsPath, i))));
  }
  (na.preferredDuringSchedulingIgnoredDuringExecution ?? []).forEach((t, i) => {
    const p = path.index(path.child(base, 'preferredDuringSchedulingIgnoredDuringExecution'), i);
    if (t.weight <= 0 || t.weight > 100) errs.push(fieldErr.invalid(path.child(p, 'weight'), go.int(t.weight), 'must be in the range 1-100'));
    errs.push(...validateNodeSelectorTerm(t.preference ?? {}, path.child(p, 'preference')));
  });
  return errs;
}

/** ValidatePodSpec, in upstream's order (volumes first: a mount of an invalid volume is "Not found"). */
export function validatePodSpec(spec: PodSpec, fldPath: string, opts: PodValidationOptions): FieldError[] {
  const errs: FieldError[] = [];
  if (spec.terminationGracePeriodSeconds === undefined) errs.push(fieldErr.required(path.child(fldPath, 'terminationGracePeriodSeconds')));
  const grace = spec.terminationGracePeriodSeconds;
  const { names, errs: vErrs } = validateVolumes(spec.volumes, path.child(fldPath, 'volumes'));
  errs.push(...vErrs);
  errs.push(...validateContainers(spec.containers, names, grace, path.child(fldPath, 'containers')));
  errs.push(...validateInitContainers(spec.initContainers, spec.containers, names, grace, path.child(fldPath, 'initContainers')));
  if (spec.hostNetwork) {
    (spec.containers ?? []).forEach((c, i) => (c.ports ?? []).forEach((port, j) => {
      const hp = port.hostPort ?? 0;
      if ((opts.resourceIsPod || hp !== 0) && hp !== port.containerPort) {
        errs.push(fieldErr.invalid(path.child(path.index(path.child(path.index(path.child(fldPath, 'containers'), i), 'ports'), j), 'hostPort'), go.int(hp), 'must match `containerPort` when `hostNetwork` is true'));
      }
    }));
  }
  const rp = spec.restartPolicy ?? '';
  if (rp === '') errs.push(fieldErr.required(path.child(fldPath, 'restartPolicy')));
  else if (!['Always', 'OnFailure', 'Never'].includes(rp)) errs.push(fieldErr.notSupported(path.child(fldPath, 'restartPolicy'), go.str(rp), ['Always', 'OnFailure', 'Never']));
  const dns = spec.dnsPolicy ?? '';
  const dnsValid = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
  if (dns === '') errs.push(fieldErr.required(path.child(fldPath, 'dnsPolicy')));
  else if (!dnsValid.includes(dns)) errs.push(fieldErr.notSupported(path.child(fldPath, 'dnsPolicy'), go.str(dns), dnsValid));
  errs.push(...validateLabels(spec.nodeSelector, path.child(fldPath, 'nodeSelector')));
  errs.push(...validateAffinity(spec, path.child(fldPath, 'affinity')));
  (spec.readinessGates ?? []).forEach((g, i) => {
    for (const m of isQualifiedName(g.conditionType)) errs.push(fieldErr.invalid(path.child(path.index(path.child(fldPath, 'readinessGates'), i), 'conditionType'), go.str(g.conditionType), m));
  });
  if (spec.serviceAccountName) for (const m of nameIsDNSSubdomain(spec.serviceAccountName, false)) errs.push(fieldErr.invalid(path.child(fldPath, 'serviceAccountName'), go.str(spec.serviceAccountName), m));
  if (spec.nodeName) for (const m of nameIsDNSSubdomain(spec.nodeName, false)) errs.push(fieldErr.invalid(path.child(fldPath, 'nodeName'), go.str(spec.nodeName), m));
  if (spec.activeDeadlineSeconds !== undefined && (spec.activeDeadlineSeconds < 1 || spec.activeDeadlineSeconds > MAX_INT32)) {
    errs.push(fieldErr.invalid(path.child(fldPath, 'activeDeadlineSeconds'), go.int(spec.activeDeadlineSeconds), inclusiveRangeError(1, MAX_INT32)));
  }
  errs.push(...validateTolerations(spec.tolerations, path.child(fldPath, 'tolerations')));
  if (spec.priorityClassName) for (const m of nameIsDNSSubdomain(spec.priorityClassName, false)) errs.push(fieldErr.invalid(path.child(fldPath, 'priorityClassName'), go.str(spec.priorityClassName), m));
  if (spec.preemptionPolicy !== undefined && !['PreemptLowerPriority', 'Never'].includes(spec.preemptionPolicy)) {
    errs.push(fieldErr.notSupported(path.child(fldPath, 'preemptionPolicy'), go.str(spec.preemptionPolicy), ['PreemptLowerPriority', 'Never']));
  }
  if (spec.overhead) errs.push(...validateResourceRequirements({ limits: spec.overhead }, path.child(fldPath, 'overhead')));
  return errs;
}

const DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost';

export function validatePodSpecificAnnotations(annotations: Record<string, string> | undefined, fldPath: string): FieldError[] {
  const v = annotations?.[DELETION_COST];
  if (v === undefined) return [];
  const n = Number(v);
  return /^[+-]?\d+$/.test(v) && n >= -(2 ** 31) && n <= MAX_INT32 ? [] : [fieldErr.invalid(path.key(fldPath, DELETION_COST), go.str(v), 'must be a 32bit integer')];
}

/** ValidatePodTemplateSpec (upstream reports template label errors on spec.template.labels). */
export function validatePodTemplateSpec(t: PodTemplateSpec, fldPath: string): FieldError[] {
  const meta = t.metadata ?? {};
  return [
    ...validateLabels(meta.labels, path.child(fldPath, 'labels')),
    ...validateAnnotations(meta.annotations, path.child(fldPath, 'annotations')),
    ...validatePodSpecificAnnotations(meta.annotations, path.child(fldPath, 'annotations')),
    ...validatePodSpec(t.spec ?? ({} as PodSpec), path.child(fldPath, 'spec'), { resourceIsPod: false }),
  ];
}

/** ValidatePodCreate: metadata, spec, and the pod-only checks (no whitespace around images). */
export function validatePod(pod: Pod): FieldError[] {
  const errs = validateObjectMeta(pod.metadata, true, nameIsDNSSubdomain);
  errs.push(...validatePodSpecificAnnotations(pod.metadata.annotations, 'metadata.annotations'));
  errs.push(...validatePodSpec(pod.spec, 'spec', { resourceIsPod: true }));
  for (const [list, key] of [[pod.spec.containers, 'containers'], [pod.spec.initContainers, 'initContainers']] as const) {
    (list ?? []).forEach((c, i) => {
      if (str(c.image) !== str(c.image).trim()) errs.push(fieldErr.invalid(path.child(path.index(path.child('spec', key), i), 'image'), go.str(c.image), 'must not have leading or trailing whitespace'));
    });
  }
  return errs;
}

// ------------------------------------------------------------------ apps

function validatePositiveIntOrPercent(v: IntOrString | undefined, fldPath: string): FieldError[] {
  if (typeof v === 'string') return isValidPercent(v).map((m) => fieldErr.invalid(fldPath, go.intOrString(v), m));
  return validateNonnegativeField(v ?? 0, fldPath);
}

/** getIntOrPercentValue: "25%" → 25, 3 → 3, "x" → 0 (strconv.Atoi of a non-number). */
function intOrPercentValue(v: IntOrString | undefined): number {
  if (typeof v === 'number') return v;
  if (v === undefined) return 0;
  if (isValidPercent(v).length === 0) return Number(v.slice(0, -1));
  return /^[+-]?\d+$/.test(v) ? Number(v) : 0;
}

function validateDeploymentStrategy(strategy: Deployment['spec']['strategy'], fldPath: string): FieldError[] {
  const type = strategy?.type ?? '';
  const ru = strategy?.rollingUpdate;
  if (type === 'Recreate') return ru ? [fieldErr.forbidden(path.child(fldPath, 'rollingUpdate'), "may not be specified when strategy `type` is 'Recreate'")] : [];
  if (type === 'RollingUpdate') {
    if (!ru) return [fieldErr.required(path.child(fldPath, 'rollingUpdate'), 'this should be defaulted and never be nil')];
    const p = path.child(fldPath, 'rollingUpdate');
    const errs = [...validatePositiveIntOrPercent(ru.maxUnavailable, path.child(p, 'maxUnavailable')), ...validatePositiveIntOrPercent(ru.maxSurge, path.child(p, 'maxSurge'))];
    if (intOrPercentValue(ru.maxUnavailable) === 0 && intOrPercentValue(ru.maxSurge) === 0) {
      errs.push(fieldErr.invalid(path.child(p, 'maxUnavailable'), go.intOrString(ru.maxUnavailable), 'may not be 0 when `maxSurge` is 0'));
    }
    if (typeof ru.maxUnavailable === 'string' && isValidPercent(ru.maxUnavailable).length === 0 && intOrPercentValue(ru.maxUnavailable) > 100) {
      errs.push(fieldErr.invalid(path.child(p, 'maxUnavailable'), go.intOrString(ru.maxUnavailable), 'must not be greater than 100%'));
    }
    return errs;
  }
  const goStrategy = go.struct('apps.DeploymentStrategy', [['Type', go.str(type)], ['RollingUpdate', go.ptr('apps.RollingUpdateDeployment', !ru)]]);
  return [fieldErr.notSupported(fldPath, goStrategy, ['Recreate', 'RollingUpdate'])];
}

/**
 * The selector checks shared by ReplicaSet and Deployment specs, then the template (skipped when
 * the selector cannot be parsed): "`selector` does not match template `labels`".
 */
function validateSelectorAndTemplate(selector: LabelSelector | undefined, template: PodTemplateSpec | undefined, fldPath: string): FieldError[] {
  const errs: FieldError[] = [];
  const selPath = path.child(fldPath, 'selector');
  let parsable = true;
  if (!selector) errs.push(fieldErr.required(selPath));
  else {
    const selErrs = validateLabelSelector(selector, selPath);
    errs.push(...selErrs);
    if (Object.keys(selector.matchLabels ?? {}).length + (selector.matchExpressions ?? []).length === 0) {
      errs.push(fieldErr.invalid(selPath, goLabelSelector(selector), 'empty selector is invalid for deployment'));
    }
    parsable = selErrs.length === 0;
  }
  if (!parsable) {
    errs.push(fieldErr.invalid(selPath, goLabelSelector(selector!), 'invalid label selector'));
    return errs;
  }
  const tPath = path.child(fldPath, 'template');
  const t = template ?? ({ spec: {} } as PodTemplateSpec);
  const empty = !!selector && Object.keys(selector.matchLabels ?? {}).length + (selector.matchExpressions ?? []).length === 0;
  // A nil selector matches nothing; an empty one ({}) selects everything and is not compared.
  if (!empty && !(selector && matches(fromLabelSelector(selector), t.metadata?.labels))) {
    errs.push(fieldErr.invalid(path.child(tPath, 'metadata', 'labels'), go.labels(t.metadata?.labels), '`selector` does not match template `labels`'));
  }
  errs.push(...validatePodTemplateSpec(t, tPath));
  const rp = t.spec?.restartPolicy ?? '';
  if (rp !== 'Always') errs.push(fieldErr.notSupported(path.child(tPath, 'spec', 'restartPolicy'), go.str(rp), ['Always']));
  if (t.spec?.activeDeadlineSeconds !== undefined) errs.push(fieldErr.forbidden(path.child(tPath, 'spec', 'activeDeadlineSeconds'), 'activeDeadlineSeconds in ReplicaSet is not Supported'));
  return errs;
}

export function validateDeploymentSpec(spec: Deployment['spec'], fldPath = 'spec'): FieldError[] {
  const errs = validateNonnegativeField(spec.replicas ?? 0, path.child(fldPath, 'replicas'));
  errs.push(...validateSelectorAndTemplate(spec.selector, spec.template, fldPath));
  errs.push(...validateDeploymentStrategy(spec.strategy, path.child(fldPath, 'strategy')));
  errs.push(...validateNonnegativeField(spec.minReadySeconds ?? 0, path.child(fldPath, 'minReadySeconds')));
  if (spec.revisionHistoryLimit !== undefined) errs.push(...validateNonnegativeField(spec.revisionHistoryLimit, path.child(fldPath, 'revisionHistoryLimit')));
  if (spec.progressDeadlineSeconds !== undefined) {
    errs.push(...validateNonnegativeField(spec.progressDeadlineSeconds, path.child(fldPath, 'progressDeadlineSeconds')));
    if (spec.progressDeadlineSeconds <= (spec.minReadySeconds ?? 0)) {
      errs.push(fieldErr.invalid(path.child(fldPath, 'progressDeadlineSeconds'), go.int(spec.progressDeadlineSeconds), 'must be greater than minReadySeconds'));
    }
  }
  return errs;
}

export function validateReplicaSetSpec(spec: ReplicaSet['spec'], fldPath = 'spec'): FieldError[] {
  const errs = validateNonnegativeField(spec.replicas ?? 0, path.child(fldPath, 'replicas'));
  errs.push(...validateNonnegativeField(spec.minReadySeconds ?? 0, path.child(fldPath, 'minReadySeconds')));
  errs.push(...validateSelectorAndTemplate(spec.selector, spec.template, fldPath));
  return errs;
}

// ------------------------------------------------------------------ nodes and namespaces

function validateNodeTaints(taints: readonly Taint[] | undefined, fldPath: string): FieldError[] {
  const errs: FieldError[] = [];
  const unique = new Map<string, Set<string>>();
  (taints ?? []).forEach((t, i) => {
    const idx = path.index(fldPath, i);
    errs.push(...validateLabelName(t.key ?? '', path.child(idx, 'key')));
    const vmsgs = isValidLabelValue(t.value ?? '');
    if (vmsgs.length > 0) errs.push(fieldErr.invalid(path.child(idx, 'value'), go.str(t.value ?? ''), vmsgs.join(';')));
    errs.push(...validateTaintEffect(t.effect ?? '', false, path.child(idx, 'effect')));
    const keys = unique.get(t.effect ?? '') ?? new Set<string>();
    if (keys.has(t.key)) {
      const goTaint = go.struct('core.Taint', [['Key', go.str(t.key)], ['Value', go.str(t.value ?? '')], ['Effect', go.str(t.effect)], ['TimeAdded', go.ptr('v1.Time', !t.timeAdded)]]);
      errs.push({ ...fieldErr.duplicate(idx, goTaint), detail: 'taints must be unique by key and effect pair' });
      return;
    }
    keys.add(t.key);
    unique.set(t.effect ?? '', keys);
  });
  return errs;
}

function validateNodeResources(node: Node): FieldError[] {
  const errs: FieldError[] = [];
  for (const which of ['capacity', 'allocatable'] as const) {
    const list = node.status?.[which] ?? {};
    for (const k of Object.keys(list).sort()) errs.push(...validateResourceQuantityValue(k, list[k]!, `status.${which}.${k}`));
  }
  return errs;
}

/** ValidateNode (note: upstream reports taint errors under metadata.taints). */
export function validateNode(node: Node): FieldError[] {
  const errs = validateObjectMeta(node.metadata, false, nameIsDNSSubdomain);
  errs.push(...validateNodeTaints(node.spec?.taints, 'metadata.taints'));
  errs.push(...validateNodeResources(node));
  (node.spec?.podCIDRs ?? []).forEach((c, i) => {
    if (!isValidCIDR(c)) errs.push(fieldErr.invalid(path.index('spec.podCIDRs', i), go.str(c), CIDR_ERROR));
  });
  return errs;
}

export function validateNamespace(ns: Namespace): FieldError[] {
  const errs = validateObjectMeta(ns.metadata, false, nameIsDNSLabel);
  for (const f of ns.spec?.finalizers ?? []) {
    const msgs = isQualifiedName(f);
    for (const m of msgs) errs.push(fieldErr.invalid('spec.finalizers', go.str(f), m));
    if (msgs.length === 0 && !f.includes('/') && !['kubernetes', 'orphan', 'foregroundDeletion'].includes(f)) {
      errs.push(fieldErr.invalid('spec.finalizers', go.str(f), 'name is neither a standard finalizer name nor is it fully qualified'));
    }
  }
  return errs;
}

// ------------------------------------------------------------------ dispatch

/** The validation a create runs (strategy.Validate) for any served kind. */
export function validateObject(obj: KObject): FieldError[] {
  switch (obj.kind) {
    case 'Pod': return validatePod(obj as Pod);
    case 'Deployment': {
      const d = obj as Deployment;
      return [...validateObjectMeta(d.metadata, true, nameIsDNSSubdomain), ...validateDeploymentSpec(d.spec)];
    }
    case 'ReplicaSet': {
      const rs = obj as ReplicaSet;
      return [...validateObjectMeta(rs.metadata, true, nameIsDNSSubdomain), ...validateReplicaSetSpec(rs.spec)];
    }
    case 'Node': return validateNode(obj as Node);
    case 'Namespace': return validateNamespace(obj as Namespace);
    case 'StatefulSet': return validateStatefulSet(obj as StatefulSet);
    case 'PodDisruptionBudget': return validatePodDisruptionBudget(obj as PodDisruptionBudget);
    case 'HorizontalPodAutoscaler': return validateHorizontalPodAutoscaler(obj as HorizontalPodAutoscaler);
    default: return [];
  }
}


// ------------------------------------------------------------------ updates

/** The fields a pod update may change (v1.28, InPlacePodVerticalScaling off), joined with ",". */
export const UPDATABLE_POD_SPEC_FIELDS = [
  '`spec.containers[*].image`',
  '`spec.initContainers[*].image`',
  '`spec.activeDeadlineSeconds`',
  '`spec.tolerations` (only additions to existing tolerations)',
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
];
export const POD_UPDATE_FORBIDDEN = `pod updates may not change fields other than ${UPDATABLE_POD_SPEC_FIELDS.join(',')}`;

function isZero(v: unknown): boolean {
  if (v === undefined || v === null || v === '' || v === 0 || v === false) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === 'object') return Object.values(v as Record<string, unknown>).every(isZero);
  return false;
}

/**
 * apiequality.Semantic.DeepEqual on JSON: nil and empty slices and maps are equal, and (as the
 * Go structs behind the JSON) an absent field equals its zero value.
 */
export function semanticEqual(a: unknown, b: unknown): boolean {
  if (isZero(a) && isZero(b)) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => semanticEqual(x, b[i]));
  }
  if (typeof a === 'object' && typeof b === 'object' && a !== null && b !== null) {
    const ao = a as Record<string, unknown>;
    const bo = b as Record<string, unknown>;
    for (const k of new Set([...Object.keys(ao), ...Object.keys(bo)])) if (!semanticEqual(ao[k], bo[k])) return false;
    return true;
  }
  return a === b;
}

function validateContainerUpdates(next: readonly Container[] | undefined, old: readonly Container[] | undefined, fldPath: string): { errs: FieldError[]; stop: boolean } {
  if ((next ?? []).length !== (old ?? []).length) return { errs: [fieldErr.forbidden(fldPath, 'pod updates may not add or remove containers')], stop: true };
  const errs: FieldError[] = [];
  (next ?? []).forEach((c, i) => {
    const image = str(c.image);
    if (image === '') errs.push(fieldErr.required(path.child(path.index(fldPath, i), 'image')));
    if (image.trim() !== image) errs.push(fieldErr.invalid(path.child(path.index(fldPath, i), 'image'), go.str(image), 'must not have leading or trailing whitespace'));
  });
  return { errs, stop: false };
}

const sameToleration = (a: Toleration, b: Toleration): boolean =>
  (a.key ?? '') === (b.key ?? '') && (a.operator ?? '') === (b.operator ?? '') && (a.value ?? '') === (b.value ?? '') && (a.effect ?? '') === (b.effect ?? '');

function validateOnlyAddedTolerations(next: readonly Toleration[] | undefined, old: readonly Toleration[] | undefined, fldPath: string): FieldError[] {
  for (const o of old ?? []) {
    if (!(next ?? []).some((n) => sameToleration(o, n))) return [fieldErr.forbidden(fldPath, 'existing toleration can not be modified except its tolerationSeconds')];
  }
  return validateTolerations(next, fldPath);
}

/** core.PodSpec's fields in declaration order, with the v1 JSON fields folded into each. */
const POD_SPEC_GO_FIELDS: [string, string[]][] = [
  ['Volumes', ['volumes']], ['InitContainers', ['initContainers']], ['Containers', ['containers']],
  ['EphemeralContainers', ['ephemeralContainers']], ['RestartPolicy', ['restartPolicy']],
  ['TerminationGracePeriodSeconds', ['terminationGracePeriodSeconds']], ['ActiveDeadlineSeconds', ['activeDeadlineSeconds']],
  ['DNSPolicy', ['dnsPolicy']], ['NodeSelector', ['nodeSelector']], ['ServiceAccountName', ['serviceAccountName', 'serviceAccount']],
  ['AutomountServiceAccountToken', ['automountServiceAccountToken']], ['NodeName', ['nodeName']],
  ['SecurityContext', ['securityContext', 'hostNetwork', 'hostPID', 'hostIPC', 'shareProcessNamespace', 'hostUsers']],
  ['ImagePullSecrets', ['imagePullSecrets']], ['Hostname', ['hostname']], ['Subdomain', ['subdomain']],
  ['SetHostnameAsFQDN', ['setHostnameAsFQDN']], ['Affinity', ['affinity']], ['SchedulerName', ['schedulerName']],
  ['Tolerations', ['tolerations']], ['HostAliases', ['hostAliases']], ['PriorityClassName', ['priorityClassName']],
  ['Priority', ['priority']], ['PreemptionPolicy', ['preemptionPolicy']], ['DNSConfig', ['dnsConfig']],
  ['ReadinessGates', ['readinessGates']], ['RuntimeClassName', ['runtimeClassName']], ['Overhead', ['overhead']],
  ['EnableServiceLinks', ['enableServiceLinks']], ['TopologySpreadConstraints', ['topologySpreadConstraints']],
  ['OS', ['os']], ['SchedulingGates', ['schedulingGates']], ['ResourceClaims', ['resourceClaims']],
];

function renderDiffValue(v: unknown): string {
  if (v === undefined || v === null) return 'nil';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v !== 'object') return String(v);
  return JSON.stringify(v);
}

/**
 * The diff the Forbidden message carries: go-cmp's layout (changed fields as -/+ lines, runs of
 * unchanged ones elided), with JSON values in place of Go literals — go-cmp's exact text is
 * deliberately unstable, so kreplay does not imitate it byte for byte.
 */
export function podSpecDiff(old: PodSpec, next: PodSpec): string {
  const o = old as unknown as Record<string, unknown>;
  const n = next as unknown as Record<string, unknown>;
  const pick = (src: Record<string, unknown>, keys: string[]): unknown => {
    if (keys.length === 1) return src[keys[0]!];
    const out: Record<string, unknown> = {};
    for (const k of keys) if (src[k] !== undefined) out[k] = src[k];
    return Object.keys(out).length > 0 ? out : undefined;
  };
  const lines = ['  core.PodSpec{'];
  let same = 0;
  const flush = (): void => {
    if (same > 0) lines.push(`  \t... // ${same} identical field${same === 1 ? '' : 's'}`);
    same = 0;
  };
  for (const [goName, keys] of POD_SPEC_GO_FIELDS) {
    const a = pick(o, keys);
    const b = pick(n, keys);
    if (semanticEqual(a, b)) {
      same++;
      continue;
    }
    flush();
    lines.push(`- \t${goName}: ${renderDiffValue(a)},`, `+ \t${goName}: ${renderDiffValue(b)},`);
  }
  flush();
  lines.push('  }');
  return lines.join('\n');
}

/**
 * ValidatePodUpdate: a pod's spec is immutable except container images, activeDeadlineSeconds
 * (set, or lowered), added tolerations (tolerationSeconds may change) and a negative grace period
 * raised to 1; anything else is `spec: Forbidden: pod updates may not change fields other than …`.
 */
export function validatePodUpdate(next: Pod, old: Pod): FieldError[] {
  const errs = validateObjectMetaUpdate(next.metadata, old.metadata);
  errs.push(...validatePod(next));
  const nspec = next.spec;
  const ospec = old.spec;
  for (const key of ['containers', 'initContainers'] as const) {
    const r = validateContainerUpdates(nspec[key], ospec[key], path.child('spec', key));
    errs.push(...r.errs);
    if (r.stop) return errs;
  }
  const adsPath = 'spec.activeDeadlineSeconds';
  if (nspec.activeDeadlineSeconds !== undefined) {
    const v = nspec.activeDeadlineSeconds;
    if (v < 0 || v > MAX_INT32) return [...errs, fieldErr.invalid(adsPath, go.int(v), inclusiveRangeError(0, MAX_INT32))];
    if (ospec.activeDeadlineSeconds !== undefined && ospec.activeDeadlineSeconds < v) return [...errs, fieldErr.invalid(adsPath, go.int(v), 'must be less than or equal to previous value')];
  } else if (ospec.activeDeadlineSeconds !== undefined) {
    errs.push(fieldErr.invalid(adsPath, go.null(), 'must not update from a positive integer to nil value'));
  }
  errs.push(...validateOnlyAddedTolerations(nspec.tolerations, ospec.tolerations, 'spec.tolerations'));
  if (semanticEqual(nspec, ospec)) return errs;
  const munged: PodSpec = {
    ...nspec,
    containers: (nspec.containers ?? []).map((c, i) => ({ ...c, image: ospec.containers[i]!.image })),
    tolerations: ospec.tolerations ?? [],
  };
  if (nspec.initContainers) munged.initContainers = nspec.initContainers.map((c, i) => ({ ...c, image: ospec.initContainers![i]!.image }));
  if (ospec.activeDeadlineSeconds !== undefined) munged.activeDeadlineSeconds = ospec.activeDeadlineSeconds;
  else delete munged.activeDeadlineSeconds;
  const mungedRecord = munged as unknown as Record<string, unknown>;
  mungedRecord.schedulingGates = (ospec as unknown as Record<string, unknown>).schedulingGates;
  if ((ospec.terminationGracePeriodSeconds ?? 0) < 0 && munged.terminationGracePeriodSeconds === 1) munged.terminationGracePeriodSeconds = ospec.terminationGracePeriodSeconds!;
  if (!semanticEqual(munged, ospec)) errs.push(fieldErr.forbidden('spec', `${POD_UPDATE_FORBIDDEN}\n${podSpecDiff(ospec, munged)}`));
  return errs;
}

function validateSelectorImmutable(next: LabelSelector | undefined, old: LabelSelector | undefined): FieldError[] {
  if (semanticEqual(next, old)) return [];
  return [fieldErr.invalid('spec.selector', next ? goLabelSelector(next) : go.null(), FIELD_IMMUTABLE_ERROR_MSG)];
}

/** ValidateNodeUpdate: podCIDRs and providerID may only go from unset to set. */
function validateNodeUpdate(next: Node, old: Node): FieldError[] {
  const errs = validateObjectMetaUpdate(next.metadata, old.metadata);
  errs.push(...validateNodeResources(next));
  const oldCIDRs = old.spec?.podCIDRs ?? (old.spec?.podCIDR ? [old.spec.podCIDR] : []);
  const newCIDRs = next.spec?.podCIDRs ?? (next.spec?.podCIDR ? [next.spec.podCIDR] : []);
  if (oldCIDRs.length > 0) {
    const msg = 'node updates may not change podCIDR except from "" to valid';
    if (oldCIDRs.length !== newCIDRs.length) errs.push(fieldErr.forbidden('spec.podCIDRs', msg));
    else oldCIDRs.forEach((c, i) => { if (c !== newCIDRs[i]) errs.push(fieldErr.forbidden('spec.podCIDRs', msg)); });
  }
  if (old.spec?.providerID && old.spec.providerID !== next.spec?.providerID) {
    errs.push(fieldErr.forbidden('spec.providerID', 'node updates may not change providerID except from "" to valid'));
  }
  errs.push(...validateNodeTaints(next.spec?.taints, 'metadata.taints'));
  return errs;
}

/** The validation an update runs (strategy.ValidateUpdate) for any served kind. */
export function validateObjectUpdate(next: KObject, old: KObject): FieldError[] {
  switch (next.kind) {
    case 'Pod': return validatePodUpdate(next as Pod, old as Pod);
    case 'Deployment': {
      const d = next as Deployment;
      return [
        ...validateObjectMetaUpdate(d.metadata, old.metadata),
        ...validateDeploymentSpec(d.spec),
        ...validateSelectorImmutable(d.spec.selector, (old as Deployment).spec.selector),
      ];
    }
    case 'ReplicaSet': {
      const rs = next as ReplicaSet;
      return [
        ...validateObjectMetaUpdate(rs.metadata, old.metadata),
        ...validateReplicaSetSpec(rs.spec),
        ...validateSelectorImmutable(rs.spec.selector, (old as ReplicaSet).spec.selector),
      ];
    }
    case 'Node': return validateNodeUpdate(next as Node, old as Node);
    case 'Namespace': return validateObjectMetaUpdate(next.metadata, old.metadata);
    case 'StatefulSet': return validateStatefulSetUpdate(next as StatefulSet, old as StatefulSet);
    case 'PodDisruptionBudget': return validatePodDisruptionBudgetUpdate(next as PodDisruptionBudget, old as PodDisruptionBudget);
    case 'HorizontalPodAutoscaler': return validateHorizontalPodAutoscalerUpdate(next as HorizontalPodAutoscaler, old as HorizontalPodAutoscaler);
    default: return [];
  }
}

export type { GoValue };
