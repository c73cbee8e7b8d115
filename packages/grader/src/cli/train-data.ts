// The data of `gradient train --data`: a built-in name or a folder, read through @gradient/datasets (whose
// errors name the file and what was expected) into float32 NHWC arrays scaled to 0..1. No tfjs here.
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  CIFAR10_TEST_FILE, readCifar10, readCourseSet, readFashionMnist, readMnist, type CifarSet, type ImageSet,
} from '@gradient/datasets';
import { UserError } from '../errors';

export interface ImageArrays {
  /** Scaled float32 values, or bytes that `divisor` scales (runTraining's ImageArrays). */
  pixels: Float32Array | Uint8Array;
  divisor?: number;
  labels: Int32Array;
  imageShape: readonly [number, number, number];
}

export interface TrainingData {
  /** What metrics.json records: the name, or the folder. */
  name: string;
  train: ImageArrays;
  test?: ImageArrays;
}

export const DATA_NAMES = ['mnist', 'fashion-mnist', 'cifar10'] as const;

export interface DataOptions {
  /** First N training images (all when undefined). */
  limit?: number;
  /** First N test images (all when undefined; 0 skips evaluation). */
  testLimit?: number;
  cifar10Dir?: string;
}

const take = (total: number, limit: number | undefined) => Math.min(total, limit ?? total);

function fromImageSet(set: ImageSet, limit: number | undefined): ImageArrays {
  const n = take(set.count, limit);
  const size = set.rows * set.cols;
  // the bytes themselves, scaled a batch at a time (the same float32 values, a quarter of the memory)
  return { pixels: set.pixels.subarray(0, n * size), divisor: 255, labels: Int32Array.from(set.labels.subarray(0, n)), imageShape: [set.rows, set.cols, 1] };
}

/** CIFAR-10 binary records are CHW; tfjs wants HWC. */
function fromCifar(set: CifarSet, limit: number | undefined): ImageArrays {
  const n = take(set.count, limit);
  const pixels = new Float32Array(n * 3072);
  for (let k = 0; k < n; k++) {
    for (let c = 0; c < 3; c++) {
      for (let p = 0; p < 1024; p++) pixels[k * 3072 + p * 3 + c] = set.pixels[k * 3072 + c * 1024 + p] / 255;
    }
  }
  return { pixels, labels: Int32Array.from(set.labels.subarray(0, n)), imageShape: [32, 32, 3] };
}

/**
 * A course .npy set: X of [N, H, W, C], [N, H, W] or [N, 784]. Values above 1 are taken as 0..255 pixels
 * and divided by 255 (the course ships uint8 X); values within 0..1 are kept.
 */
function fromCourseSet(dir: string, name: 'train' | 'public_test' | 'val', limit: number | undefined): ImageArrays {
  const set = readCourseSet(dir, name);
  const shape = set.X.shape;
  const file = join(dir, `${name}_X.npy`);
  const image: [number, number, number] | undefined =
    shape.length === 4 ? [shape[1], shape[2], shape[3]]
      : shape.length === 3 ? [shape[1], shape[2], 1]
        : shape.length === 2 && shape[1] === 784 ? [28, 28, 1] : undefined;
  if (!image) {
    throw new UserError({ code: 'E_DATA_SHAPE', file, message: 'images of unknown shape', expected: '[N, H, W, C], [N, H, W] or [N, 784]', actual: `[${shape.join(', ')}]` });
  }
  const n = take(set.count, limit);
  const size = image[0] * image[1] * image[2];
  const src = set.X.data.subarray(set.X.offset, set.X.offset + set.count * size);
  let max = 0;
  for (let i = 0; i < n * size; i++) if (src[i] > max) max = src[i];
  const scale = max > 1 ? 1 / 255 : 1;
  const pixels = new Float32Array(n * size);
  for (let i = 0; i < pixels.length; i++) pixels[i] = src[i] * scale;
  return { pixels, labels: Int32Array.from(set.y!.slice(0, n)), imageShape: image };
}

const isDir = (p: string) => existsSync(p) && statSync(p).isDirectory();

export function loadTrainingData(data: string, o: DataOptions = {}): TrainingData {
  const test = <T>(read: () => T, convert: (t: T) => ImageArrays): ImageArrays | undefined =>
    o.testLimit === 0 ? undefined : convert(read());
  if (data === 'mnist') {
    return { name: data, train: fromImageSet(readMnist('train'), o.limit), test: test(() => readMnist('test'), (s) => fromImageSet(s, o.testLimit)) };
  }
  if (data === 'fashion-mnist') {
    return {
      name: data, train: fromImageSet(readFashionMnist('train'), o.limit),
      test: test(() => readFashionMnist('test'), (s) => fromImageSet(s, o.testLimit)),
    };
  }
  if (data === 'cifar10') {
    const dir = o.cifar10Dir;
    return {
      name: data, train: fromCifar(readCifar10('train', { dir }), o.limit),
      test: test(() => readCifar10('test', { dir }), (s) => fromCifar(s, o.testLimit)),
    };
  }
  const dir = resolve(data);
  if (!isDir(dir)) {
    throw new UserError({
      code: 'E_DATA_MISSING', path: '--data', message: `unknown data set '${data}'`,
      expected: `${DATA_NAMES.join(', ')} or a folder (course .npy sets, CIFAR-10 binary batches, or MNIST-format IDX files)`,
      actual: 'neither a name nor a folder',
    });
  }
  if (existsSync(join(dir, 'train_X.npy'))) {
    const testName = existsSync(join(dir, 'public_test_X.npy')) ? 'public_test' : existsSync(join(dir, 'val_X.npy')) ? 'val' : undefined;
    return {
      name: dir, train: fromCourseSet(dir, 'train', o.limit),
      test: testName ? test(() => testName, (name) => fromCourseSet(dir, name, o.testLimit)) : undefined,
    };
  }
  if (existsSync(join(dir, CIFAR10_TEST_FILE)) || existsSync(join(dir, 'data_batch_1.bin')) || isDir(join(dir, 'cifar-10-batches-bin'))) {
    return {
      name: dir, train: fromCifar(readCifar10('train', { dir }), o.limit),
      test: test(() => readCifar10('test', { dir }), (s) => fromCifar(s, o.testLimit)),
    };
  }
  if (['train-images-idx3-ubyte', 'train-images-idx3-ubyte.gz'].some((f) => existsSync(join(dir, f)))) {
    return {
      name: dir, train: fromImageSet(readFashionMnist('train', { dir }), o.limit),
      test: test(() => readFashionMnist('test', { dir }), (s) => fromImageSet(s, o.testLimit)),
    };
  }
  throw new UserError({
    code: 'E_DATA_MISSING', file: dir, path: '--data', message: 'no data set in this folder',
    expected: 'train_X.npy + train_y.npy (course sets), data_batch_1.bin ... test_batch.bin (CIFAR-10), or train-images-idx3-ubyte (MNIST format)',
    actual: 'none of them',
  });
}
