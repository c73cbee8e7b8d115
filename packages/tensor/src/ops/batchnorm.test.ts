import { describe, expect, it } from 'vitest';
import { evalNumericalGradientArray, relError } from '../core/gradcheck';
import { clone, map, sizeOf, tensor, zeros, type Tensor } from '../core/tensor';
import { RandomState } from '../random/random-state';
import {
  batchnormBackward,
  batchnormForward,
  spatialBatchnormBackward,
  spatialBatchnormForward,
  type BatchnormParams,
} from './batchnorm';


/** Second implementation of the train-mode forward pass, column by column with get/set. */
function naiveTrain(x: Tensor, gamma: Tensor, beta: Tensor, eps: number, momentum: number, rm: Tensor, rv: Tensor) {
  const [n, d] = x.shape;
  const out = zeros([n, d]);
  const runningMean = zeros([d]);
  const runningVar = zeros([d]);
  for (let j = 0; j < d; j++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += x.get(i, j) / n;
    let variance = 0;
    for (let i = 0; i < n; i++) variance += (x.get(i, j) - mean) ** 2 / n;
    for (let i = 0; i < n; i++) out.set(i, j, (gamma.get(j) * (x.get(i, j) - mean)) / Math.sqrt(variance + eps) + beta.get(j));
    runningMean.set(j, momentum * rm.get(j) + (1 - momentum) * mean);
    runningVar.set(j, momentum * rv.get(j) + (1 - momentum) * variance);
  }
  return { out, runningMean, runningVar };
}

function naiveTest(x: Tensor, gamma: Tensor, beta: Tensor, eps: number, rm: Tensor, rv: Tensor): Tensor {
  const [n, d] = x.shape;
  const out = zeros([n, d]);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) out.set(i, j, (gamma.get(j) * (x.get(i, j) - rm.get(j))) / Math.sqrt(rv.get(j) + eps) + beta.get(j));
  }
  return out;
}

/** Second implementation of the spatial train-mode forward: statistics per channel over n, h, w. */
function naiveSpatialTrain(x: Tensor, gamma: Tensor, beta: Tensor, eps: number): Tensor {
  const [n, h, w, c] = x.shape;
  const out = zeros(x.shape);
  const count = n * h * w;
  for (let ch = 0; ch < c; ch++) {
    let mean = 0;
    for (let a = 0; a < n; a++) for (let b = 0; b < h; b++) for (let e = 0; e < w; e++) mean += x.get(a, b, e, ch) / count;
    let variance = 0;
    for (let a = 0; a < n; a++) for (let b = 0; b < h; b++) for (let e = 0; e < w; e++) variance += (x.get(a, b, e, ch) - mean) ** 2 / count;
    for (let a = 0; a < n; a++) {
      for (let b = 0; b < h; b++) {
        for (let e = 0; e < w; e++) out.set(a, b, e, ch, (gamma.get(ch) * (x.get(a, b, e, ch) - mean)) / Math.sqrt(variance + eps) + beta.get(ch));
      }
    }
  }
  return out;
}

