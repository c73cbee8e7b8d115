import { TensorArgumentError } from './errors';
import { shapeString, type Tensor } from './tensor';

/** Expected dims: a number must match exactly, null matches anything. */
export type ShapePattern = readonly (number | null)[];

function patternString(p: ShapePattern, names?: readonly string[]): string {
  return `[${p.map((d, i) => (d === null ? (names?.[i] ?? '*') : String(d))).join(', ')}]`;
}

export function expectTensor(op: string, name: string, x: unknown): asserts x is Tensor {
  const t = x as Tensor | null;
  if (t === null || typeof t !== 'object' || !Array.isArray(t.shape) || !(t.data instanceof Float64Array)) {
    throw new TensorArgumentError('E_TYPE', op, name, 'a float64 ndarray', describe(x));
  }
}

export function expectRank(op: string, name: string, x: Tensor, rank: number, dimNames?: readonly string[]): void {
  expectTensor(op, name, x);
  if (x.shape.length !== rank) {
    const wanted = dimNames ? `rank ${rank} ${patternString(new Array(rank).fill(null), dimNames)}` : `rank ${rank}`;
    throw new TensorArgumentError('E_RANK', op, name, wanted, `rank ${x.shape.length} ${shapeString(x.shape)}`);
  }
}

export function expectShape(op: string, name: string, x: Tensor, pattern: ShapePattern, dimNames?: readonly string[]): void {
  expectRank(op, name, x, pattern.length, dimNames);
  if (pattern.some((d, i) => d !== null && d !== x.shape[i])) {
    throw new TensorArgumentError('E_SHAPE', op, name, `shape ${patternString(pattern, dimNames)}`, `shape ${shapeString(x.shape)}`);
  }
}

export function expectInteger(op: string, name: string, v: unknown, min: number): asserts v is number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
    throw new TensorArgumentError('E_VALUE', op, name, `an integer >= ${min}`, describe(v));
  }
}

export function expectInRange(op: string, name: string, v: unknown, lo: number, hi: number, hiInclusive = false): asserts v is number {
  if (typeof v !== 'number' || !(v >= lo) || !(hiInclusive ? v <= hi : v < hi)) {
    throw new TensorArgumentError('E_VALUE', op, name, `a number in [${lo}, ${hi}${hiInclusive ? ']' : ')'}`, describe(v));
  }
}

export function expectOneOf<T extends string>(op: string, name: string, v: unknown, allowed: readonly T[]): asserts v is T {
  if (!allowed.includes(v as T)) {
    throw new TensorArgumentError('E_VALUE', op, name, `one of ${allowed.map((a) => `'${a}'`).join(', ')}`, describe(v));
  }
}

/** Integer class labels in [0, classes) for each of n rows. */
export function expectLabels(op: string, name: string, y: ArrayLike<number>, n: number, classes: number): void {
  if (y === null || typeof y !== 'object' || typeof y.length !== 'number') {
    throw new TensorArgumentError('E_TYPE', op, name, `${n} integer labels`, describe(y));
  }
  if (y.length !== n) throw new TensorArgumentError('E_SHAPE', op, name, `${n} labels (one per row of scores)`, `${y.length}`);
  for (let i = 0; i < n; i++) {
    const v = y[i];
    if (!Number.isInteger(v) || v < 0 || v >= classes) {
      throw new TensorArgumentError('E_VALUE', op, `${name}[${i}]`, `an integer label in [0, ${classes})`, String(v));
    }
  }
}

export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (typeof v === 'object') {
    const t = v as Partial<Tensor>;
    if (Array.isArray(t.shape)) return `an ndarray of ${t.data?.constructor?.name ?? 'unknown data'} with shape ${shapeString(t.shape)}`;
    return Array.isArray(v) ? `an array of length ${v.length}` : `an object (${v.constructor?.name ?? 'Object'})`;
  }
  return `${typeof v} ${String(v)}`;
}
