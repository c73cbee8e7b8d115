import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '../errors';
import type { Assignment } from '../spec/types';

/** Files at the repo root that a frozen pnpm install of the subset needs (the lockfile is the full one; no .npmrc: it may hold registry tokens). */
const ROOT_FILES = ['package.json', 'pnpm-workspace.yaml', 'pnpm-lock.yaml', 'tsconfig.base.json'];

/** Folders never shipped: installed or built output, benchmarks, test reference data, sample submissions. */
const SKIPPED_DIRS = new Set(['node_modules', 'bench', '__reference__', 'submissions', 'dist', 'out', 'coverage']);
const SKIPPED_FILE = /(\.test\.[cm]?[jt]s|^vitest\.config\.[cm]?[jt]s)$/;

/** The grader package: the folder above src/ that holds this file. */
const GRADER_DIR = fileURLToPath(new URL('../../', import.meta.url));

interface WorkspacePackage { name: string; dir: string; workspaceDeps: string[] }

function readPackage(dir: string): WorkspacePackage | undefined {
  const file = join(dir, 'package.json');
  if (!existsSync(file)) return undefined;
  const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; dependencies?: Record<string, string> };
  const deps = Object.entries(pkg.dependencies ?? {}).filter(([, spec]) => spec.startsWith('workspace:')).map(([name]) => name);
  return { name: pkg.name ?? dir, dir, workspaceDeps: deps };
}

/**
 * The library packages an assignment runs on: the grader and every workspace package its
 * package.json (and theirs, transitively) depends on, found among <root>/packages/*.
 */
function neededPackages(root: string, assignmentDir: string): string[] {
  const packagesDir = join(root, 'packages');
  const byName = new Map<string, WorkspacePackage>();
  for (const d of existsSync(packagesDir) ? readdirSync(packagesDir, { withFileTypes: true }) : []) {
    const pkg = d.isDirectory() ? readPackage(join(packagesDir, d.name)) : undefined;
    if (pkg) byName.set(pkg.name, pkg);
  }
  const grader = readPackage(resolve(GRADER_DIR));
  const wanted = [...(readPackage(assignmentDir)?.workspaceDeps ?? []), ...(grader ? [grader.name] : [])];
  // the grader's own workspace dependencies (e.g. @gradient/datasets) come along even if no assignment names them
  const dirs = new Set<string>([resolve(GRADER_DIR)]);
  if (grader) wanted.push(...grader.workspaceDeps);
  for (const name of wanted) {
    const pkg = byName.get(name);
    if (!pkg || dirs.has(pkg.dir)) continue;
    dirs.add(pkg.dir);
    wanted.push(...pkg.workspaceDeps);
  }
  return [...dirs].sort();
}

function walk(dir: string, skip: (file: string) => boolean, out: string[]): void {
  for (const d of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, d.name);
    if (d.name.startsWith('.') || skip(full)) continue;
    if (d.isDirectory() && !SKIPPED_DIRS.has(d.name)) walk(full, skip, out);
    else if (d.isFile() && !SKIPPED_FILE.test(d.name)) out.push(full);
  }
}

/**
 * The repo subset the autograder runs on, as absolute paths under root: the root's workspace files,
 * the library packages, the assignment folder (spec, reference, generator, starter; no sample submissions,
 * tests or hidden seed file) and its public fixtures.
 */
export function kitRepoFiles(root: string, a: Assignment): string[] {
  const inside = (p: string) => p === root || p.startsWith(root + sep);
  if (!inside(a.dir) || relative(root, dirname(a.dir)) !== 'graders') {
    throw new UserError({ code: 'E_ASSIGNMENT', file: a.dir, message: 'a Gradescope kit is built from an assignment of the repo', expected: `a folder under ${join(root, 'graders')}` });
  }
  if (!inside(a.publicFixturesDir)) {
    throw new UserError({ code: 'E_MISSING', file: a.publicFixturesDir, message: 'the public fixtures are outside the repo', expected: `fixtures under ${root}` });
  }
  const seedFile = a.spec.fixtures.hiddenSeedFile ? resolve(a.dir, a.spec.fixtures.hiddenSeedFile) : undefined;
  const skip = (f: string) => f === seedFile;
  const files = ROOT_FILES.map((f) => join(root, f)).filter(existsSync);
  for (const dir of [...neededPackages(root, a.dir), a.dir, a.publicFixturesDir]) walk(dir, skip, files);
  return files;
}
