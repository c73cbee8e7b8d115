// Subtly wrong: softmaxLoss exponentiates the raw scores (no row max subtracted). Right on moderate scores,
// Infinity / NaN on scores near +-1000.
import ndarray from 'ndarray';

export type Tensor = ndarray.NdArray<Float64Array>;
export type Labels = ArrayLike<number>;

export interface Rng {
  rand(...shape: number[]): Tensor;
  randn(...shape: number[]): Tensor;
  choice(a: number, size: number[]): Tensor;
}

const prod = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
const make = (data: Float64Array, shape: readonly number[]): Tensor => ndarray(data, [...shape]);
const zeros = (shape: readonly number[]): Tensor => make(new Float64Array(prod(shape)), shape);

/** x's entries in row-major order, copied when x is a strided view. */
function dense(x: Tensor): Float64Array {
  const shape = x.shape;
  let contiguous = x.offset === 0 && x.data.length === prod(shape);
  for (let d = shape.length - 1, s = 1; d >= 0 && contiguous; d--) {
    if (shape[d] !== 1 && x.stride[d] !== s) contiguous = false;
    s *= shape[d];
  }
  if (contiguous) return x.data;
  const out = new Float64Array(prod(shape));
  const idx = new Array<number>(shape.length).fill(0);
  for (let k = 0; k < out.length; k++) {
    let at = x.offset;
    for (let d = 0; d < shape.length; d++) at += idx[d] * x.stride[d];
    out[k] = x.data[at];
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++idx[d] < shape[d]) break;
      idx[d] = 0;
    }
  }
  return out;
}

const copy = (x: Tensor): Tensor => make(Float64Array.from(dense(x)), x.shape);

// ------------------------------------------------------------------ layers

export interface AffineCache { x: Tensor; w: Tensor; b: Tensor }

export function affineForward(x: Tensor, w: Tensor, b: Tensor): [Tensor, AffineCache] {
  const n = x.shape[0];
  const [d, m] = w.shape;
  const xd = dense(x);
  const wd = dense(w);
  const bd = dense(b);
  const out = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      let s = bd[j];
      for (let k = 0; k < d; k++) s += xd[i * d + k] * wd[k * m + j];
      out[i * m + j] = s;
    }
  }
  return [make(out, [n, m]), { x, w, b }];
}

export function affineBackward(dout: Tensor, cache: AffineCache): [Tensor, Tensor, Tensor] {
  const { x, w } = cache;
  const n = x.shape[0];
  const [d, m] = w.shape;
  const g = dense(dout);
  const xd = dense(x);
  const wd = dense(w);
  const dx = new Float64Array(n * d);
  const dw = new Float64Array(d * m);
  const db = new Float64Array(m);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      const gij = g[i * m + j];
      db[j] += gij;
      for (let k = 0; k < d; k++) {
        dx[i * d + k] += gij * wd[k * m + j];
        dw[k * m + j] += xd[i * d + k] * gij;
      }
    }
  }
  return [make(dx, x.shape), make(dw, [d, m]), make(db, [m])];
}

export interface ReluCache { x: Tensor }

export function reluForward(x: Tensor): [Tensor, ReluCache] {
  const xd = dense(x);
  return [make(xd.map((v) => (v > 0 ? v : 0)), x.shape), { x }];
}

export function reluBackward(dout: Tensor, cache: ReluCache): Tensor {
  const xd = dense(cache.x);
  const g = dense(dout);
  return make(g.map((v, i) => (xd[i] > 0 ? v : 0)), cache.x.shape);
}

export function softmaxLoss(scores: Tensor, y: Labels): [number, Tensor] {
  const [n, c] = scores.shape;
  const s = dense(scores);
  const ds = new Float64Array(n * c);
  let loss = 0;
  for (let i = 0; i < n; i++) {
    const max = 0; // the slip: the row max is not subtracted
    let sum = 0;
    for (let j = 0; j < c; j++) sum += Math.exp(s[i * c + j] - max);
    const logSum = Math.log(sum);
    loss -= s[i * c + y[i]] - max - logSum;
    for (let j = 0; j < c; j++) ds[i * c + j] = Math.exp(s[i * c + j] - max - logSum) / n;
    ds[i * c + y[i]] -= 1 / n;
  }
  return [loss / n, make(ds, [n, c])];
}

