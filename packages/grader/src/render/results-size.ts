// results.json holds text the student's code produced (messages, printed output). That text is
// already cut where it enters the grader, but a test can collect many cases' messages and an
// assignment can have many tests, so the file as a whole is bounded here too.
import type { GradescopeResults } from './gradescope-types';

/** The most a results.json written by the grader weighs, in bytes of its JSON text. */
export const MAX_RESULTS_BYTES = 1024 * 1024;
/** Starting caps, in characters: the top-level output and each test's output. */
const TOP_OUTPUT_CHARS = 64 * 1024;
const TEST_OUTPUT_CHARS = 16 * 1024;

export function cutOutput(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}\n… (cut: the full text was ${text.length} characters)`;
}

const bytesOf = (r: GradescopeResults): number => Buffer.byteLength(JSON.stringify(r, null, 2), 'utf8');

/**
 * results with the top-level and per-test outputs cut so its JSON stays under MAX_RESULTS_BYTES:
 * caps start at 64K characters (top) and 16K per test, and halve until the file fits.
 * Throws only when the parts that are not output (names, tags from the spec) alone are too big.
 */
export function fitResultsSize(results: GradescopeResults): GradescopeResults {
  for (let top = TOP_OUTPUT_CHARS, each = TEST_OUTPUT_CHARS; top >= 64; top /= 2, each /= 2) {
    const fitted: GradescopeResults = {
      ...results,
      output: cutOutput(results.output, top),
      tests: results.tests.map((t) => ({ ...t, output: cutOutput(t.output, each) })),
    };
    if (bytesOf(fitted) <= MAX_RESULTS_BYTES) return fitted;
  }
  throw new Error(`results.json would exceed ${MAX_RESULTS_BYTES} bytes even with every output cut short (${results.tests.length} tests)`);
}
