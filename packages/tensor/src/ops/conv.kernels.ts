// The inner loops of convolution over raw Float64Arrays, register-blocked for speed.
// Checked arguments come from conv.ts; nothing here validates. Layout: padded input
// xp [N, HP, WP, C], w [FH, FW, C, Cout] (= a [FH, FW*C, Cout] matrix), dout [N, OH, OW, Cout].
//
// Key fact used throughout: for one output pixel and one filter row kh, the input values under
// that row are one contiguous run of FW*C numbers, and the matching filter weights are the
// contiguous [FW*C, Cout] block w[kh] (an implicit im2col: no column matrix is built).
//
// Why the blocks are small: V8 emits scalar float64 code, one load plus a bounds check per
// array read. A block of MR pixels x NR channels kept in local variables costs MR + NR reads for
// MR*NR multiply-adds, but V8 spills to the stack beyond about 8-9 live sums (x64 has 16 float
// registers, and V8 issues all of a step's products before their additions). Measured: 2 x 4
// and 3 x 3 blocks beat 3 x 4 (spills 2-8 sums) and 4 x 4. Blocks at the edges are never cut
// short: missing pixels repeat the last one, missing channels are zero columns, and the extra
// sums are dropped when the block is stored, so there is one loop and no remainder paths.
//
// Index arithmetic inside the hot loops is written `(a + b) | 0`: it tells V8 the result is an
// int32 that may wrap, so it drops the overflow check (add + jo) on every index; the arrays'
// lengths bound the indices far below 2^31. See docs/benchmarks.md for the measurements.

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

/** (min(i + d, last) - i) * step for d = 1, 2: where a block's later members start, clamped at the edge. */
function clampedSteps(i: number, last: number, step: number): [number, number] {
  return [(Math.min(i + 1, last) - i) * step, (Math.min(i + 2, last) - i) * step];
}

/** m [rows, cols] -> [rows, colsP] with zero columns appended (m itself when colsP = cols). */
function padColumns(m: Float64Array, cols: number, colsP: number): Float64Array {
  if (colsP === cols) return m;
  const rows = m.length / cols;
  const out = new Float64Array(rows * colsP);
  for (let r = 0; r < rows; r++) out.set(m.subarray(r * cols, (r + 1) * cols), r * colsP);
  return out;
}

/** Writes the first `pixels` x `channels` of a block of sums (`width` per pixel) to out at o. */
function storeBlock(blk: Float64Array, width: number, out: Float64Array, o: number, Cout: number, pixels: number, channels: number): void {
  for (let p = 0; p < pixels; p++) for (let q = 0; q < channels; q++) out[o + p * Cout + q] = blk[p * width + q];
}

/**
 * out [N, OH, OW, Cout] = b + sum over (kh, kw, ci) of xp * w. Also computes dx (see
 * inputGradKernel), where Cout is the input's channel count, often 3: hence the narrow variant,
 * as 4-channel blocks would waste a quarter of the work there.
 */
export function forwardKernel(xp: Float64Array, w: Float64Array, b: Float64Array, g: ConvGeometry): Float64Array {
  return g.Cout <= 3 ? forwardNarrow(xp, w, b, g) : forwardWide(xp, w, b, g);
}

/** Blocks of 2 pixels x 4 channels. */
function forwardWide(xp: Float64Array, wIn: Float64Array, bIn: Float64Array, g: ConvGeometry): Float64Array {
  const { N, WP, C, FH, FW, Cout, OH, OW, stride } = g;
  const run = FW * C;
  const rowStep = WP * C;
  const CP = Math.ceil(Cout / 4) * 4;
  const w = padColumns(wIn, Cout, CP);
  const b = padColumns(bIn, Cout, CP);
  const out = new Float64Array(N * OH * OW * Cout);
  const blk = new Float64Array(8);
  for (let n = 0; n < N; n++) {
    for (let oh = 0; oh < OH; oh++) {
      for (let ow = 0; ow < OW; ow += 2) {
        const x0 = pixelStart(g, n, oh, ow);
        const [p1] = clampedSteps(ow, OW - 1, stride * C);
        const o = ((n * OH + oh) * OW + ow) * Cout;
        for (let co = 0; co < CP; co += 4) {
          let a0 = b[co], a1 = b[co + 1], a2 = b[co + 2], a3 = b[co + 3];
          let b0 = a0, b1 = a1, b2 = a2, b3 = a3;
          for (let kh = 0; kh < FH; kh++) {
            const x = (x0 + kh * rowStep) | 0;
            const y = (x + p1) | 0;
            let wi = (kh * run * CP + co) | 0;
            for (let j = 0; j < run; j = (j + 1) | 0, wi = (wi + CP) | 0) {
              const w0 = w[wi], w1 = w[(wi + 1) | 0], w2 = w[(wi + 2) | 0], w3 = w[(wi + 3) | 0];
              let u = xp[(x + j) | 0];
              a0 += u * w0; a1 += u * w1; a2 += u * w2; a3 += u * w3;
              u = xp[(y + j) | 0];
              b0 += u * w0; b1 += u * w1; b2 += u * w2; b3 += u * w3;
            }
          }
          const p = o + co;
          // full blocks are written directly: a storeBlock call per block measured 0.25 ms slower
          if (p1 !== 0 && co + 4 <= Cout) {
            out[p] = a0; out[p + 1] = a1; out[p + 2] = a2; out[p + 3] = a3;
            out[p + Cout] = b0; out[p + Cout + 1] = b1; out[p + Cout + 2] = b2; out[p + Cout + 3] = b3;
          } else {
            blk[0] = a0; blk[1] = a1; blk[2] = a2; blk[3] = a3;
            blk[4] = b0; blk[5] = b1; blk[6] = b2; blk[7] = b3;
            storeBlock(blk, 4, out, p, Cout, Math.min(2, OW - ow), Math.min(4, Cout - co));
          }
        }
      }
    }
  }
  return out;
}

