// Correct code earns its points on every seed: the independently written correct sample, run in this
// process through the child's call code and the real checks, passes every hidden test for many rotated
// hidden seeds (each also verified against the reference when generated); 20 by default (~11 s on the loaded
// 2-core box), GRADIENT_SEED_SWEEP=N for more. `pnpm bench` is not needed:
// this is a correctness property, so it runs in the suite.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hiddenSeedSweep, loadAssignment } from '@gradient/grader';
import * as correct from './submissions/correct/stat_learning';

const assignment = loadAssignment(fileURLToPath(new URL('.', import.meta.url)));
const SEEDS = Number(process.env.GRADIENT_SEED_SWEEP ?? 20);

describe('stat-learning: correct code passes on rotated hidden seeds', () => {
  it(`passes every hidden case for hidden seeds 0..${SEEDS - 1}`, async () => {
    const { failures } = await hiddenSeedSweep(assignment, correct, SEEDS);
    expect(failures).toEqual([]);
  }, 300_000);
});
