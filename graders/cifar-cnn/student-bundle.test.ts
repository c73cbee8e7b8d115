// `gradient export-student cifar-cnn`: what students get holds the starter, the public spec and fixtures, and
// none of the instructor's files: no private labels, no reference, generator or hidden seed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';

const here = fileURLToPath(new URL('.', import.meta.url));
const out = join(mkdtempSync(join(tmpdir(), 'gradient-cifar-bundle-')), 'cifar-cnn');
afterAll(() => rmSync(join(out, '..'), { recursive: true, force: true }));

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [relative(out, join(dir, e.name))]));
}

it('the student bundle carries no private labels and no instructor file', () => {
  const run = spawnSync('pnpm', ['-s', 'gradient', 'export-student', 'cifar-cnn', '--out', out], { cwd: join(here, '..', '..'), encoding: 'utf8', timeout: 60_000 });
  expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
  const all = files(out);
  expect(all).toContain('cifar_cnn.ts');
  expect(all).toContain('fixtures/public/manifest.json');
  expect(all.filter((f) => /hidden|private_test_y|reference|fixtures\.ts$|\.csv$/.test(f))).toEqual([]);
  const spec = JSON.parse(readFileSync(join(out, 'assignment.json'), 'utf8')) as { fixtures: Record<string, unknown> };
  expect(Object.keys(spec.fixtures)).not.toContain('hiddenSeedFile');
  expect(readFileSync(join(out, 'cifar_cnn.ts'), 'utf8')).toBe(readFileSync(join(here, 'starter', 'cifar_cnn.ts'), 'utf8'));
});
