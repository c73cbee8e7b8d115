// Hand-made results for the renderers' and statistics' tests.
import type { BatchResult, SubmissionResult, TestResult } from '../model';

export function sampleTest(overrides: Partial<TestResult> = {}): TestResult {
  return {
    name: 'convolution forward',
    number: '1.1',
    score: 5,
    maxScore: 5,
    status: 'passed',
    output: '',
    visibility: 'visible',
    tags: ['cnn-layers'],
    hidden: false,
    durationMs: 120,
    ...overrides,
  };
}

export function sampleSubmission(overrides: Partial<SubmissionResult> = {}): SubmissionResult {
  const tests = overrides.tests ?? [
    sampleTest(),
    sampleTest({
      number: '1.2',
      name: 'convolution backward',
      score: 0,
      status: 'failed',
      output: 'dw is off by a factor of 4: mean vs sum?\nworst entry at [0, 1, 2, 3]: analytic 0.25, numeric 1.0',
    }),
    sampleTest({ number: '2', name: 'relu forward', score: 2, maxScore: 2 }),
  ];
  return {
    assignment: 'cnn-layers',
    submission: 'alice',
    tests,
    score: tests.reduce((s, t) => s + t.score, 0),
    maxScore: tests.reduce((s, t) => s + t.maxScore, 0),
    executionTimeMs: 1234,
    output: '',
    includesHidden: false,
    hiddenTestsNotRun: 0,
    ...overrides,
  };
}

export function sampleBatch(submissions: SubmissionResult[]): BatchResult {
  return { assignment: 'cnn-layers', submissions, executionTimeMs: 9876 };
}
