import { UserError } from '../errors';
import type { Assignment, TestSpec } from '../spec/types';

/** Whether a test is picked by a filter: its number (5.1), or a prefix of whole parts (5 picks 5.1 and 5.2, not 50.1). */
function picks(filter: string, test: TestSpec): boolean {
  const prefix = filter.replace(/\.+$/, '');
  return test.number === prefix || test.number.startsWith(`${prefix}.`);
}

/**
 * The assignment with only the public tests the filters pick (all of them without filters). Hidden
 * tests stay in the spec, so the summary still says how many run at grading time. A filter that
 * picks no public test is a user mistake that lists the numbers there are.
 */
export function selectTests(a: Assignment, filters: string[]): Assignment {
  if (filters.length === 0) return a;
  const pub = a.spec.tests.filter((t) => t.set === 'public');
  for (const f of filters) {
    if (!pub.some((t) => picks(f, t))) {
      throw new UserError({ code: 'E_ARG', path: 'tests', message: `no public test '${f}'`, expected: `a test number or prefix: ${pub.map((t) => t.number).join(', ')}` });
    }
  }
  const tests = a.spec.tests.filter((t) => t.set === 'hidden' || filters.some((f) => picks(f, t)));
  return { ...a, spec: { ...a.spec, tests } };
}
