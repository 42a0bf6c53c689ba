// `kubectl describe pod` and the container/volume sections shared with pod templates: describePod,
// describeContainers, describeVolumes, DescribeProbe in kubectl/pkg/describe/describe.go (v1.28).
// Differs: shows what the API server would have defaulted when the stored object lacks it (port
// protocol TCP, probe timings, requests copied from limits); unknown volume sources print "<unknown>".
import { formatLabelSelector } from '../../api/labels.js';
import { qosClass } from '../../api/resources.js';
import type { Container, ContainerState, ContainerStatus, Json, LabelSelector, Pod, Probe, ResourceList, Volume } from '../../api/types.js';
import { eventsFor, type KubeEvent } from '../events.js';
import { describeEvents, LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, PrefixWriter, printAnnotationsMultiline, printLabelsMultiline, printTolerationsMultiline, stableSort, type DescribeClock } from './describe-common.js';
import { podIP } from './pod.js';
import { canonicalQuantity, rfc1123z, since } from './units.js';

export interface DescribePodContext extends DescribeClock {
  /** Events (all, or already those of this pod); describe keeps the ones about this pod. */
  events?: readonly KubeEvent[];
}

/** Requests as stored after API defaulting: a limit without a request becomes the request. */
export function defaultedResources(c: Container): { limits: ResourceList; requests: ResourceList } {
  const limits = c.resources?.limits ?? {};
  return { limits, requests: { ...limits, ...(c.resources?.requests ?? {}) } };
}

function describeResourceList(w: PrefixWriter, title: string, list: ResourceList, level: number): void {
  const names = Object.keys(list).sort();
  if (names.length === 0) return;
  w.write(level, `${title}:\n`);
  for (const n of names) w.write(level + 1, `${n}:\t${canonicalQuantity(list[n]!)}\n`);
}

/** DescribeProbe: "http-get http://:8080/healthz delay=0s timeout=1s period=10s #success=1 #failure=3". */
export function describeProbe(p: Probe): string {
  const attrs = `delay=${p.initialDelaySeconds ?? 0}s timeout=${p.timeoutSeconds ?? 1}s period=${p.periodSeconds ?? 10}s #success=${p.successThreshold ?? 1} #failure=${p.failureThreshold ?? 3}`;
  if (p.exec) return `exec [${(p.exec.command ?? []).join(' ')}] ${attrs}`;
  if (p.httpGet) {
    const g = p.httpGet;
    const host = g.host ?? '';
    const port = String(g.port);
    const hostPort = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
    let path = g.path ?? '';
    if (path !== '' && !path.startsWith('/')) path = '/' + path;
    return `http-get ${(g.scheme ?? 'HTTP').toLowerCase()}://${hostPort}${path} ${attrs}`;
  }
  if (p.tcpSocket) return `tcp-socket ${p.tcpSocket.host ?? ''}:${String(p.tcpSocket.port)} ${attrs}`;
  if (p.grpc) return `grpc <pod>:${p.grpc.port} ${p.grpc.service ?? ''} ${attrs}`;
  return `unknown ${attrs}`;
}

function describeState(w: PrefixWriter, name: string, state: ContainerState | undefined): void {
  if (state?.running) {
    w.write(LEVEL_2, `${name}:\tRunning\n`);
    w.write(LEVEL_3, `Started:\t${rfc1123z(state.running.startedAt)}\n`);
  } else if (state?.waiting) {
    w.write(LEVEL_2, `${name}:\tWaiting\n`);
    if (state.waiting.reason) w.write(LEVEL_3, `Reason:\t${state.waiting.reason}\n`);
  } else if (state?.terminated) {
    const t = state.terminated;
    w.write(LEVEL_2, `${name}:\tTerminated\n`);
    if (t.reason) w.write(LEVEL_3, `Reason:\t${t.reason}\n`);
    if (t.message) w.write(LEVEL_3, `Message:\t${t.message}\n`);
    w.write(LEVEL_3, `Exit Code:\t${t.exitCode}\n`);
    if (t.signal && t.signal > 0) w.write(LEVEL_3, `Signal:\t${t.signal}\n`);
    w.write(LEVEL_3, `Started:\t${rfc1123z(t.startedAt)}\n`);
    w.write(LEVEL_3, `Finished:\t${rfc1123z(t.finishedAt)}\n`);
  } else {
    w.write(LEVEL_2, `${name}:\tWaiting\n`);
  }
}

