// stat-learning: classical statistical-learning items with numeric answers, batch normalization forward and
// backward, and CIFAR-style data augmentation. Tensors are float64 ndarrays; images are [H, W, C] (channels last).
// Replace every TODO. Run the public tests with `npm install` once, then `npm test` (one test: `npm test -- 4.4`);
// see README.md. They compare with fixtures/public; the hidden tests ask the same questions on other inputs
// (other query points, coefficients, seeds and layer lists), so compute every answer from the arguments.
import ndarray from 'ndarray';

export type Tensor = ndarray.NdArray<Float64Array>;

/** A new zero-filled float64 tensor: results must be float64 ndarrays of exactly the expected shape. */
export const zeros = (shape: number[]): Tensor => ndarray(new Float64Array(shape.reduce((a, b) => a * b, 1)), shape);

class NotImplemented extends Error {
  constructor(what: string) {
    super(`${what} is not implemented yet (TODO in stat_learning.ts)`);
    this.name = 'NotImplemented';
  }
}

// ---------------------------------------------------------------- 1. k-nearest neighbours

/** a, b: [p] points -> the Euclidean distance sqrt(sum_j (a_j - b_j)^2). */
export function euclideanDistance(a: number[], b: number[]): number {
  throw new NotImplemented('euclideanDistance');
}

/**
 * train: [n][p] points; labels: [n]; query: [p]; 1 <= k <= n -> the majority label among the k training points
 * nearest to query by Euclidean distance. Ties: equal distances put the earlier training point first; equal vote
 * counts go to the tied label whose nearest member is nearest.
 */
export function knn(train: number[][], labels: string[], query: number[], k: number): string {
  throw new NotImplemented('knn');
}

// ---------------------------------------------------------------- 2. logistic regression

/** betas: [p + 1] = [beta0, beta1, ..., betap]; x: [p] -> P(Y = 1 | x) = 1 / (1 + exp(-(beta0 + sum_j beta_j x_j))). */
export function logisticProbability(betas: number[], x: number[]): number {
  throw new NotImplemented('logisticProbability');
}

/**
 * betas: [p + 1]; x: [p] (x[feature] is ignored); 0 <= feature < p; 0 < probability < 1 -> the value of
 * x[feature] at which P(Y = 1 | x) equals probability, the other features as in x.
 * (Hours of study needed for a 50 % chance of an A at GPA 3.5: feature 0, probability 0.5.)
 */
export function logisticFeatureForProbability(betas: number[], x: number[], feature: number, probability: number): number {
  throw new NotImplemented('logisticFeatureForProbability');
}

// ---------------------------------------------------------------- 3. LOOCV

/**
 * x, y: [n] -> the leave-one-out cross-validation error (1/n) sum_i (y_i - yhat_(-i))^2 of the least-squares
 * polynomial fit y ~ c0 + c1 x + ... + c_degree x^degree, where yhat_(-i) is the prediction at x_i of the fit
 * on the other n - 1 points. (For least squares there is a closed form from the single fit on all points.)
 */
export function polynomialLoocv(x: number[], y: number[], degree: number): number {
  throw new NotImplemented('polynomialLoocv');
}

// ---------------------------------------------------------------- 4. batch normalization

export interface BatchnormParams {
  mode: 'train' | 'test';
  /** Added to the variance inside the square root. Default 1e-5. */
  eps?: number;
  /** Weight of the OLD running statistic: running = momentum * running + (1 - momentum) * batch. Default 0.9. */
  momentum?: number;
  /** [D]. Train mode: zeros when absent. Test mode: the statistics to normalize with. Do not modify. */
  runningMean?: Tensor;
  /** [D]. As runningMean. */
  runningVar?: Tensor;
}

export interface RunningStats {
  /** [D] */
  runningMean: Tensor;
  /** [D] */
  runningVar: Tensor;
}

