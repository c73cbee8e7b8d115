import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAssignment } from '../spec/load';
import { repoRoot } from '../spec/locate';
import { exportStudent } from './export-student';

const ROOT = repoRoot() ?? '';
const ASSIGNMENT_DIR = join(ROOT, 'graders', 'cnn-layers');

/** Names of the reference ops in packages/tensor/src/ops: present in a bundle only if op code leaked into it. */
const REFERENCE_OPS = ['convForward', 'convBackward', 'maxPoolForward', 'maxPoolBackward', 'reluForward', 'dropoutForward', 'forwardKernel', 'inputGradKernel', 'filterGradKernel'];

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

/** The folder of an installed package, as `from` would import it. */
function packageDir(from: string, name: string): string {
  return dirname(createRequire(join(from, 'package.json')).resolve(`${name}/package.json`));
}

let bundle = '';
let files: string[] = [];

beforeAll(async () => {
  bundle = join(mkdtempSync(join(tmpdir(), 'gradient-export-test-')), 'cnn-layers');
  await exportStudent(loadAssignment('cnn-layers'), bundle);
  files = filesUnder(bundle).map((f) => relative(bundle, f).split('\\').join('/'));
}, 120_000);

afterAll(() => {
  if (bundle) rmSync(dirname(bundle), { recursive: true, force: true });
});

describe('exportStudent', () => {
  it('writes the starter, the public spec and fixtures, the CLI and the README', () => {
    for (const f of ['cnn_layers.ts', 'assignment.json', 'fixtures/public/manifest.json', 'README.md', 'package.json', '.gradient/gradient.mjs', '.gradient/runner.mjs', '.gradient/build-worker.mjs']) {
      expect(files).toContain(f);
    }
    expect(readFileSync(join(bundle, 'cnn_layers.ts'), 'utf8')).toBe(readFileSync(join(ASSIGNMENT_DIR, 'starter', 'cnn_layers.ts'), 'utf8'));
  });

  it('ships a spec the loader accepts, without the hidden seed file', () => {
    const a = loadAssignment(bundle);
    expect(a.dir).toBe(bundle);
    expect(a.publicFixturesDir).toBe(join(bundle, 'fixtures', 'public'));
    expect(a.spec.fixtures).not.toHaveProperty('hiddenSeedFile');
    expect(readFileSync(join(bundle, 'assignment.json'), 'utf8')).not.toContain('hidden-seed');
  });

  it('leaves out the reference, the generator, the hidden seed and the sample submissions', () => {
    for (const f of files) {
      expect(f).not.toMatch(/(^|\/)(reference\.ts|fixtures\.ts|hidden-seed\.json)$/);
      expect(f).not.toMatch(/(^|\/)submissions\//);
    }
    expect(files.some((f) => f.startsWith('fixtures/hidden'))).toBe(false);
  });

  it('holds neither the hidden seed nor reference op code in any file', () => {
    const { seed } = JSON.parse(readFileSync(join(ASSIGNMENT_DIR, 'hidden-seed.json'), 'utf8')) as { seed: number };
    const seedPattern = new RegExp(`(^|[^0-9])${seed}([^0-9]|$)`);
    for (const f of files) {
      const text = readFileSync(join(bundle, f)).toString('latin1');
      expect(seedPattern.test(text), `${f} holds the hidden seed`).toBe(false);
      for (const op of REFERENCE_OPS) expect(new RegExp(`\\b${op}\\b`).test(text), `${f} mentions ${op}`).toBe(false);
    }
  });

  it('the markers are real: each reference op exists in packages/tensor', () => {
    const ops = join(ROOT, 'packages', 'tensor', 'src', 'ops');
    const source = readdirSync(ops)
      .filter((n) => n.endsWith('.ts') && !n.endsWith('.test.ts'))
      .map((n) => readFileSync(join(ops, n), 'utf8'))
      .join('\n');
    for (const op of REFERENCE_OPS) expect(source).toMatch(new RegExp(`export function ${op}\\b`));
  });

  it('runs offline: the bundled CLI passes the public tests of a correct solution', { timeout: 120_000 }, () => {
    const modules = join(bundle, 'node_modules');
    mkdirSync(modules);
    symlinkSync(packageDir(join(ROOT, 'packages', 'grader'), 'esbuild'), join(modules, 'esbuild'), 'dir');
    symlinkSync(packageDir(join(ROOT, 'packages', 'tensor'), 'ndarray'), join(modules, 'ndarray'), 'dir');
    copyFileSync(join(ASSIGNMENT_DIR, 'submissions', 'correct', 'cnn_layers.ts'), join(bundle, 'cnn_layers.ts'));
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
    delete env.FORCE_COLOR;

    const run = spawnSync(process.execPath, ['.gradient/gradient.mjs', 'test'], { cwd: bundle, env, encoding: 'utf8', timeout: 110_000 });
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    const publicCount = loadAssignment(bundle).spec.tests.filter((t) => t.set === 'public').length;
    expect(run.stdout).toContain(`public tests: ${publicCount}/${publicCount} passed`);
    expect(existsSync(join(bundle, 'evaluation_cnn-layers.txt'))).toBe(true);
  });
});
