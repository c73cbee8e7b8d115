// One reading of a graded submission for every count and label (terminal, HTML, gradebook, summary), so a
// build failure, a timeout and a grader failure are never counted as the same thing as a real zero.
import type { SubmissionResult, SubmissionStatus } from './model';

export function submissionStatus(s: SubmissionResult): SubmissionStatus {
  if (s.graderFailure !== undefined) return 'grader-failure';
  return s.status ?? 'graded';
}

/** Where a submission stands in a class: the status, with graded ones split by what their scores mean. */
export type ClassOutcome = Exclude<SubmissionStatus, 'graded'> | 'timed-out' | 'zero' | 'scored';

export function classOutcome(s: SubmissionResult): ClassOutcome {
  const status = submissionStatus(s);
  if (status !== 'graded') return status;
  if (s.tests.some((t) => t.timedOut === true)) return 'timed-out';
  return s.score === 0 ? 'zero' : 'scored';
}

/** Short test text for a submission whose tests never ran: the reason is said once, at the top. */
export const NOT_RUN: Record<Exclude<SubmissionStatus, 'graded'>, string> = {
  'build-failed': 'not run: the submission did not build (see above)',
  'load-failed': 'not run: the submission did not load (see above)',
  'grader-failure': 'not graded: the grader failed on this submission (see above)',
};

/** How many submissions of a class have each outcome. */
export function countOutcomes(submissions: readonly SubmissionResult[]): Record<ClassOutcome, number> {
  const counts: Record<ClassOutcome, number> = { 'build-failed': 0, 'load-failed': 0, 'grader-failure': 0, 'timed-out': 0, zero: 0, scored: 0 };
  for (const s of submissions) counts[classOutcome(s)]++;
  return counts;
}
