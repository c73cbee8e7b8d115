import { describe, expect, it } from 'vitest';
import { exponentialDecay, inverseTimeDecay, kerasExponentialDecay, kerasInverseTimeDecay, stepDecay } from './lr-schedules';

describe('learning-rate schedules', () => {
  it('step decay halves every 10 epochs', () => {
    // 0.1 * 0.5^floor(t / 10): epochs 0..9 -> 0.1, 10..19 -> 0.05, 25 -> 0.025.
    expect(stepDecay(0.1, 0.5, 10, 0)).toBe(0.1);
    expect(stepDecay(0.1, 0.5, 10, 9)).toBe(0.1);
    expect(stepDecay(0.1, 0.5, 10, 10)).toBe(0.05);
    expect(stepDecay(0.1, 0.5, 10, 25)).toBe(0.025);
  });

  it('exponential decay is lr0 e^{-kt}', () => {
    expect(exponentialDecay(0.1, 0.1, 0)).toBe(0.1);
    expect(exponentialDecay(0.1, 0.1, 10)).toBeCloseTo(0.1 / Math.E, 15); // e^{-1}
    expect(exponentialDecay(1, Math.LN2, 3)).toBeCloseTo(0.125, 15); // halves each step
  });

  it('inverse time decay is lr0 / (1 + kt)', () => {
    expect(inverseTimeDecay(0.1, 0.5, 0)).toBe(0.1);
    expect(inverseTimeDecay(0.1, 0.5, 2)).toBeCloseTo(0.05, 15); // 0.1 / 2
    expect(inverseTimeDecay(0.1, 0.5, 6)).toBeCloseTo(0.025, 15); // 0.1 / 4
  });

  it("Keras' ExponentialDecay is lr0 * rate^(step / decaySteps), staircase flooring the exponent", () => {
    expect(kerasExponentialDecay(0.1, 1000, 0.96, 500)).toBeCloseTo(0.1 * Math.sqrt(0.96), 15);
    expect(kerasExponentialDecay(0.1, 1000, 0.96, 500, true)).toBe(0.1);
    expect(kerasExponentialDecay(0.1, 1000, 0.96, 2500, true)).toBeCloseTo(0.1 * 0.96 ** 2, 15);
    // With rate = e^{-k} and decaySteps = 1 it is the textbook exponential decay.
    expect(kerasExponentialDecay(0.1, 1, Math.exp(-0.3), 7)).toBeCloseTo(exponentialDecay(0.1, 0.3, 7), 15);
  });

  it("Keras' InverseTimeDecay is lr0 / (1 + rate * step / decaySteps)", () => {
    expect(kerasInverseTimeDecay(0.1, 10, 0.5, 5)).toBeCloseTo(0.1 / 1.25, 15);
    expect(kerasInverseTimeDecay(0.1, 10, 0.5, 15, true)).toBeCloseTo(0.1 / 1.5, 15);
    expect(kerasInverseTimeDecay(0.1, 1, 0.5, 6)).toBeCloseTo(inverseTimeDecay(0.1, 0.5, 6), 15);
  });

  it('rejects negative epochs and non-positive periods', () => {
    expect(() => stepDecay(0.1, 0.5, 0, 1)).toThrow(/every/);
    expect(() => exponentialDecay(0.1, 0.1, -1)).toThrow(/t must be/);
    expect(() => kerasInverseTimeDecay(0.1, 0, 0.5, 1)).toThrow(/decaySteps/);
  });
});
