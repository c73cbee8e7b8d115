// This assignment's own tests, run by `pnpm test`: each sample submission is graded with the public and hidden
// tests through the real sandbox and its exact score pinned, and the committed public fixtures are checked
// against the generator. Each grading builds the 5.5M-weight fixed model in the child (about 1 s), runs the
// train-step cases (well under 1 s) and, for 3.2h, starts the grader's trainer process, which trains the own
// model (5 epochs of 1,000 images: ~7 s on wasm); so a sample that is retrained takes ~10 s, the file ~75 s (6 retrains).
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
//   1.1  structure of the 8-layer model                 3 (all or nothing)
//   2.1  RMSprop step, public cases                      5 (per case: 2 cases, 2.5 each)
//   2.1h RMSprop step, hidden cases                      5 (per case: 2 cases, 2.5 each)
//   3.0  submission.csv on private rows 0-99: the leaderboard, 0 points (visible at once, so it must not be the graded rows)
//   3.1h submission.csv on private rows 100-399         10 (thresholds: >= 0.70 -> 3, >= 0.75 -> 5, >= 0.80 -> 8, >= 0.83 -> 10)
//   3.2h own model trained by the grader (seed 7, at most 5 epochs), accuracy on the private test set: 10 (the same thresholds)
const MAX = 3 + 5 + 5 + 10 + 10;
// The committed submission.csv files (make-sample-predictions.ts prints these), on rows 0-99 / rows 100-399 (NumPy):
// correct 0.97 / 0.93, wrong-kernel 0.80 / 0.7333 (the 3-point band), over-budget 0.87 / 0.8033 (the 8-point band);
// custom-layer, edits-model and step-in-inference-mode hand in a copy of correct's.
// 3.2h, trained by the grader (seed 7) on the wasm backend CI has: the correct two-block CNN reaches 0.9575 after its
// 5 epochs (0.935-0.958 on other seeds: far above 0.83), the same model stopped after 2 epochs (wrong-kernel's
// settings) 0.775 (0.775-0.905 on other seeds, so that pin is this seed's).

