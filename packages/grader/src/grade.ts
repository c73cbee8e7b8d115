import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { DEFAULT_SUBMISSION_MS, SubmissionBudget } from './budget';
import { checkFor } from './checks/registry';
import { casesFor, type FixtureBank } from './fixtures/bank';
import type { SubmissionResult, TestResult } from './model';
import { compileSubmission } from './sandbox/compile';
import { Sandbox } from './sandbox/sandbox';
import { failAll, scoreTest } from './score';
import type { Assignment, Limits } from './spec/types';

export interface GradeOptions {
  /** Include the hidden tests (the bank must hold hidden fixtures). */
  hidden: boolean;
  /** Defaults to the folder or zip name. */
  submissionId?: string;
  /** Called after each test, e.g. to drive a progress bar. */
  onTest?: (result: TestResult) => void;
}

const DEFAULT_LIMITS: Required<Limits> = { timeMs: 10_000, memoryMb: 512, loadTimeMs: 10_000 };
const STDOUT_BYTES = 16 * 1024;

function limitsFor(a: Assignment, own?: Limits): Required<Limits> {
  return { ...DEFAULT_LIMITS, ...a.spec.limits, ...own };
}

/** A submission's id: its folder or zip name, usually the student's username. */
export function submissionIdOf(source: string): string {
  return basename(source).replace(/\.zip$/i, '');
}

/** The SubmissionResult around scored tests: totals, and what a run without hidden tests left out. */
function assemble(
  a: Assignment, submission: string, hidden: boolean, tests: TestResult[],
  extra: { output: string; studentStdout: string; executionTimeMs: number },
): SubmissionResult {
  const hiddenNotRun = a.spec.tests.filter((t) => t.set === 'hidden' && !hidden);
  return {
    assignment: a.spec.name,
    submission,
    tests,
    score: Math.round(tests.reduce((s, r) => s + r.score, 0) * 1e4) / 1e4,
    maxScore: tests.reduce((s, r) => s + r.maxScore, 0),
    ...extra,
    includesHidden: hidden,
    hiddenTestsNotRun: hiddenNotRun.length,
    hiddenPointsNotRun: hiddenNotRun.reduce((s, t) => s + t.points, 0),
  };
}

/** Every test of the run failed with one message: the grader itself could not grade this submission. */
export function failedSubmission(a: Assignment, source: string, hidden: boolean, message: string): SubmissionResult {
  const tests = a.spec.tests.filter((t) => t.set === 'public' || hidden).map((t) => failAll(t, message));
  return assemble(a, submissionIdOf(source), hidden, tests, { output: message, studentStdout: '', executionTimeMs: 0 });
}

/** Grades one submission (a folder or a .zip). Student code runs only in the sandbox child. */
export async function gradeSubmission(a: Assignment, source: string, bank: FixtureBank, opts: GradeOptions): Promise<SubmissionResult> {
  const started = performance.now();
  const budget = new SubmissionBudget(a.spec.limits.submissionMs ?? DEFAULT_SUBMISSION_MS, started);
  const submission = opts.submissionId ?? submissionIdOf(source);
  const tests = a.spec.tests.filter((t) => t.set === 'public' || opts.hidden);
  const results: TestResult[] = [];
  let output = '';
  let studentStdout = '';
  const workDir = mkdtempSync(join(tmpdir(), 'gradient-sub-'));
  try {
    const compiled = await compileSubmission({ source, entry: a.spec.entry, workDir });
    if (!compiled.ok) {
      output = `Your submission could not be built: ${compiled.message}`;
      for (const t of tests) results.push(failAll(t, output));
    } else {
      const base = limitsFor(a);
      const forwards = new Set(a.spec.tests.flatMap((t) => (t.kind === 'gradcheck' ? [t.call] : [])));
      const sandbox = await Sandbox.open(compiled.bundlePath, { memoryMb: base.memoryMb, loadTimeMs: base.loadTimeMs, stdoutBytes: STDOUT_BYTES });
      try {
        for (const [i, t] of a.spec.tests.entries()) {
          if (!tests.includes(t)) continue;
          if (budget.spent) {
            const skipped = failAll(t, budget.message);
            results.push(skipped);
            opts.onTest?.(skipped);
            continue;
          }
          const t0 = performance.now();
          const cases = casesFor(bank, a, t, i);
          const limits = limitsFor(a, t.limits);
          const stdoutParts: string[] = [];
          const runner = {
            run: async (req: Parameters<Sandbox['run']>[0]) => {
              const outcome = await budget.run(req, (r) => sandbox.run(r));
              if (outcome.stdout) stdoutParts.push(outcome.stdout);
              return outcome;
            },
          };
          const verdicts = await checkFor(t, a.specFile, i)({ runner, cases, timeLimitMs: limits.timeMs, testLabel: `${t.number} ${t.name}`, forwards });
          const result = scoreTest(t, verdicts, cases.length, performance.now() - t0);
          if (stdoutParts.length && studentStdout.length < STDOUT_BYTES) {
            studentStdout += `[${t.number}] ${stdoutParts.join('')}`.slice(0, STDOUT_BYTES - studentStdout.length);
          }
          results.push(result);
          opts.onTest?.(result);
        }
      } finally {
        await sandbox.close();
      }
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
  return assemble(a, submission, opts.hidden, results, { output, studentStdout, executionTimeMs: performance.now() - started });
}
