// pnpm bench (train tests): one train test of spec B's MNIST model with a 1-epoch budget on the CPU path (the
// best backend that loads here: wasm), graded end to end (bundle, child, topology, settings, trainer process,
// evaluation on the 10,000 test images). Baseline, in the same run: the same epoch through the trainer alone
// (runTrainer with the model's topology), so the ratio is what grading adds around the training.
// BENCH_TRAIN_IMAGES (default 60000) trains on fewer images for a quick look.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { buildMnistCnn } from '@gradient/models/tfjs';
import { gradeSubmission } from '../src/grade';
import type { Assignment, TrainTestSpec } from '../src/spec/types';
import { runTrainer } from '../src/training/run-trainer';

const images = Number(process.env.BENCH_TRAIN_IMAGES ?? 60_000);
const work = mkdtempSync(join(tmpdir(), 'gradient-train-bench-'));
const settings = { optimizer: 'rmsprop' as const, learningRate: 1e-3, batchSize: 64, epochs: 1 };
const test: TrainTestSpec = {
  number: '1', name: 'MNIST model, 1 epoch', points: 10, set: 'hidden', kind: 'train', call: 'buildModel', settings: 'trainingSettings',
  data: { train: { $dataset: 'mnist', split: 'train', from: 0, count: images }, eval: { $dataset: 'mnist', split: 'test', from: 0, count: 10_000 } },
  budget: { epochs: 1, timeMs: 1_800_000 }, seed: 1, credit: { thresholds: [[0.9, 5], [0.97, 10]] },
};
const a: Assignment = {
  spec: { name: 'train-bench', title: 'train', entry: 'solution.ts', exports: ['buildModel', 'trainingSettings'], fixtures: { generator: 'none', publicSeed: 0 }, libraries: ['@tensorflow/tfjs'], limits: { timeMs: 30_000 }, tests: [test] },
  dir: work, specFile: join(work, 'assignment.json'), publicFixturesDir: work,
};
const sub = join(work, 'sub');
mkdirSync(sub);
writeFileSync(join(sub, 'solution.ts'), `import * as tf from '@tensorflow/tfjs';
export function buildModel() {
  return tf.sequential({ layers: [
    tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 5, strides: 1, activation: 'relu' }),
    tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }),
    tf.layers.dropout({ rate: 0.2 }),
    tf.layers.flatten(),
    tf.layers.dense({ units: 128, activation: 'relu' }),
    tf.layers.dense({ units: 10, activation: 'softmax' }),
  ] });
}
export function trainingSettings() { return ${JSON.stringify(settings)}; }
`);

await tf.setBackend('cpu');
const topology = JSON.stringify(buildMnistCnn(1).toJSON(null, false));
let t0 = performance.now();
const alone = await runTrainer({ topology, settings, seed: 1, data: test.data, classes: 10, budget: test.budget, assignmentDir: work });
const aloneS = (performance.now() - t0) / 1000;
if (!alone.ok) throw new Error(`trainer failed: ${alone.message}`);
t0 = performance.now();
const graded = await gradeSubmission(a, sub, { public: {} }, { hidden: true });
const gradedS = (performance.now() - t0) / 1000;
const r = graded.tests[0];
console.log(`train test, spec B MNIST model, 1 epoch of ${images} images (batch 64, RMSprop 1e-3), evaluated on 10,000:`);
console.log(`  trainer alone (baseline): ${aloneS.toFixed(1)} s wall, ${alone.seconds.toFixed(1)} s training on ${alone.backend}, accuracy ${alone.history.at(-1)?.evalAccuracy}`);
console.log(`  graded end to end:        ${gradedS.toFixed(1)} s wall (${(gradedS / aloneS).toFixed(2)}x the trainer alone), score ${r.score}/${r.maxScore}`);
console.log(r.output.split('\n').map((l) => `    ${l}`).join('\n'));
rmSync(work, { recursive: true, force: true });
