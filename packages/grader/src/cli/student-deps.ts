// What a student bundle needs beyond its code: the packages its tests load (a dataset's files, a declared
// library such as tfjs) and the labels files of its PUBLIC predictions tests (a hidden test's never go in).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATASET_PACKAGES } from '../fixtures/builtin-datasets';
import type { FixtureCase } from '../fixtures/case';
import { datasetsNamed } from '../fixtures/dataset-refs';
import { repoRoot } from '../spec/locate';
import type { AssignmentSpec, TrainTestSpec } from '../spec/types';

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
  const trains = publicTrainTests(spec).length > 0;
  for (const t of publicTrainTests(spec)) for (const ref of [t.data.train, t.data.eval]) if ('$dataset' in ref) datasets.add(ref.$dataset);
  return {
    ...Object.fromEntries([...datasets].map((d) => [DATASET_PACKAGES[d], repoRange('datasets', DATASET_PACKAGES[d])])),
    ...Object.fromEntries((spec.libraries ?? []).map((l) => [l, repoRange('grader', l)])),
    // the trainer of public train tests (.gradient/trainer.mjs) runs on tfjs, fastest on its wasm backend here
    ...(trains ? { '@tensorflow/tfjs': repoRange('models', '@tensorflow/tfjs'), '@tensorflow/tfjs-backend-wasm': repoRange('models', '@tensorflow/tfjs-backend-wasm') } : {}),
  };
}

const publicTrainTests = (spec: AssignmentSpec) => spec.tests.filter((t): t is TrainTestSpec => t.kind === 'train' && t.set === 'public');

/** Files a public train test reads from the assignment folder (its .npy data, its baseline topology): the bundle carries them. */
export function publicTrainFiles(spec: AssignmentSpec): string[] {
  return [...new Set(publicTrainTests(spec).flatMap((t) => [
    ...[t.data.train, t.data.eval].flatMap((ref) => ('$dataset' in ref ? [] : [ref.x, ref.y])),
    ...(t.baseline ? [t.baseline] : []),
  ]))];
}

/** The labels files of public predictions tests, relative to the assignment folder: the bundle carries them. */
export function publicLabelFiles(spec: AssignmentSpec): string[] {
  return [...new Set(spec.tests.flatMap((t) => (t.kind === 'predictions' && t.set === 'public' && typeof t.labels === 'string' ? [t.labels] : [])))];
}

/** Files of the assignment folder that only hidden tests read (labels, data, baselines): never in a student bundle, root-only in a kit. */
export function hiddenDataFiles(spec: AssignmentSpec): string[] {
  const shown = new Set([...publicLabelFiles(spec), ...publicTrainFiles(spec)]);
  const files = spec.tests.filter((t) => t.set === 'hidden').flatMap((t) => {
    if (t.kind === 'predictions') return typeof t.labels === 'string' ? [t.labels] : [];
    if (t.kind === 'train') return [...[t.data.train, t.data.eval].flatMap((ref) => ('$dataset' in ref ? [] : [ref.x, ref.y])), ...(t.baseline ? [t.baseline] : [])];
    return [];
  });
  return [...new Set(files)].filter((f) => !shown.has(f));
}
