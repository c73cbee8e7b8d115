// two-layer-net: affine and ReLU layers, softmax and SVM losses, a two-layer net, a fully connected net with
// dropout and batchnorm, four update rules and a Solver. All data is float64; affine weights are [D, M] (x @ w + b).
// Forwards return [out, cache]; their backward receives (dout, cache). Replace every TODO.
// Run the public tests with `npm install` once, then `npm test` (one test: `npm test -- 2.2`); see README.md.
// They compare with fixtures/public; the hidden tests use other shapes and seeds.
import ndarray from 'ndarray';

export type Tensor = ndarray.NdArray<Float64Array>;
/** Class labels, one per row, each in [0, C). */
export type Labels = ArrayLike<number>;

/** A new zero-filled float64 tensor: results must be float64 ndarrays of exactly the expected shape. */
export const zeros = (shape: number[]): Tensor => ndarray(new Float64Array(shape.reduce((a, b) => a * b, 1)), shape);

/**
 * The seeded generator the grader passes in (NumPy's legacy RandomState): every draw is row-major.
 * randn(...shape): standard normal; rand(...shape): uniform [0, 1); choice(n, [k]): k indices in [0, n), with
 * replacement (np.random.choice(n, k)), as a float64 tensor. Draw exactly what the comments below say, in
 * that order, or your numbers will differ from the reference's.
 */
export interface Rng {
  randn(...shape: number[]): Tensor;
  rand(...shape: number[]): Tensor;
  choice(n: number, size: number[]): Tensor;
}

class NotImplemented extends Error {
  constructor(what: string) {
    super(`${what} is not implemented yet (TODO in two_layer_net.ts)`);
    this.name = 'NotImplemented';
  }
}

// ------------------------------------------------------------------ layers

/** x: [N, d1, ..., dk] (each example flattened to D = d1 * ... * dk); w: [D, M]; b: [M] -> [out [N, M], cache]. */
export function affineForward(x: Tensor, w: Tensor, b: Tensor): [Tensor, unknown] {
  throw new NotImplemented('affineForward');
}

/** dout: [N, M], cache from affineForward -> [dx: x's shape, dw: [D, M], db: [M]]. */
export function affineBackward(dout: Tensor, cache: unknown): [Tensor, Tensor, Tensor] {
  throw new NotImplemented('affineBackward');
}

/** x: any shape -> [max(0, x), cache]. */
export function reluForward(x: Tensor): [Tensor, unknown] {
  throw new NotImplemented('reluForward');
}

/** dout: x's shape -> dx (0 where x <= 0). */
export function reluBackward(dout: Tensor, cache: unknown): Tensor {
  throw new NotImplemented('reluBackward');
}

/**
 * scores: [N, C], y: N labels -> [loss, dscores [N, C]]: the mean over rows of -log softmax(scores)[y].
 * Subtract each row's max before exponentiating: scores near 1000 must not overflow.
 */
export function softmaxLoss(scores: Tensor, y: Labels): [number, Tensor] {
  throw new NotImplemented('softmaxLoss');
}

/** scores: [N, C], y -> [loss, dscores]: the mean over rows of sum_{j != y} max(0, s_j - s_y + 1). */
export function svmLoss(scores: Tensor, y: Labels): [number, Tensor] {
  throw new NotImplemented('svmLoss');
}

// ------------------------------------------------------------------ TwoLayerNet

/** What loss(X, y, reg) returns: the loss and one gradient per entry of params, same names and shapes. */
export interface LossAndGrads {
  loss: number;
  grads: Record<string, Tensor>;
}

/**
 * input -> affine -> ReLU -> affine -> softmax, in one of the course's two layouts:
 * 'HD' (the first notebook): W1 [H, D], W2 [C, H], scores = relu(X W1ᵀ + b1) W2ᵀ + b2;
 * 'DH' (fc_net.py):          W1 [D, H], W2 [H, C], scores = relu(X W1 + b1) W2 + b2.
 */
export class TwoLayerNet {
  /** { W1, b1 [H], W2, b2 [C] }: tests may read and replace these tensors. */
  params: Record<string, Tensor> = {};

