// softmax-classifier: a single-layer softmax net with hand-derived gradients, trained by per-example SGD,
// and the "NN + SVM" variant (a multiclass linear SVM trained on the net's logits).
// Shapes: X [N, D] (one example per row; MNIST: D = 784 pixels / 255), labels y: N integers in [0, C).
// Weights: W [C, D] (one row per class) and b [C], so logits l = W x + b for one example x, X Wᵀ + b for a batch.
// The course's w_ij (input i to class j, dL/dw_ij = x_i (p_j - y_j)) is W[j][i] here. All data is float64.
// Replace every TODO. The constructors and report() are given: keep them as they are.
// Run the public tests with `npm install` once, then `npm test` (one test: `npm test -- 2.1`); see README.md.
import ndarray from 'ndarray';

export type Tensor = ndarray.NdArray<Float64Array>;
export type Labels = ArrayLike<number>;

/** The seeded generator the grader passes in (NumPy's legacy RandomState): permutation(n).data is a shuffled 0..n-1. */
export interface RandomState {
  permutation(n: number): { data: Float64Array };
}

/** A new zero-filled float64 tensor: results must be float64 ndarrays of exactly the expected shape. */
export const zeros = (shape: number[]): Tensor => ndarray(new Float64Array(shape.reduce((a, b) => a * b, 1)), shape);

class NotImplemented extends Error {
  constructor(what: string) {
    super(`${what} is not implemented yet (TODO in softmax_classifier.ts)`);
    this.name = 'NotImplemented';
  }
}

/**
 * Row-wise softmax. logits: [N, C] -> p: [N, C], p[n][j] = exp(l_j) / sum_k exp(l_k).
 * Subtract each row's max before exp: logits near 1000 must give finite probabilities.
 */
export function softmax(logits: Tensor): Tensor {
  throw new NotImplemented('softmax');
}

/** Loss and gradients by parameter name: grads.W has W's shape [C, D], grads.b has b's shape [C]. */
export interface LossAndGrads {
  loss: number;
  grads: { W: Tensor; b: Tensor };
}

/** Per-epoch numbers of train(): loss[e] is trainEpoch's mean loss of epoch e, accuracy[e] the held-out accuracy after it. */
export interface History {
  loss: number[];
  accuracy: number[];
}

export class SoftmaxClassifier {
  params: { W: Tensor; b: Tensor };
  rng?: RandomState;
  history?: History;

  /** W [numClasses, inputSize] and b [numClasses] start at zero; rng orders the examples of every epoch. */
  constructor(options: { inputSize?: number; numClasses?: number; rng?: RandomState } = {}) {
    const { inputSize = 784, numClasses = 10 } = options;
    this.params = { W: zeros([numClasses, inputSize]), b: zeros([numClasses]) };
    this.rng = options.rng;
  }

  /** X: [N, D] -> logits [N, C], row n = W x_n + b. */
  logits(X: Tensor): Tensor {
    throw new NotImplemented('SoftmaxClassifier.logits');
  }

  /**
   * X: [N, D], y: N labels -> the mean cross-entropy -log p_y over the N rows, and its gradients, the mean over
   * the rows of dL/dW = (p - y) xᵀ ([C, D]; entry [j][i] = (p_j - y_j) x_i) and dL/db = p - y ([C]), y one-hot.
   * With N = 1 these are the per-example gradients SGD uses. Must not change the weights.
   */
  loss(X: Tensor, y: Labels): LossAndGrads {
    throw new NotImplemented('SoftmaxClassifier.loss');
  }

  /**
   * One epoch of per-example SGD with learning rate lambda: take order = this.rng.permutation(N).data once, then
   * for each i in that order, with the weights as they are at that moment: compute p for x_i, add -log p_{y_i}
   * to the epoch's loss, count x_i right if argmax of its logits (the first on ties) is y_i, then
   * W -= lambda (p - y) x_iᵀ and b -= lambda (p - y).
   * X: [N, D], y: N labels -> { loss: mean of the N losses, accuracy: share counted right }.
   */
  trainEpoch(X: Tensor, y: Labels, learningRate: number): { loss: number; accuracy: number } {
    throw new NotImplemented('SoftmaxClassifier.trainEpoch');
  }

  /**
   * `epochs` calls of trainEpoch (default 10, learningRate default 0.01); after each, the accuracy of predict(Xtest)
   * on ytest. Store the result in this.history (report() reads it) and return it.
   */
  train(X: Tensor, y: Labels, Xtest: Tensor, ytest: Labels, options: { epochs?: number; learningRate?: number } = {}): History {
    throw new NotImplemented('SoftmaxClassifier.train');
  }

  /** X: [N, D] -> N predicted labels, the argmax of each row's logits (the first on ties). */
  predict(X: Tensor): Int32Array | number[] {
    throw new NotImplemented('SoftmaxClassifier.predict');
  }

  /** Given: prints the course's table row for the last train() run. */
  report(condition: string): string {
    return printTable([[condition, this.history]]);
  }
}

/**
 * A multiclass linear SVM on feature vectors f [F] (for NN + SVM: the net's C logits): scores s = W f + b,
 * W [C, F], b [C]. Loss of one example: sum over j != y of max(0, s_j - s_y + 1) (margin 1), plus 0.5 reg ||W||^2
 * (b is not regularized). Where a margin is exactly 0, take the gradient 0.
 */
