// SubmissionResult -> Gradescope's results.json, validated before it is written.
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SubmissionResult, TestResult, Visibility } from '../model';
import { validateGradescope } from './gradescope-schema';
import type { GradescopeLeaderboardEntry, GradescopeResults, GradescopeTest } from './gradescope-types';
import { roundPoints } from './points';
import { PRINTED_HEADING } from './printed';
import { fitResultsSize } from './results-size';

export { validateGradescope } from './gradescope-schema';
export type { GradescopeLeaderboardEntry, GradescopeResults, GradescopeTest } from './gradescope-types';

export interface GradescopeOptions {
  leaderboard?: GradescopeLeaderboardEntry[];
  /** Who sees the autograder's stdout on Gradescope. Default 'hidden'. */
  stdoutVisibility?: Visibility;
  /** Visibility of the whole result. Default 'visible'. */
  visibility?: Visibility;
}

export function toGradescope(result: SubmissionResult, opts: GradescopeOptions = {}): GradescopeResults {
  const out: GradescopeResults = {
    score: roundPoints(result.score),
    execution_time: Math.round(result.executionTimeMs) / 1000,
    // never the student's prints: they go inside their own test (a hidden test's may echo hidden inputs)
    output: result.output,
    visibility: opts.visibility ?? 'visible',
    stdout_visibility: opts.stdoutVisibility ?? 'hidden',
    tests: result.tests.map(toGradescopeTest),
  };
  const board = opts.leaderboard ?? result.tests.flatMap((t) => (t.leaderboard ? [{ ...t.leaderboard, order: 'desc' as const }] : []));
  if (board.length > 0) out.leaderboard = board.map((entry) => ({ ...entry }));
  return out;
}

/**
 * Validates, then writes pretty-printed JSON through a temporary file and a rename,
 * so Gradescope never reads a half-written or invalid results.json. Outputs are cut so the
 * file stays under MAX_RESULTS_BYTES (results-size.ts).
 */
export function writeResultsJson(path: string, result: SubmissionResult, opts: GradescopeOptions = {}): GradescopeResults {
  const results = fitResultsSize(toGradescope(result, opts));
  const problems = validateGradescope(results);
  if (problems.length > 0) {
    throw new Error(
      `results.json for ${result.submission} (${result.assignment}) does not match Gradescope's format; nothing was written to ${path}:\n` +
        problems.map((p) => `  ${p}`).join('\n'),
    );
  }
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.${Date.now()}.tmp`;
  try {
    writeFileSync(temp, JSON.stringify(results, null, 2) + '\n', 'utf8');
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  return results;
}

function toGradescopeTest(test: TestResult): GradescopeTest {
  return {
    score: roundPoints(test.score),
    max_score: roundPoints(test.maxScore),
    status: test.status,
    name: test.name,
    number: test.number,
    output: withPrinted(test),
    tags: [...test.tags],
    visibility: test.visibility,
  };
}

/** The test's message, then what the student's code printed during it; the test's visibility covers both. */
function withPrinted(test: TestResult): string {
  if (test.printed === undefined || test.printed.trim() === '') return test.output;
  return [test.output.trimEnd(), `${PRINTED_HEADING}\n${test.printed}`].filter((p) => p !== '').join('\n\n');
}
