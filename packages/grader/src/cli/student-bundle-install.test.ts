// The student bundle as a student uses it: exported, copied to a folder outside the repo, installed
// from the npm registry with `npm install`, run with `npm test`. Nothing is linked from the repo, so
// the packages npm puts in the folder's node_modules are the ones the bundle's grader uses.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import AdmZip from 'adm-zip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFixtureBank } from '../fixtures/bank';
import { gradeSubmission } from '../grade';
import { loadAssignment } from '../spec/load';
import { repoRoot } from '../spec/locate';
import { variantSeed } from '../variants/derive';
import { exportStudent } from './export-student';

const ROOT = repoRoot() ?? '';
const SUBMISSIONS = join(ROOT, 'graders', 'cnn-layers', 'submissions');
const PUBLIC_COUNT = loadAssignment('cnn-layers').spec.tests.filter((t) => t.set === 'public').length;

/** A student's shell: none of what the pnpm running this test exports (NODE_PATH would find the repo's ndarray), no colours. */
function studentEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { NO_COLOR: '1' };
  for (const [k, v] of Object.entries(process.env)) if (!/^(npm_|pnpm_|NODE_PATH$|NODE_OPTIONS$|FORCE_COLOR$|VITEST)/i.test(k)) env[k] = v;
  return env;
}

let bundle = '';

function npm(args: string[], timeout = 60_000) {
  const run = spawnSync('npm', args, { cwd: bundle, env: studentEnv(), encoding: 'utf8', timeout });
  return { status: run.status, out: `${run.stdout}\n${run.stderr}` };
}

/** The tests `npm test` failed, read from the evaluation log it wrote. */
function failedInLog(): string[] {
  const log = readFileSync(join(bundle, 'evaluation_cnn-layers.txt'), 'utf8');
  return [...log.matchAll(/^FAIL (\S+)/gm)].map((m) => m[1]);
}

const CALL = /^exercise\(\{[^\n]*\}\);$/m;

/** A sample's code in the bundle, its exercise call (or the sample's own) naming this variant. */
function solution(name: string, call = "exercise({ username: 'student-b', seed: 5 });"): void {
  let code = readFileSync(join(SUBMISSIONS, name, 'cnn_layers.ts'), 'utf8').replace(CALL, '');
  code = `${call}\n${/function exercise\(/.test(code) ? '' : 'function exercise(v: unknown): void { void v; }\n'}${code}`;
  writeFileSync(join(bundle, 'cnn_layers.ts'), code);
  rmSync(join(bundle, 'evaluation_cnn-layers.txt'), { force: true });
}

// One install shared by every test: `npm install` takes about 1-2 s here (the registry is close and
// esbuild's platform package, ~10 MB, is the only large download), up to ~20 s on a slow network.
beforeAll(async () => {
  bundle = join(mkdtempSync(join(tmpdir(), 'gradient-student-')), 'cnn-layers');
  await exportStudent(loadAssignment('cnn-layers'), bundle);
  copyFileSync(join(bundle, 'cnn_layers.ts'), join(bundle, '..', 'starter-copy.ts')); // the starter as exported
  const install = npm(['install', '--no-audit', '--no-fund'], 110_000);
  expect(install.status, install.out).toBe(0);
}, 120_000);

afterAll(() => {
  if (bundle) rmSync(dirname(bundle), { recursive: true, force: true });
});

