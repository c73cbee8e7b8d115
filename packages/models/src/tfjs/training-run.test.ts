import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type ImageArrays, runTraining } from './training-run';
import { seededRandom } from './trainer';

const dir = mkdtempSync(join(tmpdir(), 'gradient-training-run-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function images(n: number, seed: number): ImageArrays {
  const rand = seededRandom(seed);
  return {
    pixels: Float32Array.from({ length: n * 784 }, () => rand()),
    labels: Int32Array.from({ length: n }, (_, i) => i % 10),
    imageShape: [28, 28, 1],
  };
}

describe('runTraining', () => {
  it('times the training steps with the given clock: images/s = images seen / step time, evaluation excluded', async () => {
    // The fake clock moves only when a batch ends (0.5 s a batch): 40 images in batches of 16 are 3 batches an epoch.
    let now = 100;
    const lines: string[] = [];
    const tensorsBefore = tf.memory().numTensors;
    const [train, test] = [images(40, 1), images(20, 2)];
    const m = await runTraining({
      model: 'mnist-cnn', data: 'synthetic <40>', train, test, epochs: 2, batchSize: 16, seed: 5,
      backend: 'wasm', out: join(dir, 'run'), clock: () => now, onBatch: () => (now += 0.5), log: (l) => lines.push(l),
    });
    expect(lines).toEqual(['tfjs backend: wasm (forced by --backend)']);
    // the images stay in JS memory and go to the backend a batch at a time: nothing of them is left there
    expect([train.pixels.length, test.pixels.length]).toEqual([40 * 784, 20 * 784]);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    expect(m.imagesSeen).toBe(80);
    expect(m.performance.epochSeconds).toEqual([1.5, 1.5]);
    expect(m.performance.trainSeconds).toBe(3);
    expect(m.performance.wallSeconds).toBe(3);
    expect(m.performance.imagesPerSecond).toBeCloseTo(80 / 3, 12);
    expect(m.history.map((h) => h.epoch)).toEqual([1, 2]);
    expect(m.testAccuracy).toBe(m.history[1].testAccuracy);
    expect(JSON.parse(readFileSync(join(dir, 'run', 'metrics.json'), 'utf8'))).toEqual(m);
    expect(readFileSync(join(dir, 'run', 'curves.svg'), 'utf8')).toContain('<title>mnist-cnn on synthetic &lt;40&gt; (wasm, seed 5)</title>');
  }, 60_000);

  it('--optimizer rmsprop trains with RMSprop: recorded, and the run differs from Adam from the same seed', async () => {
    const run = (optimizer: 'adam' | 'rmsprop') => runTraining({
      model: 'mnist-cnn', data: 's', train: images(32, 1), epochs: 1, batchSize: 16, seed: 5, optimizer, backend: 'wasm',
      out: join(dir, optimizer), log: () => {},
    });
    const adam = await run('adam');
    const rmsprop = await run('rmsprop');
    expect([adam.optimizer, rmsprop.optimizer]).toEqual(['adam', 'rmsprop']);
    expect(rmsprop.finalTrainLoss).not.toBe(adam.finalTrainLoss);
    expect(rmsprop.testAccuracy).toBeNull();
  }, 60_000);

  it('refuses images the model does not take', async () => {
    await expect(runTraining({
      model: 'cifar-8layer', data: 'x', train: images(4, 1), epochs: 1, batchSize: 4, seed: 0, backend: 'wasm', out: join(dir, 'no'),
    })).rejects.toThrow('cifar-8layer takes 32x32x3 images, got 28x28x1');
  });
});
