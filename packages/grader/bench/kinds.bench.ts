// pnpm bench (structure and predictions tests): grades a submission whose model builder imports tfjs (one
// structure test) and which hands in a 10,000-row MNIST predictions CSV (one predictions test), 10 times; then
// a class of 100 predictions-only submissions with --jobs 2. Baseline, in the same run: the same submission
// without tfjs (a trivial entry and the CSV), so the ratio is what building and loading tfjs adds.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mnistFiles } from '@gradient/datasets';
import { gradeBatch } from '../src/batch';
import { gradeSubmission } from '../src/grade';
import type { Assignment, TestSpec } from '../src/spec/types';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const work = mkdtempSync(join(tmpdir(), 'gradient-kinds-bench-'));
const labels = [...readFileSync(mnistFiles('test').labels).subarray(8)];

const predictions: TestSpec = {
  number: '2', name: 'MNIST test predictions', points: 10, set: 'hidden', kind: 'predictions', file: 'submission.csv', leaderboard: 'Accuracy',
  labels: { $dataset: 'mnist', split: 'test', take: 'labels', from: 0, count: 10_000 }, credit: { thresholds: [[0.7, 3], [0.75, 5], [0.8, 8], [0.83, 10]] },
};
const structure: TestSpec = {
  number: '1', name: 'model layers', points: 2, set: 'public', kind: 'structure', call: 'buildModel',
  layers: [{ type: 'Conv2D', outputShape: [null, 22, 22, 32], params: 1600 }, { type: 'MaxPooling2D' }, { type: 'Flatten' }, { type: 'Dense', params: 38730 }],
};
const assignment = (tests: TestSpec[], libraries?: string[]): Assignment => ({
  spec: { name: 'kinds-bench', title: 'kinds', entry: 'solution.ts', exports: ['buildModel'], fixtures: { generator: 'none', publicSeed: 0 }, limits: { timeMs: 20_000 }, tests, ...(libraries ? { libraries } : {}) },
  dir: work, specFile: join(work, 'assignment.json'), publicFixturesDir: work,
});
const MODEL = `import * as tf from '@tensorflow/tfjs';
export function buildModel() {
  const m = tf.sequential();
  m.add(tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 7, activation: 'relu' }));
  m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  m.add(tf.layers.flatten());
  m.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
  return m;
}
`;
function submission(dir: string, code: string, wrongShare = 0): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'solution.ts'), code);
  writeFileSync(join(dir, 'submission.csv'), `label\n${labels.map((y, i) => (i % 100 < wrongShare ? (y + 1) % 10 : y)).join('\n')}\n`);
  return dir;
}

const both = assignment([structure, predictions], ['@tensorflow/tfjs']);
const predictionsOnly = assignment([predictions]);
const withModel = submission(join(work, 'model'), MODEL);
const plain = submission(join(work, 'plain'), 'export function buildModel() { return 0; }\n');

// the first grade with tfjs prebuilds the library once for this process: timed apart
let t0 = performance.now();
await gradeSubmission(both, withModel, { public: {} }, { hidden: true });
const firstMs = performance.now() - t0;
const base: number[] = [];
const kinds: number[] = [];
for (let i = 0; i < 10; i++) {
  t0 = performance.now();
  await gradeSubmission(predictionsOnly, plain, { public: {} }, { hidden: true });
  base.push(performance.now() - t0);
  t0 = performance.now();
  const r = await gradeSubmission(both, withModel, { public: {} }, { hidden: true });
  kinds.push(performance.now() - t0);
  if (r.score !== r.maxScore) throw new Error(`the correct submission scored ${r.score}/${r.maxScore}`);
}

const classDir = join(work, 'class');
for (let s = 0; s < 100; s++) submission(join(classDir, `student${String(s).padStart(3, '0')}`), 'export function buildModel() { return 0; }\n', s % 40);
t0 = performance.now();
const { batch } = await gradeBatch(predictionsOnly, classDir, { public: {} }, { hidden: true, jobs: 2, out: join(work, 'out') });
const batchMs = performance.now() - t0;
rmSync(work, { recursive: true, force: true });

console.log('\ngrader: structure (tfjs model builder) and predictions (10,000-row MNIST CSV) tests');
console.log(`  predictions test alone, no tfjs (baseline):     median ${median(base).toFixed(0)} ms`);
console.log(`  structure + predictions, one submission:        median ${median(kinds).toFixed(0)} ms  (${(median(kinds) / median(base)).toFixed(1)}x baseline)  [goal < 2000 ms]`);
console.log(`  first such grade in a process (prebuilds tfjs): ${firstMs.toFixed(0)} ms`);
console.log(`  grade-batch 100 predictions-only, --jobs 2:     ${(batchMs / 1000).toFixed(1)} s  (${batch.submissions.length} graded)  [goal < 30 s]`);
