import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AdmZip from 'adm-zip';
import { afterEach, describe, expect, it } from 'vitest';
import { diffFixtureDirs } from '../fixtures/staleness';
import { gradientCli, ROOT, type ProcessRun } from './test-process';

const gradient = gradientCli;
const ASSIGNMENT_DIR = join(ROOT, 'graders', 'cnn-layers');
const SUBMISSIONS = join(ASSIGNMENT_DIR, 'submissions');
const SLOW = 120_000;

interface SpecTest { number: string; points: number; set: 'public' | 'hidden' }
const spec = JSON.parse(readFileSync(join(ASSIGNMENT_DIR, 'assignment.json'), 'utf8')) as { name: string; tests: SpecTest[] };
const publicTests = spec.tests.filter((t) => t.set === 'public');
const sum = (ts: SpecTest[]) => ts.reduce((s, t) => s + t.points, 0);

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const f of cleanup.splice(0)) f();
});

function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gradient-cli-test-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

interface ResultsJson {
  score: number;
  tests: { score: number; max_score: number; status: string; name: string; number: string; visibility: string }[];
}

function readResults(file: string): ResultsJson {
  return JSON.parse(readFileSync(file, 'utf8')) as ResultsJson;
}

function expectGradescopeShape(r: ResultsJson) {
  expect(typeof r.score).toBe('number');
  expect(Array.isArray(r.tests)).toBe(true);
  for (const t of r.tests) {
    expect(typeof t.score).toBe('number');
    expect(typeof t.max_score).toBe('number');
    expect(['passed', 'failed']).toContain(t.status);
    expect(typeof t.name).toBe('string');
    expect(typeof t.number).toBe('string');
    expect(typeof t.visibility).toBe('string');
  }
}

/** A user mistake: exit 2, one line on stderr, no stack trace. */
function expectUserMistake(run: ProcessRun): string {
  expect(run.code).toBe(2);
  const lines = run.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^gradient: /);
  expect(run.stderr).not.toMatch(/\n\s+at /);
  return lines[0];
}

