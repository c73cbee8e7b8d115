import { expectShape, expectTensor } from '../core/checks';
import { contiguous, zeros, type Tensor } from '../core/tensor';

/** What reluBackward needs: the forward input (a view of the caller's x, not a copy). */
export interface ReluCache {
  x: Tensor;
}

/** Elementwise max(0, x). x: any shape -> out: same shape. */
export function reluForward(x: Tensor): [Tensor, ReluCache] {
  expectTensor('reluForward', 'x', x);
  const xc = contiguous(x);
  const out = zeros(xc.shape);
  // written as v <= 0 so that a NaN input stays NaN (as np.maximum does) instead of hiding as 0
  for (let i = 0; i < xc.data.length; i++) out.data[i] = xc.data[i] <= 0 ? 0 : xc.data[i];
  return [out, { x: xc }];
}

/**
 * Gradient of reluForward: dout where x > 0, else 0 (at x = 0 exactly the gradient is taken as 0).
 * dout: x's shape -> dx: x's shape.
 */
export function reluBackward(dout: Tensor, cache: ReluCache): Tensor {
  const x = cache.x;
  expectShape('reluBackward', 'dout', dout, x.shape);
  const g = contiguous(dout).data;
  const dx = zeros(x.shape);
  for (let i = 0; i < g.length; i++) dx.data[i] = x.data[i] > 0 ? g[i] : 0;
  return dx;
}
