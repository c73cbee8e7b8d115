import { describe, expect, it } from 'vitest';
import { evalNumericalGradient, RandomState, relativeError, relError, tensor, zeros, type Tensor } from '@gradient/tensor';
import { FullyConnectedNet, type FullyConnectedNetOptions } from './fc-net';

const N = 5;
const D = 15;
const C = 10;

function problem() {
  const rs = new RandomState(231);
  const X = rs.randn(N, D);
  const y = Array.from(rs.randint(0, C, [N]).data);
  return { X, y };
}

function net(options: FullyConnectedNetOptions = {}) {
  return new FullyConnectedNet([20, 30], { inputDim: D, numClasses: C, weightScale: 5e-2, rng: new RandomState(0), ...options });
}

/**
 * Largest relative error of each analytic gradient against centered differences of the loss, per entry
 * |a - n| / max(|a| + |n|, S) with S the largest |a| in that tensor (the scaled floor of docs/tolerances.md):
 * finite differences carry an absolute rounding error (~1e-11 here) whatever the entry's size, so the
 * courses' plain 1e-8 floor turns entries that are nearly zero into spurious failures (measured up to
 * 9e-3 on these nets). Returns also the largest |a|, |n| of the biases that feed a batchnorm, whose
 * gradient is exactly zero (the batch mean subtraction cancels them) and so has no relative error.
 */
function gradientErrors(model: FullyConnectedNet, X: Tensor, y: number[]) {
  const { grads } = model.loss(X, y);
  expect(Object.keys(grads).sort()).toEqual(Object.keys(model.params).sort());
  const errors: Record<string, number> = {};
  let cancelledBias = 0;
  for (const name of Object.keys(model.params)) {
    const analytic = grads[name].data;
    expect(grads[name].shape, name).toEqual(model.params[name].shape);
    const numeric = evalNumericalGradient(() => model.loss(X, y).loss, model.params[name]).data;
    if (model.useBatchnorm && /^b\d+$/.test(name) && name !== `b${model.numLayers}`) {
      for (let i = 0; i < analytic.length; i++) cancelledBias = Math.max(cancelledBias, Math.abs(analytic[i]), Math.abs(numeric[i]));
      continue;
    }
    const scale = analytic.reduce((m, v) => Math.max(m, Math.abs(v)), 1e-8);
    errors[name] = 0;
    for (let i = 0; i < analytic.length; i++) errors[name] = Math.max(errors[name], relativeError(analytic[i], numeric[i], scale));
  }
  return { errors, cancelledBias };
}

/** A second forward pass written out entry by entry: affine - relu - ... - affine, no batchnorm or dropout. */
function naiveScores(model: FullyConnectedNet, X: Tensor): number[][] {
  let rows: number[][] = Array.from({ length: X.shape[0] }, (_, i) => Array.from({ length: X.shape[1] }, (_, j) => X.get(i, j)));
  for (let l = 1; l <= model.numLayers; l++) {
    const W = model.params[`W${l}`];
    const b = model.params[`b${l}`];
    rows = rows.map((row) =>
      Array.from({ length: W.shape[1] }, (_, j) => {
        let s = b.get(j);
        for (let k = 0; k < row.length; k++) s += row[k] * W.get(k, j);
        return l < model.numLayers ? Math.max(0, s) : s;
      }),
    );
  }
  return rows;
}

describe('FullyConnectedNet: parameters', () => {
  it('draws W1, W2, W3 [in, out] in order from rng, zero biases, and gamma/beta only for hidden layers', () => {
    const model = net({ useBatchnorm: true });
    const rs = new RandomState(0);
    const dims = [D, 20, 30, C];
    for (let l = 1; l <= 3; l++) {
      expect(model.params[`W${l}`].data).toEqual(rs.randn(dims[l - 1], dims[l]).data.map((v) => 5e-2 * v));
      expect(model.params[`b${l}`].data).toEqual(new Float64Array(dims[l]));
    }
    expect(Object.keys(model.params).sort()).toEqual(['W1', 'W2', 'W3', 'b1', 'b2', 'b3', 'beta1', 'beta2', 'gamma1', 'gamma2']);
    expect(Array.from(model.params.gamma2.data)).toEqual(new Array(30).fill(1));
  });

  it('without batchnorm has no gamma or beta', () => {
    expect(Object.keys(net().params).sort()).toEqual(['W1', 'W2', 'W3', 'b1', 'b2', 'b3']);
  });
});