/** Resolves an env var's fieldRef against the pod (fieldpath.ExtractFieldPathAsString). */
function fieldRefValue(pod: Pod | undefined, path: string): string {
  if (!pod) return '';
  const labelOrAnnotation = /^metadata\.(labels|annotations)\['(.*)'\]$/.exec(path);
  if (labelOrAnnotation) return (labelOrAnnotation[1] === 'labels' ? pod.metadata.labels : pod.metadata.annotations)?.[labelOrAnnotation[2]!] ?? '';
  switch (path) {
    case 'metadata.name': return pod.metadata.name;
    case 'metadata.namespace': return pod.metadata.namespace ?? '';
    case 'metadata.uid': return pod.metadata.uid ?? '';
    case 'spec.nodeName': return pod.spec.nodeName ?? '';
    case 'spec.serviceAccountName': return pod.spec.serviceAccountName ?? '';
    case 'status.hostIP': return pod.status?.hostIP ?? '';
    case 'status.podIP': return podIP(pod);
    default: return '';
  }
}

function obj(v: Json | undefined): { [k: string]: Json } {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? v : {};
}

function describeEnv(w: PrefixWriter, c: Container, pod: Pod | undefined): void {
  if ((c.envFrom ?? []).length > 0) {
    w.write(LEVEL_2, 'Environment Variables from:\n');
    for (const e of c.envFrom ?? []) {
      const cm = obj(obj(e).configMapRef);
      const sec = obj(obj(e).secretRef);
      const isCm = Object.keys(cm).length > 0;
      const ref = isCm ? cm : sec;
      const from = isCm ? 'ConfigMap' : Object.keys(sec).length > 0 ? 'Secret' : '';
      const prefix = obj(e).prefix;
      const optional = ref.optional === true;
      w.write(LEVEL_3, prefix ? `${String(ref.name ?? '')}\t${from} with prefix '${String(prefix)}'\tOptional: ${optional}\n` : `${String(ref.name ?? '')}\t${from}\tOptional: ${optional}\n`);
    }
  }
  const env = c.env ?? [];
  w.write(LEVEL_2, `Environment:${env.length === 0 ? '\t<none>' : ''}\n`);
  for (const e of env) {
    if (e.valueFrom === undefined) {
      (e.value ?? '').split('\n').forEach((s, i) => w.write(LEVEL_3, i === 0 ? `${e.name}:\t${s}\n` : `\t${s}\n`));
      continue;
    }
    const vf = obj(e.valueFrom);
    const fieldRef = obj(vf.fieldRef);
    const resRef = obj(vf.resourceFieldRef);
    const secretRef = obj(vf.secretKeyRef);
    const cmRef = obj(vf.configMapKeyRef);
    if (Object.keys(fieldRef).length > 0) {
      const path = String(fieldRef.fieldPath ?? '');
      w.write(LEVEL_3, `${e.name}:\t${fieldRefValue(pod, path)} (${String(fieldRef.apiVersion ?? 'v1')}:${path})\n`);
    } else if (Object.keys(resRef).length > 0) {
      w.write(LEVEL_3, `${e.name}:\t${resourceFieldValue(c, String(resRef.resource ?? ''))} (${String(resRef.resource ?? '')})\n`);
    } else if (Object.keys(secretRef).length > 0) {
      w.write(LEVEL_3, `${e.name}:\t<set to the key '${String(secretRef.key ?? '')}' in secret '${String(secretRef.name ?? '')}'>\tOptional: ${secretRef.optional === true}\n`);
    } else if (Object.keys(cmRef).length > 0) {
      w.write(LEVEL_3, `${e.name}:\t<set to the key '${String(cmRef.key ?? '')}' of config map '${String(cmRef.name ?? '')}'>\tOptional: ${cmRef.optional === true}\n`);
    }
  }
}

