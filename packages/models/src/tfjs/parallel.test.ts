import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { GradientWorkers } from './parallel';
import { seededRandom, trainStep } from './trainer';
import { registerWasmTrainingKernels } from './wasm-kernels';

beforeAll(async () => {
  tf.env().set('PROD', true);
  await tf.setBackend('wasm');
  registerWasmTrainingKernels();
});

// No dropout, so a split batch must give exactly the full batch's mean gradient.
function tinyModel() {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [8, 8, 1], filters: 4, kernelSize: 3, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
      tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
    ],
  });
}

describe('GradientWorkers (data-parallel steps in worker threads)', () => {
  // Starting a worker loads tsx, tfjs and the wasm binary: a few seconds on the loaded CI box.
  it('a step split between this thread and two workers equals the single-thread step', async () => {
    const rand = seededRandom(3);
    const n = 10; // shares of 4, 4 and 2
    const pixels = Float32Array.from({ length: n * 64 }, () => rand());
    const labels = Int32Array.from({ length: n }, (_, i) => (i * 7) % 10);
    const x = tf.tensor4d(pixels, [n, 8, 8, 1]);
    const y = tf.oneHot(tf.tensor1d(labels, 'int32'), 10);

    const single = tinyModel();
    const sgd1 = tf.train.sgd(0.5);
    const a = trainStep(single, sgd1, x, y, 0);

    const split = tinyModel();
    const sgd2 = tf.train.sgd(0.5);
    const workers = await GradientWorkers.start(split, 2, 'wasm');
    const before = tf.memory().numTensors;
    const b = await workers.step(split, sgd2, x, labels, 10, 0);
    expect(tf.memory().numTensors).toBe(before);
    await workers.close();

    expect(b.correct).toBe(a.correct);
    expect(Math.abs(b.loss - a.loss)).toBeLessThan(1e-6);
    // float32 gradients summed in another grouping: ~1e-7 relative; a share counted twice or dropped
    // changes weights by ~lr * gradient ~ 1e-2.
    const wa = single.getWeights().map((t) => t.dataSync());
    split.getWeights().forEach((t, k) => t.dataSync().forEach((v, i) => expect(Math.abs(v - wa[k][i])).toBeLessThan(1e-6)));
    tf.dispose([x, y]);
    single.dispose();
    split.dispose();
  });
});