describe('FullyConnectedNet: loss', () => {
  it('without y returns the scores of a plain affine-relu stack, as a naive loop computes them', () => {
    const { X } = problem();
    const model = net();
    const scores = model.loss(X);
    expect(scores.shape).toEqual([N, C]);
    const expected = naiveScores(model, X);
    for (let i = 0; i < N; i++) for (let j = 0; j < C; j++) expect(relError(scores.get(i, j), expected[i][j])).toBeLessThan(1e-13);
  });

  it('adds 0.5 * reg * the squared norm of every weight matrix (not the biases)', () => {
    const { X, y } = problem();
    const plain = net().loss(X, y).loss;
    const reg = 3.14;
    const model = net({ reg });
    model.params.b1.data.fill(0.5); // biases must not count
    const withBias = net();
    withBias.params.b1.data.fill(0.5);
    let squares = 0;
    for (const name of ['W1', 'W2', 'W3']) for (const v of model.params[name].data) squares += v * v;
    expect(relError(model.loss(X, y).loss, withBias.loss(X, y).loss + 0.5 * reg * squares)).toBeLessThan(1e-14);
    expect(withBias.loss(X, y).loss).not.toBe(plain);
  });

  it('test mode (no y) skips dropout: the scores equal those of the same net without dropout', () => {
    const { X } = problem();
    expect(relError(net({ dropout: 0.5 }).loss(X), net().loss(X))).toBe(0);
  });

  it('with dropoutSeed repeats its masks; without one, the masks come from the net rng and change', () => {
    const { X, y } = problem();
    const seeded = net({ dropout: 0.3, dropoutSeed: 123 });
    expect(seeded.loss(X, y).loss).toBe(seeded.loss(X, y).loss);
    const unseeded = net({ dropout: 0.3 });
    expect(unseeded.loss(X, y).loss).not.toBe(unseeded.loss(X, y).loss);
  });

  it('batchnorm in test mode normalizes with the running statistics: mean 0, var 1 - eps is the identity', () => {
    const { X } = problem();
    const model = net({ useBatchnorm: true });
    const plain = net();
    for (const stats of model.bnRunning) stats.runningVar.data.fill(1 - 1e-5);
    expect(relError(model.loss(X), plain.loss(X))).toBeLessThan(1e-14);
    model.bnRunning[1].runningMean.data.fill(0.5);
    expect(relError(model.loss(X), plain.loss(X))).toBeGreaterThan(1e-3);
  });

  it('batchnorm updates the running statistics in train mode only', () => {
    const { X, y } = problem();
    const model = net({ useBatchnorm: true });
    model.loss(X);
    expect(Array.from(model.bnRunning[0].runningMean.data).every((v) => v === 0)).toBe(true);
    model.loss(X, y);
    // momentum 0.9: running mean = 0.1 * the batch mean of the first affine output
    const a1 = zeros([20]);
    for (let j = 0; j < 20; j++) {
      for (let i = 0; i < N; i++) {
        let s = model.params.b1.get(j);
        for (let k = 0; k < D; k++) s += X.get(i, k) * model.params.W1.get(k, j);
        a1.data[j] += s / N;
      }
    }
    expect(relError(model.bnRunning[0].runningMean, tensor(a1.data.map((v) => 0.1 * v), [20]))).toBeLessThan(1e-13);
  });

  it('rejects a dropout probability outside [0, 1)', () => {
    expect(() => net({ dropout: 1 })).toThrow(/dropout/);
  });
});

describe('FullyConnectedNet: gradients checked numerically', () => {
  it.each([
    ['plain, reg 0', {}],
    ['plain, reg 3.14', { reg: 3.14 }],
    ['batchnorm, reg 0', { useBatchnorm: true }],
    ['batchnorm, reg 0.5', { useBatchnorm: true, reg: 0.5 }],
    ['dropout 0.25 (seeded), reg 0', { dropout: 0.25, dropoutSeed: 123 }],
    ['batchnorm and dropout 0.5 (seeded), reg 0.1', { useBatchnorm: true, dropout: 0.5, dropoutSeed: 7, reg: 0.1 }],
  ] as [string, FullyConnectedNetOptions][])('%s: every parameter within 1e-7 of centered differences', (_, options) => {
    const { X, y } = problem();
    // weightScale 0.2 rather than the course's 5e-2: the gradients are then well above the finite
    // differences' rounding (worst error measured 9e-9 here, against 1.4e-7 at 5e-2)
    const model = net({ weightScale: 0.2, ...options });
    // move gamma and beta off their initial values, so their gradients are exercised at a general point
    for (const [name, p] of Object.entries(model.params)) {
      if (name.startsWith('gamma') || name.startsWith('beta')) p.data.set(new RandomState(name.length).randn(p.size).data.map((v) => 1 + 0.2 * v));
    }
    const { errors, cancelledBias } = gradientErrors(model, X, y);
    expect(Object.keys(errors).length).toBeGreaterThanOrEqual(model.useBatchnorm ? 8 : 6);
    for (const [name, e] of Object.entries(errors)) expect(e, name).toBeLessThan(1e-7);
    expect(cancelledBias).toBeLessThan(1e-9);
  });
});
