// `kubectl describe statefulset`: describeStatefulSet and describeVolumeClaimTemplates of
// kubectl/pkg/describe/describe.go (v1.28). Differs: missing defaults are shown as the API server sets
// them; the claim templates are printed from the stored JSON (kreplay makes no PVCs from them).
import { formatSelector, fromLabelSelector } from '../../api/labels.js';
import type { Json, Pod, StatefulSet } from '../../api/types.js';
import { eventsFor, type KubeEvent } from '../events.js';
import { describePodTemplate, podStatusCounts } from './describe-apps.js';
import { describeEvents, LEVEL_0, LEVEL_1, PrefixWriter, printAnnotationsMultiline, printLabelsMultiline, type DescribeClock } from './describe-common.js';
import { rfc1123z } from './units.js';

export interface DescribeStatefulSetContext extends DescribeClock {
  /** Pods of the namespace (or just this StatefulSet's); "Pods Status" counts the ones it controls. */
  pods: readonly Pod[];
  events?: readonly KubeEvent[];
}

interface ClaimTemplate {
  metadata?: { name?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: { storageClassName?: string; accessModes?: string[]; resources?: { requests?: Record<string, string> } };
}

/** describeVolumeClaimTemplates: name, class (beta annotation first), labels, annotations, capacity, access modes. */
function describeVolumeClaimTemplates(templates: readonly Json[] | undefined, w: PrefixWriter): void {
  if (!templates?.length) {
    w.write(LEVEL_0, 'Volume Claims:\t<none>\n');
    return;
  }
  w.write(LEVEL_0, 'Volume Claims:\n');
  for (const raw of templates) {
    const pvc = raw as unknown as ClaimTemplate;
    w.write(LEVEL_1, `Name:\t${pvc.metadata?.name ?? ''}\n`);
    const cls = pvc.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? pvc.spec?.storageClassName ?? '';
    w.write(LEVEL_1, `StorageClass:\t${cls}\n`);
    printLabelsMultiline(w, 'Labels', pvc.metadata?.labels, '  ');
    printLabelsMultiline(w, 'Annotations', pvc.metadata?.annotations, '  ');
    w.write(LEVEL_1, `Capacity:\t${pvc.spec?.resources?.requests?.storage ?? '<default>'}\n`);
    w.write(LEVEL_1, `Access Modes:\t[${(pvc.spec?.accessModes ?? []).join(' ')}]\n`);
  }
}

/**
 * `kubectl describe statefulset`.
 * @example describeStatefulSet(sts, { pods, events, now: 300, clock })
 */
export function describeStatefulSet(ss: StatefulSet, ctx: DescribeStatefulSetContext): string {
  let selector: string;
  try {
    selector = formatSelector(fromLabelSelector(ss.spec.selector));
  } catch (e) {
    return `error: ${(e as Error).message}\n`;
  }
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${ss.metadata.name}\n`);
  w.write(LEVEL_0, `Namespace:\t${ss.metadata.namespace ?? ''}\n`);
  w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(ss.metadata.creationTimestamp)}\n`);
  w.write(LEVEL_0, `Selector:\t${selector}\n`);
  printLabelsMultiline(w, 'Labels', ss.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', ss.metadata.annotations);
  w.write(LEVEL_0, `Replicas:\t${ss.spec.replicas ?? 1} desired | ${ss.status?.replicas ?? 0} total\n`);
  w.write(LEVEL_0, `Update Strategy:\t${ss.spec.updateStrategy?.type ?? ''}\n`);
  const ru = ss.spec.updateStrategy?.rollingUpdate;
  if (ru?.partition !== undefined) {
    w.write(LEVEL_1, `Partition:\t${ru.partition}\n`);
    if (ru.maxUnavailable !== undefined) w.write(LEVEL_1, `MaxUnavailable:\t${ru.maxUnavailable}\n`);
  }
  const c = podStatusCounts(ss, ctx.pods);
  w.write(LEVEL_0, `Pods Status:\t${c.running} Running / ${c.waiting} Waiting / ${c.succeeded} Succeeded / ${c.failed} Failed\n`);
  describePodTemplate(w, ss.spec.template);
  describeVolumeClaimTemplates(ss.spec.volumeClaimTemplates, w);
  describeEvents(eventsFor(ctx.events ?? [], ss), w, ctx);
  return w.toString();
}
