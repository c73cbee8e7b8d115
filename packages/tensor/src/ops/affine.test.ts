import { describe, expect, it } from 'vitest';
import { evalNumericalGradientArray, relError } from '../core/gradcheck';
import { tensor, zeros, type Tensor } from '../core/tensor';
import { RandomState } from '../random/random-state';
import { affineBackward, affineForward } from './affine';

/** Second implementation: x [N, A, B] read element by element, flattened index a * B + b. */
function naiveAffine3(x: Tensor, w: Tensor, b: Tensor): Tensor {
  const [n, a, bb] = x.shape;
  const m = w.shape[1];
  const out = zeros([n, m]);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      let s = b.get(j);
      for (let p = 0; p < a; p++) for (let q = 0; q < bb; q++) s += x.get(i, p, q) * w.get(p * bb + q, j);
      out.set(i, j, s);
    }
  }
  return out;
}

function naiveAffine2(x: Tensor, w: Tensor, b: Tensor): Tensor {
  const [n, d] = x.shape;
  const m = w.shape[1];
  const out = zeros([n, m]);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      let s = b.get(j);
      for (let k = 0; k < d; k++) s += x.get(i, k) * w.get(k, j);
      out.set(i, j, s);
    }
  }
  return out;
}

describe('affineForward', () => {
  it.each([
    [1, 1, 1, 1],
    [1, 2, 3, 4],
    [4, 1, 1, 3],
    [5, 3, 2, 1],
    [3, 2, 4, 6],
  ])('matches nested loops for x [%i, %i, %i] and M = %i', (n, a, bb, m) => {
    const rng = new RandomState(n * 1000 + a * 100 + bb * 10 + m);
    const x = rng.randn(n, a, bb);
    const w = rng.randn(a * bb, m);
    const b = rng.randn(m);
    const [out] = affineForward(x, w, b);
    expect(out.shape).toEqual([n, m]);
    expect(relError(out, naiveAffine3(x, w, b))).toBeLessThan(1e-12);
  });

  it('matches nested loops for rank-2 x, including a transposed (strided) view', () => {
    const rng = new RandomState(7);
    const xT = rng.randn(4, 6).transpose(1, 0); // [6, 4], not contiguous
    const w = rng.randn(4, 3);
    const b = rng.randn(3);
    const [out] = affineForward(xT, w, b);
    expect(relError(out, naiveAffine2(xT, w, b))).toBeLessThan(1e-12);
  });
});

describe('affineBackward', () => {
  it('matches numerical gradients for dx, dw, db; dx keeps x\'s shape', () => {
    const rng = new RandomState(231);
    const x = rng.randn(10, 2, 3);
    const w = rng.randn(6, 5);
    const b = rng.randn(5);
    const dout = rng.randn(10, 5);
    const [, cache] = affineForward(x, w, b);
    const [dx, dw, db] = affineBackward(dout, cache);

    const dxNum = evalNumericalGradientArray((t) => affineForward(t, w, b)[0], x, dout);
    const dwNum = evalNumericalGradientArray((t) => affineForward(x, t, b)[0], w, dout);
    const dbNum = evalNumericalGradientArray((t) => affineForward(x, w, t)[0], b, dout);
    expect(dx.shape).toEqual([10, 2, 3]);
    expect(relError(dx, dxNum)).toBeLessThan(1e-7);
    expect(relError(dw, dwNum)).toBeLessThan(1e-7);
    expect(relError(db, dbNum)).toBeLessThan(1e-7);
  });

  it('works for N = 1, D = 1', () => {
    const rng = new RandomState(1);
    const x = rng.randn(1, 1);
    const w = rng.randn(1, 2);
    const b = rng.randn(2);
    const dout = rng.randn(1, 2);
    const [dx, dw, db] = affineBackward(dout, affineForward(x, w, b)[1]);
    // out_j = x * w_j + b_j, so dx = sum_j dout_j w_j, dw_j = x dout_j, db = dout
    expect(dx.get(0, 0)).toBeCloseTo(dout.get(0, 0) * w.get(0, 0) + dout.get(0, 1) * w.get(0, 1), 14);
    expect(dw.get(0, 1)).toBeCloseTo(x.get(0, 0) * dout.get(0, 1), 14);
    expect(Array.from(db.data)).toEqual(Array.from(dout.data));
  });
});

describe('affine argument errors', () => {
  const x = zeros([4, 2, 3]);
  const w = zeros([6, 5]);
  const b = zeros([5]);

  it('rejects w whose rows are not D, naming w and both shapes', () => {
    expect(() => affineForward(x, zeros([7, 5]), b)).toThrow(/affineForward: argument 'w' expected shape \[6, M\], got shape \[7, 5\]/);
  });
  it('rejects b whose length is not M', () => {
    expect(() => affineForward(x, w, zeros([4]))).toThrow(/argument 'b' expected shape \[5\], got shape \[4\]/);
  });
  it('rejects rank-1 x and rank-1 w', () => {
    expect(() => affineForward(zeros([6]), w, b)).toThrow(/argument 'x' expected rank >= 2 .*got rank 1 \[6\]/);
    expect(() => affineForward(x, zeros([6]), b)).toThrow(/argument 'w' expected rank 2 .*got rank 1 \[6\]/);
  });
  it('rejects dout whose shape is not [N, M]', () => {
    const [, cache] = affineForward(x, w, b);
    expect(() => affineBackward(zeros([4, 4]), cache)).toThrow(/affineBackward: argument 'dout' expected shape \[4, 5\], got shape \[4, 4\]/);
  });
});
