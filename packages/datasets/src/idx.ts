/**
 * The IDX format of the MNIST files (and Fashion-MNIST's): a big-endian header of two zero bytes, a type
 * byte (0x08 = unsigned byte, the only type those data sets use), the number of dimensions, then one
 * uint32 per dimension, then the elements. Images are magic 2051 (0x00000803, [count, rows, cols]),
 * labels are magic 2049 (0x00000801, [count]). Gzipped files (as the data sets are distributed) are read
 * too, recognized by their content.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { DatasetError } from './errors';

export const IDX_IMAGES_MAGIC = 2051;
export const IDX_LABELS_MAGIC = 2049;
const UBYTE = 0x08;

export interface IdxArray {
  magic: number;
  dims: number[];
  data: Uint8Array;
  file: string;
}

export interface ImageSet {
  /** count * rows * cols bytes, image after image, row-major. */
  pixels: Uint8Array;
  labels: Uint8Array;
  count: number;
  rows: number;
  cols: number;
  /** The images file. */
  file: string;
  labelsFile: string;
}

/** Reads and validates an IDX file; `expectMagic` (2051 or 2049) also pins the kind. */
export function readIdx(file: string, expectMagic?: number): IdxArray {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new DatasetError('E_DATA_MISSING', file, 'file', 'a readable IDX file', (e as NodeJS.ErrnoException).code ?? String(e));
  }
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch (e) {
      throw new DatasetError('E_IDX_TRUNCATED', file, 'gzip stream', 'a complete gzip file', (e as Error).message);
    }
  }
  return decodeIdx(bytes, file, expectMagic);
}

export function decodeIdx(bytes: Uint8Array, file: string, expectMagic?: number): IdxArray {
  if (bytes.length < 4) {
    throw new DatasetError('E_IDX_TRUNCATED', file, 'header', 'at least 4 bytes (the magic number)', `${bytes.length} bytes`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0, false);
  const wanted = expectMagic === undefined ? 'an IDX magic number 0x000008NN (unsigned bytes)' : `magic ${expectMagic} (0x${hex(expectMagic)})`;
  if (bytes[0] !== 0 || bytes[1] !== 0 || bytes[2] !== UBYTE || (expectMagic !== undefined && magic !== expectMagic)) {
    throw new DatasetError('E_IDX_MAGIC', file, 'magic number', wanted, `${magic} (0x${hex(magic)})`);
  }
  const ndims = bytes[3];
  if (ndims === 0) throw new DatasetError('E_IDX_MAGIC', file, 'number of dimensions', 'at least 1', '0');
  const headerBytes = 4 + 4 * ndims;
  if (bytes.length < headerBytes) {
    throw new DatasetError('E_IDX_TRUNCATED', file, 'header', `${headerBytes} bytes for ${ndims} dimensions`, `${bytes.length} bytes`);
  }
  const dims: number[] = [];
  for (let d = 0; d < ndims; d++) dims.push(view.getUint32(4 + 4 * d, false));
  const size = dims.reduce((a, b) => a * b, 1);
  const needed = headerBytes + size;
  if (bytes.length < needed) {
    throw new DatasetError('E_IDX_TRUNCATED', file, 'data', `${needed} bytes for dimensions [${dims.join(', ')}]`, `${bytes.length} bytes`);
  }
  if (bytes.length > needed) {
    throw new DatasetError('E_IDX_SIZE', file, 'data', `${needed} bytes for dimensions [${dims.join(', ')}]`, `${bytes.length} bytes (${bytes.length - needed} trailing)`);
  }
  return { magic, dims, data: bytes.subarray(headerBytes, needed), file };
}

/** Reads an images file and its labels file, checking kinds, equal counts and labels in 0..classes-1. */
export function readImageSet(imagesFile: string, labelsFile: string, classes = 10): ImageSet {
  const images = readIdx(imagesFile, IDX_IMAGES_MAGIC);
  const labels = readIdx(labelsFile, IDX_LABELS_MAGIC);
  if (images.dims.length !== 3) {
    throw new DatasetError('E_IDX_SIZE', imagesFile, 'dimensions', '3 ([count, rows, cols])', `${images.dims.length}`);
  }
  if (labels.dims.length !== 1) {
    throw new DatasetError('E_IDX_SIZE', labelsFile, 'dimensions', '1 ([count])', `${labels.dims.length}`);
  }
  const [count, rows, cols] = images.dims;
  if (labels.dims[0] !== count) {
    throw new DatasetError('E_COUNT_MISMATCH', labelsFile, 'label count', `${count} (the image count of ${imagesFile})`, `${labels.dims[0]}`);
  }
  const bad = labels.data.findIndex((v) => v >= classes);
  if (bad >= 0) {
    throw new DatasetError('E_LABEL_RANGE', labelsFile, `label ${bad}`, `0..${classes - 1}`, `${labels.data[bad]}`);
  }
  return { pixels: images.data, labels: labels.data, count, rows, cols, file: imagesFile, labelsFile };
}

function hex(n: number): string {
  return n.toString(16).padStart(8, '0');
}
