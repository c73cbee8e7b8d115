import { describe, expect, it } from 'vitest';
import type { CaseVerdict } from './checks/verdict';
import { scoreTest, totalScore } from './score';
import type { TestSpec } from './spec/types';

const spec = (credit?: 'per-case' | 'all-or-nothing'): TestSpec => ({
  name: 'conv', number: '1.1', points: 3, set: 'public', kind: 'fixture', call: 'f', fixture: 's', tolerance: 1e-9, credit,
});
const ok = (name: string): CaseVerdict => ({ name, ok: true, problems: [], params: [] });
const bad = (name: string, message = 'boom'): CaseVerdict => ({ name, ok: false, problems: [{ kind: 'failure', failure: 'threw', message }], params: [] });

describe('scoreTest', () => {
  it('per-case credit gives points times the fraction passed', () => {
    const r = scoreTest(spec('per-case'), [ok('a'), bad('b'), ok('c')], 3, 1);
    expect(r.score).toBe(2);
    expect(r.status).toBe('failed');
  });
  it('all-or-nothing (the default) gives nothing unless every case passes', () => {
    expect(scoreTest(spec(), [ok('a'), bad('b')], 2, 1).score).toBe(0);
    expect(scoreTest(spec(), [ok('a'), ok('b')], 2, 1)).toMatchObject({ score: 3, status: 'passed', output: '2/2 cases passed' });
  });
  it('cases skipped after a fatal failure count as failed and are mentioned', () => {
    const r = scoreTest(spec('per-case'), [bad('a', 'timed out')], 3, 1);
    expect(r.score).toBe(0);
    expect(r.output).toBe('case a: timed out\n2 more cases not run after that failure\n0/3 cases passed');
  });
  it('divides by the case count, not the verdicts, when a crash skipped the last cases', () => {
    // 1 of 4 cases passed, the 2nd crashed, 2 were never run: 3 x 1/4 (dividing by the 2 verdicts would give 1.5)
    const r = scoreTest(spec('per-case'), [ok('a'), { ...bad('b', 'timed out'), fatal: true }], 4, 1);
    expect(r.score).toBe(0.75);
    expect(r.output).toBe('case b: timed out\n2 more cases not run after that failure\n1/4 cases passed');
  });
  it('keeps partial credit exact (points x passed / cases), unrounded', () => {
    expect(scoreTest(spec('per-case'), [ok('a'), ok('b'), bad('c')], 3, 1).score).toBe(2);
    expect(scoreTest({ ...spec('per-case'), points: 2 }, [ok('a'), bad('b'), bad('c')], 3, 1).score).toBe(2 / 3);
  });
  it('totals the exact scores: three tests at 2/3 credit make 2, not the 2.0001 of rounded parts', () => {
    const twoThirds = () => scoreTest({ ...spec('per-case'), points: 1 }, [ok('a'), ok('b'), bad('c')], 3, 1);
    expect(totalScore([twoThirds(), twoThirds(), twoThirds()])).toBeCloseTo(2, 12);
  });
  it('names cases that failed alike together, first failure first', () => {
    const r = scoreTest(spec('per-case'), [bad('a', 'x'), bad('b', 'y'), bad('c', 'x')], 3, 1);
    expect(r.output.split('\n')).toEqual(['cases a, c: x', 'case b: y', '0/3 cases passed']);
  });
  it('keeps the failed cases as data next to the text output, and how many were not run', () => {
    const crashed = { ...bad('b', 'timed out'), fatal: true };
    const r = scoreTest(spec('per-case'), [ok('a'), crashed], 4, 1);
    expect(r.failedCases).toEqual([crashed]);
    expect(r.casesNotRun).toBe(2);
    expect(scoreTest(spec(), [ok('a')], 1, 1).failedCases).toBeUndefined();
  });
  it('hidden tests default to after_due_date visibility, public ones to visible', () => {
    expect(scoreTest({ ...spec(), set: 'hidden' }, [ok('a')], 1, 1)).toMatchObject({ visibility: 'after_due_date', hidden: true });
    expect(scoreTest(spec(), [ok('a')], 1, 1).visibility).toBe('visible');
  });
});
