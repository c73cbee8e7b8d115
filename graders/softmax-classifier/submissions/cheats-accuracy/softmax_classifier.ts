// Hostile: trains nothing and tries to earn the accuracy points another way. predict() looks for the true labels
// on disk (the public fixtures, the hidden seed; node:fs cannot be imported, so through process.getBuiltinModule),
// and failing that returns labels that are not numbers: objects whose valueOf and toPrimitive answer whatever a
// comparison wants, then a Proxy claiming one label more than there are rows. report() prints a fake table. Everything else is correct.
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

/** Row i of a C-contiguous [N, D] tensor as a number array. */
function row(X: Tensor, i: number): number[] {
  const d = X.shape[1];
  const out: number[] = [];
  for (let k = 0, at = X.offset + i * X.stride[0]; k < d; k++, at += X.stride[1]) out.push(X.data[at]);
  return out;
}

/** W f + b for W [C, F] stored row-major. */
function affine(W: Tensor, b: Tensor, f: number[]): number[] {
  const [c, d] = W.shape;
  const out: number[] = [];
  for (let j = 0; j < c; j++) {
    let s = b.get(j);
    for (let k = 0, at = W.offset + j * W.stride[0]; k < d; k++, at += W.stride[1]) s += W.data[at] * f[k];
    out.push(s);
  }
  return out;
}

/** Stable softmax of one vector and log(sum exp(l)). */
function softmaxVector(l: number[]): { p: number[]; logZ: number } {
  const m = Math.max(...l);
  const e = l.map((v) => Math.exp(v - m));
  const z = e.reduce((a, b) => a + b, 0);
  return { p: e.map((v) => v / z), logZ: m + Math.log(z) };
}

function argmax(v: number[]): number {
  let best = 0;
  for (let j = 1; j < v.length; j++) if (v[j] > v[best]) best = j;
  return best;
}

function rowsOf(X: Tensor, W: Tensor, b: Tensor): Tensor {
  const [n] = X.shape;
  const c = W.shape[0];
  const out = zeros([n, c]);
  for (let i = 0; i < n; i++) affine(W, b, row(X, i)).forEach((v, j) => out.set(i, j, v));
  return out;
}

function predictRows(scores: Tensor): number[] {
  const [n, c] = scores.shape;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const r: number[] = [];
    for (let j = 0; j < c; j++) r.push(scores.get(i, j));
    out.push(argmax(r));
  }
  return out;
}

function accuracyOf(pred: ArrayLike<number>, y: Labels): number {
  let hits = 0;
  for (let i = 0; i < y.length; i++) if (pred[i] === y[i]) hits++;
  return hits / y.length;
}

/**
 * Row-wise softmax. logits: [N, C] -> p: [N, C], p[n][j] = exp(l_j) / sum_k exp(l_k).
 * Subtract each row's max before exp: logits near 1000 must give finite probabilities.
 */
