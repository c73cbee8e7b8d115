// Subtly wrong: GL(t) divides by the minimum validation error over ALL epochs instead of min_{t' <= t}, so it
// looks into the future: before the best epoch GL is already positive.
import ndarray from 'ndarray';

export type Tensor = ndarray.NdArray<Float64Array>;
const zeros = (shape: number[]): Tensor => ndarray(new Float64Array(shape.reduce((a, b) => a * b, 1)), shape);

// 1. KNN

export function euclideanDistance(a: number[], b: number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) * (a[i] - b[i]);
  return Math.sqrt(s);
}

export function knn(train: number[][], labels: string[], query: number[], k: number): string {
  const d = train.map((x) => euclideanDistance(x, query));
  const idx = train.map((_, i) => i).sort((i, j) => (d[i] === d[j] ? i - j : d[i] - d[j])).slice(0, k);
  const counts: Record<string, number> = {};
  let best = labels[idx[0]];
  for (const i of idx) counts[labels[i]] = (counts[labels[i]] ?? 0) + 1;
  for (const i of idx) if (counts[labels[i]] > counts[best]) best = labels[i];
  return best;
}

// 2. logistic regression

function logit(betas: number[], x: number[]): number {
  return betas.reduce((s, b, j) => (j === 0 ? b : s + b * x[j - 1]), 0);
}

export function logisticProbability(betas: number[], x: number[]): number {
  return 1 / (1 + Math.exp(-logit(betas, x)));
}

export function logisticFeatureForProbability(betas: number[], x: number[], feature: number, probability: number): number {
  const rest = logit(betas, x) - betas[feature + 1] * x[feature];
  return (Math.log(probability / (1 - probability)) - rest) / betas[feature + 1];
}

// 3. LOOCV

/** Solves A c = b by Gaussian elimination with partial pivoting (A is small and square). */
function solve(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r][c]) > Math.abs(M[p][c])) p = r;
    [M[c], M[p]] = [M[p], M[c]];
    for (let r = c + 1; r < n; r++) {
      const f = M[r][c] / M[c][c];
      for (let j = c; j <= n; j++) M[r][j] -= f * M[c][j];
    }
  }
  const out = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = M[r][n];
    for (let j = r + 1; j < n; j++) s -= M[r][j] * out[j];
    out[r] = s / M[r][r];
  }
  return out;
}

function polyFit(x: number[], y: number[], degree: number): number[] {
  const p = degree + 1;
  const XtX = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  const Xty = new Array<number>(p).fill(0);
  x.forEach((v, i) => {
    const row = Array.from({ length: p }, (_, j) => v ** j);
    for (let a = 0; a < p; a++) {
      Xty[a] += row[a] * y[i];
      for (let b = 0; b < p; b++) XtX[a][b] += row[a] * row[b];
    }
  });
  return solve(XtX, Xty);
}

export function polynomialLoocv(x: number[], y: number[], degree: number): number {
  let sum = 0;
  for (let i = 0; i < x.length; i++) {
    const c = polyFit(x.filter((_, j) => j !== i), y.filter((_, j) => j !== i), degree);
    const pred = c.reduce((s, cj, j) => s + cj * x[i] ** j, 0);
    sum += (y[i] - pred) ** 2;
  }
  return sum / x.length;
}

// 4. batchnorm

interface BatchnormParams { mode: 'train' | 'test'; eps?: number; momentum?: number; runningMean?: Tensor; runningVar?: Tensor }
interface RunningStats { runningMean: Tensor; runningVar: Tensor }
interface BnCache { x: Tensor; mu: number[]; variance: number[]; eps: number; gamma: Tensor; mode: 'train' | 'test' }

export function batchnormForward(x: Tensor, gamma: Tensor, beta: Tensor, params: BatchnormParams): [Tensor, BnCache, RunningStats] {
  const [N, D] = x.shape;
  const eps = params.eps ?? 1e-5;
  const momentum = params.momentum ?? 0.9;
  const mu: number[] = [];
  const variance: number[] = [];
  const runningMean = zeros([D]);
  const runningVar = zeros([D]);
  for (let j = 0; j < D; j++) {
    const rm = params.runningMean ? params.runningMean.get(j) : 0;
    const rv = params.runningVar ? params.runningVar.get(j) : 0;
    if (params.mode === 'train') {
      let m = 0;
      for (let i = 0; i < N; i++) m += x.get(i, j);
      m /= N;
      let v = 0;
      for (let i = 0; i < N; i++) v += (x.get(i, j) - m) ** 2;
      v /= N;
      mu.push(m);
      variance.push(v);
      runningMean.set(j, momentum * rm + (1 - momentum) * m);
      runningVar.set(j, momentum * rv + (1 - momentum) * v);
    } else {
      mu.push(rm);
      variance.push(rv);
      runningMean.set(j, rm);
      runningVar.set(j, rv);
    }
  }
  const out = zeros([N, D]);
  for (let i = 0; i < N; i++) for (let j = 0; j < D; j++) out.set(i, j, (gamma.get(j) * (x.get(i, j) - mu[j])) / Math.sqrt(variance[j] + eps) + beta.get(j));
  return [out, { x, mu, variance, eps, gamma, mode: params.mode }, { runningMean, runningVar }];
}

