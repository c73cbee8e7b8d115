// Grades every sample submission with public and hidden tests and pins its exact score.
// Each expected score is derived in the comment beside it from the assignment's points table, not read off a run.
// Points per variant (public = hidden): 1.1 softmax 1, 2.1 loss and grads 3, 2.2 SGD epoch 2, 3.1 MNIST 3,
// 3.2 scenes 2, 4.1 SVM loss and grads 1.5, 4.2 SVM epoch 1, 4.3 NN + SVM 2: 15.5 per variant, 31 in all.
// This file takes about a minute on 2 cores: every sample that gets as far as training runs 10 epochs of
// per-example SGD on 1000 MNIST images three times per variant (3.1, 4.3), inside the sandbox.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { gradeSubmission, loadAssignment, loadFixtureBank, staleFixtureFiles, type FixtureBank, type SubmissionResult } from '@gradient/grader';

const here = fileURLToPath(new URL('.', import.meta.url));
const assignment = loadAssignment(here);
let bank: FixtureBank;
const results = new Map<string, SubmissionResult>();

async function grade(name: string): Promise<SubmissionResult> {
  if (!results.has(name)) results.set(name, await gradeSubmission(assignment, join(here, 'submissions', name), bank, { hidden: true }));
  return results.get(name)!;
}
const test = (r: SubmissionResult, number: string) => r.tests.find((t) => t.number === number)!;
const failed = (r: SubmissionResult) => r.tests.filter((t) => t.status === 'failed').map((t) => t.number);
const BOTH = (numbers: string[]) => [...numbers, ...numbers.map((n) => `${n}h`)];

beforeAll(async () => {
  bank = await loadFixtureBank(assignment, true); // public fixtures from disk, hidden ones generated from hidden-seed.json
});

describe('softmax-classifier sample submissions (public + hidden)', () => {
  it('correct: every test passes, 31/31, and the course\'s table is in the training tests\' output', async () => {
    const r = await grade('correct');
    expect(r.tests.filter((t) => t.status === 'failed').map((t) => `${t.number}: ${t.output}`)).toEqual([]);
    expect(r.maxScore).toBe(31);
    expect(r.score).toBe(31);
    for (const n of BOTH(['3.1', '3.2'])) expect(test(r, n).printed).toMatch(/best acc \| epoch 0 loss \| epoch 0 acc \| epoch 9 loss \| epoch 9 acc/);
    expect(test(r, '4.3').printed).toMatch(/MNIST NN \+ SVM/);
    expect(test(r, '3.1').output).toMatch(/measured 0\.8\d+: 3 of 3 points/);
  });

  it('wrong-gradient-xj: the gradient tests fail with W named, and training with it learns nothing', async () => {
    const r = await grade('wrong-gradient-xj');
    // only what does not use the softmax weight gradient is right: softmax 1 + SVM loss 1.5 + SVM epoch 1, per variant;
    // trained with x_j the net stays at chance (accuracy about 0.1, under the lowest thresholds 0.5 / 0.45): 0 points
    expect(r.score).toBe(2 * (1 + 1.5 + 1));
    expect(failed(r)).toEqual(BOTH(['2.1', '2.2', '3.1', '3.2', '4.3']));
    expect(test(r, '2.1').output).toMatch(/grads\.W: relative error/);
    expect(test(r, '2.1').output).not.toMatch(/grads\.b: relative error/);
    expect(test(r, '2.1').output).toMatch(/forward is right and SoftmaxClassifier\.loss grads is at fault/);
    expect(test(r, '3.1').score).toBe(0);
    expect(test(r, '3.1').output).toMatch(/measured 0\.\d+: 0 of 3 points/);
  });

  it('no-bias-gradient: loss and SGD tests fail naming b; it still trains well enough for every accuracy point', async () => {
    const r = await grade('no-bias-gradient');
    // 2.1 (3) and 2.2 (2) lose every case in both variants; W alone still separates the classes, so 3.x and 4.3 keep theirs
    expect(r.score).toBe(31 - 2 * (3 + 2));
    expect(failed(r)).toEqual(BOTH(['2.1', '2.2']));
    expect(test(r, '2.1').output).toMatch(/grads\.b: relative error/);
    expect(test(r, '2.1').output).not.toMatch(/grads\.W: relative error/);
  });

  it('no-max-subtraction: only the cases with logits near +-1000 fail', async () => {
    const r = await grade('no-max-subtraction');
    // 1.1: 2 of 3 cases per variant are large (1/3 of 1 point kept); 2.1: 1 of 3 cases is large-logits (2 of 3 points kept)
    expect(r.score).toBeCloseTo(31 - 2 * (2 / 3) - 2 * 1, 12);
    expect(failed(r)).toEqual(BOTH(['1.1', '2.1']));
    expect(test(r, '1.1').output).toMatch(/cases large-N4-C10, large-negative-N1-C15: softmax output: contains NaN/);
    expect(test(r, '1.1').output).not.toMatch(/case N2-C3/);
    expect(test(r, '2.1').output).toMatch(/case large-logits-N3-D6-C4/);
  });

  it('crashes: each crash fails its tests with a readable message; the correct SVM head keeps its points', async () => {
    const r = await grade('crashes');
    // 4.1 (1.5) and 4.2 (1) per variant; NN + SVM trains the crashing net first, so 4.3 fails too
    expect(r.score).toBe(2 * (1.5 + 1));
    expect(test(r, '1.1').output).toMatch(/TypeError/);
    expect(test(r, '2.1').output).toMatch(/loss not done yet/);
    expect(test(r, '2.2').output).toMatch(/RangeError|call stack/i);
    expect(test(r, '4.3').output).toMatch(/RangeError|call stack/i);
  });

  it('cheats-accuracy: labels that are not numbers, or one too many, earn nothing; reads of the fixtures are denied', async () => {
    const r = await grade('cheats-accuracy');
    // everything but the three accuracy tests is the correct code: 1 + 3 + 2 + 1.5 + 1 per variant
    expect(r.score).toBe(2 * (1 + 3 + 2 + 1.5 + 1));
    expect(failed(r)).toEqual(BOTH(['3.1', '3.2', '4.3']));
    expect(test(r, '3.1').output).toMatch(/valueOf is a function/);
    expect(test(r, '3.1').printed).toMatch(/could not read .*manifest\.json: Access to this API has been restricted/);
    expect(test(r, '4.3').output).not.toMatch(/timed out/);
  });
});

describe('public fixtures', () => {
  it('are what the generator makes now (if not: pnpm gradient fixtures softmax-classifier)', async () => {
    expect(await staleFixtureFiles(assignment), `run \`pnpm gradient fixtures ${assignment.spec.name}\``).toEqual([]);
  });
});

describe('public-only runs (what a student sees)', () => {
  it('grade the correct submission on public tests only, and count the hidden ones not run', async () => {
    const r = await gradeSubmission(assignment, join(here, 'submissions', 'correct'), bank, { hidden: false });
    expect(r.score).toBe(15.5);
    expect(r.hiddenTestsNotRun).toBe(8);
  });
});
