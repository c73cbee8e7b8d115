// Grades every sample submission with public and hidden tests and pins its exact score.
// Each expected score is derived in the comment beside it from the assignment's points table, not read off a run.
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { gradeSubmission, loadAssignment, loadFixtureBank, type FixtureBank, type SubmissionResult } from '@gradient/grader';

const here = fileURLToPath(new URL('.', import.meta.url));
const assignment = loadAssignment(here);
const submissionDir = (name: string) => join(here, 'submissions', name);
let bank: FixtureBank;
const results = new Map<string, SubmissionResult>();

async function grade(name: string): Promise<SubmissionResult> {
  if (!results.has(name)) results.set(name, await gradeSubmission(assignment, submissionDir(name), bank, { hidden: true }));
  return results.get(name)!;
}
const test = (r: SubmissionResult, number: string) => r.tests.find((t) => t.number === number)!;
const passedNumbers = (r: SubmissionResult) => r.tests.filter((t) => t.status === 'passed').map((t) => t.number);
/** A file's identity and content stamp, or undefined when it does not exist. */
function statOrUndefined(path: string) {
  if (!existsSync(path)) return undefined;
  const st = statSync(path);
  return { ino: st.ino, size: st.size, mtimeMs: st.mtimeMs };
}

// relu forward (1) + relu backward (0.5), public and hidden: what every hostile submission honestly earns
const RELU_ONLY = 2 * (1 + 0.5);

beforeAll(async () => {
  bank = await loadFixtureBank(assignment, true);
});

describe('cnn-layers sample submissions (public + hidden)', () => {
  it('correct: every test passes, 24/24, and its committed evaluation log matches its variant', async () => {
    const r = await grade('correct');
    expect(r.tests.filter((t) => t.status === 'failed').map((t) => `${t.number}: ${t.output}`)).toEqual([]);
    expect(r.variant).toMatchObject({ username: 'sample-correct', seed: 7, logMatches: true });
    expect(r.maxScore).toBe(24);
    expect(r.score).toBe(24);
  });

  it('wrong-backward: only convolution backward fails (2 public + 2 hidden points), with dw named', async () => {
    const r = await grade('wrong-backward');
    expect(r.score).toBe(24 - 2 - 2);
    expect(test(r, '5.1').output).toMatch(/dw: relative error/);
    expect(test(r, '5.1').output).not.toMatch(/\bdx: relative error/);
  });

  it('off-by-stride: stride-1 forward cases pass; its correct backward keeps every backward point', async () => {
    const r = await grade('off-by-stride');
    // 1.1 and 1.1h: 1 of 3 cases has stride 1 -> 2 * 1/3 each (scores are exact); its backward is right, so 5.1 and 5.1h are whole
    expect(test(r, '1.1').score).toBeCloseTo(2 / 3, 12);
    expect(test(r, '5.1').score).toBe(2);
    expect(test(r, '5.1h').score).toBe(2);
    expect(r.score).toBeCloseTo(24 - 2 * (2 - 2 / 3), 12);
    expect(test(r, '1.1').output).toMatch(/case s2-p0-rect-filter: convolution output: relative error/);
  });

  it('finite-differences: backward passes that derive nothing earn nothing (each times out on its large case)', async () => {
    const r = await grade('finite-differences');
    const backward = ['5.1', '5.2', '5.3', '5.4', '5.1h', '5.2h', '5.3h', '5.4h'];
    // every forward and numeric question is right: 24 - 2 * (2 + 0.5 + 1 + 0.5) backward points
    expect(r.score).toBe(24 - 8);
    // 7.1 too: the sample has no exercise call, which the log test reports (0 points)
    expect(r.tests.filter((t) => t.status === 'failed').map((t) => t.number)).toEqual([...backward, '7.1']);
    expect(test(r, '7.1').output).toMatch(/^No variant ran: cnn_layers\.ts has no exercise/);
    for (const n of backward) expect(test(r, n).output).toMatch(/\[case large-[^\]]*\]: timed out: .* derive the gradient/);
  });

  it('crashes: each crash is that test failing with a readable message; relu still earns its points', async () => {
    const r = await grade('crashes');
    expect(r.score).toBe(RELU_ONLY);
    expect(test(r, '1.1').output).toMatch(/TypeError/);
    expect(test(r, '1.2').output).toMatch(/RangeError|stack/i);
    expect(test(r, '3.1').output).toMatch(/pool not done yet/);
    expect(test(r, '5.3').output).toMatch(/pool not done yet|null/);
  });
});

