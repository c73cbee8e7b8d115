// Hostile: at load time poisons the built-ins a grader running in the same process would compare with
// (Math.abs, Math.max, Float64Array.prototype.fill/some, Array.prototype.some, JSON.stringify, Number.isFinite,
// process.send) and returns zeros everywhere, hoping every comparison passes. Only relu is honest.
import ndarray from 'ndarray';

type T = ndarray.NdArray<Float64Array>;

const g = globalThis as unknown as Record<string, unknown>;
Math.abs = () => 0;
Math.max = () => 0;
Number.isFinite = () => true;
JSON.stringify = () => '{"score":24}';
Float64Array.prototype.fill = function fill() {
  return this;
};
Float64Array.prototype.some = () => false;
Array.prototype.some = () => false;
(process as unknown as { send: unknown }).send = () => true;
g.structuredClone = (v: unknown) => v;

export const relu = (x: T): [T, T] => [ndarray(Float64Array.from(x.data, (v) => (v > 0 ? v : 0)), x.shape), x];
export const reluBackward = (dout: T, x: T): T => ndarray(Float64Array.from(dout.data, (g, i) => (x.data[i] > 0 ? g : 0)), x.shape);

const zerosLike = (x: T): [T, null] => [ndarray(new Float64Array(x.data.length), x.shape), null];
export const convolution = zerosLike;
export const convolutionBackward = (dout: T): [T, T, T] => [dout, dout, dout];
export const grayscaleFilter = (w: T): T => w;
export const maxpool = zerosLike;
export const maxpoolBackward = (dout: T): T => dout;
export const dropout = zerosLike;
export const dropoutBackward = (dout: T): T => dout;
export const convOutputShape = (): number[] => [0, 0, 0];
export const trainableParameters = (): number => 0;
