// The grading-time test that compares the evaluation log a student handed in with what this code gives under the
// student's own variant (docs/variants.md). It is always reported; its points come from the spec (default 0).
import { closeSync, existsSync, lstatSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import type { SubmissionVariant, TestResult } from '../model';
import { showControlChars } from '../render/control-chars';
import { evaluationLogFileName, testHeadLine, totalLine } from '../render/evaluation-log';
import { totalScore } from '../score';
import type { AssignmentSpec } from '../spec/types';

const LOG_BYTES = 1024 * 1024;

export function logTestSpec(spec: AssignmentSpec): { number: string; name: string; points: number } {
  const log = spec.variants?.log;
  return { number: log?.number ?? '0', name: log?.name ?? 'evaluation log matches this code', points: log?.points ?? 0 };
}

/** The log's text (its first MiB), or why there is none to read. */
function readLog(root: string, file: string): { text: string } | { missing: string } {
  const path = join(root, file);
  if (!existsSync(path)) return { missing: `no ${file} was handed in: run \`npm test\` (every test) and hand in the log it writes with your code` };
  // never followed: a link could point the grader at a file outside the submission
  if (!lstatSync(path).isFile()) return { missing: `${file} is not a regular file (a link or a folder): hand in the file \`npm test\` writes` };
  const buf = Buffer.alloc(LOG_BYTES);
  const fd = openSync(path, 'r');
  try {
    return { text: buf.subarray(0, readSync(fd, buf, 0, LOG_BYTES, 0)).toString('utf8') };
  } finally {
    closeSync(fd);
  }
}

/** A "Key: value" line of the log's stamp. */
function field(lines: string[], key: string): string | undefined {
  const line = lines.find((l) => l.startsWith(`${key}: `));
  return line?.slice(key.length + 2);
}

/**
 * What differs between the log and this run: the stamp (assignment, username, seed, source digest) and each
 * public test's line ("PASS 1.1 name (2/2)") and the total. An empty list means the log matches.
 */
export function logProblems(text: string, assignment: string, variant: SubmissionVariant, publicTests: TestResult[]): string[] {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const problems: string[] = [];
  const said = (v: string | undefined) => (v === undefined ? 'nothing' : `'${showControlChars(v.slice(0, 100))}'`);
  const logAssignment = field(lines, 'Evaluation log');
  if (logAssignment !== assignment) problems.push(`it is the log of ${said(logAssignment)}, not of '${assignment}'`);
  if (field(lines, 'Username') !== variant.username) problems.push(`its username is ${said(field(lines, 'Username'))}; the exercise call in this code says '${variant.username}'`);
  if (field(lines, 'Seed') !== String(variant.seed)) problems.push(`its seed is ${said(field(lines, 'Seed'))}; the exercise call in this code says ${variant.seed}`);
  const source = field(lines, 'Source');
  const digest = source?.split(' ')[0];
  if (digest !== variant.sourceDigest) {
    problems.push(`it was written for other code: its source digest is ${said(digest)} (${said(source?.slice((digest ?? '').length + 1))}), this code's is '${variant.sourceDigest}' (${variant.sourceFiles.join(', ')})`);
  }
  const logged = new Map<string, string>();
  for (const line of lines) {
    const m = /^(PASS|FAIL) (\S+) /.exec(line);
    if (m === null) continue;
    // a failed test's line goes on with ": <its message>"; the head ends at the points
    const head = /^(.*? \([0-9.]+\/[0-9.]+\))(: |$)/.exec(line)?.[1] ?? line;
    if (logged.has(m[2])) problems.push(`test ${m[2]} is in it twice`);
    logged.set(m[2], head);
  }
  for (const t of publicTests) {
    const want = testHeadLine(t);
    const got = logged.get(t.number);
    logged.delete(t.number);
    if (got === undefined) problems.push(`test ${t.number} is not in it (a log written by a run of only some tests?)`);
    else if (got !== want) problems.push(`it says '${showControlChars(got)}', this code gives '${want}'${t.timedOut ? ' (it ran out of time here: machines differ in speed)' : ''}`);
  }
  for (const number of logged.keys()) problems.push(`it lists a test '${showControlChars(number)}' this assignment's public tests do not have`);
  const total = totalLine(totalScore(publicTests), publicTests.reduce((s, t) => s + t.maxScore, 0));
  if (!lines.includes(total)) problems.push(`its total is ${said(lines.find((l) => l.startsWith('Total: ')))}, this code's is '${total}'`);
  return problems;
}

/** The log test's result for one graded submission. */
export function checkEvaluationLog(spec: AssignmentSpec, root: string, variant: SubmissionVariant, publicTests: TestResult[]): TestResult {
  const t0 = performance.now();
  const own = logTestSpec(spec);
  const file = evaluationLogFileName(spec);
  let output: string;
  let ok = false;
  if (variant.problem !== undefined) {
    output = `No variant ran: ${variant.problem}. The public tests ran on the shared public fixtures instead of your variant, so ${file} cannot be checked.`;
  } else {
    const log = readLog(root, file);
    const problems = 'missing' in log ? [log.missing] : logProblems(log.text, spec.name, variant, publicTests);
    ok = problems.length === 0;
    output = ok
      ? `${file} matches this code under username '${variant.username}' and seed ${variant.seed}`
      : `${file} does not match what this code gives under username '${variant.username}' and seed ${variant.seed}:\n${problems.map((p) => `- ${p}`).join('\n')}`;
  }
  variant.logMatches = ok;
  return {
    name: own.name, number: own.number, score: ok ? own.points : 0, maxScore: own.points, status: ok ? 'passed' : 'failed', output,
    visibility: 'visible', tags: ['evaluation-log'], hidden: false, durationMs: performance.now() - t0,
  };
}
