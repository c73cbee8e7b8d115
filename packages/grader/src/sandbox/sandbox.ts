import { chmodSync, copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeExit, memoryLimit } from './exit-outcome';
import { LiveChild, type ChildEvent } from './live-child';
import { OutputCapture } from './output-capture';
import type { CallOutcome, CallRequest } from './protocol';
import { outcomeProblem } from './reply-check';
import { runnerPath } from './runner-build';

/** How messages name a call: the student's function, or the pair a backward call runs. */
function describeCall(req: CallRequest): string {
  if (req.kind === 'backward') return `${req.backward} (after ${req.fn} made its cache)`;
  if (req.kind === 'numeric-gradient') return `the numerical gradient of ${req.fn}`;
  if (req.kind === 'method' || req.kind === 'param-gradient') return `${req.fn}.${req.method}`;
  if (req.kind === 'assign') return `setting ${req.fn}.${req.field}`;
  return req.fn;
}

export interface SandboxLimits {
  /**
   * The memory limit, the one number every message states: the child is stopped when its resident memory
   * (typed arrays included, which live outside the V8 heap) passes it, and its V8 heap is capped at it too.
   */
  memoryMb: number;
  /** How long loading the submission (its top-level code) may take. */
  loadTimeMs: number;
  /** What the child prints is kept up to this many bytes per call. */
  stdoutBytes: number;
}

export type RunOutcome = CallOutcome & { stdout: string };

/**
 * A compiled submission loaded in an isolated child process, answering calls one at a time.
 * A child that dies (timeout, memory, process.exit, crash) is replaced on the next call; a
 * submission that fails to load is not retried, and every call answers 'load-failed' at once.
 */
export class Sandbox {
  private child?: LiveChild;
  private failedLoad?: string;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  private readonly output: OutputCapture;
  /** Milliseconds from spawn to 'ready' of the most recent child. */
  lastStartMs?: number;

  private constructor(
    private readonly runner: string,
    private readonly bundle: string,
    private readonly dir: string,
    private readonly limits: SandboxLimits,
  ) {
    this.output = new OutputCapture(limits.stdoutBytes);
  }

  /**
   * Starts a child on a copy of the bundle in a fresh world-readable folder (the child's working
   * directory and, when the grader is root, readable by the unprivileged user it runs as).
   * Resolves even when loading fails: every call then answers 'load-failed' with the reason.
   */
  static async open(bundlePath: string, limits: SandboxLimits): Promise<Sandbox> {
    const runner = await runnerPath();
    const dir = mkdtempSync(join(tmpdir(), 'gradient-sandbox-'));
    chmodSync(dir, 0o755);
    const bundle = join(dir, 'submission.mjs');
    copyFileSync(bundlePath, bundle);
    chmodSync(bundle, 0o644);
    const sandbox = new Sandbox(runner, bundle, dir, limits);
    await sandbox.ready();
    return sandbox;
  }

  /** Why the submission did not load, once loading has failed: every call then answers 'load-failed'. */
  get whyNotLoaded(): string | undefined {
    return this.failedLoad;
  }

  /** What the child printed since the last call (after a failed load: what its top-level code printed). */
  takeOutput(): string {
    return this.output.take();
  }

