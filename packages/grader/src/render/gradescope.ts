// SubmissionResult -> Gradescope's results.json, validated before it is written.
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SubmissionResult, TestResult, Visibility } from '../model';
import { validateGradescope } from './gradescope-schema';
import type { GradescopeLeaderboardEntry, GradescopeResults, GradescopeTest } from './gradescope-types';
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

export const STUDENT_STDOUT_HEADING = '--- What your code printed ---';

export function toGradescope(result: SubmissionResult, opts: GradescopeOptions = {}): GradescopeResults {
  const out: GradescopeResults = {
    score: roundScore(result.score),
    execution_time: Math.round(result.executionTimeMs) / 1000,
    output: generalOutput(result),
    visibility: opts.visibility ?? 'visible',
    stdout_visibility: opts.stdoutVisibility ?? 'hidden',
    tests: result.tests.map(toGradescopeTest),
  };
  if (opts.leaderboard) out.leaderboard = opts.leaderboard.map((entry) => ({ ...entry }));
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
    score: roundScore(test.score),
    max_score: roundScore(test.maxScore),
    status: test.status,
    name: test.name,
    number: test.number,
    output: test.output,
    tags: [...test.tags],
    visibility: test.visibility,
  };
}

function generalOutput(result: SubmissionResult): string {
  if (result.studentStdout.trim() === '') return result.output;
  const parts = [result.output.trimEnd(), `${STUDENT_STDOUT_HEADING}\n${result.studentStdout}`];
  return parts.filter((p) => p !== '').join('\n\n');
}

/** Sums of fractional partial credit (0.1 + 0.2) would otherwise show as 0.30000000000000004. */
function roundScore(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
