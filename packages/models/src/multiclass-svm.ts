import { contiguous, expectInteger, expectLabels, expectShape, RandomState, zeros, type Tensor } from '@gradient/tensor';
import { accuracy, addRowInPlace, addScaledInPlace, argmaxRows, matmulNT, sumOfSquares } from './linalg';
import { conditionRow, formatConditionTable } from './condition-table';
import type { LossAndGrads, ModelLabels } from './model';
import { SoftmaxClassifier, type EpochHistory, type EpochResult } from './softmax-classifier';

export interface MulticlassSvmOptions {
  /** F, the length of a feature vector (for NN + SVM: the net's C logits). */
  numFeatures: number;
  numClasses: number;
  /** Draws each epoch's example order (rng.permutation(N)). Default: entropy-seeded. W and b start at zero. */
  rng?: RandomState;
}

export interface SvmSgdOptions {
  /** Default 10. */
  epochs?: number;
  /** Default 0.001. */
  learningRate?: number;
  /** L2 strength: the loss adds 0.5 reg ||W||^2 (b is not regularized). Default 0. */
  reg?: number;
}

/**
 * A multiclass linear SVM (Weston-Watkins, as the course's svm_loss): scores s = W f + b with W [C, F], loss per
 * example sum over j != y of max(0, s_j - s_y + 1), plus 0.5 reg ||W||^2. At a margin of exactly 0 the
 * subgradient taken is 0, as svmLoss in @gradient/tensor.
 */
export class MulticlassSVM {
  params: { W: Tensor; b: Tensor };
  readonly rng: RandomState;
  history?: EpochHistory;

  constructor(options: MulticlassSvmOptions) {
    const { numFeatures, numClasses } = options;
    expectInteger('MulticlassSVM', 'numFeatures', numFeatures, 1);
    expectInteger('MulticlassSVM', 'numClasses', numClasses, 2);
    this.rng = options.rng ?? new RandomState();
    this.params = { W: zeros([numClasses, numFeatures]), b: zeros([numClasses]) };
  }

  get numFeatures(): number {
    return this.params.W.shape[1];
  }

  get numClasses(): number {
    return this.params.W.shape[0];
  }

  /** F [N, F] -> scores [N, C] = F Wᵀ + b. */
  scores(F: Tensor): Tensor {
    expectShape('MulticlassSVM.scores', 'F', F, [null, this.numFeatures], ['N', 'F']);
    return addRowInPlace(matmulNT(F, this.params.W), this.params.b);
  }

