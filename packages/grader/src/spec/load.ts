import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UserError } from '../errors';
import { readJsonFile } from './read-json';
import { listAssignments, repoRoot } from './locate';
import type { Assignment } from './types';
import { validateAssignmentSpec } from './validate';
import { exampleCall, readExerciseCall } from '../variants/exercise-call';

/** An instructor copy (one with a starter/ folder) must hand students the file the grader loads. */
function checkStarterEntry(dir: string, specFile: string, entry: string): void {
  const starter = join(dir, 'starter');
  if (!existsSync(starter) || existsSync(join(starter, entry))) return;
  throw new UserError({
    code: 'E_SPEC', file: specFile, path: '/entry', message: `the entry file '${entry}' is not in starter/`,
    expected: `starter/${entry} (the file students fill in and hand back), or an entry naming a file in starter/`, actual: entry,
  });
}

/** With variants, the starter must hold the exercise call students fill in (its placeholder username is fine). */
function checkStarterExerciseCall(dir: string, specFile: string, entry: string): void {
  const file = join(dir, 'starter', entry);
  if (!existsSync(file)) return;
  const call = readExerciseCall(readFileSync(file, 'utf8'), `starter/${entry}`);
  if (call.ok || call.message.startsWith('fill in your username')) return;
  throw new UserError({ code: 'E_SPEC', file: specFile, path: '/variants', message: `the spec has variants, but ${call.message}`, expected: `starter/${entry} with ${exampleCall()} and a function exercise (docs/variants.md)` });
}

/**
 * Where the committed public fixtures are: inside a student bundle (fixtures/public), else beside the
 * assignment's graders/ folder (<root>/fixtures/<name>/public), so an assignment in another checkout or
 * a scratch root finds its own fixtures and not this repo's.
 */
function publicFixturesFor(dir: string, name: string): string {
  const bundled = join(dir, 'fixtures', 'public');
  if (existsSync(join(bundled, 'manifest.json'))) return bundled;
  if (basename(dirname(dir)) === 'graders') return join(dirname(dirname(dir)), 'fixtures', name, 'public');
  const root = repoRoot();
  return root ? join(root, 'fixtures', name, 'public') : bundled;
}

/**
 * Finds and validates an assignment: `nameOrDir` is a folder holding assignment.json (a student bundle,
 * or a path to graders/<name>), or the name of a folder under <repo>/graders.
 */
export function loadAssignment(nameOrDir: string): Assignment {
  const asDir = resolve(nameOrDir);
  const root = repoRoot();
  let dir: string;
  if (existsSync(join(asDir, 'assignment.json')) && statSync(asDir).isDirectory()) dir = asDir;
  else if (root && existsSync(join(root, 'graders', nameOrDir, 'assignment.json'))) dir = join(root, 'graders', nameOrDir);
  else {
    const known = root ? listAssignments(root) : [];
    throw new UserError({
      code: 'E_ASSIGNMENT', message: `unknown assignment '${nameOrDir}'`,
      expected: known.length ? `one of ${known.join(', ')} (or a folder with assignment.json)` : 'a folder with assignment.json', actual: nameOrDir,
    });
  }
  const specFile = join(dir, 'assignment.json');
  const spec = validateAssignmentSpec(readJsonFile(specFile, 'the assignment spec (assignment.json)'), specFile);
  checkStarterEntry(dir, specFile, spec.entry);
  if (spec.variants) checkStarterExerciseCall(dir, specFile, spec.entry);
  return { spec, dir, specFile, publicFixturesDir: publicFixturesFor(dir, spec.name) };
}
