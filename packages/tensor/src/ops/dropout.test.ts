import { describe, expect, it } from 'vitest';
import { evalNumericalGradientArray, relError } from '../core/gradcheck';
import { tensor, zeros, type Tensor } from '../core/tensor';
import { RandomState } from '../random/random-state';
import { dropoutBackward, dropoutForward, type DropoutParams, type UniformSource } from './dropout';

/** Records the shape of every draw. */
function countingRng(seed: number): UniformSource & { calls: number[][] } {
  const inner = new RandomState(seed);
  const calls: number[][] = [];
  return { calls, rand: (...shape: number[]) => (calls.push(shape), inner.rand(...shape)) };
}

const noDraws: UniformSource = {
  rand: () => {
    throw new Error('test mode must not draw from the rng');
  },
};

describe('dropoutForward, train mode', () => {
  it.each([
    [1, 1, 0.5],
    [3, 7, 0.25],
    [6, 2, 0],
    [4, 5, 0.9],
  ])('matches loops over the documented rule on [%i, %i], p = %f', (n, d, p) => {
    const x = new RandomState(n * d).randn(n, d);
    const [out, cache] = dropoutForward(x, { p, mode: 'train', rng: new RandomState(42) });
    // the rule a student must reproduce: u = rng.rand(...x.shape), keep where u >= p, scale by 1/(1-p)
    const u = new RandomState(42).rand(n, d);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) {
        const m = u.get(i, j) >= p ? 1 / (1 - p) : 0;
        expect(cache.mask!.get(i, j)).toBe(m);
        expect(out.get(i, j)).toBe(x.get(i, j) * m); // -0 for a dropped negative x, as NumPy gives
      }
    }
  });

  it('draws exactly once, with x\'s shape, even when p = 0', () => {
    const rng = countingRng(5);
    dropoutForward(zeros([2, 3, 4]), { p: 0, mode: 'train', rng });
    expect(rng.calls).toEqual([[2, 3, 4]]);
  });

  it('gives the same mask for the same seed and another for another seed', () => {
    const x = tensor(new Float64Array(1000).fill(1), [10, 100]);
    const a = dropoutForward(x, { p: 0.5, mode: 'train', rng: new RandomState(1) })[1].mask!;
    const b = dropoutForward(x, { p: 0.5, mode: 'train', rng: new RandomState(1) })[1].mask!;
    const c = dropoutForward(x, { p: 0.5, mode: 'train', rng: new RandomState(2) })[1].mask!;
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    expect(Array.from(a.data)).not.toEqual(Array.from(c.data));
  });

  it.each([0.1, 0.5, 0.8])('keeps a fraction near 1 - p of a big array (p = %f), survivors scaled by 1/(1-p)', (p) => {
    const x = tensor(new Float64Array(200_000).fill(1), [500, 400]);
    const [out] = dropoutForward(x, { p, mode: 'train', rng: new RandomState(99) });
    const kept = out.data.filter((v) => v !== 0).length;
    expect(new Set(out.data)).toEqual(new Set([0, 1 / (1 - p)]));
    // binomial standard deviation of the fraction is at most 0.5 / sqrt(2e5) ~ 1.1e-3
    expect(Math.abs(kept / x.size - (1 - p))).toBeLessThan(0.01);
  });
});

describe('dropoutForward, test mode', () => {
  it('returns a copy of x and draws nothing', () => {
    const x = new RandomState(3).randn(4, 5);
    const [out, cache] = dropoutForward(x, { p: 0.7, mode: 'test', rng: noDraws });
    expect(Array.from(out.data)).toEqual(Array.from(x.data));
    out.data[0] += 1;
    expect(out.data[0]).not.toBe(x.data[0]);
    expect(cache.mask).toBeNull();
  });

  it('needs no rng', () => {
    const [out] = dropoutForward(tensor([1, 2], [2]), { p: 0.3, mode: 'test' });
    expect(Array.from(out.data)).toEqual([1, 2]);
  });
});

describe('dropoutBackward', () => {
  it.each([0.3, 0.6])('matches the numerical gradient in train mode (p = %f)', (p) => {
    const rng = new RandomState(17);
    const x = rng.randn(10, 10);
    const dout = rng.randn(10, 10);
    // re-seeding on every call keeps the mask fixed while x is perturbed
    const f = (t: Tensor) => dropoutForward(t, { p, mode: 'train', rng: new RandomState(123) })[0];
    const [, cache] = dropoutForward(x, { p, mode: 'train', rng: new RandomState(123) });
    const dx = dropoutBackward(dout, cache);
    expect(relError(dx, evalNumericalGradientArray(f, x, dout))).toBeLessThan(1e-7);
  });

  it('matches the numerical gradient in test mode', () => {
    const rng = new RandomState(18);
    const x = rng.randn(3, 4, 2);
    const dout = rng.randn(3, 4, 2);
    const f = (t: Tensor) => dropoutForward(t, { p: 0.5, mode: 'test' })[0];
    const dx = dropoutBackward(dout, dropoutForward(x, { p: 0.5, mode: 'test' })[1]);
    expect(relError(dx, evalNumericalGradientArray(f, x, dout))).toBeLessThan(1e-7);
  });

  it('rejects dout of another shape in either mode', () => {
    for (const mode of ['train', 'test'] as const) {
      const [, cache] = dropoutForward(zeros([2, 3]), { p: 0.5, mode, rng: new RandomState(0) });
      expect(() => dropoutBackward(zeros([3, 2]), cache)).toThrow(/dropoutBackward: argument 'dout' expected shape \[2, 3\], got shape \[3, 2\]/);
    }
  });
});

describe('dropout argument errors', () => {
  const x = zeros([2, 2]);
  it.each([1, 1.5, -0.1, NaN])('rejects p = %f, naming p and the range [0, 1)', (p) => {
    expect(() => dropoutForward(x, { p, mode: 'train', rng: new RandomState(0) })).toThrow(/dropoutForward: argument 'p' expected a number in \[0, 1\), got number/);
  });
  it('rejects a p given as a string', () => {
    expect(() => dropoutForward(x, { p: '0.5', mode: 'train', rng: new RandomState(0) } as unknown as DropoutParams)).toThrow(/argument 'p'.*got string 0.5/);
  });
  it('rejects an unknown mode', () => {
    expect(() => dropoutForward(x, { p: 0.5, mode: 'eval', rng: new RandomState(0) } as unknown as DropoutParams)).toThrow(/argument 'mode' expected one of 'train', 'test', got string eval/);
  });
  it('rejects train mode without an rng', () => {
    expect(() => dropoutForward(x, { p: 0.5, mode: 'train' })).toThrow(/argument 'rng' expected an object with rand\(\.\.\.shape\).*got undefined/);
  });
  it('rejects an rng whose samples have the wrong shape', () => {
    const bad: UniformSource = { rand: () => zeros([4]) };
    expect(() => dropoutForward(x, { p: 0.5, mode: 'train', rng: bad })).toThrow(/argument 'rng.rand\(\.\.\.x.shape\)' expected rank 2, got rank 1/);
  });
  it('rejects missing params', () => {
    expect(() => dropoutForward(x, undefined as unknown as DropoutParams)).toThrow(/argument 'params' expected an object/);
  });
});
