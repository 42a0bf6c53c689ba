// The `kreplay` command (../shared/design/CLI.md, a contract). This is an I/O edge: it may read
// the wall clock (to report how long a run took) and talk to the terminal. Exit codes: 0
// success, 1 an expectation or check failed, 2 bad input or usage (one line on stderr, nothing
// written).
import { parseArgs, type ParseArgsConfig } from 'node:util';

export type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig['options']>;
import { InputError } from '../scenario/yaml.js';
import { StoreError } from '../store/eventlog.js';
import { TimeError } from '../timetravel/seek.js';
import { UnknownKindError } from '../scenario/refs.js';
import { runCommand } from './run.js';
import { logCommand, diffCommand, verifyCommand } from './history.js';
import { getCommand, describeCommand } from './read.js';
import { topCommand } from './top.js';
import { explainCommand } from './explain.js';

export class UsageError extends Error {}

export interface Io {
  out(s: string): void;
  err(s: string): void;
  isTTY: boolean;
}

const USAGE = `kreplay — a deterministic, event-sourced simulator of the Kubernetes control plane

Usage:
  kreplay run SCENARIO [--db FILE] [--seed N] [--json]
  kreplay get KIND[/NAME] [NAME] [-n NS] [-A] [--at T] [-o wide|yaml|json] [-l SELECTOR] [--show-labels]
  kreplay describe KIND/NAME [-n NS] [--at T]
  kreplay log [--object KIND/NAME] [--type TYPE] [--from T] [--to T] [--json]
  kreplay diff --from T1 --to T2 [--object KIND/NAME] [--json]
  kreplay explain KIND/NAME [-n NS] [--at T] [--json]
  kreplay verify
  kreplay top pods [NAME] [-n NS] [-A] [-l SELECTOR] [--at T] [--containers] [--sort-by cpu|memory]
  kreplay top nodes [NAME] [-l SELECTOR] [--at T] [--sort-by cpu|memory]

Commands that read a run take --db FILE (default kreplay.db). Times are durations from the
start (90s, 5m, 1h30m) or tick:N, and default to the last tick.
Exit codes: 0 success, 1 an expectation or check failed, 2 bad input or usage.`;

export type Command = (args: string[], io: Io) => number;

const COMMANDS: Record<string, Command> = {
  run: runCommand,
  get: getCommand,
  describe: describeCommand,
  log: logCommand,
  diff: diffCommand,
  explain: explainCommand,
  verify: verifyCommand,
  top: topCommand,
};

export function main(argv: string[], io: Io): number {
  const [cmd, ...rest] = argv;
  if (cmd === undefined || cmd === '--help' || cmd === '-h' || cmd === 'help') {
    io.out(USAGE + '\n');
    return cmd === undefined ? 2 : 0;
  }
  if (cmd === '--version' || cmd === 'version') {
    io.out('kreplay 0.1.0\n');
    return 0;
  }
  const fn = COMMANDS[cmd];
  if (!fn) {
    io.err(`kreplay: unknown command "${cmd}" (try: ${Object.keys(COMMANDS).join(', ')}; kreplay --help)\n`);
    return 2;
  }
  try {
    return fn(rest, io);
  } catch (err) {
    if (err instanceof UsageError || err instanceof InputError || err instanceof StoreError || err instanceof TimeError || err instanceof UnknownKindError) {
      io.err(`kreplay ${cmd}: ${oneLine(err.message)}\n`);
      return 2;
    }
    if (err instanceof Error && 'code' in err && (err as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      io.err(`kreplay ${cmd}: ${oneLine(err.message)}\n`);
      return 2;
    }
    throw err;
  }
}

function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ').trim();
}

/** parseArgs with kreplay's conventions; unknown flags are usage errors. */
export type Parsed<O extends ParseArgsOptionsConfig> = ReturnType<typeof parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>>;

export function parse<const O extends ParseArgsOptionsConfig>(args: string[], options: O, positionals: { min: number; max: number; usage: string }): Parsed<O> {
  let parsed: Parsed<O>;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true as const, strict: true as const });
  } catch (err) {
    throw new UsageError(`${(err as Error).message.split('\n')[0]} (usage: ${positionals.usage})`);
  }
  if (parsed.positionals.length < positionals.min || parsed.positionals.length > positionals.max) {
    throw new UsageError(`expected ${positionals.min === positionals.max ? positionals.min : `${positionals.min}–${positionals.max}`} argument(s) (usage: ${positionals.usage})`);
  }
  return parsed;
}
