// Correct code earns its points on every seed: the independently written correct sample, run in this process
// through the child's call code and the real checks, passes every hidden test for rotated hidden seeds (each set
// also verified against the reference when generated). Each seed trains several nets (the overfit check, four
// Solver runs, the MNIST item on other rows) twice, once for the reference and once for the sample: ~1-2 s a seed
// on one free core, so the default sweep is 4 seeds (GRADIENT_SEED_SWEEP=30 passed, MNIST item included, in ~2 min under load).
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hiddenSeedSweep, loadAssignment } from '@gradient/grader';
import * as correct from './submissions/correct/two_layer_net';

const assignment = loadAssignment(fileURLToPath(new URL('.', import.meta.url)));
const SEEDS = Number(process.env.GRADIENT_SEED_SWEEP ?? 4);

describe('two-layer-net: correct code passes on rotated hidden seeds', () => {
  it(`passes every hidden case for hidden seeds 0..${SEEDS - 1}`, async () => {
    const { failures } = await hiddenSeedSweep(assignment, correct, SEEDS);
    expect(failures).toEqual([]);
  }, 180_000);
});
