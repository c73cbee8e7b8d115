import {
  affineBackward,
  affineForward,
  batchnormBackward,
  batchnormForward,
  dropoutBackward,
  dropoutForward,
  RandomState,
  reluBackward,
  reluForward,
  softmaxLoss,
  zeros,
  type AffineCache,
  type BatchnormCache,
  type DropoutCache,
  type ReluCache,
  type Tensor,
  type UniformSource,
} from '@gradient/tensor';
import { addScaledInPlace, argmaxRows, sumOfSquares } from './linalg';
import type { LossAndGrads, Model, ModelLabels } from './model';

export interface FullyConnectedNetOptions {
  /** Default 3 * 32 * 32 (a CIFAR-10 image). */
  inputDim?: number;
  /** Default 10. */
  numClasses?: number;
  /** L2 strength: the loss adds 0.5 * reg * sum of ||W_i||². Default 0. */
  reg?: number;
  /** Weights are weightScale * randn(in, out). Default 1e-2. */
  weightScale?: number;
  /** Probability of dropping a hidden unit, in [0, 1); 0 (the default) means no dropout layers. */
  dropout?: number;
  /** Batchnorm after each hidden affine layer, before its ReLU. Default false. */
  useBatchnorm?: boolean;
  /** Draws the weights (W1, W2, ... in order) and, without dropoutSeed, the dropout masks. Default: entropy-seeded. */
  rng?: RandomState;
  /**
   * When set, every train-mode forward draws its dropout masks from a fresh RandomState(dropoutSeed), so
   * repeated calls use the same masks (what a gradient check needs, as the course's dropout_param['seed']).
   */
  dropoutSeed?: number;
}

interface HiddenCaches {
  affine: AffineCache;
  batchnorm?: BatchnormCache;
  relu: ReluCache;
  dropout?: DropoutCache;
}

/**
 * {affine - [batchnorm] - relu - [dropout]} x (L - 1) - affine - softmax, with L = hiddenDims.length + 1.
 * params: W1..WL [in, out], b1..bL, and gamma1, beta1, ... for the hidden layers when batchnorm is on.
 */
export class FullyConnectedNet implements Model {
  readonly numLayers: number;
  readonly reg: number;
  readonly dropout: number;
  readonly useBatchnorm: boolean;
  readonly rng: RandomState;
  readonly dropoutSeed: number | undefined;
  params: Record<string, Tensor> = {};
  /** Running mean and variance of each batchnorm layer, updated by every train-mode forward. */
  readonly bnRunning: { runningMean: Tensor; runningVar: Tensor }[] = [];

  constructor(hiddenDims: readonly number[], options: FullyConnectedNetOptions = {}) {
    const { inputDim = 3 * 32 * 32, numClasses = 10, reg = 0, weightScale = 1e-2, dropout = 0, useBatchnorm = false } = options;
    if (!(dropout >= 0 && dropout < 1)) throw new Error(`FullyConnectedNet: dropout must be in [0, 1), got ${dropout}`);
    this.numLayers = hiddenDims.length + 1;
    this.reg = reg;
    this.dropout = dropout;
    this.useBatchnorm = useBatchnorm;
    this.rng = options.rng ?? new RandomState();
    this.dropoutSeed = options.dropoutSeed;
    const dims = [inputDim, ...hiddenDims, numClasses];
    for (let i = 0; i < this.numLayers; i++) {
      const W = this.rng.randn(dims[i], dims[i + 1]);
      for (let k = 0; k < W.data.length; k++) W.data[k] *= weightScale;
      this.params[`W${i + 1}`] = W;
      this.params[`b${i + 1}`] = zeros([dims[i + 1]]);
      if (useBatchnorm && i < this.numLayers - 1) {
        const gamma = zeros([dims[i + 1]]);
        gamma.data.fill(1);
        this.params[`gamma${i + 1}`] = gamma;
        this.params[`beta${i + 1}`] = zeros([dims[i + 1]]);
        this.bnRunning.push({ runningMean: zeros([dims[i + 1]]), runningVar: zeros([dims[i + 1]]) });
      }
    }
  }

  /** X [N, d1, ...] -> scores [N, C] without y (test mode); with y (train mode), the loss and its gradients. */
  loss(X: Tensor): Tensor;
  loss(X: Tensor, y: ModelLabels): LossAndGrads;
  loss(X: Tensor, y?: ModelLabels): Tensor | LossAndGrads;
  loss(X: Tensor, y?: ModelLabels): Tensor | LossAndGrads {
    const mode = y === undefined ? 'test' : 'train';
    const dropoutRng: UniformSource | undefined =
      this.dropout > 0 && mode === 'train' ? (this.dropoutSeed === undefined ? this.rng : new RandomState(this.dropoutSeed)) : undefined;
    const caches: HiddenCaches[] = [];
    let h = X;
    for (let i = 1; i < this.numLayers; i++) {
      const [a, affine] = affineForward(h, this.params[`W${i}`], this.params[`b${i}`]);
      let pre = a;
      let batchnorm: BatchnormCache | undefined;
      if (this.useBatchnorm) {
        const running = this.bnRunning[i - 1];
        const [out, cache, next] = batchnormForward(a, this.params[`gamma${i}`], this.params[`beta${i}`], { mode, ...running });
        this.bnRunning[i - 1] = next;
        pre = out;
        batchnorm = cache;
      }
      const [r, relu] = reluForward(pre);
      h = r;
      let dropout: DropoutCache | undefined;
      if (this.dropout > 0) [h, dropout] = dropoutForward(r, { p: this.dropout, mode, rng: dropoutRng });
      caches.push({ affine, batchnorm, relu, dropout });
    }
    const L = this.numLayers;
    const [scores, last] = affineForward(h, this.params[`W${L}`], this.params[`b${L}`]);
    if (y === undefined) return scores;

    const [dataLoss, dscores] = softmaxLoss(scores, y);
    const grads: Record<string, Tensor> = {};
    let [dh, dW, db] = affineBackward(dscores, last);
    grads[`W${L}`] = dW;
    grads[`b${L}`] = db;
    for (let i = L - 1; i >= 1; i--) {
      const c = caches[i - 1];
      if (c.dropout) dh = dropoutBackward(dh, c.dropout);
      dh = reluBackward(dh, c.relu);
      if (c.batchnorm) {
        const [dx, dgamma, dbeta] = batchnormBackward(dh, c.batchnorm);
        grads[`gamma${i}`] = dgamma;
        grads[`beta${i}`] = dbeta;
        dh = dx;
      }
      [dh, dW, db] = affineBackward(dh, c.affine);
      grads[`W${i}`] = dW;
      grads[`b${i}`] = db;
    }
    let regLoss = 0;
    for (let i = 1; i <= L; i++) {
      regLoss += sumOfSquares(this.params[`W${i}`]);
      addScaledInPlace(grads[`W${i}`], this.params[`W${i}`], this.reg);
    }
    return { loss: dataLoss + 0.5 * this.reg * regLoss, grads };
  }

  /** X [N, ...] -> the predicted class of each row (test mode). */
  predict(X: Tensor): Int32Array {
    return argmaxRows(this.loss(X));
  }
}