  /**
   * W1 = std * rng.randn(...W1's shape), then W2 = std * rng.randn(...W2's shape) (that order), biases zero.
   * Keep rng: train() draws its minibatches from it. std defaults to 1e-4, layout to 'HD'.
   */
  constructor(options: { inputSize: number; hiddenSize: number; numClasses: number; std?: number; rng: Rng; layout?: 'HD' | 'DH' }) {
    throw new NotImplemented('TwoLayerNet constructor');
  }

  /**
   * X: [N, D]. Without y: the scores [N, C]. With y: the softmax data loss + 0.5 * reg * (||W1||² + ||W2||²)
   * and its gradients (reg defaults to 0). Must not change the net.
   */
  loss(X: Tensor, y?: Labels, reg?: number): Tensor | LossAndGrads {
    throw new NotImplemented('TwoLayerNet.loss');
  }

  /** X: [N, D] -> N predicted labels (the first highest score of each row). */
  predict(X: Tensor): ArrayLike<number> {
    throw new NotImplemented('TwoLayerNet.predict');
  }

  /**
   * Minibatch SGD, numIters iterations. Each iteration: idx = rng.choice(N, [batchSize]) (with replacement), the
   * loss and grads on those rows with reg, push the loss, then param -= learningRate * grad for every param.
   * Whenever it % max(N / batchSize, 1) === 0 (a fractional epoch length is kept), push the accuracy of predict on
   * that minibatch and on (Xval, yval), then learningRate *= learningRateDecay.
   * Defaults: learningRate 1e-3, learningRateDecay 0.95, reg 5e-6, numIters 100, batchSize 200, verbose false.
   */
  train(
    X: Tensor, y: Labels, Xval: Tensor, yval: Labels,
    options?: { learningRate?: number; learningRateDecay?: number; reg?: number; numIters?: number; batchSize?: number; verbose?: boolean },
  ): { lossHistory: number[]; trainAccHistory: number[]; valAccHistory: number[] } {
    throw new NotImplemented('TwoLayerNet.train');
  }
}

// ------------------------------------------------------------------ FullyConnectedNet

/**
 * {affine - [batchnorm] - relu - [dropout]} x (L - 1) - affine - softmax, L = hiddenDims.length + 1.
 * params: W1..WL [in, out], b1..bL, and gamma_l (ones), beta_l (zeros) for each hidden layer with batchnorm.
 */
export class FullyConnectedNet {
  params: Record<string, Tensor> = {};

  /**
   * W_l = weightScale * rng.randn(in, out) for l = 1..L in order; biases zero.
   * Defaults: inputDim 3072, numClasses 10, reg 0, weightScale 1e-2, dropout 0, useBatchnorm false.
   * dropout is the probability of DROPPING a unit, in [0, 1); 0 means no dropout layers.
   */
  constructor(hiddenDims: number[], options: {
    inputDim?: number; numClasses?: number; reg?: number; weightScale?: number; dropout?: number; useBatchnorm?: boolean; rng: Rng;
  }) {
    throw new NotImplemented('FullyConnectedNet constructor');
  }

  /**
   * X: [N, ...] (rows flattened). Without y: test mode, the scores [N, C]. With y: train mode, the softmax loss
   * + 0.5 * reg * sum_l ||W_l||² and the gradient of every param.
   * Batchnorm (train): batch mean and biased variance, xhat = (a - mean) / sqrt(var + 1e-5), out = gamma xhat + beta,
   * and running = 0.9 * running + 0.1 * batch statistic (running mean and variance start at zeros);
   * test mode normalizes with the running statistics.
   * Dropout (train only, after each hidden ReLU): u = rng.rand(N, H) from the constructor's rng (after the
   * weights), keep a unit where u >= dropout, scaled by 1 / (1 - dropout). Test mode: identity, no draws.
   */
  loss(X: Tensor, y?: Labels): Tensor | LossAndGrads {
    throw new NotImplemented('FullyConnectedNet.loss');
  }
}

