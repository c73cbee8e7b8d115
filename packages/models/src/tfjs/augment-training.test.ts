import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { CIFAR10_AUGMENT } from './augment';
import { trainingDefaults } from './builders';
import { type LabelledImages, seededRandom, train, type TrainOptions } from './trainer';
import { registerWasmTrainingKernels } from './wasm-kernels';

beforeAll(async () => {
  tf.env().set('PROD', true);
  await tf.setBackend('wasm');
  registerWasmTrainingKernels();
});

// CIFAR-shaped images (32x32x3, values in [0, 1)) with labels 0..9.
function tinyCifar(count: number, seed: number): LabelledImages {
  const rand = seededRandom(seed);
  const pixels = Float32Array.from({ length: count * 3072 }, () => rand());
  return { x: tf.tensor4d(pixels, [count, 32, 32, 3]), labels: Int32Array.from({ length: count }, (_, i) => i % 10) };
}

// A small stand-in for the CIFAR builders (their 5.4M-parameter dense layer would make this test slow).
function tinyModel(): tf.Sequential {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [32, 32, 3], filters: 4, kernelSize: 3, strides: 2, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
    ],
  });
}

describe('train with augment (wasm backend)', () => {
  it('runs, gives the same weights for the same seed, differs from unaugmented training, and leaks nothing', async () => {
    const data = tinyCifar(48, 1);
    const held = tinyCifar(16, 2);
    const weightsAfter = async (opts: Partial<TrainOptions>) => {
      const model = tinyModel();
      const before = tf.memory().numTensors;
      const r = await train(model, data, { epochs: 2, batchSize: 16, seed: 3, evalData: held, ...opts });
      expect(tf.memory().numTensors).toBe(before);
      expect(r.history.map((h) => h.tensors)).toEqual([r.history[0].tensors, r.history[0].tensors]);
      expect(r.imagesSeen).toBe(96);
      expect(Number.isFinite(r.finalLoss)).toBe(true);
      const w = model.getWeights().map((t) => Array.from(t.dataSync()));
      model.dispose();
      return w;
    };
    const augmented = await weightsAfter({ augment: CIFAR10_AUGMENT });
    expect(await weightsAfter({ augment: CIFAR10_AUGMENT })).toEqual(augmented);
    // Same init, order and seed without augmentation: other weights, so the batches really were augmented.
    const plain = await weightsAfter({});
    expect(plain[0]).not.toEqual(augmented[0]);
    // An identity augmentation (no crop, no flip, mean 0, std 1) trains exactly as no augmentation.
    expect(await weightsAfter({ augment: { crop: 0, flip: false, normalize: { mean: [0, 0, 0], std: [1, 1, 1] } } })).toEqual(plain);
    tf.dispose([data.x, held.x]);
  });

  it('rejects bad augment settings, naming the option', async () => {
    const data = tinyCifar(4, 1);
    const model = tinyModel();
    await expect(train(model, data, { epochs: 1, batchSize: 4, seed: 1, augment: { crop: 1.5 } }))
      .rejects.toThrow('train: augment.crop must be an integer >= 0 (the padding), got 1.5');
    model.dispose();
    data.x.dispose();
  });

  it('the CIFAR builders train with the CIFAR augmentation, the MNIST ones without', () => {
    expect(trainingDefaults['cifar-8layer'].augment).toEqual({ crop: 4, flip: true, normalize: { mean: [0.4914, 0.4822, 0.4465], std: [0.2023, 0.1994, 0.201] } });
    expect(trainingDefaults['cifar-strong'].augment).toBe(CIFAR10_AUGMENT);
    expect(trainingDefaults['mnist-cnn'].augment).toBeUndefined();
  });
});
