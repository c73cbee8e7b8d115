// Real CIFAR-10 in the course's .npy layout, for an instructor who has the binary batches
// (cifar-10-batches-bin/, read by @gradient/datasets from the dir option or GRADIENT_CIFAR10_DIR):
// train_X/train_y from the training batches minus their last `val` images, val_X/val_y those last images,
// public_test_X/public_test_y the first `publicTest` images of test_batch.bin and private_test_X the rest,
// whose labels (private_test_y.npy) go to a folder of their own, kept from students.
// X is uint8 NHWC (N, 32, 32, 3) (the binaries store each image CHW), y uint8 (N,).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { readCifar10, type CifarSet } from '@gradient/datasets';
import { NpyArray, writeNpyFile } from '@gradient/tensor';

export interface Cifar10NpyOptions {
  /** The binary batches' folder; else GRADIENT_CIFAR10_DIR. */
  dir?: string;
  /** Where train/val/public_test files and private_test_X.npy go. */
  out: string;
  /** Where private_test_y.npy goes. */
  hiddenOut: string;
  /** Images held out of the training batches as the dev set (default 5000). */
  val?: number;
  /** Images of the test batch whose labels students get (default 5000); the rest are the private test set. */
  publicTest?: number;
}

/** Rows [from, from + count) of a CIFAR set as course arrays: X NHWC uint8, y uint8. */
function rows(set: CifarSet, from: number, count: number): { X: NpyArray; y: NpyArray } {
  const X = new Uint8Array(count * 3072);
  for (let n = 0; n < count; n++) {
    const src = (from + n) * 3072;
    for (let c = 0; c < 3; c++) for (let p = 0; p < 1024; p++) X[n * 3072 + p * 3 + c] = set.pixels[src + c * 1024 + p];
  }
  return { X: new NpyArray('|u1', [count, 32, 32, 3], X), y: new NpyArray('|u1', [count], set.labels.slice(from, from + count)) };
}

/** Writes the course's seven files; returns each set's image count. */
export function writeCifar10Npy(o: Cifar10NpyOptions): Record<'train' | 'val' | 'public_test' | 'private_test', number> {
  const train = readCifar10('train', { dir: o.dir });
  const test = readCifar10('test', { dir: o.dir });
  const val = o.val ?? 5000;
  const publicTest = o.publicTest ?? 5000;
  if (!(Number.isInteger(val) && val >= 1 && val < train.count)) throw new Error(`val: expected 1..${train.count - 1} images held out of ${train.count}, got ${val}`);
  if (!(Number.isInteger(publicTest) && publicTest >= 1 && publicTest < test.count)) throw new Error(`publicTest: expected 1..${test.count - 1} of the ${test.count} test images, got ${publicTest}`);
  mkdirSync(o.out, { recursive: true });
  mkdirSync(o.hiddenOut, { recursive: true });
  const sets = {
    train: rows(train, 0, train.count - val),
    val: rows(train, train.count - val, val),
    public_test: rows(test, 0, publicTest),
    private_test: rows(test, publicTest, test.count - publicTest),
  };
  for (const [name, s] of Object.entries(sets)) {
    writeNpyFile(join(o.out, `${name}_X.npy`), s.X);
    writeNpyFile(join(name === 'private_test' ? o.hiddenOut : o.out, `${name}_y.npy`), s.y);
  }
  return { train: train.count - val, val, public_test: publicTest, private_test: test.count - publicTest };
}
