// The one rounding rule for points. Scores stay exact in the data (points x passed / cases, summed exactly);
// every place that shows or writes a score rounds it here, once.

export const POINT_DECIMALS = 4;
const SCALE = 10 ** POINT_DECIMALS;

/**
 * Points rounded to POINT_DECIMALS, half up. Float noise from exact sums (2/3 + 2/3 + 2/3 = 1.9999999999999998)
 * is cleared first, at 12 significant digits, so it can never tip a value across a rounding half.
 */
export function roundPoints(x: number): number {
  if (!Number.isFinite(x)) return x;
  const scaled = Number((x * SCALE).toPrecision(12));
  return Math.round(scaled) / SCALE || 0;
}

/** Points as people read them: at most 4 decimals, no trailing zeros ("2.5", "0.3333", "5"). */
export function formatPoints(x: number): string {
  return String(roundPoints(x));
}
