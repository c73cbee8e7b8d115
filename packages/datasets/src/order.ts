/**
 * Seeded data order: shuffles, train/validation splits and minibatches drawn from a RandomState (NumPy's
 * legacy generator), so that a NumPy script seeded the same way visits the examples in the same order.
 * Each function says which NumPy calls it reproduces; the draws come from `rng` in that order.
 */
import { contiguous, RandomState, TensorArgumentError, tensor, type Tensor } from '@gradient/tensor';

/** `rng.permutation(n).tolist()`. */
export function shuffledOrder(n: number, rng: RandomState): number[] {
  return Array.from(rng.permutation(n).data);
}

/**
 * `perm = rng.permutation(n); val, train = perm[:valCount], perm[valCount:]`: a random split into a
 * validation set of valCount examples and a training set of the rest.
 */
export function trainValSplit(n: number, valCount: number, rng: RandomState): { train: number[]; val: number[] } {
  if (!Number.isSafeInteger(valCount) || valCount < 0 || valCount > n) {
    throw new TensorArgumentError('E_VALUE', 'trainValSplit', 'valCount', `an integer in 0..${n}`, String(valCount));
  }
  const perm = shuffledOrder(n, rng);
  return { val: perm.slice(0, valCount), train: perm.slice(valCount) };
}

/**
 * One epoch of minibatches without replacement:
 * `perm = rng.permutation(n); [perm[i:i + batchSize] for i in range(0, n, batchSize)]`;
 * with dropLast the last, shorter batch is left out (as `range(0, n - batchSize + 1, batchSize)`).
 * Call it once per epoch with the same rng to continue the stream as a NumPy training loop does.
 */
export function epochBatches(n: number, batchSize: number, rng: RandomState, options: { dropLast?: boolean } = {}): number[][] {
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) {
    throw new TensorArgumentError('E_VALUE', 'epochBatches', 'batchSize', 'an integer >= 1', String(batchSize));
  }
  const perm = shuffledOrder(n, rng);
  const batches: number[][] = [];
  for (let i = 0; i < n; i += batchSize) {
    if (options.dropLast && i + batchSize > n) break;
    batches.push(perm.slice(i, i + batchSize));
  }
  return batches;
}

/** A minibatch drawn with replacement, as the CS231n Solver does: `rng.choice(n, batchSize).tolist()`. */
export function sampledBatch(n: number, batchSize: number, rng: RandomState): number[] {
  return Array.from(rng.choice(n, [batchSize]).data);
}

/** Rows `index` of X along axis 0 (NumPy's `X[index]`), as a new contiguous tensor. */
export function takeRows(X: Tensor, index: readonly number[]): Tensor {
  const src = contiguous(X);
  const n = X.shape[0];
  const rowSize = X.shape.slice(1).reduce((a, b) => a * b, 1);
  const out = new Float64Array(index.length * rowSize);
  index.forEach((r, k) => {
    if (!Number.isSafeInteger(r) || r < 0 || r >= n) {
      throw new TensorArgumentError('E_VALUE', 'takeRows', `index[${k}]`, `a row in 0..${n - 1}`, String(r));
    }
    out.set(src.data.subarray(r * rowSize, (r + 1) * rowSize), k * rowSize);
  });
  return tensor(out, [index.length, ...X.shape.slice(1)]);
}

/** Elements `index` of a label list (NumPy's `y[index]`). */
export function takeLabels(y: ArrayLike<number>, index: readonly number[]): number[] {
  return index.map((r, k) => {
    if (!Number.isSafeInteger(r) || r < 0 || r >= y.length) {
      throw new TensorArgumentError('E_VALUE', 'takeLabels', `index[${k}]`, `an element in 0..${y.length - 1}`, String(r));
    }
    return y[r];
  });
}
