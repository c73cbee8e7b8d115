import { sizeOf } from '../core/tensor';
import { bytesToData, dtypeLayout, type NpyData } from './dtype';
import { parseHeader, readPreamble } from './header';
import { NpyArray } from './npy-array';
import { NpyFormatError } from './npy-error';

/**
 * The array in the bytes of an .npy file. `file` (the path, when there is one) goes into every
 * error. Bytes after the data are ignored, as NumPy ignores them.
 */
export function decodeNpy(bytes: Uint8Array, file?: string): NpyArray {
  const { version, headerText, dataOffset } = readPreamble(bytes, file);
  const { dtype, fortranOrder, shape } = parseHeader(headerText, file);
  const count = sizeOf(shape);
  const { itemSize, kind } = dtypeLayout(dtype);
  const needed = count * itemSize;
  const available = Math.max(0, bytes.length - dataOffset);
  if (available < needed) {
    throw new NpyFormatError('E_NPY_TRUNCATED', file, 'data', `${needed} bytes for shape (${shape.join(', ')}) of '${dtype}'`, `${available} bytes`);
  }
  let data = bytesToData(bytes.subarray(dataOffset), dtype, count);
  if (kind === 'b') normalizeBools(data as Uint8Array);
  if (fortranOrder && shape.length > 1) data = fortranToC(data, shape);
  return new NpyArray(dtype, shape, data, fortranOrder, version, file);
}

/** NumPy reads any nonzero byte of a bool array as True. */
function normalizeBools(bools: Uint8Array): void {
  for (let i = 0; i < bools.length; i++) bools[i] = bools[i] ? 1 : 0;
}

type Elements = { [index: number]: number | bigint };

/** Column-major elements of `shape` rearranged into row-major order. */
function fortranToC<T extends NpyData>(src: T, shape: readonly number[]): T {
  const out = new (src.constructor as new (n: number) => T)(src.length);
  const rank = shape.length;
  const fStride = new Array<number>(rank);
  for (let d = 0, s = 1; d < rank; d++) {
    fStride[d] = s;
    s *= shape[d];
  }
  const idx = new Array<number>(rank).fill(0);
  let from = 0;
  for (let to = 0; to < out.length; to++) {
    (out as Elements)[to] = (src as Elements)[from];
    for (let d = rank - 1; d >= 0; d--) {
      if (++idx[d] < shape[d]) {
        from += fStride[d];
        break;
      }
      from -= (shape[d] - 1) * fStride[d];
      idx[d] = 0;
    }
  }
  return out;
}
