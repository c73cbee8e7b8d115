import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { UserError } from './errors';
import type { FixtureBank } from './fixtures/bank';
import { failedSubmission, gradeSubmission, submissionIdOf } from './grade';
import { shardOf, type Shard } from './shards/shard';
import { SHARD_FILE, SHARD_RESULTS_FILE, specDigestOf, stringifyResults, type ShardRecord } from './shards/shard-file';
import type { BatchResult, SubmissionResult } from './model';
import { renderGradebookCsv } from './render/gradebook';
import { writeResultsJson } from './render/gradescope';
import { renderBatchHtml, renderSubmissionHtml, SUBMISSION_REPORT_FILE } from './render/html';
import { summarizeBatch, type ClassSummary } from './stats/summary';
import type { Assignment } from './spec/types';

/** Submissions in a class folder: each sub-folder and each .zip, sorted by name. */
export function listSubmissions(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    throw new UserError({ code: 'E_MISSING', file: dir, message: 'cannot read the submissions folder', expected: 'a folder with one sub-folder or .zip per student' });
  }
  const subs = names
    .filter((n) => !n.startsWith('.'))
    .map((n) => join(dir, n))
    .filter((p) => statSync(p).isDirectory() || p.toLowerCase().endsWith('.zip'))
    .sort();
  if (subs.length === 0) {
    throw new UserError({ code: 'E_EMPTY', file: dir, message: 'no submissions found', expected: 'sub-folders or .zip files' });
  }
  return subs;
}

/**
 * One submission that breaks the grader itself (a bug, a full disk) is recorded as a failed submission with
 * the reason, so the rest of the class is still graded; a UserError (bad spec, missing fixtures) stops the batch.
 */
async function gradeOrRecordFailure(a: Assignment, source: string, bank: FixtureBank, hidden: boolean): Promise<SubmissionResult> {
  try {
    return await gradeSubmission(a, source, bank, { hidden });
  } catch (e) {
    if (e instanceof UserError) throw e;
    return failedSubmission(a, source, hidden, `the grader could not grade this submission (an instructor must look at it): ${(e as Error).message ?? String(e)}`);
  }
}

export interface BatchOptions {
  hidden: boolean;
  jobs: number;
  /** Where per-student results.json, gradebook.csv, summary.json and report.html go. */
  out: string;
  /** Called once the submissions are listed, with their count (e.g. to size a progress bar). */
  onStart?: (total: number) => void;
  onSubmission?: (r: SubmissionResult) => void;
  /** Grade only the submissions of this shard (by a hash of their ids), and record it for `gradient merge`. */
  shard?: Shard;
}

export interface BatchRun {
  batch: BatchResult;
  /** null for a shard that no submission hashed into: it writes no class files, only its shard record. */
  summary: ClassSummary | null;
}

/**
 * Grades a class with `jobs` submissions in flight. Each result is written as soon as it is known,
 * so an interrupted batch keeps what it finished.
 */
export async function gradeBatch(a: Assignment, dir: string, bank: FixtureBank, opts: BatchOptions): Promise<BatchRun> {
  const started = performance.now();
  const all = listSubmissions(dir);
  const shard = opts.shard;
  const sources = shard ? all.filter((s) => shardOf(submissionIdOf(s), shard.count) === shard.index) : all;
  opts.onStart?.(sources.length);
  mkdirSync(opts.out, { recursive: true });
  const results: SubmissionResult[] = new Array(sources.length);
  let next = 0;
  const worker = async () => {
    while (next < sources.length) {
      const i = next++;
      const r = await gradeOrRecordFailure(a, sources[i], bank, opts.hidden);
      writeSubmissionFiles(opts.out, r);
      results[i] = r;
      opts.onSubmission?.(r);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.jobs, sources.length)) }, worker));
  const batch: BatchResult = { assignment: a.spec.name, submissions: results, executionTimeMs: performance.now() - started };
  if (shard) {
    const record: ShardRecord = { assignment: a.spec.name, specDigest: specDigestOf(a), hidden: opts.hidden, shard, submissions: results.map((r, i) => ({ id: r.submission, source: basename(sources[i]) })) };
    writeFileSync(join(opts.out, SHARD_RESULTS_FILE), stringifyResults(batch));
    writeFileSync(join(opts.out, SHARD_FILE), `${JSON.stringify(record, null, 2)}\n`);
  }
  return { batch, summary: results.length === 0 && shard ? null : writeClassFiles(opts.out, batch) };
}

/** The class-wide files of a batch (or of merged shards): gradebook.csv, summary.json, report.html. */
export function writeClassFiles(out: string, batch: BatchResult): ClassSummary {
  const summary = summarizeBatch(batch);
  writeFileSync(join(out, 'gradebook.csv'), renderGradebookCsv(batch));
  writeFileSync(join(out, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  writeFileSync(join(out, 'report.html'), renderBatchHtml(batch, summary));
  return summary;
}

/** A submission's own files: results.json (Gradescope) and the instructor's HTML report. */
export function writeSubmissionFiles(out: string, r: SubmissionResult): void {
  const own = join(out, r.submission);
  mkdirSync(own, { recursive: true });
  writeResultsJson(join(own, 'results.json'), r);
  writeFileSync(join(own, SUBMISSION_REPORT_FILE), renderSubmissionHtml(r, { audience: 'instructor' }));
}
