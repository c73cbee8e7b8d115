import type { ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import type { Readable } from 'node:stream';
import type { ChildExit } from './exit-outcome';
import { FrameDecoder } from './frame-decoder';
import { encodeFrame, FrameError, FrameReader } from './framing';
import { watchMemory } from './memory-watch';
import { OutputTail, type OutputCapture } from './output-capture';
import type { CallMessage, ChildMessage } from './protocol';
import { asChildMessage } from './reply-check';
import { spawnChild } from './spawn-child';

export type ChildEvent =
  | { kind: 'message'; message: ChildMessage }
  | { kind: 'exit'; exit: ChildExit }
  /** Resident memory passed the limit; the child is being killed. */
  | { kind: 'memory'; rssMb: number }
  /** The channel carried bytes that are not a frame; the child is being killed. */
  | { kind: 'protocol'; reason: string }
  | { kind: 'timeout' };

const MAX_QUEUED_EVENTS = 1000;
const STDERR_TAIL_CHARS = 4096;

// children still running when the grader exits are killed with it
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const proc of running) proc.kill('SIGKILL');
});

/** One started child process: its events in arrival order, its death, and a way to kill it. */
export class LiveChild {
  private readonly queue: ChildEvent[] = [];
  private waiter?: (e: ChildEvent) => void;
  private exitInfo?: ChildExit;
  private paused = false;
  private readonly decoder = new FrameDecoder();
  /** Frames are decoded one after another (large ones off the grader's thread), events stay in order. */
  private decoding: Promise<void> = Promise.resolve();
  private protocolBroken = false;
  private backlog = 0;
  /** Set once kill() was called: a decode cut short by it is no protocol error. */
  private stopping = false;
  private readonly closed: Promise<ChildExit>;
  private readonly channel: Socket;
  private readonly streams: Readable[];

  constructor(runner: string, bundle: string, cwd: string, memory: { heapMb: number; rssMb: number }, output: OutputCapture) {
    const proc = spawnChild(runner, bundle, cwd, memory.heapMb);
    this.proc = proc;
    running.add(proc);
    const tail = new OutputTail(STDERR_TAIL_CHARS);
    const stdout = proc.stdout as Readable;
    const stderr = proc.stderr as Readable;
    this.channel = proc.stdio[3] as Socket;
    output.attach(stdout);
    output.attachStderr(stderr);
    tail.attach(stderr);
    this.streams = [stdout, stderr, this.channel];
    for (const stream of this.streams) stream.on('error', () => {}); // EPIPE and the like: the exit tells the story
    this.hold(false); // a pending call's timer keeps the grader alive, an idle child does not

    const reader = new FrameReader();
    const broken = (e: unknown): void => {
      this.channel.removeAllListeners('data');
      this.fatal({ kind: 'protocol', reason: e instanceof FrameError ? e.message : String(e) });
    };
    this.channel.on('data', (chunk: Buffer) => {
      let bodies: Buffer[];
      try {
        bodies = reader.bodies(chunk);
      } catch (e) {
        broken(e);
        return;
      }
      for (const body of bodies) {
        this.inOrder(async () => {
          if (this.protocolBroken) return;
          let m: unknown;
          try {
            m = await this.decoder.decode(body);
          } catch (e) {
            this.protocolBroken = true;
            if (!this.stopping) broken(e);
            return;
          }
          const message = asChildMessage(m);
          if (message !== undefined) this.push({ kind: 'message', message });
        });
      }
    });

    const stopWatch = proc.pid === undefined ? () => {} : watchMemory(proc.pid, memory.rssMb, (rssMb) => this.fatal({ kind: 'memory', rssMb }));
    this.closed = new Promise((resolve) => {
      const done = (code: number | null, signal: NodeJS.Signals | null, note = ''): void => {
        if (this.exitInfo !== undefined) return;
        stopWatch();
        running.delete(proc);
        const exit = { code, signal, stderrTail: tail.value + note };
        this.exitInfo = exit;
        // after the messages the child sent before it died
        this.inOrder(async () => {
          this.decoder.close();
          this.push({ kind: 'exit', exit });
        });
        resolve(exit);
      };
      proc.on('close', (code, signal) => done(code, signal));
      proc.on('error', (e) => done(null, null, `\ncould not start the sandbox process: ${e.message}`));
    });
  }

  readonly proc: ChildProcess;

  get dead(): boolean {
    return this.exitInfo !== undefined;
  }

  send(message: CallMessage): void {
    if (!this.dead) this.channel.write(encodeFrame(message));
  }

  /**
   * Freezes the child (SIGSTOP) while the grader is not waiting on it, so student timers cannot
   * burn CPU between calls or run into the next one; resume (SIGCONT) before sending a call.
   */
  pause(): void {
    if (!this.dead && !this.paused) this.paused = this.proc.kill('SIGSTOP');
  }

  resume(): void {
    if (this.paused && !this.dead) this.proc.kill('SIGCONT');
    this.paused = false;
  }

  /** The next event, or a timeout event after ms. */
  next(ms: number): Promise<ChildEvent> {
    const queued = this.queue.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        resolve({ kind: 'timeout' });
      }, Math.max(0, ms));
      this.waiter = (e) => {
        clearTimeout(timer);
        this.waiter = undefined;
        resolve(e);
      };
    });
  }

  /** SIGKILL, resolved once the process is gone and its output drained. */
  kill(): Promise<ChildExit> {
    this.stopping = true;
    this.decoder.close();
    if (!this.dead) {
      this.hold(true); // nothing else may keep the grader's event loop alive meanwhile
      this.proc.kill('SIGKILL');
    }
    return this.closed;
  }

  private hold(keepAlive: boolean): void {
    for (const handle of [this.proc, ...this.streams] as { ref?(): void; unref?(): void }[]) {
      if (keepAlive) handle.ref?.();
      else handle.unref?.();
    }
  }

  /**
   * Runs step after the steps before it. The channel is not read while steps are waiting, so a child
   * that floods it blocks on its own writes instead of piling up frames (and decoding work) here.
   */
  private inOrder(step: () => Promise<void>): void {
    if (this.backlog++ === 0) this.channel.pause();
    this.decoding = this.decoding.then(step, step).finally(() => {
      if (--this.backlog === 0) this.channel.resume();
    });
  }

  private fatal(event: ChildEvent): void {
    void this.kill();
    this.push(event);
  }

  private push(event: ChildEvent): void {
    if (this.waiter !== undefined) {
      this.waiter(event);
      return;
    }
    if (this.queue.length >= MAX_QUEUED_EVENTS) this.queue.shift();
    this.queue.push(event);
  }
}
