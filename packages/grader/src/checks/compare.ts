import { relativeError, shapeString } from '@gradient/tensor';
import type { WireTensor, WireValue } from '../sandbox/protocol';
import { isTensor, type CaseValue } from '../fixtures/case';
import { isWireTensor, tensorToWire } from '../fixtures/wire';
import { describeWire } from './describe';
import { factorHint, transposeHint } from './hints';

export interface Comparison {
  ok: boolean;
  /** Empty when ok; otherwise what a student needs to fix it. */
  message: string;
  relError: number;
}

const pass = (relError = 0): Comparison => ({ ok: true, message: '', relError });
const fail = (message: string, relError = Infinity): Comparison => ({ ok: false, message, relError });

function unravel(flat: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    idx[d] = flat % shape[d];
    flat = Math.floor(flat / shape[d]);
  }
  return idx;
}

export interface WorstEntry {
  /** Position in C order. */
  flat: number;
  index: number[];
  actual: number;
  expected: number;
  relError: number;
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

export const fmt = (v: number): string => (Number.isInteger(v) && Math.abs(v) < 1e15 ? String(v) : v.toPrecision(6));

export interface TensorComparison extends Comparison {
  /** The entries over the tolerance, worst first (at most 3). */
  worst: WorstEntry[];
}

/**
 * A student's tensor against the expected one: dtype float64, shape, finite values, then the
 * per-entry relative error (worstEntries) within tolerance. batchSize sharpens the factor hint.
 */
export function compareTensor(label: string, got: WireValue, want: WireTensor, tolerance: number, batchSize?: number): TensorComparison {
  const fail = (message: string, relError = Infinity): TensorComparison => ({ ok: false, message, relError, worst: [] });
  if (!isWireTensor(got)) return fail(`${label}: expected a float64 ndarray of shape ${shapeString(want.shape)}, got ${describeWire(got)}`);
  if (got.dtype && got.dtype !== 'float64') return fail(`${label}: expected float64 data (Float64Array), got ${got.dtype}`);
  if (got.shape.length !== want.shape.length || got.shape.some((d, i) => d !== want.shape[i])) {
    return fail(`${label}: expected shape ${shapeString(want.shape)}, got ${shapeString(got.shape)}`);
  }
  if (got.data.length !== want.data.length) return fail(`${label}: data holds ${got.data.length} values for shape ${shapeString(got.shape)}`);
  const bad = got.data.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) return fail(`${label}: contains ${got.data[bad]} at index [${unravel(bad, got.shape).join(', ')}]`);
  const top = worstEntries(got.data, want.data, want.shape, 3);
  const worst = top.filter((w) => w.relError > tolerance);
  if (worst.length === 0) return { ...pass(top[0]?.relError ?? 0), worst };
  const err = worst[0].relError;
  const rows = worst
    .map((w) => `    at [${w.index.join(', ')}]: yours ${fmt(w.actual)}, expected ${fmt(w.expected)}`)
    .join('\n');
  const hint = factorHint(got.data, want.data, batchSize) ?? transposeHint(got.data, want.data, want.shape, tolerance);
  return { ...fail(`${label}: relative error ${err.toExponential(2)} exceeds ${tolerance.toExponential(0)}; worst entries:\n${rows}${hint ? `\n    hint: ${hint}` : ''}`, err), worst };
}

/** Compares a student's returned value with the reference value, recursing through arrays and objects. */
export function compareValue(label: string, got: WireValue, want: CaseValue, tolerance: number): Comparison {
  if (isTensor(want)) return compareTensor(label, got, tensorToWire(want), tolerance);
  if (typeof want === 'number') {
    if (typeof got !== 'number') return fail(`${label}: expected a number, got ${describeWire(got)}`);
    if (!Number.isFinite(got)) return fail(`${label}: expected ${fmt(want)}, got ${got}`);
    const err = relativeError(got, want);
    return err <= tolerance ? pass(err) : fail(`${label}: expected ${fmt(want)}, got ${fmt(got)}`, err);
  }
  if (Array.isArray(want)) {
    if (!Array.isArray(got)) return fail(`${label}: expected an array of ${want.length}, got ${describeWire(got)}`);
    if (got.length !== want.length) return fail(`${label}: expected an array of ${want.length}, got one of ${got.length}`);
    let worst = 0;
    for (let i = 0; i < want.length; i++) {
      const c = compareValue(`${label}[${i}]`, got[i], want[i], tolerance);
      if (!c.ok) return c;
      worst = Math.max(worst, c.relError);
    }
    return pass(worst);
  }
  if (want !== null && typeof want === 'object') {
    if (got === null || typeof got !== 'object' || Array.isArray(got)) return fail(`${label}: expected an object, got ${describeWire(got)}`);
    let worst = 0;
    for (const [k, v] of Object.entries(want)) {
      const c = compareValue(`${label}.${k}`, (got as Record<string, WireValue>)[k] ?? null, v as CaseValue, tolerance);
      if (!c.ok) return c;
      worst = Math.max(worst, c.relError);
    }
    return pass(worst);
  }
  return got === want ? pass() : fail(`${label}: expected ${JSON.stringify(want)}, got ${describeWire(got)}`);
}