describe('batchnormForward', () => {
  it.each([
    [1, 1],
    [1, 4],
    [6, 1],
    [7, 3],
    [20, 5],
  ])('train mode matches a column-by-column loop on [%i, %i], running stats included', (n, d) => {
    const rng = new RandomState(n * 10 + d);
    const x = map(rng.randn(n, d), (v) => 3 * v + 5);
    const gamma = rng.randn(d);
    const beta = rng.randn(d);
    const rm = rng.randn(d);
    const rv = map(rng.rand(d), (v) => v + 0.5);
    const params = { mode: 'train' as const, eps: 1e-3, momentum: 0.7, runningMean: rm, runningVar: rv };
    const [out, , running] = batchnormForward(x, gamma, beta, params);
    const want = naiveTrain(x, gamma, beta, 1e-3, 0.7, rm, rv);
    expect(relError(out, want.out)).toBeLessThan(1e-11);
    expect(relError(running.runningMean, want.runningMean)).toBeLessThan(1e-12);
    expect(relError(running.runningVar, want.runningVar)).toBeLessThan(1e-12);
  });

  it('defaults: eps 1e-5, momentum 0.9, running stats starting at zeros', () => {
    const rng = new RandomState(8);
    const x = rng.randn(5, 3);
    const gamma = rng.randn(3);
    const beta = rng.randn(3);
    const [out, , running] = batchnormForward(x, gamma, beta, { mode: 'train' });
    const want = naiveTrain(x, gamma, beta, 1e-5, 0.9, zeros([3]), zeros([3]));
    expect(relError(out, want.out)).toBeLessThan(1e-11);
    expect(relError(running.runningMean, want.runningMean)).toBeLessThan(1e-12);
    expect(relError(running.runningVar, want.runningVar)).toBeLessThan(1e-12);
  });

  it('a hand-computed column: x = [1, 3] has mean 2 and biased variance 1, so xhat = -+1/sqrt(1 + eps)', () => {
    const [out] = batchnormForward(tensor([1, 3], [2, 1]), tensor([2], [1]), tensor([10], [1]), { mode: 'train', eps: 0.44 });
    // sqrt(1 + 0.44) = 1.2; out = 2 * (-+1 / 1.2) + 10
    expect(out.get(0, 0)).toBeCloseTo(10 - 2 / 1.2, 14);
    expect(out.get(1, 0)).toBeCloseTo(10 + 2 / 1.2, 14);
  });

  it('test mode matches the loop with the running stats and returns them unchanged', () => {
    const rng = new RandomState(9);
    const x = rng.randn(4, 6);
    const gamma = rng.randn(6);
    const beta = rng.randn(6);
    const rm = rng.randn(6);
    const rv = rng.rand(6);
    const [out, , running] = batchnormForward(x, gamma, beta, { mode: 'test', runningMean: rm, runningVar: rv });
    expect(relError(out, naiveTest(x, gamma, beta, 1e-5, rm, rv))).toBeLessThan(1e-11);
    expect(Array.from(running.runningMean.data)).toEqual(Array.from(rm.data));
    expect(running.runningMean).not.toBe(rm);
  });

  it('never modifies the running stats passed in', () => {
    const rng = new RandomState(10);
    const rm = rng.randn(3);
    const rv = rng.rand(3);
    const [rmBefore, rvBefore] = [Array.from(rm.data), Array.from(rv.data)];
    batchnormForward(rng.randn(4, 3), rng.randn(3), rng.randn(3), { mode: 'train', runningMean: rm, runningVar: rv });
    expect(Array.from(rm.data)).toEqual(rmBefore);
    expect(Array.from(rv.data)).toEqual(rvBefore);
  });

  it('running stats approach the data\'s mean and variance over many train steps', () => {
    const rng = new RandomState(11);
    const gamma = tensor([1, 1], [2]);
    const beta = zeros([2]);
    let stats = { runningMean: zeros([2]), runningVar: zeros([2]) };
    for (let step = 0; step < 200; step++) {
      // column 0 ~ N(2, 3^2), column 1 ~ N(-1, 0.5^2)
      const x = rng.randn(100, 2);
      for (let i = 0; i < 100; i++) {
        x.set(i, 0, 2 + 3 * x.get(i, 0));
        x.set(i, 1, -1 + 0.5 * x.get(i, 1));
      }
      stats = batchnormForward(x, gamma, beta, { mode: 'train', ...stats })[2];
    }
    // momentum 0.9 averages over ~10 batches of 100 rows: the mean's standard error is ~std / 30,
    // the variance's relative error ~sqrt(2 / 1000) ~ 0.045; the bounds are over 3 of those
    expect(Math.abs(stats.runningMean.get(0) - 2)).toBeLessThan(0.3);
    expect(Math.abs(stats.runningMean.get(1) + 1)).toBeLessThan(0.05);
    expect(Math.abs(stats.runningVar.get(0) / 9 - 1)).toBeLessThan(0.15);
    expect(Math.abs(stats.runningVar.get(1) / 0.25 - 1)).toBeLessThan(0.15);
  });
});

