import type { CaseVerdict } from './checks/verdict';
import type { TestResult, Visibility } from './model';
import type { TestSpec } from './spec/types';

const round = (v: number) => Math.round(v * 1e4) / 1e4;

export function defaultVisibility(spec: TestSpec): Visibility {
  return spec.visibility ?? (spec.set === 'public' ? 'visible' : 'after_due_date');
}

/** "case a, b: message" — cases that failed with the same message are named together. */
function groupFailures(verdicts: CaseVerdict[]): string[] {
  const byMessage = new Map<string, string[]>();
  for (const v of verdicts) if (!v.ok) byMessage.set(v.message, [...(byMessage.get(v.message) ?? []), v.name]);
  return [...byMessage].map(([message, names]) => `case${names.length > 1 ? 's' : ''} ${names.join(', ')}: ${message}`);
}

/** Turns one test's case verdicts into its scored result. Partial credit only where the spec says per-case. */
export function scoreTest(spec: TestSpec, verdicts: CaseVerdict[], caseCount: number, durationMs: number): TestResult {
  const passed = verdicts.filter((v) => v.ok).length;
  const allPassed = caseCount > 0 && passed === caseCount;
  const fraction = spec.credit === 'per-case' ? passed / Math.max(1, caseCount) : allPassed ? 1 : 0;
  const skipped = caseCount - verdicts.length;
  const lines = groupFailures(verdicts);
  if (skipped > 0) lines.push(`${skipped} more case${skipped > 1 ? 's' : ''} not run after that failure`);
  const summary = `${passed}/${caseCount} case${caseCount === 1 ? '' : 's'} passed`;
  return {
    name: spec.name,
    number: spec.number,
    score: round(spec.points * fraction),
    maxScore: spec.points,
    status: allPassed ? 'passed' : 'failed',
    // the first failure leads: batch tables and one-line views show the first line
    output: allPassed ? summary : [...lines, summary].join('\n'),
    visibility: defaultVisibility(spec),
    tags: spec.tags ?? [],
    hidden: spec.set === 'hidden',
    durationMs,
  };
}

/** A test that could not run at all (the submission did not compile or load). */
export function failAll(spec: TestSpec, message: string): TestResult {
  return { ...scoreTest(spec, [], 0, 0), output: message, score: 0, status: 'failed' };
}