describe('gradient grade', () => {
  it('grades the correct submission on the public tests', { timeout: SLOW }, async () => {
    const out = join(scratch(), 'results.json');
    const run = await gradient(['grade', 'cnn-layers', join(SUBMISSIONS, 'correct'), '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    const r = readResults(out);
    expectGradescopeShape(r);
    expect(r.score).toBe(sum(publicTests));
    // then cnn-layers' evaluation-log check (variants, 0 points): the correct sample's committed log matches
    expect(r.tests.map((t) => t.number)).toEqual([...publicTests.map((t) => t.number), '7.1']);
    expect(r.tests.every((t) => t.status === 'passed')).toBe(true);
  });

  it('with --hidden, grades every test', { timeout: SLOW }, async () => {
    const out = join(scratch(), 'results.json');
    const run = await gradient(['grade', 'cnn-layers', join(SUBMISSIONS, 'correct'), '--hidden', '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    const r = readResults(out);
    expectGradescopeShape(r);
    expect(r.tests).toHaveLength(spec.tests.length + 1); // + the evaluation-log check
    expect(r.score).toBe(sum(spec.tests));
  });

  it('grades a .zip of a submission like its folder', { timeout: SLOW }, async () => {
    const dir = scratch();
    const zip = new AdmZip();
    zip.addLocalFolder(join(SUBMISSIONS, 'correct'));
    zip.writeZip(join(dir, 'correct.zip'));
    const run = await gradient(['grade', 'cnn-layers', join(dir, 'correct.zip'), '--out', join(dir, 'results.json')]);
    expect(run.code, run.stderr).toBe(0);
    const r = readResults(join(dir, 'results.json'));
    expect(r.score).toBe(sum(publicTests));
    expect(r.tests.every((t) => t.status === 'passed')).toBe(true);
  });

  it('grades a folder holding one folder with the entry (how Gradescope unpacks a zipped folder) like the zip: full marks', { timeout: SLOW }, async () => {
    const dir = scratch();
    cpSync(join(SUBMISSIONS, 'correct'), join(dir, 'sub', 'inner'), { recursive: true });
    mkdirSync(join(dir, 'sub', '__MACOSX'));
    writeFileSync(join(dir, 'sub', '.DS_Store'), 'junk');
    const run = await gradient(['grade', 'cnn-layers', join(dir, 'sub'), '--hidden', '--out', join(dir, 'results.json')]);
    expect(run.code, run.stderr).toBe(0);
    const r = readResults(join(dir, 'results.json'));
    expect(r.tests).toHaveLength(spec.tests.length + 1); // + the evaluation-log check
    expect(r.score).toBe(sum(spec.tests));
  });

  it('without --out prints the report and writes nothing, not even in the folder it runs in', { timeout: SLOW }, async () => {
    const cwd = scratch();
    const run = await gradient(['grade', 'cnn-layers', join(SUBMISSIONS, 'correct')], cwd);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`total: ${sum(publicTests)}/${sum(publicTests)}`);
    expect(run.stdout).not.toContain('results written');
    expect(readdirSync(cwd)).toEqual([]);
  });
});

describe('user mistakes', () => {
  it('an unknown assignment lists the known ones', { timeout: SLOW }, async () => {
    const line = expectUserMistake(await gradient(['grade', 'no-such-assignment', join(SUBMISSIONS, 'correct')]));
    expect(line).toContain("unknown assignment 'no-such-assignment'");
    expect(line).toContain('cnn-layers');
  });

  it('a missing submission', { timeout: SLOW }, async () => {
    const missing = join(scratch(), 'nothing-here');
    const line = expectUserMistake(await gradient(['grade', 'cnn-layers', missing]));
    expect(line).toContain(missing);
    expect(line).toContain('submission not found');
  });

  it('a corrupt zip', { timeout: SLOW }, async () => {
    const dir = scratch();
    const bytes = Buffer.alloc(512);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 131 + 7) % 256;
    writeFileSync(join(dir, 'x.zip'), bytes);
    const line = expectUserMistake(await gradient(['grade', 'cnn-layers', join(dir, 'x.zip'), '--out', join(dir, 'results.json')]));
    expect(line).toContain('x.zip');
    expect(existsSync(join(dir, 'results.json'))).toBe(false);
  });

  it('grade-batch --jobs 0', { timeout: SLOW }, async () => {
    const dir = scratch();
    const line = expectUserMistake(await gradient(['grade-batch', 'cnn-layers', SUBMISSIONS, '--out', join(dir, 'out'), '--jobs', '0']));
    expect(line).toContain('--jobs');
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });
});

describe('gradient grade-batch', () => {
  it('writes per-student results, the gradebook, the summary and the report', { timeout: SLOW }, async () => {
    const dir = scratch();
    const names = ['correct', 'wrong-backward'];
    for (const n of names) cpSync(join(SUBMISSIONS, n), join(dir, 'class', n), { recursive: true });
    const out = join(dir, 'out');
    const run = await gradient(['grade-batch', 'cnn-layers', join(dir, 'class'), '--out', out, '--jobs', '2', '--no-hidden']);
    expect(run.code, run.stderr).toBe(0);

    const scores = Object.fromEntries(names.map((n) => [n, readResults(join(out, n, 'results.json')).score]));
    expect(scores.correct).toBe(sum(publicTests));
    expect(scores['wrong-backward']).toBeLessThan(sum(publicTests));
    for (const n of names) expectGradescopeShape(readResults(join(out, n, 'results.json')));

    const csv = readFileSync(join(out, 'gradebook.csv'), 'utf8').trimEnd().split('\n');
    expect(csv).toHaveLength(1 + names.length);
    expect(csv[0].startsWith('submission,')).toBe(true);
    expect(csv.slice(1).map((row) => row.split(',')[0]).sort()).toEqual(names);

    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { count: number; maxScore: number };
    expect(summary.count).toBe(names.length);
    expect(summary.maxScore).toBe(sum(publicTests));
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toMatch(/<html/i);
  });
});

describe('gradient test (the student command)', () => {
  it('passes the public tests of the correct submission, without claiming all tests passed', { timeout: SLOW }, async () => {
    const dir = join(scratch(), 'mine');
    cpSync(join(SUBMISSIONS, 'correct'), dir, { recursive: true });
    const run = await gradient(['test', ASSIGNMENT_DIR], dir);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`public tests: ${publicTests.length}/${publicTests.length} passed`);
    expect(run.stdout).toMatch(/hidden tests run at grading time/);
    expect(run.stdout).not.toMatch(/all tests passed/i);
    const log = join(dir, `evaluation_${spec.name}.txt`);
    expect(existsSync(log)).toBe(true);
    expect(readFileSync(log, 'utf8')).not.toMatch(/all tests passed/i);
  });

  it('fails on the starter, naming NotImplemented', { timeout: SLOW }, async () => {
    const dir = join(scratch(), 'starter');
    cpSync(join(ASSIGNMENT_DIR, 'starter'), dir, { recursive: true });
    const run = await gradient(['test', ASSIGNMENT_DIR], dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('NotImplemented');
    expect(run.stdout).toContain(`public tests: 0/${publicTests.length} passed`);
  });
});

describe('gradient fixtures --check', () => {
  it('finds the committed fixtures byte-identical to a fresh generation', { timeout: SLOW }, async () => {
    const run = await gradient(['fixtures', 'cnn-layers', '--check']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('byte-identical');
  });

  /** An instructor copy of the assignment with its own fixtures/public, so the committed ones stay untouched. */
  function assignmentCopy(): string {
    const dir = join(scratch(), 'cnn-layers');
    mkdirSync(dir);
    for (const f of ['assignment.json', 'fixtures.ts', 'reference.ts', 'package.json']) cpSync(join(ASSIGNMENT_DIR, f), join(dir, f));
    symlinkSync(join(ASSIGNMENT_DIR, 'node_modules'), join(dir, 'node_modules'));
    cpSync(join(ROOT, 'fixtures', spec.name, 'public'), join(dir, 'fixtures', 'public'), { recursive: true });
    return dir;
  }

  it('fails with the file when one committed .npy differs', { timeout: SLOW }, async () => {
    const dir = assignmentCopy();
    const pub = join(dir, 'fixtures', 'public');
    const set = readdirSync(pub).find((n) => !n.endsWith('.json')) ?? '';
    const caseDir = readdirSync(join(pub, set))[0];
    const npy = readdirSync(join(pub, set, caseDir)).find((n) => n.endsWith('.npy')) ?? '';
    const file = join(pub, set, caseDir, npy);
    const bytes = readFileSync(file);
    bytes[bytes.length - 1] ^= 0xff;
    writeFileSync(file, bytes);

    const line = expectUserMistake(await gradient(['fixtures', dir, '--check']));
    expect(line).toContain(`differs: ${join(set, caseDir, npy)}`);
  });
});

describe('diffFixtureDirs', () => {
  function fixtureDir(files: Record<string, string>): string {
    const dir = scratch();
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(join(dir, name, '..'), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    return dir;
  }
  const files = { 'manifest.json': '{}', 'relu/00/arg0.npy': 'abc', 'relu/00/expected.npy': 'def' };

  it('finds nothing between identical folders', () => {
    expect(diffFixtureDirs(fixtureDir(files), fixtureDir(files))).toEqual([]);
  });

  it('names a changed, a missing and an extra file', () => {
    const committed = fixtureDir({ ...files, 'relu/00/arg0.npy': 'abd', 'old/x.npy': 'x' });
    rmSync(join(committed, 'relu', '00', 'expected.npy'));
    expect(diffFixtureDirs(committed, fixtureDir(files))).toEqual([
      `differs: ${join('relu', '00', 'arg0.npy')}`,
      `extra: ${join('old', 'x.npy')}`,
      `missing: ${join('relu', '00', 'expected.npy')}`,
    ]);
  });
});
