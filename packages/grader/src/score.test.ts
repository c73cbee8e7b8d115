import { describe, expect, it } from 'vitest';
import type { CaseVerdict } from './checks/verdict';
import { scoreTest, totalScore } from './score';
import type { CreditFormula, TestSpec } from './spec/types';

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

describe('scoreTest: credit formulas on a measured value', () => {
  // Synthetic verdicts: the formula alone is under test.
  const measuredCase = (name: string, measured: number): CaseVerdict => ({ ...ok(name), measured });
  const formulaSpec = (credit: CreditFormula, points: number): TestSpec => ({
    name: 'held-out accuracy', number: '7', points, set: 'hidden', kind: 'predictions', file: 'p.csv', labels: 'l.npy', credit,
  });
  // spec C: min(floor((acc - 0.28) / 0.22), 1) of the points
  const specC = formulaSpec({ clampFloor: { offset: 0.28, scale: 0.22, max: 1 } }, 2);
  const scoreAt = (s: TestSpec, acc: number) => scoreTest(s, [measuredCase('a', acc)], 1, 1).score;

  it('clamp-floor, spec C: 0.49 earns 0, 0.50 all the points, 0.45 nothing, 0.99 no more than all', () => {
    // (0.49 - 0.28) / 0.22 = 0.95 -> floor 0; (0.50 - 0.28) / 0.22 = 1 -> 1 x 2 points; 0.45 -> 0.77 -> 0
    expect(scoreAt(specC, 0.49)).toBe(0);
    expect(scoreAt(specC, 0.5)).toBe(2);
    expect(scoreAt(specC, 0.45)).toBe(0);
    // 0.99 -> floor(3.23) = 3, clamped to max 1; 0.20 -> floor(-0.36) = -1, clamped to 0
    expect(scoreAt(specC, 0.99)).toBe(2);
    expect(scoreAt(specC, 0.2)).toBe(0);
  });

  it('clamp-floor: an accuracy of exactly 25/50 reaches the step, though (0.5 - 0.28) / 0.22 is 0.9999999999999999 in float64', () => {
    expect((25 / 50 - 0.28) / 0.22).toBeLessThan(1);
    expect(scoreAt(specC, 25 / 50)).toBe(2);
    // one example short of it does not: (24/50 - 0.28) / 0.22 = 0.91
    expect(scoreAt(specC, 24 / 50)).toBe(0);
  });

  it('clamp-floor with max below 1 gives that fraction of the points', () => {
    // floor((0.9 - 0.5) / 0.1) = 4 (3.9999999999999996 in float64), min(4, 0.5) = 0.5 -> 0.5 x 4 points
    expect(scoreAt(formulaSpec({ clampFloor: { offset: 0.5, scale: 0.1, max: 0.5 } }, 4), 0.9)).toBe(2);
  });

  it('thresholds: the highest threshold reached gives its points, none reached gives 0', () => {
    const table = formulaSpec({ thresholds: [[0.7, 3], [0.75, 5], [0.8, 8], [0.83, 10]] }, 10);
    expect([0.69, 0.7, 0.7499, 0.75, 0.7999, 0.8, 0.829, 0.83, 0.97].map((acc) => scoreAt(table, acc))).toEqual([0, 3, 3, 5, 5, 8, 8, 10, 10]);
    // counts exactly on a threshold: 35/50 = 0.70, 83/100 = 0.83
    expect(scoreAt(table, 35 / 50)).toBe(3);
    expect(scoreAt(table, 83 / 100)).toBe(10);
  });

  it('passes only with all the points, and says what was measured and how it scored', () => {
    const low = scoreTest(specC, [measuredCase('a', 0.49)], 1, 1);
    expect(low).toMatchObject({ score: 0, maxScore: 2, status: 'failed', measured: 0.49 });
    expect(low.output).toBe('measured 0.49: 0 of 2 points\ncredit: min(floor((x - 0.28) / 0.22), 1) x 2 points, at least 0\n0/1 case earned full credit');
    expect(scoreTest(specC, [measuredCase('a', 0.5)], 1, 1)).toMatchObject({ score: 2, status: 'passed', measured: 0.5 });
    const table = formulaSpec({ thresholds: [[0.7, 3], [0.8, 8]] }, 8);
    expect(scoreTest(table, [measuredCase('a', 0.75)], 1, 1).output.split('\n')).toEqual(['measured 0.75: 3 of 8 points', 'credit: >= 0.7: 3, >= 0.8: 8 points', '0/1 case earned full credit']);
  });

  it('averages the cases\' points; a case that measured nothing (it crashed) earns 0', () => {
    // (2 + 0) / 2 = 1 point; the mean measured accuracy is (0.5 + 0.49) / 2
    const two = scoreTest(specC, [measuredCase('a', 0.5), measuredCase('b', 0.49)], 2, 1);
    expect(two).toMatchObject({ score: 1, status: 'failed', measured: 0.495 });
    expect(two.output.split('\n').slice(0, 2)).toEqual(['case a: measured 0.5: 2 of 2 points', 'case b: measured 0.49: 0 of 2 points']);
    // (2 + 0) / 2: the crashed case earns nothing, and is named first
    const crashed = scoreTest(specC, [measuredCase('a', 0.5), { ...bad('b', 'timed out'), fatal: true }], 2, 1);
    expect(crashed).toMatchObject({ score: 1, status: 'failed', measured: 0.5 });
    expect(crashed.output.split('\n')[0]).toBe('case b: timed out');
    // nothing measured at all: 0, and no measured value
    const none = scoreTest(specC, [bad('a', 'threw')], 1, 1);
    expect(none.score).toBe(0);
    expect(none.measured).toBeUndefined();
  });

  it('a measurement that is not a finite number earns nothing', () => {
    expect(scoreAt(specC, Number.NaN)).toBe(0);
    expect(scoreAt(formulaSpec({ thresholds: [[0.7, 3]] }, 3), Number.POSITIVE_INFINITY)).toBe(0);
  });

  it('without a formula, a measured value changes nothing', () => {
    expect(scoreTest(spec('per-case'), [measuredCase('a', 0.1), bad('b')], 2, 1)).toMatchObject({ score: 1.5 });
    expect(scoreTest(spec(), [measuredCase('a', 0.1)], 1, 1).measured).toBeUndefined();
  });
});
