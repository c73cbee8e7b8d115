import {
  affineBackward,
  expectInteger,
  affineForward,
  expectShape,
  RandomState,
  reluBackward,
  reluForward,
  softmaxLoss,
  zeros,
  type Tensor,
} from '@gradient/tensor';
import {
  accuracy,
  addRowInPlace,
  addScaledInPlace,
  argmaxRows,
  matmul,
  matmulNT,
  matmulTN,
  sumOfSquares,
  sumRows,
  takeLabels,
  takeRows,
} from './linalg';
import type { LossAndGrads, Model, ModelLabels } from './model';

/**
 * The course's two weight layouts. 'HD' (the first notebook, neural_net.py): W1 [H, D], W2 [C, H],
 * scores = relu(X W1ᵀ + b1) W2ᵀ + b2. 'DH' (fc_net.py, built from the affine/relu layers): W1 [D, H], W2 [H, C].
 */
export type TwoLayerLayout = 'HD' | 'DH';

export interface TwoLayerNetOptions {
  inputSize: number;
  hiddenSize: number;
  numClasses: number;
  /** Weights are std * randn(...shape). Default 1e-4, the notebook's. */
  std?: number;
  /** Draws the weights (W1 then W2) and, in train(), the minibatches. Default: an entropy-seeded RandomState. */
  rng?: RandomState;
  /** Default 'HD'. */
  layout?: TwoLayerLayout;
}

export interface TrainOptions {
  learningRate?: number;
  /** Multiplies the learning rate once per epoch. */
  learningRateDecay?: number;
  reg?: number;
  numIters?: number;
  batchSize?: number;
  /** Prints the loss every 100 iterations through log. */
  verbose?: boolean;
  log?: (line: string) => void;
}

export interface TrainHistory {
  lossHistory: number[];
  /** Accuracy on the minibatch of the iteration that ended each epoch, as the notebook measures it. */
  trainAccHistory: number[];
  valAccHistory: number[];
}

export class TwoLayerNet implements Model {
  readonly layout: TwoLayerLayout;
  readonly rng: RandomState;
  params: Record<string, Tensor>;

  constructor(options: TwoLayerNetOptions) {
    const { inputSize: d, hiddenSize: h, numClasses: c, std = 1e-4, layout = 'HD' } = options;
    for (const [name, v] of Object.entries({ inputSize: d, hiddenSize: h, numClasses: c })) expectInteger('TwoLayerNet', name, v, 1);
    if (layout !== 'HD' && layout !== 'DH') throw new Error(`TwoLayerNet: layout must be 'HD' or 'DH', got ${String(layout)}`);
    this.layout = layout;
    this.rng = options.rng ?? new RandomState();
    const scaled = (t: Tensor): Tensor => {
      for (let i = 0; i < t.data.length; i++) t.data[i] *= std;
      return t;
    };
    // drawn in this order so that a NumPy notebook seeded the same way gets the same weights
    const W1 = scaled(layout === 'HD' ? this.rng.randn(h, d) : this.rng.randn(d, h));
    const W2 = scaled(layout === 'HD' ? this.rng.randn(c, h) : this.rng.randn(h, c));
    this.params = { W1, b1: zeros([h]), W2, b2: zeros([c]) };
  }

  get inputSize(): number {
    return this.params.W1.shape[this.layout === 'HD' ? 1 : 0];
  }

  /** X [N, D] -> scores [N, C] without y; with y, the softmax loss plus 0.5 * reg * (||W1||² + ||W2||²) and its gradients. */
  loss(X: Tensor): Tensor;
  loss(X: Tensor, y: ModelLabels, reg?: number): LossAndGrads;
  loss(X: Tensor, y?: ModelLabels, reg?: number): Tensor | LossAndGrads;
  loss(X: Tensor, y?: ModelLabels, reg = 0): Tensor | LossAndGrads {
    expectShape('TwoLayerNet.loss', 'X', X, [null, this.inputSize], ['N', 'D']);
    return this.layout === 'HD' ? this.lossHD(X, y, reg) : this.lossDH(X, y, reg);
  }

