import { describe, expectInRange, expectOneOf, expectRank, expectShape } from '../core/checks';
import { TensorArgumentError } from '../core/errors';
import { clone, contiguous, reshape, shapeString, zeros, type Shape, type Tensor } from '../core/tensor';

export type BatchnormMode = 'train' | 'test';
const MODES: readonly BatchnormMode[] = ['train', 'test'];

export interface BatchnormParams {
  mode: BatchnormMode;
  /** Added to the variance before the square root; > 0. Default 1e-5. */
  eps?: number;
  /** Weight of the old running statistic in train mode, in [0, 1]. Default 0.9. */
  momentum?: number;
  /** [D]. Train mode: zeros when absent. Test mode: required. Never modified. */
  runningMean?: Tensor;
  /** [D]. Train mode: zeros when absent. Test mode: required. Never modified. */
  runningVar?: Tensor;
}

/** Running statistics after a forward pass: new tensors, never the ones passed in. */
export interface RunningStats {
  /** [D] */
  runningMean: Tensor;
  /** [D] */
  runningVar: Tensor;
}

export interface BatchnormCache {
  mode: BatchnormMode;
  /** [N, D]: the normalized input, (x - mean) / sqrt(var + eps). */
  xhat: Tensor;
  /** [D] */
  gamma: Tensor;
  /** [D]: 1 / sqrt(var + eps), with batch (train) or running (test) variance. */
  invStd: Tensor;
}

export interface SpatialBatchnormCache {
  /** The cache of the [N*H*W, C] batchnorm underneath. */
  flat: BatchnormCache;
  /** [N, H, W, C] */
  shape: Shape;
}

/**
 * Batch normalization over the rows of x: out = gamma * (x - mean) / sqrt(var + eps) + beta.
 * x: [N, D]; gamma: [D]; beta: [D] -> out: [N, D], cache, running stats [D].
 *
 * Train mode uses the batch mean and the biased (divide by N) batch variance, and returns
 *   runningMean' = momentum * runningMean + (1 - momentum) * mean   (the same for the variance).
 * Test mode normalizes with the given running stats and returns copies of them unchanged.
 */
export function batchnormForward(
  x: Tensor,
  gamma: Tensor,
  beta: Tensor,
  params: BatchnormParams,
): [Tensor, BatchnormCache, RunningStats] {
  expectRank('batchnormForward', 'x', x, 2, ['N', 'D']);
  return normalizeRows('batchnormForward', x, gamma, beta, params, 'D');
}

/**
 * Gradients of batchnormForward, for either mode.
 * dout: [N, D] -> dx: [N, D], dgamma: [D], dbeta: [D].
 */
export function batchnormBackward(dout: Tensor, cache: BatchnormCache): [Tensor, Tensor, Tensor] {
  expectShape('batchnormBackward', 'dout', dout, cache.xhat.shape, ['N', 'D']);
  return normalizeRowsBackward(dout, cache);
}

/**
 * Batchnorm per channel of an NHWC image batch: statistics over N, H and W.
 * x: [N, H, W, C]; gamma: [C]; beta: [C] -> out: [N, H, W, C], cache, running stats [C].
 * Same params and modes as batchnormForward, run on x viewed as [N*H*W, C].
 */
export function spatialBatchnormForward(
  x: Tensor,
  gamma: Tensor,
  beta: Tensor,
  params: BatchnormParams,
): [Tensor, SpatialBatchnormCache, RunningStats] {
  const op = 'spatialBatchnormForward';
  expectRank(op, 'x', x, 4, ['N', 'H', 'W', 'C']);
  const [n, h, w, c] = x.shape;
  const [out, flat, running] = normalizeRows(op, reshape(x, [n * h * w, c]), gamma, beta, params, 'C');
  return [reshape(out, x.shape), { flat, shape: [...x.shape] }, running];
}

/**
 * Gradients of spatialBatchnormForward, for either mode.
 * dout: [N, H, W, C] -> dx: [N, H, W, C], dgamma: [C], dbeta: [C].
 */
export function spatialBatchnormBackward(dout: Tensor, cache: SpatialBatchnormCache): [Tensor, Tensor, Tensor] {
  expectShape('spatialBatchnormBackward', 'dout', dout, cache.shape, ['N', 'H', 'W', 'C']);
  const [dx, dgamma, dbeta] = normalizeRowsBackward(reshape(dout, cache.flat.xhat.shape), cache.flat);
  return [reshape(dx, cache.shape), dgamma, dbeta];
}