describe('batchnormBackward', () => {
  it.each(['train', 'test'] as const)('matches numerical gradients for dx, dgamma, dbeta in %s mode', (mode) => {
    const rng = new RandomState(mode === 'train' ? 21 : 22);
    const x = map(rng.randn(4, 5), (v) => 5 * v + 12);
    const gamma = rng.randn(5);
    const beta = rng.randn(5);
    const dout = rng.randn(4, 5);
    const params: BatchnormParams = { mode, runningMean: map(rng.randn(5), (v) => v + 12), runningVar: map(rng.rand(5), (v) => 20 + v) };
    const [, cache] = batchnormForward(x, gamma, beta, params);
    const [dx, dgamma, dbeta] = batchnormBackward(dout, cache);
    const dxNum = evalNumericalGradientArray((t) => batchnormForward(t, gamma, beta, params)[0], x, dout);
    const dgNum = evalNumericalGradientArray((t) => batchnormForward(x, t, beta, params)[0], gamma, dout);
    const dbNum = evalNumericalGradientArray((t) => batchnormForward(x, gamma, t, params)[0], beta, dout);
    expect(relError(dx, dxNum)).toBeLessThan(1e-7);
    expect(relError(dgamma, dgNum)).toBeLessThan(1e-7);
    expect(relError(dbeta, dbNum)).toBeLessThan(1e-7);
  });

  it('rejects dout of another shape', () => {
    const [, cache] = batchnormForward(new RandomState(1).randn(4, 3), zeros([3]), zeros([3]), { mode: 'train' });
    expect(() => batchnormBackward(zeros([3, 4]), cache)).toThrow(/batchnormBackward: argument 'dout' expected shape \[4, 3\], got shape \[3, 4\]/);
  });
});

