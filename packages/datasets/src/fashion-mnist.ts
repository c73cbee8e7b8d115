/**
 * Fashion-MNIST (Zalando, MIT): the same IDX format and file names as MNIST (train-images-idx3-ubyte, ...,
 * gzipped or not), read through the same validating reader. No npm package ships it in that form (see
 * README.md for why `fashion-mnist` from npm does not fit), so an instructor puts the four files in a folder
 * named by the `dir` option or the environment variable GRADIENT_FASHION_MNIST_DIR.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DatasetError } from './errors';
import { readImageSet, type ImageSet } from './idx';
import { imageSetSlice, type LabeledSlice } from './image-set-slice';
import type { MnistSplit } from './mnist';

export const FASHION_MNIST_ENV = 'GRADIENT_FASHION_MNIST_DIR';
export const FASHION_MNIST_CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'] as const;

const NAMES: Record<MnistSplit, { images: string; labels: string }> = {
  train: { images: 'train-images-idx3-ubyte', labels: 'train-labels-idx1-ubyte' },
  test: { images: 't10k-images-idx3-ubyte', labels: 't10k-labels-idx1-ubyte' },
};

export interface FashionMnistOptions {
  /** The folder with the IDX files; else $GRADIENT_FASHION_MNIST_DIR. */
  dir?: string;
}

/** A split's images and labels (60,000 / 10,000 in the real files; 28x28 is checked, the count is not). */
export function readFashionMnist(split: MnistSplit, options: FashionMnistOptions = {}): ImageSet {
  const given = options.dir ?? process.env[FASHION_MNIST_ENV];
  if (given === undefined || given === '') {
    throw new DatasetError('E_DATA_MISSING', undefined, 'Fashion-MNIST folder', `a folder with the IDX files, given as the dir option or ${FASHION_MNIST_ENV}`, 'neither set');
  }
  const dir = resolve(given);
  const names = (NAMES as Record<string, (typeof NAMES)[MnistSplit] | undefined>)[split];
  if (!names) throw new DatasetError('E_DATA_MISSING', dir, 'Fashion-MNIST split', "'train' or 'test'", JSON.stringify(split));
  const set = readImageSet(locate(dir, names.images), locate(dir, names.labels), 10);
  if (set.rows !== 28 || set.cols !== 28) {
    throw new DatasetError('E_IDX_SIZE', set.file, 'image size', '28x28', `${set.rows}x${set.cols}`);
  }
  return set;
}

export function fashionMnistSlice(split: MnistSplit, from: number, count: number, options: FashionMnistOptions = {}): LabeledSlice {
  return imageSetSlice(readFashionMnist(split, options), from, count, `fashion-mnist ${split}`);
}

function locate(dir: string, name: string): string {
  for (const candidate of [name, `${name}.gz`]) {
    if (existsSync(join(dir, candidate))) return join(dir, candidate);
  }
  throw new DatasetError('E_DATA_MISSING', dir, name, `${name} or ${name}.gz in the folder`, 'neither');
}
