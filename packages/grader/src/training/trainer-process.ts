// The trusted trainer process (run-trainer.ts starts it; it never runs student code): reads one TrainerJob on
// stdin and answers with one marked line. The training engine is @gradient/models/tfjs as the assignment's package
// resolves it (a Gradescope kit installs the grader without its dev dependencies, and the assignment's own
// dependencies with it), else as the grader does (the repo); tfjs is the copy that engine imports.
import { join } from 'node:path';
import { importResolved, resolveFrom } from '../import-resolved';
import { answerJob, readJob, type TrainingEngine } from './trainer-core';
import { REPLY_MARKER } from './trainer-job';

async function loadEngine(assignmentDir: string): Promise<TrainingEngine> {
  for (const from of [join(assignmentDir, 'package.json'), import.meta.filename]) {
    let entry: string;
    try {
      entry = resolveFrom(from, '@gradient/models/tfjs');
    } catch {
      continue;
    }
    const [models, tf] = await Promise.all([importResolved(entry), importResolved(resolveFrom(entry, '@tensorflow/tfjs'))]);
    return { models, tf } as unknown as TrainingEngine;
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
