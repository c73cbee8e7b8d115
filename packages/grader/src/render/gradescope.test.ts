import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toGradescope, validateGradescope, writeResultsJson } from './gradescope';
import { PRINTED_HEADING } from './printed';
import { sampleSubmission, sampleTest } from './sample-results';

const fullExample = {
  score: 7.5,
  execution_time: 12.3,
  output: 'Graded on hidden inputs.',
  output_format: 'text',
  visibility: 'after_due_date',
  stdout_visibility: 'hidden',
  tests: [
    {
      score: 2.5,
      max_score: 5,
      status: 'failed',
      name: 'convolution backward',
      name_format: 'text',
      number: '1.2',
      output: 'dw off by a factor of 4',
      output_format: 'md',
      tags: ['gradcheck'],
      visibility: 'visible',
    },
  ],
  leaderboard: [
    { name: 'accuracy', value: 0.83, order: 'desc' },
    { name: 'model', value: 'resnet-ish' },
  ],
};

const clone = () => structuredClone(fullExample) as Record<string, any>;

describe('validateGradescope', () => {
  it('accepts a full valid example', () => {
    expect(validateGradescope(fullExample)).toEqual([]);
  });

  it('rejects a missing score, naming the path', () => {
    const bad = clone();
    delete bad.score;
    expect(validateGradescope(bad)).toEqual(['$.score: required field is missing']);
  });

  it("rejects a test with status 'ok', naming the path and the allowed values", () => {
    const bad = clone();
    bad.tests[0].status = 'ok';
    expect(validateGradescope(bad)).toEqual(['$.tests[0].status: must be one of "passed", "failed"']);
  });

  it('rejects an extra top-level field (a typo)', () => {
    const bad = clone();
    bad.stdout_visiblity = 'visible';
    expect(validateGradescope(bad)).toEqual(["$.stdout_visiblity: unknown field (not in Gradescope's format)"]);
  });

  it('lists every problem, not only the first', () => {
    const bad = clone();
    bad.tests[0].max_score = '5';
    bad.leaderboard[0].order = 'up';
    bad.execution_time = Number.NaN;
    const problems = validateGradescope(bad);
    expect(problems).toContain('$.tests[0].max_score: must be number');
    expect(problems).toContain('$.leaderboard[0].order: must be one of "asc", "desc"');
    expect(problems).toContain('$.execution_time: must be number');
  });
});

describe('toGradescope', () => {
  it('maps tests, converts milliseconds to seconds and rounds partial credit', () => {
    const result = sampleSubmission({
      tests: [sampleTest({ score: 0.1 + 0.2, maxScore: 1, tags: ['a'], visibility: 'after_published' })],
      score: 0.1 + 0.2,
      maxScore: 1,
      executionTimeMs: 2500,
    });
    const out = toGradescope(result, { stdoutVisibility: 'visible' });
    expect(out.score).toBe(0.3);
    expect(out.execution_time).toBe(2.5);
    expect(out.stdout_visibility).toBe('visible');
    expect(out.visibility).toBe('visible');
    expect(out.tests).toEqual([
      { score: 0.3, max_score: 1, status: 'passed', name: 'convolution forward', number: '1.1', output: '', tags: ['a'], visibility: 'after_published' },
    ]);
    expect(out.leaderboard).toBeUndefined();
    expect(validateGradescope(out)).toEqual([]);
  });

  it("puts what the student's code printed inside its own test, under a heading, never in the top-level output", () => {
    const result = sampleSubmission({
      output: 'summary',
      tests: [
        sampleTest({ output: '1/1 cases passed', printed: 'epoch 1 loss 2.3\n' }),
        sampleTest({ number: '1.1h', hidden: true, visibility: 'after_due_date', output: '', printed: 'x = [0.125, -3]\n' }),
        sampleTest({ number: '2', printed: '  \n' }),
      ],
    });
    const out = toGradescope(result);
    expect(out.output).toBe('summary');
    expect(out.tests.map((t) => [t.output, t.visibility])).toEqual([
      [`1/1 cases passed\n\n${PRINTED_HEADING}\nepoch 1 loss 2.3\n`, 'visible'],
      [`${PRINTED_HEADING}\nx = [0.125, -3]\n`, 'after_due_date'],
      ['', 'visible'],
    ]);
  });

  it('rounds exact scores once: three tests at 2/3 credit total 2, and 58/3 is 19.3333', () => {
    const twoThirds = sampleTest({ score: 2 / 3, maxScore: 1, status: 'failed' });
    const exactSum = 2 / 3 + 2 / 3 + 2 / 3;
    const out = toGradescope(sampleSubmission({ tests: [twoThirds, twoThirds, twoThirds], score: exactSum, maxScore: 3 }));
    expect(out.score).toBe(2);
    expect(out.tests.map((t) => t.score)).toEqual([0.6667, 0.6667, 0.6667]);
    expect(toGradescope(sampleSubmission({ score: 58 / 3, maxScore: 24 })).score).toBe(19.3333);
  });

  it('includes a leaderboard when given', () => {
    const out = toGradescope(sampleSubmission(), { leaderboard: [{ name: 'accuracy', value: 0.9, order: 'desc' }] });
    expect(out.leaderboard).toEqual([{ name: 'accuracy', value: 0.9, order: 'desc' }]);
  });
});

describe('writeResultsJson', () => {
  it('writes pretty-printed valid JSON and leaves no temporary file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gradient-results-'));
    const path = join(dir, 'results', 'results.json');
    writeResultsJson(path, sampleSubmission());
    const text = readFileSync(path, 'utf8');
    expect(text).toContain('\n  "score": 7,');
    expect(validateGradescope(JSON.parse(text))).toEqual([]);
    expect(readdirSync(join(dir, 'results'))).toEqual(['results.json']);
  });

  it('throws with the JSON paths and writes nothing when the result is invalid', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gradient-results-'));
    const path = join(dir, 'results.json');
    const broken = sampleSubmission({ score: Number.NaN });
    broken.tests[0].status = 'ok' as never;
    expect(() => writeResultsJson(path, broken)).toThrow(/\$\.score: must be number[\s\S]*\$\.tests\[0\]\.status: must be one of/);
    expect(readdirSync(dir)).toEqual([]);
  });
});
