// Naive convolution straight from the definition, one output element at a time through .get/.set.
// The reference for conv.test.ts and the baseline of bench/conv.bench.ts; not exported from index.ts.
import { zeros, type Tensor } from '../core/tensor';
import type { ConvParams } from './conv';

/** x value at (n, h, w, c) of the zero-padded input; h, w in padded coordinates. */
function paddedAt(x: Tensor, n: number, h: number, w: number, c: number, pad: number): number {
  const [, H, W] = x.shape;
  const hh = h - pad;
  const ww = w - pad;
  return hh < 0 || hh >= H || ww < 0 || ww >= W ? 0 : x.get(n, hh, ww, c);
}

/**
 * out[n, i, j, co] = b[co] + sum over kh, kw, ci of xpad[n, i*s + kh, j*s + kw, ci] * w[kh, kw, ci, co]
 * x: [N, H, W, C], w: [FH, FW, C, Cout], b: [Cout] -> [N, OH, OW, Cout]. No argument checks.
 */
export function convForwardNaive(x: Tensor, w: Tensor, b: Tensor, { stride, pad }: ConvParams): Tensor {
  const [N, H, W, C] = x.shape;
  const [FH, FW, , Cout] = w.shape;
  const OH = Math.floor((H + 2 * pad - FH) / stride) + 1;
  const OW = Math.floor((W + 2 * pad - FW) / stride) + 1;
  const out = zeros([N, OH, OW, Cout]);
  for (let n = 0; n < N; n++)
    for (let i = 0; i < OH; i++)
      for (let j = 0; j < OW; j++)
        for (let co = 0; co < Cout; co++) {
          let s = b.get(co);
          for (let kh = 0; kh < FH; kh++)
            for (let kw = 0; kw < FW; kw++)
              for (let ci = 0; ci < C; ci++) s += paddedAt(x, n, i * stride + kh, j * stride + kw, ci, pad) * w.get(kh, kw, ci, co);
          out.set(n, i, j, co, s);
        }
  return out;
}

/**
 * The same sums differentiated term by term: every product xpad * w in the forward sum sends
 * dout * w to dx (when inside the unpadded input) and dout * xpad to dw; db sums dout.
 * dout: [N, OH, OW, Cout] -> [dx: [N, H, W, C], dw: [FH, FW, C, Cout], db: [Cout]]
 */
export function convBackwardNaive(dout: Tensor, x: Tensor, w: Tensor, { stride, pad }: ConvParams): [Tensor, Tensor, Tensor] {
  const [N, H, W, C] = x.shape;
  const [FH, FW, , Cout] = w.shape;
  const [, OH, OW] = dout.shape;
  const dx = zeros(x.shape);
  const dw = zeros(w.shape);
  const db = zeros([Cout]);
  for (let n = 0; n < N; n++)
    for (let i = 0; i < OH; i++)
      for (let j = 0; j < OW; j++)
        for (let co = 0; co < Cout; co++) {
          const g = dout.get(n, i, j, co);
          db.set(co, db.get(co) + g);
          for (let kh = 0; kh < FH; kh++)
            for (let kw = 0; kw < FW; kw++)
              for (let ci = 0; ci < C; ci++) {
                const h = i * stride + kh - pad;
                const v = j * stride + kw - pad;
                dw.set(kh, kw, ci, co, dw.get(kh, kw, ci, co) + g * paddedAt(x, n, h + pad, v + pad, ci, pad));
                if (h >= 0 && h < H && v >= 0 && v < W) dx.set(n, h, v, ci, dx.get(n, h, v, ci) + g * w.get(kh, kw, ci, co));
              }
        }
  return [dx, dw, db];
}
