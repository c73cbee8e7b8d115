// Hostile: grayscaleFilter allocates and fills 8 GB of typed-array memory (outside the V8 heap, so the heap cap
// alone would not stop it); trainableParameters grows a JS array without bound. Both must end as a memory
// failure of that test only. Only relu is implemented.
import ndarray from 'ndarray';

type T = ndarray.NdArray<Float64Array>;

export const relu = (x: T): [T, T] => [ndarray(Float64Array.from(x.data, (v) => (v > 0 ? v : 0)), x.shape), x];
export const reluBackward = (dout: T, x: T): T => ndarray(Float64Array.from(dout.data, (g, i) => (x.data[i] > 0 ? g : 0)), x.shape);

const unimplemented = (): never => {
  throw new Error('not implemented');
};
export const convolution = unimplemented;
export const convolutionBackward = unimplemented;
export const maxpool = unimplemented;
export const maxpoolBackward = unimplemented;
export const dropout = unimplemented;
export const dropoutBackward = unimplemented;
export const convOutputShape = unimplemented;
export function grayscaleFilter(): T {
  const huge = new Float64Array(1e9).fill(1);
  return ndarray(huge, [huge.length]);
}
export function trainableParameters(): number {
  const hoard: number[][] = [];
  for (;;) hoard.push(new Array(1e6).fill(hoard.length));
}