export function svmLoss(scores: Tensor, y: Labels): [number, Tensor] {
  const [n, c] = scores.shape;
  const s = dense(scores);
  const ds = new Float64Array(n * c);
  let loss = 0;
  for (let i = 0; i < n; i++) {
    const correct = s[i * c + y[i]];
    for (let j = 0; j < c; j++) {
      if (j === y[i]) continue;
      const margin = s[i * c + j] - correct + 1;
      if (margin > 0) {
        loss += margin;
        ds[i * c + j] += 1 / n;
        ds[i * c + y[i]] -= 1 / n;
      }
    }
  }
  return [loss / n, make(ds, [n, c])];
}

function argmaxRows(scores: Tensor): number[] {
  const [n, c] = scores.shape;
  const s = dense(scores);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let j = 1; j < c; j++) if (s[i * c + j] > s[i * c + best]) best = j;
    out.push(best);
  }
  return out;
}

function takeRows(X: Tensor, rows: ArrayLike<number>): Tensor {
  const width = prod(X.shape.slice(1));
  const xd = dense(X);
  const out = new Float64Array(rows.length * width);
  for (let i = 0; i < rows.length; i++) out.set(xd.subarray(rows[i] * width, (rows[i] + 1) * width), i * width);
  return make(out, [rows.length, ...X.shape.slice(1)]);
}

const takeLabels = (y: Labels, rows: ArrayLike<number>): number[] => Array.from(rows, (r) => y[r]);
const sumSquares = (t: Tensor) => dense(t).reduce((a, v) => a + v * v, 0);

function accuracy(predicted: number[], y: Labels): number {
  let right = 0;
  for (let i = 0; i < predicted.length; i++) if (predicted[i] === y[i]) right++;
  return right / predicted.length;
}

// ------------------------------------------------------------------ TwoLayerNet

export interface LossAndGrads { loss: number; grads: Record<string, Tensor> }

export class TwoLayerNet {
  params: Record<string, Tensor>;
  readonly layout: 'HD' | 'DH';
  private readonly rng: Rng;

  constructor(opts: { inputSize: number; hiddenSize: number; numClasses: number; std?: number; rng: Rng; layout?: 'HD' | 'DH' }) {
    const { inputSize: d, hiddenSize: h, numClasses: c, std = 1e-4, rng, layout = 'HD' } = opts;
    this.layout = layout;
    this.rng = rng;
    const scaled = (t: Tensor) => make(dense(t).map((v) => v * std), t.shape);
    const W1 = scaled(layout === 'HD' ? rng.randn(h, d) : rng.randn(d, h));
    const W2 = scaled(layout === 'HD' ? rng.randn(c, h) : rng.randn(h, c));
    this.params = { W1, b1: zeros([h]), W2, b2: zeros([c]) };
  }

  loss(X: Tensor, y?: Labels, reg = 0): Tensor | LossAndGrads {
    const hd = this.layout === 'HD';
    const [H, C] = [this.params.b1.shape[0], this.params.b2.shape[0]];
    const D = hd ? this.params.W1.shape[1] : this.params.W1.shape[0];
    const N = X.shape[0];
    const x = dense(X);
    const W1 = dense(this.params.W1);
    const W2 = dense(this.params.W2);
    const b1 = dense(this.params.b1);
    const b2 = dense(this.params.b2);
    // flat positions of W1[d, h] and W2[h, c] in either layout
    const i1 = (d: number, h: number) => (hd ? h * D + d : d * H + h);
    const i2 = (h: number, c: number) => (hd ? c * H + h : h * C + c);

    const hidden = new Float64Array(N * H);
    for (let n = 0; n < N; n++) {
      for (let h = 0; h < H; h++) {
        let s = b1[h];
        for (let d = 0; d < D; d++) s += x[n * D + d] * W1[i1(d, h)];
        hidden[n * H + h] = s > 0 ? s : 0;
      }
    }
    const scores = new Float64Array(N * C);
    for (let n = 0; n < N; n++) {
      for (let c = 0; c < C; c++) {
        let s = b2[c];
        for (let h = 0; h < H; h++) s += hidden[n * H + h] * W2[i2(h, c)];
        scores[n * C + c] = s;
      }
    }
    if (y === undefined) return make(scores, [N, C]);

    const [dataLoss, dscoresT] = softmaxLoss(make(scores, [N, C]), y);
    const dscores = dscoresT.data;
    const dW1 = new Float64Array(W1.length);
    const dW2 = new Float64Array(W2.length);
    const db1 = new Float64Array(H);
    const db2 = new Float64Array(C);
    const dhidden = new Float64Array(N * H);
    for (let n = 0; n < N; n++) {
      for (let c = 0; c < C; c++) {
        const g = dscores[n * C + c];
        db2[c] += g;
        for (let h = 0; h < H; h++) {
          dW2[i2(h, c)] += hidden[n * H + h] * g;
          dhidden[n * H + h] += g * W2[i2(h, c)];
        }
      }
    }
    for (let n = 0; n < N; n++) {
      for (let h = 0; h < H; h++) {
        if (!(hidden[n * H + h] > 0)) continue;
        const g = dhidden[n * H + h];
        db1[h] += g;
        for (let d = 0; d < D; d++) dW1[i1(d, h)] += x[n * D + d] * g;
      }
    }
    for (let k = 0; k < W1.length; k++) dW1[k] += reg * W1[k];
    for (let k = 0; k < W2.length; k++) dW2[k] += reg * W2[k];
    const loss = dataLoss + 0.5 * reg * (sumSquares(this.params.W1) + sumSquares(this.params.W2));
    return {
      loss,
      grads: { W1: make(dW1, this.params.W1.shape), b1: make(db1, [H]), W2: make(dW2, this.params.W2.shape), b2: make(db2, [C]) },
    };
  }

