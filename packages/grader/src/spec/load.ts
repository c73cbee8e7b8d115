import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UserError } from '../errors';
import { listAssignments, repoRoot } from './locate';
import type { Assignment } from './types';
import { validateAssignmentSpec } from './validate';

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new UserError({ code: 'E_MISSING', file, message: 'cannot read the assignment spec', expected: 'an assignment.json file' });
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UserError({ code: 'E_JSON', file, message: `invalid JSON: ${(e as Error).message}` });
  }
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
  const spec = validateAssignmentSpec(readJson(specFile), specFile);
  const bundled = join(dir, 'fixtures', 'public');
  const publicFixturesDir = existsSync(join(bundled, 'manifest.json')) || !root ? bundled : join(root, 'fixtures', spec.name, 'public');
  return { spec, dir, specFile, publicFixturesDir };
}
