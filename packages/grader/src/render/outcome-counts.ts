// The class's submissions that are not plain scores, counted apart: what the batch table and the class report
// say under their tables, so a build failure or a timeout is never read as the same thing as a real zero.
import type { SubmissionResult } from '../model';
import { countOutcomes } from '../submission-status';

/** "1 did not build, 2 had a test time out, 3 scored 0, …": only the outcomes that occur, '' when none do. */
export function outcomeCountsText(submissions: readonly SubmissionResult[]): string {
  const n = countOutcomes(submissions);
  return [
    n['build-failed'] > 0 ? `${n['build-failed']} did not build` : '',
    n['load-failed'] > 0 ? `${n['load-failed']} did not load` : '',
    n['timed-out'] > 0 ? `${n['timed-out']} had a test time out` : '',
    n.zero > 0 ? `${n.zero} scored 0` : '',
    n['grader-failure'] > 0 ? `${n['grader-failure']} not graded (grader failure: an instructor must look)` : '',
  ]
    .filter((part) => part !== '')
    .join(', ');
}
