/*
 * Logistic regression read-outs: P(Y=1 | x) = 1 / (1 + e^{-(beta0 + beta1 x1 + ... + betap xp)}),
 * and its inverse in one feature (the value of x_j that gives a target probability, the others fixed).
 * betas = [beta0, beta1, ..., betap]; x = [x1, ..., xp] (no intercept column).
 */

function checkShapes(op: string, betas: readonly number[], x: readonly number[]): void {
  if (betas.length !== x.length + 1) throw new RangeError(`${op}: ${betas.length} betas need ${betas.length - 1} features, got ${x.length}`);
}

/** beta0 + sum_j beta_j x_j. */
export function logisticLogit(betas: readonly number[], x: readonly number[]): number {
  checkShapes('logisticLogit', betas, x);
  let z = betas[0];
  for (let j = 0; j < x.length; j++) z += betas[j + 1] * x[j];
  return z;
}

/** The logistic function, without overflow for large |z|. */
export function logisticSigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** log(p / (1 - p)), the inverse of logisticSigmoid on (0, 1). */
export function logOdds(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`logOdds: probability must be in (0, 1), got ${p}`);
  return Math.log(p) - Math.log1p(-p);
}

export function logisticProbability(betas: readonly number[], x: readonly number[]): number {
  return logisticSigmoid(logisticLogit(betas, x));
}

/**
 * The value of feature `feature` (0-based index into x) at which the predicted probability is
 * `probability`, the other features as in x (x[feature] itself is ignored).
 */
export function logisticFeatureForProbability(betas: readonly number[], x: readonly number[], feature: number, probability: number): number {
  checkShapes('logisticFeatureForProbability', betas, x);
  if (!Number.isInteger(feature) || feature < 0 || feature >= x.length) throw new RangeError(`logisticFeatureForProbability: feature must be in 0..${x.length - 1}, got ${feature}`);
  const slope = betas[feature + 1];
  if (slope === 0) throw new RangeError(`logisticFeatureForProbability: beta for feature ${feature} is 0, so no value of it changes the probability`);
  const others = logisticLogit(betas, x.map((v, j) => (j === feature ? 0 : v)));
  return (logOdds(probability) - others) / slope;
}