export function batchnormBackward(dout: Tensor, cache: BnCache): [Tensor, Tensor, Tensor] {
  const { x, mu, variance, eps, gamma, mode } = cache;
  const [N, D] = x.shape;
  const dx = zeros([N, D]);
  const dgamma = zeros([D]);
  const dbeta = zeros([D]);
  for (let j = 0; j < D; j++) {
    const sd = Math.sqrt(variance[j] + eps);
    let dvar = 0;
    let dmu = 0;
    let centredSum = 0;
    for (let i = 0; i < N; i++) {
      const g = dout.get(i, j);
      const c = x.get(i, j) - mu[j];
      dbeta.set(j, dbeta.get(j) + g);
      dgamma.set(j, dgamma.get(j) + (g * c) / sd);
      const dxhat = g * gamma.get(j);
      dvar += dxhat * c * -0.5 * (variance[j] + eps) ** -1.5;
      dmu += -dxhat / sd;
      centredSum += c;
    }
    dmu += (dvar * -2 * centredSum) / N;
    for (let i = 0; i < N; i++) {
      const dxhat = dout.get(i, j) * gamma.get(j);
      // test mode: mu and var are constants, so only the direct path through xhat remains
      const v = mode === 'test' ? dxhat / sd : dxhat / sd + (dvar * 2 * (x.get(i, j) - mu[j])) / N + dmu / N;
      dx.set(i, j, v);
    }
  }
  return [dx, dgamma, dbeta];
}

export function batchnormRunningAverages(batches: Tensor[], gamma: Tensor, beta: Tensor, params: Omit<BatchnormParams, 'mode'>): RunningStats {
  let stats: RunningStats = { runningMean: params.runningMean ?? zeros([gamma.shape[0]]), runningVar: params.runningVar ?? zeros([gamma.shape[0]]) };
  for (const x of batches) stats = batchnormForward(x, gamma, beta, { ...params, ...stats, mode: 'train' })[2];
  return stats;
}

// 5. pseudolabels

export function cosineSimilarity(a: number[], b: number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  a.forEach((v, i) => {
    dot += v * b[i];
    na += v * v;
    nb += b[i] * b[i];
  });
  return dot / Math.sqrt(na * nb);
}

export function cosinePseudolabels(labeled: number[][], labels: string[], unlabeled: number[][]) {
  return unlabeled.map((u) => {
    let source = 0;
    let similarity = -Infinity;
    labeled.forEach((l, j) => {
      const s = cosineSimilarity(l, u);
      if (s > similarity) [source, similarity] = [j, s];
    });
    return { label: labels[source], source, similarity };
  });
}

export function nearestPerClassConcatenation(labeled: number[][], labels: string[], unlabeled: number[][], n: number) {
  const pseudo = cosinePseudolabels(labeled, labels, unlabeled);
  const examples = labeled.map((e) => [...e]);
  const outLabels = [...labels];
  const added: number[] = [];
  const classes: string[] = [];
  for (const l of labels) if (!classes.includes(l)) classes.push(l);
  for (const c of classes) {
    const members = pseudo.map((p, i) => i).filter((i) => pseudo[i].label === c);
    members.sort((a, b) => (pseudo[a].similarity === pseudo[b].similarity ? a - b : pseudo[b].similarity - pseudo[a].similarity));
    for (const i of members.slice(0, n)) {
      examples.push([...unlabeled[i]]);
      outLabels.push(c);
      added.push(i);
    }
  }
  return { examples, labels: outLabels, added };
}

// 6. counts

type Padding = 'valid' | 'same' | number;
interface Layer { type: string; filters?: number; kernel?: number; size?: number; stride?: number; padding?: Padding; bias?: boolean; connectionTable?: number[]; trainable?: boolean; units?: number }

function side(n: number, k: number, s: number, padding: Padding): number {
  if (padding === 'same') return Math.ceil(n / s);
  const p = padding === 'valid' ? 0 : padding;
  return Math.floor((n + 2 * p - k) / s) + 1;
}

