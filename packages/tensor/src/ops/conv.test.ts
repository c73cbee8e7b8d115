import { describe, expect, it } from 'vitest';
import { evalNumericalGradientArray, relError } from '../core/gradcheck';
import { tensor } from '../core/tensor';
import { RandomState } from '../random/random-state';
import { convBackward, convForward, type ConvParams } from './conv';
import { convBackwardNaive, convForwardNaive } from './conv.naive';

interface Case {
  x: number[];
  w: number[];
  params: ConvParams;
}

// Non-square inputs and filters, N = 1, C = 1, stride 1/2/3, pad 0/1/2, Cout not a multiple of 4,
// odd output widths: every remainder path of the blocked kernels.
const CASES: Case[] = [
  { x: [2, 7, 9, 3], w: [3, 3, 3, 4], params: { stride: 1, pad: 1 } },
  { x: [1, 8, 6, 2], w: [3, 2, 2, 5], params: { stride: 2, pad: 0 } },
  { x: [3, 5, 7, 1], w: [2, 4, 1, 3], params: { stride: 2, pad: 2 } },
  { x: [1, 6, 6, 1], w: [5, 5, 1, 1], params: { stride: 1, pad: 2 } },
  { x: [2, 9, 11, 3], w: [5, 5, 3, 7], params: { stride: 3, pad: 1 } },
  { x: [1, 4, 5, 2], w: [1, 1, 2, 8], params: { stride: 1, pad: 0 } },
  { x: [2, 6, 5, 4], w: [3, 3, 4, 6], params: { stride: 2, pad: 1 } },
];

const label = (c: Case) => `x ${c.x}, w ${c.w}, stride ${c.params.stride}, pad ${c.params.pad}`;

/** x, w, b uniform in [-1, 1) from RandomState(seed), the forward pass, and a dout of its output shape. */
function seededCase(c: Case, seed: number) {
  const rng = new RandomState(seed);
  const x = rng.uniform(-1, 1, c.x);
  const w = rng.uniform(-1, 1, c.w);
  const b = rng.uniform(-1, 1, [c.w[3]]);
  const [out, cache] = convForward(x, w, b, c.params);
  return { x, w, b, out, cache, dout: rng.uniform(-1, 1, out.shape) };
}

describe('convForward', () => {
  it('computes a hand-checked 2x2 box sum', () => {
    // x = 1..9 as a 3x3 image, w = all ones 2x2: each output is the sum of a 2x2 block,
    // 1+2+4+5 = 12, 2+3+5+6 = 16, 4+5+7+8 = 24, 5+6+8+9 = 28; bias 0.5 added to each.
    const x = tensor([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]);
    const [out] = convForward(x, tensor([1, 1, 1, 1], [2, 2, 1, 1]), tensor([0.5], [1]), { stride: 1, pad: 0 });
    expect(out.shape).toEqual([1, 2, 2, 1]);
    expect(Array.from(out.data)).toEqual([12.5, 16.5, 24.5, 28.5]);
  });

  it.each(CASES)('matches the naive definition: $x $w $params', (c) => {
    const { x, w, b, out } = seededCase(c, 1);
    const expected = convForwardNaive(x, w, b, c.params);
    expect(out.shape, label(c)).toEqual(expected.shape);
    expect(relError(out, expected), label(c)).toBeLessThan(1e-12);
  });

  it('reads strided views as their logical values', () => {
    const rng = new RandomState(4);
    const x = rng.uniform(-1, 1, [2, 5, 6, 3]);
    const w = rng.uniform(-1, 1, [3, 3, 3, 2]);
    const b = rng.uniform(-1, 1, [2]);
    // a [N, W, H, C] array transposed into an [N, H, W, C] view (not contiguous)
    const xt = rng.uniform(-1, 1, [2, 6, 5, 3]).transpose(0, 2, 1, 3);
    for (let n = 0; n < 2; n++)
      for (let h = 0; h < 5; h++) for (let v = 0; v < 6; v++) for (let c = 0; c < 3; c++) xt.set(n, h, v, c, x.get(n, h, v, c));
    const p = { stride: 1, pad: 1 };
    expect(relError(convForward(xt, w, b, p)[0], convForward(x, w, b, p)[0])).toBe(0);
  });
});

