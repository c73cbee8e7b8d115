import { describe, expect, it } from 'vitest';
import { evaluationLogFileName, renderEvaluationLog } from './evaluation-log';
import { sampleSubmission, sampleTest } from './sample-results';

const now = new Date('2025-03-14T09:26:53Z');

describe('renderEvaluationLog', () => {
  it('writes a header, one PASS/FAIL line per test and the totals', () => {
    expect(renderEvaluationLog(sampleSubmission(), now)).toBe(
      [
        'Evaluation log: cnn-layers',
        'Submission: alice',
        'Date: 2025-03-14T09:26:53.000Z',
        '',
        'PASS 1.1 convolution forward (5/5)',
        'FAIL 1.2 convolution backward (0/5): dw is off by a factor of 4: mean vs sum?',
        '     worst entry at [0, 1, 2, 3]: analytic 0.25, numeric 1.0',
        'PASS 2 relu forward (2/2)',
        '',
        'Total: 7/12',
        '2/3 tests passed',
        '',
      ].join('\n'),
    );
  });

  it('is the same text for the same result and date', () => {
    expect(renderEvaluationLog(sampleSubmission(), now)).toBe(renderEvaluationLog(sampleSubmission(), new Date(now)));
  });

  it('does not claim all tests passed while hidden tests are still to run', () => {
    const result = sampleSubmission({ tests: [sampleTest()], score: 5, maxScore: 5, hiddenTestsNotRun: 4, hiddenPointsNotRun: 10 });
    const log = renderEvaluationLog(result, now);
    expect(log).not.toMatch(/all (\d+ )?tests passed/i);
    expect(log).toContain('public tests: 1/1 passed; hidden tests run at grading time (4 tests, 10 points)');
  });

  it('names the file as the course does', () => {
    expect(evaluationLogFileName({ name: 'cnn-layers' })).toBe('evaluation_cnn-layers.txt');
    expect(evaluationLogFileName({ name: 'mnist-cnn', evaluationLog: 'evaluation_mnist.txt' })).toBe('evaluation_mnist.txt');
  });
});
