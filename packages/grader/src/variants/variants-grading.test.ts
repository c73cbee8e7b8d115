// Per-student variants end to end on cnn-layers, through the real sandbox: the student's run writes the log,
// the grader regrades the same variant and checks it. About 10 gradings of the correct solution: ~30 s on the
// loaded 2-core CI box, the price of running the sandbox for real.
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AdmZip from 'adm-zip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFixtureBank, type FixtureBank } from '../fixtures/bank';
import { isTensor } from '../fixtures/case';
import { gradeSubmission } from '../grade';
import type { SubmissionResult } from '../model';
import { evaluationLogFileName, renderEvaluationLog } from '../render/evaluation-log';
import { loadAssignment } from '../spec/load';
import { repoRoot } from '../spec/locate';
import { variantIntegrity } from '../stats/variant-integrity';
import { variantSeed, variantSets } from './derive';

const a = loadAssignment('cnn-layers');
const SAMPLES = join(repoRoot() ?? '', 'graders', 'cnn-layers', 'submissions');
const LOG = evaluationLogFileName({ name: 'cnn-layers' });
const CALL = /^exercise\(\{[^\n]*\}\);$/m;
let bank: FixtureBank;
let tmp = '';

/** A sample's code with this exercise call (or none), printing convolution's first input value, in a folder of its own. */
function student(folder: string, sample: string, call: string | undefined): string {
  const dir = join(tmp, folder);
  cpSync(join(SAMPLES, sample), dir, { recursive: true });
  rmSync(join(dir, LOG), { force: true });
  let code = readFileSync(join(dir, 'cnn_layers.ts'), 'utf8').replace(CALL, '');
  if (call !== undefined) code = `${call}\n${/function exercise\(/.test(code) ? '' : 'function exercise(v: unknown): void { void v; }\n'}${code}`;
  code = code.replace(/(export function convolution\([^\n]*\{\n)/, "$1  console.log('x[0] =', x.data[x.offset]);\n");
  writeFileSync(join(dir, 'cnn_layers.ts'), code);
  return dir;
}

/** What the student's `npm test` does: public tests of its own variant, then the stamped log beside the code. */
async function localRun(dir: string): Promise<SubmissionResult> {
  const r = await gradeSubmission(a, dir, bank, { hidden: false, submissionId: 'local', checkLog: false });
  writeFileSync(join(dir, LOG), renderEvaluationLog(r, new Date()));
  return r;
}

const grade = (dir: string, hidden = false) => gradeSubmission(a, dir, bank, { hidden });
const logTest = (r: SubmissionResult) => r.tests.find((t) => t.number === '7.1')!;
const printedIn = (r: SubmissionResult, n: string) => r.tests.find((t) => t.number === n)!.printed;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'gradient-variants-'));
  bank = await loadFixtureBank(a, true);
}, 60_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('per-student variants of cnn-layers', () => {
  let alice: SubmissionResult;
  let bob: SubmissionResult;
  let aliceDir = '';
  let bobDir = '';

  beforeAll(async () => {
    aliceDir = student('alice', 'correct', "exercise({ username: 'alice', seed: 0 });");
    bobDir = student('bob', 'correct', "exercise({ username: 'bob', seed: 0 });");
    await localRun(aliceDir);
    await localRun(bobDir);
    alice = await grade(aliceDir, true);
    bob = await grade(bobDir, true);
  }, 120_000);

  it('gives two usernames different public inputs', () => {
    const sets = (user: string) => variantSets(bank.pool!, variantSeed('cnn-layers', user, 0));
    const [x, y] = [sets('alice'), sets('bob')];
    const differing = Object.keys(x).flatMap((s) => x[s].filter((c, k) => c !== y[s][k]));
    expect(differing.length).toBeGreaterThan(10); // of 28 cases: each differs with probability 3/4
    // what the student's code saw: convolution's first input value in the public test differs ...
    expect(printedIn(alice, '1.1')).not.toEqual(printedIn(bob, '1.1'));
    // pinned: alice/0 takes conv_forward's first case from pool member 2 (derive.test.ts), whose first input value is
    // the first draw of NumPy's RandomState((480948291 + FNV-1a('conv_forward')) % 2**32).randn(), computed in NumPy
    expect(printedIn(alice, '1.1')).toMatch(/^x\[0\] = -1\.4161101078049472\n/);
    // ... and the pool members really are other numbers, not copies
    const first = (j: number) => {
      const x = bank.pool![j].conv_forward[0].args[0];
      return isTensor(x) ? x.data[0] : undefined;
    };
    expect(first(0)).toEqual(expect.any(Number));
    expect(first(1)).not.toBe(first(0));
  });

  it('passes the correct solution on both variants, log check included, and stamps each log', () => {
    for (const r of [alice, bob]) expect(r.tests.filter((t) => t.status !== 'passed').map((t) => `${t.number}: ${t.output}`)).toEqual([]);
    expect(alice.score).toBe(24);
    expect(logTest(alice)).toMatchObject({ status: 'passed', maxScore: 0, visibility: 'visible' });
    expect(alice.variant).toMatchObject({ username: 'alice', seed: 0, variantSeed: variantSeed('cnn-layers', 'alice', 0), logMatches: true });
    const log = readFileSync(join(aliceDir, LOG), 'utf8');
    expect(log).toContain(`Username: alice\nSeed: 0\nVariant: ${variantSeed('cnn-layers', 'alice', 0)}\nSource: ${alice.variant!.sourceDigest} (cnn_layers.ts)\n`);
  });

  it("keeps the hidden tests on the instructor's seed: both students' code saw the same hidden inputs", () => {
    expect(printedIn(alice, '1.1h')).toMatch(/x\[0\] =/);
    expect(printedIn(alice, '1.1h')).toEqual(printedIn(bob, '1.1h'));
  });

  it("flags a log copied from another student, naming the username and the code it was written for", async () => {
    const dir = join(tmp, 'bob-copies');
    cpSync(bobDir, dir, { recursive: true });
    cpSync(join(aliceDir, LOG), join(dir, LOG));
    const r = await grade(dir);
    expect(r.score).toBe(12); // the code is right: the log check costs 0 points and is still reported
    expect(logTest(r).status).toBe('failed');
    expect(logTest(r).output).toMatch(/its username is 'alice'; the exercise call in this code says 'bob'/);
    expect(logTest(r).output).toMatch(/it was written for other code: its source digest is 'sha256:/);
    expect(r.variant?.logMatches).toBe(false);
  });

  it('flags a log of older code (a change after the last npm test)', async () => {
    const dir = join(tmp, 'alice-later');
    cpSync(aliceDir, dir, { recursive: true });
    writeFileSync(join(dir, 'cnn_layers.ts'), `${readFileSync(join(dir, 'cnn_layers.ts'), 'utf8')}\n// one more comment\n`);
    const r = await grade(dir);
    expect(logTest(r).status).toBe('failed');
    expect(logTest(r).output).toMatch(/written for other code/);
    expect(logTest(r).output.split('\n').filter((l) => l.startsWith('- '))).toHaveLength(1);
  });

  it('never follows a log that is a link (it could point at a file outside the submission)', async () => {
    const dir = join(tmp, 'alice-link');
    cpSync(aliceDir, dir, { recursive: true });
    rmSync(join(dir, LOG));
    symlinkSync(join(aliceDir, LOG), join(dir, LOG));
    const r = await grade(dir);
    expect(logTest(r).status).toBe('failed');
    expect(logTest(r).output).toContain(`${LOG} is not a regular file (a link or a folder)`);
  });

  it('grades a zip of the folder like the folder: the log matches', async () => {
    const zipPath = join(tmp, 'alice.zip');
    const zip = new AdmZip();
    zip.addLocalFolder(aliceDir, 'alice');
    zip.writeZip(zipPath);
    expect(logTest(await grade(zipPath)).status).toBe('passed');
  });

  it('lists the copy in the class report: a mismatched log and identical code', async () => {
    const copied = await grade(join(tmp, 'bob-copies'));
    const integrity = variantIntegrity([alice, bob, { ...copied, submission: 'bob-copies' }].map((r, i) => ({ ...r, submission: r.submission === 'bob-copies' ? r.submission : ['alice', 'bob'][i] })));
    expect(integrity).toEqual({
      logMismatches: ['bob-copies'],
      sharedUsernames: [{ key: 'bob', submissions: ['bob', 'bob-copies'] }],
      sharedSources: [{ key: bob.variant!.sourceDigest, submissions: ['bob', 'bob-copies'] }],
    });
  });
});

describe('evaluation logs of a submission that fails a test', () => {
  let dir = '';
  beforeAll(async () => {
    dir = student('carol', 'wrong-backward', "exercise({ username: 'carol', seed: 99 });");
    await localRun(dir);
  }, 60_000);

  it('an honest log of failing code matches', async () => {
    expect(readFileSync(join(dir, LOG), 'utf8')).toMatch(/^FAIL 5\.1 convolution backward \(0\/2\): /m);
    const r = await grade(dir);
    expect(logTest(r).status).toBe('passed');
    expect(r.score).toBe(10);
  });

  it('a log edited by hand to pass 5.1 (and its total) is flagged, naming the line', async () => {
    const log = readFileSync(join(dir, LOG), 'utf8');
    const edited = log.replace(/^FAIL 5\.1 convolution backward \(0\/2\): .*$/m, 'PASS 5.1 convolution backward (2/2)').replace('Total: 10/12', 'Total: 12/12');
    expect(edited).not.toEqual(log);
    writeFileSync(join(dir, LOG), edited);
    const r = await grade(dir);
    expect(logTest(r).status).toBe('failed');
    expect(logTest(r).output).toContain("- it says 'PASS 5.1 convolution backward (2/2)', this code gives 'FAIL 5.1 convolution backward (0/2)'");
    expect(logTest(r).output).toContain("- its total is 'Total: 12/12', this code's is 'Total: 10/12'");
    expect(logTest(r).output.split('\n').filter((l) => l.startsWith('- '))).toHaveLength(2); // nothing about the stamp
  });
});

describe('a missing or malformed exercise call', () => {
  it('is a clear message in the log test; the public tests still run, on the shared public fixtures', async () => {
    const none = await grade(student('no-call', 'correct', undefined));
    expect(none.score).toBe(12);
    expect(logTest(none).status).toBe('failed');
    expect(logTest(none).output).toMatch(/^No variant ran: cnn_layers\.ts has no exercise\(\{ username, seed \}\) call: .*The public tests ran on the shared public fixtures/s);
    expect(printedIn(none, '1.1')).toContain(`x[0] = ${(bank.public.conv_forward[0].args[0] as { data: Float64Array }).data[0]}`);
    const bad = await grade(student('bad-call', 'correct', "exercise({ username: 'dave', seed: -3 });"));
    expect(logTest(bad).output).toMatch(/the seed '-3' in the exercise call of cnn_layers\.ts is not allowed/);
    expect(bad.variant).toMatchObject({ problem: expect.stringMatching(/seed '-3'/), logMatches: false });
  }, 60_000);
});
