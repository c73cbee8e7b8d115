// Starts the trusted trainer (trainer-process.ts) for one job and waits for its reply, within the job's time
// budget plus the time it takes to start and evaluate. The trainer is the grader's own code: it may load native
// tfjs backends and read hidden data; a student's model reaches it only as topology text.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runHelper } from '../sandbox/helper-process';
import { REPLY_MARKER, type TrainerJob, type TrainerReply } from './trainer-job';

/** Starting node with tfjs and the backend, reading the data, and the evaluation after the last batch. */
export const TRAINER_SLACK_MS = 60_000;
/** A job without a time budget still ends: the longest training a test may ask for. */
const DEFAULT_TRAIN_MS = 30 * 60_000;
const MAX_STDOUT_CHARS = 1 << 20;
const STDERR_TAIL_CHARS = 2000;

/** `node <args>`: the TypeScript source through tsx in the repo; the prebuilt trainer.mjs beside a bundled grader. */
function trainerCommand(): string[] {
  const source = fileURLToPath(new URL('./trainer-process.ts', import.meta.url));
  if (existsSync(source)) {
    const tsx = createRequire(import.meta.url).resolve('tsx/esm');
    return ['--import', pathToFileURL(tsx).href, source];
  }
  return [fileURLToPath(new URL('./trainer.mjs', import.meta.url))];
}

/** tfjs and its backends stay packages of the bundle's node_modules: their wasm files and native addons load from there. */
const TRAINER_EXTERNALS = ['@tensorflow/tfjs', '@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu'];

/** The trainer as one .mjs file beside a bundled grader (the student bundle's .gradient/trainer.mjs). */
export async function buildTrainerFile(outFile: string): Promise<void> {
  const { build } = await import('esbuild');
  await build({
    entryPoints: [fileURLToPath(new URL('./trainer-bundled.ts', import.meta.url))], outfile: outFile, bundle: true, platform: 'node', format: 'esm', target: 'node20',
    external: TRAINER_EXTERNALS, banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" }, logLevel: 'silent',
  });
}

export async function runTrainer(job: TrainerJob, onLine?: (line: string) => void): Promise<TrainerReply> {
  const limitMs = (job.budget.timeMs ?? DEFAULT_TRAIN_MS) + TRAINER_SLACK_MS;
  const out = await runHelper({
    args: trainerCommand(), input: JSON.stringify(job), timeMs: limitMs,
    stdoutChars: MAX_STDOUT_CHARS, stderr: { keep: 'tail', chars: STDERR_TAIL_CHARS }, ...(onLine ? { onStderrLine: onLine } : {}),
  });
  const fail = (message: string): TrainerReply => ({ ok: false, refused: false, message });
  if (out.startError !== undefined) return fail(`the trainer could not start: ${out.startError}`);
  if (out.timedOut) return fail(`the trainer did not finish within ${Math.round(limitMs / 1000)} s (the test's time budget plus ${TRAINER_SLACK_MS / 1000} s) and was stopped`);
  const line = out.stdout.split('\n').find((l) => l.startsWith(REPLY_MARKER));
  if (line !== undefined) {
    try {
      return JSON.parse(line.slice(REPLY_MARKER.length)) as TrainerReply;
    } catch {
      // fall through: a cut line
    }
  }
  const last = out.stderr.trim().split('\n').slice(-3).join(' | ');
  return fail(`the trainer ended without an answer (${out.signal ?? `exit code ${out.code}`})${last ? `: ${last}` : ''}`);
}
