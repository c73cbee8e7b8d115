/*
 * Learning-rate schedules as pure functions of the epoch (or step) t, counted from 0.
 * The textbook forms:
 *   step decay      lr0 * drop^floor(t / every)
 *   exponential     lr0 * e^{-k t}
 *   inverse time    lr0 / (1 + k t)
 * and Keras' tf.keras.optimizers.schedules conventions, which count optimizer steps and scale by
 * decay_steps (ExponentialDecay: lr0 * rate^{t / decaySteps}; InverseTimeDecay:
 * lr0 / (1 + rate * t / decaySteps); staircase floors t / decaySteps).
 */

function check(op: string, name: string, v: number, min = 0): void {
  if (!(Number.isFinite(v) && v >= min)) throw new RangeError(`${op}: ${name} must be finite and >= ${min}, got ${v}`);
}

export function stepDecay(lr0: number, drop: number, every: number, epoch: number): number {
  check('stepDecay', 'lr0', lr0);
  check('stepDecay', 'drop', drop);
  check('stepDecay', 'every', every, 1);
  check('stepDecay', 'epoch', epoch);
  return lr0 * drop ** Math.floor(epoch / every);
}

export function exponentialDecay(lr0: number, k: number, t: number): number {
  check('exponentialDecay', 'lr0', lr0);
  check('exponentialDecay', 'k', k);
  check('exponentialDecay', 't', t);
  return lr0 * Math.exp(-k * t);
}

export function inverseTimeDecay(lr0: number, k: number, t: number): number {
  check('inverseTimeDecay', 'lr0', lr0);
  check('inverseTimeDecay', 'k', k);
  check('inverseTimeDecay', 't', t);
  return lr0 / (1 + k * t);
}

/** tf.keras.optimizers.schedules.ExponentialDecay(lr0, decaySteps, decayRate, staircase)(step). */
export function kerasExponentialDecay(lr0: number, decaySteps: number, decayRate: number, step: number, staircase = false): number {
  check('kerasExponentialDecay', 'lr0', lr0);
  if (!(decaySteps > 0)) throw new RangeError(`kerasExponentialDecay: decaySteps must be > 0, got ${decaySteps}`);
  check('kerasExponentialDecay', 'decayRate', decayRate);
  check('kerasExponentialDecay', 'step', step);
  const p = step / decaySteps;
  return lr0 * decayRate ** (staircase ? Math.floor(p) : p);
}

/** tf.keras.optimizers.schedules.InverseTimeDecay(lr0, decaySteps, decayRate, staircase)(step). */
export function kerasInverseTimeDecay(lr0: number, decaySteps: number, decayRate: number, step: number, staircase = false): number {
  check('kerasInverseTimeDecay', 'lr0', lr0);
  if (!(decaySteps > 0)) throw new RangeError(`kerasInverseTimeDecay: decaySteps must be > 0, got ${decaySteps}`);
  check('kerasInverseTimeDecay', 'decayRate', decayRate);
  check('kerasInverseTimeDecay', 'step', step);
  const p = step / decaySteps;
  return lr0 / (1 + decayRate * (staircase ? Math.floor(p) : p));
}
