// This assignment's own tests, run by `pnpm test`: each sample submission is graded with the public and hidden
// tests and its score pinned, and the committed public fixtures are checked against the generator. When you
// change the exercise, keep one sample per mistake you expect from students and pin exactly what it earns.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { gradeSubmission, loadAssignment, loadFixtureBank, staleFixtureFiles, type FixtureBank, type SubmissionResult } from '@gradient/grader';

const here = fileURLToPath(new URL('.', import.meta.url));
const assignment = loadAssignment(here);
let bank: FixtureBank;
beforeAll(async () => {
  bank = await loadFixtureBank(assignment, true); // public fixtures from disk, hidden ones generated from hidden-seed.json
});

const grade = (folder: string) => gradeSubmission(assignment, join(here, folder), bank, { hidden: true });
const failed = (r: SubmissionResult) => r.tests.filter((t) => t.status === 'failed').map((t) => t.number);
const output = (r: SubmissionResult, number: string) => r.tests.find((t) => t.number === number)?.output ?? '';

describe('sample submissions (public + hidden tests)', () => {
  it('correct: every test passes', async () => {
    const r = await grade('submissions/correct');
    expect(r.tests.filter((t) => t.status === 'failed').map((t) => `${t.number}: ${t.output}`)).toEqual([]);
    expect(r.score).toBe(r.maxScore);
  });

  it('wrong-db: only the backward tests fail, and the message names db and the likely cause', async () => {
    const r = await grade('submissions/wrong-db');
    expect(failed(r)).toEqual(['2.1', '2.1h']);
    // per-case credit: every public case has N > 1 (0 of 3 points); of the 4 hidden cases, N1-D7-M1 passes,
    // since a mean over one example is its sum (3 x 1/4 of 3 points)
    expect(r.score).toBe(r.maxScore - 3 - 3 * (3 / 4));
    expect(output(r, '2.1')).toMatch(/db: relative error/);
    expect(output(r, '2.1')).toMatch(/sum vs mean/);
    expect(output(r, '2.1')).not.toMatch(/\bdx: relative error/);
  });

  it('starter: every test fails, saying what is not implemented yet', async () => {
    const r = await grade('starter');
    expect(r.score).toBe(0);
    for (const t of r.tests) expect(t.output).toMatch(/NotImplemented/);
  });
});

describe('public fixtures', () => {
  it('are what the generator makes now (if not: pnpm gradient fixtures <name>)', async () => {
    expect(await staleFixtureFiles(assignment), `run \`pnpm gradient fixtures ${assignment.spec.name}\``).toEqual([]);
  });
});
