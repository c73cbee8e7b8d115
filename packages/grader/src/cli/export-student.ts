import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { UserError } from '../errors';
import { readFixtures, writeFixtures } from '../fixtures/manifest';
import { poolSeed } from '../variants/derive';
import { bundledPoolDir, loadPool } from '../variants/pool';
import { buildProgramFile } from '../sandbox/runner-build';
import { loadAssignment } from '../spec/load';
import { repoRoot } from '../spec/locate';
import type { Assignment, AssignmentSpec } from '../spec/types';
import { studentReadme } from './student-readme';
import { bundleDependencies, publicLabelFiles, publicTrainFiles } from './student-deps';
import { buildTrainerFile } from '../training/run-trainer';

// the student's CLI: `gradient test` only, never the instructor's commands
const cliSource = fileURLToPath(new URL('./student-main.ts', import.meta.url));

/** The bundle's `pretest`: a forgotten `npm install` named, instead of a stack trace about a missing package. */
const needsInstall = (packages: string[]) =>
  `for (const p of ${JSON.stringify(packages).replace(/"/g, "'")}) try { require.resolve(p + '/package.json') } catch { console.error('gradient: run npm install first (the tests need ' + p + ')'); process.exit(1) }`;

/** The Node versions the bundle runs on: the repo's own `engines` (the sandbox needs Node's permission model). */
export function studentNodeRange(): string {
  const root = repoRoot();
  const engines = root === undefined ? undefined : (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines?: { node?: string } }).engines;
  return engines?.node ?? '>=20.12';
}

/** The spec a student sees: hidden tests listed (names and points only), no hidden seed file or reference. */
function studentSpec(spec: AssignmentSpec): AssignmentSpec {
  const { hiddenSeedFile: _secret, reference: _reference, ...fixtures } = spec.fixtures;
  return { ...spec, fixtures };
}

/**
 * Writes the student bundle: starter code, the public spec and fixtures, the student CLI as one JS file,
 * the sandbox's child program and build program, a package.json and a README. Reference code and hidden seeds never go in.
 */
export async function exportStudent(a: Assignment, out: string): Promise<string[]> {
  const starter = join(a.dir, 'starter');
  if (!existsSync(starter)) {
    throw new UserError({ code: 'E_MISSING', file: starter, message: 'the assignment has no starter folder', expected: 'graders/<name>/starter with the student files' });
  }
  // fails with a clear message when the public fixtures were never generated
  const { sets: publicSets } = readFixtures(a.publicFixturesDir);
  // the variant pool (unresolved, as written), made before `out` is cleared: a generator that fails leaves the old bundle as it was
  const pool = a.spec.variants ? await loadPool(a, publicSets) : [publicSets];
  const datasetDeps = bundleDependencies(a.spec, pool);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  cpSync(starter, out, { recursive: true });
  cpSync(a.publicFixturesDir, join(out, 'fixtures', 'public'), { recursive: true });
  for (const f of [...publicLabelFiles(a.spec), ...publicTrainFiles(a.spec)]) cpSync(join(a.dir, f), join(out, f));
  // the variant pool's expected values, made by the reference here: the bundle never holds the reference itself
  for (let j = 1; j < pool.length; j++) writeFixtures(bundledPoolDir(out, j), a.spec.name, poolSeed(a.spec.name, a.spec.fixtures.publicSeed, j), pool[j]);
  writeFileSync(join(out, 'assignment.json'), `${JSON.stringify(studentSpec(a.spec), null, 2)}\n`);
  await build({
    entryPoints: [cliSource],
    outfile: join(out, '.gradient', 'gradient.mjs'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['esbuild'],
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    logLevel: 'silent',
  });
  const nodeRange = studentNodeRange();
  await buildProgramFile('runner', join(out, '.gradient', 'runner.mjs'));
  await buildProgramFile('builder', join(out, '.gradient', 'build-worker.mjs'));
  if (a.spec.tests.some((t) => t.kind === 'train' && t.set === 'public')) await buildTrainerFile(join(out, '.gradient', 'trainer.mjs'));
  writeFileSync(join(out, 'package.json'), `${JSON.stringify({
    name: `${a.spec.name}-student`,
    private: true,
    type: 'module',
    engines: { node: nodeRange },
    scripts: {
      // npm runs it before `npm test`: without it, a forgotten `npm install` is a stack trace about esbuild
      pretest: `node -e "${needsInstall(['esbuild', 'ndarray', ...Object.keys(datasetDeps)])}"`,
      test: 'node .gradient/gradient.mjs test',
      zip: 'node .gradient/gradient.mjs zip',
    },
    dependencies: { esbuild: '^0.28.0', ndarray: '^1.0.19', ...datasetDeps },
    devDependencies: { '@types/ndarray': '^1.0.14' },
  }, null, 2)}\n`);
  // an older Node fails at `npm install`, naming the version it needs, instead of at the first test
  writeFileSync(join(out, '.npmrc'), 'engine-strict=true\n');
  writeFileSync(join(out, 'README.md'), studentReadme(a.spec, nodeRange));
  return readdirSync(out, { recursive: true }).map(String);
}

export async function exportStudentCommand(assignment: string, opts: { out: string }) {
  const files = await exportStudent(loadAssignment(assignment), opts.out);
  console.log(`student bundle for ${assignment}: ${files.length} files in ${opts.out}`);
}
