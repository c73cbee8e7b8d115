import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildMnistCnn } from './builders';
import { type LabelledImages, meanCrossEntropy, seededRandom, shuffledIndices, train } from './trainer';
import { registerWasmTrainingKernels } from './wasm-kernels';

beforeAll(async () => {
  tf.env().set('PROD', true);
  await tf.setBackend('wasm');
  registerWasmTrainingKernels();
});

// Class k: a bright 6x6 square at one of ten fixed places on a noisy 28x28 image; learnable in a few steps.
function squares(count: number, seed: number): LabelledImages {
  const rand = seededRandom(seed);
  const pixels = new Float32Array(count * 784);
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const k = Math.floor(rand() * 10);
    labels[i] = k;
    for (let p = 0; p < 784; p++) pixels[i * 784 + p] = rand() * 0.3;
    const [r0, c0] = [2 + 12 * Math.floor(k / 5), 1 + 5 * (k % 5)];
    for (let r = r0; r < r0 + 6; r++) for (let c = c0; c < c0 + 6 && c < 28; c++) pixels[i * 784 + r * 28 + c] = 1;
  }
  return { x: tf.tensor4d(pixels, [count, 28, 28, 1]), labels };
}

describe('seeded order', () => {
  it('shuffledIndices is a permutation fixed by its seed', () => {
    const a = shuffledIndices(50, 3);
    expect([...a].sort((p, q) => p - q)).toEqual([...Array(50).keys()]);
    expect([...shuffledIndices(50, 3)]).toEqual([...a]);
    expect([...shuffledIndices(50, 4)]).not.toEqual([...a]);
  });
});

describe('meanCrossEntropy', () => {
  it('is the batch mean of -log p(true class), clipped like Keras', () => {
    const p = tf.tensor2d([[0.7, 0.2, 0.1], [0, 1, 0]]);
    const y = tf.tensor2d([[1, 0, 0], [1, 0, 0]]);
    // Row 2 puts probability 0 on its class: clipped to 1e-7, -log(1e-7) = 16.118...
    const expected = (-Math.log(0.7) - Math.log(1e-7)) / 2;
    expect(meanCrossEntropy(p, y).dataSync()[0]).toBeCloseTo(expected, 4);
    tf.dispose([p, y]);
  });
});

describe('train (wasm backend, spec-B MNIST model)', () => {
  // A few seconds on the loaded 2-core CI box: three short trainings of a 420k-parameter model.
  it('learns a separable task, evaluates, and leaks no tensor across epochs or after the run', async () => {
    const data = squares(192, 1);
    const held = squares(96, 2);
    const model = buildMnistCnn(5);
    const before = tf.memory().numTensors;
    const seen: number[] = [];
    const result = await train(model, data, { epochs: 3, batchSize: 32, seed: 1, evalData: held, onBatch: (p) => seen.push(p.batch) });
    expect(result.stoppedBy).toBe('epochs');
    expect(result.imagesSeen).toBe(3 * 192);
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6]);
    expect(result.history.map((h) => h.tensors)).toEqual(Array(3).fill(result.history[0].tensors));
    expect(tf.memory().numTensors).toBe(before);
    expect(result.history[2].loss).toBeLessThan(result.history[0].loss);
    expect(result.evalAccuracy).toBeGreaterThan(0.9);
    model.dispose();
    tf.dispose([data.x, held.x]);
  });

  it('with a worker thread: learns, is reproducible, and leaks no tensor', async () => {
    const data = squares(192, 1);
    const held = squares(96, 2);
    const run = async () => {
      const model = buildMnistCnn(5);
      const before = tf.memory().numTensors;
      const result = await train(model, data, { epochs: 2, batchSize: 32, seed: 1, evalData: held, workers: 1 });
      expect(tf.memory().numTensors).toBe(before);
      const w = model.getWeights().map((t) => Array.from(t.dataSync()));
      model.dispose();
      return { result, w };
    };
    const a = await run();
    expect(a.result.imagesSeen).toBe(2 * 192);
    expect(a.result.evalAccuracy).toBeGreaterThan(0.9);
    expect((await run()).w).toEqual(a.w);
    tf.dispose([data.x, held.x]);
  });

  it('the same seed gives the same weights; another seed does not', async () => {
    const data = squares(64, 3);
    const weightsAfter = async (seed: number) => {
      const model = buildMnistCnn(seed);
      await train(model, data, { epochs: 1, batchSize: 32, seed });
      const w = model.getWeights().map((t) => Array.from(t.dataSync()));
      model.dispose();
      return w;
    };
    const a = await weightsAfter(7);
    expect(await weightsAfter(7)).toEqual(a);
    expect((await weightsAfter(8))[0]).not.toEqual(a[0]);
    data.x.dispose();
  });

  it.each(['adam', 'rmsprop', 'sgd'] as const)('learningRateDecay scales %s\'s steps after each epoch (0: the second epoch moves nothing)', async (optimizer) => {
    const data = squares(32, 4);
    const snapshots = async (decay: number) => {
      const model = buildMnistCnn(2);
      // weights after each epoch; dropout is fixed by the seed, so only the learning rate differs between runs
      const after: number[][] = [];
      await train(model, data, {
        epochs: 2, batchSize: 16, seed: 2, optimizer, learningRate: 1e-3, learningRateDecay: decay,
        onEpoch: () => after.push(Array.from(model.getWeights()[0].dataSync())),
      });
      model.dispose();
      return after;
    };
    const [frozen1, frozen2] = await snapshots(0);
    expect(frozen2).toEqual(frozen1);
    const [moving1, moving2] = await snapshots(1);
    expect(moving1).toEqual(frozen1);
    expect(moving2).not.toEqual(moving1);
    data.x.dispose();
  });

  it('a spent time budget stops between steps and reports it', async () => {
    const data = squares(64, 4);
    const model = buildMnistCnn(1);
    const result = await train(model, data, { epochs: 5, batchSize: 32, seed: 1, budgetSeconds: 0 });
    expect(result.stoppedBy).toBe('time');
    expect(result.imagesSeen).toBe(0);
    expect(result.history).toEqual([]);
    model.dispose();
    data.x.dispose();
  });

  it('a budget spent during an epoch stops before the next step and keeps the partial epoch', async () => {
    const data = squares(96, 6);
    const model = buildMnistCnn(1);
    let now = 0; // a fake clock: each step takes one second
    const result = await train(model, data, {
      epochs: 5, batchSize: 32, seed: 1, budgetSeconds: 4.5, clock: () => now, onBatch: () => (now += 1),
    });
    expect(result.stoppedBy).toBe('time');
    expect(result.imagesSeen).toBe(5 * 32);
    expect(result.history.map((h) => h.images)).toEqual([96, 64]);
    model.dispose();
    data.x.dispose();
  });

  it('rejects labels that do not match the images', async () => {
    const data = squares(8, 5);
    const model = buildMnistCnn(1);
    await expect(train(model, { x: data.x, labels: data.labels.subarray(0, 7) }, { epochs: 1, batchSize: 4, seed: 1 }))
      .rejects.toThrow('train: 8 images but 7 labels');
    model.dispose();
    data.x.dispose();
  });
});
