// Submissions whose tests never run (a build error, top-level code that throws): the reason is said once, at the
// top of the result, and each test only says it did not run.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gradeSubmission } from './grade';
import { writeResultsJson } from './render/gradescope';
import { renderSubmission } from './render/terminal';
import { NOT_RUN } from './submission-status';
import { solutionFolder, tinyAssignment } from './test-assignment';

const out = mkdtempSync(join(tmpdir(), 'gradient-not-run-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

function occurrences(text: string, part: string): number {
  return text.split(part).length - 1;
}

describe('a submission whose tests do not run', () => {
  it('a syntax error: results.json has the build message once, at the top; each test says only that it did not run', async () => {
    const { assignment, bank } = tinyAssignment('f', 3);
    const r = await gradeSubmission(assignment, solutionFolder('export function f(x: number) { return x +; }\n'), bank, { hidden: false });
    expect(r.status).toBe('build-failed');
    expect(r.output).toMatch(/^Your submission could not be built: solution\.ts:1:\d+: /);
    expect(r.tests.map((t) => [t.output, t.score])).toEqual([[NOT_RUN['build-failed'], 0], [NOT_RUN['build-failed'], 0], [NOT_RUN['build-failed'], 0]]);

    const path = join(out, 'syntax.json');
    writeResultsJson(path, r);
    const text = readFileSync(path, 'utf8');
    const json = JSON.parse(text) as { output: string; tests: { output: string }[] };
    expect(json.output).toBe(r.output);
    expect(json.tests.map((t) => t.output)).toEqual([NOT_RUN['build-failed'], NOT_RUN['build-failed'], NOT_RUN['build-failed']]);
    const detail = r.output.slice('Your submission could not be built: '.length);
    expect(occurrences(text, JSON.stringify(detail).slice(1, -1))).toBe(1);

    const terminal = renderSubmission(r, { color: false, audience: 'student' });
    expect(occurrences(terminal, detail)).toBe(1);
    expect(terminal.split('\n')[0]).toBe(`tiny - ${r.submission} (did not build)`);
  });

  it('top-level code that throws: the load error once, at the top, and its prints kept with the first test', async () => {
    const { assignment, bank } = tinyAssignment('f', 3);
    const sub = solutionFolder("console.log('starting up');\nthrow new RangeError('no config');\nexport function f(x: number) { return x; }\n");
    const r = await gradeSubmission(assignment, sub, bank, { hidden: false });
    expect(r.status).toBe('load-failed');
    expect(r.output).toBe('Your code threw while loading: RangeError: no config (at solution.ts:2:7)');
    expect(r.tests.map((t) => t.output)).toEqual([NOT_RUN['load-failed'], NOT_RUN['load-failed'], NOT_RUN['load-failed']]);
    expect(r.tests.map((t) => t.printed)).toEqual(['starting up\n', undefined, undefined]);
  });
});
