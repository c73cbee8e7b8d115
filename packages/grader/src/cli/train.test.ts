import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NpyArray, writeNpyFile } from '@gradient/tensor';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT, gradientCli } from './test-process';
import { trainCommand, type TrainCommandOptions } from './train';
import { loadTrainingData } from './train-data';

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const f of cleanup.splice(0)) f();
});

function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gradient-train-test-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function tfjsNodeBuilt(): boolean {
  const lib = join(ROOT, 'packages', 'models', 'node_modules', '@tensorflow', 'tfjs-node', 'lib');
  return existsSync(lib) && readdirSync(lib).some((d) => existsSync(join(lib, d, 'tfjs_binding.node')));
}

const defaults: TrainCommandOptions = { data: 'mnist', epochs: '1', batch: '64', seed: '0' };

describe('gradient train: arguments and data are checked before tfjs loads', () => {
  it('an unknown model is one line naming the shipped models, exit code 2', async () => {
    const r = await gradientCli(['train', 'resnet', '--data', 'mnist']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain("unknown model 'resnet'");
    expect(r.stderr).toContain('mnist-cnn, mnist-strong, cifar-8layer, cifar-strong');
  });

  it('an unknown data set names the built-in ones and the folder kinds', async () => {
    await expect(trainCommand('mnist-cnn', { ...defaults, data: 'imagenet-nope' })).rejects.toThrow(/unknown data set 'imagenet-nope'/);
    await expect(trainCommand('mnist-cnn', { ...defaults, data: 'imagenet-nope' })).rejects.toMatchObject({
      expected: expect.stringContaining('mnist, fashion-mnist, cifar10 or a folder'),
    });
    const empty = scratch();
    await expect(trainCommand('mnist-cnn', { ...defaults, data: empty })).rejects.toThrow(/no data set in this folder/);
  });

  it("CIFAR-10 without its folder gives the datasets package's message (how to name the folder, which files are missing)", async () => {
    const saved = process.env.GRADIENT_CIFAR10_DIR;
    delete process.env.GRADIENT_CIFAR10_DIR;
    try {
      await expect(trainCommand('cifar-8layer', { ...defaults, data: 'cifar10' })).rejects.toMatchObject({
        code: 'E_DATA_MISSING', expected: expect.stringContaining('--cifar10-dir) or GRADIENT_CIFAR10_DIR'),
      });
      const dir = scratch();
      writeFileSync(join(dir, 'data_batch_1.bin'), new Uint8Array(3073));
      await expect(trainCommand('cifar-8layer', { ...defaults, data: 'cifar10', cifar10Dir: dir })).rejects.toThrow(/missing data_batch_2.bin, data_batch_3.bin/);
    } finally {
      if (saved !== undefined) process.env.GRADIENT_CIFAR10_DIR = saved;
    }
  });

  it('a model whose input the data does not fit names the models that fit', async () => {
    await expect(trainCommand('cifar-8layer', { ...defaults, data: 'mnist', limit: '10', testLimit: '0' })).rejects.toMatchObject({
      message: 'cifar-8layer takes 32x32x3 images but mnist holds 28x28x1 images',
      expected: 'a model for 28x28x1 images: mnist-cnn, mnist-strong',
    });
  });

  // Where tfjs-node's install script ran (a GPU runner), node loads and this case does not arise.
  it.skipIf(tfjsNodeBuilt())('a backend that does not load is one line and exit code 2 (tfjs-node without its native addon)', async () => {
    const r = await gradientCli(['train', 'mnist-cnn', '--data', 'mnist', '--limit', '8', '--test-limit', '0', '--backend', 'node', '--out', scratch()]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('gradient: --backend node but it failed to load: @tensorflow/tfjs-node is installed without its native addon');
  });

  it('bad counts and backends are argument errors', async () => {
    await expect(trainCommand('mnist-cnn', { ...defaults, epochs: '0' })).rejects.toMatchObject({ path: '--epochs' });
    await expect(trainCommand('mnist-cnn', { ...defaults, limit: '2.5' })).rejects.toMatchObject({ path: '--limit' });
    await expect(trainCommand('mnist-cnn', { ...defaults, optimizer: 'sgd' })).rejects.toMatchObject({ path: '--optimizer', expected: 'adam or rmsprop' });
    await expect(trainCommand('mnist-cnn', { ...defaults, backend: 'tpu' })).rejects.toMatchObject({
      path: '--backend', expected: 'one of node-gpu, node, wasm, cpu',
    });
  });
});

describe('gradient train: data folders', () => {
  it('CIFAR-10 binary records (CHW) become HWC pixels / 255 (hand-placed bytes)', () => {
    const dir = scratch();
    const record = (label: number, fill: (c: number, p: number) => number) => {
      const r = new Uint8Array(3073);
      r[0] = label;
      for (let c = 0; c < 3; c++) for (let p = 0; p < 1024; p++) r[1 + c * 1024 + p] = fill(c, p);
      return r;
    };
    const batch = Buffer.concat([record(7, (c, p) => (c * 50 + p) % 256), record(2, (c) => 255 * (c === 2 ? 1 : 0))]);
    for (const f of ['data_batch_1.bin', 'data_batch_2.bin', 'data_batch_3.bin', 'data_batch_4.bin', 'data_batch_5.bin', 'test_batch.bin']) {
      writeFileSync(join(dir, f), batch);
    }
    const data = loadTrainingData(dir, { limit: 3, testLimit: 1 });
    expect(data.train.imageShape).toEqual([32, 32, 3]);
    expect(Array.from(data.train.labels)).toEqual([7, 2, 7]);
    expect(data.test!.labels.length).toBe(1);
    // image 0, pixel (row 1, col 3) = p 35, channel 1 (green): (50 + 35) / 255
    expect(data.train.pixels[(1 * 32 + 3) * 3 + 1]).toBe(Math.fround(85 / 255));
    // image 1 is pure blue
    expect(Array.from(data.train.pixels.subarray(3072, 3072 + 6))).toEqual([0, 0, 1, 0, 0, 1]);
  });

  it('course .npy sets: uint8 [N, 28, 28] X is scaled by 1/255, the test set is public_test', () => {
    const dir = scratch();
    const x = (n: number) => new NpyArray('|u1', [n, 28, 28], Uint8Array.from({ length: n * 784 }, (_, i) => i % 256));
    writeNpyFile(join(dir, 'train_X.npy'), x(4));
    writeNpyFile(join(dir, 'train_y.npy'), new NpyArray('<i4', [4], Int32Array.from([3, 1, 4, 1])));
    writeNpyFile(join(dir, 'public_test_X.npy'), x(2));
    writeNpyFile(join(dir, 'public_test_y.npy'), new NpyArray('<i4', [2], Int32Array.from([5, 9])));
    const data = loadTrainingData(dir, { limit: 3 });
    expect(data.train.imageShape).toEqual([28, 28, 1]);
    expect(Array.from(data.train.labels)).toEqual([3, 1, 4]);
    expect(Array.from(data.test!.labels)).toEqual([5, 9]);
    expect(data.train.pixels[300]).toBe(Math.fround(44 / 255));
  });
});

interface Metrics { performance: unknown; [key: string]: unknown }

// Three short CLI runs (96 images, 2 epochs, wasm) in child processes: each is about 3-5 s on a loaded 2-core box.
describe('gradient train: a run', () => {
  const run = async (out: string, seed: string) => {
    const r = await gradientCli(['train', 'mnist-cnn', '--data', 'mnist', '--limit', '96', '--test-limit', '64', '--epochs', '2',
      '--batch', '32', '--seed', seed, '--backend', 'wasm', '--out', out]);
    expect(r.code, r.output).toBe(0);
    return { r, metrics: JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')) as Metrics };
  };

  it('writes metrics.json and curves.svg, shows the progress line; same seed and backend give the same metrics apart from timings', async () => {
    const dir = scratch();
    mkdirSync(dir, { recursive: true });
    const a = await run(join(dir, 'a'), '3');
    const b = await run(join(dir, 'b'), '3');
    const c = await run(join(dir, 'c'), '4');
    expect(a.r.stderr).toContain('tfjs backend: wasm (forced by --backend');
    expect(a.r.stderr).toMatch(/epoch 2\/2 \[#+\] 3\/3 loss \d\.\d{4} acc [\d.]+% \d+ img\/s/);
    expect(a.r.stdout).toMatch(/mnist-cnn on mnist: 192 images .* test accuracy [\d.]+% on 64 images/);
    const m = a.metrics;
    expect(m).toMatchObject({ model: 'mnist-cnn', data: 'mnist', backend: 'wasm', seed: 3, epochs: 2, epochsRun: 2, trainImages: 96, testImages: 64, imagesSeen: 192 });
    expect(m.history).toHaveLength(2);
    expect(m.performance).toMatchObject({ wallSeconds: expect.any(Number), imagesPerSecond: expect.any(Number), peakRssMB: expect.any(Number) });
    expect(Number.isFinite(m.finalTrainLoss)).toBe(true);
    const { performance: _a, ...restA } = a.metrics;
    const { performance: _b, ...restB } = b.metrics;
    const { performance: _c, ...restC } = c.metrics;
    expect(restB).toEqual(restA);
    // another seed changes the run, so the equality above is not vacuous
    expect(restC.finalTrainLoss).not.toBe(restA.finalTrainLoss);
    const svg = readFileSync(join(dir, 'a', 'curves.svg'), 'utf8');
    expect(svg).toContain('<title>mnist-cnn on mnist (wasm, seed 3)</title>');
    expect(svg).toMatch(/<polyline[^>]+points="[^"]+"/);
  }, 90_000);
});
