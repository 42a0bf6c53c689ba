// Exponential back-off per key, as the kubelet uses it for container restarts (CrashLoopBackOff)
// and image pulls: client-go util/flowcontrol/backoff.go. Differs: time is whole ticks, there is
// no jitter (the kubelet builds its Backoff without), and the table is an immutable JSON value kept
// in pod.sim.kubelet instead of a mutex-guarded map, so every function returns a new table.

/** kubelet.go backOffPeriod: the first restart/pull delay. */
export const BACKOFF_INITIAL_SECONDS = 10;
/** kubelet.go MaxContainerBackOff: the cap (image pulls use the same pair). */
export const BACKOFF_MAX_SECONDS = 300;

export interface BackoffPolicy {
  initialSeconds: number;
  maxSeconds: number;
}

export const KUBELET_BACKOFF: BackoffPolicy = { initialSeconds: BACKOFF_INITIAL_SECONDS, maxSeconds: BACKOFF_MAX_SECONDS };

/** flowcontrol backoffEntry. */
export interface BackoffEntry {
  backoffSeconds: number;
  /** tick of the last Next() */
  lastUpdate: number;
}

export type BackoffTable = Readonly<Record<string, BackoffEntry>>;

/**
 * hasExpired: an entry not updated for more than 2·max is stale — the key is "stable" again.
 * With the kubelet constants: a container that ran more than 600 s since its last restart starts
 * the sequence over (BO-K-2).
 */
export function hasExpired(eventTime: number, lastUpdate: number, policy: BackoffPolicy): boolean {
  return eventTime - lastUpdate > 2 * policy.maxSeconds;
}

/** Backoff.Get: the current delay of `id` (0 when there is no entry). */
export function getBackoff(table: BackoffTable, id: string): number {
  return table[id]?.backoffSeconds ?? 0;
}

/**
 * Backoff.Next: move `id` to its next delay — the initial one for a new or expired entry, else
 * double, capped at max — and stamp lastUpdate with `now` (not eventTime: upstream uses
 * Clock.Now()). Worked numbers with 10 s / 300 s: 10, 20, 40, 80, 160, 300, 300 …
 */
export function nextBackoff(table: BackoffTable, id: string, eventTime: number, now: number, policy: BackoffPolicy): BackoffTable {
  const entry = table[id];
  const backoffSeconds = !entry || hasExpired(eventTime, entry.lastUpdate, policy)
    ? policy.initialSeconds
    : Math.min(entry.backoffSeconds * 2, policy.maxSeconds);
  return { ...table, [id]: { backoffSeconds, lastUpdate: now } };
}

/** Backoff.Reset: forget `id`. */
export function resetBackoff(table: BackoffTable, id: string): BackoffTable {
  if (!(id in table)) return table;
  const out: Record<string, BackoffEntry> = { ...table };
  delete out[id];
  return out;
}

/**
 * Backoff.IsInBackOffSince: whether less than the current delay has passed since eventTime (the
 * kubelet passes the FinishedAt of the last exited container).
 */
export function isInBackOffSince(table: BackoffTable, id: string, eventTime: number, now: number, policy: BackoffPolicy): boolean {
  const entry = table[id];
  if (!entry) return false;
  if (hasExpired(eventTime, entry.lastUpdate, policy)) return false;
  return now - eventTime < entry.backoffSeconds;
}

/**
 * Backoff.IsInBackOffSinceUpdate: whether less than the current delay has passed since the last
 * Next() (the image manager passes now).
 */
export function isInBackOffSinceUpdate(table: BackoffTable, id: string, eventTime: number, policy: BackoffPolicy): boolean {
  const entry = table[id];
  if (!entry) return false;
  if (hasExpired(eventTime, entry.lastUpdate, policy)) return false;
  return eventTime - entry.lastUpdate < entry.backoffSeconds;
}

/**
 * The first tick at which isInBackOffSince(id, eventTime) is false (eventTime itself when there is
 * no live entry): eventTime + delay.
 */
export function backOffEndsSince(table: BackoffTable, id: string, eventTime: number, policy: BackoffPolicy): number {
  const entry = table[id];
  if (!entry || hasExpired(eventTime, entry.lastUpdate, policy)) return eventTime;
  return eventTime + entry.backoffSeconds;
}

/** Backoff.GC: drop entries not updated for more than 2·max. Returns `table` itself when none go. */
export function gcBackoff(table: BackoffTable, now: number, policy: BackoffPolicy): BackoffTable {
  let out: Record<string, BackoffEntry> | undefined;
  for (const id of Object.keys(table)) {
    if (now - table[id]!.lastUpdate > 2 * policy.maxSeconds) {
      out ??= { ...table };
      delete out[id];
    }
  }
  return out ?? table;
}
