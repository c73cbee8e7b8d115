import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCifar8Layer, buildCifarStrong, buildMnistCnn, buildMnistStrong } from './builders';
import { makeOptimizer, seededRandom, trainStep } from './trainer';
import { registerWasmTrainingKernels } from './wasm-kernels';

beforeAll(async () => {
  tf.env().set('PROD', true);
  await tf.setBackend('wasm');
  registerWasmTrainingKernels();
});

const layerList = (m: tf.LayersModel) => m.layers.map((l) => [l.getClassName(), l.outputShape, l.countParams()]);

describe('spec B model builders', () => {
  it('MNIST model: the exact layer list, shapes and parameter counts', () => {
    const m = buildMnistCnn(0);
    // Counted by hand: conv 5*5*1*32 + 32; pooled 12*12*32 = 4608 inputs to dense 128; dense 128*10 + 10.
    expect(layerList(m)).toEqual([
      ['Conv2D', [null, 24, 24, 32], 832],
      ['MaxPooling2D', [null, 12, 12, 32], 0],
      ['Dropout', [null, 12, 12, 32], 0],
      ['Flatten', [null, 4608], 0],
      ['Dense', [null, 128], 4608 * 128 + 128],
      ['Dense', [null, 10], 1290],
    ]);
    expect(m.countParams()).toBe(592_074);
    expect((m.layers[5].getConfig() as { activation: string }).activation).toBe('softmax');
    m.dispose();
  });

  it('CIFAR model: 8 layers after the input, BatchNormalization and a separate Softmax', () => {
    const m = buildCifar8Layer(0);
    // conv 7*7*3*32 + 32 = 4736; batchnorm 4*32 (gamma, beta, moving mean, moving variance);
    // 26x26 conv output pooled to 13*13*32 = 5408 inputs to dense 1024; dense 1024*10 + 10.
    expect(layerList(m)).toEqual([
      ['Conv2D', [null, 26, 26, 32], 4736],
      ['BatchNormalization', [null, 26, 26, 32], 128],
      ['MaxPooling2D', [null, 13, 13, 32], 0],
      ['Flatten', [null, 5408], 0],
      ['Dense', [null, 1024], 5408 * 1024 + 1024],
      ['Dense', [null, 10], 10_250],
      ['Softmax', [null, 10], 0],
    ]);
    m.dispose();
  });

  it('strong models end in 10 probabilities', () => {
    for (const [build, shape] of [[buildMnistStrong, [2, 28, 28, 1]], [buildCifarStrong, [2, 32, 32, 3]]] as const) {
      const m = build(0);
      const p = tf.tidy(() => m.predict(tf.zeros([...shape])) as tf.Tensor);
      expect(p.shape).toEqual([2, 10]);
      expect(Array.from(tf.tidy(() => p.sum(-1)).dataSync()).map((v) => Math.round(v * 1e5) / 1e5)).toEqual([1, 1]);
      tf.dispose(p);
      m.dispose();
    }
  });

  it('the same seed builds the same weights', () => {
    const w = (seed: number) => {
      const m = buildMnistCnn(seed);
      const out = m.getWeights().map((t) => Array.from(t.dataSync()));
      m.dispose();
      return out;
    };
    expect(w(3)).toEqual(w(3));
    expect(w(3)[0]).not.toEqual(w(4)[0]);
  });
});

describe('one hand-written RMSprop step (spec B) on wasm matches the cpu backend', () => {
  // Same seeded model and batch on both backends. float32 sums in another order differ by ~1e-6 relative.
  // RMSprop's first step lr * g / sqrt(0.1 g^2 + 1e-7) is at most lr * sqrt(10) ~ 3.2e-3 but, near g = 0,
  // multiplies a gradient difference by up to lr / sqrt(1e-7) ~ 3.2: the cifar conv kernel's gradients
  // (sums of thousands of terms through batchnorm) then differ by up to ~3e-5 after the step. 2e-4 is 6% of a
  // full step: a wrong kernel moves whole filters by a full step and fails.
  for (const [name, build, shape] of [
    ['mnist-cnn', buildMnistCnn, [8, 28, 28, 1]],
    ['cifar-8layer', buildCifar8Layer, [2, 32, 32, 3]],
  ] as const) {
    it(name, async () => {
      const rand = seededRandom(11);
      const x = Float32Array.from({ length: (shape as readonly number[]).reduce((a, b) => a * b, 1) }, () => rand());
      const labels = Array.from({ length: shape[0] }, (_, i) => i % 10);
      const run = async (backend: string) => {
        await tf.setBackend(backend);
        const model = build(2);
        const opt = makeOptimizer('rmsprop', 1e-3);
        const xs = tf.tensor4d(x, [...shape]);
        const ys = tf.oneHot(tf.tensor1d(labels, 'int32'), 10);
        const { loss } = trainStep(model, opt, xs, ys, 0);
        const weights = model.getWeights().map((t) => t.dataSync() as Float32Array);
        tf.dispose([xs, ys]);
        opt.dispose();
        model.dispose();
        return { loss, weights };
      };
      const cpu = await run('cpu');
      const wasm = await run('wasm');
      expect(Math.abs(wasm.loss - cpu.loss)).toBeLessThan(1e-5 * Math.max(1, cpu.loss));
      wasm.weights.forEach((w, k) => {
        let worst = 0;
        w.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - cpu.weights[k][i]))));
        expect(worst, `weight ${k}`).toBeLessThan(2e-4);
      });
    });
  }
});
