import { describe, expect, it } from 'vitest';
import { RandomState } from '../random/random-state';
import { gemmNT, transposeInto } from './gemm';

describe('gemmNT', () => {
  // sizes around the 3 x 3 blocks: 1 (all edge), 3 (one full block), 4 and 5 (a full block and an edge), k = 0
  it.each([
    [1, 1, 1],
    [3, 3, 7],
    [4, 5, 2],
    [5, 4, 13],
    [7, 2, 0],
    [2, 8, 3],
  ])('n %i, m %i, k %i: equals the naive sum in the same order, exactly, and writes only [n, m]', (n, m, k) => {
    const rs = new RandomState(n * 100 + m * 10 + k);
    const a = rs.randn(n * k + 1).data.subarray(0, n * k);
    const b = rs.randn(m * k + 1).data.subarray(0, m * k);
    const out = new Float64Array(n * m + 1).fill(NaN);
    gemmNT(a, b, out, n, m, k);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < m; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += a[i * k + p] * b[j * k + p];
        expect(out[i * m + j], `out[${i}, ${j}]`).toBe(s);
      }
    }
    expect(out[n * m]).toBeNaN();
  });
});

describe('transposeInto', () => {
  it.each([
    [1, 1],
    [3, 17],
    [9, 8],
  ])('[%i, %i] -> its transpose', (rows, cols) => {
    const src = Float64Array.from({ length: rows * cols }, (_, i) => i);
    const dst = new Float64Array(rows * cols);
    transposeInto(src, rows, cols, dst);
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) expect(dst[c * rows + r]).toBe(src[r * cols + c]);
  });
});
