import { describe, expect, it } from 'vitest';
import { RandomState, relError, tensor, zeros, type Tensor } from '@gradient/tensor';
import { argmaxRows, matmul, matmulNT, matmulTN, takeLabels, takeRows } from './linalg';

function naiveProduct(a: (i: number, p: number) => number, b: (p: number, j: number) => number, n: number, k: number, m: number): Tensor {
  const out = zeros([n, m]);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a(i, p) * b(p, j);
      out.set(i, j, s);
    }
  }
  return out;
}

describe('matrix products', () => {
  // k = 1, 4 and 7: no full group of four, exactly one, and a tail after the groups
  it.each([
    [3, 1, 2],
    [2, 4, 5],
    [4, 7, 3],
  ])('n %i, k %i, m %i: matmul, matmulNT and matmulTN equal a naive triple loop', (n, k, m) => {
    const rs = new RandomState(n * 100 + k * 10 + m);
    const a = rs.randn(n, k);
    const b = rs.randn(k, m);
    const bT = rs.randn(m, k);
    const aT = rs.randn(k, n);
    expect(relError(matmul(a, b), naiveProduct((i, p) => a.get(i, p), (p, j) => b.get(p, j), n, k, m))).toBeLessThan(1e-14);
    expect(relError(matmulNT(a, bT), naiveProduct((i, p) => a.get(i, p), (p, j) => bT.get(j, p), n, k, m))).toBeLessThan(1e-14);
    expect(relError(matmulTN(aT, b), naiveProduct((i, p) => aT.get(p, i), (p, j) => b.get(p, j), n, k, m))).toBeLessThan(1e-14);
  });
});

describe('rows and labels', () => {
  it('takeRows and takeLabels gather with repeats, as X[idx] and y[idx]', () => {
    const X = tensor([0, 1, 10, 11, 20, 21], [3, 2]);
    expect(Array.from(takeRows(X, [2, 0, 2]).data)).toEqual([20, 21, 0, 1, 20, 21]);
    expect(takeRows(X, [1]).shape).toEqual([1, 2]);
    expect(Array.from(takeLabels([5, 6, 7], [2, 2, 0]))).toEqual([7, 7, 5]);
  });

  it('argmaxRows takes the first maximum on ties, as np.argmax', () => {
    expect(Array.from(argmaxRows(tensor([1, 3, 3, -1, 2, 2, 5, 5, 5], [3, 3])))).toEqual([1, 1, 0]);
  });
});
