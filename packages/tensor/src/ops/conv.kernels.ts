// The three inner loops of convolution over raw Float64Arrays, register-blocked for speed.
// Checked arguments come from conv.ts; nothing here validates. Layout: padded input
// xp [N, HP, WP, C], w [FH, FW, C, Cout] (= a [FH, FW*C, Cout] matrix), dout [N, OH, OW, Cout].
//
// Key fact used throughout: for one output pixel and one filter row kh, the input values under
// that row are one contiguous run of FW*C numbers starting at rowStart(...), and the matching
// filter weights are the contiguous [FW*C, Cout] block w[kh]. Blocking keeps small groups of
// sums in local variables (registers) instead of re-reading and re-writing arrays. On the
// bench/conv.bench.ts shapes this took forward + backward from 47 ms (plain loops, Cout innermost,
// accumulating in the output array) to 18 ms; see docs/benchmarks.md.

export interface ConvGeometry {
  N: number;
  /** Padded input height and width: H + 2*pad, W + 2*pad. */
  HP: number;
  WP: number;
  C: number;
  FH: number;
  FW: number;
  Cout: number;
  OH: number;
  OW: number;
  stride: number;
}

/** Index in xp of the first input value under filter row 0 for output pixel (n, oh, ow). */
function pixelStart(g: ConvGeometry, n: number, oh: number, ow: number): number {
  return ((n * g.HP + oh * g.stride) * g.WP + ow * g.stride) * g.C;
}

/** out [N, OH, OW, Cout] = b + sum over (kh, kw, ci) of xp * w. Blocks of 2 pixels x 4 channels. */
export function forwardKernel(xp: Float64Array, w: Float64Array, b: Float64Array, g: ConvGeometry): Float64Array {
  const { N, WP, C, FH, FW, Cout, OH, OW, stride } = g;
  const run = FW * C;
  const rowStep = WP * C;
  const nextPixel = stride * C;
  const c4 = Cout - (Cout % 4);
  const out = new Float64Array(N * OH * OW * Cout);
  // one pixel, one channel: remainders of the blocking
  const single = (x0: number, co: number): number => {
    let a = b[co];
    for (let kh = 0; kh < FH; kh++) {
      const xs = x0 + kh * rowStep;
      let wi = kh * run * Cout + co;
      for (let j = 0; j < run; j++, wi += Cout) a += xp[xs + j] * w[wi];
    }
    return a;
  };
  for (let n = 0; n < N; n++) {
    for (let oh = 0; oh < OH; oh++) {
      let ow = 0;
      for (; ow + 1 < OW; ow += 2) {
        const o = ((n * OH + oh) * OW + ow) * Cout;
        const x0 = pixelStart(g, n, oh, ow);
        for (let co = 0; co < c4; co += 4) {
          let a0 = b[co], a1 = b[co + 1], a2 = b[co + 2], a3 = b[co + 3];
          let b0 = a0, b1 = a1, b2 = a2, b3 = a3;
          for (let kh = 0; kh < FH; kh++) {
            const xs = x0 + kh * rowStep;
            let wi = kh * run * Cout + co;
            for (let j = 0; j < run; j++, wi += Cout) {
              const u = xp[xs + j];
              const v = xp[xs + nextPixel + j];
              const w0 = w[wi], w1 = w[wi + 1], w2 = w[wi + 2], w3 = w[wi + 3];
              a0 += u * w0; a1 += u * w1; a2 += u * w2; a3 += u * w3;
              b0 += v * w0; b1 += v * w1; b2 += v * w2; b3 += v * w3;
            }
          }
          out[o + co] = a0; out[o + co + 1] = a1; out[o + co + 2] = a2; out[o + co + 3] = a3;
          const p = o + Cout + co;
          out[p] = b0; out[p + 1] = b1; out[p + 2] = b2; out[p + 3] = b3;
        }
        for (let co = c4; co < Cout; co++) {
          out[o + co] = single(x0, co);
          out[o + Cout + co] = single(x0 + nextPixel, co);
        }
      }
      for (; ow < OW; ow++) {
        const o = ((n * OH + oh) * OW + ow) * Cout;
        const x0 = pixelStart(g, n, oh, ow);
        for (let co = 0; co < Cout; co++) out[o + co] = single(x0, co);
      }
    }
  }
  return out;
}

/** For each filter entry k = (kh, kw, ci) in w's order, its offset in xp from the pixel start. */
function entryOffsets(g: ConvGeometry): Int32Array {
  const run = g.FW * g.C;
  const off = new Int32Array(g.FH * run);
  for (let kh = 0; kh < g.FH; kh++) for (let j = 0; j < run; j++) off[kh * run + j] = kh * g.WP * g.C + j;
  return off;
}

/**
 * dw [FH, FW, C, Cout]: for each filter entry, the sum over output pixels of xp * dout.
 * Summed one output row at a time (its inputs and douts stay in cache), 2 entries x 4 channels.
 */