  predict(X: Tensor): number[] {
    return argmaxRows(this.loss(X) as Tensor);
  }

  train(X: Tensor, y: Labels, Xval: Tensor, yval: Labels, opts: {
    learningRate?: number; learningRateDecay?: number; reg?: number; numIters?: number; batchSize?: number; verbose?: boolean;
  } = {}) {
    const { learningRateDecay = 0.95, reg = 5e-6, numIters = 100, batchSize = 200, verbose = false } = opts;
    let lr = opts.learningRate ?? 1e-3;
    const N = X.shape[0];
    const perEpoch = Math.max(N / batchSize, 1);
    const history = { lossHistory: [] as number[], trainAccHistory: [] as number[], valAccHistory: [] as number[] };
    for (let it = 0; it < numIters; it++) {
      const rows = this.rng.choice(N, [batchSize]).data;
      const xb = takeRows(X, rows);
      const yb = takeLabels(y, rows);
      const { loss, grads } = this.loss(xb, yb, reg) as LossAndGrads;
      history.lossHistory.push(loss);
      for (const name of Object.keys(this.params)) {
        const p = this.params[name].data;
        const g = dense(grads[name]);
        for (let k = 0; k < p.length; k++) p[k] -= lr * g[k];
      }
      if (verbose && it % 100 === 0) console.log(`iteration ${it} / ${numIters}: loss ${loss}`);
      if (it % perEpoch === 0) {
        history.trainAccHistory.push(accuracy(this.predict(xb), yb));
        history.valAccHistory.push(accuracy(this.predict(Xval), yval));
        lr *= learningRateDecay;
      }
    }
    return history;
  }
}

// ------------------------------------------------------------------ FullyConnectedNet

interface BnState { mean: Float64Array; var: Float64Array }

export class FullyConnectedNet {
  params: Record<string, Tensor> = {};
  private readonly layers: number;
  private readonly reg: number;
  private readonly p: number;
  private readonly bn: boolean;
  private readonly rng: Rng;
  private readonly running: BnState[] = [];

  constructor(hiddenDims: number[], opts: {
    inputDim?: number; numClasses?: number; reg?: number; weightScale?: number; dropout?: number; useBatchnorm?: boolean; rng: Rng;
  }) {
    const { inputDim = 3072, numClasses = 10, reg = 0, weightScale = 1e-2, dropout = 0, useBatchnorm = false, rng } = opts;
    this.layers = hiddenDims.length + 1;
    this.reg = reg;
    this.p = dropout;
    this.bn = useBatchnorm;
    this.rng = rng;
    const dims = [inputDim, ...hiddenDims, numClasses];
    for (let l = 1; l <= this.layers; l++) {
      const W = rng.randn(dims[l - 1], dims[l]);
      this.params[`W${l}`] = make(dense(W).map((v) => v * weightScale), W.shape);
      this.params[`b${l}`] = zeros([dims[l]]);
      if (useBatchnorm && l < this.layers) {
        this.params[`gamma${l}`] = make(new Float64Array(dims[l]).fill(1), [dims[l]]);
        this.params[`beta${l}`] = zeros([dims[l]]);
        this.running.push({ mean: new Float64Array(dims[l]), var: new Float64Array(dims[l]) });
      }
    }
  }

