import { describe, expect, it } from 'vitest';
import { sampleBatch, sampleSubmission, sampleTest } from '../render/sample-results';
import { scoreHistogram } from './histogram';
import { summarizeBatch } from './summary';
import { compareTestNumbers } from './test-columns';

// Four submissions of a 10-point assignment: tests 1 (4 pts) and 2 (6 pts).
// Totals 10, 4, 7, 0 -> mean 5.25, median (4 + 7) / 2 = 5.5, min 0, max 10,
// population variance (4.75^2 + 1.25^2 + 1.75^2 + 5.25^2) / 4 = 54.75 / 4 = 13.6875.
function handMadeBatch() {
  const t1 = (score: number) => sampleTest({ number: '1', name: 'forward', maxScore: 4, score, status: score === 4 ? 'passed' : 'failed' });
  const t2 = (score: number) => sampleTest({ number: '2', name: 'backward', maxScore: 6, score, status: score === 6 ? 'passed' : 'failed' });
  const submission = (name: string, tests: ReturnType<typeof t1>[], score: number) =>
    sampleSubmission({ submission: name, tests, score, maxScore: 10 });
  return sampleBatch([
    submission('a', [t1(4), t2(6)], 10),
    submission('b', [t1(4), t2(0)], 4),
    submission('c', [t1(1), t2(6)], 7),
    submission('d', [t1(0)], 0), // crashed before test 2: it has no result for it
  ]);
}

describe('summarizeBatch', () => {
  const summary = summarizeBatch(handMadeBatch());

  it('computes the class statistics of the totals', () => {
    expect(summary.count).toBe(4);
    expect(summary.maxScore).toBe(10);
    expect(summary.mean).toBe(5.25);
    expect(summary.median).toBe(5.5);
    expect(summary.min).toBe(0);
    expect(summary.max).toBe(10);
    expect(summary.std).toBeCloseTo(Math.sqrt(13.6875), 12);
  });

  it('puts the totals into one-point bins, full marks in a bucket of their own', () => {
    expect(summary.totalHistogram.map((b) => b.count)).toEqual([1, 0, 0, 0, 1, 0, 0, 1, 0, 0, 1]);
    expect(summary.totalHistogram[4]).toEqual({ from: 4, to: 5, count: 1 });
    expect(summary.totalHistogram[10]).toEqual({ from: 10, to: 10, count: 1, full: true });
  });

  it('summarises each test over the submissions that have it', () => {
    const [first, second] = summary.tests;
    expect(first).toEqual({ number: '1', name: 'forward', maxScore: 4, count: 4, meanScore: 9 / 4, passRate: 0.5 });
    expect(second).toEqual({ number: '2', name: 'backward', maxScore: 6, count: 3, meanScore: 4, passRate: 2 / 3 });
  });

  it('leaves grader failures out of every statistic and lists them apart', () => {
    const batch = handMadeBatch();
    // e could not be graded: its 0 would pull the mean to 4.2 and the median to 4
    const e = sampleSubmission({ submission: 'e', tests: [sampleTest({ number: '1', maxScore: 4, score: 0, status: 'failed' })], score: 0, maxScore: 10, graderFailure: 'disk full' });
    const withFailure = summarizeBatch(sampleBatch([...batch.submissions, e]));
    expect(withFailure).toMatchObject({ count: 5, graded: 4, graderFailures: ['e'], mean: 5.25, median: 5.5, min: 0, max: 10 });
    expect(withFailure.totalHistogram).toEqual(summary.totalHistogram);
    expect(withFailure.tests).toEqual(summary.tests);
    expect(summary).toMatchObject({ count: 4, graded: 4, graderFailures: [] });
  });

  it('has null statistics, not NaN, when nothing could be graded', () => {
    const e = sampleSubmission({ submission: 'e', score: 0, maxScore: 12, graderFailure: 'disk full' });
    expect(summarizeBatch(sampleBatch([e]))).toMatchObject({ count: 1, graded: 0, mean: null, median: null, min: null, max: null, std: null, tests: [] });
  });

  it('refuses an empty batch with a clear message', () => {
    expect(() => summarizeBatch(sampleBatch([]))).toThrow(/"cnn-layers" has no submissions/);
  });
});

describe('scoreHistogram', () => {
  it('keeps full marks apart from the scores just below them: 24/24 is not merged into 23-24', () => {
    const buckets = scoreHistogram([24, 23.5, 23, 24, 0.5], 24);
    expect(buckets).toHaveLength(25);
    expect(buckets.at(-1)).toEqual({ from: 24, to: 24, count: 2, full: true });
    expect(buckets.at(-2)).toEqual({ from: 23, to: 24, count: 2 });
    expect(buckets[0].count).toBe(1);
  });
  it('uses wider integer bins for a large maximum, and clamps values outside [0, max]', () => {
    const buckets = scoreHistogram([-1, 101, 100, 99.5, 4], 100);
    expect(buckets.slice(0, 2)).toEqual([{ from: 0, to: 4, count: 1 }, { from: 4, to: 8, count: 1 }]);
    expect(buckets.every((b) => Number.isInteger(b.from))).toBe(true);
    expect(buckets.at(-2)).toEqual({ from: 96, to: 100, count: 1 });
    expect(buckets.at(-1)).toMatchObject({ from: 100, count: 2, full: true });
  });
  it('ends the last bin at a fractional maximum', () => {
    expect(scoreHistogram([12, 12.5], 12.5).slice(-2)).toEqual([{ from: 12, to: 12.5, count: 1 }, { from: 12.5, to: 12.5, count: 1, full: true }]);
  });
});

describe('compareTestNumbers', () => {
  it('orders spec numbers numerically part by part', () => {
    expect(['2', '1.10', '1.2', '1', 'B.1', 'A'].sort(compareTestNumbers)).toEqual(['1', '1.2', '1.10', '2', 'A', 'B.1']);
  });
});
