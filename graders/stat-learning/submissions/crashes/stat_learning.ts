// Crashes in many ways: each crash must fail only the test that hit it, with a readable message. Only the three
// learning-rate schedules are right (1.5 public + 1.5 hidden points).
import ndarray from 'ndarray';

type Tensor = ndarray.NdArray<Float64Array>;
const nothing = undefined as unknown as { value: number };

export const euclideanDistance = (a: number[]): number => a.length + nothing.value; // TypeError
export const knn = (): string => { throw new Error('knn not done yet'); };
const recurse = (n: number): number => recurse(n + 1) + 1;
export const logisticProbability = (): number => recurse(0); // RangeError: stack overflow
export const logisticFeatureForProbability = (): number => NaN;
export const polynomialLoocv = (): number => Infinity;
export const batchnormForward = (x: Tensor): Tensor => x; // not [out, cache]
export const batchnormBackward = (): null => null;
export const batchnormRunningAverages = (): unknown => ({ runningMean: [1, 2] });
export const cosineSimilarity = (): string => '0.5';
export const cosinePseudolabels = (): unknown => { throw 'a string, not an Error'; };
export const nearestPerClassConcatenation = (): unknown => Promise.reject(new Error('async failure'));
export const countLayers = (): unknown => { const o: Record<string, unknown> = {}; o.self = o; return o; }; // a cycle
export const receptiveField = (): unknown => ({ size: 1n });
export const generalizationLoss = (e: number[]): number[] => e.map(() => undefined as unknown as number);
export const earlyStoppingEpoch = (): number => { throw new TypeError('earlyStoppingEpoch: undefined is not a function'); };
export const stepDecay = (lr0: number, drop: number, every: number, epoch: number): number => lr0 * drop ** Math.floor(epoch / every);
export const exponentialDecay = (lr0: number, k: number, t: number): number => lr0 * Math.exp(-k * t);
export const inverseTimeDecay = (lr0: number, k: number, t: number): number => lr0 / (1 + k * t);
export const cropWithPadding = (image: Tensor): Tensor => ndarray(new Float64Array(3), [image.shape[0] + 1]);
export const randomCrop = (): unknown => ({ image: ndarray(new Float32Array(4), [2, 2, 1]), top: 0, left: 0 });
export const horizontalFlip = (image: Tensor): Tensor => ndarray(Float64Array.from(image.data, () => NaN), image.shape);
export const randomHorizontalFlip = (): never => { throw new Error('flip not done yet'); };
export const normalizeChannels = (): Tensor => { throw new Error('normalize not done yet'); };
export const augmentCifar = (): Tensor => { const a: number[] = []; a.length = -1; return a as unknown as Tensor; };
