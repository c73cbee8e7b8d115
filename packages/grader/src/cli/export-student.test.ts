import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAssignment } from '../spec/load';
import { repoRoot } from '../spec/locate';
import { exportStudent, studentNodeRange } from './export-student';

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
    for (const f of ['cnn_layers.ts', 'assignment.json', 'fixtures/public/manifest.json', 'README.md', 'package.json', '.npmrc', '.gradient/gradient.mjs', '.gradient/runner.mjs', '.gradient/build-worker.mjs']) {
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

  it('asks for the Node version the grader needs, and npm refuses an older one', () => {
    const pkg = JSON.parse(readFileSync(join(bundle, 'package.json'), 'utf8')) as { engines?: { node?: string } };
    const root = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };
    expect(pkg.engines?.node).toBe(root.engines.node);
    expect(readFileSync(join(bundle, '.npmrc'), 'utf8')).toContain('engine-strict=true');
  });

  it('says to run npm install first when `npm test` runs without it', () => {
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(npm_|pnpm_|NODE_PATH$)/i.test(k)));
    const run = spawnSync('npm', ['test'], { cwd: bundle, env, encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('gradient: run npm install first (the tests need esbuild)');
    expect(run.stderr).not.toContain('ERR_MODULE_NOT_FOUND');
  });

  it('has a README that names the commands the student runs, the Node version and what to hand in', () => {
    const readme = readFileSync(join(bundle, 'README.md'), 'utf8');
    for (const text of ['npm install', 'npm test', 'npm test -- 1.1', '`npm test -- 1`', 'npm test -- --help', `Node ${studentNodeRange().replace('>=', '')} or newer`, '## Submit', 'my-folder/cnn_layers.ts', '`node_modules` is skipped']) {
      expect(readme).toContain(text);
    }
    const starter = readFileSync(join(bundle, 'cnn_layers.ts'), 'utf8');
    expect(starter).toContain('`npm test`');
    expect(starter).not.toContain('`gradient test`');
  });
});
