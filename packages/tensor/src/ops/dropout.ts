import { describe, expectInRange, expectOneOf, expectShape, expectTensor } from '../core/checks';
import { TensorArgumentError } from '../core/errors';
import { clone, contiguous, zeros, type Shape, type Tensor } from '../core/tensor';

/** Anything that draws uniform [0, 1) samples of a given shape: RandomState satisfies it. */
export interface UniformSource {
  rand(...shape: number[]): Tensor;
}

export type DropoutMode = 'train' | 'test';
const MODES: readonly DropoutMode[] = ['train', 'test'];

export interface DropoutParams {
  /** Probability of dropping (zeroing) a unit, in [0, 1). */
  p: number;
  mode: DropoutMode;
  /** Required in train mode; never used in test mode. */
  rng?: UniformSource;
}

export interface DropoutCache {
  mode: DropoutMode;
  p: number;
  /** x's shape. */
  shape: Shape;
  /** Train mode: the scaled mask, x's shape, entries 0 or 1/(1-p). Test mode: null. */
  mask: Tensor | null;
}

/**
 * Inverted dropout. x: any shape -> out: same shape.
 *
 * Train mode draws exactly one uniform sample per unit, u = rng.rand(...x.shape) (row-major order),
 * and keeps a unit when u >= p:  mask = (u >= p) / (1 - p),  out = x * mask.
 * It draws even when p = 0, so the rng stream does not depend on p.
 * Test mode returns a copy of x and draws nothing.
 */
export function dropoutForward(x: Tensor, params: DropoutParams): [Tensor, DropoutCache] {
  const op = 'dropoutForward';
  expectTensor(op, 'x', x);
  if (params === null || typeof params !== 'object') {
    throw new TensorArgumentError('E_TYPE', op, 'params', 'an object { p, mode, rng }', describe(params));
  }
  const { p, mode, rng } = params;
  expectInRange(op, 'p', p, 0, 1);
  expectOneOf(op, 'mode', mode, MODES);
  const xc = contiguous(x);

  if (mode === 'test') {
    return [clone(xc), { mode, p, shape: [...xc.shape], mask: null }];
  }

  if (rng === null || typeof rng !== 'object' || typeof rng.rand !== 'function') {
    throw new TensorArgumentError('E_TYPE', op, 'rng', "an object with rand(...shape) (required in 'train' mode)", describe(rng));
  }
  const u = rng.rand(...xc.shape);
  expectShape(op, 'rng.rand(...x.shape)', u, xc.shape);
  const ud = contiguous(u).data;
  const scale = 1 / (1 - p);
  const mask = zeros(xc.shape);
  const out = zeros(xc.shape);
  for (let i = 0; i < ud.length; i++) {
    const m = ud[i] >= p ? scale : 0;
    mask.data[i] = m;
    out.data[i] = xc.data[i] * m;
  }
  return [out, { mode, p, shape: [...xc.shape], mask }];
}

/**
 * Gradient of dropoutForward. dout: x's shape -> dx: x's shape.
 * Train mode: dout * mask. Test mode: a copy of dout.
 */
export function dropoutBackward(dout: Tensor, cache: DropoutCache): Tensor {
  const op = 'dropoutBackward';
  expectShape(op, 'dout', dout, cache.shape);
  if (cache.mask === null) return clone(dout);
  const g = contiguous(dout).data;
  const mask = cache.mask.data;
  const dx = zeros(cache.shape);
  for (let i = 0; i < g.length; i++) dx.data[i] = g[i] * mask[i];
  return dx;
}