/** resourcehelper.ExtractContainerResourceValue with divisor 1; unset limits read "node allocatable". */
function resourceFieldValue(c: Container, resource: string): string {
  const [kind, name] = resource.split('.');
  const r = defaultedResources(c);
  const q = (kind === 'limits' ? r.limits : r.requests)[name ?? ''];
  if (q === undefined) return kind === 'limits' && (name === 'cpu' || name === 'memory') ? 'node allocatable' : '0';
  return canonicalQuantity(q);
}

/** describeContainers: one block per container; `space` is "  " inside a pod template. */
export function describeContainers(w: PrefixWriter, label: string, containers: readonly Container[], statuses: readonly ContainerStatus[] | undefined, pod: Pod | undefined, space: string): void {
  const byName = new Map((statuses ?? []).map((s) => [s.name, s] as const));
  w.write(LEVEL_0, `${space}${label}:${containers.length === 0 ? ' <none>' : ''}\n`);
  for (const c of containers) {
    const st = byName.get(c.name);
    w.write(LEVEL_1, `${space ? ' ' : ''}${c.name}:\n`);
    if (st) w.write(LEVEL_2, `Container ID:\t${st.containerID ?? ''}\n`);
    w.write(LEVEL_2, `Image:\t${c.image}\n`);
    if (st) w.write(LEVEL_2, `Image ID:\t${st.imageID ?? ''}\n`);
    const ports = (c.ports ?? []).map((p) => `${p.containerPort}/${p.protocol ?? 'TCP'}`).join(', ');
    w.write(LEVEL_2, ports.includes(',') ? `Ports:\t${ports}\n` : `Port:\t${ports || '<none>'}\n`);
    const hostPorts = (c.ports ?? []).map((p) => `${p.hostPort ?? 0}/${p.protocol ?? 'TCP'}`).join(', ');
    w.write(LEVEL_2, hostPorts.includes(',') ? `Host Ports:\t${hostPorts}\n` : `Host Port:\t${hostPorts || '<none>'}\n`);
    if (c.command?.length) {
      w.write(LEVEL_2, 'Command:\n');
      for (const s of c.command.flatMap((x) => x.split('\n'))) w.write(LEVEL_3, `${s}\n`);
    }
    if (c.args?.length) {
      w.write(LEVEL_2, 'Args:\n');
      for (const s of c.args.flatMap((x) => x.split('\n'))) w.write(LEVEL_3, `${s}\n`);
    }
    if (st) {
      describeState(w, 'State', st.state);
      if (st.lastState?.terminated) describeState(w, 'Last State', st.lastState);
      w.write(LEVEL_2, `Ready:\t${st.ready ? 'True' : 'False'}\n`);
      w.write(LEVEL_2, `Restart Count:\t${st.restartCount}\n`);
    }
    const r = defaultedResources(c);
    describeResourceList(w, 'Limits', r.limits, LEVEL_2);
    describeResourceList(w, 'Requests', r.requests, LEVEL_2);
    if (c.livenessProbe) w.write(LEVEL_2, `Liveness:\t${describeProbe(c.livenessProbe)}\n`);
    if (c.readinessProbe) w.write(LEVEL_2, `Readiness:\t${describeProbe(c.readinessProbe)}\n`);
    if (c.startupProbe) w.write(LEVEL_2, `Startup:\t${describeProbe(c.startupProbe)}\n`);
    describeEnv(w, c, pod);
    const mounts = c.volumeMounts ?? [];
    w.write(LEVEL_2, `Mounts:${mounts.length === 0 ? '\t<none>' : ''}\n`);
    for (const m of stableSort(mounts, (a, b) => (a.mountPath < b.mountPath ? -1 : a.mountPath > b.mountPath ? 1 : 0))) {
      const flags = [m.readOnly ? 'ro' : 'rw'];
      if (m.subPath) flags.push(`path=${JSON.stringify(m.subPath)}`);
      w.write(LEVEL_3, `${m.mountPath} from ${m.name} (${flags.join(',')})\n`);
    }
  }
}

