// Joins the output folders of `grade-batch --shard K/N` runs into one class: the gradebook, summary,
// class report and per-student files an unsharded run would have written.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeClassFiles, writeSubmissionFiles } from '../batch';
import { UserError } from '../errors';
import type { BatchResult, SubmissionResult } from '../model';
import type { ClassSummary } from '../stats/summary';
import { parseResults, SHARD_FILE, SHARD_RESULTS_FILE, type ShardRecord } from './shard-file';

interface ShardOutput {
  dir: string;
  record: ShardRecord;
  batch: BatchResult;
}

function readJson<T>(file: string, what: string): T {
  if (!existsSync(file)) {
    throw new UserError({ code: 'E_SHARD', file, message: `no ${what}: not the output of a sharded grading run`, expected: 'a folder written by `gradient grade-batch --shard K/N --out <dir>`' });
  }
  try {
    return (what === SHARD_RESULTS_FILE ? parseResults(readFileSync(file, 'utf8')) : JSON.parse(readFileSync(file, 'utf8'))) as T;
  } catch (e) {
    throw new UserError({ code: 'E_SHARD', file, message: `unreadable ${what} (${(e as Error).message})`, expected: 'the file as grade-batch wrote it' });
  }
}

function readShard(dir: string): ShardOutput {
  const record = readJson<ShardRecord>(join(dir, SHARD_FILE), SHARD_FILE);
  const batch = readJson<BatchResult>(join(dir, SHARD_RESULTS_FILE), SHARD_RESULTS_FILE);
  const ids = batch.submissions.map((s) => s.submission);
  if (ids.length !== record.submissions.length || ids.some((id, i) => id !== record.submissions[i].id)) {
    throw new UserError({ code: 'E_SHARD', file: join(dir, SHARD_RESULTS_FILE), message: `its submissions differ from those ${SHARD_FILE} lists`, expected: record.submissions.map((s) => s.id).join(', ') || '(none)', actual: ids.join(', ') || '(none)' });
  }
  return { dir, record, batch };
}

/** Refuses shards of different assignments, specs, hidden settings or shard counts; names missing or repeated shards. */
function checkTogether(shards: ShardOutput[]): void {
  const [first] = shards;
  for (const s of shards.slice(1)) {
    for (const [field, a, b] of [
      ['assignment', first.record.assignment, s.record.assignment],
      ['specDigest', first.record.specDigest, s.record.specDigest],
      ['hidden', first.record.hidden, s.record.hidden],
      ['shard count', first.record.shard.count, s.record.shard.count],
    ] as const) {
      if (a !== b) {
        throw new UserError({
          code: 'E_SHARD', file: join(s.dir, SHARD_FILE), path: field === 'shard count' ? '/shard/count' : `/${field}`,
          message: `this shard does not belong with ${first.dir}: ${field === 'specDigest' ? 'graded under another version of assignment.json' : `another ${field}`}`,
          expected: String(a), actual: String(b),
        });
      }
    }
  }
  const count = first.record.shard.count;
  const seen = new Map<number, string>();
  for (const s of shards) {
    const other = seen.get(s.record.shard.index);
    if (other !== undefined) throw new UserError({ code: 'E_SHARD', file: s.dir, message: `shard ${s.record.shard.index}/${count} given twice (also ${other})`, expected: 'each shard once' });
    seen.set(s.record.shard.index, s.dir);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((k) => !seen.has(k));
  if (missing.length > 0) {
    throw new UserError({ code: 'E_SHARD', message: `missing shard${missing.length > 1 ? 's' : ''} ${missing.map((k) => `${k}/${count}`).join(', ')}: its submissions would be left out of the gradebook`, expected: `all ${count} shard folders` });
  }
}

/** Merges shard folders into `out`; returns the merged batch and its summary. */
export function mergeShards(dirs: string[], out: string): { batch: BatchResult; summary: ClassSummary } {
  if (dirs.length === 0) throw new UserError({ code: 'E_ARG', message: 'no shard folders given', expected: 'the --out folders of every grade-batch --shard K/N run' });
  const shards = dirs.map(readShard);
  checkTogether(shards);
  const bySource: { source: string; result: SubmissionResult; dir: string }[] = [];
  for (const s of shards) s.record.submissions.forEach((sub, i) => bySource.push({ source: sub.source, result: s.batch.submissions[i], dir: s.dir }));
  // the class folder's order (listSubmissions sorts by name), whatever shard each came from
  bySource.sort((x, y) => (x.source < y.source ? -1 : x.source > y.source ? 1 : 0));
  const seen = new Map<string, string>();
  for (const x of bySource) {
    const other = seen.get(x.result.submission);
    if (other !== undefined) {
      throw new UserError({ code: 'E_SHARD', file: x.dir, message: `submission '${x.result.submission}' is in two shards (${other} too): were they graded from different class folders?`, expected: 'each submission in one shard' });
    }
    seen.set(x.result.submission, x.dir);
  }
  const batch: BatchResult = {
    assignment: shards[0].record.assignment,
    submissions: bySource.map((x) => x.result),
    // the class took as long as its slowest shard
    executionTimeMs: Math.max(...shards.map((s) => s.batch.executionTimeMs)),
  };
  mkdirSync(out, { recursive: true });
  for (const r of batch.submissions) writeSubmissionFiles(out, r);
  return { batch, summary: writeClassFiles(out, batch) };
}
