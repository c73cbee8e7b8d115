import type { CaseVerdict } from './checks/verdict';
import { describeFormula, formulaPoints, isFormula } from './credit';
import type { TestResult, Visibility } from './model';
import { formatPoints } from './render/points';
import { trainingText, verdictText } from './render/verdict-text';
import type { CreditFormula, TestSpec } from './spec/types';

export function defaultVisibility(spec: TestSpec): Visibility {
  return spec.visibility ?? (spec.set === 'public' ? 'visible' : 'after_due_date');
}

/** A public test that Gradescope shows at once: the only kind whose output (prints included) a student reads before grades are out. */
export function shownToStudentsAtOnce(spec: TestSpec): boolean {
  return spec.set === 'public' && defaultVisibility(spec) === 'visible';
}

/** "case a, b: message" — cases that failed with the same message are named together. */
function groupFailures(verdicts: CaseVerdict[]): string[] {
  const byMessage = new Map<string, string[]>();
  for (const v of verdicts) {
    if (v.ok) continue;
    const message = verdictText(v);
    byMessage.set(message, [...(byMessage.get(message) ?? []), v.name]);
  }
  return [...byMessage].map(([message, names]) => `case${names.length > 1 ? 's' : ''} ${names.join(', ')}: ${message}`);
}

/** Each measured case's value and points under the formula: "measured 0.49: 0 of 2 points (...)". */
function measuredLines(spec: TestSpec & { credit: CreditFormula }, verdicts: CaseVerdict[], caseCount: number): string[] {
  const lines = verdicts.flatMap((v) => v.measured === undefined ? [] : [
    `${caseCount > 1 ? `case ${v.name}: ` : ''}measured ${Number(v.measured.toPrecision(6))}: ${formatPoints(formulaPoints(spec.credit, spec.points, v.measured))} of ${formatPoints(spec.points)} points`,
  ]);
  return lines.length === 0 ? [] : [...lines, `credit: ${describeFormula(spec.credit, spec.points)}`];
}

/** "W1 relative error: 1.28e-15, b1 relative error: 0.00e+0" per loss-and-grads step, as the courses' gradient checks print. */
function gradErrorLines(verdicts: CaseVerdict[], caseCount: number): string[] {
  return verdicts.flatMap((v) => (v.steps ?? []).flatMap((s, k) => s.gradErrors === undefined || s.gradErrors.length === 0 ? [] : [
    `${caseCount > 1 ? `case ${v.name} ` : ''}step ${k + 1} ${s.method}: ${s.gradErrors.map((g) => `${g.name} relative error: ${Number.isFinite(g.relError) ? g.relError.toExponential(2) : 'not comparable'}`).join(', ')}`,
  ]));
}

/**
 * Turns one test's case verdicts into its scored result. Partial credit only where the spec says so:
 * per-case, or a credit formula on what each case measured (averaged over the cases; unmeasured cases earn 0).
 */
export function scoreTest(spec: TestSpec, verdicts: CaseVerdict[], caseCount: number, durationMs: number): TestResult {
  const passed = verdicts.filter((v) => v.ok).length;
  const allPassed = caseCount > 0 && passed === caseCount;
  const formula = isFormula(spec.credit) ? spec.credit : undefined;
  const measuredPoints = (v: CaseVerdict) => (formula === undefined || v.measured === undefined ? 0 : formulaPoints(formula, spec.points, v.measured));
  const earned = formula !== undefined
    ? verdicts.reduce((sum, v) => sum + measuredPoints(v), 0) / Math.max(1, caseCount)
    // per-case: points x passed / cases, where cases counts those skipped after a crash as failed
    : spec.credit === 'per-case' ? (spec.points * passed) / Math.max(1, caseCount) : allPassed ? spec.points : 0;
  // under a formula, passed means every case earned all the points
  const fullMarks = allPassed && (formula === undefined || verdicts.every((v) => measuredPoints(v) === spec.points));
  const measured = verdicts.flatMap((v) => (v.measured === undefined ? [] : [v.measured]));
  const skipped = caseCount - verdicts.length;
  const lines = groupFailures(verdicts);
  if (skipped > 0) lines.push(`${skipped} more case${skipped > 1 ? 's' : ''} not run after that failure`);
  if (formula !== undefined) lines.push(...measuredLines({ ...spec, credit: formula }, verdicts, caseCount));
  const cases = `${caseCount} case${caseCount === 1 ? '' : 's'}`;
  // under a formula a case can pass its checks and still earn nothing: say what it earned
  const summary = formula !== undefined
    ? `${verdicts.filter((v) => v.ok && measuredPoints(v) === spec.points).length}/${cases} earned full credit`
    : `${passed}/${cases} passed`;
  return {
    name: spec.name,
    number: spec.number,
    // exact: rounding happens once, where a score is shown or written (render/points.ts)
    score: earned,
    maxScore: spec.points,
    status: fullMarks ? 'passed' : 'failed',
    // the first failure leads: batch tables and one-line views show the first line
    // the courses' per-grad relative errors follow the summary: they inform, they are not the verdict
    output: [...lines, summary, ...gradErrorLines(verdicts, caseCount), ...verdicts.flatMap((v) => (v.training ? trainingText(v.training) : []))].join('\n'),
    visibility: defaultVisibility(spec),
    tags: spec.tags ?? [],
    hidden: spec.set === 'hidden',
    durationMs,
    ...(allPassed ? {} : { failedCases: verdicts.filter((v) => !v.ok) }),
    ...(skipped > 0 ? { casesNotRun: skipped } : {}),
    ...(formula !== undefined && measured.length > 0 ? { measured: measured.reduce((a, b) => a + b, 0) / measured.length } : {}),
    ...(verdicts.some((v) => v.training) ? { training: verdicts.flatMap((v) => (v.training ? [v.training] : [])) } : {}),
  };
}

/** A test that could not run at all (the submission did not compile or load). */
export function failAll(spec: TestSpec, message: string): TestResult {
  const { failedCases: _, ...result } = scoreTest(spec, [], 0, 0);
  return { ...result, output: message, score: 0, status: 'failed' };
}

/** A submission's total: the exact sum of its tests' exact scores (rounded only when shown or written). */
export function totalScore(tests: readonly TestResult[]): number {
  return tests.reduce((sum, t) => sum + t.score, 0);
}
