// One trusted helper process of the grader's own (a submission's build, the trainer): node with the given
// arguments, output kept within bounds, killed when its time is up or when the grader exits. What it printed
// comes back as data; each caller turns it into its own reply.
import { spawn, type ChildProcess } from 'node:child_process';

export interface HelperRun {
  /** Node's arguments (the script and what it reads). */
  args: string[];
  /** Written to its stdin, which is then closed; without it stdin is ignored. */
  input?: string;
  timeMs: number;
  /** Keep at most this much of stdout (the first chars). */
  stdoutChars: number;
  /** Keep this much of stderr: its first chars ('head') or its last ('tail'). */
  stderr: { keep: 'head' | 'tail'; chars: number };
  /** Called with each non-empty line of stderr as it comes. */
  onStderrLine?: (line: string) => void;
  /**
   * In a process group of its own, killed as a group: for helpers that start processes of their own
   * (esbuild's service).
   */
  group?: boolean;
}

export interface HelperOutcome {
  stdout: string;
  stderr: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  /** Why it could not start; the other fields are then empty. */
  startError?: string;
}

// helpers still running when the grader exits are killed with it
const running = new Map<ChildProcess, () => void>();
process.once('exit', () => {
  for (const kill of running.values()) kill();
});

export function runHelper(run: HelperRun): Promise<HelperOutcome> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, run.args, {
      stdio: [run.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      detached: run.group === true,
    });
    const kill = () => {
      try {
        if (run.group && proc.pid !== undefined) process.kill(-proc.pid, 'SIGKILL');
        else proc.kill('SIGKILL');
      } catch {
        // already gone
      }
    };
    running.set(proc, kill);
    let stdout = '';
    let stderr = '';
    proc.stdout?.on('data', (chunk: Buffer) => {
      if (stdout.length < run.stdoutChars) stdout += chunk.toString('utf8');
    });
    proc.stderr?.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      const { keep, chars } = run.stderr;
      if (keep === 'tail') stderr = (stderr + text).slice(-chars);
      else if (stderr.length < chars) stderr = (stderr + text).slice(0, chars);
      if (run.onStderrLine) for (const line of text.split('\n')) if (line.trim() !== '') run.onStderrLine(line);
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, run.timeMs);
    let done = false;
    const finish = (outcome: HelperOutcome) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      // (no kill here: after 'close' every process holding the pipes is gone, and a group id may be reused)
      running.delete(proc);
      resolve(outcome);
    };
    proc.on('error', (e) => finish({ stdout: '', stderr: '', code: null, signal: null, timedOut: false, startError: e.message }));
    proc.on('close', (code, signal) => finish({ stdout, stderr, code, signal, timedOut }));
    if (run.input !== undefined) {
      proc.stdin?.on('error', () => undefined);
      proc.stdin?.end(run.input);
    }
  });
}