  loss(X: Tensor, y?: Labels): Tensor | LossAndGrads {
    const train = y !== undefined;
    const N = X.shape[0];
    let h = make(dense(X), [N, prod(X.shape.slice(1))]);
    const caches: { affine: AffineCache; xhat?: Float64Array; invStd?: Float64Array; relu: ReluCache; mask?: Float64Array }[] = [];
    for (let l = 1; l < this.layers; l++) {
      const [a, affine] = affineForward(h, this.params[`W${l}`], this.params[`b${l}`]);
      let pre = a;
      let xhat: Float64Array | undefined;
      let invStd: Float64Array | undefined;
      if (this.bn) {
        const M = a.shape[1];
        const ad = a.data;
        const st = this.running[l - 1];
        const mean = new Float64Array(M);
        const variance = new Float64Array(M);
        if (train) {
          for (let i = 0; i < N; i++) for (let j = 0; j < M; j++) mean[j] += ad[i * M + j] / N;
          for (let i = 0; i < N; i++) for (let j = 0; j < M; j++) variance[j] += (ad[i * M + j] - mean[j]) ** 2 / N;
          for (let j = 0; j < M; j++) {
            st.mean[j] = 0.9 * st.mean[j] + 0.1 * mean[j];
            st.var[j] = 0.9 * st.var[j] + 0.1 * variance[j];
          }
        } else {
          mean.set(st.mean);
          variance.set(st.var);
        }
        invStd = variance.map((v) => 1 / Math.sqrt(v + 1e-5));
        xhat = new Float64Array(N * M);
        const gamma = dense(this.params[`gamma${l}`]);
        const beta = dense(this.params[`beta${l}`]);
        const out = new Float64Array(N * M);
        for (let i = 0; i < N; i++) {
          for (let j = 0; j < M; j++) {
            xhat[i * M + j] = (ad[i * M + j] - mean[j]) * invStd[j];
            out[i * M + j] = gamma[j] * xhat[i * M + j] + beta[j];
          }
        }
        pre = make(out, [N, M]);
      }
      const [r, relu] = reluForward(pre);
      h = r;
      let mask: Float64Array | undefined;
      if (this.p > 0 && train) {
        const u = dense(this.rng.rand(...r.shape));
        mask = u.map((v) => (v >= this.p ? 1 / (1 - this.p) : 0));
        h = make(r.data.map((v, i) => v * mask![i]), r.shape);
      }
      caches.push({ affine, xhat, invStd, relu, mask });
    }
    const L = this.layers;
    const [scores, last] = affineForward(h, this.params[`W${L}`], this.params[`b${L}`]);
    if (!train) return scores;

    const [dataLoss, dscores] = softmaxLoss(scores, y);
    const grads: Record<string, Tensor> = {};
    let [dh, dW, db] = affineBackward(dscores, last);
    grads[`W${L}`] = dW;
    grads[`b${L}`] = db;
    for (let l = L - 1; l >= 1; l--) {
      const c = caches[l - 1];
      if (c.mask) dh = make(dense(dh).map((v, i) => v * c.mask![i]), dh.shape);
      dh = reluBackward(dh, c.relu);
      if (c.xhat && c.invStd) {
        const M = dh.shape[1];
        const g = dense(dh);
        const gamma = dense(this.params[`gamma${l}`]);
        const dgamma = new Float64Array(M);
        const dbeta = new Float64Array(M);
        const sumDxhat = new Float64Array(M);
        const sumDxhatXhat = new Float64Array(M);
        for (let i = 0; i < N; i++) {
          for (let j = 0; j < M; j++) {
            const k = i * M + j;
            dgamma[j] += g[k] * c.xhat[k];
            dbeta[j] += g[k];
            sumDxhat[j] += g[k] * gamma[j];
            sumDxhatXhat[j] += g[k] * gamma[j] * c.xhat[k];
          }
        }
        const dx = new Float64Array(N * M);
        for (let i = 0; i < N; i++) {
          for (let j = 0; j < M; j++) {
            const k = i * M + j;
            dx[k] = (c.invStd[j] / N) * (N * g[k] * gamma[j] - sumDxhat[j] - c.xhat[k] * sumDxhatXhat[j]);
          }
        }
        grads[`gamma${l}`] = make(dgamma, [M]);
        grads[`beta${l}`] = make(dbeta, [M]);
        dh = make(dx, [N, M]);
      }
      [dh, dW, db] = affineBackward(dh, c.affine);
      grads[`W${l}`] = dW;
      grads[`b${l}`] = db;
    }
    let regLoss = 0;
    for (let l = 1; l <= L; l++) {
      const w = dense(this.params[`W${l}`]);
      const g = grads[`W${l}`].data;
      for (let k = 0; k < w.length; k++) {
        regLoss += w[k] * w[k];
        g[k] += this.reg * w[k];
      }
    }
    return { loss: dataLoss + 0.5 * this.reg * regLoss, grads };
  }
}

