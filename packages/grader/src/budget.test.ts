import { describe, expect, it } from 'vitest';
import { gradeSubmission } from './grade';
import { solutionFolder, tinyAssignment } from './test-assignment';

describe('the per-submission budget', () => {
  it('stops a submission whose calls each take a second once its budget is spent, keeping the results so far', async () => {
    const sub = solutionFolder('export function slow(x: number) { const t = Date.now(); while (Date.now() - t < 1000) {} return x; }\n');
    // 6 tests of 1 s each, 3 s of budget
    const { assignment, bank } = tinyAssignment('slow', 6, { submissionMs: 3000 });
    const t0 = performance.now();
    const r = await gradeSubmission(assignment, sub, bank, { hidden: false });
    expect(performance.now() - t0).toBeLessThan(8000);
    expect(r.tests).toHaveLength(6);
    expect(r.tests[0]).toMatchObject({ status: 'passed', score: 1 });
    // tests 1-3 take 3 s between them, or the budget cuts the third: the rest never start
    expect(r.tests.slice(3).map((t) => t.output)).toEqual(Array(3).fill('not run: the submission used up its 3 s budget'));
    expect(r.tests.filter((t) => /used up its 3 s budget/.test(t.output)).length).toBeGreaterThanOrEqual(3);
  });
});
