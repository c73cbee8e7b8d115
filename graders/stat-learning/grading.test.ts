// Grades every sample submission with public and hidden tests and pins its exact score, and checks that the
// committed public fixtures are what the generator makes now. Each expected score is derived in the comment beside
// it from the points table below and the cases in fixtures.ts, not read off a run.
//
// Points (public = hidden, 27 each, 54 in all): 1.1 1, 1.2 1, 2.1 1, 2.2 1, 3.1 2, 4.1 1.5, 4.2 1, 4.3 1, 4.4 2.5,
// 5.1 0.5, 5.2 1, 5.3 1, 6.1-6.4 1 each, 7.1 1, 7.2 1, 8.1-8.3 0.5 each, 9.1 1, 9.2 1, 9.3 0.5, 9.4 1, 9.5 0.5, 9.6 1.
import { existsSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { gradeSubmission, loadAssignment, loadFixtureBank, staleFixtureFiles, type FixtureBank, type SubmissionResult } from '@gradient/grader';

const here = fileURLToPath(new URL('.', import.meta.url));
const assignment = loadAssignment(here);
let bank: FixtureBank;
beforeAll(async () => {
  bank = await loadFixtureBank(assignment, true); // public fixtures from disk, hidden ones generated from hidden-seed.json
});

const results = new Map<string, SubmissionResult>();
async function grade(folder: string): Promise<SubmissionResult> {
  if (!results.has(folder)) results.set(folder, await gradeSubmission(assignment, join(here, folder), bank, { hidden: true }));
  return results.get(folder)!;
}
const sample = (name: string) => grade(`submissions/${name}`);
const failed = (r: SubmissionResult) => r.tests.filter((t) => t.status === 'failed').map((t) => t.number);
const test = (r: SubmissionResult, number: string) => r.tests.find((t) => t.number === number)!;
const output = (r: SubmissionResult, number: string) => test(r, number).output ?? '';
const both = (...numbers: string[]) => numbers.flatMap((n) => [n, `${n}h`]).sort(byNumber);
const byNumber = (a: string, b: string) => (a.endsWith('h') === b.endsWith('h') ? a.localeCompare(b, 'en', { numeric: true }) : a.endsWith('h') ? 1 : -1);
const statOrUndefined = (path: string) => (existsSync(path) ? { ino: statSync(path).ino, size: statSync(path).size, mtimeMs: statSync(path).mtimeMs } : undefined);

describe('stat-learning sample submissions (public + hidden)', () => {
  it('correct (written independently of the reference): every test passes, 54/54', async () => {
    const r = await sample('correct');
    expect(r.tests.filter((t) => t.status === 'failed').map((t) => `${t.number}: ${t.output}`)).toEqual([]);
    expect(r.maxScore).toBe(54);
    expect(r.score).toBe(54);
  });

  it('knn-manhattan: loses the distances that differ in more than one coordinate and the votes they change', async () => {
    const r = await sample('knn-manhattan');
    expect(failed(r).sort(byNumber)).toEqual(both('1.1', '1.2'));
    // 1.1: of the six public distances only obs1 (0,3,0) and obs2 (2,0,0) differ from (0,0,0) in one coordinate,
    //      where L1 = L2: 2/6 of 1 point. 1.1h: hidden queries have no integer coordinate, so every L1 > L2: 0.
    // 1.2: K = 1 ties obs2 (Red) and obs5 (Green) at L1 = 2 and takes the earlier, Red (expected Green); K = 3 is
    //      still Red: 1/2. 1.2h: the generator picks two queries where L1 changes the vote and two where not: 2/4.
    expect(test(r, '1.1').score).toBeCloseTo(1 / 3, 12);
    expect(r.score).toBeCloseTo(54 - (1 - 1 / 3) - 0.5 - 1 - 0.5, 12);
    expect(output(r, '1.2')).toMatch(/case K1: knn output: expected "Green", got the string "Red"/);
  });

  it('loocv-no-leverage: the training MSE is not LOOCV; every degree fails (3.1 and 3.1h, 2 points each)', async () => {
    const r = await sample('loocv-no-leverage');
    expect(failed(r)).toEqual(both('3.1'));
    expect(r.score).toBe(54 - 2 - 2);
  });

  it('gl-no-factor-100: GL as a fraction fails GL and the stopping epoch (all-or-nothing), public and hidden', async () => {
    const r = await sample('gl-no-factor-100');
    // 7.1: every curve has a nonzero GL, 100 times too small; 7.2: each variant has a curve whose GL exceeds alpha
    // only as a percentage (public curve1 alpha 5, hidden curve4 alpha 10), and 7.2 gives all or nothing
    expect(failed(r).sort(byNumber)).toEqual(both('7.1', '7.2'));
    expect(r.score).toBe(54 - 4);
    expect(output(r, '7.1')).toMatch(/output\[4\]: expected 4\.00000, got 0\.0400000/);
  });

  it("gl-min-over-all-epochs: dividing by the minimum over all epochs (not t' <= t) fails both GL tests", async () => {
    const r = await sample('gl-min-over-all-epochs');
    // every curve's minimum comes after epoch 0, so GL(0) > 0 and early stopping fires at epoch 0
    expect(failed(r).sort(byNumber)).toEqual(both('7.1', '7.2'));
    expect(r.score).toBe(54 - 4);
    expect(output(r, '7.2')).toMatch(/case curve1-alpha5: earlyStoppingEpoch output: expected 6, got 0/);
  });

  it('batchnorm-unbiased-variance: train-mode forward, running averages and train-mode backward fail; test mode passes', async () => {
    const r = await sample('batchnorm-unbiased-variance');
    expect(failed(r).sort(byNumber)).toEqual(both('4.1', '4.3', '4.4'));
    // 4.1 (1.5) and 4.3 (1) lose every case (N >= 2 everywhere); 4.4 keeps its one test-mode case of four: 2.5 * 1/4
    expect(test(r, '4.4').score).toBe(2.5 / 4);
    expect(test(r, '4.4h').score).toBe(2.5 / 4);
    expect(r.score).toBe(54 - 2 * (1.5 + 1 + 2.5 * (3 / 4)));
    expect(output(r, '4.4')).toMatch(/dgamma: relative error/);
  });

  it('batchnorm-running-swapped: only the running averages fail (no case uses momentum 0.5)', async () => {
    const r = await sample('batchnorm-running-swapped');
    expect(failed(r)).toEqual(both('4.3'));
    expect(r.score).toBe(54 - 2);
    expect(output(r, '4.3')).toMatch(/batchnormRunningAverages output\.runningMean: relative error/);
  });

  it('flip-without-draw: always flipping passes only the draws that flip', async () => {
    const r = await sample('flip-without-draw');
    expect(failed(r).sort(byNumber)).toEqual(both('9.4', '9.6'));
    // 9.4: two flipping and two keeping p = 0.5 draws, then p = 0 (public, keeps: 2/5) or p = 1 (hidden, flips: 3/5);
    // 9.6: public one flipping and one keeping seed (1/2), hidden two of each (2/4)
    expect(test(r, '9.4').score).toBeCloseTo(2 / 5, 12);
    expect(test(r, '9.4h').score).toBeCloseTo(3 / 5, 12);
    expect(r.score).toBeCloseTo(54 - (1 - 2 / 5) - (1 - 3 / 5) - 0.5 - 0.5, 12);
    expect(output(r, '9.4')).toMatch(/case p0\.5-draw2-kept: randomHorizontalFlip output\.image/);
  });

  it('hard-coded: pasting the public answers earns the public numeric questions and not one hidden point', async () => {
    const r = await sample('hard-coded');
    // public: 1.1-3.1 (6), 5.1 (0.5), 6.1-6.4 (4), 7.1-7.2 (2), 8.1-8.3 (1.5) = 14; the tensor items are not attempted
    expect(r.score).toBe(14);
    const hidden = r.tests.filter((t) => t.number.endsWith('h'));
    expect(hidden.every((t) => t.score === 0)).toBe(true);
    expect(output(r, '2.1h')).toMatch(/no stored answer for these arguments/);
  });

  it('crashes: each crash fails its own test with a readable message; the three schedules keep their 3 points', async () => {
    const r = await sample('crashes');
    expect(r.score).toBe(3);
    expect(failed(r)).not.toContain('8.1');
    expect(output(r, '1.1')).toMatch(/TypeError/);
    expect(output(r, '2.1')).toMatch(/RangeError|stack/i);
    expect(output(r, '4.1')).toMatch(/must return \[out, cache\]/);
    expect(output(r, '9.2')).toMatch(/float32/);
    expect(output(r, '9.3')).toMatch(/NaN/);
  });

  // ~13 s: receptiveField's hang waits out the 5 s call limit once in 6.4 and once in 6.4h
  it('hostile: reads, writes, a shell, exit, a hang and 8 GB are each stopped; the honest functions keep 41 points', async () => {
    const resultsBefore = statOrUndefined('/tmp/results.json');
    rmSync('/tmp/stolen-seed.txt', { force: true });
    const r = await sample('hostile');
    // attacked: 1.1 (1), 2.1 (1), 3.1 (2), 5.1 (0.5), 6.4 (1), 9.6 (1) = 6.5, public and hidden
    expect(failed(r).sort(byNumber)).toEqual(both('1.1', '2.1', '3.1', '5.1', '6.4', '9.6'));
    expect(r.score).toBe(54 - 2 * 6.5);
    expect(output(r, '1.1')).toMatch(/ERR_ACCESS_DENIED.*FileSystemRead/);
    expect(output(r, '2.1')).toMatch(/ERR_ACCESS_DENIED.*FileSystemWrite/);
    expect(output(r, '3.1')).toMatch(/ERR_ACCESS_DENIED.*ChildProcess/);
    expect(output(r, '5.1')).toMatch(/process\.exit\(0\)/);
    expect(output(r, '6.4')).toMatch(/timed out/);
    expect(output(r, '9.6')).toMatch(/memory limit/);
    expect(existsSync('/tmp/stolen-seed.txt')).toBe(false);
    expect(statOrUndefined('/tmp/results.json')).toEqual(resultsBefore);
  });

  it('starter: every test fails, saying what is not implemented yet', async () => {
    const r = await grade('starter');
    expect(r.score).toBe(0);
    for (const t of r.tests) expect(t.output).toMatch(/NotImplemented/);
  });
});

describe('public-only runs (what a student sees)', () => {
  it('the correct submission on public tests only: 27/27, with the 27 hidden tests counted as not run', async () => {
    const r = await gradeSubmission(assignment, join(here, 'submissions/correct'), bank, { hidden: false });
    expect(r.score).toBe(27);
    expect(r.hiddenTestsNotRun).toBe(27);
  });
});

describe('public fixtures', () => {
  it('are what the generator makes now (if not: pnpm gradient fixtures stat-learning)', async () => {
    expect(await staleFixtureFiles(assignment), `run \`pnpm gradient fixtures ${assignment.spec.name}\``).toEqual([]);
  });
});
