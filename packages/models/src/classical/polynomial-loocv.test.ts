import { spawnSync } from 'node:child_process';
import { RandomState } from '@gradient/tensor';
import { describe, expect, it } from 'vitest';
import { polynomialFit, polynomialLoocv, polynomialLoocvByRefitting } from './polynomial-loocv';

// ISLR exercise 5.8 in NumPy: np.random.seed(1); x = randn(100); y = x - 2 x^2 + randn(100).
function islrData(): { x: number[]; y: number[] } {
  const rs = new RandomState(1);
  const x = Array.from((rs.randn(100) as { data: Float64Array }).data);
  const noise = Array.from((rs.randn(100) as { data: Float64Array }).data);
  return { x, y: x.map((v, i) => v - 2 * v * v + noise[i]) };
}

// From NumPy 2.4 (explicit refits with np.linalg.lstsq on np.vander(x, d + 1, increasing=True)).
const NUMPY_LOOCV = [6.260764331604616, 0.9142897072803656, 0.9268768781648804, 0.8669116865881077];

const relative = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

describe('polynomial LOOCV', () => {
  it('three points by hand: a line leaving each out gives squared errors 1, 0.25, 1, so CV = 0.75', () => {
    // Without (0,0): line through (1,1),(2,3) predicts -1 at 0. Without (1,1): through (0,0),(2,3)
    // predicts 1.5 at 1. Without (2,3): through (0,0),(1,1) predicts 2 at 2.
    const x = [0, 1, 2];
    const y = [0, 1, 3];
    expect(polynomialLoocv(x, y, 1)).toBeCloseTo(0.75, 13);
    expect(polynomialLoocvByRefitting(x, y, 1)).toBeCloseTo(0.75, 13);
  });

  it('the hat-matrix closed form equals explicit refits for degrees 1..4 on the ISLR data', () => {
    const { x, y } = islrData();
    for (let d = 1; d <= 4; d++) {
      const closed = polynomialLoocv(x, y, d);
      expect(relative(closed, polynomialLoocvByRefitting(x, y, d))).toBeLessThan(1e-10);
      expect(relative(closed, NUMPY_LOOCV[d - 1])).toBeLessThan(1e-9);
    }
    // The quadratic truth wins clearly over the line.
    expect(polynomialLoocv(x, y, 2)).toBeLessThan(polynomialLoocv(x, y, 1) / 5);
  });

  it('leverages sum to the number of coefficients (trace of the hat matrix)', () => {
    const { x, y } = islrData();
    const { leverage, coefficients } = polynomialFit(x, y, 3);
    expect(leverage.reduce((a, b) => a + b, 0)).toBeCloseTo(4, 10);
    expect(coefficients).toHaveLength(4);
  });

  it('refuses LOOCV when a point has leverage 1 (a quadratic through three points)', () => {
    expect(() => polynomialLoocv([0, 1, 2], [0, 1, 3], 2)).toThrow(/leverage/);
    expect(() => polynomialFit([1, 1, 1], [0, 1, 2], 1)).toThrow(/rank deficient/);
  });

  const numpy = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8', timeout: 20_000 });
  // Skipped where python3 with NumPy is not installed; NUMPY_LOOCV above pins the same numbers.
  it.skipIf(numpy.status !== 0)('agrees with NumPy refitting on the same data (live python3 check)', () => {
    const { x, y } = islrData();
    const script = [
      'import json, sys, numpy as np',
      'd = json.load(sys.stdin); x = np.array(d["x"]); y = np.array(d["y"]); out = []',
      'for deg in range(1, 5):',
      '    X = np.vander(x, deg + 1, increasing=True); e = []',
      '    for i in range(len(x)):',
      '        m = np.arange(len(x)) != i; b = np.linalg.lstsq(X[m], y[m], rcond=None)[0]; e.append((y[i] - X[i] @ b) ** 2)',
      '    out.append(float(np.mean(e)))',
      'print(json.dumps(out))',
    ].join('\n');
    const run = spawnSync('python3', ['-c', script], { input: JSON.stringify({ x, y }), encoding: 'utf8', timeout: 30_000 });
    expect(run.status, run.stderr).toBe(0);
    const fromNumpy = JSON.parse(run.stdout) as number[];
    fromNumpy.forEach((v, i) => expect(relative(polynomialLoocv(x, y, i + 1), v)).toBeLessThan(1e-10));
  });
});