// ------------------------------------------------------------------ update rules

export type Config = Record<string, number | Tensor | undefined>;

export function sgd(w: Tensor, dw: Tensor, config: Config = {}): [Tensor, Config] {
  const lr = (config.learningRate as number | undefined) ?? 1e-2;
  const g = dense(dw);
  return [make(dense(w).map((v, i) => v - lr * g[i]), w.shape), { ...config, learningRate: lr }];
}

export function sgdMomentum(w: Tensor, dw: Tensor, config: Config = {}): [Tensor, Config] {
  const lr = (config.learningRate as number | undefined) ?? 1e-2;
  const mu = (config.momentum as number | undefined) ?? 0.9;
  const g = dense(dw);
  const v0 = config.velocity ? dense(config.velocity as Tensor) : new Float64Array(g.length);
  const v = v0.map((vi, i) => mu * vi - lr * g[i]);
  return [make(dense(w).map((x, i) => x + v[i]), w.shape), { ...config, learningRate: lr, momentum: mu, velocity: make(v, w.shape) }];
}

export function rmsprop(w: Tensor, dw: Tensor, config: Config = {}): [Tensor, Config] {
  const lr = (config.learningRate as number | undefined) ?? 1e-2;
  const decay = (config.decayRate as number | undefined) ?? 0.99;
  const eps = (config.epsilon as number | undefined) ?? 1e-8;
  const g = dense(dw);
  const c0 = config.cache ? dense(config.cache as Tensor) : new Float64Array(g.length);
  const cache = c0.map((ci, i) => decay * ci + (1 - decay) * g[i] * g[i]);
  const next = dense(w).map((x, i) => x - (lr * g[i]) / (Math.sqrt(cache[i]) + eps));
  return [make(next, w.shape), { ...config, learningRate: lr, decayRate: decay, epsilon: eps, cache: make(cache, w.shape) }];
}

export function adam(w: Tensor, dw: Tensor, config: Config = {}): [Tensor, Config] {
  const lr = (config.learningRate as number | undefined) ?? 1e-3;
  const b1 = (config.beta1 as number | undefined) ?? 0.9;
  const b2 = (config.beta2 as number | undefined) ?? 0.999;
  const eps = (config.epsilon as number | undefined) ?? 1e-8;
  const t = ((config.t as number | undefined) ?? 0) + 1;
  const g = dense(dw);
  const m0 = config.m ? dense(config.m as Tensor) : new Float64Array(g.length);
  const v0 = config.v ? dense(config.v as Tensor) : new Float64Array(g.length);
  const m = m0.map((mi, i) => b1 * mi + (1 - b1) * g[i]);
  const v = v0.map((vi, i) => b2 * vi + (1 - b2) * g[i] * g[i]);
  const next = dense(w).map((x, i) => x - (lr * (m[i] / (1 - b1 ** t))) / (Math.sqrt(v[i] / (1 - b2 ** t)) + eps));
  return [make(next, w.shape), { ...config, learningRate: lr, beta1: b1, beta2: b2, epsilon: eps, m: make(m, w.shape), v: make(v, w.shape), t }];
}

const rules: Record<string, typeof sgd> = { sgd, sgd_momentum: sgdMomentum, rmsprop, adam };

// ------------------------------------------------------------------ Solver

interface Model { params: Record<string, Tensor>; loss(X: Tensor, y?: Labels): Tensor | LossAndGrads }

