// Crashes in every way a student's code commonly does; only relu is right. The grader must turn each
// crash into that test's failure with a useful message and keep going.
import ndarray from 'ndarray';

type T = ndarray.NdArray<Float64Array>;
const copy = (x: T, f: (v: number) => number): T => ndarray(Float64Array.from(x.data, f), x.shape);

export const relu = (x: T): [T, T] => [copy(x, (v) => (v > 0 ? v : 0)), x];
export const reluBackward = (dout: T, x: T): T => ndarray(Float64Array.from(dout.data, (g, i) => (x.data[i] > 0 ? g : 0)), x.shape);

export function convolution(x: T): [T, null] {
  const filters = (x as unknown as { filters: { shape: number[] } }).filters;
  return [ndarray(new Float64Array(1), filters.shape), null]; // TypeError: filters is undefined
}
export function convolutionBackward(): never {
  throw new RangeError('index 7 out of range for axis 1 of size 5');
}
export function grayscaleFilter(w: T): T {
  const recurse = (n: number): number => recurse(n + 1) + n; // stack overflow
  return copy(w, recurse);
}
export function maxpool(): never {
  throw 'pool not done yet'; // a thrown string, not an Error
}
export function maxpoolBackward(): never {
  throw null;
}
export function dropout(x: T): [T, null] {
  return [x.data as unknown as T, null]; // a Float64Array, not an ndarray
}
export function dropoutBackward(): undefined {
  return undefined; // forgot to return
}
export const convOutputShape = (): (() => number) => () => 1; // returns a function
export const trainableParameters = (): number => NaN;
