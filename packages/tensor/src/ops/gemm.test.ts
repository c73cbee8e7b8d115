import { describe, expect, it } from 'vitest';
import { RandomState } from '../random/random-state';
import { gemmNT, gemmNTScalar, transposeInto } from './gemm';
import { MAX_ROW_KERNELS, simdAvailable } from './gemm.simd';

/** a bᵀ by the definition, each sum in the order of one of the kernels: p in order, or even and odd p apart. */
function naiveNT(a: Float64Array, b: Float64Array, n: number, m: number, k: number, lanes: 1 | 2): Float64Array {
  const out = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      const s = [0, 0];
      for (let p = 0; p < k; p++) s[p % lanes] += a[i * k + p] * b[j * k + p];
      out[i * m + j] = s[0] + s[1];
    }
  }
  return out;
}

// sizes around the blocks (3 x 3 in the scalar kernel, 4 rows of a x 2 of b in the SIMD one): 1 (all edge),
// 3 and 4 (one full block), 5 and 7 (a full block and an edge); k = 0, odd k (the SIMD kernel pads rows), a k past one block of memory pages, and an a of
// more than 4 Mi doubles (the SIMD kernel takes it in two chunks of rows)
const SIZES = [
  [1, 1, 1],
  [3, 3, 7],
  [4, 5, 2],
  [5, 4, 13],
  [7, 2, 0],
  [2, 8, 3],
  [5, 51, 9], // m >= 16 and odd: the SIMD kernel's rows are copied back one set() at a time
  [8, 50, 9], // m a multiple of 2: copied back in one set()
  [10, 4, 3001],
  [1400, 2, 3001],
];

describe.each([
  ['gemmNTScalar', gemmNTScalar, 1],
  ['gemmNT', gemmNT, simdAvailable() ? 2 : 1],
] as const)('%s', (_, kernel, lanes) => {
  it.each(SIZES)('n %i, m %i, k %i: equals the naive sums in the kernel\'s order, exactly, and writes only [n, m]', (n, m, k) => {
    const rs = new RandomState(n * 100 + m * 10 + k);
    const a = rs.randn(n * k + 1).data.subarray(0, n * k);
    const b = rs.randn(m * k + 1).data.subarray(0, m * k);
    const out = new Float64Array(n * m + 1).fill(NaN);
    kernel(a, b, out, n, m, k);
    const expected = naiveNT(a, b, n, m, k, lanes);
    for (let i = 0; i < n * m; i++) expect(out[i], `out[${Math.floor(i / m)}, ${i % m}]`).toBe(expected[i]);
    expect(out[n * m]).toBeNaN();
  });
});

it(`more row lengths than get a module of their own (${MAX_ROW_KERNELS}): the others run the general kernel, with the same sums`, () => {
  const rs = new RandomState(7);
  for (let k = 1; k <= 2 * MAX_ROW_KERNELS + 8; k += 2) {
    const [n, m] = [6, 3];
    const a = rs.randn(n * k).data;
    const b = rs.randn(m * k).data;
    const out = new Float64Array(n * m);
    gemmNT(a, b, out, n, m, k);
    expect(Array.from(out), `k ${k}`).toEqual(Array.from(naiveNT(a, b, n, m, k, simdAvailable() ? 2 : 1)));
  }
});

it('the SIMD kernel is in use on Node >= 16 (WebAssembly SIMD is on by default there)', () => {
  expect(simdAvailable()).toBe(true);
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
