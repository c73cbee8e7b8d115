// Whole grades of submissions that attack the grader through its channel (fd 3), forging what the
// child's runner would never send: the grade finishes, with a failed test that says why, and a small results.json.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gradeSubmission } from './grade';
import { writeResultsJson } from './render/gradescope';
import { MAX_RESULTS_BYTES } from './render/results-size';
import { FORGE_SOURCE } from './sandbox/test-calls';
import { solutionFolder, tinyAssignment } from './test-assignment';

const out = mkdtempSync(join(tmpdir(), 'gradient-hostile-grade-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('grading hostile submissions', () => {
  it('a forged 24 MB load error: said once with the start of it, every test fails, and results.json stays small', async () => {
    const sub = solutionFolder(`${FORGE_SOURCE}
forge({ type: 'load-error', message: 'RangeError' + 'N'.repeat(24e6) });
export function f(x: number) { return x; }`);
    const { assignment, bank } = tinyAssignment('f', 3);
    const r = await gradeSubmission(assignment, sub, bank, { hidden: false });
    expect(r.score).toBe(0);
    expect(r.output).toMatch(/^Your code threw while loading: RangeErrorNNNN/);
    expect(r.tests.map((t) => t.status)).toEqual(['failed', 'failed', 'failed']);
    const path = join(out, 'load-error.json');
    writeResultsJson(path, r);
    expect(statSync(path).size).toBeLessThan(MAX_RESULTS_BYTES);
    expect(readFileSync(path, 'utf8').length).toBeLessThan(20_000);
  });

  it('exhausting the heap, and aborting: no V8 crash report in results.json, and the memory limit is the assignment\'s one number', async () => {
    const sub = solutionFolder(`
export function f(x: number) {
  if (x === 1) { console.log('growing'); const a: number[][] = []; for (;;) a.push(new Array(1e5).fill(Math.random())); }
  return x;
}
export function g(x: number) { console.error('bye'); process.abort(); return x; }`);
    const { assignment, bank } = tinyAssignment('f', 1, { memoryMb: 128 });
    const [abortTest] = tinyAssignment('g', 1).assignment.spec.tests;
    abortTest.number = '2';
    assignment.spec.tests.push(abortTest);
    assignment.spec.exports.push('g');
    const r = await gradeSubmission(assignment, sub, bank, { hidden: false });
    const path = join(out, 'fatal.json');
    writeResultsJson(path, r);
    const text = readFileSync(path, 'utf8');
    expect(text).not.toMatch(/FATAL ERROR|Last few GCs|JS stacktrace|Native stack trace|JavaScript stack trace|node::|v8::|\[\/usr\/.*node\]/);
    const [oom, abort] = (JSON.parse(text) as { tests: { output: string }[] }).tests.map((t) => t.output);
    expect(oom).toMatch(/the memory limit of 128 MB/);
    expect(oom).not.toMatch(/\b(192|64|256) MB/);
    expect(oom).toContain('growing');
    expect(abort).toMatch(/your code aborted the process/);
    expect(abort).toContain('bye');
  });

  it('a reply that is a DAG of 2^40 paths: that test fails at once with a clear message, the others pass', async () => {
    const sub = solutionFolder(`${FORGE_SOURCE}
let calls = 0;
export async function f(x: number) {
  if (++calls !== 2) return x;
  let v: unknown = 1;
  for (let i = 0; i < 40; i++) v = [v, v];
  forge({ type: 'result', id: '2 f 2 [case a]', outcome: { ok: true, value: v, ms: 0 } });
  await new Promise((r) => setTimeout(r, 1000));
  return x;
}`);
    const { assignment, bank } = tinyAssignment('f', 3);
    const t0 = performance.now();
    const r = await gradeSubmission(assignment, sub, bank, { hidden: false });
    expect(performance.now() - t0).toBeLessThan(10_000);
    expect(r.tests.map((t) => t.status)).toEqual(['passed', 'failed', 'passed']);
    expect(r.tests[1].output).toMatch(/^case a: the answer to 2 f 2 \[case a\] broke the grader's protocol \(value(\[0\])+\[1\] is the same object as another part of the reply/);
  });
});