export class MulticlassSVM {
  params: { W: Tensor; b: Tensor };
  rng?: RandomState;
  history?: History;

  /** W [numClasses, numFeatures] and b [numClasses] start at zero; rng orders the examples of every epoch. */
  constructor(options: { numFeatures: number; numClasses: number; rng?: RandomState }) {
    this.params = { W: zeros([options.numClasses, options.numFeatures]), b: zeros([options.numClasses]) };
    this.rng = options.rng;
  }

  /** F: [N, F] -> scores [N, C], row n = W f_n + b. */
  scores(F: Tensor): Tensor {
    throw new NotImplemented('MulticlassSVM.scores');
  }

  /**
   * F: [N, F], y: N labels -> the mean over the rows of the hinge loss, plus 0.5 reg ||W||^2, and its gradients
   * grads.W [C, F] (the mean hinge subgradient plus reg W) and grads.b [C]. Must not change the weights.
   */
  loss(F: Tensor, y: Labels, reg = 0): LossAndGrads {
    throw new NotImplemented('MulticlassSVM.loss');
  }

  /**
   * One epoch of per-example SGD, as SoftmaxClassifier.trainEpoch: order = this.rng.permutation(N).data; for each
   * example, at the weights as they are: its hinge loss (without the reg term) and whether argmax of its scores is
   * its label, then W -= lambda (its hinge subgradient + reg W), b -= lambda (its subgradient for b).
   * -> { loss: mean hinge loss, accuracy: share counted right }.
   */
  trainEpoch(F: Tensor, y: Labels, learningRate: number, reg = 0): { loss: number; accuracy: number } {
    throw new NotImplemented('MulticlassSVM.trainEpoch');
  }

  /** As SoftmaxClassifier.train (defaults: epochs 10, learningRate 0.001, reg 0); keeps this.history. */
  train(F: Tensor, y: Labels, Ftest: Tensor, ytest: Labels, options: { epochs?: number; learningRate?: number; reg?: number } = {}): History {
    throw new NotImplemented('MulticlassSVM.train');
  }

  /** F: [N, F] -> N labels, the argmax of each row's scores (the first on ties). */
  predict(F: Tensor): Int32Array | number[] {
    throw new NotImplemented('MulticlassSVM.predict');
  }
}

/**
 * NN + SVM: a SoftmaxClassifier trained first, then a MulticlassSVM (numFeatures = numClasses) trained on the
 * frozen net's logits. One rng for both, used by the net's epochs first, then the SVM's.
 */
export class NetSvmClassifier {
  net: SoftmaxClassifier;
  svm: MulticlassSVM;
  history?: { net: History; svm: History };

  /** Given. */
  constructor(options: { inputSize?: number; numClasses?: number; rng?: RandomState } = {}) {
    const { inputSize = 784, numClasses = 10 } = options;
    this.net = new SoftmaxClassifier({ inputSize, numClasses, rng: options.rng });
    this.svm = new MulticlassSVM({ numFeatures: numClasses, numClasses, rng: options.rng });
  }

  /**
   * net.train(X, y, Xtest, ytest, { epochs, learningRate }), then svm.train on the net's logits of X and of Xtest
   * with { epochs, learningRate: svmLearningRate, reg }. Defaults: epochs 10, learningRate 0.01, svmLearningRate
   * 0.001, reg 0. Store { net, svm } histories in this.history and return them.
   */
  train(X: Tensor, y: Labels, Xtest: Tensor, ytest: Labels, options: { epochs?: number; learningRate?: number; svmLearningRate?: number; reg?: number } = {}): { net: History; svm: History } {
    throw new NotImplemented('NetSvmClassifier.train');
  }

  /** X: [N, D] -> N labels: the SVM's predictions on the net's logits. */
  predict(X: Tensor): Int32Array | number[] {
    throw new NotImplemented('NetSvmClassifier.predict');
  }

  /** Given: prints the course's table, one row for the net alone and one for NN + SVM. */
  report(condition: string): string {
    return printTable([[`${condition} NN`, this.history?.net], [`${condition} NN + SVM`, this.history?.svm]]);
  }
}

/** Given: the course's table (best accuracy, first and last epoch's loss and accuracy), printed and returned. */
function printTable(rows: [string, History | undefined][]): string {
  const lines: string[][] = [];
  const notes: string[] = [];
  let last = 9;
  for (const [condition, h] of rows) {
    if (!h || !Array.isArray(h.loss) || !Array.isArray(h.accuracy) || h.loss.length === 0) {
      lines.push([condition, '-', '-', '-', '-', '-']);
      notes.push(`${condition}: no history (train() did not store this.history)`);
      continue;
    }
    last = h.loss.length - 1;
    const f = (v: number) => (typeof v === 'number' ? v.toFixed(4) : String(v));
    lines.push([condition, f(Math.max(...h.accuracy)), f(h.loss[0]), f(h.accuracy[0]), f(h.loss[last]), f(h.accuracy[last])]);
  }
  const header = ['condition', 'best acc', 'epoch 0 loss', 'epoch 0 acc', `epoch ${last} loss`, `epoch ${last} acc`];
  const widths = header.map((h, k) => Math.max(h.length, ...lines.map((l) => (l[k] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, k) => (k === 0 ? c.padEnd(widths[k]) : c.padStart(widths[k]))).join(' | ');
  const text = [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...lines.map(line), ...notes].join('\n');
  console.log(text);
  return text;
}
