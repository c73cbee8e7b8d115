import { describe, expect, it } from 'vitest';
import {
  evalNumericalGradient,
  fromNested,
  linspace,
  RandomState,
  relError,
  reshape,
  tensor,
  zeros,
  type Size,
  type Tensor,
} from '@gradient/tensor';
import { TwoLayerNet, type TwoLayerLayout } from './two-layer-net';
import { loadTwoLayerReference } from './two-layer-net.reference';

const ref = loadTwoLayerReference();

function transpose(x: Tensor): Tensor {
  const [r, c] = x.shape;
  const out = zeros([c, r]);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out.set(j, i, x.get(i, j));
  return out;
}

/** The notebook's toy problem: weights from RandomState(0), X = 10 * randn(5, 4) from RandomState(1). */
function toyNet(layout: TwoLayerLayout = 'HD') {
  const net = new TwoLayerNet({ inputSize: 4, hiddenSize: 10, numClasses: 3, std: 1e-1, rng: new RandomState(0), layout });
  const X = new RandomState(1).randn(5, 4);
  for (let i = 0; i < X.data.length; i++) X.data[i] *= 10;
  return { net, X, y: [0, 1, 2, 2, 1] };
}

/** Largest relative error of the analytic gradients against centered differences of the loss, per parameter. */
function gradientErrors(net: { params: Record<string, Tensor> }, f: () => { loss: number; grads: Record<string, Tensor> }) {
  const { grads } = f();
  const errors: Record<string, number> = {};
  for (const name of Object.keys(net.params)) {
    const numeric = evalNumericalGradient(() => f().loss, net.params[name]);
    errors[name] = relError(grads[name], numeric);
  }
  return errors;
}

describe('TwoLayerNet: the toy check against NumPy (layout HD)', () => {
  it('draws W1 [H, D] then W2 [C, H] from the seeded stream, biases zero', () => {
    const { net } = toyNet();
    expect(net.params.W1.shape).toEqual([10, 4]);
    expect(net.params.W2.shape).toEqual([3, 10]);
    expect(relError(net.params.W1, fromNested(ref.toy.W1))).toBeLessThan(1e-15);
    expect(relError(net.params.W2, fromNested(ref.toy.W2))).toBeLessThan(1e-15);
    expect([...net.params.b1.data, ...net.params.b2.data].every((v) => v === 0)).toBe(true);
  });

  it('computes the scores and the reg = 0.05 loss NumPy computes', () => {
    const { net, X, y } = toyNet();
    expect(relError(X, fromNested(ref.toy.X))).toBeLessThan(1e-15);
    const scores = net.loss(X);
    expect(scores.shape).toEqual([5, 3]);
    expect(relError(scores, fromNested(ref.toy.scores))).toBeLessThan(1e-12);
    expect(relError(net.loss(X, y, 0.05).loss, ref.toy.lossReg005)).toBeLessThan(1e-12);
    expect(relError(net.loss(X, y, 0).loss, ref.toy.lossReg0)).toBeLessThan(1e-12);
    // the number the course notebook prints for this check
    expect(Math.abs(net.loss(X, y, 0.05).loss - 1.071696123862817)).toBeLessThan(1e-12);
  });

  it('a DH net holding the transposed weights gives the same scores and loss, and transposed gradients', () => {
    const { net, X, y } = toyNet('HD');
    const dh = new TwoLayerNet({ inputSize: 4, hiddenSize: 10, numClasses: 3, layout: 'DH', rng: new RandomState(5) });
    dh.params = { ...net.params, W1: transpose(net.params.W1), W2: transpose(net.params.W2) };
    expect(relError(dh.loss(X), net.loss(X))).toBeLessThan(1e-14);
    const a = net.loss(X, y, 0.05);
    const b = dh.loss(X, y, 0.05);
    expect(relError(a.loss, b.loss)).toBeLessThan(1e-14);
    expect(relError(transpose(b.grads.W1), a.grads.W1)).toBeLessThan(1e-12);
    expect(relError(transpose(b.grads.W2), a.grads.W2)).toBeLessThan(1e-12);
    expect(relError(b.grads.b1, a.grads.b1)).toBeLessThan(1e-12);
  });

  it('layout DH draws W1 [D, H] then W2 [H, C] from the same stream', () => {
    const net = new TwoLayerNet({ inputSize: 4, hiddenSize: 10, numClasses: 3, std: 1e-1, rng: new RandomState(0), layout: 'DH' });
    const rs = new RandomState(0);
    const W1 = rs.randn(4, 10);
    const W2 = rs.randn(10, 3);
    expect(net.params.W1.shape).toEqual([4, 10]);
    expect(net.params.W2.shape).toEqual([10, 3]);
    expect(net.params.W1.data).toEqual(W1.data.map((v) => 0.1 * v));
    expect(net.params.W2.data).toEqual(W2.data.map((v) => 0.1 * v));
  });

  it('rejects X whose width is not inputSize, sizes that are not positive integers, and a bad batch size', () => {
    const { net, X, y } = toyNet();
    expect(() => net.loss(zeros([5, 3]))).toThrow(/X/);
    expect(() => new TwoLayerNet({ inputSize: 4, hiddenSize: 0, numClasses: 3 })).toThrow(/hiddenSize/);
    expect(() => new TwoLayerNet({ inputSize: 4.5, hiddenSize: 2, numClasses: 3 })).toThrow(/inputSize/);
    expect(() => net.train(X, y, X, y, { batchSize: 0 })).toThrow(/batchSize/);
  });
});

