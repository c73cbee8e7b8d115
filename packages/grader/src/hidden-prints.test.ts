// A submission that prints every call's inputs, graded with the real cnn-layers hidden tests: no hidden input may
// reach anything a student sees now (results.json's top-level output and visible tests, the student HTML, the
// terminal report, the evaluation log), and the prints must still be kept inside each hidden test's own output.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTensor, type CaseValue } from './fixtures/case';
import { casesFor, loadFixtureBank, type FixtureBank } from './fixtures/bank';
import { gradeSubmission } from './grade';
import type { SubmissionResult } from './model';
import type { Assignment } from './spec/types';
import { renderEvaluationLog } from './render/evaluation-log';
import { toGradescope } from './render/gradescope';
import { renderSubmissionHtml } from './render/html';
import { PRINTED_HEADING } from './render/printed';
import { renderSubmission } from './render/terminal';
import { loadAssignment } from './spec/load';

const a = loadAssignment('cnn-layers');
const dir = mkdtempSync(join(tmpdir(), 'gradient-prints-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** How the submission writes a value (the same text the test builds from the fixtures): numbers as String(v), tensors' first 3. */
function show(v: CaseValue): string {
  if (typeof v === 'number') return String(v);
  if (isTensor(v)) return Array.from(v.data.subarray(0, 3)).join(' ');
  if (Array.isArray(v)) return `[${v.map(show).join(', ')}]`;
  if (v !== null && typeof v === 'object') return '$rng' in v ? 'rng' : `{${Object.entries(v).map(([k, x]) => `${k}: ${show(x as CaseValue)}`).join(', ')}}`;
  return String(v);
}

// the correct sample, wrapped: every export prints its name and arguments (when `late`, from a timer that fires
// after the call returned), and loading prints a line too. Each line is printed once: a gradient check calls the
// forward hundreds of times, and megabytes of output reach the grader late, in a later test (always a hidden one)
const wrapper = (late: boolean) => `import * as impl from './impl';
const show = (v: any): string => {
  if (typeof v === 'number') return String(v);
  if (v && v.data instanceof Float64Array && Array.isArray(v.shape)) return Array.from(v.data.subarray(0, 3)).join(' ');
  if (Array.isArray(v)) return '[' + v.map(show).join(', ') + ']';
  if (v && typeof v === 'object') return v.constructor === Object ? '{' + Object.entries(v).map(([k, x]) => k + ': ' + show(x)).join(', ') + '}' : 'rng';
  return String(v);
};
const said = new Set<string>();
const echo = (name: string, f: (...args: any[]) => any) => (...args: any[]) => {
  const line = name + '(' + args.map(show).join(', ') + ')';
  if (said.has(line)) return f(...args);
  said.add(line);
  if (${late}) setTimeout(() => console.log('late ' + line), 20);
  else console.log(line);
  return f(...args);
};
console.log('loaded at the top level');
${a.spec.exports.map((name) => `export const ${name} = echo('${name}', impl.${name});`).join('\n')}
`;

let bank: FixtureBank;
let result: SubmissionResult;
const hiddenCalls: string[] = [];
const hiddenFloats = new Set<string>();

async function gradePrinting(name: string, assignment: Assignment, late: boolean): Promise<SubmissionResult> {
  const submission = join(dir, name);
  cpSync(join(a.dir, 'submissions', 'correct', a.spec.entry), join(submission, 'impl.ts'));
  writeFileSync(join(submission, a.spec.entry), wrapper(late));
  return gradeSubmission(assignment, submission, bank, { hidden: true });
}

beforeAll(async () => {
  bank = await loadFixtureBank(a, true);
  const publicFloats = new Set<string>();
  for (const [i, t] of a.spec.tests.entries()) {
    const cases = casesFor(bank, a, t, i);
    for (const c of cases) {
      const floats = show(c.args).match(FLOAT) ?? [];
      for (const f of floats) (t.set === 'hidden' ? hiddenFloats : publicFloats).add(f);
      if (t.set === 'hidden' && t.kind === 'numeric') hiddenCalls.push(`${(t as { call: string }).call}(${c.args.map(show).join(', ')})`);
    }
  }
  for (const f of publicFloats) hiddenFloats.delete(f);
  result = await gradePrinting('prints-inputs', a, false);
});

// values with 4+ decimals: drawn from the hidden seed, never a shape or a stride that public cases share
const FLOAT = /-?\d+\.\d{4,}(?:e-?\d+)?/g;

function expectNoHiddenInput(where: string, text: string) {
  const leaked = (text.match(FLOAT) ?? []).filter((f) => hiddenFloats.has(f));
  expect(leaked, `hidden tensor values in ${where}`).toEqual([]);
  expect(hiddenCalls.filter((call) => text.includes(call)), `hidden numeric questions in ${where}`).toEqual([]);
}

describe('what a submission prints during hidden tests', () => {
  it('the run passes, and the hidden bank gives the check something to find', () => {
    // 7.1, the evaluation-log check, fails: the wrapper has no exercise call (0 points)
    expect(result.tests.filter((t) => t.status === 'failed').map((t) => t.number)).toEqual(['7.1']);
    expect(hiddenFloats.size).toBeGreaterThan(50);
    expect(hiddenCalls.length).toBeGreaterThan(2);
  });

  it('never reaches results.json where a student sees it now: top-level output and visible tests', () => {
    const json = toGradescope(result);
    expectNoHiddenInput('the top-level output', json.output);
    const visible = json.tests.filter((t) => t.visibility === 'visible');
    expect(visible.length).toBe(a.spec.tests.filter((t) => t.set === 'public').length + 1); // + the evaluation-log check
    for (const t of visible) expectNoHiddenInput(`visible test ${t.number}`, t.output);
  });

  it('is kept inside each hidden test, under its own visibility', () => {
    const json = toGradescope(result);
    const byNumber = new Map(json.tests.map((t) => [t.number, t]));
    for (const t of a.spec.tests.filter((s) => s.set === 'hidden')) {
      expect(byNumber.get(t.number)?.visibility).toBe('after_due_date');
      expect(byNumber.get(t.number)?.output).toContain(`${PRINTED_HEADING}\n`);
      expect(byNumber.get(t.number)?.output).toContain(`\n${(t as { call: string }).call}(`);
    }
    const hiddenTexts = json.tests.filter((t) => t.visibility !== 'visible').map((t) => t.output).join('\n');
    for (const call of hiddenCalls) expect(hiddenTexts).toContain(call);
    expect((hiddenTexts.match(FLOAT) ?? []).filter((f) => hiddenFloats.has(f)).length).toBeGreaterThan(10);
  });

  it('never reaches the student HTML, the terminal report or the evaluation log', () => {
    expectNoHiddenInput('the student HTML', renderSubmissionHtml(result, { audience: 'student' }));
    expectNoHiddenInput('the terminal report', renderSubmission(result, { color: false, audience: 'student' }));
    expectNoHiddenInput('the evaluation log', renderEvaluationLog(result, new Date(0)));
    // the instructor's views show them (so the check above is not vacuous)
    expect(renderSubmission(result, { color: false, audience: 'instructor' })).toContain(hiddenCalls[0]);
  });

  it('keeps what was printed at load time with the first test run, a public one a student sees', () => {
    expect(result.tests[0].printed).toMatch(/^loaded at the top level\n/);
    expect(renderSubmission(result, { color: false, audience: 'student' })).toContain('loaded at the top level');
  });

  it('cannot reach a visible test later (a timer that prints after the call returned), even when the spec lists hidden tests first', async () => {
    const hiddenFirst = { ...a, spec: { ...a.spec, tests: [...a.spec.tests.filter((t) => t.set === 'hidden'), ...a.spec.tests.filter((t) => t.set === 'public')] } };
    const r = await gradePrinting('prints-late', hiddenFirst, true);
    expect(r.tests.map((t) => t.number)).toEqual([...hiddenFirst.spec.tests.map((t) => t.number), '7.1']);
    const json = toGradescope(r);
    expectNoHiddenInput('the top-level output', json.output);
    for (const t of json.tests.filter((t) => t.visibility === 'visible')) expectNoHiddenInput(`visible test ${t.number}`, t.output);
    expectNoHiddenInput('the student HTML', renderSubmissionHtml(r, { audience: 'student' }));
    expectNoHiddenInput('the terminal report', renderSubmission(r, { color: false, audience: 'student' }));
    // the late prints did arrive, in a later call of some test (should the sandbox come to stop a child's timers
    // between calls, this route is closed and this line goes)
    expect(r.tests.some((t) => t.printed?.includes('late ')), 'late prints arrived').toBe(true);
  });
});