  run(req: CallRequest): Promise<RunOutcome> {
    const result = this.queue.then(() => this.runNow(req));
    this.queue = result.catch(() => {});
    return result;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.child !== undefined) await this.child.kill();
    this.child = undefined;
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async runNow(req: CallRequest): Promise<RunOutcome> {
    if (this.closed) throw new Error(`sandbox closed before call ${req.id}`);
    const child = await this.ready();
    if (child === undefined) return this.finish({ ok: false, failure: 'load-failed', message: this.failedLoad ?? 'your code did not load', ms: 0 });

    const start = performance.now();
    const ms = (): number => performance.now() - start;
    const what = describeCall(req);
    const during = `during ${what} (${req.id})`;
    child.resume();
    child.send({ type: 'call', req });
    let started = false;
    for (;;) {
      const event = await child.next(start + req.timeLimitMs - performance.now());
      switch (event.kind) {
        case 'message': {
          if (event.message.type === 'started' && event.message.id === req.id) started = true;
          if (event.message.type !== 'result' || event.message.id !== req.id) continue;
          const outcome = event.message.outcome;
          const problem = outcomeProblem(outcome, req);
          if (problem !== undefined) {
            await this.discard(child);
            return this.finish({ ok: false, failure: 'bad-return', message: `the answer to ${req.id} broke the grader's protocol (${problem})`, ms: ms() });
          }
          // output written just before the reply travels on another pipe: let it arrive
          await new Promise((resolve) => setImmediate(resolve));
          child.pause();
          return this.finish(outcome);
        }
        case 'timeout': {
          await this.discard(child);
          // without the runner's acknowledgement the student's function never ran: say so, not "timed out"
          const message = started
            ? `${req.id}: timed out: ${what} did not finish within ${req.timeLimitMs} ms and was stopped`
            : `${req.id}: ${what} never started: the sandbox's runner did not take up the call within ${req.timeLimitMs} ms (did your code replace a built-in the runner needs, or keep the process busy between calls?)`;
          return this.finish({ ok: false, failure: 'timeout', message, ms: ms() });
        }
        case 'memory':
          await this.discard(child);
          return this.finish({ ok: false, failure: 'memory', message: `${req.id}: ${what} used ${Math.round(event.rssMb)} MB of memory, over ${memoryLimit(this.limits.memoryMb)}, and was stopped`, ms: ms() });
        case 'protocol':
          await this.discard(child);
          return this.finish({ ok: false, failure: 'bad-return', message: `your code wrote to the grader's channel ${during} (${event.reason})`, ms: ms() });
        case 'exit':
          this.child = undefined;
          return this.finish({ ...describeExit(event.exit, during, this.limits.memoryMb), ok: false, ms: ms() });
      }
    }
  }

  /** A loaded child, starting one if needed; undefined once loading has failed. */
  private async ready(): Promise<LiveChild | undefined> {
    if (this.failedLoad !== undefined) return undefined;
    if (this.child !== undefined && !this.child.dead) return this.child;
    const start = performance.now();
    const child = new LiveChild(this.runner, this.bundle, this.dir, { heapMb: this.limits.memoryMb, rssMb: this.limits.memoryMb }, this.output);
    this.child = child;
    for (;;) {
      const event = await child.next(start + this.limits.loadTimeMs - performance.now());
      if (event.kind === 'message' && event.message.type === 'ready') {
        this.lastStartMs = performance.now() - start;
        child.pause();
        return child;
      }
      if (event.kind === 'message' && event.message.type !== 'load-error') continue;
      this.failedLoad = this.loadFailure(event);
      await this.discard(child);
      return undefined;
    }
  }

  private loadFailure(event: ChildEvent): string {
    switch (event.kind) {
      case 'message':
        return event.message.type === 'load-error' ? `your code threw while loading: ${event.message.message}` : 'your code did not load';
      case 'timeout':
        return `loading your code took longer than ${this.limits.loadTimeMs} ms (a loop or a long computation at the top level?)`;
      case 'memory':
        return `loading your code used ${Math.round(event.rssMb)} MB of memory, over ${memoryLimit(this.limits.memoryMb)}`;
      case 'protocol':
        return `your code wrote to the grader's channel while loading (${event.reason})`;
      case 'exit':
        return describeExit(event.exit, 'while loading', this.limits.memoryMb).message;
    }
    return 'your code did not load';
  }

  private async discard(child: LiveChild): Promise<void> {
    await child.kill();
    if (this.child === child) this.child = undefined;
  }

  private finish(outcome: CallOutcome): RunOutcome {
    return { ...outcome, stdout: this.output.take() };
  }
}
