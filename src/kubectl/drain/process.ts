// `kubectl drain` after the cordon: each node's turn (deleteOrEvictPodsSimple), the eviction
// goroutines with their 5 s retries and waitForDelete polls, the timeouts, and the final report
// (RunDrain). Follows staging/src/k8s.io/kubectl/pkg/{drain/drain.go,cmd/drain/drain.go} (v1.28).
// Differs: ticks of one second; the turn's memory lives in node.sim['kubectl-drain'] (see Book).
import type { Clock } from '../../api/time.js';
import type { Json, Pod } from '../../api/types.js';
import { deleteObject } from '../../state/apiserver.js';
import type { View } from '../../state/cluster.js';
import type { Ctx } from '../../state/controller.js';
import { evictPod } from '../../state/eviction.js';
import type { ClientProcess, KubectlEnv, ProcessUpdate } from '../types.js';
import { BOOK_KEY, readBook, type Book, type Failed, type Fatal } from './book.js';
import { getPodsForDeletion, shouldSkipPod, type FilterOptions } from './filters.js';
import { aggregateString, goDuration, Output } from './report.js';

/** evictPods sleeps this long after a 429 before the next attempt. */
export const RETRY_SECONDS = 5;

export interface DrainSettings extends FilterOptions {
  /** --grace-period (negative: the pod's own) */
  gracePeriodSeconds: number;
  /** --timeout in seconds (0: none) */
  timeoutSeconds: number;
  /** --disable-eviction: DELETE instead of evict */
  disableEviction: boolean;
  /** --dry-run=client: print what would be evicted, write nothing */
  dryRun: boolean;
}

type PodState = 'gone' | 'failed' | 'waiting' | 'retrying' | 'timedout' | 'skipped';

interface Turn {
  states: { uid: string; pod: Pod | undefined; state: PodState }[];
  /** the pods' errors (recorded and derived), in the order their goroutines ended */
  errors: Failed[];
  /** --disable-eviction's wait timed out */
  timedOut: boolean;
  finished: boolean;
}

/**
 * The running drain: one node's turn at a time. act() (input phase, may write) starts turns and
 * makes the due eviction attempts; observe() (end of tick) polls the evicted pods' deletion.
 */
export class DrainProcess implements ClientProcess {
  private idx = 0;
  private book: Book | undefined;
  /** pods evicted and waiting for deletion, as of the last poll (uid → name) */
  private waiting = new Map<string, string>();
  private fatal: Fatal[] = [];
  private pending: string[] = [];
  private done = false;
  private exitCode = 0;

  constructor(private readonly nodes: readonly string[], private readonly s: DrainSettings, private readonly command: number, private readonly cause: number | undefined) {
    if (nodes.length === 0) this.done = true;
  }

  /** The deadline tick of the turn (undefined: no --timeout). */
  private deadline(book: Book): number | undefined {
    return this.s.timeoutSeconds === 0 ? undefined : book.start + Math.ceil(this.s.timeoutSeconds);
  }

  /** The turn's state at tick t, as the pods show it; waiting pods time out at polls from `pollTick` on. */
  private derive(view: View, clock: Clock, book: Book, pollTick: number): Turn {
    const d = this.deadline(book);
    const failed = new Map(book.failed.map((f) => [f.uid, f]));
    const errors = [...book.failed];
    const states = book.pods.map((uid) => {
      const o = view.getByUid(uid);
      const pod = o && o.kind === 'Pod' ? (o as Pod) : undefined;
      let state: PodState;
      if (failed.has(uid)) state = 'failed';
      else if (!pod) state = 'gone';
      else if (this.s.disableEviction || pod.metadata.deletionTimestamp !== undefined) {
        if (shouldSkipPod(pod, this.s.skipWaitForDeleteTimeoutSeconds, pollTick, (x) => clock.tickOf(x))) state = 'skipped';
        else if (!this.s.disableEviction && d !== undefined && pollTick >= d) {
          state = 'timedout';
          errors.push({ uid, at: d, act: false, message: `error when waiting for pod "${pod.metadata.name}" in namespace "${pod.metadata.namespace}" to terminate: global timeout reached: ${goDuration(this.s.timeoutSeconds)}` });
        } else state = 'waiting';
      } else state = 'retrying';
      return { uid, pod, state };
    });
    const index = new Map(book.pods.map((u, i) => [u, i]));
    errors.sort((a, b) => a.at - b.at || Number(b.act) - Number(a.act) || index.get(a.uid)! - index.get(b.uid)!);
    const open = states.some((x) => x.state === 'waiting' || x.state === 'retrying');
    const timedOut = this.s.disableEviction && open && d !== undefined && pollTick >= d;
    return { states, errors, timedOut, finished: !open || timedOut };
  }

