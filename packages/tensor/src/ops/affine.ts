import { expectShape, expectTensor } from '../core/checks';
import { TensorArgumentError } from '../core/errors';
import { contiguous, reshape, shapeString, sizeOf, zeros, type Shape, type Tensor } from '../core/tensor';

/**
 * What affineBackward needs: the inputs of the forward pass, x flattened to [N, D].
 * These are views of the caller's x and w, not copies (as in the course's layers): change them
 * between the forward and the backward pass and the gradients change too.
 */
export interface AffineCache {
  /** [N, D] */
  x2d: Tensor;
  /** [D, M] */
  w: Tensor;
  /** The shape x had when it was passed in: [N, d1, ..., dk]. */
  xShape: Shape;
}

/**
 * Fully connected layer, out = x2d @ w + b, each example flattened to one row.
 * x: [N, d1, ..., dk] (D = d1 * ... * dk); w: [D, M]; b: [M] -> out: [N, M].
 */
export function affineForward(x: Tensor, w: Tensor, b: Tensor): [Tensor, AffineCache] {
  const op = 'affineForward';
  expectTensor(op, 'x', x);
  if (x.shape.length < 2) {
    throw new TensorArgumentError('E_RANK', op, 'x', 'rank >= 2 [N, d1, ..., dk]', `rank ${x.shape.length} ${shapeString(x.shape)}`);
  }
  const n = x.shape[0];
  const d = sizeOf(x.shape.slice(1));
  expectShape(op, 'w', w, [d, null], ['D', 'M']);
  const m = w.shape[1];
  expectShape(op, 'b', b, [m], ['M']);

  const xc = contiguous(x);
  const wc = contiguous(w);
  const xs = xc.data;
  const ws = wc.data;
  const bs = contiguous(b).data;
  const out = zeros([n, m]);
  const o = out.data;
  for (let i = 0; i < n; i++) {
    const row = i * m;
    for (let j = 0; j < m; j++) o[row + j] = bs[j];
    for (let k = 0; k < d; k++) {
      const xik = xs[i * d + k];
      const wrow = k * m;
      for (let j = 0; j < m; j++) o[row + j] += xik * ws[wrow + j];
    }
  }
  return [out, { x2d: reshape(xc, [n, d]), w: wc, xShape: [...x.shape] }];
}

/**
 * Gradients of affineForward.
 * dout: [N, M] -> dx: [N, d1, ..., dk] (x's shape), dw: [D, M], db: [M].
 */
export function affineBackward(dout: Tensor, cache: AffineCache): [Tensor, Tensor, Tensor] {
  const op = 'affineBackward';
  const [n, d] = cache.x2d.shape;
  const m = cache.w.shape[1];
  expectShape(op, 'dout', dout, [n, m], ['N', 'M']);

  const g = contiguous(dout).data;
  const xs = cache.x2d.data;
  const ws = cache.w.data;
  const dx = zeros(cache.xShape);
  const dw = zeros([d, m]);
  const db = zeros([m]);
  for (let i = 0; i < n; i++) {
    const grow = i * m;
    for (let j = 0; j < m; j++) db.data[j] += g[grow + j];
    for (let k = 0; k < d; k++) {
      const wrow = k * m;
      const xik = xs[i * d + k];
      let s = 0;
      for (let j = 0; j < m; j++) {
        s += g[grow + j] * ws[wrow + j];
        dw.data[wrow + j] += xik * g[grow + j];
      }
      dx.data[i * d + k] = s;
    }
  }
  return [dx, dw, db];
}
