// Benchmark (not a unit test): what the CIFAR augmentation (augment.ts) costs per batch of 64 32x32x3 images
// on wasm, against one training step of spec B's CIFAR 8-layer model on the same batch (RMSprop 1e-3).
// Medians of a few repetitions after a warm-up, in one process.
//   pnpm --filter @gradient/models bench:augment [--reps 20] [--steps 5]
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { RandomState } from '@gradient/tensor';
import { augmentBatch, CIFAR10_AUGMENT } from '../src/tfjs/augment';
import { buildCifar8Layer } from '../src/tfjs/builders';
import { makeOptimizer, trainStep } from '../src/tfjs/trainer';
import { registerWasmTrainingKernels } from '../src/tfjs/wasm-kernels';

const args = process.argv.slice(2);
const opt = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

tf.env().set('PROD', true);
await tf.setBackend('wasm');
registerWasmTrainingKernels();
const rs = new RandomState(1);
const x = tf.tidy(() => tf.randomUniform([64, 32, 32, 3], 0, 1, 'float32', 1)) as tf.Tensor4D;
const y = tf.tidy(() => tf.oneHot(tf.tensor1d(Int32Array.from({ length: 64 }, (_, i) => i % 10), 'int32'), 10));

const timeAugment = () => {
  const t = performance.now();
  const out = augmentBatch(x, CIFAR10_AUGMENT, rs);
  out.dataSync(); // wait for the backend
  out.dispose();
  return performance.now() - t;
};
timeAugment();
const augmentMs = median(Array.from({ length: opt('reps', 20) }, timeAugment));

const model = buildCifar8Layer(1);
const optimizer = makeOptimizer('rmsprop', 1e-3);
let step = 0;
const timeStep = () => {
  const t = performance.now();
  trainStep(model, optimizer, x, y, step++);
  return performance.now() - t;
};
timeStep();
const stepMs = median(Array.from({ length: opt('steps', 5) }, timeStep));
console.log(JSON.stringify({ backend: tf.getBackend(), batch: 64, augmentMs: +augmentMs.toFixed(2), cifar8LayerStepMs: +stepMs.toFixed(1), ratio: +(augmentMs / stepMs).toFixed(4) }));
