import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerWasmTrainingKernels } from './wasm-kernels';

// Deterministic values in [-1, 1) from a small LCG, so both backends get the same float32 inputs.
function values(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

type backendPad = [[number, number], [number, number], [number, number], [number, number]];
const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

async function onBackend(name: 'cpu' | 'wasm', f: () => tf.Tensor | tf.Tensor[]): Promise<Float32Array[]> {
  await tf.setBackend(name);
  const outs = tf.tidy(() => {
    const r = f();
    return Array.isArray(r) ? r : [r];
  });
  const data = outs.map((t) => t.dataSync() as Float32Array);
  tf.dispose(outs);
  return data;
}

// float32 results summed in a different order: each entry is a sum of at most a few hundred products of
// values in [-1, 1), so rounding stays below ~1e-5 of the result's largest entry; a wrong offset, padding
// or transposition changes entries by O(1).
function expectClose(wasm: Float32Array[], cpu: Float32Array[]) {
  expect(wasm.length).toBe(cpu.length);
  cpu.forEach((ref, k) => {
    expect(wasm[k].length).toBe(ref.length);
    const scale = Math.max(1, ...ref.map(Math.abs));
    let worst = 0;
    ref.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - wasm[k][i]))));
    expect(worst / scale).toBeLessThan(1e-4);
  });
}

async function compare(f: () => tf.Tensor | tf.Tensor[]) {
  const cpu = await onBackend('cpu', f);
  const wasm = await onBackend('wasm', f);
  expectClose(wasm, cpu);
}

beforeAll(async () => {
  tf.env().set('PROD', true);
  await tf.setBackend('wasm');
  registerWasmTrainingKernels();
});

describe('Conv2DBackpropFilter and Conv2DBackpropInput on wasm', () => {
  // [x shape NHWC, filter h, w, out channels, strides, pad]
  const cases: [number[], number, number, number, [number, number], 'valid' | 'same'][] = [
    [[2, 6, 6, 1], 3, 3, 2, [1, 1], 'valid'],
    [[2, 6, 6, 2], 3, 3, 3, [1, 1], 'same'],
    [[3, 7, 7, 2], 3, 3, 2, [2, 2], 'valid'], // (7-3)/2 exact
    [[2, 8, 8, 2], 3, 3, 2, [2, 2], 'valid'], // remainder: the last row and column never reached
    [[2, 8, 7, 3], 5, 3, 2, [2, 1], 'same'],
    [[1, 9, 9, 1], 2, 2, 4, [3, 3], 'valid'],
    [[2, 7, 9, 2], 4, 2, 3, [3, 2], 'same'],
    [[2, 5, 5, 1], 5, 5, 2, [1, 1], 'valid'], // output 1x1
  ];
  for (const [xShape, fh, fw, cout, strides, pad] of cases) {
    const label = `x ${xShape} filter ${fh}x${fw}x${cout} strides ${strides} ${pad}`;
    const wShape = [fh, fw, xShape[3], cout] as [number, number, number, number];
    it(`kernel and conv2d gradient match cpu: ${label}`, async () => {
      const x = () => tf.tensor4d(values(size(xShape), 1), xShape as [number, number, number, number]);
      const w = () => tf.tensor4d(values(size(wShape), 2), wShape);
      const dyShape = tf.backend_util.computeConv2DInfo(xShape as [number, number, number, number], wShape, strides, 1, pad).outShape;
      const dy = () => tf.tensor(values(size(dyShape), 3), dyShape);
      // The kernel itself, then both gradients of a conv2d through tf.grads.
      await compare(() => tf.engine().runKernel('Conv2DBackpropFilter', { x: x(), dy: dy() },
        { strides, pad, dataFormat: 'NHWC', filterShape: wShape }) as tf.Tensor);
      await compare(() => tf.engine().runKernel('Conv2DBackpropInput', { dy: dy(), filter: w() },
        { strides, pad, dataFormat: 'NHWC', inputShape: xShape }) as tf.Tensor);
      await compare(() => tf.grads((a: tf.Tensor, b: tf.Tensor) =>
        tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, strides, pad).mul(dy()).sum())([x(), w()]));
    });
  }

  it('the kernel is really the registered one (wasm ships none)', () => {
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
  });

  it('an explicit padding wider than the filter goes to wasm\'s own input-gradient kernel, with the same result', async () => {
    const xShape: [number, number, number, number] = [1, 4, 4, 2];
    const wShape: [number, number, number, number] = [2, 2, 2, 3];
    const pad: backendPad = [[0, 0], [3, 1], [2, 2], [0, 0]];
    const dyShape = tf.backend_util.computeConv2DInfo(xShape, wShape, 1, 1, pad as never).outShape;
    await compare(() => tf.engine().runKernel('Conv2DBackpropInput',
      { dy: tf.tensor(values(size(dyShape), 3), dyShape), filter: tf.tensor4d(values(size(wShape), 2), wShape) },
      { strides: 1, pad, dataFormat: 'NHWC', inputShape: xShape }) as tf.Tensor);
  });
});

