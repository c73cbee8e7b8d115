import { describe, expect, it } from 'vitest';
import { relError } from '../core/gradcheck';
import { zeros } from '../core/tensor';
import { RandomState } from '../random/random-state';
import { convForward } from './conv';
import { grayscaleFilter } from './grayscale';

describe('grayscaleFilter', () => {
  it.each([
    [3, 3, 2],
    [5, 5, 4],
    [1, 1, 3],
  ])('makes channel 1 of a %ix%i filter bank (Cout %i) compute Luma, other channels untouched', (FH, FW, Cout) => {
    // square filters: one pad = F//2 keeps H and W, so output pixel (h, v) is centred on input (h, v)
    const rng = new RandomState(1);
    const img = rng.rand(2, 6, 7, 3);
    const w = rng.rand(FH, FW, 3, Cout);
    const wBefore = Float64Array.from(w.data);
    const b = zeros([Cout]);
    const params = { stride: 1, pad: Math.floor(FH / 2) };
    const gray = grayscaleFilter(w);
    expect(Array.from(w.data)).toEqual(Array.from(wBefore));
    const [out] = convForward(img, gray, b, params);
    const [outOriginal] = convForward(img, w, b, params);
    expect(out.shape).toEqual([2, 6, 7, Cout]);
    const luma = zeros([2, 6, 7]);
    const lumaOut = zeros([2, 6, 7]);
    for (let n = 0; n < 2; n++)
      for (let h = 0; h < 6; h++)
        for (let v = 0; v < 7; v++) {
          luma.set(n, h, v, 0.299 * img.get(n, h, v, 0) + 0.587 * img.get(n, h, v, 1) + 0.114 * img.get(n, h, v, 2));
          lumaOut.set(n, h, v, out.get(n, h, v, 1));
          for (let c = 0; c < Cout; c++) if (c !== 1) expect(out.get(n, h, v, c)).toBe(outOriginal.get(n, h, v, c));
        }
    expect(relError(lumaOut, luma)).toBeLessThan(1e-12);
  });

  it('puts the three weights on the centre tap of a non-square filter and zeros elsewhere', () => {
    const w = new RandomState(3).rand(3, 5, 3, 2);
    const gray = grayscaleFilter(w);
    for (let kh = 0; kh < 3; kh++)
      for (let kw = 0; kw < 5; kw++)
        for (let c = 0; c < 3; c++) {
          const centre = kh === 1 && kw === 2;
          expect(gray.get(kh, kw, c, 1)).toBe(centre ? [0.299, 0.587, 0.114][c] : 0);
          expect(gray.get(kh, kw, c, 0)).toBe(w.get(kh, kw, c, 0));
        }
  });

  it('rejects filters that are not [FH, FW, 3, Cout>=2] with odd sizes', () => {
    const rng = new RandomState(1);
    expect(() => grayscaleFilter(rng.rand(3, 3, 3))).toThrow(/grayscaleFilter: argument 'w' expected rank 4 \[FH, FW, Cin, Cout\], got rank 3/);
    expect(() => grayscaleFilter(rng.rand(3, 3, 1, 2))).toThrow(/argument 'w' expected shape \[FH, FW, 3, Cout\], got shape \[3, 3, 1, 2\]/);
    expect(() => grayscaleFilter(rng.rand(3, 3, 3, 1))).toThrow(/argument 'w' expected at least 2 output channels .*, got shape \[3, 3, 3, 1\]/);
    expect(() => grayscaleFilter(rng.rand(4, 3, 3, 2))).toThrow(/argument 'w' expected odd filter sizes FH and FW .*, got shape \[4, 3, 3, 2\]/);
  });
});
