import { describe, expect, it } from 'vitest';
import { logisticFeatureForProbability, logisticProbability, logOdds, logisticSigmoid } from './logistic';

// ISLR exercise 4.6: beta0 = -6, beta1 = 0.05 per hour studied, beta2 = 1 per GPA point.
const betas = [-6, 0.05, 1];

describe('logistic regression read-outs', () => {
  it('P(A | 40 h, GPA 3.5) = 1 / (1 + e^0.5) ~ 0.3775', () => {
    // logit = -6 + 0.05 * 40 + 1 * 3.5 = -0.5.
    const p = logisticProbability(betas, [40, 3.5]);
    expect(p).toBeCloseTo(1 / (1 + Math.exp(0.5)), 15);
    expect(p).toBeCloseTo(0.3775, 4);
  });

  it('50 % at GPA 3.5 needs 50 hours', () => {
    // logOdds(0.5) = 0 = -6 + 0.05 h + 3.5, so h = 2.5 / 0.05 = 50.
    expect(logisticFeatureForProbability(betas, [0, 3.5], 0, 0.5)).toBeCloseTo(50, 12);
    // Whatever x[feature] holds is ignored.
    expect(logisticFeatureForProbability(betas, [123, 3.5], 0, 0.5)).toBeCloseTo(50, 12);
  });

  it('the inverse round-trips at other probabilities and features', () => {
    const hours = logisticFeatureForProbability(betas, [0, 3.5], 0, 0.9);
    expect(logisticProbability(betas, [hours, 3.5])).toBeCloseTo(0.9, 12);
    const gpa = logisticFeatureForProbability(betas, [40, 0], 1, 0.3);
    expect(gpa).toBeCloseTo(logOdds(0.3) + 4, 12);
    expect(logisticProbability(betas, [40, gpa])).toBeCloseTo(0.3, 12);
  });

  it('logisticSigmoid does not overflow and logOdds rejects 0 and 1', () => {
    expect(logisticSigmoid(-800)).toBe(0);
    expect(logisticSigmoid(800)).toBe(1);
    expect(logisticSigmoid(-40)).toBeCloseTo(Math.exp(-40), 30);
    expect(() => logOdds(0)).toThrow(/\(0, 1\)/);
    expect(() => logOdds(1)).toThrow(/\(0, 1\)/);
    expect(() => logisticFeatureForProbability([1, 0], [2], 0, 0.5)).toThrow(/is 0/);
    expect(() => logisticProbability(betas, [40])).toThrow(/need 2 features/);
  });
});
