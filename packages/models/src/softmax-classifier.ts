import { contiguous, expectInteger, expectLabels, expectShape, RandomState, zeros, type Tensor } from '@gradient/tensor';
import { accuracy, addRowInPlace, argmaxRows, matmulNT, matmulTN, sumRows } from './linalg';
import { conditionRow, formatConditionTable } from './condition-table';
import type { LossAndGrads, ModelLabels } from './model';

/**
 * Spec D's single-layer softmax net: logits l = W x + b, p = softmax(l), cross-entropy -log p_y.
 *
 * Layout: W is [C, D] (one row of weights per class), as the course writes l = W x + b for a column x, so
 * that logits for a batch X [N, D] are X Wᵀ + b and dL/dW = (p - y) xᵀ has W's shape as written. The
 * course's w_ij (input i to class j, dL/dw_ij = x_i (p_j - y_j)) is W[j][i] here.
 */
export interface SoftmaxClassifierOptions {
  /** D; default 784 (MNIST's 28 x 28 pixels). */
  inputSize?: number;
  /** C; default 10. */
  numClasses?: number;
  /** W = std * rng.randn(C, D) when std > 0; default 0 (W zero, the course's start). b is always zero. */
  std?: number;
  /** Draws W (when std > 0), then each epoch's example order (rng.permutation(N)). Default: entropy-seeded. */
  rng?: RandomState;
}

/** Per-epoch numbers of a training run, one entry per epoch. */
export interface EpochHistory {
  /** Mean cross-entropy of the training examples during the epoch, each taken just before its own update. */
  loss: number[];
  /** Accuracy on the held-out set after the epoch. */
  accuracy: number[];
}

export interface SgdOptions {
  /** Default 10. */
  epochs?: number;
  /** lambda; default 0.01. */
  learningRate?: number;
}

/** Mean loss and accuracy of one pass of per-example SGD, each example measured just before its update. */
export interface EpochResult {
  loss: number;
  accuracy: number;
}

/** p = softmax(l) in place for one row, stably (the row's max subtracted first); returns log(sum exp(l - max)) + max. */
function softmaxRowInPlace(l: Float64Array, start: number, c: number): number {
  let max = -Infinity;
  for (let j = 0; j < c; j++) if (l[start + j] > max) max = l[start + j];
  let sum = 0;
  for (let j = 0; j < c; j++) {
    const e = Math.exp(l[start + j] - max);
    l[start + j] = e;
    sum += e;
  }
  for (let j = 0; j < c; j++) l[start + j] /= sum;
  return Math.log(sum) + max;
}

/** Row-wise softmax of logits [N, C] -> probabilities [N, C], each row's max subtracted first so large logits do not overflow. */
export function softmax(logits: Tensor): Tensor {
  expectShape('softmax', 'logits', logits, [null, null], ['N', 'C']);
  const [n, c] = logits.shape;
  const out = zeros([n, c]);
  out.data.set(contiguous(logits).data);
  for (let i = 0; i < n; i++) softmaxRowInPlace(out.data, i * c, c);
  return out;
}

export class SoftmaxClassifier {
  params: { W: Tensor; b: Tensor };
  readonly rng: RandomState;
  /** The last train() run's history. */
  history?: EpochHistory;

  constructor(options: SoftmaxClassifierOptions = {}) {
    const { inputSize = 784, numClasses = 10, std = 0 } = options;
    expectInteger('SoftmaxClassifier', 'inputSize', inputSize, 1);
    expectInteger('SoftmaxClassifier', 'numClasses', numClasses, 2);
    this.rng = options.rng ?? new RandomState();
    const W = std > 0 ? this.rng.randn(numClasses, inputSize) : zeros([numClasses, inputSize]);
    if (std > 0) for (let i = 0; i < W.data.length; i++) W.data[i] *= std;
    this.params = { W, b: zeros([numClasses]) };
  }

  get inputSize(): number {
    return this.params.W.shape[1];
  }

  get numClasses(): number {
    return this.params.W.shape[0];
  }

  private checkX(op: string, X: Tensor): void {
    expectShape(`SoftmaxClassifier.${op}`, 'X', X, [null, this.inputSize], ['N', 'D']);
  }

