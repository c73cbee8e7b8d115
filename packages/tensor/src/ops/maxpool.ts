import { describe, expectInteger, expectRank, expectShape } from '../core/checks';
import { TensorArgumentError } from '../core/errors';
import { contiguous, tensor, type Tensor } from '../core/tensor';

/** Square window of size x size pixels, moved by stride in both directions; no padding. */
export interface MaxPoolParams {
  size: number;
  stride: number;
}

/** What maxPoolBackward needs: x and, per output entry, the flat index in x of the max it picked. */
export interface MaxPoolCache {
  x: Tensor;
  params: MaxPoolParams;
  argmax: Int32Array;
}

function poolOutputShape(op: string, x: Tensor, params: MaxPoolParams): [number, number, number, number] {
  expectRank(op, 'x', x, 4, ['N', 'H', 'W', 'C']);
  if (params === null || typeof params !== 'object') {
    throw new TensorArgumentError('E_TYPE', op, 'params', 'an object { size, stride }', describe(params));
  }
  const { size, stride } = params;
  expectInteger(op, 'size', size, 1);
  expectInteger(op, 'stride', stride, 1);
  const [N, H, W, C] = x.shape;
  if (size > H || size > W) {
    throw new TensorArgumentError('E_VALUE', op, 'size', `a window no larger than the input [H, W] = [${H}, ${W}]`, `size ${size}`);
  }
  return [N, Math.floor((H - size) / stride) + 1, Math.floor((W - size) / stride) + 1, C];
}

/**
 * Max pooling per channel.
 * x: [N, H, W, C], params: { size >= 1, stride >= 1 }
 * -> [out: [N, floor((H-size)/stride)+1, floor((W-size)/stride)+1, C], cache]
 * Ties: the window is scanned in row-major order and the FIRST maximum wins, so in backward the
 * whole gradient goes to that one entry (the others get 0), as np.argmax would choose.
 */
export function maxPoolForward(x: Tensor, params: MaxPoolParams): [Tensor, MaxPoolCache] {
  const outShape = poolOutputShape('maxPoolForward', x, params);
  const [N, OH, OW, C] = outShape;
  const [, H, W] = x.shape;
  const { size, stride } = params;
  const xc = contiguous(x);
  const xd = xc.data;
  const out = new Float64Array(N * OH * OW * C);
  const argmax = new Int32Array(out.length);
  for (let n = 0; n < N; n++) {
    for (let oh = 0; oh < OH; oh++) {
      for (let ow = 0; ow < OW; ow++) {
        const o = ((n * OH + oh) * OW + ow) * C;
        const corner = ((n * H + oh * stride) * W + ow * stride) * C;
        for (let c = 0; c < C; c++) {
          let best = corner + c;
          for (let kh = 0; kh < size; kh++) {
            for (let kw = 0; kw < size; kw++) {
              const i = corner + (kh * W + kw) * C + c;
              if (xd[i] > xd[best]) best = i;
            }
          }
          out[o + c] = xd[best];
          argmax[o + c] = best;
        }
      }
    }
  }
  return [tensor(out, outShape), { x: xc, params: { size, stride }, argmax }];
}

/**
 * Gradient of maxPoolForward: each dout entry goes to the input entry its window picked
 * (the first maximum, see maxPoolForward); overlapping windows add up.
 * dout: [N, OH, OW, C], cache -> dx: [N, H, W, C]
 */
export function maxPoolBackward(dout: Tensor, cache: MaxPoolCache): Tensor {
  const outShape = poolOutputShape('maxPoolBackward', cache.x, cache.params);
  expectShape('maxPoolBackward', 'dout', dout, outShape, ['N', 'OH', 'OW', 'C']);
  const d = contiguous(dout).data;
  const dx = new Float64Array(cache.x.size);
  const { argmax } = cache;
  for (let i = 0; i < d.length; i++) dx[argmax[i]] += d[i];
  return tensor(dx, cache.x.shape);
}