// ------------------------------------------------------------------ update rules

/**
 * Each rule takes w, dw (w's shape) and a config, and returns [nextW, nextConfig] without changing its inputs.
 * nextConfig holds every hyperparameter (defaults filled in) and the rule's state (velocity, cache, m, v, t):
 * fed back on the next call, it continues the same run. Missing state starts at zeros (t at 0).
 */
export type Config = Record<string, number | Tensor | undefined>;

/** w - learningRate * dw. Default learningRate 1e-2. */
export function sgd(w: Tensor, dw: Tensor, config?: Config): [Tensor, Config] {
  throw new NotImplemented('sgd');
}

/** velocity = momentum * velocity - learningRate * dw; w + velocity. Defaults 1e-2, momentum 0.9. */
export function sgdMomentum(w: Tensor, dw: Tensor, config?: Config): [Tensor, Config] {
  throw new NotImplemented('sgdMomentum');
}

/** cache = decayRate * cache + (1 - decayRate) dw²; w - learningRate dw / (sqrt(cache) + epsilon). Defaults 1e-2, 0.99, 1e-8. */
export function rmsprop(w: Tensor, dw: Tensor, config?: Config): [Tensor, Config] {
  throw new NotImplemented('rmsprop');
}

/**
 * t += 1 first; m = beta1 m + (1 - beta1) dw; v = beta2 v + (1 - beta2) dw²; mt = m / (1 - beta1^t);
 * vt = v / (1 - beta2^t); w - learningRate mt / (sqrt(vt) + epsilon). Defaults 1e-3, 0.9, 0.999, 1e-8.
 */
export function adam(w: Tensor, dw: Tensor, config?: Config): [Tensor, Config] {
  throw new NotImplemented('adam');
}

// ------------------------------------------------------------------ Solver

/** What a Solver trains: your TwoLayerNet or FullyConnectedNet. */
export interface Model {
  params: Record<string, Tensor>;
  loss(X: Tensor, y?: Labels): Tensor | LossAndGrads;
}

export class Solver {
  /**
   * data: { XTrain, yTrain, XVal, yVal }. options: updateRule 'sgd' | 'sgd_momentum' | 'rmsprop' | 'adam' (default
   * 'sgd'); optimConfig, copied once per param (each param keeps its own config); lrDecay (1); numEpochs (10);
   * batchSize (100); numTrainSamples (1000); numValSamples (all); printEvery (10); verbose (true); rng.
   */
  constructor(model: Model, data: { XTrain: Tensor; yTrain: Labels; XVal: Tensor; yVal: Labels }, options: {
    updateRule?: string; optimConfig?: Config; lrDecay?: number; numEpochs?: number; batchSize?: number;
    numTrainSamples?: number; numValSamples?: number; printEvery?: number; verbose?: boolean; rng: Rng;
  }) {
    throw new NotImplemented('Solver constructor');
  }

  /** One update: rows = rng.choice(N, [batchSize]), model.loss on them, push the loss, each param's rule. */
  step(): void {
    throw new NotImplemented('Solver.step');
  }

  /**
   * The share of rows whose first highest score (model.loss(X) in chunks of batchSize rows) is the label.
   * When numSamples is given and X has more rows, first rows = rng.choice(N, [numSamples]) and use those.
   */
  checkAccuracy(X: Tensor, y: Labels, numSamples?: number, batchSize?: number): number {
    throw new NotImplemented('Solver.checkAccuracy');
  }

  /**
   * numEpochs * max(floor(N / batchSize), 1) steps. After a step that ends an epoch, multiply every param's
   * learningRate by lrDecay. After the first step, the last step and each epoch's end: push checkAccuracy on
   * (XTrain, yTrain, numTrainSamples), then on (XVal, yVal, numValSamples), in that order, and keep copies of the
   * params when the validation accuracy beats the best so far. At the end, the model gets the best params.
   * Returns the histories.
   */
  train(): { lossHistory: number[]; trainAccHistory: number[]; valAccHistory: number[] } {
    throw new NotImplemented('Solver.train');
  }
}
