import { describe, expect, it } from 'vitest';
import { evalNumericalGradient, relError } from '../core/gradcheck';
import { TensorArgumentError } from '../core/errors';
import { map, tensor, zeros, type Tensor } from '../core/tensor';
import { RandomState } from '../random/random-state';
import { softmaxLoss, svmLoss, type Labels } from './losses';


function randomLabels(rng: { rand(...shape: number[]): Tensor }, n: number, c: number): number[] {
  return Array.from(rng.rand(n).data, (u) => Math.floor(u * c));
}

/** Second implementation: softmax probabilities straight from the definition, no max subtracted. */
function naiveSoftmaxLoss(scores: Tensor, y: number[]): number {
  const [n, c] = scores.shape;
  let loss = 0;
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let j = 0; j < c; j++) sum += Math.exp(scores.get(i, j));
    loss -= Math.log(Math.exp(scores.get(i, y[i])) / sum);
  }
  return loss / n;
}

function naiveSvmLoss(scores: Tensor, y: number[]): number {
  const [n, c] = scores.shape;
  let loss = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < c; j++) if (j !== y[i]) loss += Math.max(0, scores.get(i, j) - scores.get(i, y[i]) + 1);
  }
  return loss / n;
}

describe('svmLoss at a margin of exactly 0', () => {
  // row 0: label 1, s = [0, 1, -5]: margin of class 0 is 0 - 1 + 1 = 0 exactly, class 2 is -5 (inactive)
  // row 1: label 0, s = [1, 2.5, 0]: margins 2.5 - 1 + 1 = 2.5 (active) and 0 - 1 + 1 = 0 (exactly 0)
  // loss = (0 + 2.5) / 2 = 1.25; only the active margin moves the gradient: ds[1][1] = +1/2, ds[1][0] = -1/2
  it('adds nothing to the loss and takes the subgradient as 0', () => {
    const [loss, dscores] = svmLoss(tensor([0, 1, -5, 1, 2.5, 0], [2, 3]), [1, 0]);
    expect(loss).toBe(1.25);
    expect(Array.from(dscores.data)).toEqual([0, 0, 0, -0.5, 0.5, 0]);
  });
});

describe.each([
  ['softmaxLoss', softmaxLoss, naiveSoftmaxLoss],
  ['svmLoss', svmLoss, naiveSvmLoss],
] as const)('%s', (name, loss, naive) => {
  it.each([
    [1, 1],
    [1, 5],
    [4, 1],
    [10, 7],
    [50, 3],
  ])('matches the naive loss on [%i, %i]', (n, c) => {
    const rng = new RandomState(n * 100 + c);
    const scores = map(rng.randn(n, c), (v) => 2 * v);
    const y = randomLabels(rng, n, c);
    const [value, dscores] = loss(scores, y);
    expect(relError(value, naive(scores, y))).toBeLessThan(1e-12);
    expect(dscores.shape).toEqual([n, c]);
  });

  it('gradient matches the numerical gradient of the loss', () => {
    const rng = new RandomState(name === 'softmaxLoss' ? 40 : 41);
    const scores = map(rng.randn(10, 6), (v) => 0.5 * v);
    const y = randomLabels(rng, 10, 6);
    if (name === 'svmLoss') {
      // the hinge has a kink at margin 0: the check is only meaningful away from it
      for (let i = 0; i < 10; i++) {
        for (let j = 0; j < 6; j++) if (j !== y[i]) expect(Math.abs(scores.get(i, j) - scores.get(i, y[i]) + 1)).toBeGreaterThan(1e-3);
      }
    }
    const [, dscores] = loss(scores, y);
    const numeric = evalNumericalGradient((t) => loss(t, y)[0], scores);
    expect(relError(dscores, numeric)).toBeLessThan(1e-7);
  });

  it('accepts labels as number[], Int32Array, Uint8Array and a rank-1 tensor alike', () => {
    const rng = new RandomState(50);
    const scores = rng.randn(4, 3);
    const y = [2, 0, 1, 2];
    const [want, dwant] = loss(scores, y);
    for (const labels of [Int32Array.from(y), Uint8Array.from(y), tensor(y, [4])] as Labels[]) {
      const [got, dgot] = loss(scores, labels);
      expect(got).toBe(want);
      expect(Array.from(dgot.data)).toEqual(Array.from(dwant.data));
    }
  });

  it('rejects bad labels and scores, naming the argument and expected vs actual', () => {
    const scores = zeros([3, 4]);
    expect(() => loss(scores, [0, 1])).toThrow(new RegExp(`${name}: argument 'y' expected 3 labels \\(one per row of scores\\), got 2`));
    expect(() => loss(scores, [0, 4, 1])).toThrow(/argument 'y\[1\]' expected an integer label in \[0, 4\), got 4/);
    expect(() => loss(scores, [0, 1.5, 1])).toThrow(/argument 'y\[1\]' expected an integer label in \[0, 4\), got 1.5/);
    expect(() => loss(scores, [-1, 1, 1])).toThrow(/argument 'y\[0\]'/);
    expect(() => loss(scores, tensor([0, 1, 2], [3, 1]))).toThrow(/argument 'y' expected rank 1 \[N\], got rank 2 \[3, 1\]/);
    expect(() => loss(zeros([4]), [0, 1, 2, 3])).toThrow(/argument 'scores' expected rank 2 \[N, C\], got rank 1 \[4\]/);
    expect(() => loss(zeros([0, 4]), [])).toThrow(/argument 'scores' expected at least one row/);
    expect(() => loss(scores, 3 as unknown as Labels)).toThrow(TensorArgumentError);
  });
});

