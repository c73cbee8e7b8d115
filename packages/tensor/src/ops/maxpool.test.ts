import { describe, expect, it } from 'vitest';
import { evalNumericalGradientArray, relError } from '../core/gradcheck';
import { sizeOf, tensor, zeros, type Shape, type Tensor } from '../core/tensor';
import { RandomState } from '../random/random-state';
import { maxPoolBackward, maxPoolForward, type MaxPoolParams } from './maxpool';

/**
 * Seeded values with all entries distinct and at least 1/size apart (a ramp in [-1, 1) shuffled by a
 * seeded permutation),
 * so no window has a near-tie and the centered differences never cross a kink of max.
 */
function distinctTensor(shape: Shape, seed: number): Tensor {
  const size = sizeOf(shape);
  const order = new RandomState(seed).permutation(size).data;
  return tensor(Float64Array.from(order, (i) => -1 + (2 * i) / size), shape);
}

/** out[n, i, j, c] = max over the window's entries, straight from the definition. */
function maxPoolNaive(x: Tensor, { size, stride }: MaxPoolParams): Tensor {
  const [N, H, W, C] = x.shape;
  const out = zeros([N, Math.floor((H - size) / stride) + 1, Math.floor((W - size) / stride) + 1, C]);
  for (let n = 0; n < N; n++)
    for (let i = 0; i < out.shape[1]; i++)
      for (let j = 0; j < out.shape[2]; j++)
        for (let c = 0; c < C; c++) {
          let m = -Infinity;
          for (let a = 0; a < size; a++) for (let b = 0; b < size; b++) m = Math.max(m, x.get(n, i * stride + a, j * stride + b, c));
          out.set(n, i, j, c, m);
        }
  return out;
}

const CASES: { x: number[]; params: MaxPoolParams }[] = [
  { x: [2, 6, 8, 3], params: { size: 2, stride: 2 } },
  { x: [1, 7, 5, 1], params: { size: 3, stride: 2 } },
  { x: [3, 5, 6, 2], params: { size: 2, stride: 1 } },
  { x: [1, 9, 4, 4], params: { size: 3, stride: 3 } },
  { x: [2, 4, 4, 1], params: { size: 4, stride: 1 } },
];

describe('maxPoolForward', () => {
  it('pools a hand-checked 4x4 image', () => {
    // 2x2 windows, stride 2, over rows [1 5 2 0], [3 4 8 1], [0 2 9 7], [6 1 3 3]
    const x = tensor([1, 5, 2, 0, 3, 4, 8, 1, 0, 2, 9, 7, 6, 1, 3, 3], [1, 4, 4, 1]);
    const [out] = maxPoolForward(x, { size: 2, stride: 2 });
    expect(out.shape).toEqual([1, 2, 2, 1]);
    expect(Array.from(out.data)).toEqual([5, 8, 6, 9]);
  });

  it.each(CASES)('matches the naive definition: $x $params', ({ x: shape, params }) => {
    const x = distinctTensor(shape, 1);
    const [out] = maxPoolForward(x, params);
    const expected = maxPoolNaive(x, params);
    expect(out.shape).toEqual(expected.shape);
    expect(relError(out, expected)).toBeLessThan(1e-12);
  });
});

describe('maxPoolBackward', () => {
  it.each(CASES)('matches numerical gradients: $x $params', ({ x: shape, params }) => {
    const x = distinctTensor(shape, 2);
    const [out, cache] = maxPoolForward(x, params);
    const dout = distinctTensor(out.shape, 3);
    const dx = maxPoolBackward(dout, cache);
    const dxNum = evalNumericalGradientArray((t) => maxPoolForward(t, params)[0], x, dout);
    expect(relError(dx, dxNum)).toBeLessThan(1e-7);
  });

  it('sends the gradient of a tie to the first maximum in row-major window order', () => {
    // one 3x3 window, the max 7 appears at (0, 2), (1, 0) and (2, 2): row-major first is (0, 2)
    const x = tensor([1, 2, 7, 7, 3, 0, 4, 5, 7], [1, 3, 3, 1]);
    const [out, cache] = maxPoolForward(x, { size: 3, stride: 1 });
    expect(Array.from(out.data)).toEqual([7]);
    const dx = maxPoolBackward(tensor([2.5], [1, 1, 1, 1]), cache);
    expect(Array.from(dx.data)).toEqual([0, 0, 2.5, 0, 0, 0, 0, 0, 0]);
  });

  it('adds gradients of overlapping windows that pick the same entry', () => {
    // 1x3 image [0 9 0], windows of 2 with stride 1 both pick the 9 (size needs H >= 2: two rows)
    const x = tensor([0, 9, 0, 0, 0, 0], [1, 2, 3, 1]);
    const [, cache] = maxPoolForward(x, { size: 2, stride: 1 });
    const dx = maxPoolBackward(tensor([1, 10], [1, 1, 2, 1]), cache);
    expect(Array.from(dx.data)).toEqual([0, 11, 0, 0, 0, 0]);
  });
});

describe('max pooling argument errors', () => {
  const x = distinctTensor([2, 5, 6, 3], 4);
  it('rejects x of the wrong rank', () => {
    expect(() => maxPoolForward(distinctTensor([5, 6, 3], 1), { size: 2, stride: 2 })).toThrow(/maxPoolForward: argument 'x' expected rank 4 \[N, H, W, C\], got rank 3 \[5, 6, 3\]/);
  });
  it('rejects size and stride that are not integers >= 1', () => {
    expect(() => maxPoolForward(x, { size: 0, stride: 2 })).toThrow(/argument 'size' expected an integer >= 1, got number 0/);
    expect(() => maxPoolForward(x, { size: 2, stride: 1.5 })).toThrow(/argument 'stride' expected an integer >= 1, got number 1.5/);
    expect(() => maxPoolForward(x, null as unknown as MaxPoolParams)).toThrow(/argument 'params' expected an object \{ size, stride \}, got null/);
  });
  it('rejects a window larger than the input', () => {
    expect(() => maxPoolForward(x, { size: 6, stride: 1 })).toThrow(/argument 'size' expected a window no larger than the input \[H, W\] = \[5, 6\], got size 6/);
  });
  it('rejects dout whose shape is not the output shape', () => {
    const [out, cache] = maxPoolForward(x, { size: 2, stride: 2 });
    expect(out.shape).toEqual([2, 2, 3, 3]);
    expect(() => maxPoolBackward(zeros([2, 3, 2, 3]), cache)).toThrow(/maxPoolBackward: argument 'dout' expected shape \[2, 2, 3, 3\], got shape \[2, 3, 2, 3\]/);
  });
});
