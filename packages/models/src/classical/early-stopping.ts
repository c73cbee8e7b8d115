/*
 * Early stopping by generalization loss (Prechelt, "Early Stopping - But When?", 1998):
 * GL(t) = 100 * (E_val(t) / min_{t' <= t} E_val(t') - 1), the percent by which the validation
 * error at epoch t exceeds the best so far. Epochs are 0-based indices into the error list.
 */

function checkErrors(op: string, validationErrors: readonly number[]): void {
  validationErrors.forEach((e, t) => {
    // GL divides by the best error so far, so it is only defined for positive errors.
    if (!(Number.isFinite(e) && e > 0)) throw new RangeError(`${op}: validation error at epoch ${t} must be finite and > 0, got ${e}`);
  });
}

/** GL(t) for every epoch t. */
export function generalizationLoss(validationErrors: readonly number[]): number[] {
  checkErrors('generalizationLoss', validationErrors);
  let best = Infinity;
  return validationErrors.map((e) => {
    best = Math.min(best, e);
    return 100 * (e / best - 1);
  });
}

/** The first epoch t with GL(t) > alpha (strictly), or null when training never stops. */
export function earlyStoppingEpoch(validationErrors: readonly number[], alpha: number): number | null {
  if (!(Number.isFinite(alpha) && alpha >= 0)) throw new RangeError(`earlyStoppingEpoch: alpha must be finite and >= 0, got ${alpha}`);
  const t = generalizationLoss(validationErrors).findIndex((gl) => gl > alpha);
  return t === -1 ? null : t;
}
