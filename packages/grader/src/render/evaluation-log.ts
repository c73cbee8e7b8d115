// The plain-text public test log a student hands in with the assignment (evaluation_<assignment>.txt).
import type { SubmissionResult, TestResult } from '../model';
import { showControlChars } from './control-chars';
import { passSummary } from './pass-summary';
import { formatPoints } from './points';

/** File name the course uses for the log: the spec's evaluationLog (e.g. "evaluation_mnist.txt"), else evaluation_<name>.txt. */
export function evaluationLogFileName(spec: { name: string; evaluationLog?: string }): string {
  return spec.evaluationLog ?? `evaluation_${spec.name}.txt`;
}

/** A test's first line in the log, e.g. "PASS 1.1 convolution forward (2/2)"; the log check compares these. */
export function testHeadLine(test: TestResult): string {
  return `${test.status === 'passed' ? 'PASS' : 'FAIL'} ${test.number} ${showControlChars(test.name)} (${formatPoints(test.score)}/${formatPoints(test.maxScore)})`;
}

/** The log's total line. */
export function totalLine(score: number, maxScore: number): string {
  return `Total: ${formatPoints(score)}/${formatPoints(maxScore)}`;
}

/** The stamp of a variant run (docs/variants.md): who, which variant, which code. */
function variantStamp(result: SubmissionResult): string[] {
  const v = result.variant;
  if (v === undefined || v.username === undefined) return [];
  return [
    `Username: ${v.username}`,
    `Seed: ${v.seed}`,
    `Variant: ${v.variantSeed}`,
    `Source: ${v.sourceDigest} (${v.sourceFiles.map(showControlChars).join(', ')})`,
  ];
}

/** `now` is passed in so the same result always renders the same text. */
export function renderEvaluationLog(result: SubmissionResult, now: Date): string {
  const lines = [
    `Evaluation log: ${showControlChars(result.assignment)}`,
    `Submission: ${showControlChars(result.submission)}`,
    ...variantStamp(result),
    `Date: ${now.toISOString()}`,
    '',
  ];
  if (result.output.trim() !== '') lines.push(...showControlChars(result.output.trimEnd()).split('\n'), '');

  for (const test of result.tests) {
    const head = testHeadLine(test);
    const message = showControlChars(test.output.trim()).split('\n');
    if (test.status === 'passed' || message[0] === '') {
      lines.push(head);
    } else {
      lines.push(`${head}: ${message[0]}`, ...message.slice(1).map((l) => `     ${l}`));
    }
  }

  lines.push('', totalLine(result.score, result.maxScore), passSummary(result, 'student'));
  return lines.join('\n') + '\n';
}
