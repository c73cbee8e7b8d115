// Crashes in ways student code commonly does; only reluForward and reluBackward are right. The grader must turn
// each crash into that test's failure with a readable message, keep going, and lose no other test to it.
import ndarray from 'ndarray';

type T = ndarray.NdArray<Float64Array>;
const copy = (x: T, f: (v: number, i: number) => number): T => ndarray(Float64Array.from(x.data, f), x.shape);

export const reluForward = (x: T): [T, T] => [copy(x, (v) => (v > 0 ? v : 0)), x];
export const reluBackward = (dout: T, x: T): T => copy(dout, (g, i) => (x.data[i] > 0 ? g : 0));

export function affineForward(x: T, w: T): [T, null] {
  const weights = (w as unknown as { W: { shape: number[] } }).W;
  return [ndarray(new Float64Array(1), weights.shape), null]; // TypeError: W is undefined
}
export function affineBackward(): never {
  throw new RangeError('index 12 out of range for axis 0 of size 12');
}
export const softmaxLoss = (): [number, null] => [NaN, null];
export function svmLoss(): never {
  throw 'svm not done yet'; // a thrown string, not an Error
}

export class TwoLayerNet {
  params = {};
  constructor(options: { hiddenSize: number }) {
    if (options.hiddenSize > 0) throw new TypeError('TwoLayerNet: cannot read properties of undefined (reading "randn")');
  }
}
export class FullyConnectedNet {
  params = {};
  loss(): undefined {
    return undefined; // forgot to return
  }
}
export const sgd = (w: T): [T, object] => [w.data as unknown as T, {}]; // a Float64Array, not an ndarray
export const sgdMomentum = (): (() => number) => () => 1; // returns a function
export function rmsprop(w: T): [T, object] {
  const recurse = (n: number): number => recurse(n + 1) + n; // stack overflow
  return [copy(w, recurse), {}];
}
export const adam = (): null => null;
export class Solver {
  constructor() {
    throw null;
  }
}