  /** Mean hinge loss over the rows plus 0.5 reg ||W||^2, and its (sub)gradients dW [C, F], db [C]. */
  loss(F: Tensor, y: ModelLabels, reg = 0): LossAndGrads {
    const s = this.scores(F);
    const [n, c] = s.shape;
    expectLabels('MulticlassSVM.loss', 'y', y, n, c);
    const ds = zeros([n, c]);
    let loss = 0;
    for (let i = 0; i < n; i++) {
      const yi = y[i];
      for (let j = 0; j < c; j++) {
        if (j === yi) continue;
        const margin = s.data[i * c + j] - s.data[i * c + yi] + 1;
        // !(margin <= 0) so that a NaN score makes the loss NaN rather than smaller
        if (!(margin <= 0)) {
          loss += margin;
          ds.data[i * c + j] += 1 / n;
          ds.data[i * c + yi] -= 1 / n;
        }
      }
    }
    const dW = zeros([c, this.numFeatures]);
    const f = contiguous(F).data;
    const d = this.numFeatures;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < c; j++) {
        const g = ds.data[i * c + j];
        if (g === 0) continue;
        for (let k = 0; k < d; k++) dW.data[j * d + k] += g * f[i * d + k];
      }
    }
    addScaledInPlace(dW, this.params.W, reg);
    const db = zeros([c]);
    for (let i = 0; i < n; i++) for (let j = 0; j < c; j++) db.data[j] += ds.data[i * c + j];
    return { loss: loss / n + 0.5 * reg * sumOfSquares(this.params.W), grads: { W: dW, b: db } };
  }

  /**
   * One epoch of per-example SGD in the order rng.permutation(N): each example's gradient (its hinge
   * subgradient plus reg W) at the weights as they are, then W -= lambda dW, b -= lambda db.
   * Returns the mean hinge loss (without the reg term) and the accuracy, each taken before the example's update.
   */
  trainEpoch(F: Tensor, y: ModelLabels, learningRate: number, reg = 0): EpochResult {
    expectShape('MulticlassSVM.trainEpoch', 'F', F, [null, this.numFeatures], ['N', 'F']);
    const [n, d] = F.shape;
    const c = this.numClasses;
    expectLabels('MulticlassSVM.trainEpoch', 'y', y, n, c);
    const f = contiguous(F).data;
    const w = this.params.W.data;
    const b = this.params.b.data;
    const s = new Float64Array(c);
    const g = new Float64Array(c);
    const order = this.rng.permutation(n).data;
    let lossSum = 0;
    let hits = 0;
    for (let t = 0; t < n; t++) {
      const i = order[t];
      const fi = i * d;
      let best = 0;
      for (let j = 0; j < c; j++) {
        let v = b[j];
        for (let k = 0; k < d; k++) v += w[j * d + k] * f[fi + k];
        s[j] = v;
        if (v > s[best]) best = j;
      }
      const yi = y[i];
      if (best === yi) hits++;
      g.fill(0);
      for (let j = 0; j < c; j++) {
        if (j === yi) continue;
        const margin = s[j] - s[yi] + 1;
        if (!(margin <= 0)) {
          lossSum += margin;
          g[j] += 1;
          g[yi] -= 1;
        }
      }
      for (let j = 0; j < c; j++) {
        const row = j * d;
        for (let k = 0; k < d; k++) w[row + k] -= learningRate * (g[j] * f[fi + k] + reg * w[row + k]);
        b[j] -= learningRate * g[j];
      }
    }
    return { loss: lossSum / n, accuracy: hits / n };
  }

  train(F: Tensor, y: ModelLabels, Ftest: Tensor, ytest: ModelLabels, options: SvmSgdOptions = {}): EpochHistory {
    const { epochs = 10, learningRate = 0.001, reg = 0 } = options;
    expectInteger('MulticlassSVM.train', 'epochs', epochs, 1);
    const history: EpochHistory = { loss: [], accuracy: [] };
    for (let e = 0; e < epochs; e++) {
      history.loss.push(this.trainEpoch(F, y, learningRate, reg).loss);
      history.accuracy.push(accuracy(this.predict(Ftest), ytest));
    }
    this.history = history;
    return history;
  }

  /** F [N, F] -> the highest-scoring class of each row (the first on ties). */
  predict(F: Tensor): Int32Array {
    return argmaxRows(this.scores(F));
  }
}

export interface NetSvmOptions {
  inputSize?: number;
  numClasses?: number;
  /** Orders the net's epochs, then the SVM's (one shared stream, net first). */
  rng?: RandomState;
}

export interface NetSvmTrainOptions {
  /** Epochs of each stage; default 10. */
  epochs?: number;
  /** The net's lambda; default 0.01. */
  learningRate?: number;
  /** The SVM's lambda; default 0.001. */
  svmLearningRate?: number;
  /** The SVM's L2 strength; default 0. */
  reg?: number;
}

/**
 * The "NN + SVM" variant: train the softmax net, then a multiclass linear SVM on the trained net's logits
 * (the net is frozen while the SVM trains); predictions are the SVM's on the net's logits.
 */
export class NetSvmClassifier {
  readonly net: SoftmaxClassifier;
  svm: MulticlassSVM;
  readonly rng: RandomState;
  history?: { net: EpochHistory; svm: EpochHistory };

  constructor(options: NetSvmOptions = {}) {
    const { inputSize = 784, numClasses = 10 } = options;
    this.rng = options.rng ?? new RandomState();
    this.net = new SoftmaxClassifier({ inputSize, numClasses, rng: this.rng });
    this.svm = new MulticlassSVM({ numFeatures: numClasses, numClasses, rng: this.rng });
  }

  train(X: Tensor, y: ModelLabels, Xtest: Tensor, ytest: ModelLabels, options: NetSvmTrainOptions = {}): { net: EpochHistory; svm: EpochHistory } {
    const { epochs = 10, learningRate = 0.01, svmLearningRate = 0.001, reg = 0 } = options;
    const net = this.net.train(X, y, Xtest, ytest, { epochs, learningRate });
    const svm = this.svm.train(this.net.logits(X), y, this.net.logits(Xtest), ytest, { epochs, learningRate: svmLearningRate, reg });
    this.history = { net, svm };
    return this.history;
  }

  predict(X: Tensor): Int32Array {
    return this.svm.predict(this.net.logits(X));
  }

  /** Prints (through log) and returns the course's table: one row for the net alone, one for NN + SVM. */
  report(condition: string, log: (text: string) => void = console.log): string {
    if (!this.history) throw new Error('NetSvmClassifier.report: no history yet (call train first)');
    const text = formatConditionTable([conditionRow(`${condition} NN`, this.history.net), conditionRow(`${condition} NN + SVM`, this.history.svm)]);
    log(text);
    return text;
  }
}
