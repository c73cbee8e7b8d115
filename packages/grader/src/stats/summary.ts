// Class statistics of a graded batch: plain numbers for the HTML report and the instructor.
import type { BatchResult } from '../model';
import { histogram, type HistogramBucket } from './histogram';
import { testColumns } from './test-columns';

export type { HistogramBucket } from './histogram';

export const TOTAL_HISTOGRAM_BUCKETS = 10;
export const TEST_HISTOGRAM_BUCKETS = 5;

export interface TestSummary {
  number: string;
  name: string;
  maxScore: number;
  /** Submissions that have a result for this test; the mean and pass rate are over these. */
  count: number;
  meanScore: number;
  /** Fraction in [0, 1]. */
  passRate: number;
  histogram: HistogramBucket[];
}

export interface ClassSummary {
  assignment: string;
  count: number;
  /** The largest maxScore among the submissions: the scale of the total histogram. */
  maxScore: number;
  mean: number;
  median: number;
  min: number;
  max: number;
  /** Population standard deviation (the class is the whole population). */
  std: number;
  totalHistogram: HistogramBucket[];
  tests: TestSummary[];
}

export function summarizeBatch(batch: BatchResult): ClassSummary {
  if (batch.submissions.length === 0) {
    throw new Error(`summarizeBatch: the batch for "${batch.assignment}" has no submissions; expected at least one graded submission`);
  }
  const totals = batch.submissions.map((s) => s.score);
  const maxScore = Math.max(...batch.submissions.map((s) => s.maxScore));
  const average = mean(totals);

  const tests = testColumns(batch).map((column): TestSummary => {
    const results = batch.submissions.flatMap((s) => s.tests.filter((t) => t.number === column.number));
    const scores = results.map((t) => t.score);
    return {
      ...column,
      count: results.length,
      meanScore: mean(scores),
      passRate: results.filter((t) => t.status === 'passed').length / results.length,
      histogram: histogram(scores, column.maxScore, TEST_HISTOGRAM_BUCKETS),
    };
  });

  return {
    assignment: batch.assignment,
    count: totals.length,
    maxScore,
    mean: average,
    median: median(totals),
    min: Math.min(...totals),
    max: Math.max(...totals),
    std: Math.sqrt(mean(totals.map((x) => (x - average) ** 2))),
    totalHistogram: histogram(totals, maxScore, TOTAL_HISTOGRAM_BUCKETS),
    tests,
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