/** describeVolumes for the sources kreplay meets; `space` is "  " inside a pod template. */
export function describeVolumes(w: PrefixWriter, volumes: readonly Volume[] | undefined, space: string): void {
  if (!volumes || volumes.length === 0) {
    w.write(LEVEL_0, `${space}Volumes:\t<none>\n`);
    return;
  }
  w.write(LEVEL_0, `${space}Volumes:\n`);
  for (const v of volumes) {
    w.write(LEVEL_1, `${space ? ' ' : ''}${v.name}:\n`);
    const src = (k: string): { [key: string]: Json } | undefined => {
      const x = v[k];
      return x !== undefined && x !== null && typeof x === 'object' && !Array.isArray(x) ? x : undefined;
    };
    const emptyDir = v.emptyDir;
    const hostPath = src('hostPath');
    const secret = src('secret');
    const configMap = src('configMap');
    const pvc = src('persistentVolumeClaim');
    const projected = src('projected');
    if (hostPath) {
      w.write(LEVEL_2, `Type:\tHostPath (bare host directory volume)\n    Path:\t${String(hostPath.path ?? '')}\n    HostPathType:\t${String(hostPath.type ?? '')}\n`);
    } else if (emptyDir) {
      const size = emptyDir.sizeLimit && canonicalQuantity(emptyDir.sizeLimit) !== '0' ? canonicalQuantity(emptyDir.sizeLimit) : '<unset>';
      w.write(LEVEL_2, `Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t${emptyDir.medium ?? ''}\n    SizeLimit:\t${size}\n`);
    } else if (secret) {
      w.write(LEVEL_2, `Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t${String(secret.secretName ?? '')}\n    Optional:\t${secret.optional === true}\n`);
    } else if (configMap) {
      w.write(LEVEL_2, `Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t${String(configMap.name ?? '')}\n    Optional:\t${configMap.optional === true}\n`);
    } else if (pvc) {
      w.write(LEVEL_2, `Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n    ClaimName:\t${String(pvc.claimName ?? '')}\n    ReadOnly:\t${pvc.readOnly === true}\n`);
    } else if (projected) {
      w.write(LEVEL_2, 'Type:\tProjected (a volume that contains injected data from multiple sources)\n');
      const sources = Array.isArray(projected.sources) ? projected.sources : [];
      for (const s of sources.map(obj)) {
        if (s.secret) w.write(LEVEL_2, `SecretName:\t${String(obj(s.secret).name ?? '')}\n    Optional:\t${obj(s.secret).optional === true}\n`);
        else if (s.downwardAPI) w.write(LEVEL_2, 'DownwardAPI:\ttrue\n');
        else if (s.configMap) w.write(LEVEL_2, `ConfigMapName:\t${String(obj(s.configMap).name ?? '')}\n    Optional:\t${obj(s.configMap).optional === true}\n`);
        else if (s.serviceAccountToken) w.write(LEVEL_2, `TokenExpirationSeconds:\t${String(obj(s.serviceAccountToken).expirationSeconds ?? 3607)}\n`);
      }
    } else {
      w.write(LEVEL_1, '<unknown>\n');
    }
  }
}

/**
 * `kubectl describe pod`.
 * @example describePod(pod, { now: 120, clock, events })
 */
