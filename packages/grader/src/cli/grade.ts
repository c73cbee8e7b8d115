import { existsSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import AdmZip from 'adm-zip';
import pc from 'picocolors';
import { gradeBatch } from '../batch';
import { UserError } from '../errors';
import { loadFixtureBank } from '../fixtures/bank';
import { gradeSubmission } from '../grade';
import { writeResultsJson } from '../render/gradescope';
import { renderSubmissionHtml } from '../render/html';
import { formatPoints } from '../render/points';
import { createProgress } from '../render/progress';
import { renderBatchTable, renderSubmission } from '../render/terminal';
import { mergeShards } from '../shards/merge';
import { parseShard } from '../shards/shard';
import { loadAssignment } from '../spec/load';
import { integrityLines } from '../stats/variant-integrity';

export function requireSubmission(path: string): string {
  const full = resolve(path);
  if (!existsSync(full)) {
    throw new UserError({ code: 'E_MISSING', file: full, message: 'submission not found', expected: 'a folder or a .zip file' });
  }
  // one submission given by hand: an unreadable zip is the caller's mistake (a batch grades it 0 instead)
  if (statSync(full).isFile() && full.toLowerCase().endsWith('.zip')) {
    try {
      new AdmZip(full).getEntries();
    } catch (e) {
      throw new UserError({ code: 'E_ZIP', file: full, message: `not a readable zip file (${e instanceof Error ? e.message : String(e)})`, expected: 'a .zip archive or a folder' });
    }
  }
  return full;
}

/** Writes only the files asked for: without --out (and --html) it prints the report and leaves every folder as it was. */
export async function gradeCommand(assignment: string, submission: string, opts: { hidden: boolean; out?: string; html?: string }) {
  const a = loadAssignment(assignment);
  const source = requireSubmission(submission);
  const bank = await loadFixtureBank(a, opts.hidden);
  const result = await gradeSubmission(a, source, bank, { hidden: opts.hidden });
  if (opts.out !== undefined) writeResultsJson(resolve(opts.out), result);
  if (opts.html) writeFileSync(resolve(opts.html), renderSubmissionHtml(result, { audience: 'instructor' }));
  console.log(renderSubmission(result, { color: pc.isColorSupported, audience: 'instructor' }));
  if (opts.out !== undefined) console.log(`results written to ${opts.out}`);
}

export async function gradeBatchCommand(assignment: string, dir: string, opts: { out: string; jobs: string; hidden: boolean; shard?: string }) {
  const jobs = Number(opts.jobs);
  if (!Number.isInteger(jobs) || jobs < 1) {
    throw new UserError({ code: 'E_ARG', path: '--jobs', message: 'invalid job count', expected: 'an integer >= 1', actual: opts.jobs });
  }
  const shard = opts.shard === undefined ? undefined : parseShard(opts.shard);
  const a = loadAssignment(assignment);
  const bank = await loadFixtureBank(a, opts.hidden);
  let progress: ReturnType<typeof createProgress> | undefined;
  const { batch, summary: s } = await gradeBatch(a, resolve(dir), bank, {
    hidden: opts.hidden, jobs, out: resolve(opts.out), ...(shard ? { shard } : {}),
    onStart: (total) => (progress = createProgress(total, { enabled: Boolean(process.stderr.isTTY) })),
    onSubmission: (r) => progress?.tick(r.submission),
  });
  progress?.stop();
  if (s === null) {
    console.log(`no submission of ${resolve(dir)} falls in shard ${shard!.index}/${shard!.count}; its record is in ${resolve(opts.out)} for gradient merge`);
    return;
  }
  console.log(renderBatchTable(batch, { color: pc.isColorSupported }));
  const stats = s.mean === null ? 'none graded' : `mean ${formatPoints(s.mean)}/${formatPoints(s.maxScore)}, median ${formatPoints(s.median ?? 0)}`;
  const failures = s.graderFailures.length > 0 ? ` (${s.graderFailures.length} grader failures left out)` : '';
  const of = shard ? ` in shard ${shard.index}/${shard.count} (merge the shards with gradient merge)` : '';
  console.log(`${s.count} submissions${of}, ${stats}${failures}; gradebook at ${resolve(opts.out, 'gradebook.csv')}`);
  for (const line of s.variants === undefined ? [] : integrityLines(s.variants)) console.log(`look at: ${line}`);
}

export function mergeCommand(dirs: string[], opts: { out: string }) {
  const { summary: s } = mergeShards(dirs.map((d) => resolve(d)), resolve(opts.out));
  const stats = s.mean === null ? 'none graded' : `mean ${formatPoints(s.mean)}/${formatPoints(s.maxScore)}, median ${formatPoints(s.median ?? 0)}`;
  console.log(`merged ${dirs.length} shards: ${s.count} submissions, ${stats}; gradebook at ${resolve(opts.out, 'gradebook.csv')}`);
  for (const line of s.variants === undefined ? [] : integrityLines(s.variants)) console.log(`look at: ${line}`);
}
