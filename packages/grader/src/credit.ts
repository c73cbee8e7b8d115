// Credit formulas: the points a measured value (an accuracy) earns, as the spec declares them.
// Called only from scoreTest (score.ts), the one place scores are computed.
import { formatPoints } from './render/points';
import type { Credit, CreditFormula } from './spec/types';

// Measured values are ratios of counts (25/50): one a rounding error short of a step reaches it, since
// (0.50 - 0.28) / 0.22 is 0.9999999999999999 in float64. No ratio of counts lies this close below a step.
export const STEP_SLACK = 1e-9;

export function isFormula(credit: Credit | undefined): credit is CreditFormula {
  return typeof credit === 'object' && credit !== null;
}

/** The points the measured value x earns under the formula, between 0 and the test's points. */
export function formulaPoints(formula: CreditFormula, points: number, x: number): number {
  if (!Number.isFinite(x)) return 0;
  let earned = 0;
  if ('thresholds' in formula) {
    // the highest threshold reached, whatever the table's order
    let highest = -Infinity;
    for (const [atLeast, p] of formula.thresholds) {
      if (x >= atLeast - STEP_SLACK && atLeast > highest) [highest, earned] = [atLeast, p];
    }
  } else {
    const { offset, scale, max } = formula.clampFloor;
    earned = Math.max(0, Math.min(Math.floor((x - offset) / scale + STEP_SLACK), max)) * points;
  }
  return Math.min(Math.max(earned, 0), points);
}

/** The formula as a student reads it: "min(floor((x - 0.28) / 0.22), 1) x 2 points", ">= 0.7: 3, >= 0.75: 5 points". */
export function describeFormula(formula: CreditFormula, points: number): string {
  if ('thresholds' in formula) return `${formula.thresholds.map(([atLeast, p]) => `>= ${atLeast}: ${formatPoints(p)}`).join(', ')} points`;
  const { offset, scale, max } = formula.clampFloor;
  return `min(floor((x - ${offset}) / ${scale}), ${max}) x ${formatPoints(points)} points, at least 0`;
}
