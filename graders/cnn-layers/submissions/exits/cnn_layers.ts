// Hostile: ends the process from inside a test (process.exit(0) looks like success to a naive grader) and
// again with an abort. Each must fail only the test that did it. Only relu is implemented.
import ndarray from 'ndarray';

type T = ndarray.NdArray<Float64Array>;

export const relu = (x: T): [T, T] => [ndarray(Float64Array.from(x.data, (v) => (v > 0 ? v : 0)), x.shape), x];
export const reluBackward = (dout: T, x: T): T => ndarray(Float64Array.from(dout.data, (g, i) => (x.data[i] > 0 ? g : 0)), x.shape);

const unimplemented = (): never => {
  throw new Error('not implemented');
};
export const convolution = (): never => process.exit(0);
export const convolutionBackward = unimplemented;
export const grayscaleFilter = (): never => process.abort();
export const maxpool = unimplemented;
export const maxpoolBackward = unimplemented;
export const dropout = unimplemented;
export const dropoutBackward = unimplemented;
export const convOutputShape = (): never => process.exit(0);
export const trainableParameters = (): never => process.exit(3);
