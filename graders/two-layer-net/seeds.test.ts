// Correct code earns its points on every seed: the independently written correct sample, run in this process
// through the child's call code and the real checks, passes every hidden test for rotated hidden seeds (each set
// also verified against the reference when generated). Each seed trains several small nets (the overfit check,
// four Solver runs) twice, once for the reference and once for the sample, so the default sweep is short;
// GRADIENT_SEED_SWEEP=100 runs more.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generateFixtures, loadAssignment, runTestsInProcess, verdictText } from '@gradient/grader';
import * as correct from './submissions/correct/two_layer_net';

const assignment = loadAssignment(fileURLToPath(new URL('.', import.meta.url)));
const SEEDS = Number(process.env.GRADIENT_SEED_SWEEP ?? 12);

describe('two-layer-net: correct code passes on rotated hidden seeds', () => {
  it(`passes every hidden case for hidden seeds 0..${SEEDS - 1}`, async () => {
    const failures: string[] = [];
    for (let seed = 0; seed < SEEDS; seed++) {
      const sets = await generateFixtures(assignment, 'hidden', seed);
      for (const { test, verdicts } of await runTestsInProcess(assignment, correct, 'hidden', sets)) {
        for (const v of verdicts) if (!v.ok) failures.push(`seed ${seed}, ${test.number} case ${v.name}: ${verdictText(v).split('\n')[0]}`);
      }
    }
    expect(failures).toEqual([]);
  }, 180_000);
});
