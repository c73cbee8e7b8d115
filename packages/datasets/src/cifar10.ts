/**
 * CIFAR-10 in its binary distribution (cifar-10-binary.tar.gz -> cifar-10-batches-bin/): each record is
 * 1 label byte then 3072 pixel bytes, channel-major (1024 red, 1024 green, 1024 blue, each 32x32 row-major).
 * Training batches data_batch_1.bin ... data_batch_5.bin, test batch test_batch.bin, 10,000 records each.
 * The files cannot ship with the repo: an instructor puts them in a folder named by the `dir` option (the
 * CLI's flag) or the environment variable GRADIENT_CIFAR10_DIR.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tensor, type Tensor } from '@gradient/tensor';
import { DatasetError } from './errors';

export const CIFAR10_ENV = 'GRADIENT_CIFAR10_DIR';
export const CIFAR10_TRAIN_FILES = ['data_batch_1.bin', 'data_batch_2.bin', 'data_batch_3.bin', 'data_batch_4.bin', 'data_batch_5.bin'] as const;
export const CIFAR10_TEST_FILE = 'test_batch.bin';
export const CIFAR10_CLASSES = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'] as const;
export const CIFAR10_RECORD_BYTES = 1 + 3 * 32 * 32;

export type CifarSplit = 'train' | 'test';

export interface CifarSet {
  /** count * 3072 bytes, image after image, each CHW (3, 32, 32). */
  pixels: Uint8Array;
  labels: Uint8Array;
  count: number;
  /** The batch files read, in order. */
  files: string[];
}

export interface CifarOptions {
  /** The folder holding the .bin files (or its parent holding cifar-10-batches-bin/); else $GRADIENT_CIFAR10_DIR. */
  dir?: string;
}

/** The folder with the batch files: the option, else the environment variable; an error says how to set it. */
export function cifar10Dir(options: CifarOptions = {}): string {
  const given = options.dir ?? process.env[CIFAR10_ENV];
  if (given === undefined || given === '') {
    throw new DatasetError('E_DATA_MISSING', undefined, 'CIFAR-10 folder', `a folder with data_batch_1.bin ... test_batch.bin, given as the dir option (--cifar10-dir) or ${CIFAR10_ENV}`, 'neither set');
  }
  const dir = resolve(given);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new DatasetError('E_DATA_MISSING', dir, 'CIFAR-10 folder', 'an existing folder', 'no such folder');
  }
  const nested = join(dir, 'cifar-10-batches-bin');
  return !existsSync(join(dir, CIFAR10_TEST_FILE)) && existsSync(nested) ? nested : dir;
}

/** One batch file: whole records, labels 0..9. */
export function readCifar10Batch(file: string): CifarSet {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new DatasetError('E_DATA_MISSING', file, 'file', 'a CIFAR-10 binary batch', (e as NodeJS.ErrnoException).code ?? String(e));
  }
  if (bytes.length === 0 || bytes.length % CIFAR10_RECORD_BYTES !== 0) {
    const whole = Math.floor(bytes.length / CIFAR10_RECORD_BYTES);
    throw new DatasetError('E_CIFAR_SIZE', file, 'size', `a positive multiple of ${CIFAR10_RECORD_BYTES} bytes (1 label + 3072 pixels per image; 30730000 for a real batch)`, `${bytes.length} bytes (${whole} whole records and ${bytes.length % CIFAR10_RECORD_BYTES} bytes over)`);
  }
  const count = bytes.length / CIFAR10_RECORD_BYTES;
  const labels = new Uint8Array(count);
  const pixels = new Uint8Array(count * 3072);
  for (let i = 0; i < count; i++) {
    const at = i * CIFAR10_RECORD_BYTES;
    if (bytes[at] > 9) throw new DatasetError('E_LABEL_RANGE', file, `label of record ${i} (byte ${at})`, '0..9', `${bytes[at]}`);
    labels[i] = bytes[at];
    pixels.set(bytes.subarray(at + 1, at + CIFAR10_RECORD_BYTES), i * 3072);
  }
  return { pixels, labels, count, files: [file] };
}

/** The training batches (concatenated in order 1..5) or the test batch, from cifar10Dir(options). */
export function readCifar10(split: CifarSplit, options: CifarOptions = {}): CifarSet {
  const dir = cifar10Dir(options);
  const names = split === 'train' ? CIFAR10_TRAIN_FILES : split === 'test' ? [CIFAR10_TEST_FILE] : undefined;
  if (!names) throw new DatasetError('E_DATA_MISSING', dir, 'CIFAR-10 split', "'train' or 'test'", JSON.stringify(split));
  const missing = names.filter((n) => !existsSync(join(dir, n)));
  if (missing.length > 0) {
    throw new DatasetError('E_DATA_MISSING', dir, `CIFAR-10 ${split} files`, names.join(', '), `missing ${missing.join(', ')}`);
  }
  const batches = names.map((n) => readCifar10Batch(join(dir, n)));
  if (batches.length === 1) return batches[0];
  const count = batches.reduce((a, b) => a + b.count, 0);
  const pixels = new Uint8Array(count * 3072);
  const labels = new Uint8Array(count);
  let at = 0;
  for (const b of batches) {
    pixels.set(b.pixels, at * 3072);
    labels.set(b.labels, at);
    at += b.count;
  }
  return { pixels, labels, count, files: batches.flatMap((b) => b.files) };
}

/**
 * Images from..from+count-1 as pixel / 255: [count, 3, 32, 32] as stored (NCHW), or [count, 32, 32, 3]
 * (NHWC, the layout of tfjs and of the course's .npy sets).
 */
export function cifar10Slice(set: CifarSet, from: number, count: number, layout: 'NCHW' | 'NHWC' = 'NCHW'): { X: Tensor; y: number[] } {
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(count) || from < 0 || count < 0 || from + count > set.count) {
    throw new DatasetError('E_RANGE', set.files.join(', '), `CIFAR-10 slice of ${count} from ${from}`, `rows within 0..${set.count - 1} (the set has ${set.count})`, `rows ${from}..${from + count - 1}`);
  }
  const out = new Float64Array(count * 3072);
  const src = set.pixels.subarray(from * 3072, (from + count) * 3072);
  if (layout === 'NCHW') {
    for (let i = 0; i < src.length; i++) out[i] = src[i] / 255;
  } else {
    for (let n = 0; n < count; n++) {
      for (let c = 0; c < 3; c++) {
        for (let p = 0; p < 1024; p++) out[n * 3072 + p * 3 + c] = src[n * 3072 + c * 1024 + p] / 255;
      }
    }
  }
  const shape = layout === 'NCHW' ? [count, 3, 32, 32] : [count, 32, 32, 3];
  return { X: tensor(out, shape), y: Array.from(set.labels.subarray(from, from + count)) };
}