  /** X [N, D] -> logits [N, C] = X Wᵀ + b. */
  logits(X: Tensor): Tensor {
    this.checkX('logits', X);
    return addRowInPlace(matmulNT(X, this.params.W), this.params.b);
  }

  /**
   * Mean cross-entropy over the N rows and its gradients: dW = mean over rows of (p - y) xᵀ [C, D],
   * db = mean of (p - y) [C] (y one-hot). With N = 1 these are the per-example gradients SGD uses.
   */
  loss(X: Tensor, y: ModelLabels): LossAndGrads {
    this.checkX('loss', X);
    const n = X.shape[0];
    const c = this.numClasses;
    expectLabels('SoftmaxClassifier.loss', 'y', y, n, c);
    const p = this.logits(X);
    let loss = 0;
    for (let i = 0; i < n; i++) {
      const correct = p.data[i * c + y[i]];
      // -log p_y from the logits, not from p_y, so a p_y that underflows to 0 still gives a finite loss
      loss += softmaxRowInPlace(p.data, i * c, c) - correct;
      p.data[i * c + y[i]] -= 1;
    }
    for (let k = 0; k < p.data.length; k++) p.data[k] /= n;
    return { loss: loss / n, grads: { W: matmulTN(p, X), b: sumRows(p) } };
  }

  /**
   * One epoch of per-example SGD: for each example i in the order rng.permutation(N),
   * W -= lambda (p - y) x_iᵀ and b -= lambda (p - y), p computed with the weights as they are at that moment.
   */
  trainEpoch(X: Tensor, y: ModelLabels, learningRate: number): EpochResult {
    this.checkX('trainEpoch', X);
    const [n, d] = X.shape;
    const c = this.numClasses;
    expectLabels('SoftmaxClassifier.trainEpoch', 'y', y, n, c);
    const x = contiguous(X).data;
    const w = this.params.W.data;
    const b = this.params.b.data;
    const l = new Float64Array(c);
    const order = this.rng.permutation(n).data;
    let lossSum = 0;
    let hits = 0;
    for (let t = 0; t < n; t++) {
      const i = order[t];
      const xi = i * d;
      let best = 0;
      for (let j = 0; j < c; j++) {
        let s = b[j];
        for (let k = 0; k < d; k++) s += w[j * d + k] * x[xi + k];
        l[j] = s;
        if (s > l[best]) best = j;
      }
      const yi = y[i];
      if (best === yi) hits++;
      const correct = l[yi];
      lossSum += softmaxRowInPlace(l, 0, c) - correct;
      l[yi] -= 1;
      for (let j = 0; j < c; j++) {
        const g = learningRate * l[j];
        b[j] -= g;
        const row = j * d;
        for (let k = 0; k < d; k++) w[row + k] -= g * x[xi + k];
      }
    }
    return { loss: lossSum / n, accuracy: hits / n };
  }

  /** Runs `epochs` epochs of trainEpoch; after each, the held-out accuracy. Keeps the history in this.history. */
  train(X: Tensor, y: ModelLabels, Xtest: Tensor, ytest: ModelLabels, options: SgdOptions = {}): EpochHistory {
    const { epochs = 10, learningRate = 0.01 } = options;
    expectInteger('SoftmaxClassifier.train', 'epochs', epochs, 1);
    const history: EpochHistory = { loss: [], accuracy: [] };
    for (let e = 0; e < epochs; e++) {
      history.loss.push(this.trainEpoch(X, y, learningRate).loss);
      history.accuracy.push(accuracy(this.predict(Xtest), ytest));
    }
    this.history = history;
    return history;
  }

  /** X [N, D] -> the most probable class of each row (the first on ties). */
  predict(X: Tensor): Int32Array {
    return argmaxRows(this.logits(X));
  }

  /** Prints (through log) and returns the course's table row of the last train() run, named condition. */
  report(condition: string, log: (text: string) => void = console.log): string {
    if (!this.history) throw new Error('SoftmaxClassifier.report: no history yet (call train first)');
    const text = formatConditionTable([conditionRow(condition, this.history)]);
    log(text);
    return text;
  }
}
