import { describe, expect, it } from 'vitest';
import { tensor } from '@gradient/tensor';
import { problemText } from '../render/verdict-text';
import { compareValue, type Comparison } from './compare';

const text = (c: Comparison) => (c.problem ? problemText(c.problem) : '');

const wire = (data: number[], shape: number[], dtype?: string) => ({ $tensor: true as const, shape, data: Float64Array.from(data), ...(dtype ? { dtype } : {}) });

describe('compareValue', () => {
  const want = tensor([1, 2, 3, 4], [2, 2]);
  it('passes within tolerance and reports the worst entry\'s relative error', () => {
    // entry [0, 0]: 0.05 / 2.05 ~ 0.0244; entry [1, 1]: 0.4 / 8.4 = 1/21 ~ 0.0476, the worst
    const c = compareValue('out', wire([1.05, 2, 3, 4.4], [2, 2]), want, 0.05);
    expect(c.ok).toBe(true);
    expect(c.relError).toBeCloseTo(1 / 21, 12);
    expect(compareValue('out', wire([1.05, 2, 3, 4.4], [2, 2]), want, 0.04).ok).toBe(false);
    expect(compareValue('n', 3, 1, 0.5)).toEqual({ ok: true, relError: 0.5 });
  });
  it('names a wrong shape with both shapes', () => {
    expect(text(compareValue('out', wire([1, 2, 3, 4], [4, 1]), want, 1e-9))).toBe('out: expected shape [2, 2], got [4, 1]');
  });
  it('rejects non-float64 data and NaN with the index', () => {
    expect(text(compareValue('out', wire([1, 2, 3, 4], [2, 2], 'float32'), want, 1e-9))).toMatch(/float64/);
    expect(text(compareValue('out', wire([1, NaN, 3, 4], [2, 2]), want, 1e-9))).toMatch(/NaN at index \[0, 1\]/);
  });
  it('lists the worst entries and a factor hint', () => {
    const c = compareValue('dx', wire([2, 4, 6, 8], [2, 2]), want, 1e-9);
    expect(c.ok).toBe(false);
    // each error is relative to max(|yours| + |expected|, the largest expected magnitude 4): 1/3 for the last
    // three entries (ties list in index order), only 1/4 for [0, 0], whose own magnitudes sum to 3 < 4
    expect(text(c)).toMatch(/worst entries:\n {4}at \[0, 1\]: yours 4, expected 2\n {4}at \[1, 0\]: yours 6, expected 3\n {4}at \[1, 1\]: yours 8, expected 4\n/);
    expect(text(c)).toMatch(/off by a factor of 2/);
  });
  it('says what came back when it is not a tensor', () => {
    expect(text(compareValue('out', undefined as never, want, 1e-9))).toMatch(/forget to return/);
    expect(text(compareValue('out', [1, 2] as never, want, 1e-9))).toMatch(/an array of length 2/);
  });
  it('compares numbers and arrays of numbers exactly when tolerance is 0', () => {
    expect(compareValue('shape', [32, 32, 16], [32, 32, 16], 0).ok).toBe(true);
    expect(text(compareValue('shape', [32, 31, 16], [32, 32, 16], 0))).toBe('shape[1]: expected 32, got 31');
  });
});
