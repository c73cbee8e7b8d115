import { forwardExports } from './forwards';
import { checkFor } from './registry';
import { structureCases } from './structure-check';
import type { CaseVerdict, CallRunner } from './verdict';
import type { FixtureBank } from '../fixtures/bank';
import type { FixtureCase } from '../fixtures/case';
import { join } from 'node:path';
import { importResolved, resolveFrom } from '../import-resolved';
import { perform } from '../sandbox/child/perform';
import { LIBRARIES_EXPORT } from '../sandbox/protocol';
import type { Assignment, TestSpec } from '../spec/types';

export interface InProcessResult {
  test: TestSpec;
  index: number;
  cases: FixtureCase[];
  verdicts: CaseVerdict[];
}

/**
 * Runs every test of one set (public or hidden) against a TRUSTED module in this process, through the
 * child's own call code (perform) and the very checks students face, with no time limits. For the
 * reference solution and the repo's own sample solutions, never for a submission.
 */
export async function runTestsInProcess(a: Assignment, mod: Record<string, unknown>, variant: 'public' | 'hidden', sets: Record<string, FixtureCase[]>): Promise<InProcessResult[]> {
  const withLibraries = { ...mod, [LIBRARIES_EXPORT]: await declaredLibraries(a) };
  const runner: CallRunner = { run: async (req) => perform(withLibraries, req) };
  const forwards = forwardExports(a.spec);
  const results: InProcessResult[] = [];
  for (const [index, test] of a.spec.tests.entries()) {
    const fixture = (test as { fixture?: string }).fixture;
    // a structure test has no fixture set: the reference's model is checked against the spec's layer table
    const cases = test.kind === 'structure' ? structureCases(test) : fixture !== undefined ? sets[fixture] ?? [] : undefined;
    if (test.set !== variant || cases === undefined) continue;
    const verdicts = await checkFor(test, a.specFile, index)({ runner, cases, timeLimitMs: Infinity, testLabel: `${test.number} ${test.name}`, forwards });
    results.push({ test, index, cases, verdicts });
  }
  return results;
}

/**
 * Numbers of the tests, public then hidden, that fail some case when a TRUSTED module (a sample solution or a
 * deliberate slip of one, in a grader's tests) runs in this process; `sets` may narrow each set's cases.
 */
export async function failingTests(
  a: Assignment,
  mod: Record<string, unknown>,
  bank: FixtureBank,
  sets: (cases: Record<string, FixtureCase[]>) => Record<string, FixtureCase[]> = (cases) => cases,
): Promise<string[]> {
  const failed: string[] = [];
  for (const variant of ['public', 'hidden'] as const) {
    const cases = bank[variant];
    if (cases === undefined) throw new Error(`failingTests: the fixture bank has no ${variant} sets (load it with the hidden ones)`);
    for (const { test, verdicts } of await runTestsInProcess(a, mod, variant, sets(cases))) {
      if (verdicts.some((v) => !v.ok)) failed.push(test.number);
    }
  }
  return failed;
}

/**
 * The libraries the spec declares, as the assignment's package resolves them: the copy the trusted module itself
 * imports (a Gradescope kit installs the grader without its dev dependencies, where the grader has tfjs).
 */
async function declaredLibraries(a: Assignment): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const name of a.spec.libraries ?? []) {
    out[name] = await importResolved(resolveFrom(join(a.dir, 'package.json'), name));
  }
  return out;
}
