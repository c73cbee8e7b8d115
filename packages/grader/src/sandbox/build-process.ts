import type { BuildJob, BuildReply } from './bundle-submission';
import { programPath } from './runner-build';
import { capStudentText } from './student-text';
import { runHelper } from './helper-process';

/** How long one submission's build may take; an ordinary one takes well under a second. */
export const BUILD_TIME_MS = 30_000;

const MAX_REPLY_BYTES = 64 * 1024;
/** esbuild's fatal errors come first, before a long goroutine dump. */
const STDERR_HEAD_CHARS = 4096;

/**
 * Runs one build in a process of its own (build-worker.ts) and waits at most timeMs for its reply.
 * Every way it can go wrong (esbuild crashing, hanging, the process dying) is a reply with a message.
 */
export async function runBuildProcess(job: Omit<BuildJob, 'timeMs'>, timeMs = BUILD_TIME_MS): Promise<BuildReply> {
  const program = await programPath('builder');
  const out = await runHelper({
    args: [program, JSON.stringify({ ...job, timeMs })], timeMs,
    stdoutChars: MAX_REPLY_BYTES, stderr: { keep: 'head', chars: STDERR_HEAD_CHARS }, group: true,
  });
  const fail = (message: string): BuildReply => ({ ok: false, message: capStudentText(message) });
  if (out.startError !== undefined) return fail(`the build process could not start: ${out.startError}`);
  if (out.timedOut) return fail(`the build did not finish within ${timeMs / 1000} s and was stopped`);
  const reply = parseReply(out.stdout);
  const fatal = /fatal error: (.*)/.exec(out.stderr)?.[1];
  if (reply !== undefined && (reply.ok || fatal === undefined)) return reply.ok ? reply : fail(reply.message);
  // esbuild itself died: its last words are on the stderr both processes share
  if (fatal !== undefined) return fail(`esbuild crashed while building your code (${fatal.trim()}${/stack/.test(fatal) ? ': code nested too deeply?' : ''})`);
  return fail(`the build process ended without an answer (${out.signal ?? `exit code ${out.code}`})${out.stderr.trim() ? `: ${out.stderr.trim().split('\n')[0]}` : ''}`);
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