/**
 * x: [N, D]; gamma, beta: [D] -> [out [N, D], cache, running stats after this pass].
 * out = gamma * (x - mu) / sqrt(var + eps) + beta, per column.
 * train: mu and var are the batch's mean and its biased variance (divide by N); the returned running stats are
 *   momentum * running + (1 - momentum) * (mu, var), new tensors.
 * test: mu and var are params.runningMean and params.runningVar; the running stats are returned unchanged.
 */
export function batchnormForward(x: Tensor, gamma: Tensor, beta: Tensor, params: BatchnormParams): [Tensor, unknown, RunningStats] {
  throw new NotImplemented('batchnormForward');
}

/** dout: [N, D], cache from batchnormForward (either mode) -> [dx [N, D], dgamma [D], dbeta [D]]. */
export function batchnormBackward(dout: Tensor, cache: unknown): [Tensor, Tensor, Tensor] {
  throw new NotImplemented('batchnormBackward');
}

/**
 * batches: each [N_b, D]; gamma, beta: [D] -> the running stats after batchnormForward in train mode on each
 * batch in turn, the first starting from params' running stats (zeros when absent), each next one from the last's.
 */
export function batchnormRunningAverages(batches: Tensor[], gamma: Tensor, beta: Tensor, params: Omit<BatchnormParams, 'mode'>): RunningStats {
  throw new NotImplemented('batchnormRunningAverages');
}

// ---------------------------------------------------------------- 5. cosine-similarity pseudolabels

/** a, b: [p], neither all zeros -> a . b / (|a| |b|). */
export function cosineSimilarity(a: number[], b: number[]): number {
  throw new NotImplemented('cosineSimilarity');
}

export interface Pseudolabel {
  label: string;
  /** Index into labeled of the most similar labeled example (the earlier one on equal similarity). */
  source: number;
  similarity: number;
}

/** labeled: [m][p]; labels: [m]; unlabeled: [u][p] -> for each unlabeled example, the label of its most cosine-similar labeled example. */
export function cosinePseudolabels(labeled: number[][], labels: string[], unlabeled: number[][]): Pseudolabel[] {
  throw new NotImplemented('cosinePseudolabels');
}

export interface PseudolabeledDataset {
  examples: number[][];
  labels: string[];
  /** Indices into unlabeled of the appended examples, in appended order. */
  added: number[];
}

/**
 * The labeled set followed by, for each class in order of first appearance in labels, the n unlabeled examples
 * pseudolabeled with that class that have the highest similarity to their source, highest first (equal
 * similarities in unlabeled order); fewer when fewer have that pseudolabel.
 */
export function nearestPerClassConcatenation(labeled: number[][], labels: string[], unlabeled: number[][], n: number): PseudolabeledDataset {
  throw new NotImplemented('nearestPerClassConcatenation');
}

// ---------------------------------------------------------------- 6. parameter and activation counts

export type Padding = 'valid' | 'same' | number;
export type Layer =
  /** connectionTable[f]: how many input maps filter f sees (LeNet-5's C3); absent: every filter sees every channel. */
  | { type: 'conv'; filters: number; kernel: number; stride?: number; padding?: Padding; bias?: boolean; connectionTable?: number[] }
  /** stride defaults to size; trainable (LeNet-5's subsampling): one coefficient and one bias per channel. */
  | { type: 'pool'; size: number; stride?: number; padding?: Padding; trainable?: boolean }
  | { type: 'dense'; units: number; bias?: boolean }
  /** gamma, beta (trainable), moving mean and moving variance (not trainable), per channel (the last axis). */
  | { type: 'batchnorm' }
  | { type: 'flatten' };

export interface LayerCount {
  outputShape: number[];
  /** The product of outputShape. */
  activations: number;
  params: number;
  trainableParams: number;
}

/**
 * inputShape: [H, W, C] (or [N] when flat); layers in order -> each layer's output shape, activations and
 * parameters, and the totals. Output side: floor((n + 2p - k) / s) + 1 for 'valid' (p = 0) or a number p of
 * padding; ceil(n / s) for 'same'. Defaults: stride 1 (conv), padding 'valid', bias true, trainable false.
 * activations (total): the sum over all layers except flatten (a reshape); the input is not counted.
 */
