import type { WireTensor, WireValue } from '../protocol';
import { BadReturn } from './bad-return';
import { builtinTag, F64, isArray, isInteger, isView, objectPrototype, ownKeys, protoOf, sliceText } from './intrinsics';

const MAX_DEPTH = 32;
export const MAX_DIMS = 32;
/** Object keys are named in messages (`f(...).loss`) up to this length. */
const MAX_KEY_CHARS = 60;
const MAX_TENSOR_SIZE = 64 * 1024 * 1024;

interface NdArrayLike {
  data: unknown;
  shape: unknown;
  stride: unknown;
  offset: unknown;
}

/** An ndarray from any copy of the library: shape, stride, offset and data, read by value. */
export function isTensorLike(v: unknown): v is NdArrayLike {
  if (v === null || typeof v !== 'object') return false;
  const t = v as NdArrayLike;
  return isArray(t.shape) && isArray(t.stride) && typeof t.offset === 'number' && typeof t.data === 'object' && t.data !== null;
}

/** Converts what the student returned to wire values; throws BadReturn naming the part at fault. */
export function toWire(value: unknown, where: string, depth = 0): WireValue {
  if (depth > MAX_DEPTH) throw new BadReturn(`${where} is nested more than ${MAX_DEPTH} levels deep (a cycle?)`);
  switch (typeof value) {
    case 'number':
    case 'string':
    case 'boolean':
      return value;
    case 'undefined':
      throw new BadReturn(`${where} is undefined (a missing return?)`);
    case 'function':
      throw new BadReturn(`${where} is a function; return tensors, numbers, or arrays and objects of them`);
    case 'bigint':
    case 'symbol':
      throw new BadReturn(`${where} is a ${typeof value}; return tensors, numbers, or arrays and objects of them`);
  }
  if (value === null) return null;
  if (isTensorLike(value)) return tensorToWire(value, where);
  if (isView(value)) throw new BadReturn(`${where} is a bare ${builtinTag(value)}; return an ndarray (ndarray(data, shape)) so it has a shape`);
  if (isArray(value)) {
    const out: WireValue[] = [];
    for (let i = 0; i < value.length; i++) out[i] = toWire(value[i], `${where}[${i}]`, depth + 1);
    return out;
  }
  const proto = protoOf(value);
  if (proto !== objectPrototype && proto !== null) {
    throw new BadReturn(`${where} is a ${builtinTag(value)} object; return tensors, numbers, or arrays and plain objects of them`);
  }
  const out: { [key: string]: WireValue } = {};
  const keys = ownKeys(value as object);
  for (let i = 0; i < keys.length; i++) out[keys[i]] = toWire((value as Record<string, unknown>)[keys[i]], `${where}.${keyName(keys[i])}`, depth + 1);
  return out;
}

function keyName(key: string): string {
  return key.length > MAX_KEY_CHARS ? `${sliceText(key, 0, MAX_KEY_CHARS)}…` : key;
}

/** Copies an ndarray (any strides, any element array) into a C-ordered Float64Array. */
export function tensorToWire(t: NdArrayLike, where: string): WireTensor {
  const shape = readIntegers(t.shape, `${where}.shape`, 0);
  const stride = readIntegers(t.stride, `${where}.stride`, -Infinity);
  const offset = t.offset as number;
  if (stride.length !== shape.length) throw new BadReturn(`${where} has ${shape.length} dimensions but ${stride.length} strides`);
  if (!isInteger(offset)) throw new BadReturn(`${where}.offset is ${offset}, not an integer`);
  let size = 1;
  for (let d = 0; d < shape.length; d++) size *= shape[d];
  if (size > MAX_TENSOR_SIZE) throw new BadReturn(`${where} has ${size} entries, more than the ${MAX_TENSOR_SIZE} a result may have`);

  const data = t.data as ArrayLike<unknown>;
  const dtype = elementType(data, where);
  const out = new F64(size);
  const index: number[] = [];
  for (let d = 0; d < shape.length; d++) index[d] = 0;
  let at = offset;
  for (let i = 0; i < size; i++) {
    const v = data[at];
    if (typeof v !== 'number') {
      throw new BadReturn(`${where} entry ${i} (data[${at}]) is ${v === undefined ? 'missing: shape, stride and offset do not fit the data' : `a ${typeof v}, not a number`}`);
    }
    out[i] = v;
    // odometer over the multi-index, last axis fastest
    for (let d = shape.length - 1; d >= 0; d--) {
      index[d]++;
      at += stride[d];
      if (index[d] < shape[d]) break;
      at -= stride[d] * shape[d];
      index[d] = 0;
    }
  }
  return dtype === 'float64' ? { $tensor: true, shape, data: out } : { $tensor: true, shape, data: out, dtype };
}

/** wire dtype by typed-array name (no string methods: student code may have replaced them). */
const DTYPES: Record<string, string | undefined> = {
  __proto__: null,
  Float64Array: 'float64',
  Float32Array: 'float32',
  Int8Array: 'int8',
  Int16Array: 'int16',
  Int32Array: 'int32',
  Uint8Array: 'uint8',
  Uint16Array: 'uint16',
  Uint32Array: 'uint32',
  Uint8ClampedArray: 'uint8clamped',
  BigInt64Array: 'bigint64',
  BigUint64Array: 'biguint64',
} as unknown as Record<string, string | undefined>;

function elementType(data: unknown, where: string): string {
  if (isArray(data)) return 'array';
  const tag = builtinTag(data);
  const dtype = isView(data) ? DTYPES[tag] : undefined;
  if (dtype !== undefined) return dtype;
  throw new BadReturn(`${where}.data is a ${tag}, not an array of numbers`);
}

function describeEntry(n: unknown): string {
  return typeof n === 'number' ? String(n) : `a ${typeof n}`;
}

function readIntegers(v: unknown, where: string, least: number): number[] {
  const list = v as unknown[];
  if (list.length > MAX_DIMS) throw new BadReturn(`${where} has ${list.length} entries; at most ${MAX_DIMS} dimensions are supported`);
  const out: number[] = [];
  for (let i = 0; i < list.length; i++) {
    const n = list[i];
    if (typeof n !== 'number' || !isInteger(n) || n < least) throw new BadReturn(`${where}[${i}] is ${describeEntry(n)}, not ${least === 0 ? 'a non-negative integer' : 'an integer'}`);
    out[i] = n;
  }
  return out;
}
