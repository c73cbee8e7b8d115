// This assignment's own tests, run by `pnpm test`: each sample submission is graded with the public and hidden
// tests through the real sandbox and its exact score pinned, and the committed public fixtures are checked
// against the generator. The train tests (3.1, 3.1h) start the grader's trainer process: the own model and the
// fixed one train 2 epochs on 2,000 MNIST images (about 5-10 s each on wasm); runs are shared by identical jobs,
// so the samples that hand in the correct sample's own model train nothing more.
import { existsSync } from 'node:fs';
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

const grade = (folder: string) => gradeSubmission(assignment, join(here, folder), bank, { hidden: true });
const failed = (r: SubmissionResult) => r.tests.filter((t) => t.status === 'failed').map((t) => t.number);
const test = (r: SubmissionResult, number: string) => r.tests.find((t) => t.number === number)!;
const output = (r: SubmissionResult, number: string) => test(r, number).output ?? '';

// Points:
//   1.1  the fixed model's layer table                   3 (all or nothing)
//   2.1  RMSprop step, public cases                      5 (per case: 2 cases, 2.5 each)
//   2.1h RMSprop step, hidden cases                      5 (per case)
//   3.1  own model beats the fixed one, public slice     5 (spec B's comparison rule: all or nothing)
//   3.1h own model beats the fixed one, hidden slice     5
//   4.0  submission.csv, test rows 0-999: leaderboard    0
//   4.1h submission.csv, test rows 1000-9999            10 (>= 0.95: 3, >= 0.97: 6, >= 0.98: 10)
const MAX = 3 + 5 + 5 + 5 + 5 + 0 + 10;
// correct's submission.csv (make-sample-predictions.ts): 0.985 on rows 0-999, 0.98356 on rows 1000-9999.

describe('mnist-cnn sample submissions (public + hidden tests)', () => {
  it('correct: every test passes; the leaderboard shows rows 0-999 only', async () => {
    const r = await grade('submissions/correct');
    expect(r.tests.filter((t) => t.status === 'failed').map((t) => `${t.number}: ${t.output}`)).toEqual([]);
    expect(r.maxScore).toBe(MAX);
    expect(r.score).toBe(MAX);
    expect(test(r, '4.0').leaderboard).toEqual({ name: 'Accuracy', value: 0.985 });
    expect(test(r, '4.1h').leaderboard).toBeUndefined();
    for (const n of ['3.1', '3.1h']) {
      expect(output(r, n)).toMatch(/trained 2 of 2 epochs on \S+ in [\d.]+ s \(56,906 parameters\); held-out accuracy by epoch: [\d.]+ %, [\d.]+ %$/m);
      expect(output(r, n)).toMatch(/the fixed model, same seed, data and settings: [\d.]+ %, [\d.]+ %/);
    }
  });

  it('wrong-layer: a 3x3 convolution fails the layer table, row by row; nothing else is lost', async () => {
    const r = await grade('submissions/wrong-layer');
    expect(failed(r)).toEqual(['1.1']);
    expect(r.score).toBe(MAX - 3);
    expect(output(r, '1.1')).toMatch(/config\.kernelSize/);
    expect(output(r, '1.1')).toMatch(/\[null, ?26, ?26, ?32\]/); // 28 - 3 + 1 = 26 where 24 was expected
  });

  it('over-budget: the grader refuses to train 1.66M weights, saying both numbers', async () => {
    const r = await grade('submissions/over-budget');
    expect(failed(r)).toEqual(['3.1', '3.1h']);
    expect(r.score).toBe(MAX - 5 - 5);
    // 3x3x1x16+16, BN 64, 3x3x16x32+32, BN 128, 800x2048+2048, 2048x10+10
    expect(output(r, '3.1')).toMatch(/not trained: the model has 1,665,\d{3} parameters; at most 1,500,000 are allowed/);
  });

  it('wrong-rows: a submission.csv of 8,999 rows earns nothing, and says 10,000 were expected', async () => {
    const r = await grade('submissions/wrong-rows');
    expect(failed(r)).toEqual(['4.0', '4.1h']);
    expect(r.score).toBe(MAX - 10);
    expect(output(r, '4.1h')).toMatch(/10000 rows/);
    expect(test(r, '4.0').leaderboard).toBeUndefined();
  });

  it('reads-hidden-labels: the read of MNIST\'s test labels is denied in the sandbox; no submission.csv appears', async () => {
    const r = await grade('submissions/reads-hidden-labels');
    expect(failed(r)).toEqual(['3.1', '3.1h', '4.0', '4.1h']);
    expect(r.score).toBe(3 + 5 + 5);
    expect(output(r, '3.1')).toMatch(/ERR_ACCESS_DENIED|denied|permission/i);
    expect(output(r, '4.1h')).toMatch(/no such file/);
    expect(existsSync(join(here, 'submissions/reads-hidden-labels/submission.csv'))).toBe(false);
  });

  it('custom-layer: a layer class of the student\'s own is refused by name, never run', async () => {
    const r = await grade('submissions/custom-layer');
    expect(failed(r)).toEqual(['3.1', '3.1h']);
    expect(r.score).toBe(MAX - 10);
    expect(output(r, '3.1')).toMatch(/not trained: custom layers are not supported: layer \d+ '\S+' is class 'Sharpen'/);
  });

  it('huge-topology: a 100 MB topology is refused in the child, at its 1 MB cap', async () => {
    const r = await grade('submissions/huge-topology');
    expect(failed(r)).toEqual(['3.1', '3.1h']);
    expect(r.score).toBe(MAX - 10);
    expect(output(r, '3.1')).toMatch(/is 1048\d{5} characters; at most 1048576 are accepted/);
  });

  it('edits-after-handover: edits after the model was returned change nothing; the 56,906 weights handed over are trained', async () => {
    const r = await grade('submissions/edits-after-handover');
    expect(failed(r)).toEqual([]);
    expect(r.score).toBe(MAX);
    expect(output(r, '3.1')).toMatch(/\(56,906 parameters\)/);
  });

  it('starter: every test fails, saying what is not implemented yet (no submission.csv: says so)', async () => {
    const r = await grade('starter');
    expect(r.score).toBe(0);
    for (const t of r.tests.filter((t) => !t.number.startsWith('4.'))) expect(t.output).toMatch(/not implemented yet/);
    expect(output(r, '4.1h')).toMatch(/no such file/);
  });
});

describe('public fixtures', () => {
  it('are what the generator makes now (if not: pnpm gradient fixtures mnist-cnn)', async () => {
    expect(await staleFixtureFiles(assignment), `run \`pnpm gradient fixtures ${assignment.spec.name}\``).toEqual([]);
  });
});
