// Hostile (or just buggy): dropoutBackward never returns. The grader must kill it at the per-call time
// limit, name the test that hung, and still grade everything else. Only relu is implemented.
import ndarray from 'ndarray';

type T = ndarray.NdArray<Float64Array>;

export const relu = (x: T): [T, T] => [ndarray(Float64Array.from(x.data, (v) => (v > 0 ? v : 0)), x.shape), x];
export const reluBackward = (dout: T, x: T): T => ndarray(Float64Array.from(dout.data, (g, i) => (x.data[i] > 0 ? g : 0)), x.shape);

const unimplemented = (): never => {
  throw new Error('not implemented');
};
export const convolution = unimplemented;
export const convolutionBackward = unimplemented;
export const grayscaleFilter = unimplemented;
export const maxpool = unimplemented;
export const maxpoolBackward = unimplemented;
export const convOutputShape = unimplemented;
export const trainableParameters = unimplemented;
export const dropout = (x: T): [T, T] => [x, x];
export function dropoutBackward(): T {
  for (;;) {
    // spin forever
  }
}
