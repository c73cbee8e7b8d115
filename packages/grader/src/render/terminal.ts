// Terminal reports: one submission in detail, or a batch as one row per submission.
import pc from 'picocolors';
import type { BatchResult, SubmissionResult, TestResult } from '../model';
import { submissionStatus } from '../submission-status';
import { showControlChars } from './control-chars';
import { outcomeCountsText } from './outcome-counts';
import { type Audience, passSummary } from './pass-summary';
import { formatPoints } from './points';
import { printedFor } from './printed';

export interface TerminalOptions {
  color: boolean;
  audience: Audience;
}

const MESSAGE_INDENT = '      ';

export function renderSubmission(result: SubmissionResult, opts: TerminalOptions): string {
  const c = pc.createColors(opts.color);
  const status = submissionStatus(result);
  const notRun = status === 'graded' ? '' : ` (${status === 'build-failed' ? 'did not build' : status === 'load-failed' ? 'did not load' : 'grader failure'})`;
  const lines: string[] = [c.bold(`${showControlChars(result.assignment)} - ${showControlChars(result.submission)}${notRun}`)];
  if (result.output.trim() !== '') lines.push(...indentLines(result.output, '  '));

  const numberWidth = maxWidth(result.tests.map((t) => t.number));
  const nameWidth = maxWidth(result.tests.map(displayName));
  const points = pointsColumn(result.tests.map((t) => [formatPoints(t.score), t.maxScore]));
  result.tests.forEach((test, i) => {
    const glyph = test.status === 'passed' ? c.green('✓') : c.red('✗');
    lines.push(`  ${glyph} ${test.number.padEnd(numberWidth)}  ${displayName(test).padEnd(nameWidth)}  ${points[i]}`.trimEnd());
    if (test.status === 'failed' && test.output.trim() !== '') {
      lines.push(...indentLines(test.output, MESSAGE_INDENT).map((l) => c.dim(l)));
    }
    const printed = printedFor(test, opts.audience);
    if (printed !== undefined) lines.push(`${MESSAGE_INDENT}printed:`, ...indentLines(printed, `${MESSAGE_INDENT}  `).map((l) => c.dim(l)));
  });

  lines.push(c.bold(`total: ${formatPoints(result.score)}/${formatPoints(result.maxScore)}`));
  lines.push(passSummary(result, opts.audience));
  return lines.join('\n') + '\n';
}

export interface BatchTableOptions {
  color?: boolean;
}

const MESSAGE_COLUMN_WIDTH = 72;

/** The instructor's overview of a graded class: what `pnpm demo` prints. */
export function renderBatchTable(batch: BatchResult, opts: BatchTableOptions = {}): string {
  const c = pc.createColors(opts.color ?? false);
  const header = ['submission', 'score', 'time', 'first failure'];
  // a grader failure has no score: '–' instead of a 0 that reads like a grade
  const points = pointsColumn(batch.submissions.map((s) => [s.graderFailure === undefined ? formatPoints(s.score) : '–', s.maxScore]));
  const rows = batch.submissions.map((s, i) => [
    showControlChars(s.submission),
    points[i],
    `${(s.executionTimeMs / 1000).toFixed(1)}s`,
    firstFailure(s),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const format = (cells: string[]) =>
    cells
      .map((cell, i) => (i === 1 || i === 2 ? cell.padStart(widths[i]) : i === cells.length - 1 ? cell : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();

  const lines = [c.bold(format(header))];
  batch.submissions.forEach((s, i) => {
    const line = format(rows[i]);
    lines.push(s.graderFailure !== undefined ? c.yellow(line) : s.score >= s.maxScore ? c.green(line) : s.score === 0 ? c.red(line) : line);
  });
  const n = batch.submissions.length;
  const apart = outcomeCountsText(batch.submissions);
  lines.push(`${n} ${n === 1 ? 'submission' : 'submissions'} of ${batch.assignment} in ${(batch.executionTimeMs / 1000).toFixed(1)}s${apart === '' ? '' : `; ${apart}`}`);
  return lines.join('\n') + '\n';
}

function firstFailure(result: SubmissionResult): string {
  if (result.graderFailure !== undefined) return oneLine(`GRADER FAILURE: ${firstLine(result.graderFailure)}`);
  // its tests only say they did not run: the reason is the submission's own message
  if (submissionStatus(result) !== 'graded') return oneLine(firstLine(result.output));
  const failed = result.tests.find((t) => t.status === 'failed');
  if (failed) return oneLine(`${failed.number} ${failed.name}: ${firstLine(failed.output)}`);
  if (result.tests.length === 0 && result.output.trim() !== '') return oneLine(firstLine(result.output));
  return '';
}

function oneLine(text: string): string {
  const safe = showControlChars(text).trim();
  return safe.length > MESSAGE_COLUMN_WIDTH ? `${safe.slice(0, MESSAGE_COLUMN_WIDTH - 1)}…` : safe;
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}

function displayName(test: TestResult): string {
  return showControlChars(test.hidden ? `${test.name} (hidden)` : test.name);
}

/** "score/max" cells of one width with the slashes in one column, whatever the scores' lengths. */
function pointsColumn(pairs: [string, number][]): string[] {
  const texts = pairs.map(([score, max]) => [score, formatPoints(max)]);
  const scoreWidth = maxWidth(texts.map((t) => t[0]));
  const maxScoreWidth = maxWidth(texts.map((t) => t[1]));
  return texts.map(([score, max]) => `${score.padStart(scoreWidth)}/${max.padEnd(maxScoreWidth)}`);
}

function indentLines(text: string, indent: string): string[] {
  return showControlChars(text.trimEnd())
    .split('\n')
    .map((line) => indent + line);
}

function maxWidth(values: string[]): number {
  return values.reduce((w, v) => Math.max(w, v.length), 0);
}
