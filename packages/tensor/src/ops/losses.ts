import { expectLabels, expectRank } from '../core/checks';
import { TensorArgumentError } from '../core/errors';
import { contiguous, shapeString, zeros, type Tensor } from '../core/tensor';

/** Class labels, one per row of scores: a plain or typed array, or a rank-1 tensor of integers. */
export type Labels = ArrayLike<number> | Tensor;

/** scores: [N, C] with N >= 1 (a mean over no rows is undefined). */
function checkScores(op: string, scores: Tensor): [number, number] {
  expectRank(op, 'scores', scores, 2, ['N', 'C']);
  const [n, c] = scores.shape;
  if (n < 1) throw new TensorArgumentError('E_SHAPE', op, 'scores', 'at least one row [N >= 1, C]', `shape ${shapeString(scores.shape)}`);
  return [n, c];
}

/** y as an array of N labels in [0, C), or a thrown error naming 'y'. */
function checkedLabels(op: string, y: Labels, n: number, classes: number): ArrayLike<number> {
  let labels: ArrayLike<number>;
  if (y !== null && typeof y === 'object' && 'shape' in y && Array.isArray(y.shape)) {
    expectRank(op, 'y', y, 1, ['N']);
    labels = contiguous(y).data;
  } else {
    labels = y as ArrayLike<number>;
  }
  expectLabels(op, 'y', labels, n, classes);
  return labels;
}

/** What both losses start from, checked: N, C, the labels, the scores row-major, and a zero dscores [N, C]. */
function lossInputs(op: string, scores: Tensor, y: Labels) {
  const [n, c] = checkScores(op, scores);
  const labels = checkedLabels(op, y, n, c);
  return { n, c, labels, s: contiguous(scores).data, dscores: zeros([n, c]) };
}

/**
 * Mean softmax cross-entropy over the rows, computed stably (each row's max subtracted first).
 * scores: [N, C]; y: N labels in [0, C) -> loss, dscores: [N, C].
 */
export function softmaxLoss(scores: Tensor, y: Labels): [number, Tensor] {
  const { n, c, labels, s, dscores } = lossInputs('softmaxLoss', scores, y);
  const ds = dscores.data;
  let loss = 0;
  for (let i = 0; i < n; i++) {
    const row = i * c;
    let max = -Infinity;
    for (let j = 0; j < c; j++) max = Math.max(max, s[row + j]);
    let sum = 0;
    for (let j = 0; j < c; j++) {
      ds[row + j] = Math.exp(s[row + j] - max);
      sum += ds[row + j];
    }
    const yi = labels[i];
    loss += Math.log(sum) - (s[row + yi] - max);
    for (let j = 0; j < c; j++) ds[row + j] /= sum * n;
    ds[row + yi] -= 1 / n;
  }
  return [loss / n, dscores];
}

/**
 * Mean multiclass hinge loss with margin 1: sum over j != y of max(0, s_j - s_y + 1), averaged over rows.
 * scores: [N, C]; y: N labels in [0, C) -> loss, dscores: [N, C].
 * At a margin of exactly 0 the (sub)gradient taken is 0.
 */
export function svmLoss(scores: Tensor, y: Labels): [number, Tensor] {
  const { n, c, labels, s, dscores } = lossInputs('svmLoss', scores, y);
  const ds = dscores.data;
  let loss = 0;
  for (let i = 0; i < n; i++) {
    const row = i * c;
    const yi = labels[i];
    const correct = s[row + yi];
    for (let j = 0; j < c; j++) {
      if (j === yi) continue;
      const margin = s[row + j] - correct + 1;
      // !(margin <= 0) rather than margin > 0, so that a NaN score makes the loss NaN, not smaller
      if (!(margin <= 0)) {
        loss += margin;
        ds[row + j] += 1 / n;
        ds[row + yi] -= 1 / n;
      }
    }
  }
  return [loss / n, dscores];
}
