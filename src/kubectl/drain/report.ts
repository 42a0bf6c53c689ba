// How kubectl drain prints: Go's Duration.String, utilerrors' aggregate Error(), and the two
// output streams (staging/src/k8s.io/apimachinery/pkg/util/errors, Go's time package).
import { formatDuration } from '../../api/time.js';

/** Go's Duration.String for whole and fractional seconds ("1m0s", "1.5s", "500ms"). */
export function goDuration(seconds: number): string {
  if (Number.isInteger(seconds)) return formatDuration(Math.abs(seconds)).replace(/^/, seconds < 0 ? '-' : '');
  if (Math.abs(seconds) < 1) return `${Math.round(seconds * 1000)}ms`;
  const whole = Math.trunc(seconds);
  const frac = String(Math.round(Math.abs(seconds - whole) * 1000)).padStart(3, '0').replace(/0+$/, '');
  return formatDuration(Math.abs(whole)).replace(/s$/, `.${frac}s`).replace(/^/, seconds < 0 ? '-' : '');
}

/** utilerrors aggregate Error(): one message alone, several deduplicated in brackets. */
export function aggregateString(messages: readonly string[]): string {
  const seen = [...new Set(messages)];
  return seen.length === 1 ? seen[0]! : `[${seen.join(', ')}]`;
}

export class Output {
  stdout = '';
  stderr = '';
  out(line: string): void { this.stdout += `${line}\n`; }
  err(line: string): void { this.stderr += `${line}\n`; }
}
