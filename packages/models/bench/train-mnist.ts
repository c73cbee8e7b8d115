// Benchmark (not a unit test): one pass of spec B's MNIST model (batch 64, Adam 1e-3) over the first N real
// MNIST training images, on wasm with this package's kernels, on wasm with one worker thread computing half
// of each batch (both cores), on wasm with only the missing filter gradient (what the other kernels gain),
// on the pure-JS cpu backend (a smaller slice: it is ~40x slower), and on PyTorch CPU with 1 and 2 threads when Debian's python3-torch is installed. Each runs in its own process,
// one after the other, so peak RSS is per backend. The cpu child also trains wasm on its slice with the
// same seed and reports how far the two backends' weights drift apart.
//   pnpm --filter @gradient/models bench:train [--images 2000] [--cpu-images 256] [--ablation-images 512] [--test 2000]
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { mnistDataDir, readMnist } from '@gradient/datasets';
import { defaultLoaders } from '../src/tfjs/backend';
import { buildMnistCnn } from '../src/tfjs/builders';
import { type LabelledImages, train } from '../src/tfjs/trainer';
import { registerWasmTrainingKernels } from '../src/tfjs/wasm-kernels';

const args = process.argv.slice(2);
const opt = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const BATCH = 64;
const SEED = 1;

function mnist(split: 'train' | 'test', count: number): LabelledImages {
  const set = readMnist(split);
  const pixels = new Float32Array(count * 784);
  for (let i = 0; i < pixels.length; i++) pixels[i] = set.pixels[i] / 255;
  return { x: tf.tensor4d(pixels, [count, 28, 28, 1]), labels: Int32Array.from(set.labels.subarray(0, count)) };
}

async function pass(images: number, testCount: number, workers = 0) {
  const data = mnist('train', images);
  const test = testCount > 0 ? mnist('test', testCount) : undefined;
  const model = buildMnistCnn(SEED);
  const r = await train(model, data, { workers, epochs: 1, batchSize: BATCH, seed: SEED, optimizer: 'adam', learningRate: 1e-3, evalData: test });
  const weights = model.getWeights().map((t) => t.dataSync() as Float32Array);
  return { images, seconds: r.seconds, imagesPerSecond: r.imagesPerSecond, finalLoss: r.finalLoss, testAccuracy: r.evalAccuracy, weights };
}

const peakRssMB = () => Math.round(process.resourceUsage().maxRSS / 1024);

async function child(mode: string) {
  tf.env().set('PROD', true);
  if (mode === 'wasm' || mode === 'wasm-conv-only' || mode === 'wasm-worker') {
    await import('@tensorflow/tfjs-backend-wasm');
    await tf.setBackend('wasm');
    registerWasmTrainingKernels(mode === 'wasm-conv-only' ? ['Conv2DBackpropFilter'] : undefined);
    const { weights: _, ...r } = await pass(opt('images', 2000), mode === 'wasm-conv-only' ? 0 : opt('test', 2000), mode === 'wasm-worker' ? 1 : 0);
    return { backend: mode, ...r, peakRssMB: peakRssMB() };
  }
  await defaultLoaders.cpu();
  const images = opt('images', 256);
  const cpu = await pass(images, 0);
  const rss = peakRssMB();
  await defaultLoaders.wasm();
  const wasm = await pass(images, 0);
  let drift = 0;
  let scale = 0;
  cpu.weights.forEach((w, k) => w.forEach((v, i) => {
    drift = Math.max(drift, Math.abs(v - wasm.weights[k][i]));
    scale = Math.max(scale, Math.abs(v));
  }));
  return {
    backend: 'cpu', images, seconds: cpu.seconds, imagesPerSecond: cpu.imagesPerSecond, finalLoss: cpu.finalLoss, peakRssMB: rss,
    wasmVsCpu: { steps: Math.ceil(images / BATCH), maxAbsWeightDiff: drift, maxAbsWeight: scale, lossCpu: cpu.finalLoss, lossWasm: wasm.finalLoss },
  };
}

function runChild(mode: string, extra: string[]): Record<string, unknown> {
  const out = execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', mode, ...extra],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(out.trim().split('\n').at(-1)!);
}

function torch(images: number, threads: number, test: number): Record<string, unknown> | string {
  const py = '/usr/bin/python3';
  if (!existsSync(py)) return 'skipped: no /usr/bin/python3';
  try {
    execFileSync(py, ['-c', 'import torch'], { stdio: 'ignore' });
  } catch {
    return 'skipped: Debian python3-torch is not installed (apt-get install python3-torch)';
  }
  const script = fileURLToPath(new URL('./torch_mnist.py', import.meta.url));
  return JSON.parse(execFileSync(py, [script, mnistDataDir(), String(images), String(threads), String(test)], { encoding: 'utf8' }));
}

const childAt = args.indexOf('--child');
if (childAt >= 0) {
  console.log(JSON.stringify(await child(args[childAt + 1])));
} else {
  const images = opt('images', 2000);
  const test = opt('test', 2000);
  const results: Record<string, unknown> = {};
  results.wasm = runChild('wasm', ['--images', String(images), '--test', String(test)]);
  results.wasmWorker = runChild('wasm-worker', ['--images', String(images), '--test', String(test)]);
  results.wasmConvOnly = runChild('wasm-conv-only', ['--images', String(opt('ablation-images', 512))]);
  results.cpu = runChild('cpu', ['--images', String(opt('cpu-images', 256))]);
  results.torch1 = torch(images, 1, test);
  results.torch2 = torch(images, 2, test);
  const ips = (r: unknown) => (typeof r === 'object' && r ? (r as { imagesPerSecond: number }).imagesPerSecond : NaN);
  const w = ips(results.wasm);
  const bestTorch = Math.max(ips(results.torch1) || 0, ips(results.torch2) || 0);
  console.log(JSON.stringify(results, null, 2));
  console.log(`wasm ${w.toFixed(0)} images/s; wasm/cpu speed ${(w / ips(results.cpu)).toFixed(1)}x; ` +
    `one worker thread (data parallel, both cores) gains ${(ips(results.wasmWorker) / w).toFixed(2)}x; ` +
    `training kernels gain ${(w / ips(results.wasmConvOnly)).toFixed(2)}x over the filter gradient alone; ` +
    (bestTorch > 0 ? `wasm takes ${(bestTorch / w).toFixed(2)}x the time of PyTorch CPU (the faster of 1 and 2 threads)` : 'PyTorch skipped'));
}
