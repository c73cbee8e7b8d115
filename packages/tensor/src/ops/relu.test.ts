import { describe, expect, it } from 'vitest';
import { evalNumericalGradientArray, relError } from '../core/gradcheck';
import { map, sizeOf, tensor, zeros, type Tensor } from '../core/tensor';
import { RandomState } from '../random/random-state';
import { reluBackward, reluForward } from './relu';

/** Second implementation on [A, B, C] with get/set. */
function naiveRelu3(x: Tensor): Tensor {
  const out = zeros(x.shape);
  for (let i = 0; i < x.shape[0]; i++) {
    for (let j = 0; j < x.shape[1]; j++) {
      for (let k = 0; k < x.shape[2]; k++) out.set(i, j, k, x.get(i, j, k) > 0 ? x.get(i, j, k) : 0);
    }
  }
  return out;
}

/** Moves entries with |v| < 1e-3 away from the kink at 0, so centered differences (h = 1e-5) never straddle it. */
function awayFromKink(x: Tensor): Tensor {
  return map(x, (v) => (Math.abs(v) >= 1e-3 ? v : v >= 0 ? v + 1e-2 : v - 1e-2));
}

describe('reluForward', () => {
  it.each([
    [1, 1, 1],
    [2, 3, 4],
    [5, 1, 2],
  ])('matches nested loops on [%i, %i, %i]', (a, b, c) => {
    const x = new RandomState(a * 100 + b * 10 + c).randn(a, b, c);
    const [out] = reluForward(x);
    expect(out.shape).toEqual([a, b, c]);
    expect(Array.from(out.data)).toEqual(Array.from(naiveRelu3(x).data));
  });

  it('keeps a strided view\'s logical order', () => {
    const x = new RandomState(3).randn(3, 4).transpose(1, 0);
    const [out] = reluForward(x);
    for (let i = 0; i < 4; i++) for (let j = 0; j < 3; j++) expect(out.get(i, j)).toBe(Math.max(0, x.get(i, j)));
  });

  it('lets NaN through instead of hiding it as 0', () => {
    const [out] = reluForward(tensor([NaN, -1, 0, 2], [4]));
    expect(Array.from(out.data)).toEqual([NaN, 0, 0, 2]);
  });
});

describe('reluBackward', () => {
  it.each([[[10, 10]], [[2, 3, 4, 5]], [[1]]])('matches the numerical gradient on %j', (shape) => {
    const rng = new RandomState(sizeOf(shape));
    const x = awayFromKink(rng.randn(...shape));
    const dout = rng.randn(...shape);
    const dx = reluBackward(dout, reluForward(x)[1]);
    const dxNum = evalNumericalGradientArray((t) => reluForward(t)[0], x, dout);
    expect(relError(dx, dxNum)).toBeLessThan(1e-7);
  });

  it('takes the gradient at x = 0 (and -0) as 0, the documented convention', () => {
    const x = tensor([0, -0, 1e-300, -1e-300, 2], [5]);
    const dx = reluBackward(tensor([3, 3, 3, 3, 3], [5]), reluForward(x)[1]);
    expect(Array.from(dx.data)).toEqual([0, 0, 3, 0, 3]);
  });

  it('rejects dout of another shape, naming dout and both shapes', () => {
    const [, cache] = reluForward(zeros([2, 3]));
    expect(() => reluBackward(zeros([3, 2]), cache)).toThrow(/reluBackward: argument 'dout' expected shape \[2, 3\], got shape \[3, 2\]/);
    expect(() => reluBackward(zeros([6]), cache)).toThrow(/argument 'dout' expected rank 2, got rank 1 \[6\]/);
  });

  it('rejects a non-tensor x', () => {
    expect(() => reluForward([1, 2] as unknown as Tensor)).toThrow(/reluForward: argument 'x' expected a float64 ndarray, got an array of length 2/);
  });
});
