// kubectl's PodDisruptionBudget output: the `get pdb` columns (printPodDisruptionBudget,
// pkg/printers/internalversion/printers.go) and `describe pdb` (describePodDisruptionBudgetV1,
// kubectl/pkg/describe/describe.go), v1.28. Differs: nothing known.
import { formatLabelSelector } from '../../api/labels.js';
import type { Clock } from '../../api/time.js';
import type { IntOrString, PodDisruptionBudget } from '../../api/types.js';
import { eventsFor, type KubeEvent } from '../events.js';
import { describeEvents, LEVEL_0, LEVEL_2, PrefixWriter, type DescribeClock } from './describe-common.js';
import { since } from './units.js';

/** The `get pdb` headers after NAME. */
export const PDB_COLUMNS = ['MIN AVAILABLE', 'MAX UNAVAILABLE', 'ALLOWED DISRUPTIONS', 'AGE'] as const;

/** IntOrString.String(): the integer or the string. */
const intOrString = (v: IntOrString): string => String(v);

/**
 * printPodDisruptionBudget: NAME, MIN AVAILABLE, MAX UNAVAILABLE ("N/A" when unset), ALLOWED
 * DISRUPTIONS, AGE.
 * @example pdbCells(pdb, 65, clock) // ['web', '2', 'N/A', '1', '65s']
 */
export function pdbCells(pdb: PodDisruptionBudget, now: number, clock: Clock): string[] {
  const spec = pdb.spec ?? {};
  return [
    pdb.metadata.name,
    spec.minAvailable !== undefined ? intOrString(spec.minAvailable) : 'N/A',
    spec.maxUnavailable !== undefined ? intOrString(spec.maxUnavailable) : 'N/A',
    String(pdb.status?.disruptionsAllowed ?? 0),
    since(pdb.metadata.creationTimestamp, now, clock),
  ];
}

export interface DescribePodDisruptionBudgetContext extends DescribeClock {
  events?: readonly KubeEvent[];
}

/**
 * describePodDisruptionBudgetV1: name, namespace, the budget (min available, else max
 * unavailable), the selector, the status counts, and the Events.
 */
export function describePodDisruptionBudget(pdb: PodDisruptionBudget, ctx: DescribePodDisruptionBudgetContext): string {
  const w = new PrefixWriter();
  const spec = pdb.spec ?? {};
  const st = pdb.status;
  w.write(LEVEL_0, `Name:\t${pdb.metadata.name}\n`);
  w.write(LEVEL_0, `Namespace:\t${pdb.metadata.namespace ?? ''}\n`);
  if (spec.minAvailable !== undefined) w.write(LEVEL_0, `Min available:\t${intOrString(spec.minAvailable)}\n`);
  else if (spec.maxUnavailable !== undefined) w.write(LEVEL_0, `Max unavailable:\t${intOrString(spec.maxUnavailable)}\n`);
  w.write(LEVEL_0, `Selector:\t${spec.selector ? formatLabelSelector(spec.selector) : '<unset>'}\n`);
  w.write(LEVEL_0, 'Status:\n');
  w.write(LEVEL_2, `Allowed disruptions:\t${st?.disruptionsAllowed ?? 0}\n`);
  w.write(LEVEL_2, `Current:\t${st?.currentHealthy ?? 0}\n`);
  w.write(LEVEL_2, `Desired:\t${st?.desiredHealthy ?? 0}\n`);
  w.write(LEVEL_2, `Total:\t${st?.expectedPods ?? 0}\n`);
  describeEvents(eventsFor(ctx.events ?? [], pdb), w, ctx);
  return w.toString();
}
