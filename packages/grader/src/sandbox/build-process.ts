import { spawn, type ChildProcess } from 'node:child_process';
import type { BuildJob, BuildReply } from './bundle-submission';
import { programPath } from './runner-build';
import { capStudentText } from './student-text';

/** How long one submission's build may take; an ordinary one takes well under a second. */
export const BUILD_TIME_MS = 30_000;

const MAX_REPLY_BYTES = 64 * 1024;
/** esbuild's fatal errors come first, before a long goroutine dump. */
const STDERR_HEAD_CHARS = 4096;

// builds still running when the grader exits are killed with it
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const proc of running) killGroup(proc);
});

/** The build process and the esbuild process it started: they share a process group of their own. */
function killGroup(proc: ChildProcess): void {
  try {
    if (proc.pid !== undefined) process.kill(-proc.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/**
 * Runs one build in a process of its own (build-worker.ts) and waits at most timeMs for its reply.
 * Every way it can go wrong (esbuild crashing, hanging, the process dying) is a reply with a message.
 */
export async function runBuildProcess(job: Omit<BuildJob, 'timeMs'>, timeMs = BUILD_TIME_MS): Promise<BuildReply> {
  const program = await programPath('builder');
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, [program, JSON.stringify({ ...job, timeMs })], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    running.add(proc);
    let stdout = '';
    let stderr = '';
    proc.stdout?.on('data', (chunk: Buffer) => {
      if (stdout.length < MAX_REPLY_BYTES) stdout += chunk.toString('utf8');
    });
    proc.stderr?.on('data', (chunk: Buffer) => {
      if (stderr.length < STDERR_HEAD_CHARS) stderr = (stderr + chunk.toString('utf8')).slice(0, STDERR_HEAD_CHARS);
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(proc);
    }, timeMs);
    let done = false;
    const finish = (reply: BuildReply): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      // (no kill here: after 'close' every process holding the pipes is gone, and the group id may be reused)
      running.delete(proc);
      resolve(reply.ok ? reply : { ok: false, message: capStudentText(reply.message) });
    };
    proc.on('error', (e) => finish({ ok: false, message: `the build process could not start: ${e.message}` }));
    proc.on('close', (code, signal) => {
      if (timedOut) return finish({ ok: false, message: `the build did not finish within ${timeMs / 1000} s and was stopped` });
      const reply = parseReply(stdout);
      const fatal = /fatal error: (.*)/.exec(stderr)?.[1];
      if (reply !== undefined && (reply.ok || fatal === undefined)) return finish(reply);
      // esbuild itself died: its last words are on the stderr both processes share
      if (fatal !== undefined) return finish({ ok: false, message: `esbuild crashed while building your code (${fatal.trim()}${/stack/.test(fatal) ? ': code nested too deeply?' : ''})` });
      finish({ ok: false, message: `the build process ended without an answer (${signal ?? `exit code ${code}`})${stderr.trim() ? `: ${stderr.trim().split('\n')[0]}` : ''}` });
    });
  });
}

function parseReply(stdout: string): BuildReply | undefined {
  try {
    const reply = JSON.parse(stdout.trim().split('\n').pop() ?? '') as BuildReply;
    if (reply.ok === true || (reply.ok === false && typeof reply.message === 'string')) return reply;
  } catch {
    // not JSON
  }
  return undefined;
}
