import { describe, expect, it } from 'vitest';
import { earlyStoppingEpoch, generalizationLoss } from './early-stopping';

// Dyadic errors, so every GL below is exact in float64 and the "strictly above" boundary is testable
// (with 0.55 / 0.5 the float GL is 10.000000000000009, not 10).
const errors = [1, 0.75, 0.5, 0.5625, 0.625, 0.25, 0.3125, 0.375];

describe('generalization loss', () => {
  it('is 100 * (E(t) / best so far - 1), by hand', () => {
    // best so far: 1, .75, .5, .5, .5, .25, .25, .25
    // GL: 0, 0, 0, 100*(.5625/.5-1)=12.5, 100*(.625/.5-1)=25, 0, 100*(.3125/.25-1)=25, 100*(.375/.25-1)=50
    expect(generalizationLoss(errors)).toEqual([0, 0, 0, 12.5, 25, 0, 25, 50]);
  });

  it('stops at the first epoch with GL strictly above alpha', () => {
    expect(earlyStoppingEpoch(errors, 10)).toBe(3); // GL 12.5 > 10
    expect(earlyStoppingEpoch(errors, 20)).toBe(4); // GL 25 > 20
    expect(earlyStoppingEpoch(errors, 25)).toBe(7); // GL 25 is not > 25 (epochs 4 and 6); 50 is
    expect(earlyStoppingEpoch(errors, 50)).toBeNull();
    expect(earlyStoppingEpoch([], 1)).toBeNull();
  });

  it('rejects errors GL cannot divide by and a negative alpha', () => {
    expect(() => generalizationLoss([0.5, 0])).toThrow(/epoch 1/);
    expect(() => generalizationLoss([NaN])).toThrow(/epoch 0/);
    expect(() => earlyStoppingEpoch(errors, -1)).toThrow(/alpha/);
  });
});
