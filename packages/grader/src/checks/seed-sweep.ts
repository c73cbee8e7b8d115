import { builtinDatasets } from '../fixtures/builtin-datasets';
import { resolveDatasetRefs } from '../fixtures/dataset-refs';
import { generateFixtures } from '../fixtures/generate';
import { verdictText } from '../render/verdict-text';
import type { Assignment } from '../spec/types';
import { runTestsInProcess } from './in-process';

/**
 * Correct code must earn its points on every seed: runs a TRUSTED module (a grader's correct sample, in its
 * tests) against the hidden sets generated for hidden seeds 0..seeds-1, each run through the real checks.
 * Returns one line per failed case and how many cases ran.
 */
export async function hiddenSeedSweep(a: Assignment, mod: Record<string, unknown>, seeds: number): Promise<{ failures: string[]; cases: number }> {
  const failures: string[] = [];
  let cases = 0;
  for (let seed = 0; seed < seeds; seed++) {
    const sets = resolveDatasetRefs(await generateFixtures(a, 'hidden', seed), builtinDatasets, a.specFile);
    for (const { test, verdicts } of await runTestsInProcess(a, mod, 'hidden', sets)) {
      cases += verdicts.length;
      for (const v of verdicts) if (!v.ok) failures.push(`seed ${seed}, ${test.number} case ${v.name}: ${verdictText(v).split('\n')[0]}`);
    }
  }
  return { failures, cases };
}
