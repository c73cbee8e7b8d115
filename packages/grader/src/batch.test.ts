import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gradeBatch, listSubmissions } from './batch';
import { loadFixtureBank } from './fixtures/bank';
import { loadAssignment } from './spec/load';

const a = loadAssignment('cnn-layers');
const tmp = mkdtempSync(join(tmpdir(), 'gradient-batch-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('gradeBatch', () => {
  it('records a submission that breaks the grader as failed and still grades the rest', async () => {
    const classDir = join(tmp, 'class');
    for (const name of ['alice', 'bob']) cpSync(join(a.dir, 'submissions', 'correct'), join(classDir, name), { recursive: true });
    const bank = await loadFixtureBank(a, false);
    // an instructor-side defect: gradient-check cases without an upstream gradient make the check throw
    const broken = { public: { ...bank.public, conv_backward: bank.public.conv_backward.map(({ dout: _d, ...c }) => c) } };
    const out = join(tmp, 'out');
    const { batch, summary } = await gradeBatch(a, classDir, broken, { hidden: false, jobs: 2, out });
    expect(batch.submissions.map((s) => [s.submission, s.score])).toEqual([['alice', 0], ['bob', 0]]);
    expect(batch.submissions[0].output).toMatch(/could not grade this submission.*has no dout/);
    // marked as the grader's failure, not a 0 the student earned
    expect(batch.submissions[0].graderFailure).toMatch(/could not grade this submission.*has no dout/);
    const rows = readFileSync(join(out, 'gradebook.csv'), 'utf8').trim().split(/\r?\n/);
    expect(rows.slice(1).map((r) => r.split(',').slice(0, 3))).toEqual([['alice', 'grader failure', ''], ['bob', 'grader failure', '']]);
    expect(summary).toMatchObject({ count: 2, graded: 0, graderFailures: ['alice', 'bob'], mean: null });
    expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'))).toMatchObject({ graded: 0, graderFailures: ['alice', 'bob'] });
    expect(existsSync(join(out, 'bob', 'results.json'))).toBe(true);
  });

  it('fails only the build of a submission that crashes esbuild; the next submission still scores full marks', async () => {
    const classDir = join(tmp, 'class-with-crash');
    mkdirSync(join(classDir, 'a-deep'), { recursive: true });
    // 300000 nested brackets overflow esbuild's stack: before builds ran in their own process, this
    // stopped the grader's esbuild service and every later build in the batch failed
    writeFileSync(join(classDir, 'a-deep', 'cnn_layers.ts'), `export const x = ${'['.repeat(300_000)}${']'.repeat(300_000)};\n`);
    cpSync(join(a.dir, 'submissions', 'correct'), join(classDir, 'b-correct'), { recursive: true });
    const bank = await loadFixtureBank(a, false);
    const { batch } = await gradeBatch(a, classDir, bank, { hidden: false, jobs: 1, out: join(tmp, 'out-crash') });
    const [deep, correct] = batch.submissions;
    expect(deep.score).toBe(0);
    expect(deep.output).toBe('Your submission could not be built: esbuild crashed while building your code (stack overflow: code nested too deeply?)');
    expect(existsSync(join(tmp, 'out-crash', 'a-deep', 'results.json'))).toBe(true);
    expect(correct.score).toBe(correct.maxScore);
    expect(correct.maxScore).toBeGreaterThan(0);
  }, 30_000);

  it('lists sub-folders and zips, and names the folder when there are none', () => {
    expect(listSubmissions(join(a.dir, 'submissions'))).toContain(join(a.dir, 'submissions', 'correct'));
    expect(() => listSubmissions(join(tmp, 'nothing-here'))).toThrow(/cannot read the submissions folder/);
  });
});
