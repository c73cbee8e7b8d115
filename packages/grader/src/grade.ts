import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { DEFAULT_SUBMISSION_MS, SubmissionBudget } from './budget';
import { forwardExports } from './checks/forwards';
import { checkFor } from './checks/registry';
import { casesFor, type FixtureBank } from './fixtures/bank';
import type { SubmissionResult, SubmissionStatus, SubmissionVariant, TestResult } from './model';
import { PrintedOutput } from './printed-output';
import { compileSubmission } from './sandbox/compile';
import { Sandbox } from './sandbox/sandbox';
import { defaultVisibility, failAll, scoreTest, shownToStudentsAtOnce, totalScore } from './score';
import { NOT_RUN } from './submission-status';
import type { Assignment, Limits, TestSpec } from './spec/types';
import { checkEvaluationLog } from './variants/log-check';
import { resolveVariant } from './variants/resolve';

export interface GradeOptions {
  /** Include the hidden tests (the bank must hold hidden fixtures). */
  hidden: boolean;
  /** Defaults to the folder or zip name. */
  submissionId?: string;
  /** Called after each test, e.g. to drive a progress bar. */
  onTest?: (result: TestResult) => void;
  /**
   * Assignments with variants: compare the handed-in evaluation log with this run (a test of its own, after the
   * others). Default true; the student's own `gradient test` turns it off (it is writing the log).
   */
  checkLog?: boolean;
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
  extra: { output: string; executionTimeMs: number; status: SubmissionStatus },
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

/**
 * A submission whose tests did not run: the reason is said once, at the top, and each test says only that it
 * did not run (a status other than 'graded').
 */
function notRun(a: Assignment, submission: string, hidden: boolean, status: Exclude<SubmissionStatus, 'graded'>, output: string, executionTimeMs: number): SubmissionResult {
  const tests = a.spec.tests.filter((t) => t.set === 'public' || hidden).map((t) => failAll(t, NOT_RUN[status]));
  return assemble(a, submission, hidden, tests, { output, executionTimeMs, status });
}

/** The grader itself could not grade this submission. */
export function failedSubmission(a: Assignment, source: string, hidden: boolean, message: string): SubmissionResult {
  return { ...notRun(a, submissionIdOf(source), hidden, 'grader-failure', message, 0), graderFailure: message };
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
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
  let variant: SubmissionVariant | undefined;
  let logTest: TestResult | undefined;
  const workDir = mkdtempSync(join(tmpdir(), 'gradient-sub-'));
  try {
    const compiled = await compileSubmission({ source, entry: a.spec.entry, workDir, libraries: a.spec.libraries, assignmentDir: a.dir });
    if (!compiled.ok) {
      return notRun(a, submission, opts.hidden, 'build-failed', `Your submission could not be built: ${compiled.message}`, performance.now() - started);
    }
    const resolved = a.spec.variants ? resolveVariant(a, compiled.root, compiled.files, bank.pool) : undefined;
    variant = resolved?.variant;
    // hidden sets stay the instructor's: only the public ones are the student's variant
    const ownBank: FixtureBank = resolved?.sets ? { ...bank, public: resolved.sets } : bank;
    const base = limitsFor(a);
    const forwards = forwardExports(a.spec);
    const sandbox = await Sandbox.open(compiled.bundlePath, { memoryMb: base.memoryMb, loadTimeMs: base.loadTimeMs, stdoutBytes: STDOUT_BYTES });
    try {
      if (sandbox.whyNotLoaded !== undefined) {
        const r = notRun(a, submission, opts.hidden, 'load-failed', capitalized(sandbox.whyNotLoaded), performance.now() - started);
        // what the top-level code printed goes with the first test a student sees at once, as a test's prints would
        const printed = new PrintedOutput(PRINTED_CHARS_PER_TEST);
        printed.add(sandbox.takeOutput());
        const first = shownAtOnceFirst(a.spec.tests.entries()).find(([, t]) => tests.includes(t));
        const target = first && r.tests.find((t) => t.number === first[1].number);
        if (target !== undefined && printed.value !== undefined) target.printed = printed.value;
        return r;
      }
      for (const [i, t] of shownAtOnceFirst(a.spec.tests.entries())) {
        if (!tests.includes(t)) continue;
        if (budget.spent) {
          const skipped: TestResult = { ...failAll(t, budget.message), timedOut: true };
          results.push(skipped);
          opts.onTest?.(skipped);
          continue;
        }
        const t0 = performance.now();
        const cases = casesFor(ownBank, a, t, i);
        const limits = limitsFor(a, t.limits);
        // kept with this test only: what a hidden test's calls print may echo its hidden inputs
        const printed = new PrintedOutput(PRINTED_CHARS_PER_TEST);
        let timedOut = false;
        const runner = {
          run: async (req: Parameters<Sandbox['run']>[0]) => {
            const outcome = await budget.run(req, (r) => sandbox.run(r));
            printed.add(outcome.stdout);
            if (!outcome.ok && outcome.failure === 'timeout') timedOut = true;
            return outcome;
          },
        };
        const verdicts = await checkFor(t, a.specFile, i)({ runner, cases, timeLimitMs: limits.timeMs, testLabel: `${t.number} ${t.name}`, forwards, submissionRoot: compiled.root, assignmentDir: a.dir });
        const result = scoreTest(t, verdicts, cases.length, performance.now() - t0);
        // Gradescope shows its leaderboard at once: only a test students may already see goes on it, or a hidden
        // set's accuracy would be public before the due date (and resubmissions could probe its labels)
        if (t.kind === 'predictions' && result.measured !== undefined && defaultVisibility(t) === 'visible') result.leaderboard = { name: t.leaderboard ?? t.name, value: result.measured };
        if (printed.value !== undefined) result.printed = printed.value;
        if (timedOut) result.timedOut = true;
        results.push(result);
        opts.onTest?.(result);
      }
    } finally {
      await sandbox.close();
    }
    if (variant !== undefined && opts.checkLog !== false) {
      // read before workDir (a zip's extraction) goes
      logTest = checkEvaluationLog(a.spec, compiled.root, variant, results.filter((r) => !r.hidden));
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
  const specOrder = (r: TestResult) => tests.findIndex((t) => t.number === r.number);
  results.sort((x, y) => specOrder(x) - specOrder(y));
  if (logTest !== undefined) {
    results.push(logTest);
    opts.onTest?.(logTest);
  }
  const graded = assemble(a, submission, opts.hidden, results, { output: '', executionTimeMs: performance.now() - started, status: 'graded' });
  return variant === undefined ? graded : { ...graded, variant };
}
