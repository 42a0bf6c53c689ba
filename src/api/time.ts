// Simulated time. Tick N is simulated second N after the scenario's start instant. Kubernetes
// serialises metav1.Time at one-second precision (RFC 3339, UTC, "Z"), which is exactly our
// resolution, so objects carry real-looking timestamps and controllers compare whole seconds.
// `Date` is banned in the core (determinism), so conversion is done with Howard Hinnant's
// civil-calendar algorithms (http://howardhinnant.github.io/date_algorithms.html).

/** Default start instant of tick 0. */
export const DEFAULT_START = '2024-01-01T00:00:00Z';

/** Days since 1970-01-01 of a proleptic Gregorian date. */
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function civilFromDays(z: number): [number, number, number] {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const y = yoe + era * 400;
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  return [y + (m <= 2 ? 1 : 0), m, d];
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Unix seconds of an RFC 3339 instant; NaN when it does not parse. Fractions are dropped. */
export function parseRfc3339(s: string): number {
  const m = RFC3339.exec(s);
  if (!m) return Number.NaN;
  const days = daysFromCivil(Number(m[1]), Number(m[2]), Number(m[3]));
  let secs = days * 86400 + Number(m[4]) * 3600 + Number(m[5]) * 60 + Number(m[6]);
  const zone = m[7]!;
  if (zone !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    secs -= sign * (Number(zone.slice(1, 3)) * 3600 + Number(zone.slice(4, 6)) * 60);
  }
  return secs;
}

const pad2 = (n: number): string => (n < 10 ? '0' : '') + n;

/** The UTC calendar fields of Unix seconds; dayOfWeek 0 = Sunday. */
export interface CivilTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  dayOfWeek: number;
}

export function civilTime(unixSeconds: number): CivilTime {
  const days = Math.floor(unixSeconds / 86400);
  let rest = unixSeconds - days * 86400;
  const [year, month, day] = civilFromDays(days);
  const hour = Math.floor(rest / 3600);
  rest -= hour * 3600;
  const minute = Math.floor(rest / 60);
  // 1970-01-01 was a Thursday
  return { year, month, day, hour, minute, second: rest - minute * 60, dayOfWeek: (((days + 4) % 7) + 7) % 7 };
}

/** RFC 3339 (UTC, second precision) of Unix seconds. */
export function formatRfc3339(unixSeconds: number): string {
  const t = civilTime(unixSeconds);
  return `${String(t.year).padStart(4, '0')}-${pad2(t.month)}-${pad2(t.day)}T${pad2(t.hour)}:${pad2(t.minute)}:${pad2(t.second)}Z`;
}

/**
 * Maps ticks to timestamps and back for one run. Timestamps inside objects are produced only
 * through a Clock, so parsing them back (for "ready since", "deleted at") is exact.
 */
export class Clock {
  readonly startUnix: number;
  private readonly cache = new Map<number, string>();
  private readonly parsed = new Map<string, number>();

  constructor(start: string = DEFAULT_START) {
    const unix = parseRfc3339(start);
    if (Number.isNaN(unix)) throw new Error(`start time ${JSON.stringify(start)} is not an RFC 3339 timestamp`);
    this.startUnix = unix;
  }

  /** The RFC 3339 timestamp of a tick. */
  at(tick: number): string {
    let s = this.cache.get(tick);
    if (s === undefined) {
      s = formatRfc3339(this.startUnix + tick);
      if (this.cache.size > 100_000) this.cache.clear();
      this.cache.set(tick, s);
    }
    return s;
  }

  /** The tick of a timestamp (may be negative or fractional-free for foreign timestamps). */
  tickOf(timestamp: string): number {
    // the same few timestamps (container start times, ready transitions) are parsed over and over
    let t = this.parsed.get(timestamp);
    if (t === undefined) {
      t = parseRfc3339(timestamp) - this.startUnix;
      if (this.parsed.size > 100_000) this.parsed.clear();
      this.parsed.set(timestamp, t);
    }
    return t;
  }

  /** Milliseconds since the Unix epoch of a tick (ULID time part). Never 0, see ulid gotcha. */
  epochMillis(tick: number): number {
    return (this.startUnix + tick) * 1000;
  }
}

// ---------------------------------------------------------------- durations

const DURATION_PART = /(\d+(?:\.\d+)?)(ms|h|m|s)/g;

/**
 * Seconds in a Go-style duration string ("90s", "5m", "1h30m", "1.5s"); a bare integer (number
 * or numeric string) means seconds. Returns NaN for anything else.
 */
export function parseDurationSeconds(v: unknown): number {
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 ? v : Number.NaN;
  if (typeof v !== 'string') return Number.NaN;
  const s = v.trim();
  if (/^\d+$/.test(s)) return Number(s);
  if (s === '' || !/^(\d+(\.\d+)?(ms|h|m|s))+$/.test(s)) return Number.NaN;
  let total = 0;
  for (const m of s.matchAll(DURATION_PART)) {
    const n = Number(m[1]);
    switch (m[2]) {
      case 'h': total += n * 3600; break;
      case 'm': total += n * 60; break;
      case 's': total += n; break;
      case 'ms': total += n / 1000; break;
    }
  }
  return total;
}

/**
 * kubectl's AGE column: k8s.io/apimachinery/pkg/util/duration.HumanDuration.
 * "0s".."119s", "2m".."9m59s" as "Xm" or "XmYs", "10m".."2h59m" as "Xm"/"XhYm", etc.
 */
export function humanDuration(seconds: number): string {
  // Upstream tolerates up to 2 s of clock skew: -1 s prints "0s", less is "<invalid>".
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  const s = Math.floor(seconds);
  if (s < 60 * 2) return `${s}s`;
  const minutes = Math.floor(s / 60);
  if (minutes < 10) {
    const rem = s % 60;
    return rem === 0 ? `${minutes}m` : `${minutes}m${rem}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.floor(s / 3600);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const dy = Math.floor(hours / 24) % 365;
    return dy === 0 ? `${Math.floor(hours / 24 / 365)}y` : `${Math.floor(hours / 24 / 365)}y${dy}d`;
  }
  return `${Math.floor(hours / 24 / 365)}y`;
}

/** A compact duration like "1m30s", "2h", "45s" for messages and logs (Go's Duration.String, whole seconds). */
export function formatDuration(seconds: number): string {
  const s = Math.floor(seconds);
  if (s === 0) return '0s';
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  let out = '';
  if (h > 0) out += `${h}h`;
  if (h > 0 || m > 0) out += `${m}m`;
  out += `${r}s`;
  return out;
}