describe('convBackward', () => {
  const gradCases: Case[] = [
    { x: [2, 5, 6, 3], w: [3, 3, 3, 5], params: { stride: 1, pad: 1 } },
    { x: [1, 7, 5, 2], w: [3, 2, 2, 4], params: { stride: 2, pad: 2 } },
    { x: [2, 4, 4, 1], w: [2, 3, 1, 2], params: { stride: 1, pad: 0 } },
  ];

  it.each(gradCases)('dx, dw, db match numerical gradients: $x $w $params', (c) => {
    const { x, w, b, cache, dout } = seededCase(c, 11);
    const [dx, dw, db] = convBackward(dout, cache);
    const dxNum = evalNumericalGradientArray((t) => convForward(t, w, b, c.params)[0], x, dout);
    const dwNum = evalNumericalGradientArray((t) => convForward(x, t, b, c.params)[0], w, dout);
    const dbNum = evalNumericalGradientArray((t) => convForward(x, w, t, c.params)[0], b, dout);
    expect(relError(dx, dxNum), `dx, ${label(c)}`).toBeLessThan(1e-7);
    expect(relError(dw, dwNum), `dw, ${label(c)}`).toBeLessThan(1e-7);
    expect(relError(db, dbNum), `db, ${label(c)}`).toBeLessThan(1e-7);
  });

  it.each(CASES)('matches the naive term-by-term gradients: $x $w $params', (c) => {
    const { x, w, b, cache, dout } = seededCase(c, 21);
    const [dx, dw, db] = convBackward(dout, cache);
    const [dxRef, dwRef, dbRef] = convBackwardNaive(dout, x, w, c.params);
    expect(relError(dx, dxRef), `dx, ${label(c)}`).toBeLessThan(1e-12);
    expect(relError(dw, dwRef), `dw, ${label(c)}`).toBeLessThan(1e-12);
    expect(relError(db, dbRef), `db, ${label(c)}`).toBeLessThan(1e-12);
  });
});

describe('convolution argument errors', () => {
  const rng = new RandomState(31);
  const x = rng.uniform(-1, 1, [2, 6, 5, 3]);
  const w = rng.uniform(-1, 1, [3, 3, 3, 4]);
  const b = rng.uniform(-1, 1, [4]);
  const p = { stride: 1, pad: 1 };

  it('rejects x of the wrong rank', () => {
    expect(() => convForward(rng.uniform(-1, 1, [6, 5, 3]), w, b, p)).toThrow(/convForward: argument 'x' expected rank 4 \[N, H, W, C\], got rank 3 \[6, 5, 3\]/);
  });
  it('rejects w of the wrong rank', () => {
    expect(() => convForward(x, rng.uniform(-1, 1, [3, 3, 3]), b, p)).toThrow(/argument 'w' expected rank 4 \[FH, FW, Cin, Cout\], got rank 3 \[3, 3, 3\]/);
  });
  it('rejects a filter whose input channels differ from x', () => {
    expect(() => convForward(x, rng.uniform(-1, 1, [3, 3, 2, 4]), b, p)).toThrow(/argument 'w' expected shape \[FH, FW, 3, Cout\], got shape \[3, 3, 2, 4\]/);
  });
  it('rejects a bias whose length is not Cout', () => {
    expect(() => convForward(x, w, rng.uniform(-1, 1, [3]), p)).toThrow(/argument 'b' expected shape \[4\], got shape \[3\]/);
    expect(() => convForward(x, w, rng.uniform(-1, 1, [4, 1]), p)).toThrow(/argument 'b' expected rank 1/);
  });
  it('rejects stride that is not an integer >= 1', () => {
    expect(() => convForward(x, w, b, { stride: 0, pad: 1 })).toThrow(/argument 'stride' expected an integer >= 1, got number 0/);
    expect(() => convForward(x, w, b, { stride: 1.5, pad: 1 })).toThrow(/argument 'stride' expected an integer >= 1, got number 1.5/);
  });
  it('rejects pad that is negative or not an integer', () => {
    expect(() => convForward(x, w, b, { stride: 1, pad: -1 })).toThrow(/argument 'pad' expected an integer >= 0, got number -1/);
    expect(() => convForward(x, w, b, { stride: 1, pad: 0.5 })).toThrow(/argument 'pad' expected an integer >= 0, got number 0.5/);
  });
  it('rejects missing params', () => {
    expect(() => convForward(x, w, b, undefined as unknown as ConvParams)).toThrow(/argument 'params' expected an object \{ stride, pad \}, got undefined/);
  });
  it('rejects a filter larger than the padded input', () => {
    // W = 5, pad 0: a filter 6 wide does not fit; with pad 1 (7 wide) it does
    const wide = rng.uniform(-1, 1, [3, 6, 3, 4]);
    expect(() => convForward(x, wide, b, { stride: 1, pad: 0 })).toThrow(/argument 'w' expected a filter no larger than the padded input \[H\+2\*pad, W\+2\*pad\] = \[6, 5\], got filter \[FH, FW\] = \[3, 6\]/);
    expect(convForward(x, wide, b, { stride: 1, pad: 1 })[0].shape).toEqual([2, 6, 2, 4]);
  });
  it('rejects dout whose shape is not the output shape', () => {
    const [out, cache] = convForward(x, w, b, p);
    expect(out.shape).toEqual([2, 6, 5, 4]);
    expect(() => convBackward(rng.uniform(-1, 1, [2, 6, 5, 3]), cache)).toThrow(/convBackward: argument 'dout' expected shape \[2, 6, 5, 4\], got shape \[2, 6, 5, 3\]/);
  });
});
