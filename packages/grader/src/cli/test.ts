import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pc from 'picocolors';
import { loadFixtureBank } from '../fixtures/bank';
import { gradeSubmission } from '../grade';
import { evaluationLogFileName, renderEvaluationLog } from '../render/evaluation-log';
import { renderSubmission } from '../render/terminal';
import { loadAssignment } from '../spec/load';
import { requireSubmission } from './grade';

/** The student's command: public tests only, the grader's own messages, and the course's evaluation log. */
export async function testCommand(assignment: string, opts: { submission: string }) {
  const a = loadAssignment(assignment);
  const source = requireSubmission(opts.submission);
  const bank = await loadFixtureBank(a, false);
  const result = await gradeSubmission(a, source, bank, { hidden: false, submissionId: 'local' });
  console.log(renderSubmission(result, { color: pc.isColorSupported, audience: 'student' }));
  const log = join(resolve(opts.submission), evaluationLogFileName(a.spec.name));
  writeFileSync(log, renderEvaluationLog(result, new Date()));
  console.log(`log written to ${log}`);
  process.exitCode = result.tests.every((t) => t.status === 'passed') ? 0 : 1;
}
