// The build process's program: `node build-worker.mjs <job as JSON>` bundles one submission and
// prints one line of JSON (a BuildReply). The grader runs one such process per build, with a time
// limit, so a build that crashes esbuild or hangs costs only that submission.
import { createRequire } from 'node:module';
import { bundleSubmission, type BuildJob, type BuildReply } from './bundle-submission';

async function main(): Promise<void> {
  let reply: BuildReply;
  try {
    const job = JSON.parse(process.argv[2] ?? '') as BuildJob;
    setTimeout(() => process.exit(3), job.timeMs + 1000).unref();
    const esbuild = createRequire(import.meta.url)(job.esbuild) as typeof import('esbuild');
    reply = await bundleSubmission(esbuild.build, job);
  } catch (e) {
    reply = { ok: false, message: `the build process failed: ${e instanceof Error ? e.message : String(e)}` };
  }
  process.stdout.write(`${JSON.stringify(reply)}\n`, () => process.exit(0));
}

void main();
