import { describe, expect, it } from 'vitest';
import { hintText } from '../render/verdict-text';
import { factorHint, transposeHint } from './hints';
import type { Hint } from './problem';

const text = (h: Hint | undefined) => (h ? hintText(h) : undefined);

describe('factorHint', () => {
  const want = [0.5, -1.5, 2, 0];
  it('names a clean integer factor and the batch size', () => {
    expect(text(factorHint(want.map((v) => v * 4), want, 4))).toBe('off by a factor of 4 (N = 4, the batch size): sum vs mean?');
    expect(text(factorHint(want.map((v) => v / 3), want))).toBe('off by a factor of 1/3');
  });
  it('names a sign flip and all-zero output', () => {
    expect(text(factorHint(want.map((v) => -v), want))).toMatch(/sign/);
    expect(text(factorHint([0, 0, 0, 0], want))).toMatch(/all zero/);
  });
  it('stays silent when the error is not a single factor', () => {
    expect(factorHint([1, -1.5, 2, 0], want)).toBeUndefined();
    expect(factorHint(want, want)).toBeUndefined();
    expect(factorHint([1, -3, 4, 1], want)).toBeUndefined();
  });
});

describe('transposeHint', () => {
  // a 2x2x3 array and the same with axes 0 and 1 swapped, built element by element
  const shape = [2, 2, 3];
  const want = Array.from({ length: 12 }, (_, i) => i + 1);
  const swapped = want.map((_, flat) => {
    const [i, j, k] = [Math.floor(flat / 6), Math.floor(flat / 3) % 2, flat % 3];
    return want[j * 6 + i * 3 + k];
  });
  it('names the swapped axes', () => {
    expect(text(transposeHint(swapped, want, shape, 1e-9))).toMatch(/axes 0 and 1 swapped/);
  });
  it('stays silent for an unrelated error or a correct answer', () => {
    expect(transposeHint(want.map((v) => v + 1), want, shape, 1e-9)).toBeUndefined();
    expect(transposeHint(want, want, [12], 1e-9)).toBeUndefined();
  });
});