export class Solver {
  lossHistory: number[] = [];
  trainAccHistory: number[] = [];
  valAccHistory: number[] = [];
  bestValAcc = 0;
  bestParams: Record<string, Tensor> = {};
  epoch = 0;
  private readonly configs: Record<string, Config> = {};
  private readonly o: Required<Omit<SolverOptions, 'numValSamples' | 'optimConfig'>> & { numValSamples?: number };

  constructor(readonly model: Model, readonly data: { XTrain: Tensor; yTrain: Labels; XVal: Tensor; yVal: Labels }, opts: SolverOptions) {
    const updateRule = opts.updateRule ?? 'sgd';
    if (!(updateRule in rules)) throw new Error(`Solver: unknown update rule ${updateRule}`);
    this.o = {
      updateRule, lrDecay: opts.lrDecay ?? 1, numEpochs: opts.numEpochs ?? 10, batchSize: opts.batchSize ?? 100,
      numTrainSamples: opts.numTrainSamples ?? 1000, numValSamples: opts.numValSamples, printEvery: opts.printEvery ?? 10,
      verbose: opts.verbose ?? true, rng: opts.rng,
    };
    for (const name of Object.keys(model.params)) this.configs[name] = { ...opts.optimConfig };
  }

  step(): void {
    const rows = this.o.rng.choice(this.data.XTrain.shape[0], [this.o.batchSize]).data;
    const { loss, grads } = this.model.loss(takeRows(this.data.XTrain, rows), takeLabels(this.data.yTrain, rows)) as LossAndGrads;
    this.lossHistory.push(loss);
    for (const name of Object.keys(this.model.params)) {
      const [next, config] = rules[this.o.updateRule](this.model.params[name], grads[name], this.configs[name]);
      this.model.params[name] = next;
      this.configs[name] = config;
    }
  }

  checkAccuracy(X: Tensor, y: Labels, numSamples?: number, batchSize = 100): number {
    let n = X.shape[0];
    if (numSamples !== undefined && n > numSamples) {
      const rows = this.o.rng.choice(n, [numSamples]).data;
      X = takeRows(X, rows);
      y = takeLabels(y, rows);
      n = numSamples;
    }
    const predicted: number[] = [];
    for (let start = 0; start < n; start += batchSize) {
      const rows = Array.from({ length: Math.min(batchSize, n - start) }, (_, i) => start + i);
      predicted.push(...argmaxRows(this.model.loss(takeRows(X, rows)) as Tensor));
    }
    return accuracy(predicted, y);
  }

  train() {
    const perEpoch = Math.max(Math.floor(this.data.XTrain.shape[0] / this.o.batchSize), 1);
    const total = this.o.numEpochs * perEpoch;
    for (let t = 0; t < total; t++) {
      this.step();
      if (this.o.verbose && t % this.o.printEvery === 0) console.log(`(Iteration ${t + 1} / ${total}) loss: ${this.lossHistory.at(-1)}`);
      const epochEnd = (t + 1) % perEpoch === 0;
      if (epochEnd) {
        this.epoch++;
        for (const c of Object.values(this.configs)) if (typeof c.learningRate === 'number') c.learningRate *= this.o.lrDecay;
      }
      if (t === 0 || t === total - 1 || epochEnd) {
        const trainAcc = this.checkAccuracy(this.data.XTrain, this.data.yTrain, this.o.numTrainSamples);
        const valAcc = this.checkAccuracy(this.data.XVal, this.data.yVal, this.o.numValSamples);
        this.trainAccHistory.push(trainAcc);
        this.valAccHistory.push(valAcc);
        if (this.o.verbose) console.log(`(Epoch ${this.epoch} / ${this.o.numEpochs}) train acc: ${trainAcc}; val_acc: ${valAcc}`);
        if (valAcc > this.bestValAcc) {
          this.bestValAcc = valAcc;
          this.bestParams = Object.fromEntries(Object.entries(this.model.params).map(([k, v]) => [k, copy(v)]));
        }
      }
    }
    for (const [k, v] of Object.entries(this.bestParams)) this.model.params[k] = copy(v);
    return { lossHistory: this.lossHistory, trainAccHistory: this.trainAccHistory, valAccHistory: this.valAccHistory };
  }
}

export interface SolverOptions {
  updateRule?: string; optimConfig?: Config; lrDecay?: number; numEpochs?: number; batchSize?: number;
  numTrainSamples?: number; numValSamples?: number; printEvery?: number; verbose?: boolean; rng: Rng;
}