export function describePod(pod: Pod, ctx: DescribePodContext): string {
  const w = new PrefixWriter();
  const spec = pod.spec;
  const status = pod.status ?? {};
  w.write(LEVEL_0, `Name:\t${pod.metadata.name}\n`);
  w.write(LEVEL_0, `Namespace:\t${pod.metadata.namespace ?? ''}\n`);
  if (spec.priority !== undefined) w.write(LEVEL_0, `Priority:\t${spec.priority}\n`);
  if (spec.priorityClassName) w.write(LEVEL_0, `Priority Class Name:\t${spec.priorityClassName}\n`);
  if (spec.serviceAccountName) w.write(LEVEL_0, `Service Account:\t${spec.serviceAccountName}\n`);
  w.write(LEVEL_0, spec.nodeName ? `Node:\t${spec.nodeName}/${status.hostIP ?? ''}\n` : 'Node:\t<none>\n');
  if (status.startTime) w.write(LEVEL_0, `Start Time:\t${rfc1123z(status.startTime)}\n`);
  printLabelsMultiline(w, 'Labels', pod.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', pod.metadata.annotations);
  if (pod.metadata.deletionTimestamp) {
    // "lasts" is the time since a deadline in the future: kubectl really prints "<invalid>" here.
    w.write(LEVEL_0, `Status:\tTerminating (lasts ${since(pod.metadata.deletionTimestamp, ctx.now, ctx.clock)})\n`);
    w.write(LEVEL_0, `Termination Grace Period:\t${pod.metadata.deletionGracePeriodSeconds ?? 0}s\n`);
  } else {
    w.write(LEVEL_0, `Status:\t${status.phase ?? ''}\n`);
  }
  if (status.reason) w.write(LEVEL_0, `Reason:\t${status.reason}\n`);
  if (status.message) w.write(LEVEL_0, `Message:\t${status.message}\n`);
  const ip = podIP(pod);
  w.write(LEVEL_0, `IP:\t${ip}\n`);
  const ips = status.podIPs ?? (ip ? [{ ip }] : []);
  if (ips.length === 0) w.write(LEVEL_0, 'IPs:\t<none>\n');
  else {
    w.write(LEVEL_0, 'IPs:\n');
    for (const x of ips) w.write(LEVEL_1, `IP:\t${x.ip}\n`);
  }
  const owner = pod.metadata.ownerReferences?.find((r) => r.controller === true);
  if (owner) w.write(LEVEL_0, `Controlled By:\t${owner.kind}/${owner.name}\n`);
  if (status.nominatedNodeName) w.write(LEVEL_0, `NominatedNodeName:\t${status.nominatedNodeName}\n`);
  if ((spec.initContainers ?? []).length > 0) describeContainers(w, 'Init Containers', spec.initContainers!, status.initContainerStatuses, pod, '');
  describeContainers(w, 'Containers', spec.containers, status.containerStatuses, pod, '');
  if ((spec.readinessGates ?? []).length > 0) {
    w.write(LEVEL_0, 'Readiness Gates:\n  Type\tStatus\n');
    for (const g of spec.readinessGates!) {
      const c = (status.conditions ?? []).find((x) => x.type === g.conditionType);
      w.write(LEVEL_1, `${g.conditionType} \t${c?.status ?? '<none>'} \n`);
    }
  }
  if ((status.conditions ?? []).length > 0) {
    w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\n');
    for (const c of status.conditions!) w.write(LEVEL_1, `${c.type} \t${c.status} \n`);
  }
  describeVolumes(w, spec.volumes, '');
  w.write(LEVEL_0, `QoS Class:\t${qosClass(spec)}\n`);
  printLabelsMultiline(w, 'Node-Selectors', spec.nodeSelector);
  printTolerationsMultiline(w, 'Tolerations', spec.tolerations);
  describeTopologySpread(w, spec.topologySpreadConstraints);
  describeEvents(eventsFor(ctx.events ?? [], pod), w, ctx);
  return w.toString();
}

/** describeTopologySpreadConstraints (only when the pod has some). */
function describeTopologySpread(w: PrefixWriter, tscs: readonly Json[] | undefined): void {
  if (!tscs || tscs.length === 0) return;
  const sorted = stableSort(tscs.map(obj), (a, b) => (String(a.topologyKey) < String(b.topologyKey) ? -1 : String(a.topologyKey) > String(b.topologyKey) ? 1 : 0));
  w.write(LEVEL_0, 'Topology Spread Constraints:\t');
  sorted.forEach((t, i) => {
    if (i !== 0) w.write(LEVEL_0, '\t');
    const selector = t.labelSelector ? ` for selector ${formatLabelSelector(t.labelSelector as LabelSelector)}` : '';
    w.write(LEVEL_0, `${String(t.topologyKey)}:${String(t.whenUnsatisfiable)} when max skew ${String(t.maxSkew)} is exceeded${selector}\n`);
  });
}
