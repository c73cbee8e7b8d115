import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AdmZip from 'adm-zip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hiddenSeed } from '../fixtures/generate';
import { validateGradescope } from '../render/gradescope';
import { NOBODY } from '../sandbox/network-isolation';
import { loadAssignment } from '../spec/load';
import { KIT_SEED_FILE, buildGradescopeKit } from './gradescope';
import { ROOT, runProcess, type ProcessRun } from './test-process';

const run = (file: string, args: string[], env: Record<string, string> = {}) => runProcess(file, args, { env });

const SUBMISSIONS = join(ROOT, 'graders', 'cnn-layers', 'submissions');
const isRoot = process.getuid?.() === 0;

interface Results { score: number; output: string; tests: { number: string; score: number; max_score: number; status: string; output: string }[] }

/** The store the repo was installed from, so the kit's install finds every package offline. */
function repoStoreDir(): string[] {
  const modules = join(ROOT, 'node_modules', '.modules.yaml');
  const dir = existsSync(modules) ? /storeDir["']?:\s*["']?([^"',\n]+)/.exec(readFileSync(modules, 'utf8'))?.[1] : undefined;
  return dir ? ['--store-dir', dir] : [];
}

// One kit, unpacked once into a fake /autograder and installed once (offline, from the local store); each test
// then grades one submission with run_autograder (a few seconds each: tsx start, hidden fixtures, the sandbox).
let dir = '';
let zipFile = '';
let entries: string[] = [];
let autograder = '';
let source = '';
let install: ProcessRun;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gradient-kit-test-'));
  chmodSync(dir, 0o755); // like /: every user may pass through; what protects the seed is its own mode
  zipFile = join(dir, 'autograder.zip');
  entries = buildGradescopeKit(loadAssignment('cnn-layers'), zipFile);
  autograder = join(dir, 'autograder');
  source = join(autograder, 'source');
  for (const d of [source, join(autograder, 'submission'), join(autograder, 'results')]) mkdirSync(d, { recursive: true });
  new AdmZip(zipFile).extractAllTo(source, true, true);
  chmodSync(join(source, KIT_SEED_FILE), 0o644); // as an extractor that ignores the zip's modes would leave it
  chmodSync(join(source, 'gradescope', 'secrets'), 0o755);
  install = await run(join(source, 'gradescope', 'install-deps.sh'), ['--offline', ...repoStoreDir()]);
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function grade(submission: string): Promise<{ results: Results; output: string }> {
  const target = join(autograder, 'submission');
  rmSync(target, { recursive: true, force: true });
  cpSync(submission, target, { recursive: true });
  const { code, output } = await run(join(source, 'run_autograder'), [], { GRADIENT_AUTOGRADER_ROOT: autograder });
  expect(code, output).toBe(0);
  const results = JSON.parse(readFileSync(join(autograder, 'results', 'results.json'), 'utf8')) as Results;
  expect(validateGradescope(results), output).toEqual([]);
  return { results, output };
}

