import { describe, expect, it } from 'vitest';
import { factorHint } from './hints';

describe('factorHint', () => {
  const want = [0.5, -1.5, 2, 0];
  it('names a clean integer factor and the batch size', () => {
    expect(factorHint(want.map((v) => v * 4), want, 4)).toBe('off by a factor of 4 (N = 4, the batch size): sum vs mean?');
    expect(factorHint(want.map((v) => v / 3), want)).toBe('off by a factor of 1/3');
  });
  it('names a sign flip and all-zero output', () => {
    expect(factorHint(want.map((v) => -v), want)).toMatch(/sign/);
    expect(factorHint([0, 0, 0, 0], want)).toMatch(/all zero/);
  });
  it('stays silent when the error is not a single factor', () => {
    expect(factorHint([1, -1.5, 2, 0], want)).toBeUndefined();
    expect(factorHint(want, want)).toBeUndefined();
    expect(factorHint([1, -3, 4, 1], want)).toBeUndefined();
  });
});