describe('spatialBatchnormForward / Backward', () => {
  it.each([
    [[1, 1, 1, 1]],
    [[2, 3, 4, 3]],
    [[1, 2, 2, 5]],
  ])('train mode matches a per-channel loop on %j', (shape) => {
    const rng = new RandomState(sizeOf(shape));
    const x = map(rng.randn(...shape), (v) => 2 * v - 3);
    const c = shape[3];
    const gamma = rng.randn(c);
    const beta = rng.randn(c);
    const [out] = spatialBatchnormForward(x, gamma, beta, { mode: 'train' });
    expect(out.shape).toEqual(shape);
    expect(relError(out, naiveSpatialTrain(x, gamma, beta, 1e-5))).toBeLessThan(1e-11);
  });

  it('matches numerical gradients for dx, dgamma, dbeta', () => {
    const rng = new RandomState(31);
    const x = map(rng.randn(2, 3, 4, 3), (v) => 4 * v + 10);
    const gamma = rng.randn(3);
    const beta = rng.randn(3);
    const dout = rng.randn(2, 3, 4, 3);
    const params: BatchnormParams = { mode: 'train' };
    const [, cache] = spatialBatchnormForward(x, gamma, beta, params);
    const [dx, dgamma, dbeta] = spatialBatchnormBackward(dout, cache);
    expect(dx.shape).toEqual([2, 3, 4, 3]);
    const dxNum = evalNumericalGradientArray((t) => spatialBatchnormForward(t, gamma, beta, params)[0], x, dout);
    const dgNum = evalNumericalGradientArray((t) => spatialBatchnormForward(x, t, beta, params)[0], gamma, dout);
    const dbNum = evalNumericalGradientArray((t) => spatialBatchnormForward(x, gamma, t, params)[0], beta, dout);
    expect(relError(dx, dxNum)).toBeLessThan(1e-7);
    expect(relError(dgamma, dgNum)).toBeLessThan(1e-7);
    expect(relError(dbeta, dbNum)).toBeLessThan(1e-7);
  });

  it('test mode uses the running stats per channel', () => {
    const rng = new RandomState(32);
    const x = rng.randn(2, 2, 2, 3);
    const rm = rng.randn(3);
    const rv = rng.rand(3);
    const gamma = rng.randn(3);
    const beta = rng.randn(3);
    const [out] = spatialBatchnormForward(x, gamma, beta, { mode: 'test', runningMean: rm, runningVar: rv });
    const flat = naiveTest(tensor(clone(x).data, [8, 3]), gamma, beta, 1e-5, rm, rv);
    expect(relError(out, tensor(flat.data, [2, 2, 2, 3]))).toBeLessThan(1e-11);
  });

  it('names spatial arguments in errors', () => {
    const x = zeros([2, 2, 2, 3]);
    expect(() => spatialBatchnormForward(zeros([4, 3]), zeros([3]), zeros([3]), { mode: 'train' })).toThrow(
      /spatialBatchnormForward: argument 'x' expected rank 4 \[N, H, W, C\], got rank 2 \[4, 3\]/,
    );
    expect(() => spatialBatchnormForward(x, zeros([2]), zeros([3]), { mode: 'train' })).toThrow(
      /spatialBatchnormForward: argument 'gamma' expected shape \[3\], got shape \[2\]/,
    );
    const [, cache] = spatialBatchnormForward(x, zeros([3]), zeros([3]), { mode: 'train' });
    expect(() => spatialBatchnormBackward(zeros([2, 2, 3, 2]), cache)).toThrow(
      /spatialBatchnormBackward: argument 'dout' expected shape \[2, 2, 2, 3\], got shape \[2, 2, 3, 2\]/,
    );
  });
});

describe('batchnorm argument errors', () => {
  const x = zeros([4, 3]);
  const g = zeros([3]);
  const run = (params: unknown, gamma = g, beta = g, input = x) => () => batchnormForward(input, gamma, beta, params as BatchnormParams);
  it('rejects gamma or beta of the wrong length', () => {
    expect(run({ mode: 'train' }, zeros([4]))).toThrow(/batchnormForward: argument 'gamma' expected shape \[3\], got shape \[4\]/);
    expect(run({ mode: 'train' }, g, zeros([3, 1]))).toThrow(/argument 'beta' expected rank 1 \[D\], got rank 2 \[3, 1\]/);
  });
  it('rejects x that is not [N, D]', () => {
    expect(run({ mode: 'train' }, g, g, zeros([4, 3, 1]))).toThrow(/argument 'x' expected rank 2 \[N, D\], got rank 3 \[4, 3, 1\]/);
    expect(run({ mode: 'train' }, g, g, zeros([0, 3]))).toThrow(/argument 'x' expected at least one row in 'train' mode/);
  });
  it('rejects an unknown mode, bad eps and momentum', () => {
    expect(run({ mode: 'eval' })).toThrow(/argument 'mode' expected one of 'train', 'test', got string eval/);
    expect(run({ mode: 'train', eps: 0 })).toThrow(/argument 'eps' expected a finite number > 0, got number 0/);
    expect(run({ mode: 'train', momentum: 1.5 })).toThrow(/argument 'momentum' expected a number in \[0, 1\], got number 1.5/);
    expect(run(undefined)).toThrow(/argument 'params' expected an object/);
  });
  it('rejects test mode without running stats, and running stats of the wrong length', () => {
    expect(run({ mode: 'test', runningVar: g })).toThrow(/argument 'runningMean' expected a tensor \[3\] in 'test' mode/);
    expect(run({ mode: 'train', runningVar: zeros([5]) })).toThrow(/argument 'runningVar' expected shape \[3\], got shape \[5\]/);
  });
});
