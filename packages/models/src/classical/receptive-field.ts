/*
 * Receptive field of a stack of conv/pool layers: the side of the input window that one output unit
 * of the last layer depends on, and the jump (the distance in input pixels between two neighbouring
 * output units). With r_0 = 1, j_0 = 1 and each layer's kernel k and stride s:
 *   r_l = r_{l-1} + (k - 1) * j_{l-1},   j_l = j_{l-1} * s.
 * Padding moves the window but does not change its size. Batchnorm is elementwise (k = s = 1).
 * A dense or flatten layer sees the whole input, so it has no receptive field of its own and is refused.
 */
import type { LayerSpec } from './layer-counts';

export interface ReceptiveField {
  /** Side of the square input window one output unit sees. */
  size: number;
  /** Input pixels between neighbouring output units (the product of the strides). */
  jump: number;
}

function positiveInteger(op: string, name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new RangeError(`${op}: ${name} must be an integer >= 1, got ${String(v)}`);
  return v;
}

export function receptiveField(layers: readonly LayerSpec[]): ReceptiveField {
  const op = 'receptiveField';
  let size = 1;
  let jump = 1;
  layers.forEach((layer, i) => {
    let k: number;
    let s: number;
    switch (layer.type) {
      case 'conv':
        k = positiveInteger(op, `layers[${i}].kernel`, layer.kernel);
        s = positiveInteger(op, `layers[${i}].stride`, layer.stride ?? 1);
        break;
      case 'pool':
        k = positiveInteger(op, `layers[${i}].size`, layer.size);
        s = positiveInteger(op, `layers[${i}].stride`, layer.stride ?? layer.size);
        break;
      case 'batchnorm':
        return;
      default:
        throw new RangeError(`${op}: layers[${i}] is a ${layer.type} layer, which sees the whole input (only conv, pool and batchnorm have a receptive field)`);
    }
    size += (k - 1) * jump;
    jump *= s;
  });
  return { size, jump };
}