  private lossHD(X: Tensor, y: ModelLabels | undefined, reg: number): Tensor | LossAndGrads {
    const { W1, b1, W2, b2 } = this.params;
    const hidden = addRowInPlace(matmulNT(X, W1), b1);
    // v <= 0 rather than v < 0 keeps a NaN as NaN instead of hiding it as 0
    for (let i = 0; i < hidden.data.length; i++) if (hidden.data[i] <= 0) hidden.data[i] = 0;
    const scores = addRowInPlace(matmulNT(hidden, W2), b2);
    if (y === undefined) return scores;

    const [dataLoss, dscores] = softmaxLoss(scores, y);
    const dW2 = matmulTN(dscores, hidden);
    const db2 = sumRows(dscores);
    const dhidden = matmul(dscores, W2);
    for (let i = 0; i < dhidden.data.length; i++) if (!(hidden.data[i] > 0)) dhidden.data[i] = 0;
    const dW1 = matmulTN(dhidden, X);
    const db1 = sumRows(dhidden);
    return this.withReg(dataLoss, { W1: dW1, b1: db1, W2: dW2, b2: db2 }, reg);
  }

  private lossDH(X: Tensor, y: ModelLabels | undefined, reg: number): Tensor | LossAndGrads {
    const { W1, b1, W2, b2 } = this.params;
    const [a1, affine1] = affineForward(X, W1, b1);
    const [hidden, relu1] = reluForward(a1);
    const [scores, affine2] = affineForward(hidden, W2, b2);
    if (y === undefined) return scores;

    const [dataLoss, dscores] = softmaxLoss(scores, y);
    const [dhidden, dW2, db2] = affineBackward(dscores, affine2);
    const [, dW1, db1] = affineBackward(reluBackward(dhidden, relu1), affine1);
    return this.withReg(dataLoss, { W1: dW1, b1: db1, W2: dW2, b2: db2 }, reg);
  }

  private withReg(dataLoss: number, grads: Record<string, Tensor>, reg: number): LossAndGrads {
    const { W1, W2 } = this.params;
    addScaledInPlace(grads.W1, W1, reg);
    addScaledInPlace(grads.W2, W2, reg);
    return { loss: dataLoss + 0.5 * reg * (sumOfSquares(W1) + sumOfSquares(W2)), grads };
  }

  /** X [N, D] -> the predicted class of each row. */
  predict(X: Tensor): Int32Array {
    return argmaxRows(this.loss(X));
  }

  /**
   * Minibatch SGD as the notebook's train(): each iteration samples batchSize rows with replacement
   * (rng.choice(N, batchSize), NumPy's np.random.choice(num_train, batch_size)), steps every parameter by
   * -learningRate * grad, and whenever it % max(N / batchSize, 1) == 0 (a fractional epoch length is kept,
   * as Python 3 divides) records the batch and validation accuracy and decays the learning rate.
   */
  train(X: Tensor, y: ModelLabels, Xval: Tensor, yval: ModelLabels, options: TrainOptions = {}): TrainHistory {
    const {
      learningRateDecay = 0.95,
      reg = 5e-6,
      numIters = 100,
      batchSize = 200,
      verbose = false,
      log = (line: string) => console.log(line),
    } = options;
    expectInteger('TwoLayerNet.train', 'numIters', numIters, 0);
    expectInteger('TwoLayerNet.train', 'batchSize', batchSize, 1);
    let learningRate = options.learningRate ?? 1e-3;
    const numTrain = X.shape[0];
    const iterationsPerEpoch = Math.max(numTrain / batchSize, 1);
    const history: TrainHistory = { lossHistory: [], trainAccHistory: [], valAccHistory: [] };

    for (let it = 0; it < numIters; it++) {
      const idx = this.rng.choice(numTrain, [batchSize]).data;
      const xBatch = takeRows(X, idx);
      const yBatch = takeLabels(y, idx);
      const { loss, grads } = this.loss(xBatch, yBatch, reg);
      history.lossHistory.push(loss);
      for (const name of Object.keys(this.params)) {
        const p = this.params[name].data;
        const g = grads[name].data;
        for (let i = 0; i < p.length; i++) p[i] -= learningRate * g[i];
      }
      if (verbose && it % 100 === 0) log(`iteration ${it} / ${numIters}: loss ${loss}`);
      if (it % iterationsPerEpoch === 0) {
        history.trainAccHistory.push(accuracy(this.predict(xBatch), yBatch));
        history.valAccHistory.push(accuracy(this.predict(Xval), yval));
        learningRate *= learningRateDecay;
      }
    }
    return history;
  }
}
