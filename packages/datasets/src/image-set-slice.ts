import { tensor, type Tensor } from '@gradient/tensor';
import { DatasetError } from './errors';
import type { ImageSet } from './idx';

export interface LabeledSlice {
  /** [count, rows*cols] float64, pixel / 255 (the course's scaling; bit-identical to NumPy's X / 255.0). */
  X: Tensor;
  y: number[];
}

/** Rows from..from+count-1 of an image set; a range outside it is an E_RANGE error naming the set. */
export function imageSetSlice(set: ImageSet, from: number, count: number, name = set.file): LabeledSlice {
  if (!Number.isSafeInteger(from) || from < 0) {
    throw new DatasetError('E_RANGE', set.file, `${name} slice 'from'`, `an integer in 0..${set.count}`, String(from));
  }
  if (!Number.isSafeInteger(count) || count < 0 || from + count > set.count) {
    throw new DatasetError('E_RANGE', set.file, `${name} slice of ${count} from ${from}`, `rows within 0..${set.count - 1} (the split has ${set.count})`, `rows ${from}..${from + count - 1}`);
  }
  const size = set.rows * set.cols;
  const out = new Float64Array(count * size);
  const src = set.pixels.subarray(from * size, (from + count) * size);
  for (let i = 0; i < src.length; i++) out[i] = src[i] / 255;
  return { X: tensor(out, [count, size]), y: Array.from(set.labels.subarray(from, from + count)) };
}