// reg values at which no gradient entry cancels to nearly zero: at reg 0.7 on the toy data one entry of dW1
// cancels to 4e-6, and the centered difference's own rounding (6e-12) is then 8e-7 relative (docs/tolerances.md)
describe('TwoLayerNet: gradients checked numerically', () => {
  it.each([
    ['HD', 0],
    ['HD', 0.05],
    ['DH', 0],
    ['DH', 0.05],
  ] as const)('layout %s, reg %s: every parameter within 1e-7 of centered differences', (layout, reg) => {
    const { net, X, y } = toyNet(layout);
    // non-zero biases so that their gradients are exercised away from the initial point
    net.params.b1.data.set(new RandomState(2).randn(10).data.map((v) => 0.1 * v));
    net.params.b2.data.set([0.1, -0.2, 0.3]);
    const errors = gradientErrors(net, () => net.loss(X, y, reg));
    for (const [name, e] of Object.entries(errors)) expect(e, name).toBeLessThan(1e-7);
  });
});

/** A second implementation of the DH net's loss, entry by entry, for the linspace check. */
function naiveDHLoss(W1: Tensor, b1: Tensor, W2: Tensor, b2: Tensor, X: Tensor, y: number[], reg: number): number {
  const [n, d] = X.shape;
  const h = W1.shape[1];
  const c = W2.shape[1];
  let total = 0;
  for (let i = 0; i < n; i++) {
    const hidden: number[] = [];
    for (let k = 0; k < h; k++) {
      let s = b1.get(k);
      for (let j = 0; j < d; j++) s += X.get(i, j) * W1.get(j, k);
      hidden.push(Math.max(0, s));
    }
    const scores: number[] = [];
    for (let m = 0; m < c; m++) {
      let s = b2.get(m);
      for (let k = 0; k < h; k++) s += hidden[k] * W2.get(k, m);
      scores.push(s);
    }
    const logSumExp = Math.log(scores.reduce((acc, s) => acc + Math.exp(s), 0));
    total += logSumExp - scores[y[i]];
  }
  let squares = 0;
  for (const W of [W1, W2]) for (let i = 0; i < W.shape[0]; i++) for (let j = 0; j < W.shape[1]; j++) squares += W.get(i, j) ** 2;
  return total / n + 0.5 * reg * squares;
}

describe('TwoLayerNet: the deterministic linspace check (layout DH)', () => {
  const N = 3;
  const D = 5;
  const H = 50;
  const C = 7;
  const W1 = reshape(linspace(-0.7, 0.3, D * H), [D, H]);
  const b1 = linspace(-0.1, 0.9, H);
  const W2 = reshape(linspace(-0.3, 0.4, H * C), [H, C]);
  const b2 = linspace(-0.9, 0.1, C);
  const X = transpose(reshape(linspace(-5.5, 4.5, N * D), [D, N]));
  const y = [0, 5, 1];
  const net = new TwoLayerNet({ inputSize: D, hiddenSize: H, numClasses: C, layout: 'DH', rng: new RandomState(0) });
  net.params = { W1, b1, W2, b2 };

  it.each([
    [0, ref.linspace.lossReg0],
    [1.0, ref.linspace.lossReg1],
  ])('reg %s: the loss equals the naive loop and NumPy', (reg, numpyLoss) => {
    const loss = net.loss(X, y, reg).loss;
    expect(relError(loss, naiveDHLoss(W1, b1, W2, b2, X, y, reg))).toBeLessThan(1e-13);
    expect(relError(loss, numpyLoss)).toBeLessThan(1e-13);
  });

  it.each([0, 1.0])('reg %s: every gradient within 1e-7 of centered differences', (reg) => {
    const errors = gradientErrors(net, () => net.loss(X, y, reg));
    for (const [name, e] of Object.entries(errors)) expect(e, name).toBeLessThan(1e-7);
  });

  it('gives the numbers the course prints (3.4702243556 and 26.5948426952)', () => {
    expect(Math.abs(net.loss(X, y, 0).loss - 3.4702243556)).toBeLessThan(1e-10);
    expect(Math.abs(net.loss(X, y, 1.0).loss - 26.5948426952)).toBeLessThan(1e-10);
    expect(relError(net.loss(X), fromNested(ref.linspace.scores))).toBeLessThan(1e-13);
  });
});

