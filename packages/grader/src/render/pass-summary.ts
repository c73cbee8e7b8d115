// The one sentence that says how many tests passed. Shared by the terminal report and the evaluation log
// so the rule about hidden tests lives in one place: a student is never told "all tests passed"
// while hidden tests exist, because the public tests passing says nothing about them.
import type { SubmissionResult } from '../model';
import { formatPoints } from './points';

export type Audience = 'student' | 'instructor';

export function passSummary(result: SubmissionResult, audience: Audience): string {
  const publicTests = result.tests.filter((t) => !t.hidden);
  const hiddenTests = result.tests.filter((t) => t.hidden);
  const passed = (tests: typeof result.tests) => tests.filter((t) => t.status === 'passed').length;
  const hiddenExist = hiddenTests.length > 0 || result.hiddenTestsNotRun > 0;

  if (!hiddenExist) {
    const n = result.tests.length;
    if (n === 0) return 'no tests ran';
    const p = passed(result.tests);
    return p === n ? `all ${n} tests passed` : `${p}/${n} tests passed`;
  }

  const mayClaimAll = audience === 'instructor' && result.hiddenTestsNotRun === 0;
  if (mayClaimAll && passed(result.tests) === result.tests.length) {
    return `all ${result.tests.length} tests passed (${publicTests.length} public, ${hiddenTests.length} hidden)`;
  }

  const parts = [`public tests: ${passed(publicTests)}/${publicTests.length} passed`];
  if (hiddenTests.length > 0) parts.push(`hidden tests: ${passed(hiddenTests)}/${hiddenTests.length} passed`);
  if (result.hiddenTestsNotRun > 0) parts.push(`hidden tests run at grading time (${hiddenNotRunSize(result)})`);
  return parts.join('; ');
}

function hiddenNotRunSize(result: SubmissionResult): string {
  const n = result.hiddenTestsNotRun;
  const tests = `${n} ${n === 1 ? 'test' : 'tests'}`;
  const points = result.hiddenPointsNotRun;
  if (points === undefined) return tests;
  return `${tests}, ${formatPoints(points)} ${points === 1 ? 'point' : 'points'}`;
}
