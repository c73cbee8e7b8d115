import { contiguous, gemmNT, softmaxLoss, tensor, transposeInto, type Tensor } from '@gradient/tensor';
import { relu, zeroWhereNotPositive } from './branch-free';
import { addScaled, sumOfSquares } from './linalg';
import type { ModelLabels } from './model';
import type { TwoLayerLayout } from './two-layer-net';

/**
 * TwoLayerNet's forward and backward pass on raw arrays, for one batch size, with every buffer allocated
 * once: train() runs all its iterations through one of these. Both layouts compute the same products
 * through one kernel (gemmNT, out = a bᵀ); they differ only in which weight is transposed first.
 * Only W1's gradient needs the inputs, so the input gradient (the discarded dx of the layer version) is
 * never computed.
 */
export class TwoLayerPass {
  /** relu(X W1 + b1) of the last forward, [n, h]. */
  readonly hidden: Float64Array;
  /** Scores of the last forward, [n, c]. */
  readonly scores: Float64Array;
  /** The transpose of the last forward's X, [d, n]: the caller fills it before backward() (during forward()'s first product, say). */
  readonly xT: Float64Array;
  /** Gradients of the last backward(), with the params' names and shapes; overwritten by the next one. */
  readonly grads: Record<'W1' | 'b1' | 'W2' | 'b2', Tensor>;
  private readonly w1HD: Float64Array;
  private readonly w2Other: Float64Array;
  private readonly hiddenT: Float64Array;
  private readonly dscoresT: Float64Array;
  private readonly dhidden: Float64Array;
  private readonly dhiddenT: Float64Array;
  /** HD's W1 gradient as [d, h], transposed into grads.W1 (see backward). */
  private readonly w1GradDH: Float64Array;

  constructor(
    readonly layout: TwoLayerLayout,
    readonly n: number,
    readonly d: number,
    readonly h: number,
    readonly c: number,
    /** false for a pass that only runs forward(): no buffers for the backward pass. */
    withBackward = true,
  ) {
    this.hidden = new Float64Array(n * h);
    this.scores = new Float64Array(n * c);
    this.w1HD = new Float64Array(layout === 'DH' ? h * d : 0);
    this.w2Other = new Float64Array(c * h);
    const b = withBackward ? 1 : 0;
    this.xT = new Float64Array(b * n * d);
    this.hiddenT = new Float64Array(b * h * n);
    this.dscoresT = new Float64Array(b * c * n);
    this.dhidden = new Float64Array(b * n * h);
    this.dhiddenT = new Float64Array(b * h * n);
    this.w1GradDH = new Float64Array(layout === 'HD' ? b * d * h : 0);
    const hd = layout === 'HD';
    this.grads = {
      W1: tensor(new Float64Array(b * h * d), hd ? [b * h, d] : [b * d, h]),
      b1: tensor(new Float64Array(b * h), [b * h]),
      W2: tensor(new Float64Array(b * c * h), hd ? [b * c, h] : [b * h, c]),
      b2: tensor(new Float64Array(b * c), [b * c]),
    };
  }

  /**
   * x [n, d] row-major -> hidden and scores. `meanwhile` runs during the first product (see gemmNT): work
   * that must not write x or read hidden and scores.
   */
  forward(x: Float64Array, params: Record<string, Tensor>, meanwhile?: () => void): void {
    const { n, d, h, c, hidden, scores } = this;
    const W1 = contiguous(params.W1).data;
    const W2 = contiguous(params.W2).data;
    const b1 = contiguous(params.b1).data;
    const b2 = contiguous(params.b2).data;
    let w1 = W1;
    let w2 = W2;
    if (this.layout === 'DH') {
      transposeInto(W1, d, h, this.w1HD);
      transposeInto(W2, h, c, this.w2Other);
      w1 = this.w1HD;
      w2 = this.w2Other;
    }
    gemmNT(x, w1, hidden, n, h, d, meanwhile);
    for (let i = 0; i < n; i++) for (let j = 0; j < h; j++) hidden[i * h + j] = relu(hidden[i * h + j] + b1[j]);
    gemmNT(hidden, w2, scores, n, c, h);
    for (let i = 0; i < n; i++) for (let j = 0; j < c; j++) scores[i * c + j] += b2[j];
  }