describe('gradient gradescope: the autograder zip', () => {
  it('has setup.sh and run_autograder at its top level, executable, and the repo subset the grader needs', () => {
    const modes = new Map(new AdmZip(zipFile).getEntries().map((e) => [e.entryName, (e.attr >>> 16) & 0o777]));
    expect(modes.get('setup.sh')).toBe(0o755);
    expect(modes.get('run_autograder')).toBe(0o755);
    expect(modes.get(KIT_SEED_FILE)).toBe(0o600);
    for (const needed of ['package.json', 'pnpm-workspace.yaml', 'pnpm-lock.yaml', 'tsconfig.base.json', 'packages/grader/bin/gradient.mjs',
      'packages/tensor/src/index.ts', 'graders/cnn-layers/assignment.json', 'graders/cnn-layers/reference.ts', 'graders/cnn-layers/fixtures.ts',
      'fixtures/cnn-layers/public/manifest.json', 'gradescope/install-deps.sh', 'gradescope/kit.env']) {
      expect(entries).toContain(needed);
    }
    // no sample submissions, tests, installed modules, and the seed only in its root-only file
    expect(entries.filter((e) => /(^|\/)(submissions|node_modules)\/|\.test\.ts$|hidden-seed\.json$/.test(e))).toEqual([]);
    expect(readFileSync(join(source, KIT_SEED_FILE), 'utf8').trim()).toBe(String(hiddenSeed(loadAssignment('cnn-layers'))));
    expect(statSync(zipFile).mode & 0o077).toBe(0); // the zip carries the seed: the instructor's alone
  });

  it('installs offline from its own lockfile (frozen, production only) and locks the hidden seed to root', () => {
    expect(install.code, install.output).toBe(0);
    expect(existsSync(join(source, 'packages', 'grader', 'node_modules', 'tsx'))).toBe(true);
    expect(statSync(join(source, KIT_SEED_FILE)).mode & 0o777).toBe(0o600);
    expect(statSync(join(source, 'gradescope', 'secrets')).mode & 0o777).toBe(0o700);
  });

  // Only root can start a process as nobody; CI runs unprivileged (the mode check above still runs there).
  it.skipIf(!isRoot)('as root, the user student code runs as cannot read the seed, though it can read the rest of the kit', () => {
    const readAsNobody = (file: string) => spawnSync(process.execPath, ['-e', 'process.stdout.write(require("fs").readFileSync(process.argv[1], "utf8"))', file], { uid: NOBODY, gid: NOBODY, encoding: 'utf8' });
    expect(readAsNobody(join(source, 'package.json')).status).toBe(0); // the control: the tree itself is readable
    const denied = readAsNobody(join(source, KIT_SEED_FILE));
    expect(denied.status).not.toBe(0);
    expect(denied.stderr).toContain('EACCES');
  });

  it('grades the correct submission with every hidden test: full marks', { timeout: 60_000 }, async () => {
    const { results } = await grade(join(SUBMISSIONS, 'correct'));
    const max = results.tests.reduce((s, t) => s + t.max_score, 0);
    expect(results.tests.some((t) => t.number.endsWith('h'))).toBe(true);
    expect(results.tests.every((t) => t.status === 'passed')).toBe(true);
    expect(results.score).toBe(max);
  });

  it('grades a submission that tries to read the hidden seed: only its honest tests pass, nothing leaks', { timeout: 60_000 }, async () => {
    const { results } = await grade(join(SUBMISSIONS, 'reads-hidden'));
    const passed = results.tests.filter((t) => t.status === 'passed').map((t) => t.number);
    expect(passed.sort()).toEqual(['2.1', '2.1h', '5.2', '5.2h']); // relu forward and backward, public and hidden
    const seed = readFileSync(join(source, KIT_SEED_FILE), 'utf8').trim();
    expect(JSON.stringify(results)).not.toContain(seed);
  });

  it('still leaves a valid results.json saying it was not graded when the grader itself fails', { timeout: 60_000 }, async () => {
    const seedFile = join(source, KIT_SEED_FILE);
    const seed = readFileSync(seedFile);
    writeFileSync(seedFile, 'not a seed\n'); // the grader refuses to start: exit 2, no results of its own
    try {
      const { results, output } = await grade(join(SUBMISSIONS, 'correct'));
      expect(results.score).toBe(0);
      expect(results.tests).toEqual([]);
      expect(results.output).toMatch(/could not grade this submission.*course staff/);
      expect(output).toContain('invalid hidden seed'); // the reason, for the instructor, in run_autograder's output
    } finally {
      writeFileSync(seedFile, seed);
    }
  });

  it('still leaves a valid results.json when the grade call runs past the kit\'s time limit', { timeout: 60_000 }, async () => {
    const envFile = join(source, 'gradescope', 'kit.env');
    const env = readFileSync(envFile, 'utf8');
    expect(env).toMatch(/^GRADE_TIMEOUT_S=540$/m);
    writeFileSync(envFile, env.replace(/^GRADE_TIMEOUT_S=.*$/m, 'GRADE_TIMEOUT_S=0.01')); // no grader starts that fast
    try {
      const { results } = await grade(join(SUBMISSIONS, 'correct'));
      expect(results.score).toBe(0);
      expect(results.output).toMatch(/ran out of its 0\.01 s time limit.*course staff/);
    } finally {
      writeFileSync(envFile, env);
    }
  });
});
