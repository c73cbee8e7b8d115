// The trusted trainer process (run-trainer.ts starts it; it never runs student code): reads one TrainerJob on
// stdin and answers with one marked line. The training engine is @gradient/models/tfjs as the assignment's package
// resolves it (a Gradescope kit installs the grader without its dev dependencies, and the assignment's own
// dependencies with it), else as the grader does (the repo); tfjs is the copy that engine imports.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { answerJob, readJob, type TrainingEngine } from './trainer-core';
import { REPLY_MARKER } from './trainer-job';

async function loadEngine(assignmentDir: string): Promise<TrainingEngine> {
  for (const from of [join(assignmentDir, 'package.json'), import.meta.filename]) {
    let entry: string;
    try {
      entry = createRequire(from).resolve('@gradient/models/tfjs');
    } catch {
      continue;
    }
    const tfFile = createRequire(entry).resolve('@tensorflow/tfjs');
    const [models, tfModule] = await Promise.all([import(pathToFileURL(entry).href), import(pathToFileURL(tfFile).href)]);
    // tfjs's main file is CommonJS: its names may sit on the default export only
    const tf = typeof tfModule.tensor === 'function' ? tfModule : tfModule.default;
    return { models, tf } as TrainingEngine;
  }
  throw new Error(`the training engine @gradient/models/tfjs is not installed for ${assignmentDir} (add "@gradient/models" to the assignment's package.json dependencies)`);
}

const job = readJob();
let engine: TrainingEngine | undefined;
try {
  engine = await loadEngine(job.assignmentDir);
} catch (e) {
  process.stdout.write(`\n${REPLY_MARKER}${JSON.stringify({ ok: false, refused: false, message: e instanceof Error ? e.message : String(e) })}\n`);
}
if (engine) await answerJob(job, engine);
