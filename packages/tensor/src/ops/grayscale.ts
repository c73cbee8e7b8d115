import { expectRank, expectShape } from '../core/checks';
import { TensorArgumentError } from '../core/errors';
import { clone, shapeString, type Tensor } from '../core/tensor';

/** ITU-R BT.601 Luma weights of the R, G, B input channels. */
export const LUMA_WEIGHTS = [0.299, 0.587, 0.114] as const;

/** The output channel grayscaleFilter overwrites (the second). */
export const GRAYSCALE_CHANNEL = 1;

/**
 * Filters whose output channel 1 computes the Luma 0.299 R + 0.587 G + 0.114 B of the pixel
 * under the filter centre; every other output channel is copied unchanged, w is not modified.
 * w: [FH, FW, 3, Cout] with FH, FW odd and Cout >= 2 -> [FH, FW, 3, Cout]
 * The centre is (floor(FH/2), floor(FW/2)); even filter sizes have no centre pixel and are
 * rejected. With pad = floor(F/2) and stride 1 the Luma image keeps the input's H and W.
 */
export function grayscaleFilter(w: Tensor): Tensor {
  const op = 'grayscaleFilter';
  const dims = ['FH', 'FW', 'Cin', 'Cout'];
  expectRank(op, 'w', w, 4, dims);
  expectShape(op, 'w', w, [null, null, 3, null], dims);
  const [FH, FW, C, Cout] = w.shape;
  if (Cout < 2) {
    throw new TensorArgumentError('E_SHAPE', op, 'w', 'at least 2 output channels (Cout >= 2; channel 1 becomes Luma)', `shape ${shapeString(w.shape)}`);
  }
  if (FH % 2 === 0 || FW % 2 === 0) {
    throw new TensorArgumentError('E_SHAPE', op, 'w', 'odd filter sizes FH and FW (an even filter has no centre pixel)', `shape ${shapeString(w.shape)}`);
  }
  const out = clone(w);
  const d = out.data;
  for (let i = GRAYSCALE_CHANNEL; i < d.length; i += Cout) d[i] = 0;
  const centre = (Math.floor(FH / 2) * FW + Math.floor(FW / 2)) * C;
  for (let c = 0; c < C; c++) d[(centre + c) * Cout + GRAYSCALE_CHANNEL] = LUMA_WEIGHTS[c];
  return out;
}