  /** Re-create the process of a drain that started at `command` from the state (a resumed run). */
  /** true once every node's turn is over (the final report printed) */
  get finished(): boolean {
    return this.done;
  }

  static resume(view: View, clock: Clock, nodes: readonly string[], s: DrainSettings, command: number, tick: number): DrainProcess {
    const p = new DrainProcess(nodes, s, command, undefined);
    for (p.idx = 0; p.idx < nodes.length; p.idx++) {
      const node = nodes[p.idx]!;
      const book = readBook(view, node, command);
      if (!book) {
        if (view.get('Node', '', node)) break; // this turn starts at the next act
        continue;
      }
      p.fatal = book.fatal.map((f) => ({ ...f, messages: [...f.messages] }));
      p.pending = [...book.pending];
      if (book.errors) {
        p.fail(node, { messages: book.errors, aggregate: true });
        continue;
      }
      const turn = p.derive(view, clock, book, tick);
      if (turn.finished) {
        const f = p.turnError(turn);
        if (f) p.fail(node, f);
        continue;
      }
      p.book = book;
      for (const x of turn.states) if (x.state === 'waiting') p.waiting.set(x.uid, x.pod!.metadata.name);
      break;
    }
    if (p.idx >= nodes.length) p.done = true;
    return p;
  }

  /** The command's first tick: the first node's turn (and the next ones if they end at once). */
  begin(ctx: Ctx, o: Output): ProcessUpdate | undefined {
    this.advance(ctx, o);
    return this.done ? { done: true, exitCode: this.exitCode } : undefined;
  }

  act(env: KubectlEnv): ProcessUpdate {
    const o = new Output();
    if (!this.done) this.advance(env.ctx, o);
    return this.update(o);
  }

  observe(view: View, tick: number, clock: Clock): ProcessUpdate {
    const o = new Output();
    if (this.done || !this.book) return this.update(o);
    const node = this.nodes[this.idx]!;
    const turn = this.derive(view, clock, this.book, tick);
    const verb = this.s.disableEviction ? 'deleted' : 'evicted';
    for (const x of turn.states) {
      const name = this.waiting.get(x.uid);
      if (name === undefined) continue;
      if (x.state === 'gone') o.out(`pod/${name} ${verb}`);
      else if (x.state === 'skipped') o.out(`pod ${JSON.stringify(name)} has DeletionTimestamp older than ${this.s.skipWaitForDeleteTimeoutSeconds} seconds, skipping`);
    }
    this.waiting = new Map(turn.states.filter((x) => x.state === 'waiting').map((x) => [x.uid, x.pod!.metadata.name]));
    if (turn.finished) this.finishTurn(view, node, turn, tick, clock, o);
    return this.update(o);
  }

  private update(o: Output): ProcessUpdate {
    const u: ProcessUpdate = { done: this.done };
    if (o.stdout) u.stdout = o.stdout;
    if (o.stderr) u.stderr = o.stderr;
    if (this.done) u.exitCode = this.exitCode;
    return u;
  }

  /** Start turns and make due attempts until a turn is in progress or the command is over. */
  private advance(ctx: Ctx, o: Output): void {
    while (!this.done) {
      const node = this.nodes[this.idx]!;
      if (!this.book) {
        if (!ctx.view.get('Node', '', node)) { // deleted since the cordon: nothing left to drain
          this.next(ctx, o);
          continue;
        }
        this.startTurn(ctx, node, o);
        if (!this.book) continue; // failed or had nothing to evict
      } else {
        this.attempt(ctx, this.book, o, false);
      }
      const turn = this.derive(ctx.view, ctx.clock, this.book, ctx.tick - 1);
      if (!turn.finished) return;
      this.finishTurn(ctx.view, node, turn, ctx.tick, ctx.clock, o);
    }
  }

