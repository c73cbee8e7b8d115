// Results as plain data. Checks produce them, scoring sums them, renderers only read them.
import type { TrainingRecord } from './checks/problem';
import type { CaseVerdict } from './checks/verdict';

/** Gradescope's visibility values. */
export type Visibility = 'hidden' | 'after_due_date' | 'after_published' | 'visible';

export type TestStatus = 'passed' | 'failed';

export interface TestResult {
  /** Human name, e.g. "convolution forward". */
  name: string;
  /** Spec number, e.g. "1.2". */
  number: string;
  score: number;
  maxScore: number;
  status: TestStatus;
  /** Teaching message shown to the student; several lines allowed (render/verdict-text.ts words the cases). */
  output: string;
  /**
   * The failed cases as data (problems, worst entries, the case's parameters), for renderers that lay them
   * out themselves (HTML). Absent when every case passed or the test could not run; not in results.json.
   */
  failedCases?: CaseVerdict[];
  /** Cases not run after a fatal failure (a timeout, a crash of the child). */
  casesNotRun?: number;
  /** Under a credit formula: the mean of what the cases measured (an accuracy); absent when none measured. */
  measured?: number;
  /** train tests: what the trusted trainer did with each case's model, passed or not (reports show it). */
  training?: TrainingRecord[];
  /** predictions tests: the measured accuracy as a column of Gradescope's leaderboard (higher is better). */
  leaderboard?: { name: string; value: number };
  visibility: Visibility;
  tags: string[];
  /** Whether this test ran on hidden inputs (hidden fixtures or hidden seeds). */
  hidden: boolean;
  durationMs: number;
  /**
   * What the student's code printed while this test ran (a child restarted during it prints its load-time
   * output here too), capped. It may echo the test's inputs, so it is shown only where the test itself may
   * be (render/printed.ts); never at the top of a result.
   */
  printed?: string;
  /** Some call of this test ran out of time (its own limit or the submission's budget). */
  timedOut?: boolean;
}

/**
 * Whether a submission's tests ran at all. 'build-failed' (syntax error, missing entry, forbidden import) and
 * 'load-failed' (its top-level code threw or hung) are the student's zeros, said once in `output`; a grader
 * failure is no grade at all (see graderFailure).
 */
export type SubmissionStatus = 'graded' | 'build-failed' | 'load-failed' | 'grader-failure';

export interface SubmissionResult {
  assignment: string;
  /** Submission id: the folder or zip name, usually the student's username. */
  submission: string;
  tests: TestResult[];
  score: number;
  maxScore: number;
  executionTimeMs: number;
  /** General message at the top (compile errors, a summary line). */
  output: string;
  /** Whether hidden tests were part of this run. */
  includesHidden: boolean;
  /** Hidden tests of the assignment that this run did not include (student-side runs). */
  hiddenTestsNotRun: number;
  /** Points of those hidden tests, so a student sees what is still at stake. */
  hiddenPointsNotRun?: number;
  /**
   * Set when the grader itself could not grade this submission (a grader defect, a full disk): why.
   * Its tests then read 0, but that is no grade: gradebook, summary and reports keep it apart.
   */
  graderFailure?: string;
  /** Absent in results made before it existed: read it through submissionStatus (submission-status.ts). */
  status?: SubmissionStatus;
  /** Assignments with per-student variants (docs/variants.md): whose variant ran, and the code's digest. */
  variant?: SubmissionVariant;
}

export interface SubmissionVariant {
  /** From the exercise({ username, seed }) call; absent when the call is missing or malformed (see problem). */
  username?: string;
  seed?: number;
  /** variants/derive.ts variantSeed(assignment, username, seed). */
  variantSeed?: number;
  /** Why no variant ran (the shared public fixtures ran instead). */
  problem?: string;
  /** variants/source-digest.ts: "sha256:<hex>" over sourceFiles. */
  sourceDigest: string;
  sourceFiles: string[];
  /** Grading runs: whether the handed-in evaluation log matches this run; absent where no log was checked. */
  logMatches?: boolean;
}

export interface BatchResult {
  assignment: string;
  submissions: SubmissionResult[];
  executionTimeMs: number;
}
