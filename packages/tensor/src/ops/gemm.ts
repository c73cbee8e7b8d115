// Matrix products over raw row-major Float64Arrays, register-blocked for V8. Nothing here validates:
// callers pass checked sizes and arrays at least that long.
//
// One product, out = a bᵀ, because in that form both operands are read along contiguous rows (dot
// products); the other products are this one after a transpose, which costs O(n k) against the
// product's O(n m k). Blocks of 3 rows of a x 3 rows of b keep 9 sums in local variables (V8
// spills beyond about 9 live doubles; 3 x 3 measured 1.50 GMAC/s against 1.32 for 4 x 2 and 1.07 for
// 2 x 4 on X [200, 784] W1ᵀ [784, 50]). Edge blocks run in full with their last row repeated and the
// extra sums dropped on store, so there are no remainder loops. `(i + p) | 0` drops V8's int32
// overflow check on each index (see conv.kernels.ts).

import { gemmNTSimd } from './gemm.simd';
import { pickThreaded } from './gemm.threads';

export { gemmThreadInfo } from './gemm.threads';

/**
 * out [n, m] = a [n, k] times the transpose of b [m, k]: out[i*m + j] = sum over p of a[i*k + p] * b[j*k + p].
 * Through the WebAssembly SIMD kernel of gemm.simd.ts (products at even and odd p summed apart, then
 * added), or gemmNTScalar where WebAssembly SIMD is unavailable. Large products run on two threads
 * (gemm.threads.ts) with bitwise the same results. out must not overlap a or b.
 *
 * `meanwhile` is run once, on this thread, while the second thread computes its share of a large product
 * (otherwise just after the product): work of the caller's that neither writes a, b or out nor reads out.
 */
export function gemmNT(a: Float64Array, b: Float64Array, out: Float64Array, n: number, m: number, k: number, meanwhile?: () => void): void {
  if (gemmNTSimd(a, b, out, n, m, k, pickThreaded, meanwhile)) return;
  gemmNTScalar(a, b, out, n, m, k);
  meanwhile?.();
}

/** gemmNT in plain JavaScript, each sum running over p = 0, 1, ..., k - 1 in order. */
export function gemmNTScalar(a: Float64Array, b: Float64Array, out: Float64Array, n: number, m: number, k: number): void {
  if (n === 0 || m === 0) return;
  for (let i = 0; i < n; i += 3) {
    const a0 = i * k;
    const a1 = Math.min(i + 1, n - 1) * k;
    const a2 = Math.min(i + 2, n - 1) * k;
    const rows = Math.min(3, n - i);
    for (let j = 0; j < m; j += 3) {
      const b0 = j * k;
      const b1 = Math.min(j + 1, m - 1) * k;
      const b2 = Math.min(j + 2, m - 1) * k;
      let s00 = 0;
      let s01 = 0;
      let s02 = 0;
      let s10 = 0;
      let s11 = 0;
      let s12 = 0;
      let s20 = 0;
      let s21 = 0;
      let s22 = 0;
      for (let p = 0; p < k; p++) {
        const y0 = b[(b0 + p) | 0];
        const y1 = b[(b1 + p) | 0];
        const y2 = b[(b2 + p) | 0];
        const x0 = a[(a0 + p) | 0];
        const x1 = a[(a1 + p) | 0];
        const x2 = a[(a2 + p) | 0];
        s00 += x0 * y0;
        s01 += x0 * y1;
        s02 += x0 * y2;
        s10 += x1 * y0;
        s11 += x1 * y1;
        s12 += x1 * y2;
        s20 += x2 * y0;
        s21 += x2 * y1;
        s22 += x2 * y2;
      }
      const cols = Math.min(3, m - j);
      const o = i * m + j;
      out[o] = s00;
      if (cols > 1) out[o + 1] = s01;
      if (cols > 2) out[o + 2] = s02;
      if (rows > 1) {
        out[o + m] = s10;
        if (cols > 1) out[o + m + 1] = s11;
        if (cols > 2) out[o + m + 2] = s12;
      }
      if (rows > 2) {
        out[o + 2 * m] = s20;
        if (cols > 1) out[o + 2 * m + 1] = s21;
        if (cols > 2) out[o + 2 * m + 2] = s22;
      }
    }
  }
}

/** dst [cols, rows] = the transpose of src [rows, cols]. dst must not overlap src. */
export function transposeInto(src: Float64Array, rows: number, cols: number, dst: Float64Array): void {
  // 4 source rows at a time: 4 sequential read streams, 4 adjacent writes (measured 0.15 ms for
  // [200, 784] against 0.28 for 8 x 8 tiles and 0.25-0.30 for plain loops)
  let r = 0;
  for (; r + 4 <= rows; r += 4) {
    const s0 = r * cols;
    const s1 = s0 + cols;
    const s2 = s1 + cols;
    const s3 = s2 + cols;
    for (let c = 0; c < cols; c++) {
      const o = c * rows + r;
      dst[o] = src[s0 + c];
      dst[o + 1] = src[s1 + c];
      dst[o + 2] = src[s2 + c];
      dst[o + 3] = src[s3 + c];
    }
  }
  for (; r < rows; r++) for (let c = 0; c < cols; c++) dst[c * rows + r] = src[r * cols + c];
}