export function countLayers(inputShape: number[], layers: Layer[]): { layers: LayerCount[]; params: number; trainableParams: number; activations: number } {
  throw new NotImplemented('countLayers');
}

/**
 * layers: conv, pool and batchnorm layers only -> size: the side of the input window that one unit of the last
 * layer sees; jump: the distance in input pixels between neighbouring units of the last layer.
 */
export function receptiveField(layers: Layer[]): { size: number; jump: number } {
  throw new NotImplemented('receptiveField');
}

// ---------------------------------------------------------------- 7. early stopping

/** errors: validation errors E_val(0..T-1), each > 0 -> GL(t) = 100 * (E_val(t) / min_{t' <= t} E_val(t') - 1). */
export function generalizationLoss(errors: number[]): number[] {
  throw new NotImplemented('generalizationLoss');
}

/** The first epoch t (0-based) with GL(t) > alpha, or null when there is none. */
export function earlyStoppingEpoch(errors: number[], alpha: number): number | null {
  throw new NotImplemented('earlyStoppingEpoch');
}

// ---------------------------------------------------------------- 8. learning-rate schedules (t counts from 0)

/** lr0 * drop^floor(epoch / every). */
export function stepDecay(lr0: number, drop: number, every: number, epoch: number): number {
  throw new NotImplemented('stepDecay');
}

/** lr0 * e^(-k t). */
export function exponentialDecay(lr0: number, k: number, t: number): number {
  throw new NotImplemented('exponentialDecay');
}

/** lr0 / (1 + k t). */
export function inverseTimeDecay(lr0: number, k: number, t: number): number {
  throw new NotImplemented('inverseTimeDecay');
}

// ---------------------------------------------------------------- 9. data augmentation

/** The seeded generator the grader passes in (NumPy's legacy RandomState, draw for draw). */
export interface Rng {
  /** One uniform draw in [0, 1). */
  rand(): number;
  /** One integer drawn uniformly from low .. high - 1. */
  randint(low: number, high: number): number;
}

/**
 * image: [H, W, C] -> [size, size, C]: the window with top-left corner (top, left) of the image zero-padded by
 * `padding` on every side (the padded image is [H + 2 padding, W + 2 padding, C]).
 */
export function cropWithPadding(image: Tensor, size: number, padding: number, top: number, left: number): Tensor {
  throw new NotImplemented('cropWithPadding');
}

/**
 * Random crop: draw top = rng.randint(0, H + 2 padding - size + 1), THEN left = rng.randint(0, W + 2 padding - size + 1),
 * and crop there -> { image: [size, size, C], top, left }.
 */
export function randomCrop(image: Tensor, size: number, padding: number, rng: Rng): { image: Tensor; top: number; left: number } {
  throw new NotImplemented('randomCrop');
}

/** image: [H, W, C] -> the mirror image left to right (the W axis reversed). */
export function horizontalFlip(image: Tensor): Tensor {
  throw new NotImplemented('horizontalFlip');
}

/** Draw u = rng.rand() once (whatever p is) and flip when u < p -> { image, flipped }. */
export function randomHorizontalFlip(image: Tensor, p: number, rng: Rng): { image: Tensor; flipped: boolean } {
  throw new NotImplemented('randomHorizontalFlip');
}

/** image: [H, W, C]; mean, std: [C] -> (image[..., c] - mean[c]) / std[c]. */
export function normalizeChannels(image: Tensor, mean: number[], std: number[]): Tensor {
  throw new NotImplemented('normalizeChannels');
}

/**
 * CIFAR-10 training augmentation of one [H, W, 3] image, in this order: randomCrop(size 32, padding 4), then
 * randomHorizontalFlip(p = 0.5), then normalizeChannels with mean (0.4914, 0.4822, 0.4465) and
 * std (0.2023, 0.1994, 0.2010) -> { image: [32, 32, 3], top, left, flipped }.
 */
export function augmentCifar(image: Tensor, rng: Rng): { image: Tensor; top: number; left: number; flipped: boolean } {
  throw new NotImplemented('augmentCifar');
}
