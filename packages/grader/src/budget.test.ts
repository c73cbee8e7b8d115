import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { FixtureBank } from './fixtures/bank';
import { gradeSubmission } from './grade';
import type { Assignment, TestSpec } from './spec/types';

const dir = mkdtempSync(join(tmpdir(), 'gradient-budget-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A spec of `count` one-case tests of `slow`, with a whole-submission budget of budgetMs. */
function assignment(count: number, budgetMs: number): Assignment {
  const tests: TestSpec[] = Array.from({ length: count }, (_, i) => ({
    number: `${i + 1}`, name: `slow ${i + 1}`, points: 1, set: 'public', kind: 'numeric', call: 'slow', fixture: 'one', tolerance: 1e-9,
  }));
  return {
    spec: { name: 'budget', title: 'budget', entry: 'solution.ts', exports: ['slow'], fixtures: { generator: 'none', publicSeed: 0 }, limits: { timeMs: 5000, submissionMs: budgetMs }, tests },
    dir, specFile: join(dir, 'assignment.json'), publicFixturesDir: dir,
  };
}

const bank: FixtureBank = { public: { one: [{ name: 'a', args: [1], expected: 1 }] } };

describe('the per-submission budget', () => {
  it('stops a submission whose calls each take a second once its budget is spent, keeping the results so far', async () => {
    const sub = join(dir, 'slow');
    mkdirSync(sub);
    writeFileSync(join(sub, 'solution.ts'), 'export function slow(x: number) { const t = Date.now(); while (Date.now() - t < 1000) {} return x; }\n');
    const t0 = performance.now();
    // 6 tests of 1 s each, 3 s of budget
    const r = await gradeSubmission(assignment(6, 3000), sub, bank, { hidden: false });
    expect(performance.now() - t0).toBeLessThan(8000);
    expect(r.tests).toHaveLength(6);
    expect(r.tests[0]).toMatchObject({ status: 'passed', score: 1 });
    // tests 1-3 take 3 s between them, or the budget cuts the third: the rest never start
    expect(r.tests.slice(3).map((t) => t.output)).toEqual(Array(3).fill('not run: the submission used up its 3 s budget'));
    expect(r.tests.filter((t) => /used up its 3 s budget/.test(t.output)).length).toBeGreaterThanOrEqual(3);
  });
});
