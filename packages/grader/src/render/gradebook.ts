// A class gradebook as RFC 4180 CSV: one row per submission, one column per test (matched by number).
import type { BatchResult } from '../model';
import { classOutcome, type ClassOutcome } from '../submission-status';
import { testColumns } from '../stats/test-columns';
import { formatPoints } from './points';

/** The status column: a grader failure has no total and no test scores, so its zeros are never read as a grade. */
export const GRADED = 'graded';
export const GRADER_FAILURE = 'grader failure';
/** Graded (the zeros are the student's), but not like a wrong answer: the code never ran, or a test ran out of time. */
const STATUS_OF: Partial<Record<ClassOutcome, string>> = { 'build-failed': 'did not build', 'load-failed': 'did not load', 'timed-out': 'timed out' };

export function renderGradebookCsv(batch: BatchResult): string {
  const columns = testColumns(batch);
  const header = ['submission', 'status', 'total', 'max', ...columns.map((c) => `${c.number} ${c.name}`)];
  const rows = batch.submissions.map((s) => {
    if (s.graderFailure !== undefined) return [s.submission, GRADER_FAILURE, '', formatPoints(s.maxScore), ...columns.map(() => '')];
    const byNumber = new Map(s.tests.map((t) => [t.number, t.score]));
    const cells = columns.map((c) => {
      const score = byNumber.get(c.number);
      return score === undefined ? '' : formatPoints(score);
    });
    return [s.submission, STATUS_OF[classOutcome(s)] ?? GRADED, formatPoints(s.score), formatPoints(s.maxScore), ...cells];
  });
  return [header, ...rows].map((row) => row.map(csvField).join(',') + '\r\n').join('');
}

/**
 * Quotes a field when it holds a comma, quote or line break (RFC 4180). A text starting with
 * = + - @ would run as a formula when the CSV is opened in a spreadsheet, and submission names
 * come from students, so such text gets a leading apostrophe. Numbers are never text here.
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) && !/^-?\d+(\.\d+)?$/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
