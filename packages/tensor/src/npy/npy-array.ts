import { sizeOf, tensor, type Tensor } from '../core/tensor';
import type { NpyData, NpyDtype } from './dtype';
import type { NpyVersion } from './header';
import { NpyFormatError } from './npy-error';

/** Row-major multi-index of a flat C-order position, as "[i, j, k]". */
export function indexString(flat: number, shape: readonly number[]): string {
  const idx = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    idx[d] = flat % shape[d];
    flat = Math.floor(flat / shape[d]);
  }
  return `[${idx.join(', ')}]`;
}

/**
 * An array read from a .npy file: its dtype, shape and elements exactly as stored (host byte
 * order, always C order: Fortran-order files are transposed on reading), plus the header facts.
 */
export class NpyArray {
  constructor(
    readonly dtype: NpyDtype,
    readonly shape: readonly number[],
    /** The elements in C (row-major) order; `|b1` as 0/1 bytes, int64 as bigint. */
    readonly data: NpyData,
    /** The header's fortran_order flag (the file's layout; `data` is C order regardless). */
    readonly fortranOrder = false,
    readonly version: NpyVersion = '1.0',
    /** The path the array was read from, for messages. */
    readonly file?: string,
  ) {
    if (data.length !== sizeOf(shape)) {
      throw new NpyFormatError('E_NPY_VALUE', file, 'data', `${sizeOf(shape)} elements for shape (${shape.join(', ')})`, `${data.length} elements`);
    }
  }

  get size(): number {
    return this.data.length;
  }

  /**
   * The elements as a float64 Tensor. Float32, int32, int8, uint8 and bool convert exactly; int64
   * values beyond ±(2**53 - 1) throw (E_NPY_VALUE) instead of rounding. For float64 arrays the
   * tensor shares `data`.
   */
  toTensor(): Tensor {
    const { data } = this;
    if (data instanceof Float64Array) return tensor(data, this.shape);
    const out = new Float64Array(data.length);
    if (data instanceof BigInt64Array) {
      const limit = BigInt(Number.MAX_SAFE_INTEGER);
      for (let i = 0; i < data.length; i++) {
        const v = data[i];
        if (v > limit || v < -limit) {
          throw new NpyFormatError('E_NPY_VALUE', this.file, `data${indexString(i, this.shape)}`, 'an int64 within ±(2**53 - 1), exact in float64', `${v}`);
        }
        out[i] = Number(v);
      }
    } else {
      out.set(data);
    }
    return tensor(out, this.shape);
  }
}
