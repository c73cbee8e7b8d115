import { relativeError } from '@gradient/tensor';
import type { Hint } from './problem';

/**
 * When every entry of `actual` is the same multiple of `expected`, say so: a clean factor
 * usually means a sum where a mean was meant (or the reverse), or a forgotten 1/(1-p).
 */
export function factorHint(actual: ArrayLike<number>, expected: ArrayLike<number>, batchSize?: number): Hint | undefined {
  let ratio: number | undefined;
  let used = 0;
  for (let i = 0; i < expected.length; i++) {
    if (Math.abs(expected[i]) < 1e-6) {
      if (Math.abs(actual[i]) > 1e-6) return undefined;
      continue;
    }
    const r = actual[i] / expected[i];
    if (ratio === undefined) ratio = r;
    else if (Math.abs(r - ratio) > 1e-6 * Math.abs(ratio)) return undefined;
    used++;
  }
  if (ratio === undefined || used < 2 || Math.abs(ratio - 1) < 1e-6) return undefined;
  if (Math.abs(ratio) < 1e-12) return { kind: 'all-zero' };
  if (Math.abs(ratio + 1) < 1e-6) return { kind: 'sign' };
  const whole = Math.round(ratio);
  const inverse = Math.round(1 / ratio);
  const factor = (n: number, reciprocal: boolean): Hint => ({ kind: 'factor', factor: n, reciprocal, ...(batchSize !== undefined && n === batchSize ? { batchSize } : {}) });
  if (Math.abs(ratio - whole) < 1e-6) return factor(whole, false);
  if (Math.abs(1 / ratio - inverse) < 1e-6) return factor(inverse, true);
  return { kind: 'constant-factor', ratio };
}

/**
 * When `actual` equals `expected` with two equal-length axes swapped, name them: a transposed index
 * (dw[q, p] for dw[p, q], x.T where x was meant) is a common slip that a bare error number hides.
 */
export function transposeHint(actual: ArrayLike<number>, expected: ArrayLike<number>, shape: readonly number[], tolerance: number): Hint | undefined {
  const strides = shape.map((_, d) => shape.slice(d + 1).reduce((a, b) => a * b, 1));
  for (let a = 0; a < shape.length; a++) {
    for (let b = a + 1; b < shape.length; b++) {
      if (shape[a] !== shape[b] || shape[a] < 2) continue;
      let matches = true;
      for (let flat = 0; flat < expected.length && matches; flat++) {
        const ia = Math.floor(flat / strides[a]) % shape[a];
        const ib = Math.floor(flat / strides[b]) % shape[b];
        const swapped = flat + (ib - ia) * strides[a] + (ia - ib) * strides[b];
        matches = relativeError(actual[flat], expected[swapped]) <= tolerance;
      }
      if (matches) return { kind: 'transpose', axes: [a, b] };
    }
  }
  return undefined;
}
