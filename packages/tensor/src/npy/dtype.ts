/** The NumPy dtypes this package reads and writes, named by their .npy header descr. */
export const NPY_DTYPES = ['<f8', '>f8', '<f4', '>f4', '<i8', '>i8', '<i4', '>i4', '|u1', '|i1', '|b1'] as const;
export type NpyDtype = (typeof NPY_DTYPES)[number];

/** Elements of an .npy array in host byte order; `|b1` is a Uint8Array of 0/1. */
export type NpyData = Float64Array | Float32Array | BigInt64Array | Int32Array | Uint8Array | Int8Array;

export interface DtypeLayout {
  readonly kind: 'f' | 'i' | 'u' | 'b';
  readonly itemSize: 1 | 4 | 8;
  /** Byte order in the file; meaningless (true) for one-byte types. */
  readonly littleEndian: boolean;
  /** A typed array of n elements, in host byte order, over `buffer` when given. */
  create(n: number, buffer?: ArrayBuffer): NpyData;
}

type DataConstructor = {
  new (n: number): NpyData;
  new (buffer: ArrayBuffer): NpyData;
};

function layout(kind: DtypeLayout['kind'], itemSize: DtypeLayout['itemSize'], littleEndian: boolean, ctor: DataConstructor): DtypeLayout {
  return { kind, itemSize, littleEndian, create: (n, buffer) => (buffer ? new ctor(buffer) : new ctor(n)) };
}

const LAYOUTS: Record<NpyDtype, DtypeLayout> = {
  '<f8': layout('f', 8, true, Float64Array),
  '>f8': layout('f', 8, false, Float64Array),
  '<f4': layout('f', 4, true, Float32Array),
  '>f4': layout('f', 4, false, Float32Array),
  '<i8': layout('i', 8, true, BigInt64Array),
  '>i8': layout('i', 8, false, BigInt64Array),
  '<i4': layout('i', 4, true, Int32Array),
  '>i4': layout('i', 4, false, Int32Array),
  '|u1': layout('u', 1, true, Uint8Array),
  '|i1': layout('i', 1, true, Int8Array),
  '|b1': layout('b', 1, true, Uint8Array),
};

export function dtypeLayout(dtype: NpyDtype): DtypeLayout {
  return LAYOUTS[dtype];
}

/**
 * The supported dtype a descr names, or undefined. One-byte types may carry any byte-order
 * character ('<u1', '>u1' and '|u1' are one dtype; NumPy itself writes '|u1').
 */
export function normalizeDtype(descr: string): NpyDtype | undefined {
  if ((NPY_DTYPES as readonly string[]).includes(descr)) return descr as NpyDtype;
  const oneByte = /^[<>|]([uib]1)$/.exec(descr);
  return oneByte ? (`|${oneByte[1]}` as NpyDtype) : undefined;
}

const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function swapInPlace(bytes: Uint8Array, itemSize: number): void {
  for (let start = 0; start < bytes.length; start += itemSize) {
    for (let lo = start, hi = start + itemSize - 1; lo < hi; lo++, hi--) {
      const b = bytes[lo];
      bytes[lo] = bytes[hi];
      bytes[hi] = b;
    }
  }
}

/** A copy in a new ArrayBuffer of its own (a Node Buffer's slice() would share the pool). */
function freshCopy(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  return copy;
}

/** `count` elements of `dtype` from the start of `bytes` (file byte order) as a fresh host-order typed array. */
export function bytesToData(bytes: Uint8Array, dtype: NpyDtype, count: number): NpyData {
  const { itemSize, littleEndian, create } = LAYOUTS[dtype];
  const copy = freshCopy(bytes.subarray(0, count * itemSize));
  if (itemSize > 1 && littleEndian !== HOST_LITTLE_ENDIAN) swapInPlace(copy, itemSize);
  return create(count, copy.buffer);
}

/** The bytes of host-order `data` as `dtype` stores them in a file; `data` must be of dtype's array type. */
export function dataToBytes(data: NpyData, dtype: NpyDtype): Uint8Array {
  const { itemSize, littleEndian } = LAYOUTS[dtype];
  const copy = freshCopy(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  if (itemSize > 1 && littleEndian !== HOST_LITTLE_ENDIAN) swapInPlace(copy, itemSize);
  return copy;
}