describe('hand-computed losses', () => {
  it('equal scores: softmax gives every class 1/C, so loss = log C and dscores = (1/C - onehot) / N', () => {
    const [n, c] = [2, 5];
    const [value, dscores] = softmaxLoss(tensor(new Float64Array(n * c).fill(0.3), [n, c]), [4, 1]);
    expect(value).toBeCloseTo(Math.log(5), 14);
    expect(dscores.get(0, 4)).toBeCloseTo((0.2 - 1) / 2, 14);
    expect(dscores.get(0, 0)).toBeCloseTo(0.2 / 2, 14);
    expect(dscores.get(1, 1)).toBeCloseTo((0.2 - 1) / 2, 14);
  });

  it('equal scores: every wrong class has margin exactly 1, so svm loss = C - 1', () => {
    const [n, c] = [2, 5];
    const [value, dscores] = svmLoss(tensor(new Float64Array(n * c).fill(-7), [n, c]), [4, 1]);
    expect(value).toBe(4);
    // each of the C - 1 wrong classes pushes +1/N on itself and -1/N on the correct class
    expect(dscores.get(0, 0)).toBe(0.5);
    expect(dscores.get(0, 4)).toBe(-2);
    expect(dscores.get(1, 1)).toBe(-2);
  });

  it('svm: a correct class ahead by more than 1 everywhere costs nothing', () => {
    // row 0: margins 1 - 3 + 1 = -1 and 0 - 3 + 1 = -2, both clipped to 0
    const [value, dscores] = svmLoss(tensor([3, 1, 0], [1, 3]), [0]);
    expect(value).toBe(0);
    expect(Array.from(dscores.data)).toEqual([0, 0, 0]);
  });

  it('softmax stays finite for huge scores and is unchanged by a constant shift', () => {
    const rng = new RandomState(60);
    const scores = rng.randn(3, 4);
    const y = [0, 3, 2];
    const [base] = softmaxLoss(scores, y);
    const [shifted, dshifted] = softmaxLoss(map(scores, (v) => v + 1000), y);
    expect(Number.isFinite(shifted)).toBe(true);
    expect(Math.abs(shifted - base)).toBeLessThan(1e-12);
    expect(dshifted.data.every(Number.isFinite)).toBe(true);
  });
});