/** A RandomState that records what choice() returns, to compare train()'s batches with NumPy's. */
class RecordingRandomState extends RandomState {
  readonly choices: number[][] = [];
  override choice(a: number, size?: Size, replace?: boolean): any {
    const out = super.choice(a, size, replace);
    this.choices.push(typeof out === 'number' ? [out] : Array.from(out.data));
    return out;
  }
}

describe('TwoLayerNet.train', () => {
  it('samples the same batches, and records the same losses and accuracies, as the NumPy loop with the same seeds', () => {
    const t = ref.training;
    const rng = new RecordingRandomState(t.modelSeed);
    const net = new TwoLayerNet({ inputSize: t.D, hiddenSize: t.H, numClasses: t.C, std: t.std, rng, layout: 'HD' });
    const history = net.train(fromNested(t.X), t.y, fromNested(t.Xval), t.yval, t.config);
    expect(rng.choices).toEqual(t.batches);
    expect(relError(tensor(history.lossHistory, [t.config.numIters]), tensor(t.loss, [t.loss.length]))).toBeLessThan(1e-10);
    // 30 iterations of 20 out of 50 rows: an epoch is 2.5 iterations, so it % 2.5 == 0 at 0, 5, 10, ...
    expect(history.trainAccHistory).toEqual(t.trainAcc);
    expect(history.valAccHistory).toEqual(t.valAcc);
    expect(relError(net.params.W1, fromNested(t.finalW1))).toBeLessThan(1e-10);
  });

  it('layout DH trains like HD: same batches, losses and accuracies, transposed weights (HD is checked against NumPy above)', () => {
    const t = ref.training;
    const hd = new TwoLayerNet({ inputSize: t.D, hiddenSize: t.H, numClasses: t.C, std: t.std, rng: new RandomState(t.modelSeed), layout: 'HD' });
    // the DH constructor draws as many normals as the HD one, so both rngs then draw the same batches
    const dh = new TwoLayerNet({ inputSize: t.D, hiddenSize: t.H, numClasses: t.C, std: t.std, rng: new RandomState(t.modelSeed), layout: 'DH' });
    dh.params = { ...hd.params, W1: transpose(hd.params.W1), W2: transpose(hd.params.W2), b1: zeros([t.H]), b2: zeros([t.C]) };
    const a = hd.train(fromNested(t.X), t.y, fromNested(t.Xval), t.yval, t.config);
    const b = dh.train(fromNested(t.X), t.y, fromNested(t.Xval), t.yval, t.config);
    expect(relError(tensor(b.lossHistory, [t.config.numIters]), tensor(a.lossHistory, [t.config.numIters]))).toBeLessThan(1e-12);
    expect(b.trainAccHistory).toEqual(a.trainAccHistory);
    expect(b.valAccHistory).toEqual(a.valAccHistory);
    expect(relError(transpose(dh.params.W1), hd.params.W1)).toBeLessThan(1e-12);
    expect(relError(transpose(dh.params.W2), hd.params.W2)).toBeLessThan(1e-12);
    expect(relError(dh.params.b1, hd.params.b1)).toBeLessThan(1e-12);
  });

  it('overfits 50 examples: the loss goes down and the training accuracy reaches 1.0', () => {
    const data = new RandomState(11);
    const X = data.randn(50, 20);
    const y = Array.from(data.randint(0, 5, [50]).data);
    const net = new TwoLayerNet({ inputSize: 20, hiddenSize: 100, numClasses: 5, std: 1e-1, rng: new RandomState(12) });
    const history = net.train(X, y, X, y, { learningRate: 0.5, learningRateDecay: 0.99, reg: 0, numIters: 300, batchSize: 25 });
    const first = history.lossHistory.slice(0, 10).reduce((a, b) => a + b) / 10;
    const last = history.lossHistory.slice(-10).reduce((a, b) => a + b) / 10;
    expect(last).toBeLessThan(first / 10);
    const predicted = net.predict(X);
    expect(predicted.every((p, i) => p === y[i])).toBe(true);
  });

  it('prints a progress line every 100 iterations when verbose', () => {
    const { net, X, y } = toyNet();
    const lines: string[] = [];
    net.train(X, y, X, y, { numIters: 201, batchSize: 5, verbose: true, log: (l) => lines.push(l) });
    expect(lines).toHaveLength(3);
    expect(lines[2]).toMatch(/^iteration 200 \/ 201: loss \d/);
  });
});
