import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DatasetError } from './errors';
import { FASHION_MNIST_ENV, fashionMnistSlice, readFashionMnist } from './fashion-mnist';
import { IDX_IMAGES_MAGIC, IDX_LABELS_MAGIC, readIdx } from './idx';
import { idxBytes, tempDir, writeTemp } from './testing/idx-files';

const pixels = (n: number) => Array.from({ length: n * 784 }, (_, i) => (i * 3) % 256);

// Genuine layout and names, three training images gzipped as distributed, two test images plain.
const dir = tempDir('gradient-fashion-');
writeTemp(dir, 'train-images-idx3-ubyte.gz', gzipSync(idxBytes(IDX_IMAGES_MAGIC, [3, 28, 28], pixels(3))));
writeTemp(dir, 'train-labels-idx1-ubyte.gz', gzipSync(idxBytes(IDX_LABELS_MAGIC, [3], [9, 0, 0])));
writeTemp(dir, 't10k-images-idx3-ubyte', idxBytes(IDX_IMAGES_MAGIC, [2, 28, 28], pixels(2)));
writeTemp(dir, 't10k-labels-idx1-ubyte', idxBytes(IDX_LABELS_MAGIC, [2], [9, 2]));

const clearEnv = () => {
  delete process.env[FASHION_MNIST_ENV];
};
beforeEach(clearEnv);
afterEach(clearEnv);

describe('Fashion-MNIST from an instructor folder', () => {
  it('reads gzipped and plain IDX files through the same reader', () => {
    const train = readFashionMnist('train', { dir });
    expect([train.count, train.rows, train.cols, ...train.labels]).toEqual([3, 28, 28, 9, 0, 0]);
    expect(train.pixels[784 + 5]).toBe(((784 + 5) * 3) % 256);
    process.env[FASHION_MNIST_ENV] = dir;
    const { X, y } = fashionMnistSlice('test', 1, 1);
    expect(X.shape).toEqual([1, 784]);
    expect(y).toEqual([2]);
    expect(X.data[0]).toBe(((784 * 3) % 256) / 255);
  });

  it('names a missing folder setting, a missing file, a wrong image size and a cut gzip file', () => {
    expect(() => readFashionMnist('train')).toThrow(FASHION_MNIST_ENV);
    const partial = tempDir('gradient-fashion-partial-');
    writeTemp(partial, 't10k-images-idx3-ubyte', idxBytes(IDX_IMAGES_MAGIC, [1, 2, 2], [1, 2, 3, 4]));
    expect(() => readFashionMnist('test', { dir: partial })).toThrow('t10k-labels-idx1-ubyte or t10k-labels-idx1-ubyte.gz');
    writeTemp(partial, 't10k-labels-idx1-ubyte', idxBytes(IDX_LABELS_MAGIC, [1], [1]));
    expect(() => readFashionMnist('test', { dir: partial })).toThrow('expected 28x28, found 2x2');
    const gz = gzipSync(idxBytes(IDX_LABELS_MAGIC, [3], [1, 2, 3]));
    const cut = writeTemp(partial, 'cut.gz', gz.subarray(0, gz.length - 12));
    const e = (() => {
      try {
        readIdx(cut);
      } catch (err) {
        return err;
      }
    })();
    expect(e).toBeInstanceOf(DatasetError);
    expect((e as DatasetError).code).toBe('E_IDX_TRUNCATED');
  });
});