  /** deleteOrEvictPodsSimple's start: list and filter the pods, record the turn, first attempts. */
  private startTurn(ctx: Ctx, node: string, o: Output): void {
    const list = getPodsForDeletion(ctx.view, node, this.s, ctx.tick, (x) => ctx.clock.tickOf(x));
    const errors = list.errors();
    if (this.s.dryRun) return this.dryRunTurn(ctx, node, list, o);
    const pods = errors.length > 0 ? [] : list.pods();
    const book: Book = { command: this.command, start: ctx.tick, pods: pods.map((p) => p.metadata.uid!), failed: [], fatal: this.fatal, pending: this.pending };
    if (this.cause !== undefined) book.cause = this.cause;
    if (errors.length > 0) book.errors = errors;
    const nodeObj = ctx.view.get('Node', '', node)!;
    ctx.update(nodeObj, (d) => {
      d.sim ??= {};
      d.sim[BOOK_KEY] = JSON.parse(JSON.stringify(book)) as Json;
    }, { type: 'NodeDrainStarted', ...(this.cause !== undefined ? { cause: this.cause } : {}), data: { pods: book.pods.length } });
    if (errors.length > 0) {
      this.fail(node, { messages: errors, aggregate: true }, o);
      this.next(ctx, o);
      return;
    }
    const warnings = list.warnings();
    if (warnings) o.err(`Warning: ${warnings}`);
    if (pods.length === 0) {
      o.out(`node/${node} drained`);
      this.next(ctx, o);
      return;
    }
    this.book = book;
    this.waiting = new Map();
    if (this.s.disableEviction) {
      // deletePods: DELETE each, then waitForDelete (an immediate first poll)
      for (const pod of pods) deleteObject(ctx, pod, { ...(this.cause !== undefined ? { cause: this.cause } : {}), data: { drain: node } }, this.s.gracePeriodSeconds >= 0 ? { gracePeriodSeconds: this.s.gracePeriodSeconds } : {});
      for (const pod of pods) {
        if (ctx.view.getByUid(pod.metadata.uid!)) this.waiting.set(pod.metadata.uid!, pod.metadata.name);
        else o.out(`pod/${pod.metadata.name} deleted`);
      }
      return;
    }
    this.attempt(ctx, book, o, true);
  }

  /** --dry-run=client: the same report, nothing written, every node "drained (dry run)". */
  private dryRunTurn(ctx: Ctx, node: string, list: ReturnType<typeof getPodsForDeletion>, o: Output): void {
    const errors = list.errors();
    if (errors.length > 0) this.fail(node, { messages: errors, aggregate: true }, o);
    else {
      const warnings = list.warnings();
      if (warnings) o.err(`Warning: ${warnings}`);
      for (const pod of list.pods()) o.out(`evicting pod ${pod.metadata.namespace}/${pod.metadata.name} (dry run)`);
      o.out(`node/${node} drained (dry run)`);
    }
    this.next(ctx, o);
  }

  /**
   * The eviction goroutines due now: each retrying pod at start + 5k ("evicting pod …" first);
   * past the deadline the attempt ends in the timeout error instead. Errors that end a
   * goroutine, and polls' timeouts not yet recorded, go into the turn's record.
   */
  private attempt(ctx: Ctx, book: Book, o: Output, first: boolean): void {
    if (this.s.disableEviction) return;
    const due = first || (ctx.tick > book.start && (ctx.tick - book.start) % RETRY_SECONDS === 0);
    const before = this.derive(ctx.view, ctx.clock, book, ctx.tick - 1);
    const failed: Failed[] = before.errors.filter((e) => !book.failed.some((f) => f.uid === e.uid));
    const d = this.deadline(book);
    if (due) {
      for (const x of before.states) {
        if (x.state !== 'retrying') continue;
        const pod = x.pod!;
        const ref = `pods/${JSON.stringify(pod.metadata.name)} -n ${JSON.stringify(pod.metadata.namespace)}`;
        o.out(`evicting pod ${pod.metadata.namespace}/${pod.metadata.name}`);
        if (d !== undefined && ctx.tick >= d) {
          failed.push({ uid: x.uid, at: ctx.tick, act: true, message: `error when evicting ${ref}: global timeout reached: ${goDuration(this.s.timeoutSeconds)}` });
          continue;
        }
        const r = evictPod(ctx, pod, { ...(this.s.gracePeriodSeconds >= 0 ? { gracePeriodSeconds: this.s.gracePeriodSeconds } : {}), ...(book.cause !== undefined ? { cause: book.cause } : {}) });
        if (r.ok) {
          if (ctx.view.getByUid(x.uid)) this.waiting.set(x.uid, pod.metadata.name);
          else o.out(`pod/${pod.metadata.name} evicted`); // waitForDelete's immediate first poll
        } else if (r.code === 404) {
          // gone meanwhile: the goroutine ends quietly
        } else if (r.code === 429) {
          o.err(`error when evicting ${ref} (will retry after ${RETRY_SECONDS}s): ${r.message}`);
        } else {
          failed.push({ uid: x.uid, at: ctx.tick, act: true, message: `error when evicting ${ref}: ${r.message}` });
        }
      }
    }
    if (failed.length === 0) return;
    book.failed = [...book.failed, ...failed];
    const nodeObj = ctx.view.get('Node', '', this.nodes[this.idx]!);
    if (!nodeObj) return;
    ctx.update(nodeObj, (dr) => {
      const b = dr.sim![BOOK_KEY] as unknown as Book;
      b.failed.push(...(JSON.parse(JSON.stringify(failed)) as Failed[]));
    }, { type: 'NodeDrainPodsFailed', ...(book.cause !== undefined ? { cause: book.cause } : {}), data: { pods: failed.map((f) => f.uid) } });
  }

