import { relativeError } from '@gradient/tensor';
import type { WireTensor, WireValue } from '../sandbox/protocol';
import { isTensor, type CaseValue } from '../fixtures/case';
import { isWireTensor, tensorToWire } from '../fixtures/wire';
import { describeWire } from './describe';
import { factorHint, transposeHint } from './hints';
import type { Problem, WorstEntry } from './problem';

export type { WorstEntry } from './problem';

export interface Comparison {
  ok: boolean;
  /** Set when not ok: what is wrong, as data (render/verdict-text.ts words it). */
  problem?: Problem;
  relError: number;
}

const pass = (relError = 0): Comparison => ({ ok: true, relError });
const fail = (problem: Problem, relError = Infinity): Comparison => ({ ok: false, problem, relError });

function unravel(flat: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    idx[d] = flat % shape[d];
    flat = Math.floor(flat / shape[d]);
  }
  return idx;
}

/**
 * The least denominator of an entry's relative error: the largest magnitude in the expected tensor
 * (at least 1e-8). Two correct float64 computations that add in different orders differ by rounding
 * in proportion to the terms they add, not to the result, so an entry that lands near zero must not
 * be judged relative to its own tiny value (docs/tolerances.md).
 */
export function errorFloor(expected: ArrayLike<number>): number {
  let floor = 1e-8;
  for (let i = 0; i < expected.length; i++) floor = Math.max(floor, Math.abs(expected[i]));
  return floor;
}

/** Per-entry relative errors |a - e| / max(floor, |a| + |e|), worst first (NaN counts as worst). */
export function worstEntries(actual: Float64Array, expected: Float64Array, shape: readonly number[], count: number, floor = errorFloor(expected)): WorstEntry[] {
  const errs: { i: number; e: number }[] = [];
  for (let i = 0; i < expected.length; i++) {
    const e = relativeError(actual[i], expected[i], floor);
    errs.push({ i, e: Number.isNaN(e) ? Infinity : e });
  }
  errs.sort((a, b) => b.e - a.e || a.i - b.i);
  return errs.slice(0, count).map(({ i, e }) => ({ flat: i, index: unravel(i, shape), actual: actual[i], expected: expected[i], relError: e }));
}

export interface TensorComparison extends Comparison {
  /** The entries over the tolerance, worst first (at most 3). */
  worst: WorstEntry[];
}

/**
 * A student's tensor against the expected one: dtype float64, shape, finite values, then the
 * per-entry relative error (worstEntries) within tolerance. batchSize sharpens the factor hint;
 * floor, when given, replaces the tensor's own error floor (a grads record's common scale).
 */
export function compareTensor(label: string, got: WireValue, want: WireTensor, tolerance: number, batchSize?: number, floor?: number): TensorComparison {
  const fail = (problem: Problem, relError = Infinity): TensorComparison => ({ ok: false, problem, relError, worst: [] });
  if (!isWireTensor(got)) return fail({ kind: 'not-tensor', label, expectedShape: [...want.shape], got: describeWire(got) });
  if (got.dtype && got.dtype !== 'float64') return fail({ kind: 'dtype', label, actual: got.dtype });
  if (got.shape.length !== want.shape.length || got.shape.some((d, i) => d !== want.shape[i])) {
    return fail({ kind: 'shape', label, expected: [...want.shape], actual: [...got.shape] });
  }
  if (got.data.length !== want.data.length) return fail({ kind: 'data-length', label, length: got.data.length, shape: [...got.shape] });
  const bad = got.data.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) return fail({ kind: 'non-finite', label, value: got.data[bad], index: unravel(bad, got.shape) });
  const top = worstEntries(got.data, want.data, want.shape, 3, floor ?? errorFloor(want.data));
  const worst = top.filter((w) => w.relError > tolerance);
  if (worst.length === 0) return { ...pass(top[0]?.relError ?? 0), worst };
  const err = worst[0].relError;
  const hint = factorHint(got.data, want.data, batchSize) ?? transposeHint(got.data, want.data, want.shape, tolerance);
  return { ...fail({ kind: 'mismatch', label, relError: err, tolerance, worst, ...(hint ? { hint } : {}) }, err), worst };
}

/** Compares a student's returned value with the reference value, recursing through arrays and objects. */
export function compareValue(label: string, got: WireValue, want: CaseValue, tolerance: number): Comparison {
  if (isTensor(want)) return compareTensor(label, got, tensorToWire(want), tolerance);
  if (typeof want === 'number') {
    if (typeof got !== 'number') return fail({ kind: 'value', label, expected: 'a number', got: describeWire(got) });
    if (!Number.isFinite(got)) return fail({ kind: 'number', label, expected: want, actual: got });
    const err = relativeError(got, want);
    return err <= tolerance ? pass(err) : fail({ kind: 'number', label, expected: want, actual: got }, err);
  }
  if (Array.isArray(want)) {
    if (!Array.isArray(got)) return fail({ kind: 'value', label, expected: `an array of ${want.length}`, got: describeWire(got) });
    if (got.length !== want.length) return fail({ kind: 'value', label, expected: `an array of ${want.length}`, got: `one of ${got.length}` });
    let worst = 0;
    for (let i = 0; i < want.length; i++) {
      const c = compareValue(`${label}[${i}]`, got[i], want[i], tolerance);
      if (!c.ok) return c;
      worst = Math.max(worst, c.relError);
    }
    return pass(worst);
  }
  if (want !== null && typeof want === 'object') {
    if (got === null || typeof got !== 'object' || Array.isArray(got)) return fail({ kind: 'value', label, expected: 'an object', got: describeWire(got) });
    let worst = 0;
    for (const [k, v] of Object.entries(want)) {
      const c = compareValue(`${label}.${k}`, (got as Record<string, WireValue>)[k] ?? null, v as CaseValue, tolerance);
      if (!c.ok) return c;
      worst = Math.max(worst, c.relError);
    }
    return pass(worst);
  }
  return got === want ? pass() : fail({ kind: 'value', label, expected: JSON.stringify(want), got: describeWire(got) });
}