/** x: [N, D] already checked for rank; `feature` names D in messages ('D' or 'C'). */
function normalizeRows(
  op: string,
  x: Tensor,
  gamma: Tensor,
  beta: Tensor,
  params: BatchnormParams,
  feature: string,
): [Tensor, BatchnormCache, RunningStats] {
  const [n, d] = x.shape;
  expectShape(op, 'gamma', gamma, [d], [feature]);
  expectShape(op, 'beta', beta, [d], [feature]);
  if (params === null || typeof params !== 'object') {
    throw new TensorArgumentError('E_TYPE', op, 'params', "an object { mode, eps?, momentum?, runningMean?, runningVar? }", describe(params));
  }
  const { mode, eps = 1e-5, momentum = 0.9 } = params;
  expectOneOf(op, 'mode', mode, MODES);
  if (typeof eps !== 'number' || !(eps > 0) || eps === Infinity) {
    throw new TensorArgumentError('E_VALUE', op, 'eps', 'a finite number > 0', describe(eps));
  }
  expectInRange(op, 'momentum', momentum, 0, 1, true);
  if (mode === 'test' && (params.runningMean === undefined || params.runningVar === undefined)) {
    const missing = params.runningMean === undefined ? 'runningMean' : 'runningVar';
    throw new TensorArgumentError('E_VALUE', op, missing, `a tensor [${d}] in 'test' mode (the statistics from training)`, 'undefined');
  }
  const runningMean = params.runningMean ?? zeros([d]);
  const runningVar = params.runningVar ?? zeros([d]);
  expectShape(op, 'runningMean', runningMean, [d], [feature]);
  expectShape(op, 'runningVar', runningVar, [d], [feature]);
  if (mode === 'train' && n < 1) {
    throw new TensorArgumentError('E_SHAPE', op, 'x', "at least one row in 'train' mode (batch statistics)", `shape ${shapeString(x.shape)}`);
  }

  const xs = contiguous(x).data;
  const g = contiguous(gamma).data;
  const b = contiguous(beta).data;
  let mean: Float64Array;
  let variance: Float64Array;
  let running: RunningStats;
  if (mode === 'train') {
    mean = new Float64Array(d);
    variance = new Float64Array(d);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += xs[i * d + j];
    for (let j = 0; j < d; j++) mean[j] /= n;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) {
        const c = xs[i * d + j] - mean[j];
        variance[j] += c * c;
      }
    }
    for (let j = 0; j < d; j++) variance[j] /= n;
    const rm = contiguous(runningMean).data;
    const rv = contiguous(runningVar).data;
    running = { runningMean: zeros([d]), runningVar: zeros([d]) };
    for (let j = 0; j < d; j++) {
      running.runningMean.data[j] = momentum * rm[j] + (1 - momentum) * mean[j];
      running.runningVar.data[j] = momentum * rv[j] + (1 - momentum) * variance[j];
    }
  } else {
    mean = contiguous(runningMean).data;
    variance = contiguous(runningVar).data;
    running = { runningMean: clone(runningMean), runningVar: clone(runningVar) };
  }

  const invStd = zeros([d]);
  for (let j = 0; j < d; j++) invStd.data[j] = 1 / Math.sqrt(variance[j] + eps);
  const xhat = zeros([n, d]);
  const out = zeros([n, d]);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const k = i * d + j;
      xhat.data[k] = (xs[k] - mean[j]) * invStd.data[j];
      out.data[k] = g[j] * xhat.data[k] + b[j];
    }
  }
  return [out, { mode, xhat, gamma: clone(gamma), invStd }, running];
}

function normalizeRowsBackward(dout: Tensor, cache: BatchnormCache): [Tensor, Tensor, Tensor] {
  const [n, d] = cache.xhat.shape;
  const g = contiguous(dout).data;
  const xhat = cache.xhat.data;
  const gamma = cache.gamma.data;
  const invStd = cache.invStd.data;
  const dgamma = zeros([d]);
  const dbeta = zeros([d]);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      dbeta.data[j] += g[i * d + j];
      dgamma.data[j] += g[i * d + j] * xhat[i * d + j];
    }
  }
  const dx = zeros([n, d]);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const k = i * d + j;
      if (cache.mode === 'test') {
        // running stats are constants, so the layer is an elementwise affine map of x
        dx.data[k] = g[k] * gamma[j] * invStd[j];
      } else {
        // mean and variance depend on every row; with dxhat = dout * gamma:
        // dx = invStd / N * (N * dxhat - sum_rows(dxhat) - xhat * sum_rows(dxhat * xhat))
        // where sum_rows(dxhat) = gamma * dbeta and sum_rows(dxhat * xhat) = gamma * dgamma.
        const dxhat = g[k] * gamma[j];
        dx.data[k] = (invStd[j] / n) * (n * dxhat - gamma[j] * dbeta.data[j] - xhat[k] * gamma[j] * dgamma.data[j]);
      }
    }
  }
  return [dx, dgamma, dbeta];
}