describe('BatchMatMul and _FusedMatMul with transposed operands on wasm', () => {
  const cases: [number[], number[], boolean, boolean][] = [
    [[5, 3], [5, 4], true, false],
    [[3, 5], [4, 5], false, true],
    [[5, 3], [4, 5], true, true],
    [[3, 5], [5, 4], false, false],
    [[2, 5, 3], [2, 4, 5], true, true], // batched
  ];
  for (const [aShape, bShape, ta, tb] of cases) {
    it(`matMul ${aShape} x ${bShape} transposeA=${ta} transposeB=${tb}, forward and gradients`, async () => {
      const a = () => tf.tensor(values(size(aShape), 4), aShape);
      const b = () => tf.tensor(values(size(bShape), 5), bShape);
      await compare(() => tf.matMul(a(), b(), ta, tb));
      const outShape = tf.matMul(tf.zeros(aShape), tf.zeros(bShape), ta, tb).shape;
      const dy = () => tf.tensor(values(size(outShape), 6), outShape);
      await compare(() => tf.grads((p: tf.Tensor, q: tf.Tensor) => tf.matMul(p, q, ta, tb).mul(dy()).sum())([a(), b()]));
      if (aShape.length === 2) {
        const bias = () => tf.tensor1d(values(outShape[1]!, 7));
        await compare(() => tf.fused.matMul({ a: a(), b: b(), transposeA: ta, transposeB: tb, bias: bias(), activation: 'relu' }));
        await compare(() => tf.grads((p: tf.Tensor, q: tf.Tensor) =>
          tf.fused.matMul({ a: p as tf.Tensor2D, b: q as tf.Tensor2D, transposeA: ta, transposeB: tb, bias: bias(), activation: 'relu' })
            .mul(dy()).sum())([a(), b()]));
      }
    });
  }
});

describe('MaxPoolGrad on wasm', () => {
  // [x shape, pool, strides, pad]; inputs are rounded so windows hold ties, which the cpu kernel resolves
  // to the first maximum in row-major window order.
  const cases: [number[], [number, number], [number, number], 'valid' | 'same'][] = [
    [[2, 4, 4, 3], [2, 2], [2, 2], 'valid'],
    [[2, 7, 5, 2], [2, 2], [2, 2], 'valid'], // remainder row and column get no gradient
    [[1, 6, 6, 2], [2, 2], [2, 2], 'same'], // divisible: no padding, the fast path
    [[2, 6, 9, 1], [2, 3], [2, 3], 'valid'],
    [[1, 5, 5, 2], [2, 2], [2, 2], 'same'], // padded: the original kernel
    [[1, 7, 7, 2], [3, 3], [2, 2], 'valid'], // overlapping: the original kernel
  ];
  for (const [xShape, pool, strides, pad] of cases) {
    for (const ties of [false, true]) {
      it(`gradient of maxPool ${pool} strides ${strides} ${pad} on x ${xShape}${ties ? ' with ties' : ''} matches cpu`, async () => {
        const raw = values(size(xShape), 8);
        const x = () => tf.tensor4d(ties ? raw.map((v) => Math.max(0, Math.round(v * 2))) : raw, xShape as [number, number, number, number]);
        const outShape = tf.backend_util.computePool2DInfo(xShape as [number, number, number, number], pool, strides, 1, pad).outShape;
        const dy = () => tf.tensor(values(size(outShape), 9), outShape);
        await compare(() => tf.grad((a: tf.Tensor) => tf.maxPool(a as tf.Tensor4D, pool, strides, pad).mul(dy()).sum())(x()));
      });
    }
  }
});

describe('Tile on wasm', () => {
  // [shape, reps]; batch norm's gradient tiles [1,1,1,C] to [N,H,W,1]
  const cases: [number[], number[]][] = [
    [[1, 1, 1, 3], [2, 4, 5, 1]],
    [[2, 3], [3, 2]],
    [[4], [3]],
    [[2, 1, 3], [1, 4, 2]],
    [[3, 2], [1, 1]],
    [[2, 2], [0, 3]], // empty result
  ];
  for (const [shape, reps] of cases) {
    for (const dtype of ['float32', 'int32', 'bool'] as const) {
      it(`tile ${dtype} ${shape} by ${reps} matches cpu`, async () => {
        const raw = values(size(shape), 10);
        const x = () => dtype === 'float32' ? tf.tensor(raw, shape)
          : dtype === 'int32' ? tf.tensor(raw.map((v) => Math.round(v * 100)), shape, 'int32')
          : tf.tensor(raw.map((v) => (v > 0 ? 1 : 0)), shape, 'bool');
        const cpu = await onBackend('cpu', () => tf.tile(x(), reps));
        const wasm = await onBackend('wasm', () => tf.tile(x(), reps));
        expect(Array.from(wasm[0])).toEqual(Array.from(cpu[0]));
      });
    }
  }

  it('the gradient of batch norm, which tiles, matches cpu', async () => {
    const xShape = [3, 4, 5, 6];
    const x = () => tf.tensor4d(values(size(xShape), 11), xShape as [number, number, number, number]);
    const p = (seed: number, shift = 0) => () => tf.tensor1d(values(6, seed).map((v) => v + shift));
    const dy = () => tf.tensor(values(size(xShape), 12), xShape);
    await compare(() => tf.grads((a: tf.Tensor, m: tf.Tensor, v: tf.Tensor, g: tf.Tensor, o: tf.Tensor) =>
      tf.batchNorm(a, m, v, o, g, 1e-3).mul(dy()).sum())([x(), p(13)(), p(14, 2)(), p(15)(), p(16)()]));
  });
});