  /** The error a finished turn returns, if any. */
  private turnError(turn: Turn): Fatal | undefined {
    if (turn.timedOut) return { messages: ['timed out waiting for the condition'], aggregate: false };
    if (turn.errors.length > 0) return { messages: turn.errors.map((e) => e.message), aggregate: true };
    return undefined;
  }

  /** The end of deleteOrEvictPodsSimple and RunDrain's report for the node. */
  private finishTurn(view: View, node: string, turn: Turn, tick: number, clock: Clock, o: Output): void {
    const f = this.turnError(turn);
    if (!f) o.out(`node/${node} drained`);
    else {
      const err = f.aggregate ? aggregateString(f.messages) : f.messages[0]!;
      const pendingList = getPodsForDeletion(view, node, this.s, tick, (x) => clock.tickOf(x));
      const pods = pendingList.pods();
      if (pods.length > 0) {
        o.err(`There are pending pods in node ${JSON.stringify(node)} when an error occurred: ${err}`);
        for (const p of pods) o.err(`pod/${p.metadata.name}`);
      }
      const newErrs = pendingList.errors();
      if (newErrs.length > 0) o.stderr += `Following errors occurred while getting the list of pods to delete:\n${aggregateString(newErrs)}`;
      this.fail(node, f, o);
    }
    this.book = undefined;
    this.waiting = new Map();
    this.idx++;
    if (this.idx >= this.nodes.length) this.finishCommand(o);
  }

  /** A node that could not be drained: "error: unable to drain node …"; remembered for the end. */
  private fail(node: string, f: Fatal, o?: Output): void {
    const err = f.aggregate ? aggregateString(f.messages) : f.messages[0]!;
    o?.err(`error: unable to drain node ${JSON.stringify(node)} due to error:${err}, continuing command...`);
    this.fatal = [...this.fatal, f];
    this.pending = [...this.pending, node];
  }

  private next(_ctx: Ctx, o: Output): void {
    this.idx++;
    if (this.idx >= this.nodes.length) this.finishCommand(o);
  }

  /** RunDrain's end: the pending nodes, then CheckErr of the aggregate of the nodes' errors. */
  private finishCommand(o: Output): void {
    this.done = true;
    if (this.pending.length === 0) return;
    o.err('There are pending nodes to be drained:');
    for (const n of this.pending) o.err(` ${n}`);
    if (this.fatal.length === 1) {
      const f = this.fatal[0]!;
      if (f.aggregate) for (const m of f.messages) o.err(m); // MultipleErrors
      else o.err(f.messages[0]!.startsWith('error: ') ? f.messages[0]! : `error: ${f.messages[0]!}`);
    } else {
      for (const f of this.fatal) o.err(f.aggregate ? aggregateString(f.messages) : f.messages[0]!);
    }
    this.exitCode = 1;
  }
}

export { Output as DrainOutput, BOOK_KEY, goDuration };
