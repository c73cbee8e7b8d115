// The plain-text public test log a student hands in with the assignment (evaluation_<assignment>.txt).
import type { SubmissionResult } from '../model';
import { showControlChars } from './control-chars';
import { passSummary } from './pass-summary';
import { formatPoints } from './points';

/** File name the course uses for the log, e.g. "evaluation_mnist.txt". */
export function evaluationLogFileName(assignment: string): string {
  return `evaluation_${assignment}.txt`;
}

/** `now` is passed in so the same result always renders the same text. */
export function renderEvaluationLog(result: SubmissionResult, now: Date): string {
  const lines = [
    `Evaluation log: ${showControlChars(result.assignment)}`,
    `Submission: ${showControlChars(result.submission)}`,
    `Date: ${now.toISOString()}`,
    '',
  ];
  if (result.output.trim() !== '') lines.push(...showControlChars(result.output.trimEnd()).split('\n'), '');

  for (const test of result.tests) {
    const points = `(${formatPoints(test.score)}/${formatPoints(test.maxScore)})`;
    const head = `${test.status === 'passed' ? 'PASS' : 'FAIL'} ${test.number} ${showControlChars(test.name)} ${points}`;
    const message = showControlChars(test.output.trim()).split('\n');
    if (test.status === 'passed' || message[0] === '') {
      lines.push(head);
    } else {
      lines.push(`${head}: ${message[0]}`, ...message.slice(1).map((l) => `     ${l}`));
    }
  }

  lines.push('', `Total: ${formatPoints(result.score)}/${formatPoints(result.maxScore)}`, passSummary(result, 'student'));
  return lines.join('\n') + '\n';
}
