import { describe, expect, it } from 'vitest';
import { csvField, renderGradebookCsv } from './gradebook';
import { sampleBatch, sampleSubmission, sampleTest } from './sample-results';

describe('renderGradebookCsv', () => {
  it('writes a header of test columns and one row per submission, matching tests by number', () => {
    const batch = sampleBatch([
      sampleSubmission({
        submission: 'alice',
        tests: [sampleTest({ number: '2', name: 'relu', score: 1.5, maxScore: 2 }), sampleTest({ number: '1.1', score: 5 })],
        score: 6.5,
        maxScore: 7,
      }),
      sampleSubmission({ submission: 'bob', tests: [sampleTest({ number: '1.1', score: 0 })], score: 0, maxScore: 7 }),
    ]);
    expect(renderGradebookCsv(batch)).toBe(
      'submission,status,total,max,1.1 convolution forward,2 relu\r\n' + 'alice,graded,6.5,7,5,1.5\r\n' + 'bob,graded,0,7,0,\r\n',
    );
  });

  it('marks a submission the grader could not grade, with no total or test scores that read like a 0', () => {
    const batch = sampleBatch([
      sampleSubmission({ submission: 'bob', tests: [sampleTest({ number: '1.1', score: 0 })], score: 0, maxScore: 5 }),
      sampleSubmission({ submission: 'carol', tests: [sampleTest({ number: '1.1', score: 0, status: 'failed' })], score: 0, maxScore: 5, graderFailure: 'disk full' }),
    ]);
    expect(renderGradebookCsv(batch).split('\r\n').slice(1, 3)).toEqual(['bob,graded,0,5,0', 'carol,grader failure,,5,']);
  });

  it('writes exact scores rounded once: 58/3 is 19.3333', () => {
    const batch = sampleBatch([sampleSubmission({ tests: [sampleTest({ number: '1.1', score: 58 / 3, maxScore: 24 })], score: 58 / 3, maxScore: 24 })]);
    expect(renderGradebookCsv(batch).split('\r\n')[1]).toBe('alice,graded,19.3333,24,19.3333');
  });

  it('quotes fields holding commas, quotes or line breaks', () => {
    const batch = sampleBatch([
      sampleSubmission({ submission: 'smith, "jo"\nx', tests: [sampleTest({ name: 'conv, forward' })], score: 5, maxScore: 5 }),
    ]);
    const [header, row] = renderGradebookCsv(batch).split('\r\n');
    expect(header).toBe('submission,status,total,max,"1.1 conv, forward"');
    expect(row).toBe('"smith, ""jo""\nx",graded,5,5,5');
  });

  it('keeps a student-chosen name from running as a spreadsheet formula', () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvField('-3')).toBe('-3');
    expect(csvField('plain')).toBe('plain');
  });
});
