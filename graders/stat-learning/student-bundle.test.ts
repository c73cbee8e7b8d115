// `gradient export-student stat-learning` as a student gets it: exported to a folder outside the repo, installed from
// the npm registry with `npm install` (nothing linked from the repo), run with `npm test`. The shipped starter fails
// every public test, the correct sample passes all 27, a slip fails exactly its test. ~30 s: one export, one
// `npm install` and four `npm test` runs (each compiles the submission and starts the grader's child).
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = join(here, '..', '..');
let bundle = '';

/** A student's shell: none of what the pnpm running this test exports (NODE_PATH would find the repo's packages). */
function studentEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { NO_COLOR: '1' };
  for (const [k, v] of Object.entries(process.env)) if (!/^(npm_|pnpm_|NODE_PATH$|NODE_OPTIONS$|FORCE_COLOR$|VITEST)/i.test(k)) env[k] = v;
  return env;
}
function npm(args: string[], timeout = 60_000) {
  const run = spawnSync('npm', args, { cwd: bundle, env: studentEnv(), encoding: 'utf8', timeout });
  return { status: run.status, out: `${run.stdout}\n${run.stderr}` };
}
const failedInLog = () => [...readFileSync(join(bundle, 'evaluation_stat-learning.txt'), 'utf8').matchAll(/^FAIL (\S+)/gm)].map((m) => m[1]);
function useSample(name: string): void {
  copyFileSync(join(here, 'submissions', name, 'stat_learning.ts'), join(bundle, 'stat_learning.ts'));
  rmSync(join(bundle, 'evaluation_stat-learning.txt'), { force: true });
}

beforeAll(() => {
  bundle = join(mkdtempSync(join(tmpdir(), 'gradient-stat-learning-')), 'stat-learning');
  const exported = spawnSync('pnpm', ['-s', 'gradient', 'export-student', 'stat-learning', '--out', bundle], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  expect(exported.status, `${exported.stdout}\n${exported.stderr}`).toBe(0);
  const install = npm(['install', '--no-audit', '--no-fund'], 110_000);
  expect(install.status, install.out).toBe(0);
}, 180_000);

afterAll(() => {
  if (bundle) rmSync(dirname(bundle), { recursive: true, force: true });
});

describe('the stat-learning student bundle, outside the repo', () => {
  it('holds the starter, the public spec and fixtures, and none of the reference, generator or hidden seed', () => {
    const files = readdirSync(bundle, { recursive: true }).map(String);
    expect(files).toContain('stat_learning.ts');
    expect(files).toContain(join('fixtures', 'public', 'manifest.json'));
    for (const secret of ['reference.ts', 'fixtures.ts', 'hidden-seed.json']) expect(files.some((f) => f.endsWith(secret))).toBe(false);
    expect(readFileSync(join(bundle, 'assignment.json'), 'utf8')).not.toMatch(/hiddenSeedFile|"reference"/);
  });

  it('the starter as shipped fails every public test, saying what is not implemented', () => {
    const run = npm(['test']);
    expect(run.status, run.out).toBe(1);
    expect(run.out).toContain('public tests: 0/27 passed');
    expect(run.out).toMatch(/NotImplemented/);
  });

  it('the correct solution passes all 27 public tests with `npm test`', () => {
    useSample('correct');
    const run = npm(['test']);
    expect(run.status, run.out).toBe(0);
    expect(run.out).toContain('public tests: 27/27 passed; hidden tests run at grading time (27 tests, 27 points)');
    expect(failedInLog()).toEqual([]);
  });

  it('a slip (running averages weighted the wrong way) fails exactly 4.3', () => {
    useSample('batchnorm-running-swapped');
    const run = npm(['test']);
    expect(run.status, run.out).toBe(1);
    expect(failedInLog()).toEqual(['4.3']);
    expect(existsSync(join(bundle, 'node_modules', 'ndarray'))).toBe(true);
  });
});