/** Cout <= 3: blocks of 3 pixels x 3 channels. */
function forwardNarrow(xp: Float64Array, wIn: Float64Array, bIn: Float64Array, g: ConvGeometry): Float64Array {
  const { N, WP, C, FH, FW, Cout, OH, OW, stride } = g;
  const run = FW * C;
  const rowStep = WP * C;
  const w = padColumns(wIn, Cout, 3);
  const b = padColumns(bIn, Cout, 3);
  const out = new Float64Array(N * OH * OW * Cout);
  const blk = new Float64Array(9);
  for (let n = 0; n < N; n++) {
    for (let oh = 0; oh < OH; oh++) {
      for (let ow = 0; ow < OW; ow += 3) {
        const x0 = pixelStart(g, n, oh, ow);
        const [p1, p2] = clampedSteps(ow, OW - 1, stride * C);
        let a0 = b[0], a1 = b[1], a2 = b[2];
        let b0 = a0, b1 = a1, b2 = a2;
        let c0 = a0, c1 = a1, c2 = a2;
        for (let kh = 0; kh < FH; kh++) {
          const x = (x0 + kh * rowStep) | 0;
          const y = (x + p1) | 0, z = (x + p2) | 0;
          let wi = (kh * run * 3) | 0;
          for (let j = 0; j < run; j = (j + 1) | 0, wi = (wi + 3) | 0) {
            const w0 = w[wi], w1 = w[(wi + 1) | 0], w2 = w[(wi + 2) | 0];
            let u = xp[(x + j) | 0];
            a0 += u * w0; a1 += u * w1; a2 += u * w2;
            u = xp[(y + j) | 0];
            b0 += u * w0; b1 += u * w1; b2 += u * w2;
            u = xp[(z + j) | 0];
            c0 += u * w0; c1 += u * w1; c2 += u * w2;
          }
        }
        blk[0] = a0; blk[1] = a1; blk[2] = a2;
        blk[3] = b0; blk[4] = b1; blk[5] = b2;
        blk[6] = c0; blk[7] = c1; blk[8] = c2;
        storeBlock(blk, 3, out, ((n * OH + oh) * OW + ow) * Cout, Cout, Math.min(3, OW - ow), Cout);
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

/** Output rows summed per dw block: their douts (8 rows x 32 pixels x 16 channels = 32 KB) stay in L1. */
const DW_ROWS = 8;

/**
 * dw [FH, FW, C, Cout]: for each filter entry, the sum over output pixels of xp * dout.
 * Blocks of 2 entries x 4 channels, each summed over DW_ROWS output rows before touching dw.
 */
export function filterGradKernel(xp: Float64Array, doutIn: Float64Array, g: ConvGeometry): Float64Array {
  const { N, HP, WP, C, FH, FW, Cout, OH, OW, stride } = g;
  const K = FH * FW * C;
  const CP = Math.ceil(Cout / 4) * 4;
  const dout = padColumns(doutIn, Cout, CP);
  const off = entryOffsets(g);
  const nextPixel = stride * C;
  const nextRow = stride * WP * C;
  const dw = new Float64Array(K * CP);
  for (let n = 0; n < N; n++) {
    for (let oh0 = 0; oh0 < OH; oh0 += DW_ROWS) {
      const oh1 = Math.min(OH, oh0 + DW_ROWS);
      const x0 = (n * HP + oh0 * stride) * WP * C;
      const o0 = (n * OH + oh0) * OW * CP;
      for (let k = 0; k < K; k += 2) {
        // an odd K's last pair repeats entry K-1; its second sums are dropped below
        const k1 = Math.min(k + 1, K - 1);
        const e0 = off[k], e1 = off[k1];
        for (let co = 0; co < CP; co += 4) {
          let a0 = 0, a1 = 0, a2 = 0, a3 = 0, b0 = 0, b1 = 0, b2 = 0, b3 = 0;
          let xRow = x0;
          let o = (o0 + co) | 0;
          for (let oh = oh0; oh < oh1; oh++, xRow += nextRow) {
            for (let ow = 0, xi = xRow | 0; ow < OW; ow = (ow + 1) | 0, xi = (xi + nextPixel) | 0, o = (o + CP) | 0) {
              const g0 = dout[o], g1 = dout[(o + 1) | 0], g2 = dout[(o + 2) | 0], g3 = dout[(o + 3) | 0];
              let u = xp[(xi + e0) | 0];
              a0 += u * g0; a1 += u * g1; a2 += u * g2; a3 += u * g3;
              u = xp[(xi + e1) | 0];
              b0 += u * g0; b1 += u * g1; b2 += u * g2; b3 += u * g3;
            }
          }
          let q = k * CP + co;
          dw[q] += a0; dw[q + 1] += a1; dw[q + 2] += a2; dw[q + 3] += a3;
          if (k1 > k) { q = k1 * CP + co; dw[q] += b0; dw[q + 1] += b1; dw[q + 2] += b2; dw[q + 3] += b3; }
        }
      }
    }
  }
  return dropColumns(dw, CP, Cout);
}

/** m [rows, colsP] -> its first cols columns (m itself when cols = colsP). */
function dropColumns(m: Float64Array, colsP: number, cols: number): Float64Array {
  if (colsP === cols) return m;
  const rows = m.length / colsP;
  const out = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) out.set(m.subarray(r * colsP, r * colsP + cols), r * cols);
  return out;
}

/**
 * dx [N, H, W, C] as a gather rather than a scatter: dx is the stride-1 convolution of dout
 * (dilated by the stride and framed so that it lines up, see doutWindow) with w flipped in space
 * and with C and Cout swapped, so it reuses the forward kernel. This replaced col2im's
 * read-modify-write of every input value once per filter entry, and its padded dx copy.
 * For stride s > 1, s*s - 1 of every s*s window positions are zeros: extra work, kept for one path.
 */
export function inputGradKernel(w: Float64Array, dout: Float64Array, g: ConvGeometry, pad: number): Float64Array {
  const { N, HP, WP, C, FH, FW, Cout } = g;
  const H = HP - 2 * pad;
  const W = WP - 2 * pad;
  const window = doutWindow(dout, g, pad);
  const gt: ConvGeometry = { N, HP: H + FH - 1, WP: W + FW - 1, C: Cout, FH, FW, Cout: C, OH: H, OW: W, stride: 1 };
  return forwardKernel(window, flippedFilter(w, g), new Float64Array(C), gt);
}

/**
 * dout [N, OH, OW, Cout] -> [N, H+FH-1, W+FW-1, Cout] with dout[oh, ow] at
 * (oh*s + FH-1-pad, ow*s + FW-1-pad) and zeros elsewhere; positions outside are dropped
 * (they only occur when pad > FH-1, and only ever reach padding).
 */
function doutWindow(dout: Float64Array, g: ConvGeometry, pad: number): Float64Array {
  const { N, HP, WP, FH, FW, Cout, OH, OW, stride } = g;
  const RH = HP - 2 * pad + FH - 1;
  const RW = WP - 2 * pad + FW - 1;
  const out = new Float64Array(N * RH * RW * Cout);
  // the ow whose column c = ow*s + FW-1-pad lies in [0, RW)
  const ow0 = Math.max(0, Math.ceil((pad - FW + 1) / stride));
  const ow1 = Math.min(OW, Math.ceil((RW - FW + 1 + pad) / stride));
  for (let n = 0; n < N; n++) {
    for (let oh = 0; oh < OH; oh++) {
      const r = oh * stride + FH - 1 - pad;
      if (r < 0 || r >= RH) continue;
      const src = ((n * OH + oh) * OW + ow0) * Cout;
      const dst = ((n * RH + r) * RW + ow0 * stride + FW - 1 - pad) * Cout;
      if (stride === 1) {
        // one block copy per row instead of one per pixel (0.2 ms of the 0.35 ms this takes)
        out.set(dout.subarray(src, src + (ow1 - ow0) * Cout), dst);
        continue;
      }
      for (let ow = ow0; ow < ow1; ow++) {
        const s = src + (ow - ow0) * Cout;
        const d = dst + (ow - ow0) * stride * Cout;
        for (let co = 0; co < Cout; co++) out[d + co] = dout[s + co];
      }
    }
  }
  return out;
}

/** w [FH, FW, C, Cout] -> [FH, FW, Cout, C], reversed along FH and FW. */
function flippedFilter(w: Float64Array, { FH, FW, C, Cout }: ConvGeometry): Float64Array {
  const out = new Float64Array(w.length);
  for (let kh = 0; kh < FH; kh++) {
    for (let kw = 0; kw < FW; kw++) {
      const src = ((FH - 1 - kh) * FW + (FW - 1 - kw)) * C * Cout;
      const dst = (kh * FW + kw) * Cout * C;
      for (let ci = 0; ci < C; ci++) for (let co = 0; co < Cout; co++) out[dst + co * C + ci] = w[src + ci * Cout + co];
    }
  }
  return out;
}
