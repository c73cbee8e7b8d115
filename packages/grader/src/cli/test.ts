import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pc from 'picocolors';
import { loadFixtureBank } from '../fixtures/bank';
import { gradeSubmission } from '../grade';
import { evaluationLogFileName, renderEvaluationLog } from '../render/evaluation-log';
import { renderSubmission } from '../render/terminal';
import { loadAssignment } from '../spec/load';
import { requireSubmission } from './grade';
import { selectTests } from './test-selection';

/**
 * The student's command: public tests only (or those `tests` names), the grader's own messages, and
 * the course's evaluation log (written only by a run of every public test: a partial log would
 * replace the whole one).
 */
export async function testCommand(assignment: string, tests: string[], opts: { submission: string }) {
  const all = loadAssignment(assignment);
  const a = selectTests(all, tests);
  const source = requireSubmission(opts.submission);
  const bank = await loadFixtureBank(all, false);
  const result = await gradeSubmission(a, source, bank, { hidden: false, submissionId: 'local', checkLog: false });
  console.log(renderSubmission(result, { color: pc.isColorSupported, audience: 'student' }));
  const variant = result.variant;
  if (variant !== undefined) console.log(variant.problem === undefined ? `your variant: username '${variant.username}', seed ${variant.seed}` : `no variant: ${variant.problem}`);
  if (variant?.problem !== undefined) {
    // a log from the shared fixtures could never match at grading time
    console.log(`the public tests ran on the shared public fixtures; fix the exercise call to run your own variant and write ${evaluationLogFileName(a.spec)}`);
  } else if (tests.length === 0) {
    const log = join(resolve(opts.submission), evaluationLogFileName(a.spec));
    writeFileSync(log, renderEvaluationLog(result, new Date()));
    console.log(`log written to ${log}`);
  } else {
    console.log(`only tests ${result.tests.map((t) => t.number).join(', ')} ran; run every test to write ${evaluationLogFileName(a.spec)}`);
  }
  process.exitCode = result.tests.every((t) => t.status === 'passed') && variant?.problem === undefined ? 0 : 1;
}