  /**
   * After forward() and with xT filled: the softmax loss of the scores against y plus
   * 0.5 * reg * (||W1||² + ||W2||²); the gradients go to grads. `meanwhile` runs during W1's gradient
   * product (see gemmNT): work that touches neither the params nor this pass's buffers.
   */
  backward(y: ModelLabels, reg: number, params: Record<string, Tensor>, meanwhile?: () => void): number {
    const { n, d, h, c, hidden, dhidden, grads } = this;
    const hd = this.layout === 'HD';
    const W1 = contiguous(params.W1).data;
    const W2 = contiguous(params.W2).data;
    const [dataLoss, dscoresTensor] = softmaxLoss(tensor(this.scores, [n, c]), y);
    const ds = dscoresTensor.data;

    transposeInto(ds, n, c, this.dscoresT);
    transposeInto(hidden, n, h, this.hiddenT);
    if (hd) gemmNT(this.dscoresT, this.hiddenT, grads.W2.data, c, h, n);
    else gemmNT(this.hiddenT, this.dscoresT, grads.W2.data, h, c, n);
    columnSums(ds, n, c, grads.b2.data);

    // dhidden = dscores W2 [C, H]; gemmNT wants W2's transpose [H, C], which is the DH layout's W2
    let w2HC = W2;
    if (hd) {
      transposeInto(W2, c, h, this.w2Other);
      w2HC = this.w2Other;
    }
    gemmNT(ds, w2HC, dhidden, n, h, c);
    zeroWhereNotPositive(dhidden, hidden);
    columnSums(dhidden, n, h, grads.b1.data);
    transposeInto(dhidden, n, h, this.dhiddenT);
    // The regularization's share, which needs no product, runs while the second thread works on W1's.
    let squares = 0;
    const regularize = () => {
      squares = sumOfSquares(params.W1) + sumOfSquares(params.W2);
      if (reg !== 0) addScaled(grads.W2.data, W2, reg);
      meanwhile?.();
    };
    // Both layouts multiply with the big operand (xT, [d, n]) as a: each block of a's rows then passes over
    // the small b (dhiddenT, 80 kB), which stays in cache, instead of every block of dhiddenT streaming
    // xT's 1.25 MB (6-10 % faster on this product); HD transposes the [d, h] result, bitwise the same sums.
    if (hd) {
      gemmNT(this.xT, this.dhiddenT, this.w1GradDH, d, h, n, regularize);
      if (reg !== 0) transposeAddScaled(this.w1GradDH, d, h, W1, reg, grads.W1.data);
      else transposeInto(this.w1GradDH, d, h, grads.W1.data);
    } else {
      gemmNT(this.xT, this.dhiddenT, grads.W1.data, d, h, n, regularize);
      if (reg !== 0) addScaled(grads.W1.data, W1, reg);
    }
    return dataLoss + 0.5 * reg * squares;
  }
}

/**
 * dst [cols, rows] = the transpose of src [rows, cols] + reg * w [cols, rows]: transposeInto and addScaled
 * in one pass (the same two roundings per value), for HD's W1 gradient.
 */
function transposeAddScaled(src: Float64Array, rows: number, cols: number, w: Float64Array, reg: number, dst: Float64Array): void {
  let r = 0;
  for (; r + 4 <= rows; r += 4) {
    const s0 = r * cols;
    for (let c = 0; c < cols; c++) {
      const o = c * rows + r;
      dst[o] = src[s0 + c] + reg * w[o];
      dst[o + 1] = src[s0 + cols + c] + reg * w[o + 1];
      dst[o + 2] = src[s0 + 2 * cols + c] + reg * w[o + 2];
      dst[o + 3] = src[s0 + 3 * cols + c] + reg * w[o + 3];
    }
  }
  for (; r < rows; r++) for (let c = 0; c < cols; c++) dst[c * rows + r] = src[r * cols + c] + reg * w[c * rows + r];
}

/** out [m] = the column sums of x [n, m], each summed over the rows in order. */
function columnSums(x: Float64Array, n: number, m: number, out: Float64Array): void {
  out.fill(0);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) out[j] += x[i * m + j];
}
