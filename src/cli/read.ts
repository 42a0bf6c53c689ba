// kreplay get / describe (filled in when the printers land)
import type { Io } from './main.js';
import { UsageError } from './main.js';

export function getCommand(_args: string[], _io: Io): number {
  throw new UsageError('get is not available yet');
}

export function describeCommand(_args: string[], _io: Io): number {
  throw new UsageError('describe is not available yet');
}