describe('the student bundle, installed from the npm registry', () => {
  it('passes every public test of the correct solution with `npm test`', () => {
    expect(existsSync(join(bundle, 'node_modules', 'ndarray', 'ndarray.js'))).toBe(true);
    solution('correct');
    const run = npm(['test']);
    expect(run.status, run.out).toBe(0);
    expect(run.out).toContain(`public tests: ${PUBLIC_COUNT}/${PUBLIC_COUNT} passed`);
    expect(run.out).not.toContain('forbidden import');
    expect(failedInLog()).toEqual([]);
  });

  it('fails exactly the tests a buggy solution gets wrong (a wrong convolution backward: 5.1)', () => {
    solution('wrong-backward');
    const run = npm(['test']);
    expect(run.status, run.out).toBe(1);
    expect(run.out).toContain(`public tests: ${PUBLIC_COUNT - 1}/${PUBLIC_COUNT} passed`);
    expect(failedInLog()).toEqual(['5.1']);
  });

  it('runs one test, or the tests under a prefix, with `npm test -- <number>`', () => {
    solution('wrong-backward');
    const one = npm(['test', '--', '5.1']);
    expect(one.status, one.out).toBe(1);
    expect(one.out).toContain('public tests: 0/1 passed');
    expect(one.out).toMatch(/5\.1 +convolution backward/);
    expect(one.out).not.toMatch(/5\.2 +relu backward/);
    const prefix = npm(['test', '--', '5']);
    expect(prefix.out).toContain('public tests: 3/4 passed');
    expect(existsSync(join(bundle, 'evaluation_cnn-layers.txt'))).toBe(false); // a partial run leaves the log alone
    const unknown = npm(['test', '--', '9.9']);
    expect(unknown.status).not.toBe(0);
    expect(unknown.out).toContain("no public test '9.9'");
  });

  it("lists only the student's command in --help", () => {
    const run = spawnSync(process.execPath, ['.gradient/gradient.mjs', '--help'], { cwd: bundle, env: studentEnv(), encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^ {2}test \[options\] \[tests\.\.\.\]/m);
    for (const cmd of ['grade', 'grade-batch', 'fixtures', 'export-student']) expect(run.stdout).not.toMatch(new RegExp(`^ {2}${cmd}\\b`, 'm'));
  });

  it("runs the student's own variant end to end: npm test stamps the log, the grader regrades that variant and the log matches", async () => {
    // the bundle holds the pool's expected values (made by the reference at export) and never the reference
    expect(readdirSync(join(bundle, 'fixtures', 'pool')).sort()).toEqual(['1', '2', '3']);
    expect(readdirSync(bundle, { recursive: true }).map(String).filter((f) => /reference|fixtures\.ts$|hidden-seed/.test(f) && !f.startsWith('node_modules'))).toEqual([]);
    const a = loadAssignment('cnn-layers');
    const bank = await loadFixtureBank(a, false);
    for (const seed of [0, 4242]) { // a student who changes the seed still tests locally
      solution('correct', `exercise({ username: 'alice', seed: ${seed} });`);
      const run = npm(['test']);
      expect(run.status, run.out).toBe(0);
      expect(run.out).toContain(`your variant: username 'alice', seed ${seed}`);
      const log = readFileSync(join(bundle, 'evaluation_cnn-layers.txt'), 'utf8');
      expect(log).toContain(`Username: alice\nSeed: ${seed}\nVariant: ${variantSeed('cnn-layers', 'alice', seed)}\n`);
      const graded = await gradeSubmission(a, bundle, bank, { hidden: false });
      expect(graded.variant).toMatchObject({ username: 'alice', seed, logMatches: true });
      expect(graded.tests.filter((t) => t.status !== 'passed').map((t) => `${t.number}: ${t.output}`)).toEqual([]);
    }
  }, 60_000);

  it('refuses to write a log until the exercise call names the student, and says how', () => {
    copyFileSync(join(bundle, '..', 'starter-copy.ts'), join(bundle, 'cnn_layers.ts'));
    rmSync(join(bundle, 'evaluation_cnn-layers.txt'), { force: true });
    const run = npm(['test']);
    expect(run.status).toBe(1);
    expect(run.out).toContain("no variant: fill in your username in the exercise call of cnn_layers.ts (it still says 'your-username')");
    expect(existsSync(join(bundle, 'evaluation_cnn-layers.txt'))).toBe(false);
  });

  it('is graded in full when the student zips the whole folder, node_modules included', async () => {
    solution('correct');
    expect(npm(['test']).status).toBe(0); // the log handed in with the code
    const zipPath = join(dirname(bundle), 'whole-folder.zip');
    const zip = new AdmZip();
    zip.addLocalFolder(bundle, 'cnn-layers');
    zip.writeZip(zipPath);
    expect(zip.getEntries().some((e) => e.entryName.startsWith('cnn-layers/node_modules/ndarray/'))).toBe(true);
    const a = loadAssignment('cnn-layers');
    const result = await gradeSubmission(a, zipPath, await loadFixtureBank(a, false), { hidden: false });
    expect(result.tests.filter((t) => t.status !== 'passed')).toEqual([]);
    expect(result.score).toBe(result.maxScore);
  }, 60_000);
});
