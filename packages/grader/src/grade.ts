import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { DEFAULT_SUBMISSION_MS, SubmissionBudget } from './budget';
import { forwardExports } from './checks/forwards';
import { checkFor } from './checks/registry';
import { casesFor, type FixtureBank } from './fixtures/bank';
import type { SubmissionResult, TestResult } from './model';
import { PrintedOutput } from './printed-output';
import { compileSubmission } from './sandbox/compile';
import { Sandbox } from './sandbox/sandbox';
import { failAll, scoreTest, shownToStudentsAtOnce, totalScore } from './score';
import type { Assignment, Limits, TestSpec } from './spec/types';

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
/** What a test keeps of what the student's code printed during it (results.json carries it per test). */
const PRINTED_CHARS_PER_TEST = 2048;

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
  extra: { output: string; executionTimeMs: number },
): SubmissionResult {
  const hiddenNotRun = a.spec.tests.filter((t) => t.set === 'hidden' && !hidden);
  return {
    assignment: a.spec.name,
    submission,
    tests,
    score: totalScore(tests),
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
  return { ...assemble(a, submissionIdOf(source), hidden, tests, { output: message, executionTimeMs: 0 }), graderFailure: message };
}

/**
 * Tests a student sees at once run before all others (results keep the spec's order), so output that a
 * hidden test's call leaves behind (a timer that prints later) can only ever land in a hidden test.
 */
function shownAtOnceFirst(entries: Iterable<[number, TestSpec]>): [number, TestSpec][] {
  return [...entries].sort(([, x], [, y]) => Number(!shownToStudentsAtOnce(x)) - Number(!shownToStudentsAtOnce(y)));
}

/** Grades one submission (a folder or a .zip). Student code runs only in the sandbox child. */
export async function gradeSubmission(a: Assignment, source: string, bank: FixtureBank, opts: GradeOptions): Promise<SubmissionResult> {
  const started = performance.now();
  const budget = new SubmissionBudget(a.spec.limits.submissionMs ?? DEFAULT_SUBMISSION_MS, started);
  const submission = opts.submissionId ?? submissionIdOf(source);
  const tests = a.spec.tests.filter((t) => t.set === 'public' || opts.hidden);
  const results: TestResult[] = [];
  let output = '';
  const workDir = mkdtempSync(join(tmpdir(), 'gradient-sub-'));
  try {
    const compiled = await compileSubmission({ source, entry: a.spec.entry, workDir });
    if (!compiled.ok) {
      output = `Your submission could not be built: ${compiled.message}`;
      for (const t of tests) results.push(failAll(t, output));
    } else {
      const base = limitsFor(a);
      const forwards = forwardExports(a.spec);
      const sandbox = await Sandbox.open(compiled.bundlePath, { memoryMb: base.memoryMb, loadTimeMs: base.loadTimeMs, stdoutBytes: STDOUT_BYTES });
      try {
        for (const [i, t] of shownAtOnceFirst(a.spec.tests.entries())) {
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
          // kept with this test only: what a hidden test's calls print may echo its hidden inputs
          const printed = new PrintedOutput(PRINTED_CHARS_PER_TEST);
          const runner = {
            run: async (req: Parameters<Sandbox['run']>[0]) => {
              const outcome = await budget.run(req, (r) => sandbox.run(r));
              printed.add(outcome.stdout);
              return outcome;
            },
          };
          const verdicts = await checkFor(t, a.specFile, i)({ runner, cases, timeLimitMs: limits.timeMs, testLabel: `${t.number} ${t.name}`, forwards });
          const result = scoreTest(t, verdicts, cases.length, performance.now() - t0);
          if (printed.value !== undefined) result.printed = printed.value;
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
  const specOrder = (r: TestResult) => tests.findIndex((t) => t.number === r.number);
  results.sort((x, y) => specOrder(x) - specOrder(y));
  return assemble(a, submission, opts.hidden, results, { output, executionTimeMs: performance.now() - started });
}
