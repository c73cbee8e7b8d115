// What a student bundle needs beyond its code: the packages its tests load (a dataset's files, a declared
// library such as tfjs) and the labels files of its PUBLIC predictions tests (a hidden test's never go in).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATASET_PACKAGES } from '../fixtures/builtin-datasets';
import type { FixtureCase } from '../fixtures/case';
import { datasetsNamed } from '../fixtures/dataset-refs';
import { repoRoot } from '../spec/locate';
import type { AssignmentSpec } from '../spec/types';

/** The version range the repo itself uses for a dependency of one of its packages. */
function repoRange(pkgDir: string, name: string): string {
  const root = repoRoot();
  const pkg = root === undefined ? undefined : (JSON.parse(readFileSync(join(root, 'packages', pkgDir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string>; devDependencies?: Record<string, string> });
  // the grader has tfjs for its own tests only; a student bundle needs it as a dependency
  const deps = { ...pkg?.devDependencies, ...pkg?.dependencies };
  const range = deps?.[name];
  if (range === undefined) throw new Error(`grader error: packages/${pkgDir} does not depend on ${name}`);
  return range;
}

/** Package -> version range: datasets named by the public fixtures (every variant's) or by predictions tests' labels, and declared libraries. */
export function bundleDependencies(spec: AssignmentSpec, publicPool: Record<string, FixtureCase[]>[]): Record<string, string> {
  const datasets = new Set(publicPool.flatMap((sets) => [...datasetsNamed(sets)]));
  for (const t of spec.tests) if (t.kind === 'predictions' && t.set === 'public' && typeof t.labels === 'object') datasets.add(t.labels.$dataset);
  return {
    ...Object.fromEntries([...datasets].map((d) => [DATASET_PACKAGES[d], repoRange('datasets', DATASET_PACKAGES[d])])),
    ...Object.fromEntries((spec.libraries ?? []).map((l) => [l, repoRange('grader', l)])),
  };
}

/** The labels files of public predictions tests, relative to the assignment folder: the bundle carries them. */
export function publicLabelFiles(spec: AssignmentSpec): string[] {
  return [...new Set(spec.tests.flatMap((t) => (t.kind === 'predictions' && t.set === 'public' && typeof t.labels === 'string' ? [t.labels] : [])))];
}
