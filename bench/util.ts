// Shared helpers for the benchmarks: temporary databases, timing, peak RSS.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

export function tempDb(name: string): { file: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'kreplay-bench-'));
  return { file: join(dir, `${name}.db`), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function time<T>(fn: () => T): { value: T; seconds: number } {
  const t0 = performance.now();
  const value = fn();
  return { value, seconds: (performance.now() - t0) / 1000 };
}

let peakRss = 0;
export function sampleRss(): number {
  const rss = process.memoryUsage.rss();
  if (rss > peakRss) peakRss = rss;
  return peakRss;
}

export function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MB`;
}

export function rate(n: number, seconds: number): string {
  return `${Math.round(n / seconds).toLocaleString('en-US')}/s`;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}