export function filterGradKernel(xp: Float64Array, dout: Float64Array, g: ConvGeometry): Float64Array {
  const { N, HP, WP, C, FH, FW, Cout, OH, OW, stride } = g;
  const K = FH * FW * C;
  const k2 = K - (K % 2);
  const c4 = Cout - (Cout % 4);
  const off = entryOffsets(g);
  const nextPixel = stride * C;
  const dw = new Float64Array(K * Cout);
  // entry k, one channel, over the output row whose douts start at o0 and inputs at x0
  const single = (x0: number, o0: number, k: number, co: number): number => {
    let a = 0;
    let xi = x0 + off[k];
    let o = o0 + co;
    for (let ow = 0; ow < OW; ow++, xi += nextPixel, o += Cout) a += xp[xi] * dout[o];
    return a;
  };
  for (let n = 0; n < N; n++) {
    for (let oh = 0; oh < OH; oh++) {
      const o0 = (n * OH + oh) * OW * Cout;
      const x0 = (n * HP + oh * stride) * WP * C;
      for (let k = 0; k < k2; k += 2) {
        const wi = k * Cout;
        const dv = off[k + 1] - off[k];
        for (let co = 0; co < c4; co += 4) {
          let a0 = 0, a1 = 0, a2 = 0, a3 = 0, b0 = 0, b1 = 0, b2 = 0, b3 = 0;
          let xi = x0 + off[k];
          let o = o0 + co;
          for (let ow = 0; ow < OW; ow++, xi += nextPixel, o += Cout) {
            const u = xp[xi];
            const v = xp[xi + dv];
            const g0 = dout[o], g1 = dout[o + 1], g2 = dout[o + 2], g3 = dout[o + 3];
            a0 += u * g0; a1 += u * g1; a2 += u * g2; a3 += u * g3;
            b0 += v * g0; b1 += v * g1; b2 += v * g2; b3 += v * g3;
          }
          dw[wi + co] += a0; dw[wi + co + 1] += a1; dw[wi + co + 2] += a2; dw[wi + co + 3] += a3;
          const q = wi + Cout + co;
          dw[q] += b0; dw[q + 1] += b1; dw[q + 2] += b2; dw[q + 3] += b3;
        }
        for (let co = c4; co < Cout; co++) {
          dw[wi + co] += single(x0, o0, k, co);
          dw[wi + Cout + co] += single(x0, o0, k + 1, co);
        }
      }
      for (let k = k2; k < K; k++) for (let co = 0; co < Cout; co++) dw[k * Cout + co] += single(x0, o0, k, co);
    }
  }
  return dw;
}

/**
 * dxp [N, HP, WP, C] (padded): each output pixel sends dout . w[k, :] to the input value under
 * filter entry k (im2col's transpose, col2im, done in place). Blocks of 2 pixels x 4 entries,
 * taken over all FH*FW*C entries at once so that few fall into the unblocked remainder.
 */
export function inputGradKernel(w: Float64Array, dout: Float64Array, g: ConvGeometry): Float64Array {
  const { N, HP, WP, C, FH, FW, Cout, OH, OW, stride } = g;
  const K = FH * FW * C;
  const k4 = K - (K % 4);
  const off = entryOffsets(g);
  const nextPixel = stride * C;
  const dxp = new Float64Array(N * HP * WP * C);
  // one pixel (dout at o, inputs from x0), entries k0..K-1
  const single = (o: number, x0: number, k0: number): void => {
    for (let k = k0; k < K; k++) {
      let s = 0;
      const wi = k * Cout;
      for (let co = 0; co < Cout; co++) s += dout[o + co] * w[wi + co];
      dxp[x0 + off[k]] += s;
    }
  };
  for (let n = 0; n < N; n++) {
    for (let oh = 0; oh < OH; oh++) {
      let ow = 0;
      for (; ow + 1 < OW; ow += 2) {
        const o = ((n * OH + oh) * OW + ow) * Cout;
        const x0 = pixelStart(g, n, oh, ow);
        for (let k = 0; k < k4; k += 4) {
          let s0 = 0, s1 = 0, s2 = 0, s3 = 0, t0 = 0, t1 = 0, t2 = 0, t3 = 0;
          const wi = k * Cout;
          for (let co = 0; co < Cout; co++) {
            const gu = dout[o + co];
            const gv = dout[o + Cout + co];
            const w0 = w[wi + co], w1 = w[wi + Cout + co], w2 = w[wi + 2 * Cout + co], w3 = w[wi + 3 * Cout + co];
            s0 += gu * w0; s1 += gu * w1; s2 += gu * w2; s3 += gu * w3;
            t0 += gv * w0; t1 += gv * w1; t2 += gv * w2; t3 += gv * w3;
          }
          const p0 = x0 + off[k], p1 = x0 + off[k + 1], p2 = x0 + off[k + 2], p3 = x0 + off[k + 3];
          dxp[p0] += s0; dxp[p1] += s1; dxp[p2] += s2; dxp[p3] += s3;
          dxp[p0 + nextPixel] += t0; dxp[p1 + nextPixel] += t1; dxp[p2 + nextPixel] += t2; dxp[p3 + nextPixel] += t3;
        }
        single(o, x0, k4);
        single(o + Cout, x0 + nextPixel, k4);
      }
      for (; ow < OW; ow++) single(((n * OH + oh) * OW + ow) * Cout, pixelStart(g, n, oh, ow), 0);
    }
  }
  return dxp;
}