export function countLayers(inputShape: number[], layers: Layer[]) {
  let shape = inputShape;
  const out = layers.map((l) => {
    let params = 0;
    let trainable = 0;
    if (l.type === 'conv') {
      const [h, w, c] = shape;
      const k = l.kernel!;
      const s = l.stride ?? 1;
      const maps = l.connectionTable ? l.connectionTable.reduce((a, b) => a + b, 0) : c * l.filters!;
      params = k * k * maps + (l.bias === false ? 0 : l.filters!);
      trainable = params;
      shape = [side(h, k, s, l.padding ?? 'valid'), side(w, k, s, l.padding ?? 'valid'), l.filters!];
    } else if (l.type === 'pool') {
      const [h, w, c] = shape;
      const s = l.stride ?? l.size!;
      params = l.trainable ? 2 * c : 0;
      trainable = params;
      shape = [side(h, l.size!, s, l.padding ?? 'valid'), side(w, l.size!, s, l.padding ?? 'valid'), c];
    } else if (l.type === 'dense') {
      params = shape[0] * l.units! + (l.bias === false ? 0 : l.units!);
      trainable = params;
      shape = [l.units!];
    } else if (l.type === 'batchnorm') {
      params = 4 * shape[shape.length - 1];
      trainable = 2 * shape[shape.length - 1];
    } else if (l.type === 'flatten') {
      shape = [shape.reduce((a, b) => a * b, 1)];
    }
    return { type: l.type, outputShape: shape, activations: shape.reduce((a, b) => a * b, 1), params, trainableParams: trainable };
  });
  let params = 0;
  let trainableParams = 0;
  let activations = 0;
  for (const l of out) {
    params += l.params;
    trainableParams += l.trainableParams;
    if (l.type !== 'flatten') activations += l.activations;
  }
  return { layers: out.map(({ type, ...rest }) => rest), params, trainableParams, activations };
}

export function receptiveField(layers: Layer[]) {
  // walk back from one output unit: a window of `size` units of layer l covers (size - 1) * s + k units below it
  let size = 1;
  let jump = 1;
  for (let i = layers.length - 1; i >= 0; i--) {
    const l = layers[i];
    if (l.type === 'batchnorm') continue;
    const k = l.type === 'conv' ? l.kernel! : l.size!;
    const s = l.stride ?? (l.type === 'conv' ? 1 : l.size!);
    size = (size - 1) * s + k;
    jump *= s;
  }
  return { size, jump };
}

// 7. early stopping

export function generalizationLoss(errors: number[]): number[] {
  return errors.map((e, t) => 100 * (e / Math.min(...errors) - 1));
}

export function earlyStoppingEpoch(errors: number[], alpha: number): number | null {
  const gl = generalizationLoss(errors);
  for (let t = 0; t < gl.length; t++) if (gl[t] > alpha) return t;
  return null;
}

// 8. schedules

export function stepDecay(lr0: number, drop: number, every: number, epoch: number): number {
  let lr = lr0;
  for (let i = 0; i < Math.floor(epoch / every); i++) lr *= drop;
  return lr;
}

export function exponentialDecay(lr0: number, k: number, t: number): number {
  return lr0 * Math.exp(-k * t);
}

export function inverseTimeDecay(lr0: number, k: number, t: number): number {
  return lr0 / (1 + k * t);
}

// 9. augmentation

interface Rng { rand(): number; randint(low: number, high: number): number }

export function cropWithPadding(image: Tensor, size: number, padding: number, top: number, left: number): Tensor {
  const [H, W, C] = image.shape;
  const out = zeros([size, size, C]);
  for (let i = 0; i < size; i++)
    for (let j = 0; j < size; j++) {
      const r = top + i - padding;
      const c = left + j - padding;
      if (r >= 0 && r < H && c >= 0 && c < W) for (let k = 0; k < C; k++) out.set(i, j, k, image.get(r, c, k));
    }
  return out;
}

export function randomCrop(image: Tensor, size: number, padding: number, rng: Rng) {
  const [H, W] = image.shape;
  const top = rng.randint(0, H + 2 * padding - size + 1);
  const left = rng.randint(0, W + 2 * padding - size + 1);
  return { image: cropWithPadding(image, size, padding, top, left), top, left };
}

export function horizontalFlip(image: Tensor): Tensor {
  const [H, W, C] = image.shape;
  const out = zeros([H, W, C]);
  for (let i = 0; i < H; i++) for (let j = 0; j < W; j++) for (let k = 0; k < C; k++) out.set(i, j, k, image.get(i, W - 1 - j, k));
  return out;
}

export function randomHorizontalFlip(image: Tensor, p: number, rng: Rng) {
  const flipped = rng.rand() < p;
  return { image: flipped ? horizontalFlip(image) : image, flipped };
}

export function normalizeChannels(image: Tensor, mean: number[], std: number[]): Tensor {
  const [H, W, C] = image.shape;
  const out = zeros([H, W, C]);
  for (let i = 0; i < H; i++) for (let j = 0; j < W; j++) for (let k = 0; k < C; k++) out.set(i, j, k, (image.get(i, j, k) - mean[k]) / std[k]);
  return out;
}

export function augmentCifar(image: Tensor, rng: Rng) {
  const crop = randomCrop(image, 32, 4, rng);
  const flip = randomHorizontalFlip(crop.image, 0.5, rng);
  return { image: normalizeChannels(flip.image, [0.4914, 0.4822, 0.4465], [0.2023, 0.1994, 0.201]), top: crop.top, left: crop.left, flipped: flip.flipped };
}