describe('cifar-cnn sample submissions (public + hidden tests)', () => {
  it('correct: every test passes; the accuracy goes to the leaderboard', async () => {
    const r = await grade('submissions/correct');
    expect(r.tests.filter((t) => t.status === 'failed').map((t) => `${t.number}: ${t.output}`)).toEqual([]);
    expect(r.maxScore).toBe(MAX);
    expect(r.score).toBe(MAX);
    expect(test(r, '3.0').leaderboard).toEqual({ name: 'Accuracy', value: 0.97 });
    expect(test(r, '3.1h').leaderboard).toBeUndefined(); // the graded rows' accuracy waits for the due date
    expect(output(r, '3.2h')).toMatch(/trained 5 of 5 epochs on \S+ in [\d.]+ s \(17,386 parameters\); held-out accuracy by epoch: .*, 9\d(\.\d+)? %$/m); // 95.75 % on wasm
  });

  it('wrong-kernel: a 5x5 convolution fails the layer table, named row by row; its weaker own model earns 3 and 5 of 10', async () => {
    const r = await grade('submissions/wrong-kernel');
    expect(failed(r)).toEqual(['1.1', '3.1h', '3.2h']);
    expect(r.score).toBe(MAX - 3 - (10 - 3) - (10 - 5));
    expect(output(r, '3.2h')).toMatch(/measured 0\.7[5-9]\d*: 5 of 10 points/); // 0.775 on wasm
    expect(output(r, '3.2h')).toMatch(/trained 2 of 2 epochs/);
    expect(output(r, '1.1')).toMatch(/config\.kernelSize/);
    expect(output(r, '1.1')).toMatch(/\[null, ?28, ?28, ?32\]/); // 32 - 5 + 1 = 28 where 26 was expected
    expect(output(r, '3.1h')).toMatch(/measured 0\.733333: 3 of 10 points/);
  });

  it('wrong-rows: predictions for the public test set (200 rows) earn nothing, and the message says how many rows were expected', async () => {
    const r = await grade('submissions/wrong-rows');
    expect(failed(r)).toEqual(['3.0', '3.1h']);
    expect(r.score).toBe(MAX - 10);
    expect(output(r, '3.1h')).toMatch(/400 rows/);
    expect(test(r, '3.0').leaderboard).toBeUndefined();
  });

  it('over-budget: the grader refuses to train 4.2M weights, saying both numbers; its own predictions (0.82) earn 8 of 10', async () => {
    const r = await grade('submissions/over-budget');
    expect(failed(r)).toEqual(['3.1h', '3.2h']);
    expect(r.score).toBe(MAX - (10 - 8) - 10);
    expect(output(r, '3.2h')).toMatch(/not trained: the model has 4,196,810 parameters; at most 2,000,000 are allowed/);
    expect(test(r, '3.0').leaderboard).toEqual({ name: 'Accuracy', value: 0.87 });
    expect(output(r, '3.1h')).toMatch(/measured 0\.803333: 8 of 10 points/);
  });

  it('too-much-work: 152k weights but ~1e12 training flops an epoch are refused before training, with both numbers', async () => {
    const r = await grade('submissions/too-much-work');
    expect(failed(r)).toEqual(['3.2h']);
    expect(r.score).toBe(MAX - 10);
    expect(output(r, '3.2h')).toMatch(/not trained: one epoch of the model on 1000 images takes about 9\.29e\+11 floating-point operations; this test's budget allows at most 1\.00e\+11/);
  });

  it('step-in-inference-mode: a step through model.predict fails every train-step case on its first loss', async () => {
    const r = await grade('submissions/step-in-inference-mode');
    expect(failed(r)).toEqual(['2.1', '2.1h']);
    expect(r.score).toBe(MAX - 5 - 5);
    expect(output(r, '2.1')).toMatch(/loss of step 1/);
    expect(output(r, '2.1')).toMatch(/batchnorm\/moving_mean/); // its moving statistics never move
  });

  it('reads-private-labels: reading the hidden labels is denied, so its build fails and no submission.csv appears', async () => {
    const r = await grade('submissions/reads-private-labels');
    expect(failed(r)).toEqual(['1.1', '3.0', '3.1h']);
    expect(r.score).toBe(5 + 5 + 10); // the honest training step and own model
    expect(output(r, '1.1')).toMatch(/ERR_ACCESS_DENIED|denied|permission/i);
    expect(output(r, '3.1h')).toMatch(/no such file/);
    expect(existsSync(join(here, 'submissions/reads-private-labels/submission.csv'))).toBe(false);
  });

  it('edits-model: edits made after the models were handed over change nothing: the grader trains the 17,386 weights it was handed', async () => {
    const r = await grade('submissions/edits-model');
    expect(failed(r)).toEqual([]);
    expect(r.score).toBe(MAX);
    expect(output(r, '3.2h')).toMatch(/\(17,386 parameters\)/);
  });

  it('custom-layer: a layer class the grader does not have is refused by name, never run', async () => {
    const r = await grade('submissions/custom-layer');
    expect(failed(r)).toEqual(['3.2h']);
    expect(r.score).toBe(MAX - 10);
    expect(output(r, '3.2h')).toMatch(/not trained: custom layers are not supported: layer 1 '\S+' is class 'ColourSwap'/);
  });

  it('huge-topology: a 100 MB topology is refused in the child, with the limit', async () => {
    const r = await grade('submissions/huge-topology');
    expect(failed(r)).toEqual(['3.2h']);
    expect(r.score).toBe(MAX - 10);
    expect(output(r, '3.2h')).toMatch(/is 10485\d{4} characters; at most 1048576 are accepted/);
  });

  it('starter: every test fails, saying what is not implemented yet (no submission.csv: says so)', async () => {
    const r = await grade('starter');
    expect(r.score).toBe(0);
    for (const t of r.tests.filter((t) => !t.number.startsWith('3.0') && t.number !== '3.1h')) expect(t.output).toMatch(/not implemented yet/);
    expect(output(r, '3.0')).toMatch(/no such file/);
    expect(output(r, '3.1h')).toMatch(/no such file/);
  });
});

describe('public fixtures', () => {
  it('are what the generator makes now (if not: pnpm gradient fixtures cifar-cnn)', async () => {
    expect(await staleFixtureFiles(assignment), `run \`pnpm gradient fixtures ${assignment.spec.name}\``).toEqual([]);
  });
});
