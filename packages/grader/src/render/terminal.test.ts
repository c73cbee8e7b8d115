import { describe, expect, it } from 'vitest';
import { sampleBatch, sampleSubmission, sampleTest } from './sample-results';
import { renderBatchTable, renderSubmission } from './terminal';

const ANSI = /\x1b\[/;
const ALL_PASSED = /all (\d+ )?tests passed/i;

const allPublicPassed = (hiddenTestsNotRun: number, hiddenPointsNotRun?: number) =>
  sampleSubmission({
    tests: [sampleTest(), sampleTest({ number: '1.2', name: 'relu forward', score: 2, maxScore: 2 })],
    hiddenTestsNotRun,
    hiddenPointsNotRun,
  });

describe('renderSubmission', () => {
  it('lists each test with its score and indents the failed test’s message below it', () => {
    const text = renderSubmission(sampleSubmission(), { color: false, audience: 'instructor' });
    const lines = text.split('\n');
    const failedRow = lines.findIndex((l) => l.includes('convolution backward'));
    expect(lines[failedRow]).toMatch(/✗ 1\.2\s+convolution backward\s+0\/5$/);
    expect(lines[failedRow + 1]).toBe('      dw is off by a factor of 4: mean vs sum?');
    expect(lines[failedRow + 2]).toBe('      worst entry at [0, 1, 2, 3]: analytic 0.25, numeric 1.0');
    expect(text).toMatch(/✓ 1\.1\s+convolution forward\s+5\/5/);
    expect(text).toContain('total: 7/12');
    expect(text).toContain('2/3 tests passed');
  });

  it('says all tests passed only when no hidden tests exist', () => {
    const text = renderSubmission(allPublicPassed(0), { color: false, audience: 'student' });
    expect(text).toMatch(ALL_PASSED);
  });

  it('never says all tests passed to a student while hidden tests have not run', () => {
    for (const audience of ['student', 'instructor'] as const) {
      const text = renderSubmission(allPublicPassed(3, 8), { color: false, audience });
      expect(text).not.toMatch(ALL_PASSED);
      expect(text).toContain('public tests: 2/2 passed; hidden tests run at grading time (3 tests, 8 points)');
    }
    expect(renderSubmission(allPublicPassed(1), { color: false, audience: 'student' })).toContain(
      'hidden tests run at grading time (1 test)',
    );
  });

  it('separates public and hidden counts for a student even when the hidden tests ran and passed', () => {
    const result = sampleSubmission({
      tests: [sampleTest(), sampleTest({ number: '1.2', hidden: true })],
      includesHidden: true,
    });
    const student = renderSubmission(result, { color: false, audience: 'student' });
    expect(student).not.toMatch(ALL_PASSED);
    expect(student).toContain('public tests: 1/1 passed; hidden tests: 1/1 passed');
    const instructor = renderSubmission(result, { color: false, audience: 'instructor' });
    expect(instructor).toContain('all 2 tests passed (1 public, 1 hidden)');
  });

  it('totals exact scores rounded once and keeps the score column aligned on the slash', () => {
    const twoThirds = (number: string) => sampleTest({ number, score: 2 / 3, maxScore: 1, status: 'failed', output: '2/3 cases passed' });
    const tests = [twoThirds('1'), twoThirds('2'), twoThirds('3'), sampleTest({ number: '4', score: 58 / 3, maxScore: 24 })];
    const text = renderSubmission(sampleSubmission({ tests, score: 2 / 3 + 2 / 3 + 2 / 3, maxScore: 3 }), { color: false, audience: 'instructor' });
    expect(text).toContain('total: 2/3');
    const rows = text.split('\n').filter((l) => /^ {2}[✓✗] /.test(l));
    expect(rows.map((r) => r.slice(r.lastIndexOf(' ') + 1))).toEqual(['0.6667/1', '0.6667/1', '0.6667/1', '19.3333/24']);
    expect(new Set(rows.map((r) => r.indexOf('/')))).toEqual(new Set([rows[3].indexOf('/')]));
  });

  it('shows what the code printed under its test, to a student only for public tests shown at once', () => {
    const result = sampleSubmission({
      tests: [
        sampleTest({ printed: 'shape is 3\n' }),
        sampleTest({ number: '1.1h', hidden: true, visibility: 'after_due_date', printed: 'hidden input 0.8125\n' }),
      ],
    });
    const student = renderSubmission(result, { color: false, audience: 'student' });
    expect(student).toContain('      printed:\n        shape is 3\n');
    expect(student).not.toContain('0.8125');
    expect(renderSubmission(result, { color: false, audience: 'instructor' })).toContain('        hidden input 0.8125');
  });

  it('emits ANSI colours only when asked, and never passes a student’s escape sequences through', () => {
    const hostile = sampleSubmission({
      tests: [sampleTest({ status: 'failed', score: 0, output: 'Error: \x1b[2J\x1b[31mgotcha\rall fine' })],
    });
    const plain = renderSubmission(hostile, { color: false, audience: 'student' });
    expect(plain).not.toMatch(/\x1b/);
    expect(plain).toContain('Error: \\x1b[2J\\x1b[31mgotcha\\x0dall fine');
    expect(renderSubmission(hostile, { color: true, audience: 'student' })).toMatch(ANSI);
  });
});

describe('renderBatchTable', () => {
  const batch = sampleBatch([
    sampleSubmission(),
    sampleSubmission({ submission: 'bob', tests: [sampleTest()], score: 5, maxScore: 5, executionTimeMs: 800 }),
    sampleSubmission({ submission: 'carol', tests: [], score: 0, maxScore: 12, output: 'SyntaxError: Unexpected token (3:4)\nat layers.ts', status: 'build-failed' }),
  ]);

  it('prints one row per submission with score, time and the first failure', () => {
    const lines = renderBatchTable(batch).trimEnd().split('\n');
    expect(lines[0]).toMatch(/^submission\s+score\s+time\s+first failure$/);
    expect(lines[1]).toMatch(/^alice\s+7\/12\s+1\.2s\s+1\.2 convolution backward: dw is off by a factor of 4: mean vs sum\?$/);
    expect(lines[2]).toMatch(/^bob\s+5\/5\s+0\.8s$/);
    expect(lines[3]).toMatch(/^carol\s+0\/12\s+1\.2s\s+SyntaxError: Unexpected token \(3:4\)$/);
    expect(lines[4]).toBe('3 submissions of cnn-layers in 9.9s; 1 did not build');
    expect(lines.join('\n')).not.toMatch(ANSI);
  });

  it('counts build failures, load failures, timeouts, real zeros and grader failures apart', () => {
    const notRun = (status: 'build-failed' | 'load-failed') => [sampleTest({ status: 'failed', score: 0, output: `not run: ${status}` })];
    const lines = renderBatchTable(
      sampleBatch([
        sampleSubmission({ submission: 'syntax', tests: notRun('build-failed'), score: 0, status: 'build-failed', output: 'Your submission could not be built: solution.ts:3:4: Unexpected "}"' }),
        sampleSubmission({ submission: 'throws', tests: notRun('load-failed'), score: 0, status: 'load-failed', output: 'Your code threw while loading: Error: x' }),
        sampleSubmission({ submission: 'slow', tests: [sampleTest({ status: 'failed', score: 0, output: 'timed out', timedOut: true })], score: 0 }),
        sampleSubmission({ submission: 'zero', tests: [sampleTest({ status: 'failed', score: 0, output: 'wrong' })], score: 0 }),
        sampleSubmission({ submission: 'zero-too', tests: [sampleTest({ status: 'failed', score: 0, output: 'wrong' })], score: 0 }),
        sampleSubmission({ submission: 'broken', score: 0, graderFailure: 'disk full' }),
      ]),
    ).trimEnd().split('\n');
    expect(lines[1]).toMatch(/^syntax\s+0\/5\s+1\.2s\s+Your submission could not be built: solution\.ts:3:4: Unexpected "}"$/);
    expect(lines[7]).toBe('6 submissions of cnn-layers in 9.9s; 1 did not build, 1 did not load, 1 had a test time out, 2 scored 0, 1 not graded (grader failure: an instructor must look)');
  });

  it('aligns the score column on the slash whatever the scores, and marks a grader failure instead of a 0', () => {
    const lines = renderBatchTable(
      sampleBatch([
        sampleSubmission({ submission: 'a', score: 58 / 3, maxScore: 24 }),
        sampleSubmission({ submission: 'b', score: 2, maxScore: 24 }),
        sampleSubmission({ submission: 'c', score: 0, maxScore: 24, graderFailure: 'the grader could not grade this submission: disk full' }),
      ]),
    ).split('\n');
    expect(lines.slice(1, 4).map((l) => l.indexOf('/'))).toEqual([lines[1].indexOf('/'), lines[1].indexOf('/'), lines[1].indexOf('/')]);
    expect(lines.slice(1, 4).map((l) => l.search(/\d+\.\ds/))).toEqual([lines[1].search(/\d+\.\ds/), lines[1].search(/\d+\.\ds/), lines[1].search(/\d+\.\ds/)]);
    expect(lines[1]).toMatch(/^a\s+19\.3333\/24\s/);
    expect(lines[3]).toMatch(/^c\s+–\/24\s+1\.2s\s+GRADER FAILURE: the grader could not grade this submission: disk full$/);
    expect(lines[4]).toBe('3 submissions of cnn-layers in 9.9s; 1 not graded (grader failure: an instructor must look)');
  });

  it('shortens long messages to one line', () => {
    const long = sampleSubmission({ tests: [sampleTest({ status: 'failed', score: 0, output: 'x'.repeat(200) })] });
    const row = renderBatchTable(sampleBatch([long])).split('\n')[1];
    expect(row.endsWith('…')).toBe(true);
    expect(row.length).toBeLessThan(120);
  });
});
