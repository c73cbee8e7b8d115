import { describe, expect, it } from 'vitest';
import { evalNumericalGradient, evalNumericalGradientArray, gradCheckSparse, relativeError, relError } from './gradcheck';
import { map, tensor } from './tensor';

describe('relativeError', () => {
  it('is |a-b| / max(1e-8, |a|+|b|), symmetric, with the 1e-8 floor near zero', () => {
    expect(relativeError(1, 3)).toBe(0.5);
    expect(relativeError(3, 1)).toBe(0.5);
    expect(relativeError(-1, 1)).toBe(1);
    expect(relativeError(0, 0)).toBe(0);
    expect(relativeError(0, 1e-9)).toBeCloseTo(0.1, 15);
    expect(relativeError(NaN, 1)).toBeNaN();
  });
});

describe('relError', () => {
  it('is the max over entries of |a-b| / max(1e-8, |a|+|b|)', () => {
    const a = tensor([1, 2, 0], [3]);
    const b = tensor([1, 2.2, 0], [3]);
    expect(relError(a, b)).toBeCloseTo(0.2 / 4.2, 15);
    expect(relError(0, 1e-9)).toBeCloseTo(1e-9 / 1e-8, 15);
  });
  it('reports NaN as an infinite error, never as a pass', () => {
    expect(relError(tensor([1, NaN], [2]), tensor([1, 1], [2]))).toBe(Infinity);
  });
  it('rejects different shapes with both shapes in the message', () => {
    expect(() => relError(tensor([1, 2], [2]), tensor([1, 2], [1, 2]))).toThrow(/\[2\].*\[1, 2\]/);
  });
});

describe('numerical gradients', () => {
  it('match the hand-derived gradient of sum(x^3)', () => {
    const x = tensor([0.5, -1.25, 2], [3]);
    const num = evalNumericalGradient((t) => t.data.reduce((s, v) => s + v ** 3, 0), x);
    expect(relError(num, map(x, (v) => 3 * v * v))).toBeLessThan(1e-9);
    expect(Array.from(x.data)).toEqual([0.5, -1.25, 2]);
  });
  it('array version weights by dout', () => {
    const x = tensor([1, 2, 3, 4], [2, 2]);
    const dout = tensor([1, -1, 0.5, 2], [2, 2]);
    const num = evalNumericalGradientArray((t) => map(t, Math.sin), x, dout);
    const exact = tensor(Array.from(x.data, (v, i) => Math.cos(v) * dout.data[i]), [2, 2]);
    expect(relError(num, exact)).toBeLessThan(1e-8);
  });
  it('sparse check flags a wrong analytic gradient', () => {
    const x = tensor([1, 2, 3, 4, 5, 6], [2, 3]);
    const f = (t: typeof x) => t.data.reduce((s, v) => s + v * v, 0);
    let k = 0;
    const rng = { randint: (lo: number, hi: number) => lo + (k++ % (hi - lo)) };
    const good = gradCheckSparse(f, x, map(x, (v) => 2 * v), 4, rng);
    expect(Math.max(...good.map((c) => c.relError))).toBeLessThan(1e-9);
    const bad = gradCheckSparse(f, x, map(x, (v) => v), 4, rng);
    expect(Math.min(...bad.map((c) => c.relError))).toBeGreaterThan(0.3);
  });
});
