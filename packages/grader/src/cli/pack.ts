// `npm run zip` in a student bundle: submission.zip with what the grader reads and nothing else, so that a
// student hands in the right files (no node_modules, no copies of the public fixtures, no forgotten log).
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import AdmZip from 'adm-zip';
import { UserError } from '../errors';
import { evaluationLogFileName } from '../render/evaluation-log';
import { submissionFiles } from '../sandbox/compile';
import type { AssignmentSpec } from '../spec/types';
import { isCodeFile } from '../variants/source-digest';

export const SUBMISSION_ZIP = 'submission.zip';
/** Gradescope accepts uploads up to 100 MB; code, a log and a predictions file are far below this. */
const MAX_ZIP_BYTES = 50 * 1024 * 1024;
/** The bundle's own files: the grader has them, and a submission that carries them is only bigger. */
const BUNDLE_FILES = new Set(['package.json', 'package-lock.json', 'assignment.json', 'README.md', SUBMISSION_ZIP]);

export interface PackPlan {
  files: string[];
  bytes: number;
  /** What the student should know before handing it in (a missing log or predictions file). */
  warnings: string[];
}

/** The files of `dir` that go into submission.zip: code, the evaluation log, the predictions files the spec names. */
export function planSubmission(spec: AssignmentSpec, dir: string): PackPlan {
  const log = evaluationLogFileName(spec);
  const wanted = new Set([log, ...spec.tests.flatMap((t) => (t.kind === 'predictions' ? [t.file] : []))]);
  // the code files are those the evaluation log's digest covers, so the zip holds the code the log was written for
  const files = submissionFiles(dir).filter((f) => !BUNDLE_FILES.has(f) && (isCodeFile(f) || (wanted.has(f) && !f.startsWith('fixtures/'))));
  const warnings: string[] = [];
  if (!files.includes(spec.entry)) warnings.push(`${spec.entry}, the file the grader runs, is not in ${dir}`);
  if (spec.variants !== undefined && !files.includes(log)) warnings.push(`no ${log}: run npm test first (the grader checks that log against your code)`);
  for (const f of wanted) if (f !== log && !files.includes(f)) warnings.push(`no ${f}: the test that scores it will fail`);
  const bytes = files.reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
  return { files, bytes, warnings };
}

/** Writes dir/submission.zip (replacing an older one) and returns what went in. */
export function packSubmission(spec: AssignmentSpec, dir: string): PackPlan & { zip: string } {
  const plan = planSubmission(spec, dir);
  if (plan.bytes > MAX_ZIP_BYTES) {
    throw new UserError({ code: 'E_TOO_LARGE', file: dir, message: `the files to hand in hold ${(plan.bytes / 1e6).toFixed(1)} MB`, expected: `at most ${MAX_ZIP_BYTES / 1e6} MB (code, the evaluation log, predictions files)` });
  }
  const zip = new AdmZip();
  for (const f of plan.files) zip.addLocalFile(join(dir, f), f.includes('/') ? f.slice(0, f.lastIndexOf('/')) : '');
  const out = resolve(dir, SUBMISSION_ZIP);
  zip.writeZip(out);
  return { ...plan, zip: out };
}
