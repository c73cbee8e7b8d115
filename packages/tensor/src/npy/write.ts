import { expectTensor } from '../core/checks';
import { contiguous, type Tensor } from '../core/tensor';
import { NPY_DTYPES, dataToBytes, dtypeLayout, normalizeDtype, type NpyData, type NpyDtype } from './dtype';
import { formatHeader, frameHeader } from './header';
import { NpyArray, indexString } from './npy-array';
import { NpyFormatError } from './npy-error';

/** What writeNpy accepts: a float64 Tensor of any strides, or an array read by readNpy. */
export type NpyWritable = Tensor | NpyArray;

/**
 * The bytes of an .npy file holding `array` in C order, byte-identical to NumPy's np.save of the
 * same array with that dtype (version 1.0 header unless it would exceed 65535 bytes).
 * `dtype` defaults to '<f8' for a Tensor and to the array's own dtype for an NpyArray. Values the
 * dtype cannot hold exactly (a non-integer or out-of-range value for an integer dtype, anything but
 * 0/1 for '|b1') throw E_NPY_VALUE naming the index; '<f4' rounds to nearest like NumPy's astype.
 */
export function writeNpy(array: NpyWritable, dtype?: NpyDtype | string, file?: string): Uint8Array {
  const target = resolveDtype(dtype ?? (array instanceof NpyArray ? array.dtype : '<f8'), file);
  const data = array instanceof NpyArray ? npyArrayData(array, target, file) : tensorData(array, target, file);
  const shape = array.shape;
  const header = frameHeader(formatHeader({ dtype: target, fortranOrder: false, shape })).bytes;
  const body = dataToBytes(data, target);
  const out = new Uint8Array(header.length + body.length);
  out.set(header, 0);
  out.set(body, header.length);
  return out;
}

function resolveDtype(dtype: string, file: string | undefined): NpyDtype {
  const resolved = typeof dtype === 'string' ? normalizeDtype(dtype) : undefined;
  if (resolved === undefined) {
    throw new NpyFormatError('E_NPY_DTYPE', file, 'dtype', `one of ${NPY_DTYPES.map((d) => `'${d}'`).join(', ')}`, typeof dtype === 'string' ? `'${dtype}'` : String(dtype));
  }
  return resolved;
}

function npyArrayData(array: NpyArray, target: NpyDtype, file: string | undefined): NpyData {
  const from = dtypeLayout(array.dtype);
  const to = dtypeLayout(target);
  if (from.kind === to.kind && from.itemSize === to.itemSize) return array.data;
  return fromFloat64(array.toTensor().data, array.shape, target, file);
}

function tensorData(x: Tensor, target: NpyDtype, file: string | undefined): NpyData {
  expectTensor('writeNpy', 'array', x);
  return fromFloat64(contiguous(x).data, x.shape, target, file);
}

/** Values each integer dtype holds: [lowest, one past the highest] and how to say it. */
const INTEGER_RANGES: Partial<Record<NpyDtype, { lo: number; end: number; text: string }>> = {
  '<i8': { lo: -(2 ** 63), end: 2 ** 63, text: "an integer in [-2**63, 2**63 - 1] for 'DT'" },
  '<i4': { lo: -(2 ** 31), end: 2 ** 31, text: "an integer in [-2147483648, 2147483647] for 'DT'" },
  '|i1': { lo: -128, end: 128, text: "an integer in [-128, 127] for 'DT'" },
  '|u1': { lo: 0, end: 256, text: "an integer in [0, 255] for 'DT'" },
  '|b1': { lo: 0, end: 2, text: "0 or 1 for 'DT'" },
};

/** C-order float64 values as `target`'s typed array, refusing values it cannot hold exactly. */
function fromFloat64(values: Float64Array, shape: readonly number[], target: NpyDtype, file: string | undefined): NpyData {
  const { kind, itemSize, create } = dtypeLayout(target);
  if (kind === 'f') return itemSize === 8 ? values : Float32Array.from(values);
  const range = INTEGER_RANGES[target.replace('>', '<') as NpyDtype]!;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!(Number.isInteger(v) && v >= range.lo && v < range.end)) {
      throw new NpyFormatError('E_NPY_VALUE', file, `array${indexString(i, shape)}`, range.text.replace('DT', target), String(v));
    }
  }
  const out = create(values.length);
  if (out instanceof BigInt64Array) for (let i = 0; i < values.length; i++) out[i] = BigInt(values[i]);
  else out.set(values);
  return out;
}
