/*
 * Polynomial least squares of degree d and its leave-one-out cross-validation error.
 * For least squares LOOCV has a closed form through the hat matrix (ISLR eq. 5.2):
 *   CV(n) = (1/n) sum_i ((y_i - yhat_i) / (1 - h_ii))^2,
 * where yhat and h come from the single fit on all n points. loocvByRefitting computes the same
 * number the long way (n fits, each predicting the left-out point), for checking.
 */
import { leastSquares, type LeastSquaresFit } from './least-squares';

/** Columns 1, x, x^2, ..., x^degree (the intercept first, as numpy's vander(x, d + 1, increasing=True)). */
export function polynomialDesign(x: readonly number[], degree: number): number[][] {
  if (!Number.isInteger(degree) || degree < 0) throw new RangeError(`polynomialDesign: degree must be an integer >= 0, got ${degree}`);
  return x.map((v) => Array.from({ length: degree + 1 }, (_, j) => v ** j));
}

export function polynomialFit(x: readonly number[], y: readonly number[], degree: number): LeastSquaresFit {
  return leastSquares(polynomialDesign(x, degree), y);
}

export function polynomialPredict(coefficients: readonly number[], x: number): number {
  let s = 0;
  for (let j = coefficients.length - 1; j >= 0; j--) s = s * x + coefficients[j];
  return s;
}

/** LOOCV mean squared error from one fit, via the leverages h_ii. */
export function polynomialLoocv(x: readonly number[], y: readonly number[], degree: number): number {
  const { residuals, leverage } = polynomialFit(x, y, degree);
  let sum = 0;
  for (let i = 0; i < residuals.length; i++) {
    // h_ii = 1 means point i alone determines a coefficient: leaving it out leaves the fit undetermined.
    if (!(leverage[i] < 1 - 1e-12)) throw new RangeError(`polynomialLoocv: point ${i} has leverage ${leverage[i]}, LOOCV is undefined`);
    sum += (residuals[i] / (1 - leverage[i])) ** 2;
  }
  return sum / residuals.length;
}

/** LOOCV mean squared error by n explicit refits, each without one point. */
export function polynomialLoocvByRefitting(x: readonly number[], y: readonly number[], degree: number): number {
  let sum = 0;
  for (let i = 0; i < x.length; i++) {
    const keep = (_: number, j: number): boolean => j !== i;
    const { coefficients } = polynomialFit(x.filter(keep), y.filter(keep), degree);
    sum += (y[i] - polynomialPredict(coefficients, x[i])) ** 2;
  }
  return sum / x.length;
}