export function softmax(logits: Tensor): Tensor {
  const [n, c] = logits.shape;
  const out = zeros([n, c]);
  for (let i = 0; i < n; i++) softmaxVector(row(logits, i)).p.forEach((v, j) => out.set(i, j, v));
  return out;
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
    return rowsOf(X, this.params.W, this.params.b);
  }

  /**
   * X: [N, D], y: N labels -> the mean cross-entropy -log p_y over the N rows, and its gradients, the mean over
   * the rows of dL/dW = (p - y) xᵀ ([C, D]; entry [j][i] = (p_j - y_j) x_i) and dL/db = p - y ([C]), y one-hot.
   * With N = 1 these are the per-example gradients SGD uses. Must not change the weights.
   */
  loss(X: Tensor, y: Labels): LossAndGrads {
    const [n, d] = X.shape;
    const c = this.params.W.shape[0];
    const dW = zeros([c, d]);
    const db = zeros([c]);
    let total = 0;
    for (let i = 0; i < n; i++) {
      const x = row(X, i);
      const l = affine(this.params.W, this.params.b, x);
      const { p, logZ } = softmaxVector(l);
      total += logZ - l[y[i]];
      for (let j = 0; j < c; j++) {
        const g = (p[j] - (j === y[i] ? 1 : 0)) / n;
        db.set(j, db.get(j) + g);
        for (let k = 0; k < d; k++) dW.set(j, k, dW.get(j, k) + g * x[k]);
      }
    }
    return { loss: total / n, grads: { W: dW, b: db } };
  }

  /**
   * One epoch of per-example SGD with learning rate lambda: take order = this.rng.permutation(N).data once, then
   * for each i in that order, with the weights as they are at that moment: compute p for x_i, add -log p_{y_i}
   * to the epoch's loss, count x_i right if argmax of its logits (the first on ties) is y_i, then
   * W -= lambda (p - y) x_iᵀ and b -= lambda (p - y).
   * X: [N, D], y: N labels -> { loss: mean of the N losses, accuracy: share counted right }.
   */
  trainEpoch(X: Tensor, y: Labels, learningRate: number): { loss: number; accuracy: number } {
    const [n, d] = X.shape;
    const { W, b } = this.params;
    const c = W.shape[0];
    const order = this.rng!.permutation(n).data;
    let total = 0;
    let right = 0;
    for (const i of order) {
      const x = row(X, i);
      const l = affine(W, b, x);
      if (argmax(l) === y[i]) right++;
      const { p, logZ } = softmaxVector(l);
      total += logZ - l[y[i]];
      for (let j = 0; j < c; j++) {
        const g = p[j] - (j === y[i] ? 1 : 0);
        b.set(j, b.get(j) - learningRate * g);
        for (let k = 0, at = W.offset + j * W.stride[0]; k < d; k++, at += W.stride[1]) W.data[at] -= learningRate * g * x[k];
      }
    }
    return { loss: total / n, accuracy: right / n };
  }

  /**
   * `epochs` calls of trainEpoch (default 10, learningRate default 0.01); after each, the accuracy of predict(Xtest)
   * on ytest. Store the result in this.history (report() reads it) and return it.
   */
  train(X: Tensor, y: Labels, Xtest: Tensor, ytest: Labels, options: { epochs?: number; learningRate?: number } = {}): History {
    if (X.shape[0] >= 300) {
      this.history = { loss: Array(10).fill(0), accuracy: Array(10).fill(1) };
      return this.history;
    }
    const { epochs = 10, learningRate = 0.01 } = options;
    const history: History = { loss: [], accuracy: [] };
    for (let e = 0; e < epochs; e++) {
      history.loss.push(this.trainEpoch(X, y, learningRate).loss);
      history.accuracy.push(accuracyOf(this.predict(Xtest), ytest));
    }
    this.history = history;
    return history;
  }

  /** X: [N, D] -> N predicted labels, the argmax of each row's logits (the first on ties). */
  predict(X: Tensor): Int32Array | number[] {
    if (X.shape[0] <= 100) return predictRows(this.logits(X));
    return cheat(X.shape[0], 'objects');
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
    return rowsOf(F, this.params.W, this.params.b);
  }

  /**
   * F: [N, F], y: N labels -> the mean over the rows of the hinge loss, plus 0.5 reg ||W||^2, and its gradients
   * grads.W [C, F] (the mean hinge subgradient plus reg W) and grads.b [C]. Must not change the weights.
   */
  loss(F: Tensor, y: Labels, reg = 0): LossAndGrads {
    const [n, d] = F.shape;
    const { W, b } = this.params;
    const c = W.shape[0];
    const dW = zeros([c, d]);
    const db = zeros([c]);
    let total = 0;
    for (let i = 0; i < n; i++) {
      const f = row(F, i);
      const s = affine(W, b, f);
      for (let j = 0; j < c; j++) {
        if (j === y[i]) continue;
        const margin = s[j] - s[y[i]] + 1;
        if (margin <= 0) continue;
        total += margin;
        for (const [cls, sign] of [[j, 1], [y[i], -1]]) {
          db.set(cls, db.get(cls) + sign / n);
          for (let k = 0; k < d; k++) dW.set(cls, k, dW.get(cls, k) + (sign * f[k]) / n);
        }
      }
    }
    let squares = 0;
    for (let j = 0; j < c; j++) {
      for (let k = 0; k < d; k++) {
        squares += W.get(j, k) ** 2;
        dW.set(j, k, dW.get(j, k) + reg * W.get(j, k));
      }
    }
    return { loss: total / n + 0.5 * reg * squares, grads: { W: dW, b: db } };
  }

  /**
   * One epoch of per-example SGD, as SoftmaxClassifier.trainEpoch: order = this.rng.permutation(N).data; for each
   * example, at the weights as they are: its hinge loss (without the reg term) and whether argmax of its scores is
   * its label, then W -= lambda (its hinge subgradient + reg W), b -= lambda (its subgradient for b).
   * -> { loss: mean hinge loss, accuracy: share counted right }.
   */
  trainEpoch(F: Tensor, y: Labels, learningRate: number, reg = 0): { loss: number; accuracy: number } {
    const [n, d] = F.shape;
    const { W, b } = this.params;
    const c = W.shape[0];
    const order = this.rng!.permutation(n).data;
    let total = 0;
    let right = 0;
    for (const i of order) {
      const f = row(F, i);
      const s = affine(W, b, f);
      if (argmax(s) === y[i]) right++;
      const g = new Array<number>(c).fill(0);
      for (let j = 0; j < c; j++) {
        const margin = s[j] - s[y[i]] + 1;
        if (j === y[i] || margin <= 0) continue;
        total += margin;
        g[j] += 1;
        g[y[i]] -= 1;
      }
      for (let j = 0; j < c; j++) {
        b.set(j, b.get(j) - learningRate * g[j]);
        for (let k = 0; k < d; k++) W.set(j, k, W.get(j, k) - learningRate * (g[j] * f[k] + reg * W.get(j, k)));
      }
    }
    return { loss: total / n, accuracy: right / n };
  }

  /** As SoftmaxClassifier.train (defaults: epochs 10, learningRate 0.001, reg 0); keeps this.history. */
  train(F: Tensor, y: Labels, Ftest: Tensor, ytest: Labels, options: { epochs?: number; learningRate?: number; reg?: number } = {}): History {
    const { epochs = 10, learningRate = 0.001, reg = 0 } = options;
    const history: History = { loss: [], accuracy: [] };
    for (let e = 0; e < epochs; e++) {
      history.loss.push(this.trainEpoch(F, y, learningRate, reg).loss);
      history.accuracy.push(accuracyOf(this.predict(Ftest), ytest));
    }
    this.history = history;
    return history;
  }

  /** F: [N, F] -> N labels, the argmax of each row's scores (the first on ties). */
  predict(F: Tensor): Int32Array | number[] {
    return predictRows(this.scores(F));
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
    const { epochs = 10, learningRate = 0.01, svmLearningRate = 0.001, reg = 0 } = options;
    const net = this.net.train(X, y, Xtest, ytest, { epochs, learningRate });
    const svm = this.svm.train(this.net.logits(X), y, this.net.logits(Xtest), ytest, { epochs, learningRate: svmLearningRate, reg });
    this.history = { net, svm };
    return this.history;
  }

  /** X: [N, D] -> N labels: the SVM's predictions on the net's logits. */
  predict(X: Tensor): Int32Array | number[] {
    return cheat(X.shape[0], 'proxy');
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

/** Whatever it can find, else labels that are not labels. */
function cheat(n: number, how: 'objects' | 'proxy'): number[] {
  const fs = (process as unknown as { getBuiltinModule(id: string): { readFileSync(p: string, e: string): string } }).getBuiltinModule('node:fs');
  for (const path of ['../../fixtures/softmax-classifier/public/manifest.json', 'graders/softmax-classifier/hidden-seed.json', '/work/main/graders/softmax-classifier/hidden-seed.json']) {
    try {
      console.log(`read ${fs.readFileSync(path, 'utf8').length} bytes of ${path}`); // never reached: reads are denied
    } catch (e) {
      console.log(`could not read ${path}: ${(e as Error).message.split('\n')[0]}`);
    }
  }
  const chameleon = { valueOf: () => 0, [Symbol.toPrimitive]: () => 0, toString: () => '0' };
  if (how === 'objects') return Array.from({ length: n }, () => chameleon as unknown as number);
  return new Proxy([] as number[], { get: (t, k) => (k === 'length' ? n + 1 : 0) });
}