describe('cnn-layers hostile submissions: the grader survives and gives exactly the honest score', () => {
  it('reads-hidden: every read outside the submission is denied', async () => {
    const r = await grade('reads-hidden');
    expect(r.score).toBe(RELU_ONLY);
    expect(test(r, '1.1').output).toMatch(/ERR_ACCESS_DENIED|denied|permission/i);
  });

  it('writes-results: no file is written anywhere', async () => {
    // the grader's temp folder is a fresh one, so the submission's `${cwd}/../results.json` aims at a file that cannot
    // exist yet; /tmp/results.json may exist before the run (another program's), so it must only stay as it was
    await grade('correct'); // the grader places its runner in the temp folder on first use: not in the fresh one
    const fresh = mkdtempSync(join(tmpdir(), 'gradient-writes-results-'));
    chmodSync(fresh, 0o1777); // world-writable like /tmp: only the sandbox may stop the write, not the folder's mode
    const before = statOrUndefined('/tmp/results.json');
    const savedTmp = process.env.TMPDIR;
    process.env.TMPDIR = fresh;
    let r: SubmissionResult;
    try {
      r = await grade('writes-results');
    } finally {
      if (savedTmp === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = savedTmp;
    }
    const leftInFresh = readdirSync(fresh);
    rmSync(fresh, { recursive: true, force: true });
    expect(r.score).toBe(RELU_ONLY);
    expect(leftInFresh).toEqual([]);
    expect(existsSync(join(submissionDir('writes-results'), 'results.json'))).toBe(false);
    expect(existsSync(join(here, 'results.json'))).toBe(false);
    expect(statOrUndefined('/tmp/results.json')).toEqual(before);
    expect(test(r, '1.1').output).toMatch(/ERR_ACCESS_DENIED|denied|permission/i);
  });

  it('infinite-loop: the hung test times out by name; later tests run on a fresh process', async () => {
    const r = await grade('infinite-loop');
    // relu + dropout test mode (its dropout returns x unchanged: right in test mode only), public and hidden
    expect(r.score).toBe(RELU_ONLY + 2 * 0.5);
    expect(test(r, '5.4').output).toMatch(/time/i);
    expect(test(r, '5.4').output).toMatch(/5\.4/);
    expect(passedNumbers(r)).toContain('2.1h');
  });

  it('allocates-8gb: memory limit ends those tests only', async () => {
    const r = await grade('allocates-8gb');
    expect(r.score).toBe(RELU_ONLY);
    expect(test(r, '1.2').output).toMatch(/memory/i);
    expect(test(r, '6.2').output).toMatch(/memory/i);
  });

  it('exits: process.exit and abort fail the test that called them', async () => {
    const r = await grade('exits');
    expect(r.score).toBe(RELU_ONLY);
    expect(test(r, '1.1').output).toMatch(/exit/i);
    expect(passedNumbers(r)).toEqual(['2.1', '5.2', '2.1h', '5.2h']);
  });

  it('overrides-globals: poisoned built-ins in the child change nothing in the parent', async () => {
    const r = await grade('overrides-globals');
    expect(r.score).toBe(RELU_ONLY);
  });

  it('spawns-process: child processes and workers are denied', async () => {
    rmSync('/tmp/stolen.txt', { force: true });
    const r = await grade('spawns-process');
    expect(r.score).toBe(RELU_ONLY);
    expect(existsSync('/tmp/stolen.txt')).toBe(false);
    expect(test(r, '1.1').output).toMatch(/ERR_ACCESS_DENIED|denied|permission/i);
  });

  it('fake-stdout: printed JSON is only student output, never a result', async () => {
    const r = await grade('fake-stdout');
    expect(r.score).toBe(RELU_ONLY);
    expect(test(r, '1.1').printed).toContain('"score":24');
  });
});

describe('public-only runs (what a student sees)', () => {
  it('grade the correct submission on public tests only, and count the hidden ones not run', async () => {
    const r = await gradeSubmission(assignment, submissionDir('correct'), bank, { hidden: false });
    expect(r.score).toBe(12);
    expect(r.hiddenTestsNotRun).toBe(12);
    expect(r.tests.every((t) => !t.hidden)).toBe(true);
  });
});
