/**
 * NumPy .npy files: read (format 1.0, 2.0, 3.0; C or Fortran order; the dtypes in NPY_DTYPES,
 * either byte order) and write (C order, byte-identical to np.save). Errors are NpyFormatError.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { NpyDtype } from './dtype';
import type { NpyArray } from './npy-array';
import { decodeNpy } from './read';
import { writeNpy, type NpyWritable } from './write';

export { NPY_DTYPES, type NpyData, type NpyDtype } from './dtype';
export type { NpyHeader, NpyVersion } from './header';
export { NpyArray } from './npy-array';
export { NpyFormatError, type NpyErrorCode } from './npy-error';
export { writeNpy, type NpyWritable } from './write';

/** The array in an .npy file's bytes, or in the file at a path (named in every error). */
export function readNpy(bufferOrPath: Uint8Array | string): NpyArray {
  return typeof bufferOrPath === 'string' ? readNpyFile(bufferOrPath) : decodeNpy(bufferOrPath);
}

export function readNpyFile(path: string): NpyArray {
  return decodeNpy(readFileSync(path), path);
}

/** Writes `array` as an .npy file (see writeNpy); conversion errors name the path. */
export function writeNpyFile(path: string, array: NpyWritable, dtype?: NpyDtype | string): void {
  writeFileSync(path, writeNpy(array, dtype, path));
}
