// Correct code earns its points on every seed: the independently written correct sample, run in this process
// through the child's call code and the real checks, passes every hidden train-step case for many rotated
// hidden seeds (each also verified against the reference when generated). GRADIENT_SEED_SWEEP=200 for more.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hiddenSeedSweep, loadAssignment } from '@gradient/grader';
import * as correct from './submissions/correct/cifar_cnn';

const assignment = loadAssignment(fileURLToPath(new URL('.', import.meta.url)));
const SEEDS = Number(process.env.GRADIENT_SEED_SWEEP ?? 10);

describe('cifar-cnn: correct code passes on rotated hidden seeds', () => {
  it(`passes every hidden case for hidden seeds 0..${SEEDS - 1}`, async () => {
    const { failures, cases } = await hiddenSeedSweep(assignment, correct, SEEDS);
    expect(failures).toEqual([]);
    expect(cases).toBe(2 * SEEDS); // the two train_step cases of 2.1h
  }, 120_000);
});
