// Class statistics of a graded batch: plain numbers for the HTML report and the instructor.
import type { BatchResult } from '../model';
import { classOutcome, type ClassOutcome } from '../submission-status';
import { scoreHistogram, type HistogramBucket } from './histogram';
import { testColumns } from './test-columns';
import { variantIntegrity, type VariantIntegrity } from './variant-integrity';

export type { HistogramBucket } from './histogram';

export interface TestSummary {
  number: string;
  name: string;
  maxScore: number;
  /** Graded submissions that have a result for this test; the mean and pass rate are over these. */
  count: number;
  meanScore: number;
  /** Fraction in [0, 1]. */
  passRate: number;
}

/**
 * Statistics are over the graded submissions only: a grader failure's zeros are not a score the student earned,
 * and counting them would pull the mean and median down for a defect of the grader. They are listed apart,
 * for an instructor to regrade; with none graded the statistics are null.
 */
export interface ClassSummary {
  assignment: string;
  /** Every submission of the batch, graded or not. */
  count: number;
  /** Submissions the grader graded: the statistics below are over these. */
  graded: number;
  /** Ids of the submissions the grader itself could not grade. */
  graderFailures: string[];
  /**
   * Ids of graded submissions whose score says less than it seems, kept apart from real zeros: those that did
   * not build, did not load, or had a test run out of time. They are in the statistics (the student's own zeros).
   */
  buildFailures: string[];
  loadFailures: string[];
  timeouts: string[];
  /** Graded submissions that built, loaded, had no test time out and scored 0. */
  zeros: string[];
  /** The largest maxScore among the submissions: the scale of the total histogram. */
  maxScore: number;
  mean: number | null;
  median: number | null;
  min: number | null;
  max: number | null;
  /** Population standard deviation (the class is the whole population). */
  std: number | null;
  /** Integer-width bins of the totals and a bucket of full marks alone (stats/histogram.ts). */
  totalHistogram: HistogramBucket[];
  tests: TestSummary[];
  /** Assignments with variants only: mismatched logs, shared usernames, identical code (stats/variant-integrity.ts). */
  variants?: VariantIntegrity;
}

export function summarizeBatch(batch: BatchResult): ClassSummary {
  if (batch.submissions.length === 0) {
    throw new Error(`summarizeBatch: the batch for "${batch.assignment}" has no submissions; expected at least one graded submission`);
  }
  const graded = batch.submissions.filter((s) => s.graderFailure === undefined);
  const totals = graded.map((s) => s.score);
  const maxScore = Math.max(...batch.submissions.map((s) => s.maxScore));
  const average = totals.length > 0 ? mean(totals) : null;
  const idsWith = (outcome: ClassOutcome) => batch.submissions.filter((s) => classOutcome(s) === outcome).map((s) => s.submission);

  const tests = testColumns({ ...batch, submissions: graded }).map((column): TestSummary => {
    const results = graded.flatMap((s) => s.tests.filter((t) => t.number === column.number));
    return {
      ...column,
      count: results.length,
      meanScore: mean(results.map((t) => t.score)),
      passRate: results.filter((t) => t.status === 'passed').length / results.length,
    };
  });

  const integrity = variantIntegrity(batch.submissions);
  return {
    assignment: batch.assignment,
    count: batch.submissions.length,
    graded: graded.length,
    graderFailures: batch.submissions.filter((s) => s.graderFailure !== undefined).map((s) => s.submission),
    buildFailures: idsWith('build-failed'),
    loadFailures: idsWith('load-failed'),
    timeouts: idsWith('timed-out'),
    zeros: idsWith('zero'),
    maxScore,
    mean: average,
    median: average === null ? null : median(totals),
    min: average === null ? null : Math.min(...totals),
    max: average === null ? null : Math.max(...totals),
    std: average === null ? null : Math.sqrt(mean(totals.map((x) => (x - average) ** 2))),
    totalHistogram: scoreHistogram(totals, maxScore),
    tests,
    ...(integrity === undefined ? {} : { variants: integrity }),
  };
}

function mean(values: number[]): number {
  return values.reduce((sum, x) => sum + x, 0) / values.length;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
