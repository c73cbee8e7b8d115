// Where what a student's code printed may be shown. Prints can echo a test's inputs, so they go with their
// test and no further: a student sees now only the prints of public tests that are visible at once, an
// instructor sees all, and results.json puts them inside each test, where Gradescope applies its visibility.
import type { TestResult } from '../model';
import type { Audience } from './pass-summary';

export const PRINTED_HEADING = '--- What your code printed ---';

/** A public test that Gradescope shows at once: only its prints may reach a student before grades are out. */
export function shownToStudentsNow(test: TestResult): boolean {
  return !test.hidden && test.visibility === 'visible';
}

/** The test's prints if this audience may see them, else undefined (also when nothing was printed). */
export function printedFor(test: TestResult, audience: Audience): string | undefined {
  if (test.printed === undefined || test.printed.trim() === '') return undefined;
  return audience === 'instructor' || shownToStudentsNow(test) ? test.printed : undefined;
}
