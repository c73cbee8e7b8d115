import { expectInteger, expectRank, expectShape, describe } from '../core/checks';
import { TensorArgumentError } from '../core/errors';
import { contiguous, tensor, type Shape, type Tensor } from '../core/tensor';
import { filterGradKernel, forwardKernel, inputGradKernel, type ConvGeometry } from './conv.kernels';

/** Zero padding added on each side of H and W, and the step of the filter in both directions. */
export interface ConvParams {
  stride: number;
  pad: number;
}

/** What convBackward needs from convForward. `xPadded` is x zero-padded to [N, H+2p, W+2p, C]. */
export interface ConvCache {
  x: Tensor;
  w: Tensor;
  b: Tensor;
  params: ConvParams;
  xPadded: Float64Array;
}

const X_DIMS = ['N', 'H', 'W', 'C'] as const;
const W_DIMS = ['FH', 'FW', 'Cin', 'Cout'] as const;

/**
 * Checks every argument but b and returns the output shape.
 * x: [N, H, W, C], w: [FH, FW, C, Cout] -> [N, floor((H+2p-FH)/s)+1, floor((W+2p-FW)/s)+1, Cout]
 */
function checkedOutputShape(op: string, x: Tensor, w: Tensor, params: ConvParams): [number, number, number, number] {
  expectRank(op, 'x', x, 4, X_DIMS);
  expectRank(op, 'w', w, 4, W_DIMS);
  const [N, H, W, C] = x.shape;
  expectShape(op, 'w', w, [null, null, C, null], W_DIMS);
  const [FH, FW, , Cout] = w.shape;
  if (params === null || typeof params !== 'object') {
    throw new TensorArgumentError('E_TYPE', op, 'params', 'an object { stride, pad }', describe(params));
  }
  const { stride, pad } = params;
  expectInteger(op, 'stride', stride, 1);
  expectInteger(op, 'pad', pad, 0);
  if (FH > H + 2 * pad || FW > W + 2 * pad) {
    throw new TensorArgumentError(
      'E_SHAPE', op, 'w',
      `a filter no larger than the padded input [H+2*pad, W+2*pad] = [${H + 2 * pad}, ${W + 2 * pad}]`,
      `filter [FH, FW] = [${FH}, ${FW}]`,
    );
  }
  return [N, Math.floor((H + 2 * pad - FH) / stride) + 1, Math.floor((W + 2 * pad - FW) / stride) + 1, Cout];
}

/** x: [N, H, W, C] -> its data zero-padded to [N, H+2p, W+2p, C] (x's own data when p = 0). */
function padSpatial(x: Float64Array, shape: Shape, pad: number): Float64Array {
  if (pad === 0) return x;
  const [N, H, W, C] = shape;
  const HP = H + 2 * pad;
  const WP = W + 2 * pad;
  const out = new Float64Array(N * HP * WP * C);
  const rowLength = W * C;
  for (let n = 0; n < N; n++) {
    for (let h = 0; h < H; h++) {
      const src = (n * H + h) * rowLength;
      out.set(x.subarray(src, src + rowLength), ((n * HP + h + pad) * WP + pad) * C);
    }
  }
  return out;
}

/**
 * Convolution (cross-correlation, as in the deep-learning courses) with zero padding.
 * x: [N, H, W, C], w: [FH, FW, C, Cout], b: [Cout], params: { stride >= 1, pad >= 0 }
 * -> [out: [N, OH, OW, Cout], cache] with OH = floor((H+2p-FH)/s)+1, OW = floor((W+2p-FW)/s)+1.
 * The loops live in conv.kernels.ts (an implicit im2col with register blocking).
 */
export function convForward(x: Tensor, w: Tensor, b: Tensor, params: ConvParams): [Tensor, ConvCache] {
  const outShape = checkedOutputShape('convForward', x, w, params);
  expectShape('convForward', 'b', b, [outShape[3]], ['Cout']);
  const { stride, pad } = params;
  const xc = contiguous(x);
  const wc = contiguous(w);
  const bc = contiguous(b);
  const xPadded = padSpatial(xc.data, x.shape, pad);
  const out = forwardKernel(xPadded, wc.data, bc.data, geometry(x.shape, w.shape, outShape, params));
  return [tensor(out, outShape), { x: xc, w: wc, b: bc, params: { stride, pad }, xPadded }];
}

/**
 * Gradients of convForward.
 * dout: [N, OH, OW, Cout], cache from convForward -> [dx: [N, H, W, C], dw: [FH, FW, C, Cout], db: [Cout]]
 * dx is computed as a convolution of dout with the flipped filter (see inputGradKernel).
 */
export function convBackward(dout: Tensor, cache: ConvCache): [Tensor, Tensor, Tensor] {
  const { x, w, params, xPadded } = cache;
  const outShape = checkedOutputShape('convBackward', x, w, params);
  expectShape('convBackward', 'dout', dout, outShape, ['N', 'OH', 'OW', 'Cout']);
  const d = contiguous(dout).data;
  const g = geometry(x.shape, w.shape, outShape, params);
  const db = new Float64Array(g.Cout);
  for (let i = 0; i < d.length; i += g.Cout) for (let co = 0; co < g.Cout; co++) db[co] += d[i + co];
  const dw = filterGradKernel(xPadded, d, g);
  const dx = inputGradKernel(contiguous(w).data, d, g, params.pad);
  return [tensor(dx, x.shape), tensor(dw, w.shape), tensor(db, [g.Cout])];
}

function geometry(xShape: Shape, wShape: Shape, outShape: Shape, { stride, pad }: ConvParams): ConvGeometry {
  const [N, H, W, C] = xShape;
  const [FH, FW, , Cout] = wShape;
  return { N, HP: H + 2 * pad, WP: W + 2 * pad, C, FH, FW, Cout, OH: outShape[1], OW: outShape[2], stride };
}
